/*
 * screening.c - the screening module's statements and rows (store/screening.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/screening.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static struct db_sql STMT_ROUND_NEXT = DB_SQL(
    "SELECT coalesce(max(number), 0) + 1 FROM screening_round "
    "WHERE node = ?1");

static struct db_sql STMT_ROUND_INSERT = DB_SQL(
    "INSERT INTO screening_round(node, number, name, "
    "started_utc) VALUES (?1,?2,?3,?4)");

static struct db_sql STMT_ROUND_GET = DB_SQL(
    "SELECT id, node, number, name, started_utc, closed_utc "
    "FROM screening_round WHERE id = ?1");

static struct db_sql STMT_ROUND_CURRENT = DB_SQL(
    "SELECT id, node, number, name, started_utc, closed_utc "
    "FROM screening_round WHERE closed_utc = 0 AND "
    "substr(?1, 1, length(node)) = node "
    "ORDER BY length(node) DESC, id DESC LIMIT 1");

static struct db_sql STMT_ROUND_CLOSE = DB_SQL(
    "UPDATE screening_round SET closed_utc = ?2 "
    "WHERE id = ?1 AND closed_utc = 0");

static struct db_sql STMT_HOUSEHOLD_LIST = DB_SQL(
    "SELECT h.id, h.grid, h.address, h.n_members, "
    "h.created_utc, h.updated_utc, coalesce(v.outcome, 0), "
    "coalesce(v.at_utc, 0), coalesce((SELECT name FROM person "
    "WHERE household_id = h.id AND flags & 16 <> 0 AND deleted_utc = 0 "
    "LIMIT 1), '') "
    "FROM household h LEFT JOIN visit v ON v.round_id = ?2 "
    "AND v.household_id = h.id WHERE h.grid = ?1 AND h.deleted_utc = 0 AND "
    "(?3 = 0 OR coalesce(v.outcome, 0) IN (0, 2)) ORDER BY h.id");

static struct db_sql STMT_VISIT_PUT = DB_SQL(
    "INSERT INTO visit(round_id, household_id, grid, outcome, "
    "visitor_id, at_utc, remarks) VALUES (?1,?2,?3,?4,?5,?6,?7) "
    "ON CONFLICT(round_id, household_id) DO UPDATE SET "
    "outcome = excluded.outcome, visitor_id = excluded.visitor_id, "
    "at_utc = excluded.at_utc, remarks = excluded.remarks");

/* each household counts the visit of the round in force at its own
 * grid (the deepest open one), whichever node the figures are for */
static struct db_sql STMT_COVERAGE_HOUSEHOLDS = DB_SQL(
    "WITH r AS (SELECT id, node FROM screening_round "
    "WHERE closed_utc = 0 AND ((node >= ?1 AND "
    "node < ?1 || 'z') OR substr(?1, 1, length(node)) "
    "= node)) "
    "SELECT substr(h.grid, 1, CAST(?2 AS integer)), count(*), "
    "sum(CASE WHEN v.outcome = 1 THEN 1 ELSE 0 END), "
    "sum(CASE WHEN v.outcome = 2 THEN 1 ELSE 0 END), "
    "sum(CASE WHEN v.outcome = 3 THEN 1 ELSE 0 END), "
    "sum(CASE WHEN v.outcome = 4 THEN 1 ELSE 0 END) "
    "FROM household h LEFT JOIN visit v ON "
    "v.household_id = h.id AND v.round_id = "
    "(SELECT id FROM r WHERE substr(h.grid, 1, "
    "length(r.node)) = r.node ORDER BY "
    "length(r.node) DESC, r.id DESC LIMIT 1) "
    "WHERE h.grid >= ?1 AND h.grid < ?1 || 'z' AND h.deleted_utc = 0 "
    "GROUP BY 1");

static struct db_sql STMT_COVERAGE_PERSONS = DB_SQL(
    "SELECT substr(grid, 1, CAST(?2 AS integer)), count(*), "
    "sum(is_floating), sum(CASE WHEN flags & 1 <> 0 THEN 1 ELSE 0 END) "
    "FROM person "
    "WHERE grid >= ?1 AND grid < ?1 || 'z' AND deleted_utc = 0 GROUP BY 1");

static void round_from_row(struct db_stmt *st, void *row)
{
    struct screening_round *r = row;

    memset(r, 0, sizeof(*r));
    r->id = db_col_int(st, 0);
    db_col_copy(st, 1, r->node, sizeof(r->node));
    r->number = db_col_int(st, 2);
    db_col_copy(st, 3, r->name, sizeof(r->name));
    r->started_utc = db_col_int(st, 4);
    r->closed_utc = db_col_int(st, 5);
}

int store_round_next(struct store_tx *tx, const char *node, int *number,
                     struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_ROUND_NEXT, err);
    int rc;

    if (!st)
        return -1;
    db_bind_text(st, 1, node);
    rc = db_step(st);
    if (rc != DB_ROW) {
        db_reset(st);
        return db_fail(tx->s->db, rc, "round_next", err);
    }
    *number = db_col_int(st, 0);
    db_reset(st);
    return 0;
}

int store_round_insert(struct store_tx *tx, struct screening_round *r, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_ROUND_INSERT, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, r->node);
    db_bind_int(st, 2, r->number);
    db_bind_text(st, 3, r->name);
    db_bind_int(st, 4, r->started_utc);
    if (db_run(st, "round_insert", err))
        return -1;
    r->id = db_last_id(tx->s->db);
    return 0;
}

