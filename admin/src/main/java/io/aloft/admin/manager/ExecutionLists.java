package io.aloft.admin.manager;

import static io.aloft.admin.list.ValueKind.DURATION_NANOS;
import static io.aloft.admin.list.ValueKind.ENUM;
import static io.aloft.admin.list.ValueKind.ENUM_NAME;
import static io.aloft.admin.list.ValueKind.INT;
import static io.aloft.admin.list.ValueKind.STRING;
import static io.aloft.admin.list.ValueKind.TIMESTAMP;

import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionList;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata.ExecutionMode;
import flyteidl.admin.ExecutionOuterClass.ExecutionState;
import flyteidl.core.Execution.WorkflowExecution.Phase;
import io.aloft.admin.AdminException;
import io.aloft.admin.entity.ExecutionEntity;
import io.aloft.admin.list.Entity;
import io.aloft.admin.list.FieldCatalog;
import io.aloft.admin.list.ListQuery;
import io.aloft.admin.list.Sort;
import io.aloft.admin.list.SqlWhere;
import io.aloft.admin.repository.NativeList;
import io.aloft.admin.validation.Validation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * ListExecutions (flyteadmin execution_manager.go ListExecutions): scoped to a project and domain, filterable on the
 * execution's columns and on its launch plan, workflow and task, newest first by default. Archived executions are
 * left out unless the request filters on {@code state} itself.
 */
@ApplicationScoped
public class ExecutionLists {
  static final FieldCatalog EXECUTIONS = FieldCatalog.builder(Entity.EXECUTION)
      .field("project", "e.project", STRING)
      .field("domain", "e.domain", STRING)
      .field("name", "e.name", STRING)
      .field("phase", "e.phase", ENUM_NAME(Phase.class))
      .field("mode", "e.mode", ENUM(ExecutionMode.class))
      .field("state", "e.state", ENUM(ExecutionState.class))
      .field("cluster", "e.cluster", STRING)
      .field("user", "e.principal", STRING)
      .field("error_kind", "e.error_kind", STRING)
      .field("error_code", "e.error_code", STRING)
      .field("abort_cause", "e.abort_cause", STRING)
      .field("launch_plan_id", "e.launch_plan_id", INT)
      .field("workflow_id", "e.workflow_id", INT)
      .field("task_id", "e.task_id", INT)
      .field("source_execution_id", "e.source_execution_id", INT)
      .field("parent_node_execution_id", "e.parent_node_execution_id", INT)
      .field("duration", "e.duration_ns", DURATION_NANOS)
      .field("started_at", "e.started_at", TIMESTAMP)
      .field("execution_created_at", "e.execution_created_at", TIMESTAMP)
      .field("execution_updated_at", "e.execution_updated_at", TIMESTAMP)
      .field("created_at", "e.created_at", TIMESTAMP)
      .field("updated_at", "e.updated_at", TIMESTAMP)
      .field(Entity.LAUNCH_PLAN, "name", "lp.name", STRING)
      .field(Entity.LAUNCH_PLAN, "version", "lp.version", STRING)
      .field(Entity.WORKFLOW, "name", "w.name", STRING)
      .field(Entity.WORKFLOW, "version", "w.version", STRING)
      .field(Entity.TASK, "name", "t.name", STRING)
      .field(Entity.TASK, "version", "t.version", STRING)
      .field(Entity.EXECUTION_TAG, "name", "tag.name", STRING)
      .tiebreaker("e.id")
      .build();

  /** The joins filters on other entities need; PostgreSQL drops the ones a query does not reference. */
  private static final String FROM = "SELECT e.* FROM executions e"
      + " LEFT JOIN launch_plans lp ON lp.id = e.launch_plan_id"
      + " LEFT JOIN workflows w ON w.id = e.workflow_id"
      + " LEFT JOIN tasks t ON t.id = e.task_id";
  private static final String FROM_TAGGED = FROM.replace("SELECT e.*", "SELECT DISTINCT e.*") + " JOIN execution_tags tag ON tag.execution_id = e.id";

  @Inject
  NativeList db;

  @Inject
  ExecutionManager executions;

  /** ListExecutions. */
  public ExecutionList list(ResourceListRequest r) {
    if (!r.hasId()) {
      throw AdminException.invalid("missing id");
    }
    Validation.required(r.getId().getProject(), "id.project");
    Validation.required(r.getId().getDomain(), "id.domain");
    Validation.storable(r.getId().getName(), "id.name");
    Validation.storable(r.getId().getOrg(), "id.org");
    ListQuery q = ListQuery.of(EXECUTIONS, r.getLimit(), r.getToken(), r.getFilters(),
        r.hasSortBy() ? r.getSortBy() : null, Sort.by(EXECUTIONS, "created_at", Sort.Direction.DESCENDING));
    SqlWhere scope = SqlWhere.of("e.project = ? AND e.domain = ?", r.getId().getProject(), r.getId().getDomain());
    if (!r.getId().getName().isEmpty()) {
      scope = scope.and(SqlWhere.of("e.name = ?", r.getId().getName()));
    }
    if (q.filters().stream().noneMatch(f -> f.entity() == Entity.EXECUTION && f.field().equals("state"))) {
      scope = scope.and(SqlWhere.of("e.state = ?", ExecutionState.EXECUTION_ACTIVE_VALUE));
    }
    ListQuery scoped = q.and(scope);
    boolean tagged = q.filters().stream().anyMatch(f -> f.entity() == Entity.EXECUTION_TAG);
    List<ExecutionEntity> rows = QuarkusTransaction.requiringNew().call(() ->
        db.rows(tagged ? FROM_TAGGED : FROM, scoped, ExecutionEntity.class));
    ExecutionList.Builder out = ExecutionList.newBuilder().setToken(q.nextToken(rows.size()));
    rows.forEach(e -> out.addExecutions(executions.toProto(e)));
    return out.build();
  }
}
