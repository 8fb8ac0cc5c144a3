/*
 * transfer.c - transfers between jurisdictions (store/transfer.h), schema
 * 0012_ledger_edit.sql. A transfer is never deleted: its decision is
 * written on the row, so who handed whom to whom stays readable.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/transfer.h"
#include "util/banned.h"

/* the title of a record, as lists show it: a person's name */
#define TRANSFER_COLS                                                          \
    "t.id, t.kind, t.record_id, t.from_node, t.to_node, t.status, t.reason, "  \
    "t.requested_by, t.requester, t.requested_utc, t.decided_by, t.decider, "  \
    "t.decided_utc, t.decide_note, "                                           \
    "coalesce(CASE WHEN t.kind = 'person' THEN "                               \
    "(SELECT name FROM person WHERE id = t.record_id) END, '') "               \
    "FROM transfer t"

static struct db_sql STMT_INSERT = DB_SQL(
    "INSERT INTO transfer(kind, record_id, from_node, to_node, status, reason, "
    "requested_by, requester, requested_utc) VALUES (?1,?2,?3,?4,0,?5,?6,?7,?8)");

static struct db_sql STMT_GET = DB_SQL(
    "SELECT " TRANSFER_COLS " WHERE t.id = ?1");

static struct db_sql STMT_PENDING = DB_SQL(
    "SELECT " TRANSFER_COLS " WHERE t.kind = ?1 AND t.record_id = ?2 "
    "AND t.status = 0 ORDER BY t.id LIMIT 1");

static struct db_sql STMT_DECIDE = DB_SQL(
    "UPDATE transfer SET status = ?2, decided_by = ?3, decider = ?4, "
    "decided_utc = ?5, decide_note = ?6 WHERE id = ?1 AND status = 0");

static struct db_sql STMT_LIST = DB_SQL(
    "SELECT " TRANSFER_COLS " WHERE ((t.to_node >= ?1 AND t.to_node < ?1 || 'z') "
    "OR (t.from_node >= ?1 AND t.from_node < ?1 || 'z')) "
    "AND (?2 = 0 OR t.status = 0) ORDER BY t.id DESC LIMIT ?3");

static void transfer_from_row(struct db_stmt *st, void *row)
{
    struct transfer *t = row;

    memset(t, 0, sizeof(*t));
    t->id = db_col_int(st, 0);
    db_col_copy(st, 1, t->kind, sizeof(t->kind));
    t->record_id = db_col_int(st, 2);
    db_col_copy(st, 3, t->from_node, sizeof(t->from_node));
    db_col_copy(st, 4, t->to_node, sizeof(t->to_node));
    t->status = (int)db_col_int(st, 5);
    db_col_copy(st, 6, t->reason, sizeof(t->reason));
    t->requested_by = db_col_int(st, 7);
    db_col_copy(st, 8, t->requester, sizeof(t->requester));
    t->requested_utc = db_col_int(st, 9);
    t->decided_by = db_col_int(st, 10);
    db_col_copy(st, 11, t->decider, sizeof(t->decider));
    t->decided_utc = db_col_int(st, 12);
    db_col_copy(st, 13, t->decide_note, sizeof(t->decide_note));
    db_col_copy(st, 14, t->title, sizeof(t->title));
}

int store_transfer_insert(struct store_tx *tx, struct transfer *t, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_INSERT, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, t->kind);
    db_bind_int(st, 2, t->record_id);
    db_bind_text(st, 3, t->from_node);
    db_bind_text(st, 4, t->to_node);
    db_bind_text(st, 5, t->reason);
    db_bind_int(st, 6, t->requested_by);
    db_bind_text(st, 7, t->requester);
    db_bind_int(st, 8, t->requested_utc);
    if (db_run(st, "transfer_insert", err))
        return -1;
    t->id = db_last_id(tx->s->db);
    t->status = TRANSFER_PENDING;
    return 0;
}

int store_transfer_get(struct store_tx *tx, int64_t id, struct transfer *out,
                       struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_GET, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    return db_read_one(st, out, transfer_from_row, "id", "does not exist", "transfer_get",
                       err);
}

int store_transfer_pending(struct store_tx *tx, const char *kind, int64_t record_id,
                           struct transfer *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PENDING, err);
    struct lf_err probe = LF_ERR_INIT;

    if (!st)
        return -1;
    db_bind_text(st, 1, kind);
    db_bind_int(st, 2, record_id);
    if (!db_read_one(st, out, transfer_from_row, "id", "does not exist", "transfer_pending",
                     &probe))
        return 1;
    if (probe.code == LF_ERR_NOTFOUND)
        return 0;
    *err = probe;
    return -1;
}

int store_transfer_decide(struct store_tx *tx, const struct transfer *t,
                          struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_DECIDE, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, t->id);
    db_bind_int(st, 2, t->status);
    db_bind_int(st, 3, t->decided_by);
    db_bind_text(st, 4, t->decider);
    db_bind_int(st, 5, t->decided_utc);
    db_bind_text(st, 6, t->decide_note);
    if (db_run(st, "transfer_decide", err))
        return -1;
    if (db_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_CONFLICT, "id", "is already decided");
    return 0;
}

int store_transfer_list(struct store_tx *tx, const char *node, int pending_only,
                        unsigned limit, struct transfer_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_LIST, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_text(st, 1, node);
    db_bind_int(st, 2, pending_only ? 1 : 0);
    db_bind_int(st, 3, (int)limit);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                        transfer_from_row, "transfer_list", err);
}
