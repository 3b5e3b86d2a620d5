-- Gamified: Orleans grain storage (AdoNetGrainStorage, Microsoft.Orleans.Persistence.AdoNet
-- 10.4.2) for SQLite. Requires orleans-main.sql. Safe to re-run. Needs SQLite 3.35+
-- (RETURNING); Microsoft.Data.Sqlite ships a newer SQLite.
--
-- Contract: see ../README.md. Parameters are bound by name (@Name):
--   all operations  @GrainIdHash @GrainIdN0 @GrainIdN1 @GrainTypeHash @GrainTypeString
--                   @GrainIdExtensionString (may be NULL) @ServiceId
--   WriteToStorageKey  + @GrainStateVersion (NULL = never stored) @PayloadBinary
--                        -> NewGrainStateVersion
--   ReadFromStorageKey -> PayloadBinary, Version (at most one row)
--   ClearStorageKey    + @GrainStateVersion -> NewGrainStateVersion
--   DeleteStorageKey   + @GrainStateVersion -> NewGrainStateVersion (DeleteStateOnClear=true)
--
-- SQLite has no stored procedures, so each query text is plain SQL. The provider reads
-- the rows of every result set the command produces and expects at most one row in
-- total, so each text below is built so that at most one of its statements returns a
-- row. A rejected operation (version mismatch, or a first write for a grain that
-- already has a row) returns no row at all, which Orleans reports as an
-- InconsistentStateException. Every statement is a single atomic statement, so no
-- explicit transaction is needed.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    grain_id_hash   INTEGER NOT NULL,
    grain_id_n0     INTEGER NOT NULL,
    grain_id_n1     INTEGER NOT NULL,
    grain_type_hash INTEGER NOT NULL,
    grain_type      TEXT    NOT NULL,
    grain_key_ext   TEXT    NULL,       -- string key or key extension, NULL when absent
    service_id      TEXT    NOT NULL,
    payload         BLOB    NULL,       -- NULL after a clear
    version         INTEGER NOT NULL,   -- the ETag: 1 on insert, +1 per write or clear
    modified_at     TEXT    NOT NULL    -- UTC, informational only
);

-- One row per grain. UNIQUE treats NULLs as distinct, so a missing extension is
-- indexed as the blob x'00', which can never equal a TEXT value.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_identity
    ON orleans_grain_state
    (
        grain_id_hash,
        grain_type_hash,
        grain_id_n0,
        grain_id_n1,
        service_id,
        grain_type,
        ifnull(grain_key_ext, x'00')
    );

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'ReadFromStorageKey',
    'SELECT payload AS PayloadBinary, version AS Version
  FROM orleans_grain_state
 WHERE grain_id_hash = @GrainIdHash
   AND grain_type_hash = @GrainTypeHash
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND service_id = @ServiceId
   AND grain_type = @GrainTypeString
   AND grain_key_ext IS @GrainIdExtensionString
 LIMIT 1;'
),
(
    -- Two statements, exactly one of which can return a row:
    --  1. ETag known: compare-and-swap update of the stored row.
    --  2. ETag NULL: insert a new row; an existing row makes it a no-op.
    'WriteToStorageKey',
    'UPDATE orleans_grain_state
   SET payload = @PayloadBinary,
       version = version + 1,
       modified_at = CURRENT_TIMESTAMP
 WHERE @GrainStateVersion IS NOT NULL
   AND grain_id_hash = @GrainIdHash
   AND grain_type_hash = @GrainTypeHash
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND service_id = @ServiceId
   AND grain_type = @GrainTypeString
   AND grain_key_ext IS @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;

INSERT INTO orleans_grain_state
       (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type,
        grain_key_ext, service_id, payload, version, modified_at)
SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
       @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1, CURRENT_TIMESTAMP
 WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;'
),
(
    -- Keep the row, drop the payload, move the version on.
    'ClearStorageKey',
    'UPDATE orleans_grain_state
   SET payload = NULL,
       version = version + 1,
       modified_at = CURRENT_TIMESTAMP
 WHERE grain_id_hash = @GrainIdHash
   AND grain_type_hash = @GrainTypeHash
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND service_id = @ServiceId
   AND grain_type = @GrainTypeString
   AND grain_key_ext IS @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;'
),
(
    -- Remove the row; the returned value only has to differ from the ETag sent by Orleans.
    'DeleteStorageKey',
    'DELETE FROM orleans_grain_state
 WHERE grain_id_hash = @GrainIdHash
   AND grain_type_hash = @GrainTypeHash
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND service_id = @ServiceId
   AND grain_type = @GrainTypeString
   AND grain_key_ext IS @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING version + 1 AS NewGrainStateVersion;'
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
