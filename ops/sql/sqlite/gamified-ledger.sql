-- Gamified's own tables: learner accounts, the append-only award ledger and recorded activity.
-- Times are Unix milliseconds (UTC). Idempotent: safe to run on a database that already has them.

CREATE TABLE IF NOT EXISTS learner_accounts (
    learner_id     TEXT    NOT NULL PRIMARY KEY,
    department_id  TEXT    NOT NULL,
    xp             INTEGER NOT NULL DEFAULT 0,
    entry_count    INTEGER NOT NULL DEFAULT 0,   -- seq of the newest ledger entry
    last_hash      TEXT    NOT NULL,             -- hash of the newest ledger entry (or the genesis hash)
    registered_at  INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_learner_accounts_department ON learner_accounts (department_id);

CREATE TABLE IF NOT EXISTS ledger_entries (
    position       INTEGER PRIMARY KEY AUTOINCREMENT,  -- global append order, for exports and rebuilds
    learner_id     TEXT    NOT NULL,
    seq            INTEGER NOT NULL,
    kind           TEXT    NOT NULL,
    amount         INTEGER NOT NULL,
    badge_id       TEXT    NULL,
    reason         TEXT    NOT NULL,
    activity_id    TEXT    NULL,
    challenge_id   TEXT    NULL,
    rule_id        TEXT    NULL,
    scheme_id      TEXT    NULL,            -- the reward scheme and version that gave it, when one did
    scheme_version INTEGER NULL,
    occurred_at    INTEGER NOT NULL,
    recorded_at    INTEGER NOT NULL,
    previous_hash  TEXT    NOT NULL,
    hash           TEXT    NOT NULL,
    UNIQUE (learner_id, seq)
);
CREATE INDEX IF NOT EXISTS ix_ledger_entries_activity ON ledger_entries (learner_id, activity_id) WHERE activity_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_ledger_entries_learner_time ON ledger_entries (learner_id, occurred_at);
CREATE INDEX IF NOT EXISTS ix_ledger_entries_badges ON ledger_entries (learner_id) WHERE kind = 'Badge';
CREATE INDEX IF NOT EXISTS ix_ledger_entries_challenges ON ledger_entries (learner_id) WHERE challenge_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_ledger_entries_by_challenge ON ledger_entries (challenge_id) WHERE challenge_id IS NOT NULL;
-- Revocations (rule revoke.<seq>): "was this entry revoked already?" and the badge status lists.
CREATE INDEX IF NOT EXISTS ix_ledger_entries_revocations ON ledger_entries (learner_id, rule_id) WHERE amount <= 0;
CREATE INDEX IF NOT EXISTS ix_ledger_entries_badge_revocations ON ledger_entries (learner_id, badge_id) WHERE kind = 'BadgeRevoked';

-- The ledger is append-only: refuse changes through the server's own connection paths.
CREATE TRIGGER IF NOT EXISTS tr_ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
CREATE TRIGGER IF NOT EXISTS tr_ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;

-- The text of each entry's reason, apart from the append-only entries: an entry's hash covers a salted commitment to
-- its reason (ledger_entries.reason holds "sha256:…"), so erasing a person's data deletes the text and salt here and
-- the chain still verifies. Entries from before commitments keep their text in ledger_entries.reason.
CREATE TABLE IF NOT EXISTS ledger_reasons (
    learner_id  TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    salt        TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    PRIMARY KEY (learner_id, seq)
);

CREATE TABLE IF NOT EXISTS activities (
    activity_id      TEXT    NOT NULL PRIMARY KEY,
    learner_id       TEXT    NOT NULL,
    idempotency_key  TEXT    NOT NULL,
    payload_hash     TEXT    NOT NULL,
    verb             TEXT    NOT NULL,
    object_kind      TEXT    NOT NULL,
    object_id        TEXT    NOT NULL,
    statement        TEXT    NOT NULL,   -- the statement as received, JSON
    xp_awarded       INTEGER NOT NULL,
    xp_total         INTEGER NOT NULL,   -- the learner's XP right after it, returned on replays
    occurred_at      INTEGER NOT NULL,
    recorded_at      INTEGER NOT NULL,
    UNIQUE (learner_id, idempotency_key)
);
CREATE INDEX IF NOT EXISTS ix_activities_occurred ON activities (occurred_at);
CREATE INDEX IF NOT EXISTS ix_activities_attempts ON activities (learner_id, verb, object_id);

-- The ledger's log (docs/LEDGER.md): an RFC 9162 Merkle tree over every entry in commit order, appended in the same
-- transaction as the entries. Each leaf covers the entry's hash and the hash of the statement recorded with it.
CREATE TABLE IF NOT EXISTS ledger_log (
    leaf_index      INTEGER NOT NULL PRIMARY KEY,
    learner_id      TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    statement_hash  TEXT    NOT NULL,   -- SHA-256 of activities.statement, '' for an entry without one
    leaf_hash       TEXT    NOT NULL,
    UNIQUE (learner_id, seq)
);
-- The log's head: one row. SQLite has one writer, so the order of appends is the order of commits.
CREATE TABLE IF NOT EXISTS ledger_log_head (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    size        INTEGER NOT NULL,
    root        TEXT    NOT NULL,
    frontier    TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
);
INSERT INTO ledger_log_head (id, size, root, frontier, updated_at)
VALUES (1, 0, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '', 0) ON CONFLICT (id) DO NOTHING;
CREATE TRIGGER IF NOT EXISTS tr_ledger_log_no_update BEFORE UPDATE ON ledger_log
BEGIN SELECT RAISE(ABORT, 'ledger_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS tr_ledger_log_no_delete BEFORE DELETE ON ledger_log
BEGIN SELECT RAISE(ABORT, 'ledger_log is append-only'); END;

-- Signed tree heads, kept: anyone who noted one can later ask for a consistency proof to a newer one.
CREATE TABLE IF NOT EXISTS ledger_checkpoints (
    size        INTEGER NOT NULL PRIMARY KEY,
    root        TEXT    NOT NULL,
    signed_at   INTEGER NOT NULL,
    key_id      TEXT    NOT NULL,
    signature   TEXT    NOT NULL    -- ES256 over LedgerCheckpoint's signed text, base64url
);
CREATE TRIGGER IF NOT EXISTS tr_ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'ledger_checkpoints is append-only'); END;
CREATE TRIGGER IF NOT EXISTS tr_ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'ledger_checkpoints is append-only'); END;
