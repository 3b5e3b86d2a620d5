-- Gamified: Orleans reminders (AdoNetReminderTable, Microsoft.Orleans.Reminders.AdoNet 10.4.2)
-- for PostgreSQL. Requires orleans-main.sql. Safe to re-run.
--
-- Contract:
--   Row-returning queries yield the columns GrainId, ReminderName, StartTime, Period
--   (milliseconds, read as Int64) and Version (the reminder's ETag).
--   UpsertReminderRowKey   @ServiceId @GrainId @ReminderName @StartTime @Period @GrainHash
--                          -> column Version (new ETag; must change on every upsert)
--   ReadReminderRowsKey    @ServiceId @GrainId
--   ReadReminderRowKey     @ServiceId @GrainId @ReminderName
--   ReadRangeRows1Key      @ServiceId @BeginHash @EndHash   GrainHash in (Begin, End]
--   ReadRangeRows2Key      @ServiceId @BeginHash @EndHash   GrainHash > Begin OR <= End
--                          (Orleans picks Rows1 when (int)Begin < (int)End, else Rows2;
--                          hashes are uint values passed and stored as signed int)
--   DeleteReminderRowKey   @ServiceId @GrainId @ReminderName @Version
--                          -> exactly one row, one column: true if the row with that
--                          version was deleted
--   DeleteReminderRowsKey  @ServiceId
-- @Period arrives as int, or as bigint when longer than int.MaxValue milliseconds.

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    CONSTRAINT orleans_reminder_pk PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Range reads (each silo loads the reminders of its part of the hash ring).
CREATE INDEX IF NOT EXISTS orleans_reminder_ring
    ON orleans_reminder (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'UpsertReminderRowKey',
    $q$INSERT INTO orleans_reminder AS r
       (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = excluded.start_time,
       period_ms  = excluded.period_ms,
       grain_hash = excluded.grain_hash,
       version    = r.version + 1
RETURNING r.version AS "Version";$q$
),
(
    'ReadReminderRowsKey',
    $q$SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId;$q$
),
(
    'ReadReminderRowKey',
    $q$SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId
   AND reminder_name = @ReminderName;$q$
),
(
    'ReadRangeRows1Key',
    $q$SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId
   AND grain_hash > @BeginHash
   AND grain_hash <= @EndHash;$q$
),
(
    'ReadRangeRows2Key',
    $q$SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId
   AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);$q$
),
(
    'DeleteReminderRowKey',
    $q$WITH removed AS (
    DELETE FROM orleans_reminder
     WHERE service_id = @ServiceId
       AND grain_id = @GrainId
       AND reminder_name = @ReminderName
       AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM removed) AS "Deleted";$q$
),
(
    'DeleteReminderRowsKey',
    $q$DELETE FROM orleans_reminder WHERE service_id = @ServiceId;$q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
