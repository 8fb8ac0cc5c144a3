-- 0001_base.sql - configuration, the jurisdiction tree, the division
-- registry, users, sessions and the audit log.
-- Times are UTC seconds (INTEGER). Node codes are TEXT so that a subtree is
-- a prefix range: 419001 → 419001001 (town) → 419001001001 (community)
-- → 419001001001001 (grid).

CREATE TABLE config (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- The deployment's tree: the chosen county or city, its real towns and
-- streets, and the communities and grids the deployment adds.
CREATE TABLE node (
    code        TEXT PRIMARY KEY,
    parent      TEXT REFERENCES node(code),
    kind        TEXT NOT NULL CHECK (kind IN
                  ('province','city','county','town','community','grid')),
    name        TEXT NOT NULL,
    is_real     INTEGER NOT NULL DEFAULT 0,   -- from the national table
    created_utc INTEGER NOT NULL,
    updated_utc INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX node_parent ON node(parent, code);

-- Every county-level code of the national table (current as of the data),
-- to tell a retired ID-number region code from a current one and to name
-- the origin of an arrival.
CREATE TABLE division (
    code  TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    level INTEGER NOT NULL          -- 1 province, 2 city, 3 county
) WITHOUT ROWID;

CREATE TABLE user (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL,
    node            TEXT NOT NULL REFERENCES node(code),
    pw_hash         TEXT NOT NULL,
    failed_count    INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NOT NULL DEFAULT 0,
    disabled        INTEGER NOT NULL DEFAULT 0,
    created_utc     INTEGER NOT NULL,
    pw_changed_utc  INTEGER NOT NULL
);
CREATE INDEX user_node ON user(node);

-- Sessions are found by the hash of their token; the token itself is
-- never stored.
CREATE TABLE session (
    token_hash    BLOB PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES user(id),
    created_utc   INTEGER NOT NULL,
    last_seen_utc INTEGER NOT NULL,
    addr          TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX session_user ON session(user_id);

-- Append-only: no UPDATE ever, and no DELETE of a row younger than 183
-- days (Cybersecurity Law art. 21: at least six months).
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at_utc    INTEGER NOT NULL,
    user_id   INTEGER,                 -- NULL: not logged in
    username  TEXT NOT NULL DEFAULT '',
    role      TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,           -- "node.create", "login.fail", ...
    record    TEXT NOT NULL DEFAULT '',-- the record touched: "node:419001001"
    success   INTEGER NOT NULL,
    addr      TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at_utc);
CREATE INDEX audit_user ON audit(user_id, at_utc);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;
CREATE TRIGGER audit_keep_six_months BEFORE DELETE ON audit
WHEN old.at_utc > CAST(strftime('%s','now') AS INTEGER) - 183 * 86400
BEGIN
    SELECT RAISE(ABORT, 'audit rows are kept at least 183 days');
END;
