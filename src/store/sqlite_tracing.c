/*
 * sqlite_tracing.c - the contact engine's reads (store.h, "tracing").
 *
 * The engine probes the scan table once per stay of the index person:
 * store_tracing_visits() is a range of the clustered key (venue_id,
 * at_utc), so each probe is one seek and a short walk over adjacent rows.
 * Every statement is prepared once per connection; the lists are the
 * caller's and are appended to, so a call with a hundred probes allocates
 * a handful of times, not once per row.
 */
#include <string.h>

#include "core/tracing.h"
#include "store/sqlite_int.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* Room for one more item in a list of (items, n, cap). */
#define GROW(l)                                                                \
    do {                                                                       \
        if ((l)->n == (l)->cap) {                                              \
            (l)->cap = (l)->cap ? (l)->cap * 2 : 64;                           \
            (l)->items = xrealloc((l)->items, (l)->cap * sizeof(*(l)->items)); \
        }                                                                      \
    } while (0)

int store_tracing_stops(struct store_tx *tx, int64_t person_id, int64_t from_utc,
                        int64_t to_utc, struct tracing_stop_list *out,
                        struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_TRACING_STOPS, err);
    int rc;

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, person_id);
    sqlite3_bind_int64(st, 2, from_utc);
    sqlite3_bind_int64(st, 3, to_utc);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct tracing_stop *x;
        GROW(out);
        x = &out->items[out->n++];
        x->venue_id = sqlite3_column_int64(st, 0);
        x->at_utc = sqlite3_column_int64(st, 1);
        x->venue_type = sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "tracing_stops", err);
    return 0;
}

int store_tracing_visits(struct store_tx *tx, int64_t venue_id, int64_t from_utc,
                         int64_t to_utc, struct tracing_visit_list *out,
                         struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_TRACING_VISITS, err);
    int rc;

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, venue_id);
    sqlite3_bind_int64(st, 2, from_utc);
    sqlite3_bind_int64(st, 3, to_utc);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct tracing_visit *x;
        GROW(out);
        x = &out->items[out->n++];
        x->at_utc = sqlite3_column_int64(st, 0);
        x->person_id = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "tracing_visits", err);
    return 0;
}

int store_tracing_household(struct store_tx *tx, int64_t person_id,
                            struct tracing_id_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_TRACING_HOUSEHOLD, err);
    int rc;

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, person_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        GROW(out);
        out->items[out->n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "tracing_household", err);
    return 0;
}

static int read_checks(struct store_tx *tx, sqlite3_stmt *st, const char *what,
                       struct tracing_check_list *out, struct lf_err *err)
{
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct tracing_check *x;
        GROW(out);
        x = &out->items[out->n++];
        x->check_id = sqlite3_column_int64(st, 0);
        x->at_utc = sqlite3_column_int64(st, 1);
        x->checkpoint_id = sqlite3_column_int64(st, 2);
        x->person_id = sqlite3_column_int64(st, 3);   /* NULL reads as 0 */
        sqlite__col_text(st, 4, x->plate, sizeof(x->plate));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, what, err);
    return 0;
}

int store_tracing_checks_of_person(struct store_tx *tx, int64_t person_id,
                                   int64_t from_utc, int64_t to_utc,
                                   struct tracing_check_list *out,
                                   struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_TRACING_CHECKS_OF_PERSON, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, person_id);
    sqlite3_bind_int64(st, 2, from_utc);
    sqlite3_bind_int64(st, 3, to_utc);
    return read_checks(tx, st, "tracing_checks_of_person", out, err);
}

int store_tracing_checks_of_plate(struct store_tx *tx, const char *plate,
                                  int64_t from_utc, int64_t to_utc,
                                  struct tracing_check_list *out,
                                  struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_TRACING_CHECKS_OF_PLATE, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, plate);
    sqlite3_bind_int64(st, 2, from_utc);
    sqlite3_bind_int64(st, 3, to_utc);
    return read_checks(tx, st, "tracing_checks_of_plate", out, err);
}

int store_tracing_each_scan(struct store_tx *tx, int64_t from_utc, int64_t to_utc,
                            int (*fn)(void *arg, int64_t venue_id, int64_t at_utc,
                                      int64_t person_id),
                            void *arg, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_TRACING_EACH_SCAN, err);
    int rc, stop = 0;

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, from_utc);
    sqlite3_bind_int64(st, 2, to_utc);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
           !(stop = fn(arg, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                       sqlite3_column_int64(st, 2))))
        ;
    sqlite3_reset(st);
    if (stop)
        return stop;
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "tracing_each_scan", err);
    return 0;
}

int store_tracing_each_member(struct store_tx *tx,
                              int (*fn)(void *arg, int64_t household_id,
                                        int64_t person_id),
                              void *arg, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_TRACING_EACH_MEMBER, err);
    int rc, stop = 0;

    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
           !(stop = fn(arg, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1))))
        ;
    sqlite3_reset(st);
    if (stop)
        return stop;
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "tracing_each_member", err);
    return 0;
}
