-- Projects, as FlyteAdmin keeps them (flyteadmin/pkg/repositories/models/project.go). Domains come from config.
CREATE TABLE projects (
    identifier  TEXT        NOT NULL PRIMARY KEY,
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    labels      BYTEA,                              -- admin.Labels, serialized protobuf
    state       INTEGER     NOT NULL DEFAULT 0,     -- admin.Project.ProjectState
    org         TEXT        NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- ListProjects excludes archived projects unless asked, and sorts by identifier.
CREATE INDEX projects_state_identifier_idx ON projects (state, identifier);
