-- Server secrets shared by every node and kept across restarts, e.g. the key pseudonyms are made with.
-- Rows are created by the server (random bytes, insert-if-absent, so nodes starting together agree) and never changed.

CREATE TABLE IF NOT EXISTS server_secrets (
    name        varchar(64)  PRIMARY KEY,
    secret      text         NOT NULL,       -- base64
    created_at  bigint       NOT NULL        -- Unix milliseconds, UTC
);
