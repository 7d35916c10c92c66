package io.aloft.admin.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing of FlyteAdmin filter strings (flyteadmin/pkg/manager/impl/util/filters.go ParseFilters). */
class FilterParserTest {
  private static final FieldCatalog EX = Catalogs.EXECUTIONS;

  private static SqlWhere sql(String filters, FieldCatalog catalog) {
    return Filters.toSql(FilterParser.parse(filters, catalog), catalog);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void noFiltersForNullOrEmpty(String filters) {
    assertThat(FilterParser.parse(filters, EX)).isEmpty();
    assertThat(sql(filters, EX)).isEqualTo(SqlWhere.EMPTY);
  }

  // --- what real clients send ---

  @Test
  void flytekitListTasksByVersion() {
    // flytekit remote.py list_tasks_by_version: filters=[Filter.from_python_std("eq(version,<v>)")]
    List<Filter> parsed = FilterParser.parse("eq(version,abc)", Catalogs.TASKS);
    assertThat(parsed).containsExactly(new Filter(FilterOp.EQ, Entity.TASK, "version", List.of("abc"),
        "eq(version,abc)"));
    assertThat(sql("eq(version,abc)", Catalogs.TASKS)).isEqualTo(SqlWhere.of("t.version = ?", "abc"));
  }

  @Test
  void flytectlFieldSelectorRendering() {
    // flytectl --filter.fieldSelector "execution.phase=SUCCEEDED,project=p" (flytectl/pkg/filters Transform)
    SqlWhere w = sql("eq(execution.phase,SUCCEEDED)+eq(project,p)", EX);
    assertThat(w.sql()).isEqualTo("e.phase = ? AND e.project = ?");
    assertThat(w.params()).containsExactly("SUCCEEDED", "p");
  }

  @Test
  void flytectlDocumentedExample() {
    // flytectl/pkg/filters/filters_test.go: "execution.phase in (FAILED;SUCCEEDED),execution.name=y8n2wtuspj,
    // execution.duration>200"
    SqlWhere w = sql("value_in(execution.phase,FAILED;SUCCEEDED)+eq(execution.name,y8n2wtuspj)"
        + "+gt(execution.duration,200)", EX);
    assertThat(w.sql()).isEqualTo("e.phase IN (?, ?) AND e.name = ? AND e.duration > ?");
    assertThat(w.params()).containsExactly("FAILED", "SUCCEEDED", "y8n2wtuspj", 200_000_000_000L);
  }

  @Test
  void flytectlAllOperators() {
    // "k=v,k!=v,k>v,k>=v,k<v,k<=v,k contains v,k in (a;b)"
    SqlWhere w = sql("eq(name,a)+ne(name,b)+gt(mode,1)+gte(mode,2)+lt(mode,3)+lte(mode,4)+contains(name,fly)"
        + "+value_in(name,x;y)", EX);
    assertThat(w.sql()).isEqualTo("e.name = ? AND e.name <> ? AND e.mode > ? AND e.mode >= ? AND e.mode < ?"
        + " AND e.mode <= ? AND e.name LIKE ? AND e.name IN (?, ?)");
    assertThat(w.params()).containsExactly("a", "b", 1L, 2L, 3L, 4L, "%fly%", "x", "y");
  }

  @Test
  void flytectlProjectPrefixIsNotAnExecutionJoin() {
    // flytectl's own test input "project.name=flytesnacks" renders eq(project.name,flytesnacks); FlyteAdmin
    // refuses it for executions ('p' entity is not allowed in filters).
    assertThatThrownBy(() -> FilterParser.parse("eq(project.name,flytesnacks)", EX))
        .isInstanceOf(ListRequestException.class)
        .hasMessageContaining("'project' entity is not allowed in filters")
        .hasMessageContaining("eq(project.name,flytesnacks)");
  }

  @Test
  void flyteAdminOwnTestString() {
    // flyteadmin/pkg/manager/impl/util/filters_test.go TestParseFilters
    SqlWhere w = sql("eq(foo, 123)+ne(version, TheWorst)+value_in(bar, 4;5;6)", Catalogs.TASKS);
    assertThat(w.sql()).isEqualTo("t.foo = ? AND t.version <> ? AND t.bar IN (?, ?, ?)");
    assertThat(w.params()).containsExactly("123", "TheWorst", "4", "5", "6");
  }

  @Test
  void flyteconsoleNamedEntityStateWithSpace() {
    SqlWhere w = sql("eq(state, 0)", Catalogs.NAMED_ENTITIES);
    assertThat(w).isEqualTo(SqlWhere.of("COALESCE(nem.state, 0) = ?", 0));
  }

  // --- every op ---

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "eq(name,x)           | e.name = ?        | x",
      "ne(name,x)           | e.name <> ?       | x",
      "gt(name,x)           | e.name > ?        | x",
      "gte(name,x)          | e.name >= ?       | x",
      "lt(name,x)           | e.name < ?        | x",
      "lte(name,x)          | e.name <= ?       | x",
      "contains(name,x)     | e.name LIKE ?     | %x%",
      "not_like(name,x%)    | e.name NOT LIKE ? | x%",
      "value_in(name,x)     | e.name IN (?)     | x",
      "value_not_in(name,x) | e.name NOT IN (?) | x",
  })
  void everyOp(String filter, String expectedSql, String expectedParam) {
    assertThat(sql(filter, EX)).isEqualTo(SqlWhere.of(expectedSql, expectedParam));
  }

  @Test
  void valueInSplitsOnSemicolon() {
    assertThat(sql("value_in(phase,RUNNING;QUEUED;SUCCEEDED)", EX))
        .isEqualTo(SqlWhere.of("e.phase IN (?, ?, ?)", "RUNNING", "QUEUED", "SUCCEEDED"));
    assertThat(sql("value_not_in(name,a;b)", EX)).isEqualTo(SqlWhere.of("e.name NOT IN (?, ?)", "a", "b"));
    // Go's strings.Split keeps empty pieces: a trailing ';' is an empty-string value.
    assertThat(sql("value_in(name,a;)", EX)).isEqualTo(SqlWhere.of("e.name IN (?, ?)", "a", ""));
  }

  @Test
  void valueInConvertsEachValue() {
    assertThat(sql("value_in(mode,0;1)", EX)).isEqualTo(SqlWhere.of("e.mode IN (?, ?)", 0L, 1L));
    assertThatThrownBy(() -> FilterParser.parse("value_in(phase,RUNNING;NOPE)", EX))
        .isInstanceOf(ListRequestException.class).hasMessageContaining("'NOPE'");
  }

  @Test
  void singleValueOpRefusesSeveralValues() {
    assertThatThrownBy(() -> FilterParser.parse("eq(name,a;b)", EX))
        .isInstanceOf(ListRequestException.class)
        .hasMessageContaining("invalid single value filter expression")
        .hasMessageContaining("eq(name,a;b)");
    assertThatThrownBy(() -> FilterParser.parse("contains(name,a;b)", EX))
        .isInstanceOf(ListRequestException.class);
  }

  @Test
  void multipleFiltersKeepOrderAndParams() {
    List<Filter> parsed = FilterParser.parse("eq(project,p)+eq(domain,d)+gte(created_at,2024-01-02T03:04:05Z)"
        + "+value_in(launch_plan.name,lp1;lp2)", EX);
    assertThat(parsed).extracting(Filter::op)
        .containsExactly(FilterOp.EQ, FilterOp.EQ, FilterOp.GTE, FilterOp.VALUE_IN);
    SqlWhere w = Filters.toSql(parsed, EX);
    assertThat(w.sql()).isEqualTo("e.project = ? AND e.domain = ? AND e.created_at >= ? AND lp.name IN (?, ?)");
    assertThat(w.params()).containsExactly("p", "d", Instant.parse("2024-01-02T03:04:05Z"), "lp1", "lp2");
  }

  // --- entity prefixes ---

  @Test
  void entityPrefixesResolveToJoinedColumns() {
    assertThat(sql("eq(launch_plan.name,lp)", EX)).isEqualTo(SqlWhere.of("lp.name = ?", "lp"));
    assertThat(sql("eq(workflow.name,wf)", EX)).isEqualTo(SqlWhere.of("w.name = ?", "wf"));
    assertThat(sql("eq(task.name,t1)", EX)).isEqualTo(SqlWhere.of("t.name = ?", "t1"));
    assertThat(sql("eq(admin_tag.name,tag)", EX)).isEqualTo(SqlWhere.of("et.key = ?", "tag"));
    assertThat(sql("eq(execution_admin_tag.name,tag)", EX)).isEqualTo(SqlWhere.of("et.key = ?", "tag"));
    assertThat(sql("eq(execution.phase,RUNNING)", EX)).isEqualTo(SqlWhere.of("e.phase = ?", "RUNNING"));
    assertThat(sql("eq(node_execution.phase,RUNNING)+eq(execution.phase,RUNNING)", Catalogs.NODE_EXECUTIONS))
        .isEqualTo(SqlWhere.of("n.phase = ? AND e.phase = ?", "RUNNING", "RUNNING"));
    assertThat(sql("eq(launch_plan.state,ACTIVE)+eq(workflow.name,w)", Catalogs.LAUNCH_PLANS))
        .isEqualTo(SqlWhere.of("lp.state = ? AND w.name = ?", 1, "w"));
    assertThat(sql("eq(project.state,0)", Catalogs.PROJECTS)).isEqualTo(SqlWhere.of("p.state = ?", 0));
    assertThat(sql("eq(entities.name,n)+eq(named_entity_metadata.state,1)", Catalogs.NAMED_ENTITIES))
        .isEqualTo(SqlWhere.of("ne.name = ? AND COALESCE(nem.state, 0) = ?", "n", 1));
  }

  @ParameterizedTest
  @CsvSource({
      "task.name, TASK, name",
      "workflow.version, WORKFLOW, version",
      "launch_plan.state, LAUNCH_PLAN, state",
      "execution.phase, EXECUTION, phase",
      "node_execution.phase, NODE_EXECUTION, phase",
      "task_execution.retry_attempt, TASK_EXECUTION, retry_attempt",
      "entities.name, NAMED_ENTITY, name",
      "named_entity_metadata.state, NAMED_ENTITY, state",
      "project.state, PROJECT, state",
      "signal.signal_id, SIGNAL, signal_id",
      "admin_tag.name, EXECUTION_TAG, name",
      "execution_admin_tag.name, EXECUTION_TAG, name",
      "phase, SIGNAL, phase",
      "executions.phase, SIGNAL, executions.phase",
      "project, SIGNAL, project",
  })
  void qualifyMirrorsParseField(String key, Entity entity, String field) {
    assertThat(Entity.qualify(key, Entity.SIGNAL)).isEqualTo(new Entity.Qualified(entity, field));
  }

  @Test
  void descriptionEntitiesParseAgainstTaskOrWorkflow() {
    FieldCatalog c = Catalogs.DESCRIPTION_ENTITIES;
    assertThat(Filters.toSql(FilterParser.parse("eq(name,x)+eq(version,v)", Entity.TASK, c), c))
        .isEqualTo(SqlWhere.of("d.name = ? AND d.version = ?", "x", "v"));
    assertThat(Filters.toSql(FilterParser.parse("eq(name,x)", Entity.WORKFLOW, c), c))
        .isEqualTo(SqlWhere.of("d.name = ?", "x"));
    assertThatThrownBy(() -> FilterParser.parse("eq(version,v)", Entity.WORKFLOW, c))
        .isInstanceOf(ListRequestException.class).hasMessageContaining("'workflow.version' is invalid filter");
  }

  // --- regex tolerance (filterRegex = (.+)\((.+),\s?(.+)\)) ---

  @ParameterizedTest
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "eq(name, foo)|foo",           // one space after the comma is dropped
      "eq(name,  foo)| foo",         // only one
      "eq(name,\tfoo)|foo",          // \s is any ASCII space
      "eq(name,foo )|foo ",          // nothing else is trimmed
      "eq(name,f(x))|f(x)",          // value runs to the last ')'
      "eq(name,x)trailing|x",        // the regex is not anchored
      "eq(name,a)b)|a)b",
  })
  void regexTolerance(String filter, String value) {
    assertThat(FilterParser.parse(filter, EX)).singleElement().extracting(Filter::value).isEqualTo(value);
  }

  @Test
  void keyIsNotTrimmed() {
    assertThatThrownBy(() -> FilterParser.parse("eq( name,x)", EX))
        .isInstanceOf(ListRequestException.class).hasMessageContaining("'execution. name' is invalid filter");
  }

  @Test
  void keyRunsToTheLastComma() {
    // greedy (.+) for the key: eq(name,a,b) is key "name,a", value "b"
    assertThatThrownBy(() -> FilterParser.parse("eq(name,a,b)", EX))
        .isInstanceOf(ListRequestException.class).hasMessageContaining("'execution.name,a' is invalid filter");
  }

  @Test
  void leadingTextBecomesPartOfTheFunction() {
    assertThatThrownBy(() -> FilterParser.parse("eq(name,a) + eq(name,b)", EX))
        .isInstanceOf(ListRequestException.class)
        .hasMessageContaining("unrecognized filter function:  eq");
  }

  // --- malformed ---

  @ParameterizedTest
  @ValueSource(strings = {
      " ", "eq", "eq(name)", "eq name x", "eq(name,)", "(name,x)", "eq(,x)", "eq(name,x", "eqname,x)",
      "eq(name,x)+", "+eq(name,x)", "eq(name,x)++eq(name,y)", "eq(name\n,x)",
  })
  void malformedFiltersAreInvalidArgument(String filters) {
    assertThatThrownBy(() -> FilterParser.parse(filters, EX))
        .isInstanceOf(ListRequestException.class)
        .hasMessageContaining("invalid value for filters");
  }

  @Test
  void malformedMessageNamesThePiece() {
    assertThatThrownBy(() -> FilterParser.parse("eq(name,x)+bogus", EX))
        .hasMessageContaining("'bogus'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"like(name,x)", "EQ(name,x)", "equals(name,x)", "in(name,x)", "not_in(name,x)"})
  void unknownFunctions(String filter) {
    assertThatThrownBy(() -> FilterParser.parse(filter, EX))
        .isInstanceOf(ListRequestException.class)
        .hasMessageStartingWith("unrecognized filter function: " + filter.substring(0, filter.indexOf('(')));
  }

  @ParameterizedTest
  @ValueSource(strings = {"eq(nope,x)", "eq(closure,x)", "eq(Name,x)", "eq(launch_plan.phase,x)",
      "eq(execution.,x)", "eq(workflow.version,x)"})
  void unknownFieldsNameTheField(String filter) {
    assertThatThrownBy(() -> FilterParser.parse(filter, EX))
        .isInstanceOf(ListRequestException.class)
        .hasMessageContaining("is invalid filter")
        .hasMessageContaining(filter);
  }

  @ParameterizedTest
  @ValueSource(strings = {"eq(node_execution.phase,x)", "eq(signal.signal_id,x)", "eq(project.name,x)",
      "eq(entities.name,x)", "eq(named_entity_metadata.state,x)", "eq(task_execution.phase,x)"})
  void entitiesTheCatalogDoesNotJoin(String filter) {
    assertThatThrownBy(() -> FilterParser.parse(filter, EX))
        .isInstanceOf(ListRequestException.class)
        .hasMessageContaining("entity is not allowed in filters");
  }

  @Test
  void sortOnlyKeysAreNotFilterable() {
    assertThatThrownBy(() -> FilterParser.parse("eq(id,1)", EX)).hasMessageContaining("'execution.id'");
  }

  // --- typed values ---

  @Test
  void timestamps() {
    assertThat(sql("gte(created_at,2018-07-27T00:30:31Z)", EX).params())
        .containsExactly(Instant.parse("2018-07-27T00:30:31Z"));
    assertThat(sql("lt(updated_at,2018-07-27T00:30:31.123456789Z)", EX).params())
        .containsExactly(Instant.parse("2018-07-27T00:30:31.123456789Z"));
    assertThat(sql("gt(started_at,2018-07-27T00:30:31.5-07:00)", EX).params())
        .containsExactly(Instant.parse("2018-07-27T07:30:31.500Z"));
    assertThat(sql("value_in(created_at,2018-07-27T00:30:31Z;2019-01-01T00:00:00Z)", EX).params())
        .containsExactly(Instant.parse("2018-07-27T00:30:31Z"), Instant.parse("2019-01-01T00:00:00Z"));
    // flyteconsole-style ISO strings with milliseconds
    assertThat(sql("gte(execution.created_at, 2024-05-01T12:00:00.000Z)", EX).params())
        .containsExactly(Instant.parse("2024-05-01T12:00:00Z"));
  }

  @Test
  void positiveOffsetsSplitTheFilterAsInFlyteAdmin() {
    // '+' separates filters before anything else, so "+01:00" can never reach the timestamp parser.
    assertThatThrownBy(() -> FilterParser.parse("gte(created_at,2018-07-27T00:30:31+01:00)", EX))
        .isInstanceOf(ListRequestException.class).hasMessageContaining("invalid value for filters");
  }

  @Test
  void badTimestamp() {
    assertThatThrownBy(() -> FilterParser.parse("gte(created_at,yesterday)", EX))
        .isInstanceOf(ListRequestException.class)
        .hasMessageContaining("Timestamp yesterday must conform to RFC3339 Nano spec")
        .hasMessageContaining("execution.created_at");
    assertThatThrownBy(() -> FilterParser.parse("contains(created_at,2018)", EX))
        .isInstanceOf(ListRequestException.class)
        .hasMessageContaining("contains is not supported on RFC3339 timestamp field 'created_at'");
  }

  @Test
  void enums() {
    assertThat(sql("eq(phase,RUNNING)", EX).params()).containsExactly("RUNNING");
    assertThat(sql("eq(phase,running)", EX).params()).containsExactly("RUNNING");
    assertThat(sql("eq(phase,2)", EX).params()).containsExactly("RUNNING");
    assertThat(sql("eq(state,ACTIVE)", Catalogs.LAUNCH_PLANS).params()).containsExactly(1);
    assertThat(sql("eq(state,1)", Catalogs.LAUNCH_PLANS).params()).containsExactly(1);
    assertThat(sql("value_in(state,ARCHIVED;SYSTEM_GENERATED)", Catalogs.PROJECTS).params())
        .containsExactly(1, 2);
    // LIKE on a name-stored enum uses the raw text.
    assertThat(sql("contains(phase,RUN)", EX)).isEqualTo(SqlWhere.of("e.phase LIKE ?", "%RUN%"));
    assertThatThrownBy(() -> FilterParser.parse("eq(phase,SPRINTING)", EX))
        .isInstanceOf(ListRequestException.class)
        .hasMessageContaining("invalid value 'SPRINTING' for execution.phase")
        .hasMessageContaining("SUCCEEDED");
    assertThatThrownBy(() -> FilterParser.parse("eq(phase,UNRECOGNIZED)", EX))
        .isInstanceOf(ListRequestException.class);
    assertThatThrownBy(() -> FilterParser.parse("eq(state,7)", Catalogs.LAUNCH_PLANS))
        .isInstanceOf(ListRequestException.class);
    assertThatThrownBy(() -> FilterParser.parse("contains(state,ACT)", Catalogs.LAUNCH_PLANS))
        .isInstanceOf(ListRequestException.class).hasMessageContaining("contains is not supported");
  }

  @Test
  void durations() {
    long s = 1_000_000_000L;
    assertThat(sql("gt(duration,20)", EX).params()).containsExactly(20 * s);
    assertThat(sql("gt(duration,20s)", EX).params()).containsExactly(20 * s);
    assertThat(sql("gt(duration,3600.5)", EX).params()).containsExactly(3600 * s + s / 2);
    assertThat(sql("gt(duration,3600.5s)", EX).params()).containsExactly(3600 * s + s / 2);
    assertThat(sql("lte(duration,1m30s)", EX).params()).containsExactly(90 * s);
    assertThat(sql("lte(duration,1.5h)", EX).params()).containsExactly(5400 * s);
    assertThat(sql("lte(duration,250ms)", EX).params()).containsExactly(250_000_000L);
    assertThat(sql("value_in(duration,1;2s)", EX).params()).containsExactly(s, 2 * s);
    assertThatThrownBy(() -> FilterParser.parse("gt(duration,soon)", EX))
        .isInstanceOf(ListRequestException.class)
        .hasMessageContaining("Failed to parse duration [soon]");
    assertThatThrownBy(() -> FilterParser.parse("gt(duration,2d)", EX))
        .isInstanceOf(ListRequestException.class);
    // a seconds column gets whole seconds, or an exact decimal
    assertThat(sql("gt(duration,200)", Catalogs.NODE_EXECUTIONS).params()).containsExactly(200L);
    assertThat(sql("gt(duration,1m)", Catalogs.NODE_EXECUTIONS).params()).containsExactly(60L);
    assertThat(sql("gt(duration,2.5)", Catalogs.NODE_EXECUTIONS).params())
        .containsExactly(new java.math.BigDecimal("2.5"));
    assertThat(Duration.ofNanos((Long) sql("gt(duration,1h2m3.5s)", EX).params().get(0)))
        .isEqualTo(Duration.parse("PT1H2M3.5S"));
  }

  @Test
  void integers() {
    assertThat(sql("eq(mode,1)", EX).params()).containsExactly(1L);
    assertThatThrownBy(() -> FilterParser.parse("eq(mode,one)", EX))
        .isInstanceOf(ListRequestException.class).hasMessageContaining("invalid value 'one' for execution.mode");
    assertThatThrownBy(() -> FilterParser.parse("eq(mode,\uff11)", EX)).isInstanceOf(ListRequestException.class);
    assertThatThrownBy(() -> FilterParser.parse("contains(mode,1)", EX)).isInstanceOf(ListRequestException.class);
  }

  // --- injection stays in parameters ---

  @ParameterizedTest
  @ValueSource(strings = {
      "x' OR '1'='1",
      "x) OR (1=1) --",
      "' OR ''='",
      "\\' OR 1=1 /*",
      "$1",
      "%",
      "?",
  })
  void injectionAttemptsStayParameters(String evil) {
    SqlWhere w = sql("eq(name," + evil + ")+contains(name," + evil + ")", EX);
    assertThat(w.sql()).isEqualTo("e.name = ? AND e.name LIKE ?");
    assertThat(w.params()).containsExactly(evil, "%" + evil + "%");
  }

  @Test
  void statementSeparatorsOnlySplitValues() {
    // ';' separates values, so a stacked statement becomes several harmless parameters.
    SqlWhere w = sql("value_in(name,x'); DROP TABLE executions; --)", EX);
    assertThat(w.sql()).isEqualTo("e.name IN (?, ?, ?)");
    assertThat(w.params()).containsExactly("x')", " DROP TABLE executions", " --");
    assertThatThrownBy(() -> FilterParser.parse("eq(name,x'); DROP TABLE executions; --)", EX))
        .isInstanceOf(ListRequestException.class).hasMessageContaining("takes one value");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "eq(name = name OR 1=1 --,x)",
      "eq(e.name,x)",
      "eq(name); DROP TABLE executions; --(,x)",
      "eq(\"name\",x)",
  })
  void injectionInKeysIsAnUnknownField(String filter) {
    assertThatThrownBy(() -> FilterParser.parse(filter, EX)).isInstanceOf(ListRequestException.class);
  }

  @Test
  void injectionInFunctionIsUnrecognized() {
    assertThatThrownBy(() -> FilterParser.parse("eq) OR 1=1 --(name,x)", EX))
        .isInstanceOf(ListRequestException.class).hasMessageContaining("unrecognized filter function");
  }

  @Test
  void aNulCharacterInAValueIsRefusedBeforeTheDatabaseSeesIt() {
    // PostgreSQL cannot compare text with a NUL: the query would fail as a server fault
    assertThatThrownBy(() -> FilterParser.parse("eq(name,a\u0000b)", EX))
        .isInstanceOf(ListRequestException.class)
        .hasMessage("invalid value for filters: 'eq(name,a\\0b)' contains a NUL character");
  }
}
