-- Node and task executions, created and updated by propeller's events (flyteadmin/pkg/repositories/models/
-- node_execution.go, task_execution.go). Closures and metadata are protobuf bytes; the columns beside them are what
-- the event rules, list filters and sorts read without parsing the closure.
CREATE TABLE node_executions (
    id                          BIGSERIAL   PRIMARY KEY,
    execution_id                BIGINT      NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    node_id                     TEXT        NOT NULL,                -- the unique node id propeller reports
    phase                       TEXT        NOT NULL,                -- core.NodeExecution.Phase name
    input_uri                   TEXT        NOT NULL DEFAULT '',
    closure                     BYTEA       NOT NULL,                -- admin.NodeExecutionClosure
    metadata                    BYTEA       NOT NULL,                -- admin.NodeExecutionMetaData
    started_at                  TIMESTAMPTZ,
    node_execution_created_at   TIMESTAMPTZ NOT NULL,                -- the first event's occurred_at
    node_execution_updated_at   TIMESTAMPTZ NOT NULL,                -- the last event's reported_at (or occurred_at)
    duration_ns                 BIGINT      NOT NULL DEFAULT 0,
    parent_id                   BIGINT      REFERENCES node_executions (id),  -- parent_node_metadata
    parent_task_execution_id    BIGINT,                              -- parent_task_metadata (FK below)
    error_kind                  TEXT,
    error_code                  TEXT,
    cache_status                TEXT,
    dynamic_workflow_remote_closure_reference TEXT NOT NULL DEFAULT '',
    event_version               INTEGER     NOT NULL DEFAULT 0,
    created_at                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- One row per node execution, also when two events for it race (the loser re-reads and updates).
    CONSTRAINT node_executions_key UNIQUE (execution_id, node_id)
);
-- ListNodeExecutions without unique_parent_id: the top-level nodes of one execution, by creation (flytekit's sort).
CREATE INDEX node_executions_top_level_idx ON node_executions (execution_id, created_at, id)
    WHERE parent_id IS NULL AND parent_task_execution_id IS NULL;
-- ... filtered by phase (eq(phase,...), value_in(phase,...)).
CREATE INDEX node_executions_phase_idx ON node_executions (execution_id, phase, created_at, id);
-- ListNodeExecutions with unique_parent_id: the children of one node execution.
CREATE INDEX node_executions_parent_idx ON node_executions (parent_id, created_at, id) WHERE parent_id IS NOT NULL;

CREATE TABLE task_executions (
    id                          BIGSERIAL   PRIMARY KEY,
    node_execution_id           BIGINT      NOT NULL REFERENCES node_executions (id) ON DELETE CASCADE,
    task_project                TEXT        NOT NULL,
    task_domain                 TEXT        NOT NULL,
    task_name                   TEXT        NOT NULL,
    task_version                TEXT        NOT NULL,
    task_org                    TEXT        NOT NULL DEFAULT '',
    retry_attempt               BIGINT      NOT NULL,                -- uint32 on the wire
    phase                       TEXT        NOT NULL,                -- core.TaskExecution.Phase name
    phase_version               BIGINT      NOT NULL DEFAULT 0,      -- uint32 on the wire
    input_uri                   TEXT        NOT NULL DEFAULT '',
    closure                     BYTEA       NOT NULL,                -- admin.TaskExecutionClosure
    started_at                  TIMESTAMPTZ,
    task_execution_created_at   TIMESTAMPTZ NOT NULL,
    task_execution_updated_at   TIMESTAMPTZ NOT NULL,
    duration_ns                 BIGINT      NOT NULL DEFAULT 0,
    created_at                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- One row per attempt of a task in a node execution (FlyteAdmin's primary key).
    CONSTRAINT task_executions_key UNIQUE (node_execution_id, task_project, task_domain, task_name, task_version,
        task_org, retry_attempt)
);
-- ListTaskExecutions: the attempts of one node execution, by creation.
CREATE INDEX task_executions_node_idx ON task_executions (node_execution_id, created_at, id);

ALTER TABLE node_executions ADD CONSTRAINT node_executions_parent_task_fk
    FOREIGN KEY (parent_task_execution_id) REFERENCES task_executions (id);
-- ListNodeExecutionsForTask: the nodes a task execution (a dynamic task, eventVersion 0) launched; also whether a
-- task execution is a parent.
CREATE INDEX node_executions_parent_task_idx ON node_executions (parent_task_execution_id, created_at, id)
    WHERE parent_task_execution_id IS NOT NULL;
