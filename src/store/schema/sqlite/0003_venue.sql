-- 0003_venue.sql - venue codes (场所码): a venue applies, an officer of its
-- node approves or rejects it; an approved venue gets `code`, the random
-- token its QR poster carries ({public_url}/scan.html?v={code}).
-- Purpose and retention (PIPL): the contact name and phone are the
-- operator's, kept while the venue is registered; a rejected application
-- may be purged 180 days after the decision.

CREATE TABLE venue (
    id            INTEGER PRIMARY KEY,
    node          TEXT NOT NULL REFERENCES node(code),  -- a town, community or grid
    name          TEXT NOT NULL,
    type          INTEGER NOT NULL,          -- enum venue_type (src/core/venue.h)
    address       TEXT NOT NULL,
    contact_name  TEXT NOT NULL,
    contact_phone TEXT NOT NULL,             -- 11 digits
    status        INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2)),
                                             -- 0 applied, 1 approved, 2 rejected
    reason        TEXT NOT NULL DEFAULT '',  -- of a rejection (or a note on approval)
    applicant_id  INTEGER,                   -- user.id; NULL: registered in bulk (demo)
    reviewer_id   INTEGER,                   -- user.id; NULL until decided
    reviewed_utc  INTEGER NOT NULL DEFAULT 0,
    created_utc   INTEGER NOT NULL,
    code          TEXT UNIQUE                -- 16 base32 characters once approved, else NULL
);
-- officers' lists and counts: a subtree (prefix range of node) by status
CREATE INDEX venue_node_status ON venue(node, status, id);
-- an operator's own applications
CREATE INDEX venue_applicant ON venue(applicant_id, id);
-- (the UNIQUE constraint on code is the index scans look venues up by)
