-- What each node of a cluster publishes about itself at start, so a node whose settings disagree with the running ones
-- refuses to start instead of serving differently (the server's start checks; docs/OPERATIONS.md, "Configure").
-- A row belongs to one silo endpoint (its advertised address and silo port); it counts only while the Orleans membership
-- table shows that endpoint active, so rows of nodes long gone are harmless and are overwritten when an endpoint returns.
-- Safe to re-run.

CREATE TABLE IF NOT EXISTS cluster_nodes (
    cluster_id        text         NOT NULL,
    address           varchar(45)  NOT NULL,
    port              integer      NOT NULL,
    credential_key_id text         NOT NULL,   -- the badge credential signing key's id (the JWKS "kid")
    sign_in_key_id    text         NULL,       -- the built-in sign-in provider's token signing key id; NULL: provider off
    published_at      timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT cluster_nodes_pk PRIMARY KEY (cluster_id, address, port)
);
