/*
 * arrival.c - the arrival list and the community
 * self-report operations of store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/arrival.h"
#include "util/banned.h"

#define REPORT_COLS                                                            \
    "id, community, name, id_number, phone, address, origin_code, "           \
    "origin_name, arrival_days, transport, status, coalesce(reviewer_id, 0), " \
    "reviewed_utc, reason, coalesce(arrival_id, 0), created_utc"

static struct db_sql STMT_ARRIVAL_INSERT = DB_SQL(
    "INSERT INTO arrival(person_id, grid, name, id_number, "
    "phone, origin_code, origin_name, arrival_days, "
    "transport, risk_level, created_utc) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");

#define ARRIVAL_COLS                                                           \
    "id, coalesce(person_id, 0), grid, name, id_number, "                      \
    "phone, origin_code, origin_name, arrival_days, transport, "               \
    "risk_level, created_utc"

/* ?3: enum arrival_placed; placed = in a grid (15 digits); ?4 risk, -1 any */
#define ARRIVAL_WHERE                                                          \
    "grid >= ?1 AND grid < ?1 || 'z' AND arrival_days >= ?2 AND "              \
    "(?3 < 0 OR (?3 = 1) = (length(grid) = 15)) AND (?4 < 0 OR risk_level = ?4)"

static struct db_sql STMT_ARRIVAL_COUNT = DB_SQL(
    "SELECT count(*) FROM arrival WHERE " ARRIVAL_WHERE);

static struct db_sql STMT_ARRIVAL_GET = DB_SQL(
    "SELECT " ARRIVAL_COLS " FROM arrival WHERE id = ?1");

static struct db_sql STMT_ARRIVAL_PLACE = DB_SQL(
    "UPDATE arrival SET grid = ?2, person_id = coalesce(?3, person_id) WHERE id = ?1");

static const char *const arrival_order[] = {
    [ARRIVAL_SORT_DATE] = "arrival_days",
    [ARRIVAL_SORT_NAME] = "name",
    [ARRIVAL_SORT_GRID] = "grid",
    [ARRIVAL_SORT_RISK] = "risk_level",
    [ARRIVAL_SORT_ID] = "id",
};

static struct db_sql STMT_REPORT_COUNT = DB_SQL(
    "SELECT count(*) FROM self_report WHERE "
    "community >= ?1 AND community < ?1 || 'z' AND (?2 < 0 OR status = ?2)");

static const char *const report_order[] = {
    [REPORT_SORT_ID] = "id",
    [REPORT_SORT_NAME] = "name",
    [REPORT_SORT_DATE] = "arrival_days",
    [REPORT_SORT_STATUS] = "status",
};

static struct db_sql STMT_REPORT_INSERT = DB_SQL(
    "INSERT INTO self_report(community, name, id_number, "
    "phone, address, origin_code, origin_name, arrival_days, "
    "transport, created_utc) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");

static struct db_sql STMT_REPORT_GET = DB_SQL(
    "SELECT " REPORT_COLS " FROM self_report WHERE id = ?1");

static struct db_sql STMT_REPORT_DECIDE = DB_SQL(
    "UPDATE self_report SET status = ?2, reviewer_id = ?3, "
    "reviewed_utc = ?4, reason = ?5, arrival_id = ?6 "
    "WHERE id = ?1 AND status = 0");

int store_arrival_insert(struct store_tx *tx, struct arrival *a, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_ARRIVAL_INSERT, err);

    if (!st)
        return -1;
    if (a->person_id)
        db_bind_int(st, 1, a->person_id);
    db_bind_text(st, 2, a->grid);
    db_bind_text(st, 3, a->name);
    db_bind_text(st, 4, a->id_number);
    db_bind_text(st, 5, a->phone);
    db_bind_text(st, 6, a->origin_code);
    db_bind_text(st, 7, a->origin_name);
    db_bind_int(st, 8, a->arrival_days);
    db_bind_text(st, 9, a->transport);
    db_bind_int(st, 10, a->risk_level);
    db_bind_int(st, 11, a->created_utc);
    if (db_run(st, "arrival_insert", err))
        return -1;
    a->id = db_last_id(tx->s->db);
    return 0;
}

