-- Analytics: summary tables the analytics projection keeps from `activities` (and the per-question outcomes the
-- package grain writes as it grades), so reports read small tables instead of scanning every statement.
-- Times are Unix milliseconds (UTC); weeks are ISO weeks in the rewards time zone, keyed by their Monday 00:00.

-- How far the projection has read `activities`: the last (recorded_at, activity_id) applied.
CREATE TABLE IF NOT EXISTS analytics_checkpoint (
    feed         TEXT    NOT NULL PRIMARY KEY,
    recorded_at  INTEGER NOT NULL,
    activity_id  TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_activities_recorded ON activities (recorded_at, activity_id);

-- One row per learner and week they did anything: activity, time on task and XP.
CREATE TABLE IF NOT EXISTS analytics_learner_weeks (
    learner_id     TEXT    NOT NULL,
    week_start     INTEGER NOT NULL,
    department_id  TEXT    NOT NULL,
    statements     INTEGER NOT NULL,
    seconds        INTEGER NOT NULL,
    xp             INTEGER NOT NULL,
    PRIMARY KEY (learner_id, week_start)
);
CREATE INDEX IF NOT EXISTS ix_analytics_learner_weeks_department ON analytics_learner_weeks (department_id, week_start);

-- One row per learner and package version they touched: when, how long, scores and gain.
CREATE TABLE IF NOT EXISTS analytics_package_learners (
    package_id     TEXT    NOT NULL,
    version        TEXT    NOT NULL,
    learner_id     TEXT    NOT NULL,
    department_id  TEXT    NOT NULL,
    started_at     INTEGER NOT NULL,
    completed_at   INTEGER NULL,
    seconds        INTEGER NOT NULL,
    pre_score      REAL    NULL,
    post_score     REAL    NULL,
    gain           REAL    NULL,
    PRIMARY KEY (package_id, version, learner_id)
);
CREATE INDEX IF NOT EXISTS ix_analytics_package_learners_department ON analytics_package_learners (department_id, started_at);

-- Each graded answer: which questions learners miss. Written once per attempt, so a retried call counts once.
CREATE TABLE IF NOT EXISTS question_outcomes (
    package_id   TEXT    NOT NULL,
    version      TEXT    NOT NULL,
    test         TEXT    NOT NULL,             -- 'pre' or 'post'
    question_id  TEXT    NOT NULL,
    learner_id   TEXT    NOT NULL,
    attempt      INTEGER NOT NULL,
    correct      INTEGER NOT NULL,             -- 1 or 0
    answered_at  INTEGER NOT NULL,
    PRIMARY KEY (package_id, version, test, question_id, learner_id, attempt)
);
