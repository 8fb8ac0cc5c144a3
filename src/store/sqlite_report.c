/*
 * sqlite_report.c - the SQLite form of the arrival list and the community
 * self-report operations of store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/xmalloc.h"
#include "util/banned.h"

int store_arrival_list(struct store_tx *tx, const char *node, int64_t since_days,
                       unsigned limit, struct arrival_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_ARRIVAL_LIST, err);
    size_t cap = 0;
    int rc;

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, node);
    sqlite3_bind_int64(st, 2, since_days);
    sqlite3_bind_int(st, 3, (int)limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct arrival *a;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 32;
            out->items = xrealloc(out->items, cap * sizeof(*out->items));
        }
        a = &out->items[out->n++];
        memset(a, 0, sizeof(*a));
        a->id = sqlite3_column_int64(st, 0);
        a->person_id = sqlite3_column_int64(st, 1);
        sqlite__col_text(st, 2, a->grid, sizeof(a->grid));
        sqlite__col_text(st, 3, a->name, sizeof(a->name));
        sqlite__col_text(st, 4, a->id_number, sizeof(a->id_number));
        sqlite__col_text(st, 5, a->phone, sizeof(a->phone));
        sqlite__col_text(st, 6, a->origin_code, sizeof(a->origin_code));
        sqlite__col_text(st, 7, a->origin_name, sizeof(a->origin_name));
        a->arrival_days = sqlite3_column_int64(st, 8);
        sqlite__col_text(st, 9, a->transport, sizeof(a->transport));
        a->risk_level = sqlite3_column_int(st, 10);
        a->created_utc = sqlite3_column_int64(st, 11);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->items), out->items = NULL, out->n = 0;
        return sqlite__fail(tx->s, rc, "arrival_list", err);
    }
    return 0;
}

int store_division_name(struct store_tx *tx, const char *code, char *out, unsigned n,
                        struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_DIVISION_NAME, err);
    int rc;

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, code);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        sqlite__col_text(st, 0, out, n);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, "origin_code", "is not a division code");
    if (rc != SQLITE_ROW)
        return sqlite__fail(tx->s, rc, "division_name", err);
    return 0;
}

int store_self_report_insert(struct store_tx *tx, struct self_report *r, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_REPORT_INSERT, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, r->community);
    sqlite__bind_text(st, 2, r->name);
    sqlite__bind_text(st, 3, r->id_number);
    sqlite__bind_text(st, 4, r->phone);
    sqlite__bind_text(st, 5, r->address);
    sqlite__bind_text(st, 6, r->origin_code);
    sqlite__bind_text(st, 7, r->origin_name);
    sqlite3_bind_int64(st, 8, r->arrival_days);
    sqlite__bind_text(st, 9, r->transport);
    sqlite3_bind_int64(st, 10, r->created_utc);
    if (sqlite__exec_stmt(tx->s, st, "self_report_insert", err))
        return -1;
    r->id = sqlite3_last_insert_rowid(tx->s->db);
    return 0;
}

static void report_from_row(sqlite3_stmt *st, struct self_report *r)
{
    memset(r, 0, sizeof(*r));
    r->id = sqlite3_column_int64(st, 0);
    sqlite__col_text(st, 1, r->community, sizeof(r->community));
    sqlite__col_text(st, 2, r->name, sizeof(r->name));
    sqlite__col_text(st, 3, r->id_number, sizeof(r->id_number));
    sqlite__col_text(st, 4, r->phone, sizeof(r->phone));
    sqlite__col_text(st, 5, r->address, sizeof(r->address));
    sqlite__col_text(st, 6, r->origin_code, sizeof(r->origin_code));
    sqlite__col_text(st, 7, r->origin_name, sizeof(r->origin_name));
    r->arrival_days = sqlite3_column_int64(st, 8);
    sqlite__col_text(st, 9, r->transport, sizeof(r->transport));
    r->status = sqlite3_column_int(st, 10);
    r->reviewer_id = sqlite3_column_int64(st, 11);
    r->reviewed_utc = sqlite3_column_int64(st, 12);
    sqlite__col_text(st, 13, r->reason, sizeof(r->reason));
    r->arrival_id = sqlite3_column_int64(st, 14);
    r->created_utc = sqlite3_column_int64(st, 15);
}

int store_self_report_get(struct store_tx *tx, int64_t id, struct self_report *out,
                          struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_REPORT_GET, err);
    int rc;

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        report_from_row(st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, "id", "does not exist");
    if (rc != SQLITE_ROW)
        return sqlite__fail(tx->s, rc, "self_report_get", err);
    return 0;
}

int store_self_report_list(struct store_tx *tx, const char *node, int status,
                           unsigned limit, struct self_report_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_REPORT_LIST, err);
    size_t cap = 0;
    int rc;

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, node);
    sqlite3_bind_int(st, 2, status);
    sqlite3_bind_int(st, 3, (int)limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->items = xrealloc(out->items, cap * sizeof(*out->items));
        }
        report_from_row(st, &out->items[out->n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->items), out->items = NULL, out->n = 0;
        return sqlite__fail(tx->s, rc, "self_report_list", err);
    }
    return 0;
}

int store_self_report_decide(struct store_tx *tx, int64_t id, int status, int64_t reviewer_id,
                             int64_t at, const char *reason, int64_t arrival_id,
                             struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_REPORT_DECIDE, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, status);
    sqlite3_bind_int64(st, 3, reviewer_id);
    sqlite3_bind_int64(st, 4, at);
    sqlite__bind_text(st, 5, reason ? reason : "");
    if (arrival_id)
        sqlite3_bind_int64(st, 6, arrival_id);
    if (sqlite__exec_stmt(tx->s, st, "self_report_decide", err))
        return -1;
    if (sqlite3_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_CONFLICT, "id", "has already been decided");
    return 0;
}
