-- The audit log of privileged actions: who, what, when, from where, and how it ended. Append-only.

CREATE TABLE IF NOT EXISTS audit_log (
    position        INTEGER PRIMARY KEY AUTOINCREMENT,
    at              INTEGER NOT NULL,            -- Unix milliseconds, UTC
    actor           TEXT    NOT NULL,            -- the token's subject
    roles           TEXT    NOT NULL,            -- the token's roles, comma-separated
    action          TEXT    NOT NULL,            -- the GraphQL field, e.g. createDepartment
    target          TEXT    NULL,                -- the id acted on, when there is one
    outcome         TEXT    NOT NULL,            -- OK, or the error code
    details         TEXT    NOT NULL,            -- the arguments, JSON
    client_address  TEXT    NULL
);
CREATE INDEX IF NOT EXISTS ix_audit_log_actor ON audit_log (actor, position);
CREATE INDEX IF NOT EXISTS ix_audit_log_action ON audit_log (action, position);

CREATE TRIGGER IF NOT EXISTS tr_audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS tr_audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
