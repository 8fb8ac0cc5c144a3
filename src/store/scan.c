/*
 * scan.c - venue scans (store.h, "venue scans"), schema
 * 0004_scan.sql. A single scan is one cached INSERT OR IGNORE; a batch
 * goes through the driver's bulk append (db.h), DB_APPEND_ROWS rows a
 * statement on SQLite.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/scan.h"
#include "util/banned.h"

static struct db_sql STMT_SCAN_INSERT = DB_SQL_VARIANT(
    "INSERT OR IGNORE INTO scan(venue_id, at_utc, person_id) VALUES (?1,?2,?3)",
    "INSERT INTO scan(venue_id, at_utc, person_id) VALUES (?1,?2,?3) "
    "ON CONFLICT DO NOTHING");

static struct db_sql STMT_SCAN_PURGE = DB_SQL(
    "DELETE FROM scan WHERE at_utc < ?1");

static struct db_sql STMT_SCAN_OF_PERSON = DB_SQL(
    "SELECT s.venue_id, s.at_utc, coalesce(v.name, ''), "
    "coalesce(v.type, 0), coalesce(v.address, ''), "
    "coalesce(v.node, '') FROM scan s LEFT JOIN venue v ON "
    "v.id = s.venue_id WHERE s.person_id = ?1 AND "
    "s.at_utc >= ?2 AND s.at_utc < ?3 ORDER BY s.at_utc "
    "LIMIT ?4");

int store_scan_insert(struct store_tx *tx, const struct scan_row *r, int *added,
                      struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_SCAN_INSERT, err);
    int rc;

    if (!st)
        return -1;
    db_bind_int(st, 1, r->venue_id);
    db_bind_int(st, 2, r->at_utc);
    db_bind_int(st, 3, r->person_id);
    rc = db_step(st);
    db_reset(st);
    if (rc != DB_DONE)
        return db_fail(tx->s->db, rc, "scan_insert", err);
    *added = db_changes(tx->s->db) > 0;
    return 0;
}

int store_scan_insert_many(struct store_tx *tx, const struct scan_row *rows, size_t n,
                           long *added, struct lf_err *err)
{
    static const char *const cols[] = { "venue_id", "at_utc", "person_id" };
    struct db_append *a;
    size_t i;

    *added = 0;
    if (!(a = db_append_begin(tx->s->db, "scan", cols, 3, err)))
        return -1;
    for (i = 0; i < n; i++) {
        int64_t v[3] = { rows[i].venue_id, rows[i].at_utc, rows[i].person_id };
        if (db_append_row(a, v, err)) {
            db_append_end(a, NULL, NULL);
            return -1;
        }
    }
    return db_append_end(a, added, err);
}

int store_scan_purge(struct store_tx *tx, int64_t before_utc, long *deleted,
                     struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_SCAN_PURGE, err);
    int rc;

    if (!st)
        return -1;
    db_bind_int(st, 1, before_utc);
    rc = db_step(st);
    db_reset(st);
    if (rc != DB_DONE)
        return db_fail(tx->s->db, rc, "scan_purge", err);
    *deleted = (long)db_changes(tx->s->db);
    return 0;
}

static void scan_of_person_row(struct db_stmt *st, void *row)
{
    struct scan_stop *x = row;

    x->venue_id = db_col_int(st, 0);
    x->at_utc = db_col_int(st, 1);
    db_col_copy(st, 2, x->venue_name, sizeof(x->venue_name));
    x->venue_type = db_col_int(st, 3);
    db_col_copy(st, 4, x->venue_address, sizeof(x->venue_address));
    db_col_copy(st, 5, x->venue_node, sizeof(x->venue_node));
}

int store_scan_of_person(struct store_tx *tx, int64_t person_id, int64_t from_utc,
                         int64_t to_utc, unsigned limit, struct scan_stop_list *out,
                         struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_SCAN_OF_PERSON, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, from_utc);
    db_bind_int(st, 3, to_utc);
    db_bind_int(st, 4, (int)limit);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                        scan_of_person_row, "scan_of_person", err);
}
