/*
 * sqlite_eval.c - the synthetic outbreak's truth (store.h, "eval"): the
 * infection table of 0008_outbreak.sql, read to measure contact tracing.
 *
 * The table exists only from schema 8 on, and a command that does not
 * migrate may open an older file, so store_eval_outbreak() asks the schema
 * first: the other statements are prepared only after it said yes.
 */
#include <string.h>

#include "core/tracing_eval.h"
#include "store/sqlite_int.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static int count(struct store_tx *tx, enum store_stmt id, const char *what,
                 long *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, id, err);
    int rc;

    if (!st)
        return -1;
    if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
        sqlite3_reset(st);
        return sqlite__fail(tx->s, rc, what, err);
    }
    *out = (long)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

int store_eval_outbreak(struct store_tx *tx, int *has_table, long *n_detected,
                        struct lf_err *err)
{
    long n = 0;

    *has_table = 0;
    *n_detected = 0;
    if (count(tx, STMT_EVAL_HAS_TABLE, "eval_has_table", &n, err))
        return -1;
    if (n == 0)
        return 0;
    *has_table = 1;
    return count(tx, STMT_EVAL_N_DETECTED, "eval_n_detected", n_detected, err);
}

/* Step st to the end, appending each row to out. */
static int read_rows(struct store_tx *tx, sqlite3_stmt *st, const char *what,
                     struct infection_list *out, struct lf_err *err)
{
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct infection *x;
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 64;
            out->items = xrealloc(out->items, out->cap * sizeof(*out->items));
        }
        x = &out->items[out->n++];
        x->person_id = sqlite3_column_int64(st, 0);
        x->infector_id = sqlite3_column_int64(st, 1);
        x->venue_id = sqlite3_column_int64(st, 2);
        x->kind = sqlite3_column_int(st, 3);
        x->infected_utc = sqlite3_column_int64(st, 4);
        x->onset_utc = sqlite3_column_int64(st, 5);
        x->detected_utc = sqlite3_column_int64(st, 6);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, what, err);
    return 0;
}

int store_eval_cases(struct store_tx *tx, int64_t after_utc, int64_t after_id,
                     long limit, struct infection_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_EVAL_CASES, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, after_utc);
    sqlite3_bind_int64(st, 2, after_id);
    sqlite3_bind_int64(st, 3, limit);
    return read_rows(tx, st, "eval_cases", out, err);
}

int store_eval_infectees(struct store_tx *tx, int64_t person_id,
                         struct infection_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_EVAL_INFECTEES, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, person_id);
    return read_rows(tx, st, "eval_infectees", out, err);
}
