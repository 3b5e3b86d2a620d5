-- Content packages: every published version (kept for learners pinned to it), who owns each package id,
-- learners' ratings, and each learner's results per package (for learning-gain analytics).

CREATE TABLE IF NOT EXISTS content_packages (
    package_id    varchar(64)  NOT NULL,
    version       varchar(64)  NOT NULL,
    owner         varchar(256) NOT NULL,
    source        varchar(32)  NOT NULL,       -- 'upload' or 'content-directory'
    archive       bytea        NOT NULL,       -- the package as a zip
    published_at  bigint       NOT NULL,
    retired_at    bigint       NULL,           -- hidden from new starts since then
    PRIMARY KEY (package_id, version)
);

CREATE TABLE IF NOT EXISTS package_owners (
    package_id  varchar(64)  NOT NULL PRIMARY KEY,
    owner       varchar(256) NOT NULL,
    claimed_at  bigint       NOT NULL
);

CREATE TABLE IF NOT EXISTS package_feedback (
    package_id  varchar(64)  NOT NULL,
    version     varchar(64)  NOT NULL,
    learner_id  varchar(64)  NOT NULL,
    rating      integer      NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment     text         NULL,
    rated_at    bigint       NOT NULL,
    PRIMARY KEY (package_id, version, learner_id)
);

CREATE TABLE IF NOT EXISTS learning_results (
    learner_id     varchar(64)      NOT NULL,
    package_id     varchar(64)      NOT NULL,
    version        varchar(64)      NOT NULL,
    department_id  varchar(64)      NOT NULL,
    started_at     bigint           NOT NULL,
    pre_score      double precision NULL,
    post_score     double precision NULL,
    gain           double precision NULL,
    completed_at   bigint           NULL,
    PRIMARY KEY (learner_id, package_id)
);
CREATE INDEX IF NOT EXISTS ix_learning_results_package ON learning_results (package_id, version);

-- The challenges and badges a package version proposes that a manager approved; nothing else of a package's
-- proposals is ever created or awarded. An approval is final for its version (learners may hold it).
CREATE TABLE IF NOT EXISTS package_reward_approvals (
    package_id   varchar(64)  NOT NULL,
    version      varchar(64)  NOT NULL,
    kind         varchar(16)  NOT NULL,        -- 'challenge' or 'badge'
    reward_id    varchar(64)  NOT NULL,        -- the id in the manifest
    points       integer      NULL,            -- what an approved challenge gives (within the version's budget)
    approved_by  varchar(256) NOT NULL,
    approved_at  bigint       NOT NULL,
    PRIMARY KEY (package_id, version, kind, reward_id)
);
