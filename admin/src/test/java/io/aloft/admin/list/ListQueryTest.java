package io.aloft.admin.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.admin.Common;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ListQuery, SqlWhere and programmatic filters as a list manager would use them. */
class ListQueryTest {
  private static final FieldCatalog EX = Catalogs.EXECUTIONS;
  private static final Sort DEFAULT = Sort.by(EX, "created_at", Sort.Direction.DESCENDING);
  private static final Common.Sort BAD_SORT = Common.Sort.newBuilder().setKey("nope").build();

  private static List<Filter> identifier(String project, String domain) {
    return List.of(Filter.eq(Entity.EXECUTION, "project", project), Filter.eq(Entity.EXECUTION, "domain", domain));
  }

  @Test
  void flytectlGetExecutionPage3() {
    // flytectl get execution -p p -d d --filter.fieldSelector "execution.phase=SUCCEEDED" --filter.page 3
    ListQuery q = ListQuery.of(EX, 100, "200", identifier("p", "d"), "eq(execution.phase,SUCCEEDED)",
        Common.Sort.newBuilder().setKey("created_at").build(), DEFAULT);
    assertThat(q.sql()).isEqualTo("WHERE e.project = ? AND e.domain = ? AND e.phase = ?"
        + " ORDER BY e.created_at DESC, e.id DESC LIMIT ? OFFSET ?");
    assertThat(q.params()).containsExactly("p", "d", "SUCCEEDED", 100L, 200L);
    assertThat(q.filters()).hasSize(3);
    assertThat(q.nextToken(100)).isEqualTo("300");
    assertThat(q.nextToken(7)).isEmpty();
  }

  @Test
  void noFiltersNoSort() {
    ListQuery q = ListQuery.of(EX, 10, "", "", null, null);
    assertThat(q.sql()).isEqualTo("ORDER BY e.id DESC LIMIT ? OFFSET ?");
    assertThat(q.params()).containsExactly(10L, 0L);
  }

  @Test
  void extraConditionsAreAnded() {
    // ListNodeExecutions without unique_parent_id: parent_id IS NULL AND parent_task_execution_id IS NULL
    ListQuery q = ListQuery.of(Catalogs.NODE_EXECUTIONS, 100, "", "value_in(phase,RUNNING;QUEUED)", null, null)
        .and(SqlWhere.of("n.parent_id IS NULL AND n.parent_task_execution_id IS NULL"));
    assertThat(q.sql()).isEqualTo("WHERE (n.phase IN (?, ?)) AND (n.parent_id IS NULL AND"
        + " n.parent_task_execution_id IS NULL) ORDER BY n.id DESC LIMIT ? OFFSET ?");
    assertThat(q.params()).containsExactly("RUNNING", "QUEUED", 100L, 0L);
    ListQuery withParent = ListQuery.of(Catalogs.NODE_EXECUTIONS, 100, "", "", null, null)
        .and(SqlWhere.of("n.parent_id = ?", 42L));
    assertThat(withParent.sql()).startsWith("WHERE n.parent_id = ? ORDER BY");
    assertThat(withParent.params()).containsExactly(42L, 100L, 0L);
  }

  @Test
  void checksRunInFlyteAdminsOrder() {
    // limit, then filters, then sort, then token
    assertThatThrownBy(() -> ListQuery.of(EX, 0, "x", "bogus", BAD_SORT, DEFAULT)).hasMessageContaining("limit");
    assertThatThrownBy(() -> ListQuery.of(EX, 1, "x", "bogus", BAD_SORT, DEFAULT))
        .hasMessageContaining("invalid value for filters");
    assertThatThrownBy(() -> ListQuery.of(EX, 1, "x", "eq(name,n)", BAD_SORT, DEFAULT))
        .hasMessageContaining("invalid sort key 'nope'");
    assertThatThrownBy(() -> ListQuery.of(EX, 1, "x", "eq(name,n)", null, DEFAULT))
        .hasMessageContaining("invalid pagination token x");
  }

  @Test
  void programmaticFiltersAreCheckedAgainstTheCatalog() {
    assertThat(Filters.toSql(List.of(Filter.eq(Entity.EXECUTION, "phase", "4")), EX))
        .isEqualTo(SqlWhere.of("e.phase = ?", "SUCCEEDED"));
    assertThat(Filter.eq(Entity.LAUNCH_PLAN, "name", "x").expression()).isEqualTo("eq(launch_plan.name,x)");
    assertThatThrownBy(() -> Filters.toSql(List.of(Filter.eq(Entity.EXECUTION, "closure", "x")), EX))
        .isInstanceOf(ListRequestException.class).hasMessageContaining("'execution.closure' is invalid filter");
    assertThatThrownBy(() -> Filters.toSql(List.of(Filter.eq(Entity.EXECUTION, "mode", "x")), EX))
        .isInstanceOf(ListRequestException.class);
    assertThatThrownBy(() -> Filter.of(FilterOp.EQ, Entity.EXECUTION, "name", "a", "b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Filter.of(FilterOp.VALUE_IN, Entity.EXECUTION, "name"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sqlWhereCombination() {
    SqlWhere a = SqlWhere.of("x = ?", 1L);
    assertThat(a.and(SqlWhere.EMPTY)).isSameAs(a);
    assertThat(SqlWhere.EMPTY.and(a)).isSameAs(a);
    assertThat(SqlWhere.EMPTY.whereClause()).isEmpty();
    assertThat(a.whereClause()).isEqualTo("WHERE x = ?");
    assertThat(a.and(SqlWhere.of("y IN (?, ?)", "p", "q")))
        .isEqualTo(new SqlWhere("(x = ?) AND (y IN (?, ?))", List.of(1L, "p", "q")));
  }

  @Test
  void bindToConvertsInstantsForJdbc() throws Exception {
    List<Object[]> calls = new ArrayList<>();
    PreparedStatement ps = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
          if (method.getName().equals("setObject")) {
            calls.add(args);
          }
          return null;
        });
    SqlWhere w = Filters.toSql(FilterParser.parse("eq(name,n)+gte(created_at,2024-01-01T00:00:00Z)", EX), EX);
    int next = w.bindTo(ps, 3);
    assertThat(next).isEqualTo(5);
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0)).containsExactly(3, "n");
    assertThat(calls.get(1)).containsExactly(4, OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    assertThat(SqlWhere.jdbcValue(Instant.EPOCH)).isEqualTo(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0,
        ZoneOffset.UTC));
  }
}
