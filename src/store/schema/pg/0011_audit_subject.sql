-- 0011_audit_subject.sql - who looked at whom (谁查看过此人): the persons a
-- read of personal data returned, one row each, beside its audit row.
-- Purpose and retention (PIPL, Cybersecurity Law art. 21): the audit log's;
-- a row goes with its audit row and no sooner (at least 183 days).
-- A subject is named by the ledger's person id and, when the person has an
-- ID number, by a keyed hash of it (id_key: the first 63 bits of BLAKE2b
-- keyed with the deployment's secret): never the number itself, so the log
-- that outlives the ledger's retention holds no ID number, and a stolen
-- copy of it cannot be searched by number without the deployment's key.
-- A search by ID number that returned nobody is recorded by its id_key too.
-- 0 means none (the append path writes integers only). No foreign keys: the
-- person may be purged; the record of who saw them stays.

CREATE TABLE audit_subject (
    audit_id  bigint NOT NULL,
    person_id bigint NOT NULL DEFAULT 0,
    id_key    bigint NOT NULL DEFAULT 0
);
CREATE INDEX audit_subject_audit ON audit_subject(audit_id);
CREATE INDEX audit_subject_person ON audit_subject(person_id) WHERE person_id <> 0;
CREATE INDEX audit_subject_key ON audit_subject(id_key) WHERE id_key <> 0;
