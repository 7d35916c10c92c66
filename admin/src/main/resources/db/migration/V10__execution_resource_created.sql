-- Whether the execution's workflow resource was created. A launch records its row first and creates the resource
-- second; if admin dies in between, the launch repair (LaunchRepair) finds the row by this flag and creates the
-- resource then. Rows that existed before this migration had their resource created (or their failure recorded).
ALTER TABLE executions ADD COLUMN resource_created BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE executions ALTER COLUMN resource_created SET DEFAULT false;
CREATE INDEX executions_resource_pending_idx ON executions (created_at) WHERE NOT resource_created;
