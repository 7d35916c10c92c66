-- Named-entity metadata (flyteadmin/pkg/repositories/models/named_entity.go): the description and state of a task,
-- workflow or launch plan name, across its versions. A name without a row here is ACTIVE with no description.
CREATE TABLE named_entity_metadata (
    id            BIGSERIAL    PRIMARY KEY,
    resource_type INTEGER      NOT NULL,              -- core.ResourceType: 1 TASK, 2 WORKFLOW, 3 LAUNCH_PLAN
    project       TEXT         NOT NULL,
    domain        TEXT         NOT NULL,
    name          TEXT         NOT NULL,
    org           TEXT         NOT NULL DEFAULT '',
    description   VARCHAR(300) NOT NULL DEFAULT '',
    state         INTEGER      NOT NULL DEFAULT 0,    -- admin.NamedEntityState: 0 ACTIVE, 1 ARCHIVED, 2 SYSTEM_GENERATED
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT named_entity_metadata_key UNIQUE (resource_type, project, domain, name, org),
    CONSTRAINT named_entity_metadata_resource_type CHECK (resource_type IN (1, 2, 3))
);
