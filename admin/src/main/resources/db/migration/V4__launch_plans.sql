-- Launch plans (flyteadmin/pkg/repositories/models/launch_plan.go). At most one ACTIVE version per name.
CREATE TABLE launch_plans (
    id          BIGSERIAL   PRIMARY KEY,
    project     TEXT        NOT NULL,
    domain      TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    version     TEXT        NOT NULL,
    org         TEXT        NOT NULL DEFAULT '',
    spec        BYTEA       NOT NULL,   -- admin.LaunchPlanSpec
    closure     BYTEA       NOT NULL,   -- admin.LaunchPlanClosure (state kept in its own column too)
    state       INTEGER     NOT NULL DEFAULT 0,   -- admin.LaunchPlanState: 0 INACTIVE, 1 ACTIVE
    digest      BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT launch_plans_identifier_key UNIQUE (project, domain, name, version, org)
);
CREATE INDEX launch_plans_name_created_idx ON launch_plans (project, domain, name, created_at DESC);
-- The database, not the code, guarantees one active version per launch plan name, also across replicas.
CREATE UNIQUE INDEX launch_plans_one_active_idx ON launch_plans (project, domain, name, org) WHERE state = 1;
