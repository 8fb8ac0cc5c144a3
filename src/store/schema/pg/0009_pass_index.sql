-- 0009_pass_index.sql - passes by plate and by person.
--
-- The contact engine's vehicle rule (docs/TRACING.md) reads the checks of
-- a person's passes, then every pass of the same plate; a case's
-- trajectory reads a person's passes too. Without these two indexes each
-- of those reads scanned the whole pass table.
-- PostgreSQL: schema/sqlite/0009_pass_index.sql translated as pg/0001_base.sql says.
CREATE INDEX pass_plate ON pass(plate);
CREATE INDEX pass_person ON pass(person_id);
