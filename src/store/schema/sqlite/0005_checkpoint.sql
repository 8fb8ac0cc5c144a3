-- 0005_checkpoint.sql - traffic checkpoints (交通检疫卡点), the daily pass
-- (一码通行: 当日提交、全市通行), its verifications at checkpoints, and the
-- fever referrals (发热转诊) they raise.
-- Purpose and retention (PIPL): passes and checks record where a person
-- was (whereabouts, sensitive under art. 28) for tracing, and are purged
-- 30 days after their day; referrals are health records, purged 180 days
-- after they are closed. Checkpoints are places, kept while they exist.
-- Depends on 0001 (node, user) and 0002 (person) only.

CREATE TABLE checkpoint (
    id          INTEGER PRIMARY KEY,
    node        TEXT NOT NULL REFERENCES node(code),  -- the unit that runs it
    name        TEXT NOT NULL,
    road        TEXT NOT NULL DEFAULT '',   -- 省道103与南绕城交叉处, 济源站东广场
    kind        TEXT NOT NULL,              -- highway, road, rail, bus, airport, village, other
    code        TEXT NOT NULL UNIQUE,       -- random, unguessable: its QR is pass.html?c=CODE
    created_utc INTEGER NOT NULL,
    UNIQUE (node, name)
);

-- One submission of the public form: valid on `day` only, at every
-- checkpoint of the deployment.
CREATE TABLE pass (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,     -- random, shown as the pass's QR
    day           INTEGER NOT NULL,         -- days since 1970-01-01 in UTC+8
    checkpoint_id INTEGER NOT NULL REFERENCES checkpoint(id),  -- where submitted
    name          TEXT NOT NULL,
    id_number     TEXT NOT NULL,
    phone         TEXT NOT NULL,
    plate         TEXT NOT NULL DEFAULT '', -- '' for passengers, pedestrians
    origin_code   TEXT NOT NULL DEFAULT '', -- a division code if given
    origin_name   TEXT NOT NULL,
    remarks       TEXT NOT NULL DEFAULT '',
    person_id     INTEGER REFERENCES person(id),  -- when the ID is in the ledger
    created_utc   INTEGER NOT NULL
);
CREATE INDEX pass_id_number ON pass(id_number, day);
CREATE INDEX pass_checkpoint ON pass(checkpoint_id, day);

-- One verification of a pass at a checkpoint by a staff member.
CREATE TABLE pass_check (
    id            INTEGER PRIMARY KEY,
    pass_id       INTEGER NOT NULL REFERENCES pass(id),
    checkpoint_id INTEGER NOT NULL REFERENCES checkpoint(id),
    staff_id      INTEGER NOT NULL,         -- user id (0: the command line)
    at_utc        INTEGER NOT NULL,
    day           INTEGER NOT NULL,         -- of at_utc in UTC+8, for the daily counts
    temp_tenths   INTEGER NOT NULL,         -- 0.1 °C: 365 = 36.5 °C
    id_confirmed  INTEGER NOT NULL,         -- the ID card was compared
    outcome       INTEGER NOT NULL,         -- 1 passed (放行), 2 turned back (劝返)
    fever         INTEGER NOT NULL,         -- temp_tenths >= 373
    remarks       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pass_check_checkpoint ON pass_check(checkpoint_id, day);
CREATE INDEX pass_check_pass ON pass_check(pass_id);

-- A fever found at a checkpoint, for the community the person belongs to
-- (their grid's community when the ID is in the ledger; otherwise the
-- community, town or county running the checkpoint).
CREATE TABLE referral (
    id            INTEGER PRIMARY KEY,
    check_id      INTEGER NOT NULL REFERENCES pass_check(id),
    person_id     INTEGER REFERENCES person(id),
    community     TEXT NOT NULL REFERENCES node(code),
    name          TEXT NOT NULL,
    id_number     TEXT NOT NULL,
    phone         TEXT NOT NULL,
    temp_tenths   INTEGER NOT NULL,
    status        INTEGER NOT NULL DEFAULT 0,  -- 0 pending, 1 received, 2 closed
    handled_by    INTEGER,                     -- user id of the last change
    handled_utc   INTEGER NOT NULL DEFAULT 0,
    remarks       TEXT NOT NULL DEFAULT '',
    created_utc   INTEGER NOT NULL
);
CREATE INDEX referral_community ON referral(community, status, id);
