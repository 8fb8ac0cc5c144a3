/*
 * case.c - cases and their events, and the epidemiologist's manual
 * trajectory entries (store/case.h). None opens a transaction of its own.
 * Unknown dates are NULL in the table and CASE_NO_DATE in the structs;
 * id 0 is NULL.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"
#include "store/case.h"

#include "util/banned.h"

/* a case with its person: "FROM" included, so a WHERE follows */
#define CASE_COLS                                                              \
    "c.id, c.person_id, c.node, c.status, c.onset_days, c.sample_days, "       \
    "c.isolation_days, c.hospital, c.source, coalesce(c.source_case_id, 0), "  \
    "c.source_remarks, c.created_by, c.created_utc, c.updated_utc, p.name, "   \
    "coalesce(p.id_number, ''), p.phone, p.grid "                              \
    "FROM epi_case c JOIN person p ON p.id = c.person_id"

static struct db_sql STMT_CASE_INSERT = DB_SQL(
    "INSERT INTO epi_case(person_id, node, status, "
    "onset_days, sample_days, isolation_days, hospital, "
    "source, source_case_id, source_remarks, created_by, "
    "created_utc, updated_utc) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?12)");

static struct db_sql STMT_CASE_UPDATE = DB_SQL(
    "UPDATE epi_case SET status = ?2, onset_days = ?3, "
    "sample_days = ?4, isolation_days = ?5, hospital = ?6, "
    "source = ?7, source_case_id = ?8, source_remarks = ?9, "
    "updated_utc = ?10 WHERE id = ?1");

static struct db_sql STMT_CASE_GET = DB_SQL(
    "SELECT " CASE_COLS " WHERE c.id = ?1");

static struct db_sql STMT_CASE_LIST = DB_SQL(
    "SELECT " CASE_COLS " WHERE c.node >= ?1 AND "
    "c.node < ?1 || 'z' AND (?2 = 0 OR c.status = ?2) "
    "ORDER BY c.id DESC LIMIT ?3");

static struct db_sql STMT_CASE_EVENT_INSERT = DB_SQL(
    "INSERT INTO case_event(case_id, from_status, "
    "to_status, at_utc, user_id, remarks) "
    "VALUES (?1,?2,?3,?4,?5,?6)");

static struct db_sql STMT_CASE_EVENTS = DB_SQL(
    "SELECT e.id, e.case_id, e.from_status, e.to_status, "
    "e.at_utc, e.user_id, coalesce(u.username, ''), e.remarks "
    "FROM case_event e LEFT JOIN \"user\" u ON u.id = e.user_id "
    "WHERE e.case_id = ?1 ORDER BY e.id");

static struct db_sql STMT_TRAJ_ENTRY_INSERT = DB_SQL(
    "INSERT INTO trajectory_entry(case_id, place, "
    "address, venue_id, from_utc, to_utc, remarks, "
    "created_by, created_utc) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");

static struct db_sql STMT_TRAJ_ENTRIES = DB_SQL(
    "SELECT id, case_id, place, address, coalesce(venue_id, 0), "
    "from_utc, to_utc, remarks, created_by, created_utc "
    "FROM trajectory_entry WHERE case_id = ?1 AND "
    "to_utc >= ?2 AND from_utc < ?3 ORDER BY from_utc, id");

static void bind_date(struct db_stmt *st, int i, int64_t days)
{
    if (days == CASE_NO_DATE)
        db_bind_null(st, i);
    else
        db_bind_int(st, i, days);
}

static int64_t col_date(struct db_stmt *st, int i)
{
    return db_col_is_null(st, i) ? CASE_NO_DATE
                                                     : db_col_int(st, i);
}

static void bind_id(struct db_stmt *st, int i, int64_t id)
{
    if (id)
        db_bind_int(st, i, id);
    else
        db_bind_null(st, i);
}

static void case_from_row(struct db_stmt *st, void *row)
{
    struct epi_case *c = row;

    memset(c, 0, sizeof(*c));
    c->id = db_col_int(st, 0);
    c->person_id = db_col_int(st, 1);
    db_col_copy(st, 2, c->node, sizeof(c->node));
    c->status = db_col_int(st, 3);
    c->onset_days = col_date(st, 4);
    c->sample_days = col_date(st, 5);
    c->isolation_days = col_date(st, 6);
    db_col_copy(st, 7, c->hospital, sizeof(c->hospital));
    c->source = db_col_int(st, 8);
    c->source_case_id = db_col_int(st, 9);
    db_col_copy(st, 10, c->source_remarks, sizeof(c->source_remarks));
    c->created_by = db_col_int(st, 11);
    c->created_utc = db_col_int(st, 12);
    c->updated_utc = db_col_int(st, 13);
    db_col_copy(st, 14, c->name, sizeof(c->name));
    db_col_copy(st, 15, c->id_number, sizeof(c->id_number));
    db_col_copy(st, 16, c->phone, sizeof(c->phone));
    db_col_copy(st, 17, c->grid, sizeof(c->grid));
}

