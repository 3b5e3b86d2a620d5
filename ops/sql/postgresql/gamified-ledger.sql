-- Gamified's own tables: learner accounts, the append-only award ledger and recorded activity.
-- Times are Unix milliseconds (UTC). Idempotent: safe to run on a database that already has them.

CREATE TABLE IF NOT EXISTS learner_accounts (
    learner_id     varchar(64)  NOT NULL PRIMARY KEY,
    department_id  varchar(64)  NOT NULL,
    xp             bigint       NOT NULL DEFAULT 0,
    entry_count    bigint       NOT NULL DEFAULT 0,   -- seq of the newest ledger entry
    last_hash      char(64)     NOT NULL,             -- hash of the newest ledger entry (or the genesis hash)
    registered_at  bigint       NOT NULL,
    updated_at     bigint       NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_learner_accounts_department ON learner_accounts (department_id);

CREATE TABLE IF NOT EXISTS ledger_entries (
    position       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- global append order
    learner_id     varchar(64)  NOT NULL,
    seq            bigint       NOT NULL,
    kind           varchar(16)  NOT NULL,
    amount         integer      NOT NULL,
    badge_id       varchar(64)  NULL,
    reason         text         NOT NULL,
    activity_id    varchar(64)  NULL,
    challenge_id   varchar(64)  NULL,
    rule_id        varchar(128) NULL,
    scheme_id      varchar(64)  NULL,            -- the reward scheme and version that gave it, when one did
    scheme_version integer      NULL,
    occurred_at    bigint       NOT NULL,
    recorded_at    bigint       NOT NULL,
    previous_hash  char(64)     NOT NULL,
    hash           char(64)     NOT NULL,
    UNIQUE (learner_id, seq)
);
-- When the entry's batch committed (recorded_at, which the hash covers, is when the grain made it): the board
-- projection settles on it, as several writers commit out of position order. Null on entries from before it existed.
ALTER TABLE ledger_entries ADD COLUMN IF NOT EXISTS committed_at bigint NULL;
CREATE INDEX IF NOT EXISTS ix_ledger_entries_activity ON ledger_entries (learner_id, activity_id) WHERE activity_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_ledger_entries_learner_time ON ledger_entries (learner_id, occurred_at);
CREATE INDEX IF NOT EXISTS ix_ledger_entries_badges ON ledger_entries (learner_id) WHERE kind = 'Badge';
CREATE INDEX IF NOT EXISTS ix_ledger_entries_challenges ON ledger_entries (learner_id) WHERE challenge_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_ledger_entries_by_challenge ON ledger_entries (challenge_id) WHERE challenge_id IS NOT NULL;
-- Revocations (rule revoke.<seq>): "was this entry revoked already?" and the badge status lists.
CREATE INDEX IF NOT EXISTS ix_ledger_entries_revocations ON ledger_entries (learner_id, rule_id) WHERE amount <= 0;
CREATE INDEX IF NOT EXISTS ix_ledger_entries_badge_revocations ON ledger_entries (learner_id, badge_id) WHERE kind = 'BadgeRevoked';

-- The ledger is append-only: refuse UPDATE and DELETE.
CREATE OR REPLACE FUNCTION gamified_refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$fn$;
DROP TRIGGER IF EXISTS tr_ledger_entries_append_only ON ledger_entries;
CREATE TRIGGER tr_ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION gamified_refuse_ledger_change();

-- The text of each entry's reason, apart from the append-only entries: an entry's hash covers a salted commitment to
-- its reason (ledger_entries.reason holds "sha256:…"), so erasing a person's data deletes the text and salt here and
-- the chain still verifies. Entries from before commitments keep their text in ledger_entries.reason.
CREATE TABLE IF NOT EXISTS ledger_reasons (
    learner_id  varchar(64) NOT NULL,
    seq         bigint      NOT NULL,
    salt        char(32)    NOT NULL,
    reason      text        NOT NULL,
    PRIMARY KEY (learner_id, seq)
);

CREATE TABLE IF NOT EXISTS activities (
    activity_id      varchar(64)  NOT NULL PRIMARY KEY,
    learner_id       varchar(64)  NOT NULL,
    idempotency_key  varchar(128) NOT NULL,
    payload_hash     char(64)     NOT NULL,
    verb             varchar(32)  NOT NULL,
    object_kind      varchar(32)  NOT NULL,
    object_id        varchar(200) NOT NULL,
    statement        text         NOT NULL,   -- the statement as received, JSON
    xp_awarded       integer      NOT NULL,
    xp_total         bigint       NOT NULL,   -- the learner's XP right after it, returned on replays
    occurred_at      bigint       NOT NULL,
    recorded_at      bigint       NOT NULL,
    UNIQUE (learner_id, idempotency_key)
);
CREATE INDEX IF NOT EXISTS ix_activities_occurred ON activities (occurred_at);
CREATE INDEX IF NOT EXISTS ix_activities_attempts ON activities (learner_id, verb, object_id);

-- The ledger's log (docs/LEDGER.md): an RFC 9162 Merkle tree over every entry in commit order, appended in the same
-- transaction as the entries. Each leaf covers the entry's hash and the hash of the statement recorded with it.
CREATE TABLE IF NOT EXISTS ledger_log (
    leaf_index      bigint      NOT NULL PRIMARY KEY,
    learner_id      varchar(64) NOT NULL,
    seq             bigint      NOT NULL,
    statement_hash  varchar(64) NOT NULL,   -- SHA-256 of activities.statement, '' for an entry without one
    leaf_hash       char(64)    NOT NULL,
    UNIQUE (learner_id, seq)
);
-- The log's head: one row, locked by each group commit that appends (FOR UPDATE), so the writers of every node of a
-- cluster append in one order. The frontier is the right edge of perfect subtrees: appending needs nothing else.
CREATE TABLE IF NOT EXISTS ledger_log_head (
    id          integer  NOT NULL PRIMARY KEY CHECK (id = 1),
    size        bigint   NOT NULL,
    root        char(64) NOT NULL,
    frontier    text     NOT NULL,
    updated_at  bigint   NOT NULL
);
INSERT INTO ledger_log_head (id, size, root, frontier, updated_at)
VALUES (1, 0, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '', 0) ON CONFLICT (id) DO NOTHING;
DROP TRIGGER IF EXISTS tr_ledger_log_append_only ON ledger_log;
CREATE TRIGGER tr_ledger_log_append_only BEFORE UPDATE OR DELETE ON ledger_log
    FOR EACH ROW EXECUTE FUNCTION gamified_refuse_ledger_change();

-- Signed tree heads, kept: anyone who noted one can later ask for a consistency proof to a newer one.
CREATE TABLE IF NOT EXISTS ledger_checkpoints (
    size        bigint        NOT NULL PRIMARY KEY,
    root        char(64)      NOT NULL,
    signed_at   bigint        NOT NULL,
    key_id      varchar(128)  NOT NULL,
    signature   text          NOT NULL    -- ES256 over LedgerCheckpoint's signed text, base64url
);
DROP TRIGGER IF EXISTS tr_ledger_checkpoints_append_only ON ledger_checkpoints;
CREATE TRIGGER tr_ledger_checkpoints_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION gamified_refuse_ledger_change();

-- TRUNCATE fires no row trigger: refuse it on the ledger, its log and its checkpoints with statement triggers too.
DROP TRIGGER IF EXISTS tr_ledger_entries_no_truncate ON ledger_entries;
CREATE TRIGGER tr_ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION gamified_refuse_ledger_change();
DROP TRIGGER IF EXISTS tr_ledger_log_no_truncate ON ledger_log;
CREATE TRIGGER tr_ledger_log_no_truncate BEFORE TRUNCATE ON ledger_log
    FOR EACH STATEMENT EXECUTE FUNCTION gamified_refuse_ledger_change();
DROP TRIGGER IF EXISTS tr_ledger_log_head_no_truncate ON ledger_log_head;
CREATE TRIGGER tr_ledger_log_head_no_truncate BEFORE TRUNCATE ON ledger_log_head
    FOR EACH STATEMENT EXECUTE FUNCTION gamified_refuse_ledger_change();
DROP TRIGGER IF EXISTS tr_ledger_checkpoints_no_truncate ON ledger_checkpoints;
CREATE TRIGGER tr_ledger_checkpoints_no_truncate BEFORE TRUNCATE ON ledger_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION gamified_refuse_ledger_change();
