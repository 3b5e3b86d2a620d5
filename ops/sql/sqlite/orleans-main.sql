-- Gamified: Orleans ADO.NET base schema for SQLite.
--
-- Used with ADO.NET invariant "System.Data.SQLite", which Orleans 10.4.2 resolves to
-- Microsoft.Data.Sqlite (SqliteFactory). Apply this file first, then
-- orleans-persistence.sql. Both files are safe to re-run.
--
-- Orleans loads its query texts with
--     SELECT QueryKey, QueryText FROM OrleansQuery WHERE QueryKey = ... OR ...
-- so the table and column names are fixed by Orleans.

-- Write-ahead logging lets readers proceed while a writer commits. The setting is
-- stored in the database file, so it only has to be applied once; it cannot be
-- changed inside a transaction, so run this file outside of one.
PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
