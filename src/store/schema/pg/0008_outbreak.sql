-- 0008_outbreak.sql - the synthetic outbreak's truth (module 16): who
-- infected whom, where and when, written by `lianfang demo --outbreak K`
-- (src/core/synth_outbreak.c). Tracing is measured against it: of the
-- people a case truly infected, how many did tracing name. Invented
-- people only: nothing here is a real person's health record.
-- PostgreSQL: schema/sqlite/0008_outbreak.sql translated as pg/0001_base.sql says.
CREATE TABLE infection (
    person_id    bigint PRIMARY KEY REFERENCES person(id),
    infector_id  bigint REFERENCES person(id),   -- NULL for seeds
    venue_id     bigint REFERENCES venue(id),    -- NULL: a seed or the household
    kind         text COLLATE "C" NOT NULL CHECK (kind IN ('seed', 'venue', 'household')),
    infected_utc bigint NOT NULL,
    onset_utc    bigint,                         -- NULL: asymptomatic (or not yet)
    detected_utc bigint                          -- NULL: not detected (yet)
);
CREATE INDEX infection_infector ON infection(infector_id);
CREATE INDEX infection_detected ON infection(detected_utc);
