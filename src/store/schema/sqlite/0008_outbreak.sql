-- 0008_outbreak.sql - the synthetic outbreak's truth (module 16): who
-- infected whom, where and when, written by `lianfang demo --outbreak K`
-- (src/sim/synth_outbreak.c). Tracing is measured against it: of the
-- people a case truly infected, how many did tracing name. Invented
-- people only: nothing here is a real person's health record.
CREATE TABLE infection (
    person_id    INTEGER PRIMARY KEY REFERENCES person(id),
    infector_id  INTEGER REFERENCES person(id),   -- NULL for seeds
    venue_id     INTEGER REFERENCES venue(id),    -- NULL: a seed or the household
    kind         TEXT NOT NULL CHECK (kind IN ('seed', 'venue', 'household')),
    infected_utc INTEGER NOT NULL,
    onset_utc    INTEGER,                         -- NULL: asymptomatic (or not yet)
    detected_utc INTEGER                          -- NULL: not detected (yet)
);
CREATE INDEX infection_infector ON infection(infector_id);
CREATE INDEX infection_detected ON infection(detected_utc);
