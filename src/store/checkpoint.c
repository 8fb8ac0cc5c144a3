/*
 * checkpoint.c - traffic checkpoints and their daily counts
 * (store/checkpoint.h). Passes, checks and referrals have their own files.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"
#include "store/checkpoint.h"

#include "util/banned.h"

#define CHECKPOINT_COLS                                                        \
    "checkpoint.id, checkpoint.node, checkpoint.name, checkpoint.road, "       \
    "checkpoint.kind, checkpoint.code, checkpoint.created_utc"

static struct db_sql STMT_CHECKPOINT_INSERT = DB_SQL(
    "INSERT INTO checkpoint(node, name, road, kind, "
    "code, created_utc) VALUES (?1,?2,?3,?4,?5,?6)");

static struct db_sql STMT_CHECKPOINT_GET = DB_SQL(
    "SELECT " CHECKPOINT_COLS " FROM checkpoint WHERE id = ?1");

static struct db_sql STMT_CHECKPOINT_BY_CODE = DB_SQL(
    "SELECT " CHECKPOINT_COLS " FROM checkpoint "
    "WHERE code = ?1");

static struct db_sql STMT_CHECKPOINT_LIST = DB_SQL(
    "SELECT " CHECKPOINT_COLS " FROM checkpoint WHERE "
    "node >= ?1 AND node < ?1 || 'z' ORDER BY node, id");

static struct db_sql STMT_CHECKPOINT_STATS = DB_SQL(
    "SELECT " CHECKPOINT_COLS ", "
    "count(DISTINCT CASE WHEN p.plate <> '' "
    "THEN p.plate END), count(DISTINCT p.id_number), "
    "count(k.id), coalesce(sum(k.fever), 0), "
    "coalesce(sum(CASE WHEN k.outcome = 2 THEN 1 ELSE 0 END), 0), "
    "(SELECT count(*) "
    "FROM pass s WHERE s.checkpoint_id = checkpoint.id "
    "AND s.day = ?2) FROM checkpoint LEFT JOIN pass_check k "
    "ON k.checkpoint_id = checkpoint.id AND k.day = ?2 "
    "LEFT JOIN pass p ON p.id = k.pass_id WHERE "
    "node >= ?1 AND node < ?1 || 'z' "
    "GROUP BY checkpoint.id ORDER BY node, checkpoint.id");

static void checkpoint_from_row(struct db_stmt *st, void *row)
{
    struct checkpoint *c = row;

    memset(c, 0, sizeof(*c));
    c->id = db_col_int(st, 0);
    db_col_copy(st, 1, c->node, sizeof(c->node));
    db_col_copy(st, 2, c->name, sizeof(c->name));
    db_col_copy(st, 3, c->road, sizeof(c->road));
    db_col_copy(st, 4, c->kind, sizeof(c->kind));
    db_col_copy(st, 5, c->code, sizeof(c->code));
    c->created_utc = db_col_int(st, 6);
}

int store_checkpoint_insert(struct store_tx *tx, struct checkpoint *c, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CHECKPOINT_INSERT, err);
    int rc;

    if (!st)
        return -1;
    db_bind_text(st, 1, c->node);
    db_bind_text(st, 2, c->name);
    db_bind_text(st, 3, c->road);
    db_bind_text(st, 4, c->kind);
    db_bind_text(st, 5, c->code);
    db_bind_int(st, 6, c->created_utc);
    rc = db_step(st);
    db_reset(st);
    /* SQLite names the columns ("checkpoint.node, checkpoint.name"),
     * PostgreSQL the constraint ("checkpoint_node_name_key"); the code's
     * is "checkpoint.code" or "checkpoint_code_key" */
    if (rc == DB_UNIQUE && strstr(db_errmsg(tx->s->db), "name"))
        return lf_err_set(err, LF_ERR_CONFLICT, "name",
                          "is already the name of a checkpoint here");
    if (rc != DB_DONE)
        return db_fail(tx->s->db, rc, "checkpoint_insert", err);
    c->id = db_last_id(tx->s->db);
    return 0;
}

static int checkpoint_one(struct store_tx *tx, struct db_stmt *st, struct checkpoint *out,
                          const char *field, struct lf_err *err)
{
    return db_read_one(st, out, checkpoint_from_row, field, "does not exist",
                            "checkpoint_get", err);
}

int store_checkpoint_get(struct store_tx *tx, int64_t id, struct checkpoint *out,
                         const char *field, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CHECKPOINT_GET, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    return checkpoint_one(tx, st, out, field, err);
}

int store_checkpoint_by_code(struct store_tx *tx, const char *code, struct checkpoint *out,
                             const char *field, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CHECKPOINT_BY_CODE, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    return checkpoint_one(tx, st, out, field, err);
}

int store_checkpoint_list(struct store_tx *tx, const char *node,
                          struct checkpoint_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CHECKPOINT_LIST, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_text(st, 1, node);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                             checkpoint_from_row, "checkpoint_list", err);
}

/* A checkpoint's columns, then its counts of the day. */
static void checkpoint_day_from_row(struct db_stmt *st, void *row)
{
    struct checkpoint_day *r = row;

    memset(r, 0, sizeof(*r));
    checkpoint_from_row(st, &r->c);
    r->vehicles = (long)db_col_int(st, 7);
    r->persons = (long)db_col_int(st, 8);
    r->checks = (long)db_col_int(st, 9);
    r->fevers = (long)db_col_int(st, 10);
    r->turned_back = (long)db_col_int(st, 11);
    r->passes = (long)db_col_int(st, 12);
}

int store_checkpoint_stats(struct store_tx *tx, const char *node, int64_t day,
                           struct checkpoint_stats *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CHECKPOINT_STATS, err);

    memset(out, 0, sizeof(*out));
    out->day = day;
    if (!st)
        return -1;
    db_bind_text(st, 1, node);
    db_bind_int(st, 2, day);
    return db_read_rows(st, (void **)&out->rows, &out->n, sizeof(*out->rows),
                             checkpoint_day_from_row, "checkpoint_stats", err);
}
