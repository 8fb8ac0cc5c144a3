-- 0002_ledger.sql - the screening ledger (排查台账): households and persons by
-- grid, screening rounds and visits, arrivals (来返人员), community
-- self-reports (社区报备).
-- Purpose and retention (PIPL): persons and households are the ledger of the
-- deployment's population, kept while the deployment runs; arrivals and
-- self-reports are epidemic records, purged 180 days after arrival.

CREATE TABLE household (
    id          INTEGER PRIMARY KEY,
    grid        TEXT NOT NULL REFERENCES node(code),
    address     TEXT NOT NULL,               -- 门牌: building, unit, room
    n_members   INTEGER NOT NULL DEFAULT 0,  -- kept by person inserts/deletes
    created_utc INTEGER NOT NULL,
    updated_utc INTEGER NOT NULL
);
CREATE INDEX household_grid ON household(grid, id);

-- flags: see enum person_flags in src/core/types/ledger.h
-- A person known only from a venue scan or a checkpoint pass (a visitor
-- from elsewhere) has no household and grid ''; registering them in the
-- ledger later gives the same row a household (one person, one number).
CREATE TABLE person (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER REFERENCES household(id),
    grid         TEXT NOT NULL,              -- = household.grid, for scoped lists
    name         TEXT NOT NULL,
    id_number    TEXT UNIQUE,                -- 18 chars (X upper) or 15 digits
    sex          INTEGER NOT NULL,           -- GB/T 2261.1: 0, 1, 2, 9
    birth_days   INTEGER,                    -- days since 1970-01-01
    phone        TEXT NOT NULL DEFAULT '',
    relation     TEXT NOT NULL DEFAULT '',   -- to the head: 户主, 配偶, 子女 ...
    is_floating  INTEGER NOT NULL DEFAULT 0, -- 流动人口
    flags        INTEGER NOT NULL DEFAULT 0,
    created_utc  INTEGER NOT NULL,
    updated_utc  INTEGER NOT NULL
);
CREATE INDEX person_household ON person(household_id);
CREATE INDEX person_grid ON person(grid, id);
CREATE INDEX person_name ON person(name);
CREATE INDEX person_phone ON person(phone);

-- A screening round (第一轮、第二轮 ...) covers a node's subtree.
CREATE TABLE screening_round (
    id          INTEGER PRIMARY KEY,
    node        TEXT NOT NULL REFERENCES node(code),
    number      INTEGER NOT NULL,
    name        TEXT NOT NULL,
    started_utc INTEGER NOT NULL,
    closed_utc  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (node, number)
);

-- One visit record per household and round; a later visit of the same
-- household in the same round replaces the outcome (nobody home → visited).
CREATE TABLE visit (
    round_id     INTEGER NOT NULL REFERENCES screening_round(id),
    household_id INTEGER NOT NULL REFERENCES household(id),
    grid         TEXT NOT NULL,
    outcome      INTEGER NOT NULL,   -- 1 visited, 2 nobody home, 3 empty verified, 4 refused
    visitor_id   INTEGER NOT NULL,
    at_utc       INTEGER NOT NULL,
    remarks      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (round_id, household_id)
) WITHOUT ROWID;
CREATE INDEX visit_grid ON visit(round_id, grid);

-- Arrivals (来返人员): who came back from where, when, how.
CREATE TABLE arrival (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER REFERENCES person(id),
    grid         TEXT NOT NULL,          -- or a community code when not yet placed
    name         TEXT NOT NULL,
    id_number    TEXT NOT NULL,
    phone        TEXT NOT NULL,
    origin_code  TEXT NOT NULL DEFAULT '',   -- division code if known
    origin_name  TEXT NOT NULL,
    arrival_days INTEGER NOT NULL,
    transport    TEXT NOT NULL DEFAULT '',
    risk_level   INTEGER NOT NULL DEFAULT 0, -- origin on that day: 0 low, 1 medium, 2 high
    created_utc  INTEGER NOT NULL
);
CREATE INDEX arrival_grid ON arrival(grid, arrival_days);
CREATE INDEX arrival_id_number ON arrival(id_number);

-- Community self-report (社区报备) from the public page: a task for the
-- community chosen by the reporter's address until an officer decides.
CREATE TABLE self_report (
    id           INTEGER PRIMARY KEY,
    community    TEXT NOT NULL REFERENCES node(code),
    name         TEXT NOT NULL,
    id_number    TEXT NOT NULL,
    phone        TEXT NOT NULL,
    address      TEXT NOT NULL,
    origin_code  TEXT NOT NULL DEFAULT '',
    origin_name  TEXT NOT NULL,
    arrival_days INTEGER NOT NULL,
    transport    TEXT NOT NULL DEFAULT '',
    status       INTEGER NOT NULL DEFAULT 0, -- 0 pending, 1 confirmed, 2 rejected
    reviewer_id  INTEGER,
    reviewed_utc INTEGER NOT NULL DEFAULT 0,
    reason       TEXT NOT NULL DEFAULT '',
    arrival_id   INTEGER REFERENCES arrival(id),
    created_utc  INTEGER NOT NULL
);
CREATE INDEX self_report_community ON self_report(community, status, id);
