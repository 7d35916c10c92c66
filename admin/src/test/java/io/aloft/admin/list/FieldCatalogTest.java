package io.aloft.admin.list;

import static io.aloft.admin.list.ValueKind.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Catalog declaration rules. */
class FieldCatalogTest {
  @Test
  void lookups() {
    FieldCatalog c = Catalogs.EXECUTIONS;
    assertThat(c.primary()).isEqualTo(Entity.EXECUTION);
    assertThat(c.tiebreaker()).isEqualTo("e.id");
    assertThat(c.filterEntities()).containsExactlyInAnyOrder(Entity.EXECUTION, Entity.LAUNCH_PLAN,
        Entity.WORKFLOW, Entity.TASK, Entity.EXECUTION_TAG);
    assertThat(c.filterField(Entity.LAUNCH_PLAN, "name")).get().extracting(FieldCatalog.Field::column)
        .isEqualTo("lp.name");
    assertThat(c.sortField("created_at")).isPresent();
    assertThat(c.sortField("id")).isPresent();
    assertThat(c.filterField(Entity.EXECUTION, "id")).isEmpty();
    assertThat(c.fields()).extracting(FieldCatalog.Field::key).contains("phase", "duration");
  }

  @Test
  void filterOnlyAndSortOnly() {
    FieldCatalog c = FieldCatalog.builder(Entity.TASK).filterOnly("type", "t.type", STRING)
        .sortOnly("id", "t.id").build();
    assertThat(c.filterField(Entity.TASK, "type")).isPresent();
    assertThat(c.sortField("type")).isEmpty();
    assertThat(c.sortField("id")).isPresent();
    assertThat(c.filterField(Entity.TASK, "id")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "e.name; DROP TABLE x", "e.name -- c", "e.name /* c */", "e.tags ? 'x'"})
  void columnExpressionsAreChecked(String column) {
    assertThatThrownBy(() -> FieldCatalog.builder(Entity.TASK).field("name", column, STRING))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "task.name", "na me", "name)"})
  void keysAreIdentifiers(String key) {
    assertThatThrownBy(() -> FieldCatalog.builder(Entity.TASK).field(key, "t.name", STRING))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThatThrownBy(() -> FieldCatalog.builder(Entity.TASK).field("name", "t.name", STRING)
        .field(Entity.TASK, "name", "t.name", STRING)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sameKeyOnDifferentEntities() {
    FieldCatalog c = FieldCatalog.builder(Entity.EXECUTION).field("name", "e.name", STRING)
        .field(Entity.WORKFLOW, "name", "w.name", STRING).build();
    assertThat(Filters.parseToSql("eq(name,a)+eq(workflow.name,b)", c))
        .isEqualTo(SqlWhere.of("e.name = ? AND w.name = ?", "a", "b"));
  }

  @Test
  void enumKindsNeedNames() {
    assertThatThrownBy(() -> ValueKind.ENUM(Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void entityPrefixes() {
    assertThat(Entity.byPrefix("named_entity_metadata")).contains(Entity.NAMED_ENTITY);
    assertThat(Entity.byPrefix("execution_admin_tag")).contains(Entity.EXECUTION_TAG);
    assertThat(Entity.byPrefix("description_entity")).isEmpty();
    assertThat(Entity.DESCRIPTION_ENTITY.prefixes()).isEmpty();
    assertThat(Entity.LAUNCH_PLAN.displayName()).isEqualTo("launch_plan");
  }
}
