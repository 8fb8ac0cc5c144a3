-- 0007_contact.sql - contacts of cases (密接、次密接): what the tracing
-- engine (src/core/tracing.h) proposed and what the epidemiologist decided.
-- Purpose and retention (PIPL): whereabouts and health status of persons
-- who were near a case; kept and purged with the case (0006).
-- A person is a contact of a case once: proposing again refreshes the
-- evidence of a row still proposed and leaves decided rows alone.

CREATE TABLE contact (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES epi_case(id),
    person_id       INTEGER NOT NULL REFERENCES person(id),
    kind            INTEGER NOT NULL,   -- enum contact_kind (tracing.h)
    via_person_id   INTEGER,            -- secondary: the close contact
    venue_id        INTEGER,            -- venue: where
    checkpoint_id   INTEGER,            -- vehicle: where checked
    plate           TEXT NOT NULL DEFAULT '',
    from_utc        INTEGER NOT NULL DEFAULT 0,  -- the overlap
    to_utc          INTEGER NOT NULL DEFAULT 0,
    overlap_minutes INTEGER NOT NULL DEFAULT 0,
    n_encounters    INTEGER NOT NULL DEFAULT 0,
    status          INTEGER NOT NULL DEFAULT 0,  -- 0 proposed, 1 confirmed, 2 dismissed
    decided_by      INTEGER,
    decided_at      INTEGER NOT NULL DEFAULT 0,
    reason          TEXT NOT NULL DEFAULT '',
    proposed_utc    INTEGER NOT NULL,
    UNIQUE (case_id, person_id)
);
CREATE INDEX contact_person ON contact(person_id);
