-- The audit log of privileged actions: who, what, when, from where, and how it ended. Append-only.

CREATE TABLE IF NOT EXISTS audit_log (
    position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              bigint       NOT NULL,       -- Unix milliseconds, UTC
    actor           varchar(256) NOT NULL,       -- the token's subject
    roles           varchar(256) NOT NULL,       -- the token's roles, comma-separated
    action          varchar(64)  NOT NULL,       -- the GraphQL field, e.g. createDepartment
    target          varchar(256) NULL,           -- the id acted on, when there is one
    outcome         varchar(64)  NOT NULL,       -- OK, or the error code
    details         text         NOT NULL,       -- the arguments, JSON
    client_address  varchar(64)  NULL
);
CREATE INDEX IF NOT EXISTS ix_audit_log_actor ON audit_log (actor, position);
CREATE INDEX IF NOT EXISTS ix_audit_log_action ON audit_log (action, position);

CREATE OR REPLACE FUNCTION gamified_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$fn$;
CREATE OR REPLACE TRIGGER tr_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION gamified_refuse_audit_change();
