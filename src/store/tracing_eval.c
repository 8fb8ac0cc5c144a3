/*
 * tracing_eval.c - the synthetic outbreak's truth (store.h, "eval"): the
 * infection table of 0008_outbreak.sql, read to measure contact tracing.
 *
 * The table exists only from schema 8 on, and a command that does not
 * migrate may open an older file, so store_eval_outbreak() asks the schema
 * first: the other statements are prepared only after it said yes.
 */
#include <string.h>

#include "store/store_int.h"
#include "store/tracing_eval.h"
#include "core/types/tracing_eval.h"
#include "util/banned.h"

/* an infection row; kind as enum infection_kind (core/types/tracing_eval.h) */
#define INFECTION_COLS                                                         \
    "person_id, coalesce(infector_id, 0), coalesce(venue_id, 0), CASE kind "   \
    "WHEN 'seed' THEN 1 WHEN 'venue' THEN 2 WHEN 'household' THEN 3 "          \
    "ELSE 0 END, infected_utc, coalesce(onset_utc, 0), coalesce(detected_utc, 0)"

static struct db_sql STMT_EVAL_HAS_TABLE = DB_SQL_VARIANT(
    "SELECT count(*) FROM sqlite_master WHERE "
    "type = 'table' AND name = 'infection'",
    "SELECT count(*) FROM information_schema.tables WHERE "
    "table_schema = current_schema() AND table_name = 'infection'");

static struct db_sql STMT_EVAL_N_DETECTED = DB_SQL(
    "SELECT count(*) FROM infection WHERE "
    "detected_utc IS NOT NULL");

static struct db_sql STMT_EVAL_CASES = DB_SQL(
    "SELECT " INFECTION_COLS " FROM infection WHERE "
    "detected_utc IS NOT NULL AND (detected_utc > ?1 OR "
    "(detected_utc = ?1 AND person_id > ?2)) "
    "ORDER BY detected_utc, person_id LIMIT ?3");

static struct db_sql STMT_EVAL_INFECTEES = DB_SQL(
    "SELECT " INFECTION_COLS " FROM infection WHERE "
    "infector_id = ?1 ORDER BY person_id");

static int count(struct store_tx *tx, struct db_sql *id, const char *what,
                 long *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, id, err);
    int rc;

    if (!st)
        return -1;
    if ((rc = db_step(st)) != DB_ROW) {
        db_reset(st);
        return db_fail(tx->s->db, rc, what, err);
    }
    *out = (long)db_col_int(st, 0);
    db_reset(st);
    return 0;
}

int store_eval_outbreak(struct store_tx *tx, int *has_table, long *n_detected,
                        struct lf_err *err)
{
    long n = 0;

    *has_table = 0;
    *n_detected = 0;
    if (count(tx, &STMT_EVAL_HAS_TABLE, "eval_has_table", &n, err))
        return -1;
    if (n == 0)
        return 0;
    *has_table = 1;
    return count(tx, &STMT_EVAL_N_DETECTED, "eval_n_detected", n_detected, err);
}

static void infection_from_row(struct db_stmt *st, void *row)
{
    struct infection *x = row;

    x->person_id = db_col_int(st, 0);
    x->infector_id = db_col_int(st, 1);
    x->venue_id = db_col_int(st, 2);
    x->kind = (int)db_col_int(st, 3);
    x->infected_utc = db_col_int(st, 4);
    x->onset_utc = db_col_int(st, 5);
    x->detected_utc = db_col_int(st, 6);
}

/* Appending to out, as the evaluation reads a page of cases at a time. */
static int read_rows(struct db_stmt *st, const char *what, struct infection_list *out,
                     struct lf_err *err)
{
    return db_append_rows(st, (void **)&out->items, &out->n, &out->cap, sizeof(*out->items),
                          infection_from_row, what, err);
}

int store_eval_cases(struct store_tx *tx, int64_t after_utc, int64_t after_id,
                     long limit, struct infection_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_EVAL_CASES, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, after_utc);
    db_bind_int(st, 2, after_id);
    db_bind_int(st, 3, limit);
    return read_rows(st, "eval_cases", out, err);
}

int store_eval_infectees(struct store_tx *tx, int64_t person_id,
                         struct infection_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_EVAL_INFECTEES, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, person_id);
    return read_rows(st, "eval_infectees", out, err);
}
