-- Training records (学时): each department's annual requirement by category, and the certificates learners issued.
-- A record itself is never stored: it is read from the learner's statements (activities) when asked. A certificate
-- keeps a snapshot of what it said, so a printed copy can be checked later even if the records change. Times are Unix
-- milliseconds (UTC). Idempotent.

CREATE TABLE IF NOT EXISTS training_requirements (
    department_id  TEXT    NOT NULL,
    year           INTEGER NOT NULL,
    category       TEXT    NOT NULL,   -- ONLINE, WORKSHOP, EXPERT_LECTURE, BRAINSTORM
    hours          REAL    NOT NULL,
    set_by         TEXT    NOT NULL,
    set_at         INTEGER NOT NULL,
    PRIMARY KEY (department_id, year, category)
);

CREATE TABLE IF NOT EXISTS training_certificates (
    code           TEXT    NOT NULL PRIMARY KEY,   -- 128 random bits, base64url: the only key a verifier has
    learner_id     TEXT    NOT NULL,
    year           INTEGER NOT NULL,
    snapshot       TEXT    NOT NULL,               -- what the certificate said, JSON
    issued_at      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_training_certificates_learner ON training_certificates (learner_id, year, issued_at);
