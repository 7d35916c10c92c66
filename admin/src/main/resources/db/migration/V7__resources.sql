-- Matchable attributes (flyteadmin/pkg/repositories/models/resource.go): one row per kind and level. Unused levels
-- are ''. A lookup takes the matching row with the highest priority (5 project, 10 project-domain, 100 workflow,
-- 1000 launch plan), as FlyteAdmin's ResourceRepo.Get does.
CREATE TABLE resources (
    id            BIGSERIAL   PRIMARY KEY,
    project       TEXT        NOT NULL,
    domain        TEXT        NOT NULL DEFAULT '',
    workflow      TEXT        NOT NULL DEFAULT '',
    launch_plan   TEXT        NOT NULL DEFAULT '',
    resource_type TEXT        NOT NULL,                 -- admin.MatchableResource name
    org           TEXT        NOT NULL DEFAULT '',
    priority      INTEGER     NOT NULL,
    attributes    BYTEA       NOT NULL,                 -- admin.MatchingAttributes
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Leading with (org, resource_type) serves both the lookup and ListMatchableAttributes.
    CONSTRAINT resources_key UNIQUE (org, resource_type, project, domain, workflow, launch_plan),
    CONSTRAINT resources_project_given CHECK (project <> ''),
    CONSTRAINT resources_workflow_needs_domain CHECK (workflow = '' OR domain <> ''),
    CONSTRAINT resources_launch_plan_needs_workflow CHECK (launch_plan = '' OR workflow <> ''),
    CONSTRAINT resources_priority_of_level CHECK (priority = CASE
        WHEN launch_plan <> '' THEN 1000 WHEN workflow <> '' THEN 100 WHEN domain <> '' THEN 10 ELSE 5 END)
);
