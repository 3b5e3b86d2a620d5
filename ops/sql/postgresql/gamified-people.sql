-- The learner directory: one row per learner (name, department, whether active, a digest of the HR record), written by the
-- learner grains, for the people list, its search and the staff import. And each learner's department history, so XP earned
-- before a move stays with the department it was earned in. Times are Unix milliseconds (UTC). Idempotent.

CREATE TABLE IF NOT EXISTS learner_directory (
    learner_id     varchar(64)  NOT NULL PRIMARY KEY,
    display_name   varchar(200) NOT NULL,
    department_id  varchar(64)  NOT NULL,
    active         integer      NOT NULL DEFAULT 1,
    staff_hash     varchar(64)  NOT NULL,   -- SHA-256 of name, roles and contacts: an unchanged HR row costs no profile read
    pending        TEXT         NULL,     -- an imported learner's HR record (JSON) until their grain first runs and takes it
    updated_at     bigint       NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_learner_directory_department ON learner_directory (department_id, learner_id);
CREATE INDEX IF NOT EXISTS ix_learner_directory_inactive ON learner_directory (learner_id) WHERE active = 0;

-- A row per department a learner belonged to, from "since" on (the first is since 0); no rows: never moved.
CREATE TABLE IF NOT EXISTS learner_department_history (
    learner_id     varchar(64)  NOT NULL,
    since          bigint       NOT NULL,
    department_id  varchar(64)  NOT NULL,
    PRIMARY KEY (learner_id, since)
);