static void arrival_list_row(struct db_stmt *st, void *row)
{
    struct arrival *a = row;

    memset(a, 0, sizeof(*a));
    a->id = db_col_int(st, 0);
    a->person_id = db_col_int(st, 1);
    db_col_copy(st, 2, a->grid, sizeof(a->grid));
    db_col_copy(st, 3, a->name, sizeof(a->name));
    db_col_copy(st, 4, a->id_number, sizeof(a->id_number));
    db_col_copy(st, 5, a->phone, sizeof(a->phone));
    db_col_copy(st, 6, a->origin_code, sizeof(a->origin_code));
    db_col_copy(st, 7, a->origin_name, sizeof(a->origin_name));
    a->arrival_days = db_col_int(st, 8);
    db_col_copy(st, 9, a->transport, sizeof(a->transport));
    a->risk_level = db_col_int(st, 10);
    a->created_utc = db_col_int(st, 11);
}

/* The count of st (bound, stepped here) into *total. */
static int read_count(struct store_tx *tx, struct db_stmt *st, long *total, const char *what,
                      struct lf_err *err)
{
    int rc = db_step(st);

    if (rc == DB_ROW)
        *total = (long)db_col_int(st, 0);
    db_reset(st);
    return rc == DB_ROW ? 0 : db_fail(tx->s->db, rc, what, err);
}

/* info from total and pg: the page clamped to the last; the row offset. */
static int64_t page_place(long total, const struct page_req *pg, struct page_info *info)
{
    info->total = total;
    info->per = pg->per;
    info->pages = total ? (int)((total + pg->per - 1) / pg->per) : 1;
    info->page = pg->page > info->pages ? info->pages : pg->page;
    return (int64_t)(info->page - 1) * pg->per;
}

int store_arrival_page(struct store_tx *tx, const char *node, int64_t since_days, int placed,
                       int risk, const struct page_req *pg, struct arrival_page *out,
                       struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_ARRIVAL_COUNT, err);
    char sql[768];
    int64_t offset;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!st)
        return -1;
    db_bind_text(st, 1, node);
    db_bind_int(st, 2, since_days);
    db_bind_int(st, 3, placed);
    db_bind_int(st, 4, risk);
    if (read_count(tx, st, &out->info.total, "arrival_count", err))
        return -1;
    offset = page_place(out->info.total, pg, &out->info);
    snprintf(sql, sizeof(sql),
             "SELECT " ARRIVAL_COLS " FROM arrival WHERE " ARRIVAL_WHERE
             " ORDER BY %s %s, id %s LIMIT ?5 OFFSET ?6",
             arrival_order[pg->sort], pg->desc ? "DESC" : "ASC", pg->desc ? "DESC" : "ASC");
    if (!(st = db_prepare_once(tx->s->db, sql, err)))
        return -1;
    db_bind_text(st, 1, node);
    db_bind_int(st, 2, since_days);
    db_bind_int(st, 3, placed);
    db_bind_int(st, 4, risk);
    db_bind_int(st, 5, pg->per);
    db_bind_int(st, 6, offset);
    rc = db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                      arrival_list_row, "arrival_page", err);
    db_finalize(st);
    return rc;
}

int store_arrival_get(struct store_tx *tx, int64_t id, struct arrival *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_ARRIVAL_GET, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    return db_read_one(st, out, arrival_list_row, "id", "does not exist", "arrival_get", err);
}

int store_arrival_place(struct store_tx *tx, int64_t id, const char *grid, int64_t person_id,
                        struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_ARRIVAL_PLACE, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, grid);
    if (person_id)
        db_bind_int(st, 3, person_id);
    if (db_run(st, "arrival_place", err))
        return -1;
    if (db_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, "id", "does not exist");
    return 0;
}

