-- 0004_scan.sql - venue scans (扫码登记): who was at which venue when.
-- Purpose and retention (PIPL): contact tracing only; rows older than the
-- retention period (28 days by default) are deleted by `lianfang purge`.
--
-- Clustered by venue and time: tracing asks "who was at this venue between
-- t1 and t2", a short range. The second index answers "where was this
-- person" (trajectories). The key makes a scan idempotent: the same person
-- at the same venue in the same second is one scan, so a batch sent twice
-- after a lost reply adds nothing.
-- PostgreSQL: schema/sqlite/0004_scan.sql translated as pg/0001_base.sql says.
CREATE TABLE scan (
    venue_id  bigint NOT NULL,
    at_utc    bigint NOT NULL,          -- seconds since 1970, UTC
    person_id bigint NOT NULL,
    PRIMARY KEY (venue_id, at_utc, person_id)
);
CREATE INDEX scan_person ON scan(person_id, at_utc);
