/*
 * duty.c - duty assignments (store/duty.h), schema 0010_duty.sql.
 * An assignment is never deleted: ending it sets ended_utc, so the
 * history of who answered for a node stays.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/duty.h"
#include "util/banned.h"

/* a duty with its node's name: "FROM" included, so a WHERE follows */
#define DUTY_COLS                                                              \
    "d.id, d.node, coalesce(n.name, ''), coalesce(d.person_id, 0), d.kind, "   \
    "d.name, d.title, d.phone, d.from_days, coalesce(d.assigned_by, 0), "      \
    "d.created_utc, "                                                          \
    "d.ended_utc, coalesce(d.ended_by, 0), d.end_reason "                      \
    "FROM duty d LEFT JOIN node n ON n.code = d.node"

static struct db_sql STMT_DUTY_INSERT = DB_SQL(
    "INSERT INTO duty(node, person_id, kind, name, title, phone, from_days, "
    "assigned_by, created_utc) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");

static struct db_sql STMT_DUTY_GET = DB_SQL(
    "SELECT " DUTY_COLS " WHERE d.id = ?1");

/* node itself and, when ?3 = 1, every code below it */
static struct db_sql STMT_DUTY_LIST = DB_SQL(
    "SELECT " DUTY_COLS " WHERE (d.node = ?1 OR (?3 = 1 AND d.node > ?1 AND "
    "d.node < ?1 || 'z')) AND (?2 = 1 OR d.ended_utc = 0) "
    "ORDER BY d.node, d.id");

static struct db_sql STMT_DUTY_EXISTS = DB_SQL(
    "SELECT 1 FROM duty WHERE node = ?1 AND coalesce(person_id, 0) = ?2 AND "
    "kind = ?3 AND name = ?4 AND ended_utc = 0 LIMIT 1");

static struct db_sql STMT_DUTY_END = DB_SQL(
    "UPDATE duty SET ended_utc = ?2, ended_by = ?3, end_reason = ?4 "
    "WHERE id = ?1 AND ended_utc = 0");

static void duty_from_row(struct db_stmt *st, void *row)
{
    struct duty *d = row;

    memset(d, 0, sizeof(*d));
    d->id = db_col_int(st, 0);
    db_col_copy(st, 1, d->node, sizeof(d->node));
    db_col_copy(st, 2, d->node_name, sizeof(d->node_name));
    d->person_id = db_col_int(st, 3);
    d->kind = (int)db_col_int(st, 4);
    db_col_copy(st, 5, d->name, sizeof(d->name));
    db_col_copy(st, 6, d->title, sizeof(d->title));
    db_col_copy(st, 7, d->phone, sizeof(d->phone));
    d->from_days = db_col_int(st, 8);
    d->assigned_by = db_col_int(st, 9);
    d->created_utc = db_col_int(st, 10);
    d->ended_utc = db_col_int(st, 11);
    d->ended_by = db_col_int(st, 12);
    db_col_copy(st, 13, d->end_reason, sizeof(d->end_reason));
}

int store_duty_insert(struct store_tx *tx, struct duty *d, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_DUTY_INSERT, err);
    int rc;

    if (!st)
        return -1;
    db_bind_text(st, 1, d->node);
    db_bind_id(st, 2, d->person_id);
    db_bind_int(st, 3, d->kind);
    db_bind_text(st, 4, d->name);
    db_bind_text(st, 5, d->title);
    db_bind_text(st, 6, d->phone);
    db_bind_int(st, 7, d->from_days);
    db_bind_id(st, 8, d->assigned_by);
    db_bind_int(st, 9, d->created_utc);
    rc = db_step(st);
    db_reset(st);
    if (rc == DB_FOREIGN_KEY)
        return lf_err_set(err, LF_ERR_NOTFOUND, d->person_id ? "person_id" : "node",
                          "does not exist");
    if (rc != DB_DONE)
        return db_fail(tx->s->db, rc, "duty_insert", err);
    d->id = db_last_id(tx->s->db);
    return store_duty_get(tx, d->id, d, err);
}

int store_duty_get(struct store_tx *tx, int64_t id, struct duty *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_DUTY_GET, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    return db_read_one(st, out, duty_from_row, "id", "no such assignment", "duty_get",
                       err);
}

int store_duty_list(struct store_tx *tx, const char *node, int subtree, int with_ended,
                    struct duty_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_DUTY_LIST, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_text(st, 1, node);
    db_bind_int(st, 2, with_ended ? 1 : 0);
    db_bind_int(st, 3, subtree ? 1 : 0);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                        duty_from_row, "duty_list", err);
}

int store_duty_exists(struct store_tx *tx, const struct duty *d, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_DUTY_EXISTS, err);
    int rc;

    if (!st)
        return -1;
    db_bind_text(st, 1, d->node);
    db_bind_int(st, 2, d->person_id);
    db_bind_int(st, 3, d->kind);
    db_bind_text(st, 4, d->name);
    rc = db_step(st);
    db_reset(st);
    if (rc < 0)
        return db_fail(tx->s->db, rc, "duty_exists", err);
    return rc == DB_ROW;
}

int store_duty_end(struct store_tx *tx, int64_t id, int64_t by, int64_t now,
                   const char *reason, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_DUTY_END, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, now);
    db_bind_id(st, 3, by);
    db_bind_text(st, 4, reason);
    if (db_run(st, "duty_end", err))
        return -1;
    if (db_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_CONFLICT, "id", "has ended already");
    return 0;
}
