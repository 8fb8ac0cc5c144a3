-- 0011_ledger_edit.sql - correcting the ledger: soft deletion of persons and
-- households, the history of every record, and transfers between
-- jurisdictions (迁出 / 迁入).
-- Purpose and retention (PIPL): the history holds the old and new values of
-- a ledger record (a phone, an address), so it is personal data with the
-- record's own purpose; it is kept as long as the record and the audit
-- period after a deletion (a deleted person's row, history and transfers
-- stay for at least 183 days, then `lianfang purge` may remove them).
-- Depends on 0001 (node) and 0002 (person, household).

-- 0 = live; otherwise when it was deleted (UTC seconds). A deleted row
-- leaves every list and search but stays readable in its history.
ALTER TABLE person ADD COLUMN deleted_utc INTEGER NOT NULL DEFAULT 0;
ALTER TABLE household ADD COLUMN deleted_utc INTEGER NOT NULL DEFAULT 0;

-- One row per changed field (field '' for a change without one: a deletion,
-- a transfer asked for), written in the transaction of the change itself.
CREATE TABLE ledger_history (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER REFERENCES person(id),      -- NULL: the household's own
    household_id INTEGER REFERENCES household(id),   -- the household at the time
    at_utc       INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,                   -- 0: the command line
    username     TEXT NOT NULL,
    action       TEXT NOT NULL,      -- create edit move transfer_out transfer_in delete import
    field        TEXT NOT NULL DEFAULT '',
    old_value    TEXT NOT NULL DEFAULT '',
    new_value    TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ledger_history_person ON ledger_history(person_id, id);
CREATE INDEX ledger_history_household ON ledger_history(household_id, id);

-- A record handed from one jurisdiction to another, which accepts or refuses
-- it: a ledger person moving away (kind 'person'), later the quarantine
-- module's orders. One pending transfer per record.
CREATE TABLE transfer (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,                     -- 'person'
    record_id     INTEGER NOT NULL,                  -- person.id for 'person'
    from_node     TEXT NOT NULL REFERENCES node(code),
    to_node       TEXT NOT NULL REFERENCES node(code),
    status        INTEGER NOT NULL DEFAULT 0,        -- 0 pending, 1 accepted, 2 refused
    reason        TEXT NOT NULL,
    requested_by  INTEGER NOT NULL,                  -- user id, 0: the command line
    requester     TEXT NOT NULL,                     -- username
    requested_utc INTEGER NOT NULL,
    decided_by    INTEGER NOT NULL DEFAULT 0,
    decider       TEXT NOT NULL DEFAULT '',
    decided_utc   INTEGER NOT NULL DEFAULT 0,
    decide_note   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX transfer_to ON transfer(to_node, status);
CREATE INDEX transfer_from ON transfer(from_node, status);
CREATE INDEX transfer_record ON transfer(kind, record_id, status);
