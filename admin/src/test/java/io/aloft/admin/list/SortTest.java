package io.aloft.admin.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.admin.Common;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sort handling (flyteadmin/pkg/common/sorting.go NewSortParameter). */
class SortTest {
  private static final FieldCatalog EX = Catalogs.EXECUTIONS;
  private static final Sort DEFAULT = Sort.by(EX, "created_at", Sort.Direction.DESCENDING);

  private static Common.Sort proto(String key, Common.Sort.Direction direction) {
    return Common.Sort.newBuilder().setKey(key).setDirection(direction).build();
  }

  @Test
  void absentSortUsesTheCallersDefault() {
    assertThat(Sort.from(null, EX, DEFAULT)).isEqualTo(DEFAULT);
    assertThat(DEFAULT.orderBy()).isEqualTo("ORDER BY e.created_at DESC, e.id DESC");
  }

  @Test
  void emptyKeyCountsAsAbsent() {
    // Guards callers passing request.getSortBy() without hasSortBy(); no client sends a Sort with key "".
    assertThat(Sort.from(Common.Sort.getDefaultInstance(), EX, DEFAULT)).isEqualTo(DEFAULT);
  }

  @Test
  void flytekitSyncSortsCreatedAtAscending() {
    // flytekit sync_execution: ListNodeExecutions/ListTaskExecutions with Sort(created_at, ASCENDING)
    Sort s = Sort.from(proto("created_at", Common.Sort.Direction.ASCENDING), EX, DEFAULT);
    assertThat(s.orderBy()).isEqualTo("ORDER BY e.created_at ASC, e.id ASC");
  }

  @Test
  void flytectlDefaultSortIsCreatedAtDescending() {
    // flytectl buildSortingRequest: key created_at, DESCENDING unless --filter.asc
    Sort s = Sort.from(proto("created_at", Common.Sort.Direction.DESCENDING), EX, null);
    assertThat(s).isEqualTo(new Sort("created_at", "e.created_at", Sort.Direction.DESCENDING, "e.id"));
  }

  @Test
  void unsetDirectionIsDescending() {
    Sort s = Sort.from(Common.Sort.newBuilder().setKey("name").build(), EX, DEFAULT);
    assertThat(s.orderBy()).isEqualTo("ORDER BY e.name DESC, e.id DESC");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nope", "execution.created_at", "Created_at", "created_at DESC", "e.created_at",
      "created_at; DROP TABLE executions", "1"})
  void unknownKeysAreRefusedByName(String key) {
    assertThatThrownBy(() -> Sort.from(proto(key, Common.Sort.Direction.ASCENDING), EX, DEFAULT))
        .isInstanceOf(ListRequestException.class)
        .hasMessage("invalid sort key '" + key + "'");
  }

  @Test
  void joinedFieldsAreNotSortKeys() {
    // FlyteAdmin checks sort keys against the primary model's columns only.
    assertThatThrownBy(() -> Sort.from(proto("name", Common.Sort.Direction.ASCENDING), Catalogs.NODE_EXECUTIONS,
        null)).isInstanceOf(ListRequestException.class);
    assertThat(Sort.from(proto("phase", Common.Sort.Direction.ASCENDING), Catalogs.NODE_EXECUTIONS, null)
        .column()).isEqualTo("n.phase");
  }

  @Test
  void unknownDirectionIsRefused() {
    Common.Sort s = Common.Sort.newBuilder().setKey("name").setDirectionValue(7).build();
    assertThatThrownBy(() -> Sort.from(s, EX, DEFAULT))
        .isInstanceOf(ListRequestException.class)
        .hasMessageContaining("invalid sort order specified: 7");
  }

  @Test
  void sortOnlyKeysAndTiebreakerItself() {
    Sort s = Sort.from(proto("id", Common.Sort.Direction.ASCENDING), EX, DEFAULT);
    assertThat(s.orderBy()).isEqualTo("ORDER BY e.id ASC");
  }

  @Test
  void noDefaultMeansTiebreakerOnly() {
    assertThat(Sort.from(null, EX, null).orderBy()).isEqualTo("ORDER BY e.id DESC");
    FieldCatalog bare = FieldCatalog.builder(Entity.SIGNAL).field("signal_id", "s.signal_id", ValueKind.STRING)
        .build();
    assertThat(Sort.from(null, bare, null).orderBy()).isEmpty();
    assertThat(Sort.by(bare, "signal_id", Sort.Direction.ASCENDING).orderBy())
        .isEqualTo("ORDER BY s.signal_id ASC");
  }

  @Test
  void projectsDefaultToIdentifierAscending() {
    // project_manager.go alphabeticalSortParam: identifier asc
    Sort def = Sort.by(Catalogs.PROJECTS, "identifier", Sort.Direction.ASCENDING);
    assertThat(Sort.from(null, Catalogs.PROJECTS, def).orderBy()).isEqualTo("ORDER BY p.identifier ASC");
  }

  @Test
  void defaultsMustBeDeclared() {
    assertThatThrownBy(() -> Sort.by(EX, "closure", Sort.Direction.ASCENDING))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
