package io.aloft.admin.manager;

import static io.aloft.admin.list.ValueKind.ENUM;
import static io.aloft.admin.list.ValueKind.STRING;
import static io.aloft.admin.list.ValueKind.TIMESTAMP;

import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.NamedEntityIdentifierList;
import flyteidl.admin.Common.NamedEntityIdentifierListRequest;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.LaunchPlanOuterClass.ActiveLaunchPlanListRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanList;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanState;
import flyteidl.admin.ProjectOuterClass.Project.ProjectState;
import flyteidl.admin.ProjectOuterClass.ProjectListRequest;
import flyteidl.admin.ProjectOuterClass.Projects;
import flyteidl.admin.TaskOuterClass.TaskList;
import flyteidl.admin.WorkflowOuterClass.Workflow;
import flyteidl.admin.WorkflowOuterClass.WorkflowClosure;
import flyteidl.admin.WorkflowOuterClass.WorkflowList;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.aloft.admin.entity.LaunchPlanEntity;
import io.aloft.admin.entity.ProjectEntity;
import io.aloft.admin.entity.TaskEntity;
import io.aloft.admin.entity.WorkflowEntity;
import io.aloft.admin.list.Entity;
import io.aloft.admin.list.FieldCatalog;
import io.aloft.admin.list.ListQuery;
import io.aloft.admin.list.Sort;
import io.aloft.admin.list.SqlWhere;
import io.aloft.admin.repository.NativeList;
import io.aloft.admin.transformer.ProjectTransformer;
import io.aloft.admin.transformer.Protos;
import io.aloft.admin.transformer.TaskTransformer;
import io.aloft.admin.validation.Validation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The list RPCs of projects, tasks, workflows and launch plans, with FlyteAdmin's semantics: filters, sort,
 * integer-offset tokens, limit > 0 (flyteadmin/pkg/manager/impl/*_manager.go List*).
 */
@ApplicationScoped
public class EntityLists {
  static final FieldCatalog PROJECTS = FieldCatalog.builder(Entity.PROJECT)
      .field("identifier", "p.identifier", STRING)
      .field("name", "p.name", STRING)
      .field("state", "p.state", ENUM(ProjectState.class))
      .field("created_at", "p.created_at", TIMESTAMP)
      .field("updated_at", "p.updated_at", TIMESTAMP)
      .tiebreaker("p.identifier")
      .build();
  static final FieldCatalog TASKS = versioned(Entity.TASK, "t").field("type", "t.type", STRING).build();
  static final FieldCatalog WORKFLOWS = versioned(Entity.WORKFLOW, "w").build();
  static final FieldCatalog LAUNCH_PLANS = versioned(Entity.LAUNCH_PLAN, "l")
      .field("state", "l.state", ENUM(LaunchPlanState.class)).build();
  static final FieldCatalog TASK_NAMES = names(Entity.TASK, "t");
  static final FieldCatalog WORKFLOW_NAMES = names(Entity.WORKFLOW, "w");
  static final FieldCatalog LAUNCH_PLAN_NAMES = names(Entity.LAUNCH_PLAN, "l");

  /** The page size of a ListProjects without limit: more projects than any installation registers. */
  static final int ALL_PROJECTS = 10_000;

  @Inject
  NativeList db;

  @Inject
  ProjectManager projects;

  /** The columns a list of distinct names may filter and sort by: the grouped ones. */
  private static FieldCatalog names(Entity entity, String alias) {
    return FieldCatalog.builder(entity).field("project", alias + ".project", STRING)
        .field("domain", alias + ".domain", STRING).field("name", alias + ".name", STRING)
        .tiebreaker(alias + ".name").build();
  }

  private static FieldCatalog.Builder versioned(Entity entity, String alias) {
    return FieldCatalog.builder(entity)
        .field("project", alias + ".project", STRING)
        .field("domain", alias + ".domain", STRING)
        .field("name", alias + ".name", STRING)
        .field("version", alias + ".version", STRING)
        .field("created_at", alias + ".created_at", TIMESTAMP)
        .field("updated_at", alias + ".updated_at", TIMESTAMP)
        .tiebreaker(alias + ".id");
  }

  /** ListProjects: sorted by identifier unless asked otherwise. */
  public Projects projects(ProjectListRequest r) {
    // FlyteAdmin does not require a limit here (flyteconsole's GET /api/v1/projects sends none): 0 lists them all.
    int limit = r.getLimit() == 0 ? ALL_PROJECTS : r.getLimit();
    ListQuery q = ListQuery.of(PROJECTS, limit, r.getToken(), r.getFilters(), r.hasSortBy() ? r.getSortBy()
        : null, Sort.by(PROJECTS, "identifier", Sort.Direction.ASCENDING));
    List<ProjectEntity> rows = QuarkusTransaction.requiringNew().call(() ->
        db.rows("SELECT p.* FROM projects p", q, ProjectEntity.class));
    Projects.Builder out = Projects.newBuilder().setToken(q.nextToken(rows.size()));
    rows.forEach(p -> out.addProjects(ProjectTransformer.toProto(p, projects.domains())));
    return out.build();
  }

  /** ListTasks: versions of tasks in a project/domain (and name, when given), newest first by default. */
  public TaskList tasks(ResourceListRequest r) {
    ListQuery q = scoped(TASKS, "t", r);
    List<TaskEntity> rows = QuarkusTransaction.requiringNew().call(() ->
        db.rows("SELECT t.* FROM tasks t", q, TaskEntity.class));
    TaskList.Builder out = TaskList.newBuilder().setToken(q.nextToken(rows.size()));
    rows.forEach(t -> out.addTasks(TaskTransformer.toProto(t)));
    return out.build();
  }

  /** ListWorkflows: identifiers and creation times (the closures stay in the blob store, as in FlyteAdmin). */
  public WorkflowList workflows(ResourceListRequest r) {
    ListQuery q = scoped(WORKFLOWS, "w", r);
    List<WorkflowEntity> rows = QuarkusTransaction.requiringNew().call(() ->
        db.rows("SELECT w.* FROM workflows w", q, WorkflowEntity.class));
    WorkflowList.Builder out = WorkflowList.newBuilder().setToken(q.nextToken(rows.size()));
    rows.forEach(w -> out.addWorkflows(Workflow.newBuilder()
        .setId(w.identifier(ResourceType.WORKFLOW))
        .setClosure(WorkflowClosure.newBuilder().setCreatedAt(Protos.timestamp(w.createdAt)))));
    return out.build();
  }

  /** ListLaunchPlans: full launch plans of a project/domain (and name, when given). */
  public LaunchPlanList launchPlans(ResourceListRequest r, LaunchPlanManager manager) {
    ListQuery q = scoped(LAUNCH_PLANS, "l", r);
    List<LaunchPlanEntity> rows = QuarkusTransaction.requiringNew().call(() ->
        db.rows("SELECT l.* FROM launch_plans l", q, LaunchPlanEntity.class));
    LaunchPlanList.Builder out = LaunchPlanList.newBuilder().setToken(q.nextToken(rows.size()));
    rows.forEach(l -> out.addLaunchPlans(manager.toProto(l)));
    return out.build();
  }

  /** ListTaskIds: each task name in a project/domain once. */
  public NamedEntityIdentifierList taskIds(NamedEntityIdentifierListRequest r) {
    return names(TASK_NAMES, "tasks", "t", r);
  }

  /** ListWorkflowIds: each workflow name in a project/domain once (workflow_manager.go ListWorkflowIdentifiers). */
  public NamedEntityIdentifierList workflowIds(NamedEntityIdentifierListRequest r) {
    return names(WORKFLOW_NAMES, "workflows", "w", r);
  }

  /** ListLaunchPlanIds: each launch plan name in a project/domain once (launch_plan_manager.go). */
  public NamedEntityIdentifierList launchPlanIds(NamedEntityIdentifierListRequest r) {
    return names(LAUNCH_PLAN_NAMES, "launch_plans", "l", r);
  }

  /**
   * ListActiveLaunchPlans: the ACTIVE version of each launch plan in a project/domain, newest first by default;
   * project, domain and limit are required (launch_plan_manager.go ListActiveLaunchPlans; it takes no filters).
   */
  public LaunchPlanList activeLaunchPlans(ActiveLaunchPlanListRequest r, LaunchPlanManager manager) {
    Validation.required(r.getProject(), "project");
    Validation.required(r.getDomain(), "domain");
    Validation.storable(r.getOrg(), "org");
    ListQuery q = ListQuery.of(LAUNCH_PLANS, r.getLimit(), r.getToken(), "", r.hasSortBy() ? r.getSortBy() : null,
            Sort.by(LAUNCH_PLANS, "created_at", Sort.Direction.DESCENDING))
        .and(SqlWhere.of("l.project = ? AND l.domain = ? AND l.state = ?", r.getProject(), r.getDomain(),
            LaunchPlanState.ACTIVE_VALUE));
    List<LaunchPlanEntity> rows = QuarkusTransaction.requiringNew().call(() ->
        db.rows("SELECT l.* FROM launch_plans l", q, LaunchPlanEntity.class));
    LaunchPlanList.Builder out = LaunchPlanList.newBuilder().setToken(q.nextToken(rows.size()));
    rows.forEach(l -> out.addLaunchPlans(manager.toProto(l)));
    return out.build();
  }

  /** The distinct project/domain/name of {@code table}'s rows in the request's project/domain, by name. */
  private NamedEntityIdentifierList names(FieldCatalog catalog, String table, String alias,
      NamedEntityIdentifierListRequest r) {
    Validation.required(r.getProject(), "project");
    Validation.required(r.getDomain(), "domain");
    Validation.storable(r.getOrg(), "org");
    ListQuery q = ListQuery.of(catalog, r.getLimit(), r.getToken(), r.getFilters(),
            r.hasSortBy() ? r.getSortBy() : null, Sort.by(catalog, "name", Sort.Direction.ASCENDING))
        .and(SqlWhere.of(alias + ".project = ? AND " + alias + ".domain = ?", r.getProject(), r.getDomain()));
    // One row per name: group before ordering and paging (the catalog only sorts by grouped columns).
    String tail = q.sql();
    int order = tail.indexOf("ORDER BY");
    String cols = alias + ".project, " + alias + ".domain, " + alias + ".name";
    String sql = "SELECT " + cols + " FROM " + table + " " + alias + " " + tail.substring(0, order)
        + "GROUP BY " + cols + " " + tail.substring(order);
    List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> db.tuplesSql(sql, q));
    NamedEntityIdentifierList.Builder out = NamedEntityIdentifierList.newBuilder().setToken(q.nextToken(rows.size()));
    rows.forEach(c -> out.addEntities(NamedEntityIdentifier.newBuilder().setProject((String) c[0])
        .setDomain((String) c[1]).setName((String) c[2])));
    return out.build();
  }

  private static ListQuery scoped(FieldCatalog catalog, String alias, ResourceListRequest r) {
    if (!r.hasId()) {
      throw io.aloft.admin.AdminException.invalid("missing id");
    }
    Validation.required(r.getId().getProject(), "id.project");
    Validation.required(r.getId().getDomain(), "id.domain");
    Validation.storable(r.getId().getName(), "id.name");
    Validation.storable(r.getId().getOrg(), "id.org");
    ListQuery q = ListQuery.of(catalog, r.getLimit(), r.getToken(), r.getFilters(),
        r.hasSortBy() ? r.getSortBy() : null, Sort.by(catalog, "created_at", Sort.Direction.DESCENDING));
    SqlWhere scope = SqlWhere.of(alias + ".project = ? AND " + alias + ".domain = ?", r.getId().getProject(),
        r.getId().getDomain());
    if (!r.getId().getName().isEmpty()) {
      scope = scope.and(SqlWhere.of(alias + ".name = ?", r.getId().getName()));
    }
    return q.and(scope);
  }
}