int store_self_report_insert(struct store_tx *tx, struct self_report *r, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_REPORT_INSERT, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, r->community);
    db_bind_text(st, 2, r->name);
    db_bind_text(st, 3, r->id_number);
    db_bind_text(st, 4, r->phone);
    db_bind_text(st, 5, r->address);
    db_bind_text(st, 6, r->origin_code);
    db_bind_text(st, 7, r->origin_name);
    db_bind_int(st, 8, r->arrival_days);
    db_bind_text(st, 9, r->transport);
    db_bind_int(st, 10, r->created_utc);
    if (db_run(st, "self_report_insert", err))
        return -1;
    r->id = db_last_id(tx->s->db);
    return 0;
}

static void report_from_row(struct db_stmt *st, void *row)
{
    struct self_report *r = row;

    memset(r, 0, sizeof(*r));
    r->id = db_col_int(st, 0);
    db_col_copy(st, 1, r->community, sizeof(r->community));
    db_col_copy(st, 2, r->name, sizeof(r->name));
    db_col_copy(st, 3, r->id_number, sizeof(r->id_number));
    db_col_copy(st, 4, r->phone, sizeof(r->phone));
    db_col_copy(st, 5, r->address, sizeof(r->address));
    db_col_copy(st, 6, r->origin_code, sizeof(r->origin_code));
    db_col_copy(st, 7, r->origin_name, sizeof(r->origin_name));
    r->arrival_days = db_col_int(st, 8);
    db_col_copy(st, 9, r->transport, sizeof(r->transport));
    r->status = db_col_int(st, 10);
    r->reviewer_id = db_col_int(st, 11);
    r->reviewed_utc = db_col_int(st, 12);
    db_col_copy(st, 13, r->reason, sizeof(r->reason));
    r->arrival_id = db_col_int(st, 14);
    r->created_utc = db_col_int(st, 15);
}

int store_self_report_get(struct store_tx *tx, int64_t id, struct self_report *out,
                          struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_REPORT_GET, err);
    int rc;

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW)
        report_from_row(st, out);
    db_reset(st);
    if (rc == DB_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, "id", "does not exist");
    if (rc != DB_ROW)
        return db_fail(tx->s->db, rc, "self_report_get", err);
    return 0;
}

int store_self_report_page(struct store_tx *tx, const char *node, int status,
                           const struct page_req *pg, struct self_report_page *out,
                           struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_REPORT_COUNT, err);
    char sql[768];
    int64_t offset;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!st)
        return -1;
    db_bind_text(st, 1, node);
    db_bind_int(st, 2, status);
    if (read_count(tx, st, &out->info.total, "self_report_count", err))
        return -1;
    offset = page_place(out->info.total, pg, &out->info);
    snprintf(sql, sizeof(sql),
             "SELECT " REPORT_COLS " FROM self_report WHERE "
             "community >= ?1 AND community < ?1 || 'z' AND (?2 < 0 OR status = ?2) "
             "ORDER BY %s %s, id %s LIMIT ?3 OFFSET ?4",
             report_order[pg->sort], pg->desc ? "DESC" : "ASC", pg->desc ? "DESC" : "ASC");
    if (!(st = db_prepare_once(tx->s->db, sql, err)))
        return -1;
    db_bind_text(st, 1, node);
    db_bind_int(st, 2, status);
    db_bind_int(st, 3, pg->per);
    db_bind_int(st, 4, offset);
    rc = db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                      report_from_row, "self_report_page", err);
    db_finalize(st);
    return rc;
}

int store_self_report_decide(struct store_tx *tx, int64_t id, int status, int64_t reviewer_id,
                             int64_t at, const char *reason, int64_t arrival_id,
                             struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_REPORT_DECIDE, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, status);
    db_bind_int(st, 3, reviewer_id);
    db_bind_int(st, 4, at);
    db_bind_text(st, 5, reason ? reason : "");
    if (arrival_id)
        db_bind_int(st, 6, arrival_id);
    if (db_run(st, "self_report_decide", err))
        return -1;
    if (db_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_CONFLICT, "id", "has already been decided");
    return 0;
}
