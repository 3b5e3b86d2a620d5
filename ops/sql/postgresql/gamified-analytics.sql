-- Analytics: summary tables the analytics projection keeps from `activities` (and the per-question outcomes the
-- package grain writes as it grades), so reports read small tables instead of scanning every statement.
-- Times are Unix milliseconds (UTC); weeks are ISO weeks in the rewards time zone, keyed by their Monday 00:00.

-- How far the projection has read `activities`: the last (recorded_at, activity_id) applied.
CREATE TABLE IF NOT EXISTS analytics_checkpoint (
    feed         varchar(32)      NOT NULL PRIMARY KEY,
    recorded_at  bigint  NOT NULL,
    activity_id  varchar(64) NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_activities_recorded ON activities (recorded_at, activity_id);

-- One row per learner and week they did anything: activity, time on task and XP.
CREATE TABLE IF NOT EXISTS analytics_learner_weeks (
    learner_id     varchar(64) NOT NULL,
    week_start     bigint  NOT NULL,
    department_id  varchar(64) NOT NULL,
    statements     bigint  NOT NULL,
    seconds        bigint  NOT NULL,
    xp             bigint  NOT NULL,
    PRIMARY KEY (learner_id, week_start)
);
CREATE INDEX IF NOT EXISTS ix_analytics_learner_weeks_department ON analytics_learner_weeks (department_id, week_start);

-- One row per learner and package version they touched: when, how long, scores and gain.
CREATE TABLE IF NOT EXISTS analytics_package_learners (
    package_id     varchar(64) NOT NULL,
    version        varchar(64) NOT NULL,
    learner_id     varchar(64) NOT NULL,
    department_id  varchar(64) NOT NULL,
    started_at     bigint  NOT NULL,
    completed_at   bigint  NULL,
    seconds        bigint  NOT NULL,
    pre_score      double precision NULL,
    post_score     double precision NULL,
    gain           double precision NULL,
    PRIMARY KEY (package_id, version, learner_id)
);
CREATE INDEX IF NOT EXISTS ix_analytics_package_learners_department ON analytics_package_learners (department_id, started_at);

-- Each graded answer: which questions learners miss. Written once per attempt, so a retried call counts once.
CREATE TABLE IF NOT EXISTS question_outcomes (
    package_id   varchar(64) NOT NULL,
    version      varchar(64) NOT NULL,
    test         varchar(8)  NOT NULL,             -- 'pre' or 'post'
    question_id  varchar(64) NOT NULL,
    learner_id   varchar(64) NOT NULL,
    attempt      integer NOT NULL,
    correct      smallint NOT NULL,           -- 1 or 0
    answered_at  bigint  NOT NULL,
    PRIMARY KEY (package_id, version, test, question_id, learner_id, attempt)
);
