-- Tasks (flyteadmin/pkg/repositories/models/task.go): the closure (admin.TaskClosure with the compiled task) as
-- protobuf bytes, and the digest that tells an identical re-registration from a conflicting one.
CREATE TABLE tasks (
    id          BIGSERIAL   PRIMARY KEY,
    project     TEXT        NOT NULL,
    domain      TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    version     TEXT        NOT NULL,
    org         TEXT        NOT NULL DEFAULT '',
    type        TEXT        NOT NULL,
    closure     BYTEA       NOT NULL,
    digest      BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT tasks_identifier_key UNIQUE (project, domain, name, version, org)
);
-- flytekit finds the latest version with ListTasks(id={p,d,name}, sort created_at DESC, limit 1).
CREATE INDEX tasks_name_created_idx ON tasks (project, domain, name, created_at DESC);
