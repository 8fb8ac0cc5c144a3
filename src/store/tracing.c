/*
 * tracing.c - the contact engine's reads (store.h, "tracing").
 *
 * The engine probes the scan table once per stay of the index person:
 * store_tracing_visits() is a range of the clustered key (venue_id,
 * at_utc), so each probe is one seek and a short walk over adjacent rows.
 * Every statement is prepared once per connection; the lists are the
 * caller's and are appended to, so a call with a hundred probes allocates
 * a handful of times, not once per row.
 */
#include <string.h>

#include "store/store_int.h"
#include "store/tracing.h"
#include "core/types/tracing.h"
#include "util/banned.h"

static struct db_sql STMT_TRACING_STOPS = DB_SQL(
    "SELECT s.venue_id, s.at_utc, coalesce(v.type, 0) "
    "FROM scan s LEFT JOIN venue v ON v.id = s.venue_id "
    "WHERE s.person_id = ?1 AND s.at_utc >= ?2 AND "
    "s.at_utc < ?3 ORDER BY s.at_utc");

static struct db_sql STMT_TRACING_VISITS = DB_SQL(
    "SELECT at_utc, person_id FROM scan WHERE "
    "venue_id = ?1 AND at_utc >= ?2 AND at_utc <= ?3");

static struct db_sql STMT_TRACING_HOUSEHOLD = DB_SQL(
    "SELECT id FROM person WHERE household_id = "
    "(SELECT household_id FROM person WHERE id = ?1) "
    "AND id <> ?1 ORDER BY id");

static struct db_sql STMT_TRACING_CHECKS_OF_PERSON = DB_SQL(
    "SELECT k.id, k.at_utc, k.checkpoint_id, "
    "?1, p.plate FROM pass p JOIN pass_check k "
    "ON k.pass_id = p.id WHERE (p.id_number = "
    "(SELECT id_number FROM person WHERE id = ?1) "
    "OR p.person_id = ?1) AND p.plate <> '' AND "
    "k.at_utc >= ?2 AND k.at_utc <= ?3 "
    "ORDER BY k.at_utc, k.id");

static struct db_sql STMT_TRACING_CHECKS_OF_PLATE = DB_SQL(
    "SELECT k.id, k.at_utc, k.checkpoint_id, "
    "coalesce(p.person_id, (SELECT id FROM person "
    "WHERE id_number = p.id_number)), p.plate "
    "FROM pass p JOIN pass_check k ON "
    "k.pass_id = p.id WHERE p.plate = ?1 AND "
    "k.at_utc >= ?2 AND k.at_utc <= ?3 "
    "ORDER BY k.at_utc, k.id");

/* the whole table in key order: NOT INDEXED keeps SQLite's planner off
 * the (covering) index on person; PostgreSQL has no such clause and picks
 * a sequential scan and a sort, or the primary key, by itself */
static struct db_sql STMT_TRACING_EACH_SCAN = DB_SQL_VARIANT(
    "SELECT venue_id, at_utc, person_id FROM scan "
    "NOT INDEXED WHERE at_utc >= ?1 AND at_utc < ?2 "
    "ORDER BY venue_id, at_utc, person_id",
    "SELECT venue_id, at_utc, person_id FROM scan "
    "WHERE at_utc >= ?1 AND at_utc < ?2 "
    "ORDER BY venue_id, at_utc, person_id");

static struct db_sql STMT_TRACING_EACH_MEMBER = DB_SQL(
    "SELECT household_id, id FROM person WHERE "
    "household_id IS NOT NULL ORDER BY household_id, id");

/* The engine's lists are appended to (db_append_rows), so one buffer
 * serves every probe of a proposal. */
static void stop_from_row(struct db_stmt *st, void *row)
{
    struct tracing_stop *x = row;

    x->venue_id = db_col_int(st, 0);
    x->at_utc = db_col_int(st, 1);
    x->venue_type = (int)db_col_int(st, 2);
}

static void visit_from_row(struct db_stmt *st, void *row)
{
    struct tracing_visit *x = row;

    x->at_utc = db_col_int(st, 0);
    x->person_id = db_col_int(st, 1);
}

