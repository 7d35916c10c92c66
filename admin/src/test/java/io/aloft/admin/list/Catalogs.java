package io.aloft.admin.list;

import static io.aloft.admin.list.ValueKind.DURATION_NANOS;
import static io.aloft.admin.list.ValueKind.ENUM;
import static io.aloft.admin.list.ValueKind.ENUM_NAME;
import static io.aloft.admin.list.ValueKind.INT;
import static io.aloft.admin.list.ValueKind.STRING;
import static io.aloft.admin.list.ValueKind.TIMESTAMP;

import flyteidl.admin.Common.NamedEntityState;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanState;
import flyteidl.admin.ProjectOuterClass.Project.ProjectState;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.WorkflowExecution;

/** Catalogs shaped like the ones admin's repositories declare, mirroring FlyteAdmin's model columns. */
final class Catalogs {
  private Catalogs() {}

  /** ListExecutions: executions e joined with launch_plans lp, workflows w, tasks t and execution tags et. */
  static final FieldCatalog EXECUTIONS = FieldCatalog.builder(Entity.EXECUTION)
      .field("project", "e.project", STRING)
      .field("domain", "e.domain", STRING)
      .field("name", "e.name", STRING)
      .field("phase", "e.phase", ENUM_NAME(WorkflowExecution.Phase.class))
      .field("created_at", "e.created_at", TIMESTAMP)
      .field("updated_at", "e.updated_at", TIMESTAMP)
      .field("started_at", "e.started_at", TIMESTAMP)
      .field("duration", "e.duration", DURATION_NANOS)
      .field("mode", "e.mode", INT)
      .field("user", "e.\"user\"", STRING)
      .field(Entity.LAUNCH_PLAN, "name", "lp.name", STRING)
      .field(Entity.LAUNCH_PLAN, "version", "lp.version", STRING)
      .field(Entity.WORKFLOW, "name", "w.name", STRING)
      .field(Entity.TASK, "name", "t.name", STRING)
      .field(Entity.EXECUTION_TAG, "name", "et.key", STRING)
      .sortOnly("id", "e.id")
      .tiebreaker("e.id")
      .build();

  /** ListTasks: tasks t, no joins. */
  static final FieldCatalog TASKS = FieldCatalog.builder(Entity.TASK)
      .field("project", "t.project", STRING)
      .field("domain", "t.domain", STRING)
      .field("name", "t.name", STRING)
      .field("version", "t.version", STRING)
      .field("type", "t.type", STRING)
      .field("created_at", "t.created_at", TIMESTAMP)
      .field("foo", "t.foo", STRING)
      .field("bar", "t.bar", STRING)
      .tiebreaker("t.id")
      .build();

  /** ListLaunchPlans: launch_plans lp joined with workflows w. */
  static final FieldCatalog LAUNCH_PLANS = FieldCatalog.builder(Entity.LAUNCH_PLAN)
      .field("name", "lp.name", STRING)
      .field("version", "lp.version", STRING)
      .field("state", "lp.state", ENUM(LaunchPlanState.class))
      .field("created_at", "lp.created_at", TIMESTAMP)
      .field(Entity.WORKFLOW, "name", "w.name", STRING)
      .tiebreaker("lp.id")
      .build();

  /** ListNamedEntities: entity rows left-joined with named_entity_metadata nem (state defaults to ACTIVE = 0). */
  static final FieldCatalog NAMED_ENTITIES = FieldCatalog.builder(Entity.NAMED_ENTITY)
      .field("name", "ne.name", STRING)
      .field("state", "COALESCE(nem.state, 0)", ENUM(NamedEntityState.class))
      .field("description", "nem.description", STRING)
      .tiebreaker("ne.name")
      .build();

  /** ListProjects. */
  static final FieldCatalog PROJECTS = FieldCatalog.builder(Entity.PROJECT)
      .field("identifier", "p.identifier", STRING)
      .field("name", "p.name", STRING)
      .field("state", "p.state", ENUM(ProjectState.class))
      .field("created_at", "p.created_at", TIMESTAMP)
      .tiebreaker("p.identifier")
      .build();

  /** ListNodeExecutions: node_executions n joined with executions e. */
  static final FieldCatalog NODE_EXECUTIONS = FieldCatalog.builder(Entity.NODE_EXECUTION)
      .field("node_id", "n.node_id", STRING)
      .field("phase", "n.phase", ENUM_NAME(NodeExecution.Phase.class))
      .field("created_at", "n.created_at", TIMESTAMP)
      .field("duration", "n.duration", ValueKind.DURATION_SECONDS)
      .field(Entity.EXECUTION, "phase", "e.phase", ENUM_NAME(WorkflowExecution.Phase.class))
      .tiebreaker("n.id")
      .build();

  /** ListDescriptionEntities: FlyteAdmin parses its filters against the task (or workflow) entity. */
  static final FieldCatalog DESCRIPTION_ENTITIES = FieldCatalog.builder(Entity.DESCRIPTION_ENTITY)
      .field("created_at", "d.created_at", TIMESTAMP)
      .field(Entity.TASK, "name", "d.name", STRING)
      .field(Entity.TASK, "version", "d.version", STRING)
      .field(Entity.WORKFLOW, "name", "d.name", STRING)
      .tiebreaker("d.id")
      .build();
}
