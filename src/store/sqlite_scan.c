/*
 * sqlite_scan.c - venue scans (store.h, "venue scans"), schema
 * 0004_scan.sql. Every statement is prepared once per connection; the hot
 * path (store_scan_insert) is one bound INSERT OR IGNORE.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/xmalloc.h"
#include "util/banned.h"

int store_person_id_by_id_number(struct store_tx *tx, const char *id_number, int64_t *id,
                                 struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PERSON_ID_BY_ID_NUMBER, err);
    int rc;

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, id_number);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, "id_number", "no such person");
    if (rc != SQLITE_ROW)
        return sqlite__fail(tx->s, rc, "person_by_id_number", err);
    return 0;
}

int store_venue_status(struct store_tx *tx, int64_t venue_id, int *status,
                       struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_SCAN_VENUE_BY_ID, err);
    int rc;

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, venue_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *status = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, "venue", "no such venue");
    if (rc != SQLITE_ROW)
        return sqlite__fail(tx->s, rc, "venue_status", err);
    return 0;
}

int store_venue_by_code(struct store_tx *tx, const char *code, int64_t *venue_id,
                        int *status, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_SCAN_VENUE_BY_CODE, err);
    int rc;

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, code);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *venue_id = sqlite3_column_int64(st, 0);
        *status = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, "venue", "no such venue code");
    if (rc != SQLITE_ROW)
        return sqlite__fail(tx->s, rc, "venue_by_code", err);
    return 0;
}

int store_scan_insert(struct store_tx *tx, const struct scan_row *r, int *added,
                      struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_SCAN_INSERT, err);
    int rc;

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, r->venue_id);
    sqlite3_bind_int64(st, 2, r->at_utc);
    sqlite3_bind_int64(st, 3, r->person_id);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "scan_insert", err);
    *added = sqlite3_changes(tx->s->db) > 0;
    return 0;
}

int store_scan_insert_many(struct store_tx *tx, const struct scan_row *rows, size_t n,
                           long *added, struct lf_err *err)
{
    size_t i = 0;

    *added = 0;
    for (; n - i >= SCAN_INSERT_ROWS; i += SCAN_INSERT_ROWS) {
        sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_SCAN_INSERT_MANY, err);
        int k, rc;

        if (!st)
            return -1;
        for (k = 0; k < SCAN_INSERT_ROWS; k++) {
            sqlite3_bind_int64(st, 3 * k + 1, rows[i + k].venue_id);
            sqlite3_bind_int64(st, 3 * k + 2, rows[i + k].at_utc);
            sqlite3_bind_int64(st, 3 * k + 3, rows[i + k].person_id);
        }
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return sqlite__fail(tx->s, rc, "scan_insert_many", err);
        *added += sqlite3_changes(tx->s->db);
    }
    for (; i < n; i++) {
        int one;
        if (store_scan_insert(tx, &rows[i], &one, err))
            return -1;
        *added += one;
    }
    return 0;
}

int store_scan_purge(struct store_tx *tx, int64_t before_utc, long *deleted,
                     struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_SCAN_PURGE, err);
    int rc;

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, before_utc);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "scan_purge", err);
    *deleted = (long)sqlite3_changes(tx->s->db);
    return 0;
}

int store_scan_of_person(struct store_tx *tx, int64_t person_id, int64_t from_utc,
                         int64_t to_utc, unsigned limit, struct scan_stop_list *out,
                         struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_SCAN_OF_PERSON, err);
    size_t cap = 0;
    int rc;

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, person_id);
    sqlite3_bind_int64(st, 2, from_utc);
    sqlite3_bind_int64(st, 3, to_utc);
    sqlite3_bind_int(st, 4, (int)limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct scan_stop *x;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 32;
            out->items = xrealloc(out->items, cap * sizeof(*out->items));
        }
        x = &out->items[out->n++];
        x->venue_id = sqlite3_column_int64(st, 0);
        x->at_utc = sqlite3_column_int64(st, 1);
        sqlite__col_text(st, 2, x->venue_name, sizeof(x->venue_name));
        x->venue_type = sqlite3_column_int(st, 3);
        sqlite__col_text(st, 4, x->venue_address, sizeof(x->venue_address));
        sqlite__col_text(st, 5, x->venue_node, sizeof(x->venue_node));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->items);
        out->items = NULL;
        out->n = 0;
        return sqlite__fail(tx->s, rc, "scan_of_person", err);
    }
    return 0;
}