static void id_from_row(struct db_stmt *st, void *row)
{
    *(int64_t *)row = db_col_int(st, 0);
}

static void check_from_row(struct db_stmt *st, void *row)
{
    struct tracing_check *x = row;

    x->check_id = db_col_int(st, 0);
    x->at_utc = db_col_int(st, 1);
    x->checkpoint_id = db_col_int(st, 2);
    x->person_id = db_col_int(st, 3);   /* NULL reads as 0 */
    db_col_copy(st, 4, x->plate, sizeof(x->plate));
}

#define APPEND(st, l, from_row, what, err)                                     \
    db_append_rows(st, (void **)&(l)->items, &(l)->n, &(l)->cap,               \
                   sizeof(*(l)->items), from_row, what, err)

int store_tracing_stops(struct store_tx *tx, int64_t person_id, int64_t from_utc,
                        int64_t to_utc, struct tracing_stop_list *out,
                        struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_TRACING_STOPS, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, from_utc);
    db_bind_int(st, 3, to_utc);
    return APPEND(st, out, stop_from_row, "tracing_stops", err);
}

int store_tracing_visits(struct store_tx *tx, int64_t venue_id, int64_t from_utc,
                         int64_t to_utc, struct tracing_visit_list *out,
                         struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_TRACING_VISITS, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, venue_id);
    db_bind_int(st, 2, from_utc);
    db_bind_int(st, 3, to_utc);
    return APPEND(st, out, visit_from_row, "tracing_visits", err);
}

int store_tracing_household(struct store_tx *tx, int64_t person_id,
                            struct tracing_id_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_TRACING_HOUSEHOLD, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, person_id);
    return APPEND(st, out, id_from_row, "tracing_household", err);
}

int store_tracing_checks_of_person(struct store_tx *tx, int64_t person_id,
                                   int64_t from_utc, int64_t to_utc,
                                   struct tracing_check_list *out,
                                   struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_TRACING_CHECKS_OF_PERSON, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, from_utc);
    db_bind_int(st, 3, to_utc);
    return APPEND(st, out, check_from_row, "tracing_checks_of_person", err);
}

int store_tracing_checks_of_plate(struct store_tx *tx, const char *plate,
                                  int64_t from_utc, int64_t to_utc,
                                  struct tracing_check_list *out,
                                  struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_TRACING_CHECKS_OF_PLATE, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, plate);
    db_bind_int(st, 2, from_utc);
    db_bind_int(st, 3, to_utc);
    return APPEND(st, out, check_from_row, "tracing_checks_of_plate", err);
}

/* The streams hand each row to the engine's callback (db_each_row). */
struct each_scan {
    int (*fn)(void *arg, int64_t venue_id, int64_t at_utc, int64_t person_id);
    void *arg;
};

static int each_scan_row(struct db_stmt *st, void *p)
{
    struct each_scan *e = p;

    return e->fn(e->arg, db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2));
}

int store_tracing_each_scan(struct store_tx *tx, int64_t from_utc, int64_t to_utc,
                            int (*fn)(void *arg, int64_t venue_id, int64_t at_utc,
                                      int64_t person_id),
                            void *arg, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_TRACING_EACH_SCAN, err);
    struct each_scan e = { fn, arg };

    if (!st)
        return -1;
    db_bind_int(st, 1, from_utc);
    db_bind_int(st, 2, to_utc);
    return db_each_row(st, each_scan_row, &e, "tracing_each_scan", err);
}

struct each_member {
    int (*fn)(void *arg, int64_t household_id, int64_t person_id);
    void *arg;
};

static int each_member_row(struct db_stmt *st, void *p)
{
    struct each_member *e = p;

    return e->fn(e->arg, db_col_int(st, 0), db_col_int(st, 1));
}

int store_tracing_each_member(struct store_tx *tx,
                              int (*fn)(void *arg, int64_t household_id,
                                        int64_t person_id),
                              void *arg, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_TRACING_EACH_MEMBER, err);
    struct each_member e = { fn, arg };

    if (!st)
        return -1;
    return db_each_row(st, each_member_row, &e, "tracing_each_member", err);
}
