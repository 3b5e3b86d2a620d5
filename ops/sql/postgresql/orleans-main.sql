-- Gamified: Orleans ADO.NET base schema for PostgreSQL.
--
-- Apply this file first, then the provider files (persistence, clustering,
-- reminders). Every file is safe to re-run: objects are created only when
-- missing, functions are replaced, and query texts are upserted so that a
-- newer version of a script replaces the texts stored by an older one.
--
-- Orleans (Microsoft.Orleans.*.AdoNet 10.4.2, invariant "Npgsql") starts each
-- provider by running exactly
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- (the grain storage provider adds a WHERE on its own keys) and afterwards
-- executes only the QueryText values it finds there, binding its parameters
-- by name (@Name). The table and column names below are therefore fixed by
-- Orleans; everything else in these scripts is ours.
--
-- Identifiers are left unquoted on purpose: PostgreSQL folds them to lower
-- case, and Npgsql matches result column names case-insensitively.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT orleans_query_pk PRIMARY KEY (QueryKey)
);
