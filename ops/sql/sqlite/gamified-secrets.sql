-- Server secrets shared by every node and kept across restarts, e.g. the key pseudonyms are made with.
-- Rows are created by the server (random bytes, insert-if-absent, so nodes starting together agree) and never changed.

CREATE TABLE IF NOT EXISTS server_secrets (
    name        TEXT    PRIMARY KEY,
    secret      TEXT    NOT NULL,            -- base64
    created_at  INTEGER NOT NULL             -- Unix milliseconds, UTC
);
