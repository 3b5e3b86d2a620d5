-- Orleans reminders on SQLite, so a plan's deadline reminders survive a restart of the embedded server as they do on
-- PostgreSQL. Read and written by Gamified.Storage's SqliteReminderTable (our own IReminderTable over the server's SQLite
-- connection, off the silo's scheduler), not by the ADO.NET provider: no query texts. Times are Unix milliseconds (UTC).
-- grain_hash is the grain id's uniform hash (an unsigned 32-bit value), the ring position reminder ranges are read by.

CREATE TABLE IF NOT EXISTS orleans_reminders (
    service_id     TEXT    NOT NULL,
    grain_id       TEXT    NOT NULL,
    reminder_name  TEXT    NOT NULL,
    grain_hash     INTEGER NOT NULL,
    start_at       INTEGER NOT NULL,
    period_ms      INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX IF NOT EXISTS ix_orleans_reminders_hash ON orleans_reminders (service_id, grain_hash);
