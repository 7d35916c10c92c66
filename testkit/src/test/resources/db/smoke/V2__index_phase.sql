CREATE INDEX smoke_executions_phase_idx ON smoke_executions (phase);
