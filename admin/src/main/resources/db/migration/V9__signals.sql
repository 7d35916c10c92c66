-- Signals of gate nodes (flyteadmin/pkg/repositories/models/signal.go): created by propeller (GetOrCreateSignal)
-- when a gate node starts, set by users (SetSignal). The execution is named by its columns, not a foreign key:
-- the execution row may not exist yet (or any more), as in FlyteAdmin.
CREATE TABLE signals (
    id                BIGSERIAL   PRIMARY KEY,
    execution_project TEXT        NOT NULL,
    execution_domain  TEXT        NOT NULL,
    execution_name    TEXT        NOT NULL,
    execution_org     TEXT        NOT NULL DEFAULT '',
    signal_id         TEXT        NOT NULL,
    type              BYTEA       NOT NULL,            -- core.LiteralType
    value             BYTEA,                           -- core.Literal; NULL until set
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- One signal per id within an execution; the key also serves ListSignals, which is scoped to one execution.
    CONSTRAINT signals_key UNIQUE (execution_project, execution_domain, execution_name, execution_org, signal_id)
);
