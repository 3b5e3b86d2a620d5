-- Content packages: every published version (kept for learners pinned to it), who owns each package id,
-- learners' ratings, and each learner's results per package (for learning-gain analytics).

CREATE TABLE IF NOT EXISTS content_packages (
    package_id    TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    owner         TEXT    NOT NULL,
    source        TEXT    NOT NULL,            -- 'upload' or 'content-directory'
    archive       BLOB    NOT NULL,            -- the package as a zip
    published_at  INTEGER NOT NULL,
    retired_at    INTEGER NULL,                -- hidden from new starts since then
    PRIMARY KEY (package_id, version)
);

CREATE TABLE IF NOT EXISTS package_owners (
    package_id  TEXT    NOT NULL PRIMARY KEY,
    owner       TEXT    NOT NULL,
    claimed_at  INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS package_feedback (
    package_id  TEXT    NOT NULL,
    version     TEXT    NOT NULL,
    learner_id  TEXT    NOT NULL,
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment     TEXT    NULL,
    rated_at    INTEGER NOT NULL,
    PRIMARY KEY (package_id, version, learner_id)
);

CREATE TABLE IF NOT EXISTS learning_results (
    learner_id     TEXT    NOT NULL,
    package_id     TEXT    NOT NULL,
    version        TEXT    NOT NULL,
    department_id  TEXT    NOT NULL,
    started_at     INTEGER NOT NULL,
    pre_score      REAL    NULL,
    post_score     REAL    NULL,
    gain           REAL    NULL,
    completed_at   INTEGER NULL,
    PRIMARY KEY (learner_id, package_id)
);
CREATE INDEX IF NOT EXISTS ix_learning_results_package ON learning_results (package_id, version);

-- The challenges and badges a package version proposes that a manager approved; nothing else of a package's
-- proposals is ever created or awarded. An approval is final for its version (learners may hold it).
CREATE TABLE IF NOT EXISTS package_reward_approvals (
    package_id   TEXT    NOT NULL,
    version      TEXT    NOT NULL,
    kind         TEXT    NOT NULL,             -- 'challenge' or 'badge'
    reward_id    TEXT    NOT NULL,             -- the id in the manifest
    points       INTEGER NULL,                 -- what an approved challenge gives (within the version's budget)
    approved_by  TEXT    NOT NULL,
    approved_at  INTEGER NOT NULL,
    PRIMARY KEY (package_id, version, kind, reward_id)
);
