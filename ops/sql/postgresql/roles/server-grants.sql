-- What the server's role may do, granted by `migrate` when Storage:ServerRole is set (docs/LEDGER.md, "Least privilege").
-- `migrate` runs as the owner role, which owns every table; the server's role owns none, so it can never ALTER a table,
-- DROP or DISABLE a trigger, or TRUNCATE (not granted). On the ledger it can only append and read: an insider holding
-- the server's credentials cannot rewrite an entry, a leaf, a kept head or a statement the log covers.
-- Idempotent: run again after every migration (new tables get their grants then). "gamified_server" is replaced by the
-- configured role; run by hand with psql for a role of that name.
GRANT USAGE ON SCHEMA public TO "gamified_server";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "gamified_server";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "gamified_server";
REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM "gamified_server";
-- The ledger, its log, its kept heads and the statements the log's leaves cover: INSERT and SELECT only.
REVOKE UPDATE, DELETE ON ledger_entries, ledger_log, ledger_checkpoints, activities FROM "gamified_server";
-- The log's head is one row that moves with every append (read FOR UPDATE, which needs UPDATE): never inserted nor deleted.
REVOKE INSERT, DELETE ON ledger_log_head FROM "gamified_server";
