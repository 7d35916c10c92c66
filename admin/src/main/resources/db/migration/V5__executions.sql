-- Workflow executions (flyteadmin/pkg/repositories/models/execution.go). spec and closure are protobuf bytes; the
-- columns beside them are what list filters, sorts and the event rules read without parsing the closure.
CREATE TABLE executions (
    id                       BIGSERIAL   PRIMARY KEY,
    project                  TEXT        NOT NULL,
    domain                   TEXT        NOT NULL,
    name                     TEXT        NOT NULL,
    org                      TEXT        NOT NULL DEFAULT '',
    launch_plan_id           BIGINT      REFERENCES launch_plans (id),
    workflow_id              BIGINT      REFERENCES workflows (id),
    task_id                  BIGINT      REFERENCES tasks (id),      -- single-task executions
    phase                    TEXT        NOT NULL,                   -- core.WorkflowExecution.Phase name
    mode                     INTEGER     NOT NULL DEFAULT 0,         -- admin.ExecutionMetadata.ExecutionMode
    state                    INTEGER     NOT NULL DEFAULT 0,         -- admin.ExecutionState: 0 ACTIVE, 1 ARCHIVED
    spec                     BYTEA       NOT NULL,                   -- admin.ExecutionSpec
    closure                  BYTEA       NOT NULL,                   -- admin.ExecutionClosure
    inputs_uri               TEXT        NOT NULL DEFAULT '',
    user_inputs_uri          TEXT        NOT NULL DEFAULT '',
    cluster                  TEXT        NOT NULL DEFAULT '',
    namespace                TEXT        NOT NULL DEFAULT '',
    principal                TEXT        NOT NULL DEFAULT '',
    error_kind               TEXT,
    error_code               TEXT,
    abort_cause              TEXT,
    parent_node_execution_id BIGINT,
    source_execution_id      BIGINT      REFERENCES executions (id),
    event_version            INTEGER     NOT NULL DEFAULT 2,
    started_at               TIMESTAMPTZ,
    execution_created_at     TIMESTAMPTZ NOT NULL,
    execution_updated_at     TIMESTAMPTZ NOT NULL,
    duration_ns              BIGINT      NOT NULL DEFAULT 0,
    created_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT executions_key UNIQUE (project, domain, name, org)
);
-- ListExecutions is always scoped to project/domain; clients sort by created_at (flytectl, console) and filter on
-- phase, launch plan and workflow.
-- ListExecutions filters state = ACTIVE unless the request filters on state itself.
CREATE INDEX executions_created_idx ON executions (project, domain, state, created_at DESC, id DESC);
CREATE INDEX executions_phase_created_idx ON executions (project, domain, state, phase, created_at DESC, id DESC);
CREATE INDEX executions_launch_plan_idx ON executions (launch_plan_id, created_at DESC);
CREATE INDEX executions_workflow_idx ON executions (workflow_id, created_at DESC);
CREATE INDEX executions_task_idx ON executions (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX executions_parent_node_idx ON executions (parent_node_execution_id) WHERE parent_node_execution_id IS NOT NULL;

-- Execution tags (ExecutionSpec.tags; filters admin_tag.name).
CREATE TABLE execution_tags (
    execution_id BIGINT NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    PRIMARY KEY (execution_id, name)
);
CREATE INDEX execution_tags_name_idx ON execution_tags (name);
