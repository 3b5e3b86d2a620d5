-- Gamified: Orleans grain storage (AdoNetGrainStorage, Microsoft.Orleans.Persistence.AdoNet 10.4.2)
-- for PostgreSQL. Requires orleans-main.sql. Safe to re-run.
--
-- Contract (what Orleans sends and reads back):
--   Parameters, all operations: GrainIdHash int, GrainIdN0 bigint, GrainIdN1 bigint,
--     GrainTypeHash int, GrainTypeString text, GrainIdExtensionString text (may be NULL),
--     ServiceId text.
--   WriteToStorageKey  + GrainStateVersion int (NULL = never stored), PayloadBinary bytea
--                      -> column NewGrainStateVersion.
--   ReadFromStorageKey -> columns PayloadBinary, Version; at most one row.
--   ClearStorageKey    + GrainStateVersion -> one column (new version).
--   DeleteStorageKey   + GrainStateVersion -> one column (any value other than the ETag);
--                      only used when the provider is configured with DeleteStateOnClear=true.
--
-- Versioning: Version is the grain's ETag. A row is created with Version 1 and every
-- successful write or clear adds 1. A write/clear/delete whose GrainStateVersion does
-- not match the stored Version returns NO row; Orleans turns that into an
-- InconsistentStateException. A first write (GrainStateVersion NULL) for a grain that
-- already has a row is rejected the same way.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    grain_id_hash   integer     NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    grain_type_hash integer     NOT NULL,
    grain_type      text        NOT NULL,
    grain_key_ext   text        NULL,      -- string key or key extension, NULL when absent
    service_id      text        NOT NULL,
    payload         bytea       NULL,      -- NULL after a clear
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per (service, grain type, grain id). The long text parts are indexed through
-- md5() so the index stays narrow whatever their length; a NULL extension is mapped to a
-- value no md5 can produce, so NULL and '' stay distinct but NULL is still unique.
-- The leading hash columns also serve every lookup below.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_identity
    ON orleans_grain_state
    (
        grain_id_hash,
        grain_type_hash,
        grain_id_n0,
        grain_id_n1,
        service_id,
        md5(grain_type),
        coalesce(md5(grain_key_ext), '-')
    );

-- Read: the stored payload and version of one grain (no row when never written).
CREATE OR REPLACE FUNCTION orleans_grain_state_read(
    p_id_hash   integer,
    p_id_n0     bigint,
    p_id_n1     bigint,
    p_type_hash integer,
    p_type      text,
    p_key_ext   text,
    p_service   text)
RETURNS TABLE ("PayloadBinary" bytea, "Version" integer)
LANGUAGE sql STABLE
AS $fn$
    SELECT g.payload, g.version
      FROM orleans_grain_state AS g
     WHERE g.grain_id_hash = p_id_hash
       AND g.grain_type_hash = p_type_hash
       AND g.grain_id_n0 = p_id_n0
       AND g.grain_id_n1 = p_id_n1
       AND g.service_id = p_service
       AND g.grain_type = p_type
       AND g.grain_key_ext IS NOT DISTINCT FROM p_key_ext
     LIMIT 1;
$fn$;