static int round_one(struct store_tx *tx, struct db_stmt *st, struct screening_round *out,
                     const char *field, struct lf_err *err)
{
    int rc = db_step(st);

    if (rc != DB_ROW) {
        db_reset(st);
        if (rc == DB_DONE)
            return lf_err_set(err, LF_ERR_NOTFOUND, field, "no screening round");
        return db_fail(tx->s->db, rc, "round", err);
    }
    round_from_row(st, out);
    db_reset(st);
    return 0;
}

int store_round_get(struct store_tx *tx, int64_t id, struct screening_round *out,
                    struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_ROUND_GET, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    return round_one(tx, st, out, "round_id", err);
}

int store_round_current(struct store_tx *tx, const char *code,
                        struct screening_round *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_ROUND_CURRENT, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    return round_one(tx, st, out, "round", err);
}

int store_round_close(struct store_tx *tx, int64_t id, int64_t now, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_ROUND_CLOSE, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, now);
    if (db_run(st, "round_close", err))
        return -1;
    if (db_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_CONFLICT, "round_id", "is not open");
    return 0;
}

static void household_list_row(struct db_stmt *st, void *row)
{
    struct household_row *r = row;

    memset(r, 0, sizeof(*r));
    r->h.id = db_col_int(st, 0);
    db_col_copy(st, 1, r->h.grid, sizeof(r->h.grid));
    db_col_copy(st, 2, r->h.address, sizeof(r->h.address));
    r->h.n_members = db_col_int(st, 3);
    r->h.created_utc = db_col_int(st, 4);
    r->h.updated_utc = db_col_int(st, 5);
    r->outcome = db_col_int(st, 6);
    r->visited_utc = db_col_int(st, 7);
    db_col_copy(st, 8, r->head_name, sizeof(r->head_name));
}

int store_household_list(struct store_tx *tx, const char *grid, int64_t round_id,
                         int todo_only, struct household_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_HOUSEHOLD_LIST, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_text(st, 1, grid);
    db_bind_int(st, 2, round_id);
    db_bind_int(st, 3, todo_only);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                        household_list_row, "household_list", err);
}

int store_visit_put(struct store_tx *tx, int64_t round_id, int64_t household_id,
                    const char *grid, int outcome, int64_t visitor_id, int64_t at,
                    const char *remarks, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_VISIT_PUT, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, round_id);
    db_bind_int(st, 2, household_id);
    db_bind_text(st, 3, grid);
    db_bind_int(st, 4, outcome);
    db_bind_int(st, 5, visitor_id);
    db_bind_int(st, 6, at);
    db_bind_text(st, 7, remarks ? remarks : "");
    return db_run(st, "visit_put", err);
}

/* The row for code in out (total when code is NULL), created if new. */
static struct coverage_row *coverage_row(struct coverage *out, const char *code)
{
    size_t i;

    if (!code)
        return &out->total;
    for (i = 0; i < out->n_children; i++)
        if (strcmp(out->children[i].code, code) == 0)
            return &out->children[i];
    out->children = xrealloc(out->children, (out->n_children + 1) * sizeof(*out->children));
    memset(&out->children[out->n_children], 0, sizeof(out->children[0]));
    snprintf(out->children[out->n_children].code, NODE_CODE_MAX, "%s", code);
    return &out->children[out->n_children++];
}

/* A row of STMT_COVERAGE_HOUSEHOLDS into its node's figures. */
static int add_households(struct db_stmt *st, void *arg)
{
    char key[NODE_CODE_MAX];
    struct coverage_row *r;

    db_col_copy(st, 0, key, sizeof(key));
    r = coverage_row(arg, key);
    r->households = db_col_int(st, 1);
    r->visited = db_col_int(st, 2);
    r->nobody_home = db_col_int(st, 3);
    r->empty = db_col_int(st, 4);
    r->refused = db_col_int(st, 5);
    return 0;
}

/* A row of STMT_COVERAGE_PERSONS into its node's figures. */
static int add_persons(struct db_stmt *st, void *arg)
{
    char key[NODE_CODE_MAX];
    struct coverage_row *r;

    db_col_copy(st, 0, key, sizeof(key));
    r = coverage_row(arg, key);
    r->persons = db_col_int(st, 1);
    r->floating = db_col_int(st, 2);
    r->arrivals = db_col_int(st, 3);
    return 0;
}

int store_coverage(struct store_tx *tx, const char *code, size_t child_len,
                   struct coverage *out, struct lf_err *err)
{
    struct db_stmt *st;

    memset(out, 0, sizeof(*out));
    snprintf(out->total.code, sizeof(out->total.code), "%s", code);
    if (!(st = db_prepare(tx->s->db, &STMT_COVERAGE_HOUSEHOLDS, err)))
        return -1;
    db_bind_text(st, 1, code);
    db_bind_int(st, 2, (int)child_len);
    if (db_each_row(st, add_households, out, "coverage", err))
        goto fail;
    if (!(st = db_prepare(tx->s->db, &STMT_COVERAGE_PERSONS, err)))
        goto fail;
    db_bind_text(st, 1, code);
    db_bind_int(st, 2, (int)child_len);
    if (db_each_row(st, add_persons, out, "coverage", err))
        goto fail;
    return 0;
fail:
    free(out->children);
    out->children = NULL;
    out->n_children = 0;
    return -1;
}
