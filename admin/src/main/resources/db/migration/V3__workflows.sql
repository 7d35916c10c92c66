-- Workflows (flyteadmin/pkg/repositories/models/workflow.go). As in FlyteAdmin the compiled closure lives in the
-- blob store; the row keeps where it is, its digest and the typed interface (what list views need).
CREATE TABLE workflows (
    id                        BIGSERIAL   PRIMARY KEY,
    project                   TEXT        NOT NULL,
    domain                    TEXT        NOT NULL,
    name                      TEXT        NOT NULL,
    version                   TEXT        NOT NULL,
    org                       TEXT        NOT NULL DEFAULT '',
    typed_interface           BYTEA       NOT NULL,   -- core.TypedInterface
    remote_closure_identifier TEXT        NOT NULL,   -- s3://bucket/key of the admin.WorkflowClosure
    digest                    BYTEA       NOT NULL,
    created_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT workflows_identifier_key UNIQUE (project, domain, name, version, org)
);
CREATE INDEX workflows_name_created_idx ON workflows (project, domain, name, created_at DESC);
