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
