-- Description entities (flyteadmin/pkg/repositories/models/description_entity.go): the description a task or
-- workflow version was registered with (TaskSpec.description / WorkflowSpec.description), written in the same
-- transaction as the task or workflow row. The whole admin.DescriptionEntity is kept (FlyteAdmin keeps the short and
-- long description and the source link, and drops the tags); the columns are what filters and sorts read.
CREATE TABLE description_entities (
    id                BIGSERIAL   PRIMARY KEY,
    resource_type     INTEGER     NOT NULL,              -- core.ResourceType: 1 TASK, 2 WORKFLOW
    project           TEXT        NOT NULL,
    domain            TEXT        NOT NULL,
    name              TEXT        NOT NULL,
    version           TEXT        NOT NULL,
    org               TEXT        NOT NULL DEFAULT '',
    short_description TEXT        NOT NULL DEFAULT '',
    link              TEXT        NOT NULL DEFAULT '',   -- source_code.link
    entity            BYTEA       NOT NULL,              -- admin.DescriptionEntity, without its id
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT description_entities_key UNIQUE (resource_type, project, domain, name, version, org),
    CONSTRAINT description_entities_resource_type CHECK (resource_type IN (1, 2))
);
CREATE INDEX description_entities_name_created_idx
    ON description_entities (resource_type, project, domain, name, created_at DESC);
