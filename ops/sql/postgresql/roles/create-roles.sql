-- One-time setup of the two roles, as a PostgreSQL superuser (docs/LEDGER.md, "Least privilege"):
--   psql -v owner_password="'…'" -v server_password="'…'" -f ops/sql/postgresql/roles/create-roles.sql
-- gamified_owner owns the database and its tables: `migrate` runs as it. gamified_server is what the nodes connect as;
-- `migrate --Storage:ServerRole=gamified_server` grants it its privileges (roles/server-grants.sql). Neither is a superuser,
-- and the server's role owns nothing, so it cannot alter tables, switch triggers off or truncate.
CREATE ROLE gamified_owner LOGIN PASSWORD :owner_password;
CREATE ROLE gamified_server LOGIN PASSWORD :server_password;
CREATE DATABASE gamified OWNER gamified_owner;
\connect gamified
-- PostgreSQL 15 and later: the schema public belongs to the database's owner and nobody else may create in it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
