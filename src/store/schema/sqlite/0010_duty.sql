-- 0010_duty.sql - duty assignments (包抓、包保): a named official answers
-- for a node of the tree (县领导包镇、镇领导包村), or, later, for a person of
-- it (the quarantine module's 4包1 carers).
-- Purpose and retention (PIPL): officials' names and work phones, kept while
-- the assignment stands and for the audit period after it ends; an ended
-- assignment is kept (ended_utc set), never deleted, so the history of who
-- answered for a village when stays readable.
-- Depends on 0001 (node, user) and 0002 (person).

CREATE TABLE duty (
    id          INTEGER PRIMARY KEY,
    node        TEXT NOT NULL REFERENCES node(code),   -- what is answered for
    person_id   INTEGER REFERENCES person(id),         -- NULL: the node itself
    kind        INTEGER NOT NULL,                      -- enum duty_kind
    name        TEXT NOT NULL,                         -- the official
    title       TEXT NOT NULL DEFAULT '',              -- 职务: 副县长, 镇党委书记
    phone       TEXT NOT NULL,
    from_days   INTEGER NOT NULL,                      -- first day, days since 1970
    assigned_by INTEGER REFERENCES user(id),           -- NULL: the command line
    created_utc INTEGER NOT NULL,
    ended_utc   INTEGER NOT NULL DEFAULT 0,            -- 0: in force
    ended_by    INTEGER REFERENCES user(id),
    end_reason  TEXT NOT NULL DEFAULT ''
);
-- a subtree's assignments in force: a range of node codes
CREATE INDEX duty_node ON duty(node, ended_utc);