int store_case_insert(struct store_tx *tx, struct epi_case *c, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CASE_INSERT, err);
    int rc;

    if (!st)
        return -1;
    db_bind_int(st, 1, c->person_id);
    db_bind_text(st, 2, c->node);
    db_bind_int(st, 3, c->status);
    bind_date(st, 4, c->onset_days);
    bind_date(st, 5, c->sample_days);
    bind_date(st, 6, c->isolation_days);
    db_bind_text(st, 7, c->hospital);
    db_bind_int(st, 8, c->source);
    bind_id(st, 9, c->source_case_id);
    db_bind_text(st, 10, c->source_remarks);
    db_bind_int(st, 11, c->created_by);
    db_bind_int(st, 12, c->created_utc);
    rc = db_step(st);
    db_reset(st);
    if (rc == DB_UNIQUE)
        return lf_err_set(err, LF_ERR_CONFLICT, "person_id", "already has a case");
    if (rc != DB_DONE)
        return db_fail(tx->s->db, rc, "case_insert", err);
    c->id = db_last_id(tx->s->db);
    return 0;
}

int store_case_update(struct store_tx *tx, const struct epi_case *c, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CASE_UPDATE, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, c->id);
    db_bind_int(st, 2, c->status);
    bind_date(st, 3, c->onset_days);
    bind_date(st, 4, c->sample_days);
    bind_date(st, 5, c->isolation_days);
    db_bind_text(st, 6, c->hospital);
    db_bind_int(st, 7, c->source);
    bind_id(st, 8, c->source_case_id);
    db_bind_text(st, 9, c->source_remarks);
    db_bind_int(st, 10, c->updated_utc);
    return db_run(st, "case_update", err);
}

int store_case_get(struct store_tx *tx, int64_t id, struct epi_case *out, const char *field,
                   struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CASE_GET, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    return db_read_one(st, out, case_from_row, field, "no such case", "case_get",
                            err);
}

int store_case_list(struct store_tx *tx, const char *node, int status, unsigned limit,
                    struct epi_case_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CASE_LIST, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_text(st, 1, node);
    db_bind_int(st, 2, status);
    db_bind_int(st, 3, (int)limit);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                             case_from_row, "case_list", err);
}

int store_case_event_insert(struct store_tx *tx, struct case_event *e, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CASE_EVENT_INSERT, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, e->case_id);
    db_bind_int(st, 2, e->from_status);
    db_bind_int(st, 3, e->to_status);
    db_bind_int(st, 4, e->at_utc);
    db_bind_int(st, 5, e->user_id);
    db_bind_text(st, 6, e->remarks);
    if (db_run(st, "case_event_insert", err))
        return -1;
    e->id = db_last_id(tx->s->db);
    return 0;
}

static void event_from_row(struct db_stmt *st, void *row)
{
    struct case_event *e = row;

    memset(e, 0, sizeof(*e));
    e->id = db_col_int(st, 0);
    e->case_id = db_col_int(st, 1);
    e->from_status = db_col_int(st, 2);
    e->to_status = db_col_int(st, 3);
    e->at_utc = db_col_int(st, 4);
    e->user_id = db_col_int(st, 5);
    db_col_copy(st, 6, e->username, sizeof(e->username));
    db_col_copy(st, 7, e->remarks, sizeof(e->remarks));
}

int store_case_events(struct store_tx *tx, int64_t case_id, struct case_event_list *out,
                      struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CASE_EVENTS, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, case_id);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                             event_from_row, "case_events", err);
}

int store_trajectory_entry_insert(struct store_tx *tx, struct trajectory_entry *e,
                                  struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_TRAJ_ENTRY_INSERT, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, e->case_id);
    db_bind_text(st, 2, e->place);
    db_bind_text(st, 3, e->address);
    bind_id(st, 4, e->venue_id);
    db_bind_int(st, 5, e->from_utc);
    db_bind_int(st, 6, e->to_utc);
    db_bind_text(st, 7, e->remarks);
    db_bind_int(st, 8, e->created_by);
    db_bind_int(st, 9, e->created_utc);
    if (db_run(st, "trajectory_entry_insert", err))
        return -1;
    e->id = db_last_id(tx->s->db);
    return 0;
}

static void entry_from_row(struct db_stmt *st, void *row)
{
    struct trajectory_entry *e = row;

    memset(e, 0, sizeof(*e));
    e->id = db_col_int(st, 0);
    e->case_id = db_col_int(st, 1);
    db_col_copy(st, 2, e->place, sizeof(e->place));
    db_col_copy(st, 3, e->address, sizeof(e->address));
    e->venue_id = db_col_int(st, 4);
    e->from_utc = db_col_int(st, 5);
    e->to_utc = db_col_int(st, 6);
    db_col_copy(st, 7, e->remarks, sizeof(e->remarks));
    e->created_by = db_col_int(st, 8);
    e->created_utc = db_col_int(st, 9);
}

int store_trajectory_entries(struct store_tx *tx, int64_t case_id, int64_t from_utc,
                             int64_t to_utc, struct trajectory_entry_list *out,
                             struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_TRAJ_ENTRIES, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, case_id);
    db_bind_int(st, 2, from_utc);
    db_bind_int(st, 3, to_utc);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                             entry_from_row, "trajectory_entries", err);
}
