-- Gamified: Orleans cluster membership (AdoNetClusteringTable / AdoNetGatewayListProvider,
-- Microsoft.Orleans.Clustering.AdoNet 10.4.2) for PostgreSQL. Requires orleans-main.sql.
-- Safe to re-run.
--
-- Contract: Orleans passes its ClusterId as @DeploymentId. A silo is identified by
-- (@Address text, @Port int, @Generation int). Times are UTC DateTime values.
-- The membership table has a single version per cluster: every successful insert or
-- update of a silo row must check that version against @Version (the version Orleans
-- last read) and increase it by one; a mismatch must return false and change nothing.
--
--   InsertMembershipVersionKey      @DeploymentId -> one row, one column: true if created
--   InsertMembershipKey             @DeploymentId @Address @Port @Generation @SiloName @HostName
--                                   @Status @ProxyPort @StartTime @IAmAliveTime @Version
--                                   -> one row, one column: true on success
--   UpdateMembershipKey             @DeploymentId @Address @Port @Generation @Status
--                                   @SuspectTimes @IAmAliveTime @Version -> one row, one column
--   UpdateIAmAlivetimeKey           @DeploymentId @Address @Port @Generation @IAmAliveTime
--   MembershipReadRowKey            @DeploymentId @Address @Port @Generation
--   MembershipReadAllKey            @DeploymentId
--                                   -> Address, Port, Generation, SiloName, HostName, Status,
--                                      ProxyPort, SuspectTimes, StartTime, IAmAliveTime, Version;
--                                      always at least one row (the version), silo columns NULL
--                                      when no silo matches
--   GatewaysQueryKey                @DeploymentId @Status -> Address, ProxyPort, Generation
--   DeleteMembershipTableEntriesKey @DeploymentId
--   CleanupDefunctSiloEntriesKey    @DeploymentId @IAmAliveTime (cut-off)
--   CleanupDefunctSiloEntryKey      optional in 10.4.2; when present the provider prefers it:
--                                   @DeploymentId @Address @Port @Generation @StartTime
--                                   @IAmAliveTime @SuspectTimes, one call per dead silo it
--                                   read, delete only if the row is unchanged since.
--
-- Silo status numbers (Orleans SiloStatus): 1 Created, 2 Joining, 3 Active,
-- 4 ShuttingDown, 5 Stopping, 6 Dead.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id text        NOT NULL,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_membership_version_pk PRIMARY KEY (deployment_id)
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   text        NOT NULL,
    address         varchar(45) NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL,
    suspect_times   text        NULL,       -- "silo,date|silo,date", written by Orleans
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT orleans_membership_pk PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT orleans_membership_cluster_fk FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE
);

-- Add a silo row, guarded by the cluster version. The version row is locked first, so
-- concurrent membership changes of one cluster are applied one at a time and a loser
-- sees the version already moved on.
CREATE OR REPLACE FUNCTION orleans_membership_add_silo(
    p_cluster      text,
    p_address      text,
    p_port         integer,
    p_generation   integer,
    p_silo_name    text,
    p_host_name    text,
    p_status       integer,
    p_proxy_port   integer,
    p_start_time   timestamptz,
    p_i_am_alive   timestamptz,
    p_seen_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_current integer;
BEGIN
    SELECT mv.version INTO v_current
      FROM orleans_membership_version AS mv
     WHERE mv.deployment_id = p_cluster
       FOR UPDATE;

    IF NOT FOUND OR v_current IS DISTINCT FROM p_seen_version THEN
        RETURN false;
    END IF;

    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name,
         status, proxy_port, suspect_times, start_time, i_am_alive_time)
    VALUES
        (p_cluster, p_address, p_port, p_generation, p_silo_name, p_host_name,
         p_status, p_proxy_port, NULL, p_start_time, p_i_am_alive)
    ON CONFLICT (deployment_id, address, port, generation) DO NOTHING;

    IF NOT FOUND THEN
        RETURN false;   -- that silo instance is already registered
    END IF;

    UPDATE orleans_membership_version
       SET version = version + 1,
           changed_at = now()
     WHERE deployment_id = p_cluster;

    RETURN true;
END;
$fn$;