-- Write: insert (expected version NULL) or compare-and-swap update (expected version
-- given). Returns the new version, or NULL when the expectation did not hold.
CREATE OR REPLACE FUNCTION orleans_grain_state_write(
    p_id_hash   integer,
    p_id_n0     bigint,
    p_id_n1     bigint,
    p_type_hash integer,
    p_type      text,
    p_key_ext   text,
    p_service   text,
    p_expected  integer,
    p_payload   bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_stored integer;
BEGIN
    IF p_expected IS NULL THEN
        -- Never stored (as far as the grain knows): only a brand-new row is acceptable.
        -- A concurrent or earlier row makes the unique index skip the insert.
        INSERT INTO orleans_grain_state AS g
            (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type,
             grain_key_ext, service_id, payload, version, modified_at)
        VALUES
            (p_id_hash, p_id_n0, p_id_n1, p_type_hash, p_type,
             p_key_ext, p_service, p_payload, 1, now())
        ON CONFLICT DO NOTHING
        RETURNING g.version INTO v_stored;
    ELSE
        -- The row lock taken by UPDATE serialises competing writers; the loser re-checks
        -- the version after the winner commits and matches nothing.
        UPDATE orleans_grain_state AS g
           SET payload = p_payload,
               version = g.version + 1,
               modified_at = now()
         WHERE g.grain_id_hash = p_id_hash
           AND g.grain_type_hash = p_type_hash
           AND g.grain_id_n0 = p_id_n0
           AND g.grain_id_n1 = p_id_n1
           AND g.service_id = p_service
           AND g.grain_type = p_type
           AND g.grain_key_ext IS NOT DISTINCT FROM p_key_ext
           AND g.version = p_expected
        RETURNING g.version INTO v_stored;
    END IF;

    RETURN v_stored;
END;
$fn$;

-- Clear: keep the row, drop the payload, bump the version (so the ETag keeps moving).
-- Returns the new version, or NULL on a version mismatch.
CREATE OR REPLACE FUNCTION orleans_grain_state_clear(
    p_id_hash   integer,
    p_id_n0     bigint,
    p_id_n1     bigint,
    p_type_hash integer,
    p_type      text,
    p_key_ext   text,
    p_service   text,
    p_expected  integer)
RETURNS integer
LANGUAGE sql
AS $fn$
    UPDATE orleans_grain_state AS g
       SET payload = NULL,
           version = g.version + 1,
           modified_at = now()
     WHERE g.grain_id_hash = p_id_hash
       AND g.grain_type_hash = p_type_hash
       AND g.grain_id_n0 = p_id_n0
       AND g.grain_id_n1 = p_id_n1
       AND g.service_id = p_service
       AND g.grain_type = p_type
       AND g.grain_key_ext IS NOT DISTINCT FROM p_key_ext
       AND g.version = p_expected
    RETURNING g.version;
$fn$;

-- Delete (DeleteStateOnClear=true): remove the row. Returns the removed version + 1,
-- a value that differs from the caller's ETag, or NULL on a version mismatch.
CREATE OR REPLACE FUNCTION orleans_grain_state_delete(
    p_id_hash   integer,
    p_id_n0     bigint,
    p_id_n1     bigint,
    p_type_hash integer,
    p_type      text,
    p_key_ext   text,
    p_service   text,
    p_expected  integer)
RETURNS integer
LANGUAGE sql
AS $fn$
    DELETE FROM orleans_grain_state AS g
     WHERE g.grain_id_hash = p_id_hash
       AND g.grain_type_hash = p_type_hash
       AND g.grain_id_n0 = p_id_n0
       AND g.grain_id_n1 = p_id_n1
       AND g.service_id = p_service
       AND g.grain_type = p_type
       AND g.grain_key_ext IS NOT DISTINCT FROM p_key_ext
       AND g.version = p_expected
    RETURNING g.version + 1;
$fn$;

-- The query texts Orleans executes. "WHERE v IS NOT NULL" turns a rejected operation
-- into an empty result, which is how the provider recognises a version conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'ReadFromStorageKey',
    $q$SELECT "PayloadBinary", "Version"
  FROM orleans_grain_state_read(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
                                @GrainTypeString, @GrainIdExtensionString, @ServiceId);$q$
),
(
    'WriteToStorageKey',
    $q$SELECT v AS "NewGrainStateVersion"
  FROM orleans_grain_state_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
                                 @GrainTypeString, @GrainIdExtensionString, @ServiceId,
                                 @GrainStateVersion, @PayloadBinary) AS v
 WHERE v IS NOT NULL;$q$
),
(
    'ClearStorageKey',
    $q$SELECT v AS "NewGrainStateVersion"
  FROM orleans_grain_state_clear(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
                                 @GrainTypeString, @GrainIdExtensionString, @ServiceId,
                                 @GrainStateVersion) AS v
 WHERE v IS NOT NULL;$q$
),
(
    'DeleteStorageKey',
    $q$SELECT v AS "NewGrainStateVersion"
  FROM orleans_grain_state_delete(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
                                  @GrainTypeString, @GrainIdExtensionString, @ServiceId,
                                  @GrainStateVersion) AS v
 WHERE v IS NOT NULL;$q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
