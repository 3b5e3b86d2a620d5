-- Notifications: the inbox (one row per recipient and event key, written once), the queue of outside deliveries
-- (e-mail, WeCom and DingTalk group robots) and each person's choices per kind. Times are Unix milliseconds (UTC). Idempotent.

CREATE TABLE IF NOT EXISTS notifications (
    id                bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient_id      TEXT    NOT NULL,
    notification_key  TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    title_zh          TEXT    NOT NULL,
    title_en          TEXT    NOT NULL,
    body_zh           TEXT    NOT NULL,
    body_en           TEXT    NOT NULL,
    link              TEXT    NULL,
    created_at        bigint  NOT NULL,
    read_at           bigint  NULL
);
-- A person gets a key once: a replayed or repeated send adds nothing, whichever node sends it.
CREATE UNIQUE INDEX IF NOT EXISTS ux_notifications_recipient_key ON notifications (recipient_id, notification_key);
CREATE INDEX IF NOT EXISTS ix_notifications_recipient ON notifications (recipient_id, id);
CREATE INDEX IF NOT EXISTS ix_notifications_unread ON notifications (recipient_id, id) WHERE read_at IS NULL;

CREATE TABLE IF NOT EXISTS notification_outbox (
    id                bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel           varchar(16) NOT NULL,   -- Email, WeCom, DingTalk
    target            TEXT    NOT NULL,   -- the learner for e-mail, 'group' for a robot
    notification_key  TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    title_zh          TEXT    NOT NULL,
    title_en          TEXT    NOT NULL,
    body_zh           TEXT    NOT NULL,
    body_en           TEXT    NOT NULL,
    link              TEXT    NULL,
    mentions          TEXT    NOT NULL DEFAULT '',   -- learner ids a robot message @-mentions, space-separated
    attempts          integer NOT NULL DEFAULT 0,
    next_attempt_at   bigint  NOT NULL,
    claimed_until     bigint  NULL,
    sent_at           bigint  NULL,
    last_error        TEXT    NULL,
    created_at        bigint  NOT NULL
);
-- One delivery per channel, target and event: a robot posts an event to its group once however many people it concerns.
CREATE UNIQUE INDEX IF NOT EXISTS ux_notification_outbox_delivery ON notification_outbox (channel, target, notification_key);
CREATE INDEX IF NOT EXISTS ix_notification_outbox_due ON notification_outbox (next_attempt_at) WHERE sent_at IS NULL;

CREATE TABLE IF NOT EXISTS notification_preferences (
    user_id     TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    email       integer NOT NULL,
    robot       integer NOT NULL,
    updated_at  bigint  NOT NULL,
    PRIMARY KEY (user_id, kind)
);
