/*
 * audit.c - the audit module's statements and rows (store/audit.h).
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/audit.h"
#include "util/banned.h"

static struct db_sql STMT_AUDIT_INSERT = DB_SQL(
    "INSERT INTO audit(at_utc, user_id, username, role, "
    "action, record, success, addr, detail) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");

/* ?3 is NULL for every action: the CAST tells PostgreSQL its type, which
 * IS NULL alone does not */
static struct db_sql STMT_AUDIT_LIST = DB_SQL(
    "SELECT id, at_utc, coalesce(user_id,0), username, role, "
    "action, record, success, addr, detail FROM audit "
    "WHERE (?1 = 0 OR id < ?1) AND (?2 = 0 OR user_id = ?2) "
    "AND (CAST(?3 AS text) IS NULL OR action >= ?3 AND action < ?3 || 'z') "
    "ORDER BY id DESC LIMIT ?4");

int store_audit_insert(struct store_tx *tx, struct audit_entry *a,
                       struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_AUDIT_INSERT, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, a->at_utc);
    if (a->user_id)
        db_bind_int(st, 2, a->user_id);
    db_bind_text(st, 3, a->username);
    db_bind_text(st, 4, a->role);
    db_bind_text(st, 5, a->action);
    db_bind_text(st, 6, a->record);
    db_bind_int(st, 7, a->success);
    db_bind_text(st, 8, a->addr);
    db_bind_text(st, 9, a->detail);
    if (db_run(st, "audit_insert", err))
        return -1;
    a->id = db_last_id(tx->s->db);
    return 0;
}

/* Subjects go in SUBJECTS_ROWS a statement, the rest one by one: two
 * cached statements, so a list of 50 is 3 + 2 executions and no prepare
 * (db_append_*() prepares its statements anew each time). */
#define SUBJECTS_ROWS 16
static struct db_sql STMT_SUBJECTS_MANY = DB_SQL(
    "INSERT INTO audit_subject(audit_id, person_id, id_key) VALUES "
    "(?1,?2,?3),(?1,?4,?5),(?1,?6,?7),(?1,?8,?9),(?1,?10,?11),(?1,?12,?13),"
    "(?1,?14,?15),(?1,?16,?17),(?1,?18,?19),(?1,?20,?21),(?1,?22,?23),"
    "(?1,?24,?25),(?1,?26,?27),(?1,?28,?29),(?1,?30,?31),(?1,?32,?33)");
static struct db_sql STMT_SUBJECTS_ONE = DB_SQL(
    "INSERT INTO audit_subject(audit_id, person_id, id_key) VALUES (?1,?2,?3)");

int store_audit_subjects_insert(struct store_tx *tx, int64_t audit_id,
                                const struct audit_subject *s, size_t n,
                                struct lf_err *err)
{
    struct db_stmt *st;
    size_t i = 0, k;

    for (; n - i >= SUBJECTS_ROWS; i += SUBJECTS_ROWS) {
        if (!(st = db_prepare(tx->s->db, &STMT_SUBJECTS_MANY, err)))
            return -1;
        db_bind_int(st, 1, audit_id);
        for (k = 0; k < SUBJECTS_ROWS; k++) {
            db_bind_int(st, (int)(2 + 2 * k), s[i + k].person_id);
            db_bind_int(st, (int)(3 + 2 * k), s[i + k].id_key);
        }
        if (db_run(st, "audit_subjects", err))
            return -1;
    }
    for (; i < n; i++) {
        if (!(st = db_prepare(tx->s->db, &STMT_SUBJECTS_ONE, err)))
            return -1;
        db_bind_int(st, 1, audit_id);
        db_bind_int(st, 2, s[i].person_id);
        db_bind_int(st, 3, s[i].id_key);
        if (db_run(st, "audit_subject", err))
            return -1;
    }
    return 0;
}

static void audit_list_row(struct db_stmt *st, void *row)
{
    struct audit_entry *a = row;

    memset(a, 0, sizeof(*a));
    a->id = db_col_int(st, 0);
    a->at_utc = db_col_int(st, 1);
    a->user_id = db_col_int(st, 2);
    db_col_copy(st, 3, a->username, sizeof(a->username));
    db_col_copy(st, 4, a->role, sizeof(a->role));
    db_col_copy(st, 5, a->action, sizeof(a->action));
    db_col_copy(st, 6, a->record, sizeof(a->record));
    a->success = db_col_int(st, 7);
    db_col_copy(st, 8, a->addr, sizeof(a->addr));
    db_col_copy(st, 9, a->detail, sizeof(a->detail));
}

static struct db_sql STMT_AUDIT_BY_SUBJECT = DB_SQL(
    "SELECT id, at_utc, coalesce(user_id,0), username, role, "
    "action, record, success, addr, detail FROM audit WHERE id IN "
    "(SELECT audit_id FROM audit_subject WHERE ?1 <> 0 AND person_id = ?1 "
    "UNION SELECT audit_id FROM audit_subject WHERE ?2 <> 0 AND id_key = ?2) "
    "ORDER BY id DESC LIMIT ?3");

int store_audit_by_subject(struct store_tx *tx, int64_t person_id, int64_t id_key,
                           unsigned limit, struct audit_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_AUDIT_BY_SUBJECT, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, id_key);
    db_bind_int(st, 3, (int)limit);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                        audit_list_row, "audit_by_subject", err);
}

int store_audit_list(struct store_tx *tx, const struct audit_filter *f,
                     struct audit_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_AUDIT_LIST, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, f->before_id);
    db_bind_int(st, 2, f->user_id);
    if (f->action_prefix && *f->action_prefix)
        db_bind_text(st, 3, f->action_prefix);
    db_bind_int(st, 4, (int)f->limit);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                        audit_list_row, "audit_list", err);
}
