-- The xAPI Learning Record Store's statements (/xapi/statements). Each statement is kept once, as the JSON the LRS
-- returns, with the columns its queries filter on. Rows are never deleted; voiding marks the target voided.

CREATE TABLE IF NOT EXISTS xapi_statements (
    position      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            varchar(36)  NOT NULL UNIQUE,  -- the statement id, a lower-case UUID
    statement     text         NOT NULL,        -- the stored statement, JSON
    actor_key     varchar(600) NOT NULL,        -- the actor's inverse functional identifier, canonical
    verb_id       varchar(512) NOT NULL,
    activity_id   varchar(2048) NULL,           -- the object's id when the object is an activity
    registration  varchar(36)  NULL,
    voids_id      varchar(36)  NULL,            -- the statement a voiding statement voids
    voided        smallint     NOT NULL DEFAULT 0, -- 1 once a voiding statement names it
    stored        bigint       NOT NULL,        -- Unix milliseconds, UTC
    attestation   varchar(32)  NOT NULL,        -- who vouches for it: SELF_REPORTED, SERVICE, LAUNCH_SESSION
    stored_by     varchar(256) NOT NULL         -- the credential that sent it (subject or service account)
);
CREATE INDEX IF NOT EXISTS ix_xapi_statements_actor ON xapi_statements (actor_key, position);
CREATE INDEX IF NOT EXISTS ix_xapi_statements_activity ON xapi_statements (activity_id, position);
CREATE INDEX IF NOT EXISTS ix_xapi_statements_registration ON xapi_statements (registration, position);

-- Every agent and activity a statement names, for the agent and activity filters (xAPI 1.0.3, Communication 2.1.3):
-- main = 1 where the plain filter finds it (an agent or group as the object, a group's members as actor or object),
-- main = 0 where only related_agents / related_activities do (authority, instructor, team, context activities, a
-- sub-statement's parts). The actor and an activity object are the statement's own columns. Statements stored before
-- this table are found through those columns alone.
CREATE TABLE IF NOT EXISTS xapi_statement_refs (
    statement_id  varchar(36)   NOT NULL,       -- xapi_statements.id
    kind          varchar(16)   NOT NULL,       -- agent, activity
    ref_key       varchar(2048) NOT NULL,       -- an agent's key (as actor_key), or an activity IRI
    main          smallint      NOT NULL,
    PRIMARY KEY (statement_id, kind, ref_key, main)
);
CREATE INDEX IF NOT EXISTS ix_xapi_statement_refs_key ON xapi_statement_refs (kind, ref_key);

-- The LRS's documents: state (activity + agent + registration), activity profiles and agent profiles. A part a kind does
-- not use is ''. The ETag is the SHA-1 of the content, which conditional writes compare.
CREATE TABLE IF NOT EXISTS xapi_documents (
    kind          varchar(16)   NOT NULL,       -- State, ActivityProfile, AgentProfile
    activity_id   varchar(2048) NOT NULL,
    agent_key     varchar(600)  NOT NULL,
    registration  varchar(36)   NOT NULL,
    document_id   varchar(512)  NOT NULL,
    content       bytea         NOT NULL,
    content_type  varchar(255)  NOT NULL,
    etag          varchar(40)   NOT NULL,
    updated       bigint        NOT NULL,       -- Unix milliseconds, UTC
    PRIMARY KEY (kind, activity_id, agent_key, registration, document_id)
);

-- Attachments' contents sent with statements (multipart/mixed, Data 2.4.11), kept once per SHA-256 and never deleted,
-- like the statements that name them. Stored in the transaction of the statement that brought them.
CREATE TABLE IF NOT EXISTS xapi_attachments (
    sha2          varchar(128) PRIMARY KEY,     -- the attachment's sha2, lower-case hex as sent
    content_type  varchar(255) NOT NULL,
    content       bytea        NOT NULL,
    stored        bigint       NOT NULL         -- Unix milliseconds, UTC
);
