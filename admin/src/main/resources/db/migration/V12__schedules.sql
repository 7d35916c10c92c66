-- Launch-plan schedules (flyteadmin/scheduler/repositories/models/schedulable_entity.go, with the last fired time
-- its snapshot keeps in schedule_entities_snapshot.go, as columns of one row). One row per launch plan name, for its
-- ACTIVE version; deactivation keeps the row with active = false. Every admin replica polls for due rows and claims
-- them with SELECT ... FOR UPDATE SKIP LOCKED, so one replica fires a time and advances next_fire_at in the same
-- transaction; the execution's name is derived from the launch plan version and the time, so even a repeated fire
-- meets the first as ALREADY_EXISTS.
CREATE TABLE schedules (
    id              BIGSERIAL   PRIMARY KEY,
    project         TEXT        NOT NULL,
    domain          TEXT        NOT NULL,
    name            TEXT        NOT NULL,
    org             TEXT        NOT NULL DEFAULT '',
    launch_plan_id  BIGINT      NOT NULL REFERENCES launch_plans (id),  -- the version whose schedule this is
    schedule        BYTEA       NOT NULL,   -- admin.Schedule of that version
    active          BOOLEAN     NOT NULL,
    next_fire_at    TIMESTAMPTZ NOT NULL,   -- the earliest scheduled time not fired yet
    last_fired_at   TIMESTAMPTZ,            -- the latest scheduled time fired (or given up on)
    updated_at      TIMESTAMPTZ NOT NULL,
    CONSTRAINT schedules_name_key UNIQUE (project, domain, name, org)
);
CREATE INDEX schedules_due_idx ON schedules (next_fire_at) WHERE active;
