-- 0003_venue.sql - venues with a venue code (场所码): applied for by their
-- operator, approved or rejected by an officer; an approved venue gets an
-- unguessable code, which its QR poster carries (/scan.html?v=CODE).
-- Purpose and retention: the register of venues, kept while they exist.
CREATE TABLE venue (
    id            INTEGER PRIMARY KEY,
    node          TEXT NOT NULL REFERENCES node(code),  -- where it is
    name          TEXT NOT NULL,
    type          INTEGER NOT NULL,     -- enum venue_type (core)
    address       TEXT NOT NULL,
    contact_name  TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    status        INTEGER NOT NULL DEFAULT 0,  -- 0 applied, 1 approved, 2 rejected
    reason        TEXT NOT NULL DEFAULT '',    -- of a rejection
    applicant_id  INTEGER,
    reviewer_id   INTEGER,
    reviewed_utc  INTEGER NOT NULL DEFAULT 0,
    code          TEXT UNIQUE,                 -- given on approval
    created_utc   INTEGER NOT NULL
);
CREATE INDEX venue_node ON venue(node, status, id);
