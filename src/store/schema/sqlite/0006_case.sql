-- 0006_case.sql - cases (确诊人员) and the epidemiologist's investigation
-- (流调): status with its history, the dates that fix the infectious
-- window, the transmission link to the source case, and the manual entries
-- of a case's trajectory (活动轨迹).
-- Purpose and retention (PIPL): health data and whereabouts of patients
-- (sensitive, art. 28), kept for the epidemic's investigation and the
-- statutory reporting; a case is purged with its events and entries 5 years
-- after it is closed (discharged, dead or excluded), as case report cards
-- are kept. Depends on 0001 (node, user), 0002 (person), 0003 (venue).
-- "case" is an SQL keyword, so the table is epi_case.

CREATE TABLE epi_case (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES person(id),
    node           TEXT NOT NULL REFERENCES node(code),  -- person's grid or the reporting node
    status         INTEGER NOT NULL,   -- enum case_status (src/core/case.h)
    onset_days     INTEGER,            -- days since 1970-01-01; NULL: no symptoms (yet)
    sample_days    INTEGER,            -- the positive sample; NULL: none yet
    isolation_days INTEGER,            -- isolated or admitted; NULL: not yet
    hospital       TEXT NOT NULL DEFAULT '',   -- designated hospital (定点医院)
    source         INTEGER NOT NULL DEFAULT 0, -- 0 unknown, 1 imported, 2 local
    source_case_id INTEGER REFERENCES epi_case(id),  -- the confirmed infector
    source_remarks TEXT NOT NULL DEFAULT '',
    created_by     INTEGER NOT NULL,   -- user id (0: the command line)
    created_utc    INTEGER NOT NULL,
    updated_utc    INTEGER NOT NULL
);
CREATE INDEX epi_case_node ON epi_case(node, id);
CREATE INDEX epi_case_source ON epi_case(source_case_id);
-- one case per person unless it was excluded (a new suspicion is a new case)
CREATE UNIQUE INDEX epi_case_person ON epi_case(person_id) WHERE status <> 4;

-- Every status change, dated and by whom (the first row: 0 → the initial status).
CREATE TABLE case_event (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES epi_case(id),
    from_status INTEGER NOT NULL,
    to_status   INTEGER NOT NULL,
    at_utc      INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    remarks     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_event_case ON case_event(case_id, id);

-- A stop the epidemiologist learnt of in the interview (a place with no
-- scan: a relative's home, a taxi), optionally at a registered venue.
CREATE TABLE trajectory_entry (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES epi_case(id),
    place       TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    venue_id    INTEGER REFERENCES venue(id),
    from_utc    INTEGER NOT NULL,
    to_utc      INTEGER NOT NULL,      -- >= from_utc
    remarks     TEXT NOT NULL DEFAULT '',
    created_by  INTEGER NOT NULL,
    created_utc INTEGER NOT NULL
);
CREATE INDEX trajectory_entry_case ON trajectory_entry(case_id, from_utc);