-- Change a silo row (status, suspicions, liveness), guarded by the cluster version.
CREATE OR REPLACE FUNCTION orleans_membership_change_silo(
    p_cluster       text,
    p_address       text,
    p_port          integer,
    p_generation    integer,
    p_status        integer,
    p_suspect_times text,
    p_i_am_alive    timestamptz,
    p_seen_version  integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_current integer;
BEGIN
    SELECT mv.version INTO v_current
      FROM orleans_membership_version AS mv
     WHERE mv.deployment_id = p_cluster
       FOR UPDATE;

    IF NOT FOUND OR v_current IS DISTINCT FROM p_seen_version THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership AS m
       SET status = p_status,
           suspect_times = p_suspect_times,
           i_am_alive_time = p_i_am_alive
     WHERE m.deployment_id = p_cluster
       AND m.address = p_address
       AND m.port = p_port
       AND m.generation = p_generation;

    IF NOT FOUND THEN
        RETURN false;   -- unknown silo: leave the version untouched
    END IF;

    UPDATE orleans_membership_version
       SET version = version + 1,
           changed_at = now()
     WHERE deployment_id = p_cluster;

    RETURN true;
END;
$fn$;

-- Membership rows of a cluster joined onto its version row. The LEFT JOIN keeps the
-- version row even when no silo matches; p_only_silo = false returns every silo.
CREATE OR REPLACE FUNCTION orleans_membership_rows(
    p_cluster    text,
    p_only_silo  boolean,
    p_address    text,
    p_port       integer,
    p_generation integer)
RETURNS TABLE
(
    "Address"      varchar,
    "Port"         integer,
    "Generation"   integer,
    "SiloName"     text,
    "HostName"     text,
    "Status"       integer,
    "ProxyPort"    integer,
    "SuspectTimes" text,
    "StartTime"    timestamptz,
    "IAmAliveTime" timestamptz,
    "Version"      integer
)
LANGUAGE sql STABLE
AS $fn$
    SELECT m.address, m.port, m.generation, m.silo_name, m.host_name, m.status,
           m.proxy_port, m.suspect_times, m.start_time, m.i_am_alive_time, mv.version
      FROM orleans_membership_version AS mv
      LEFT JOIN orleans_membership AS m
        ON m.deployment_id = mv.deployment_id
       AND (NOT p_only_silo
            OR (m.address = p_address AND m.port = p_port AND m.generation = p_generation))
     WHERE mv.deployment_id = p_cluster;
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'InsertMembershipVersionKey',
    $q$WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id, version, changed_at)
    VALUES (@DeploymentId, 0, now())
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created) AS "Created";$q$
),
(
    'InsertMembershipKey',
    $q$SELECT orleans_membership_add_silo(@DeploymentId, @Address, @Port, @Generation,
                                   @SiloName, @HostName, @Status, @ProxyPort,
                                   @StartTime, @IAmAliveTime, @Version) AS "Succeeded";$q$
),
(
    'UpdateMembershipKey',
    $q$SELECT orleans_membership_change_silo(@DeploymentId, @Address, @Port, @Generation,
                                      @Status, @SuspectTimes, @IAmAliveTime,
                                      @Version) AS "Succeeded";$q$
),
(
    'UpdateIAmAlivetimeKey',
    $q$UPDATE orleans_membership
   SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation;$q$
),
(
    'MembershipReadRowKey',
    $q$SELECT * FROM orleans_membership_rows(@DeploymentId, true, @Address, @Port, @Generation);$q$
),
(
    'MembershipReadAllKey',
    $q$SELECT * FROM orleans_membership_rows(@DeploymentId, false, NULL, NULL, NULL);$q$
),
(
    'GatewaysQueryKey',
    $q$SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
  FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND status = @Status
   AND proxy_port > 0;$q$
),
(
    -- Removing the version row removes the cluster's silo rows through ON DELETE CASCADE.
    'DeleteMembershipTableEntriesKey',
    $q$DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;$q$
),
(
    'CleanupDefunctSiloEntriesKey',
    $q$DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND i_am_alive_time < @IAmAliveTime
   AND status <> 3;$q$
),
(
    'CleanupDefunctSiloEntryKey',
    $q$DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation
   AND status = 6
   AND start_time = @StartTime
   AND i_am_alive_time = @IAmAliveTime
   AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '');$q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
