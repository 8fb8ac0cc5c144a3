/*
 * sqlite_case.c - the SQLite form of the case operations of store.h:
 * cases and their events, manual trajectory entries, the passes and checks
 * of a person, and contacts. Statements are in sqlite_int.h (CASE_STMTS);
 * none opens a transaction of its own. Unknown dates are NULL in the
 * table and CASE_NO_DATE in the structs; id 0 is NULL.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/banned.h"

static void bind_date(sqlite3_stmt *st, int i, int64_t days)
{
    if (days == CASE_NO_DATE)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int64(st, i, days);
}

static int64_t col_date(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? CASE_NO_DATE
                                                     : sqlite3_column_int64(st, i);
}

static void bind_id(sqlite3_stmt *st, int i, int64_t id)
{
    if (id)
        sqlite3_bind_int64(st, i, id);
    else
        sqlite3_bind_null(st, i);
}

/* --- cases --------------------------------------------------------------- */

static void case_from_row(sqlite3_stmt *st, void *row)
{
    struct epi_case *c = row;

    memset(c, 0, sizeof(*c));
    c->id = sqlite3_column_int64(st, 0);
    c->person_id = sqlite3_column_int64(st, 1);
    sqlite__col_text(st, 2, c->node, sizeof(c->node));
    c->status = sqlite3_column_int(st, 3);
    c->onset_days = col_date(st, 4);
    c->sample_days = col_date(st, 5);
    c->isolation_days = col_date(st, 6);
    sqlite__col_text(st, 7, c->hospital, sizeof(c->hospital));
    c->source = sqlite3_column_int(st, 8);
    c->source_case_id = sqlite3_column_int64(st, 9);
    sqlite__col_text(st, 10, c->source_remarks, sizeof(c->source_remarks));
    c->created_by = sqlite3_column_int64(st, 11);
    c->created_utc = sqlite3_column_int64(st, 12);
    c->updated_utc = sqlite3_column_int64(st, 13);
    sqlite__col_text(st, 14, c->name, sizeof(c->name));
    sqlite__col_text(st, 15, c->id_number, sizeof(c->id_number));
    sqlite__col_text(st, 16, c->phone, sizeof(c->phone));
    sqlite__col_text(st, 17, c->grid, sizeof(c->grid));
}

int store_case_insert(struct store_tx *tx, struct epi_case *c, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CASE_INSERT, err);
    int rc;

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, c->person_id);
    sqlite__bind_text(st, 2, c->node);
    sqlite3_bind_int(st, 3, c->status);
    bind_date(st, 4, c->onset_days);
    bind_date(st, 5, c->sample_days);
    bind_date(st, 6, c->isolation_days);
    sqlite__bind_text(st, 7, c->hospital);
    sqlite3_bind_int(st, 8, c->source);
    bind_id(st, 9, c->source_case_id);
    sqlite__bind_text(st, 10, c->source_remarks);
    sqlite3_bind_int64(st, 11, c->created_by);
    sqlite3_bind_int64(st, 12, c->created_utc);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        return lf_err_set(err, LF_ERR_CONFLICT, "person_id", "already has a case");
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "case_insert", err);
    c->id = sqlite3_last_insert_rowid(tx->s->db);
    return 0;
}

int store_case_update(struct store_tx *tx, const struct epi_case *c, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CASE_UPDATE, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, c->id);
    sqlite3_bind_int(st, 2, c->status);
    bind_date(st, 3, c->onset_days);
    bind_date(st, 4, c->sample_days);
    bind_date(st, 5, c->isolation_days);
    sqlite__bind_text(st, 6, c->hospital);
    sqlite3_bind_int(st, 7, c->source);
    bind_id(st, 8, c->source_case_id);
    sqlite__bind_text(st, 9, c->source_remarks);
    sqlite3_bind_int64(st, 10, c->updated_utc);
    return sqlite__exec_stmt(tx->s, st, "case_update", err);
}

int store_case_get(struct store_tx *tx, int64_t id, struct epi_case *out, const char *field,
                   struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CASE_GET, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return sqlite__read_one(tx->s, st, out, case_from_row, field, "no such case", "case_get",
                            err);
}

int store_case_list(struct store_tx *tx, const char *node, int status, unsigned limit,
                    struct epi_case_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CASE_LIST, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, node);
    sqlite3_bind_int(st, 2, status);
    sqlite3_bind_int(st, 3, (int)limit);
    return sqlite__read_rows(tx->s, st, (void **)&out->items, &out->n, sizeof(*out->items),
                             case_from_row, "case_list", err);
}

int store_case_event_insert(struct store_tx *tx, struct case_event *e, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CASE_EVENT_INSERT, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, e->case_id);
    sqlite3_bind_int(st, 2, e->from_status);
    sqlite3_bind_int(st, 3, e->to_status);
    sqlite3_bind_int64(st, 4, e->at_utc);
    sqlite3_bind_int64(st, 5, e->user_id);
    sqlite__bind_text(st, 6, e->remarks);
    if (sqlite__exec_stmt(tx->s, st, "case_event_insert", err))
        return -1;
    e->id = sqlite3_last_insert_rowid(tx->s->db);
    return 0;
}

static void event_from_row(sqlite3_stmt *st, void *row)
{
    struct case_event *e = row;

    memset(e, 0, sizeof(*e));
    e->id = sqlite3_column_int64(st, 0);
    e->case_id = sqlite3_column_int64(st, 1);
    e->from_status = sqlite3_column_int(st, 2);
    e->to_status = sqlite3_column_int(st, 3);
    e->at_utc = sqlite3_column_int64(st, 4);
    e->user_id = sqlite3_column_int64(st, 5);
    sqlite__col_text(st, 6, e->username, sizeof(e->username));
    sqlite__col_text(st, 7, e->remarks, sizeof(e->remarks));
}

int store_case_events(struct store_tx *tx, int64_t case_id, struct case_event_list *out,
                      struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CASE_EVENTS, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, case_id);
    return sqlite__read_rows(tx->s, st, (void **)&out->items, &out->n, sizeof(*out->items),
                             event_from_row, "case_events", err);
}

/* --- trajectory ---------------------------------------------------------- */

int store_trajectory_entry_insert(struct store_tx *tx, struct trajectory_entry *e,
                                  struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_TRAJ_ENTRY_INSERT, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, e->case_id);
    sqlite__bind_text(st, 2, e->place);
    sqlite__bind_text(st, 3, e->address);
    bind_id(st, 4, e->venue_id);
    sqlite3_bind_int64(st, 5, e->from_utc);
    sqlite3_bind_int64(st, 6, e->to_utc);
    sqlite__bind_text(st, 7, e->remarks);
    sqlite3_bind_int64(st, 8, e->created_by);
    sqlite3_bind_int64(st, 9, e->created_utc);
    if (sqlite__exec_stmt(tx->s, st, "trajectory_entry_insert", err))
        return -1;
    e->id = sqlite3_last_insert_rowid(tx->s->db);
    return 0;
}

static void entry_from_row(sqlite3_stmt *st, void *row)
{
    struct trajectory_entry *e = row;

    memset(e, 0, sizeof(*e));
    e->id = sqlite3_column_int64(st, 0);
    e->case_id = sqlite3_column_int64(st, 1);
    sqlite__col_text(st, 2, e->place, sizeof(e->place));
    sqlite__col_text(st, 3, e->address, sizeof(e->address));
    e->venue_id = sqlite3_column_int64(st, 4);
    e->from_utc = sqlite3_column_int64(st, 5);
    e->to_utc = sqlite3_column_int64(st, 6);
    sqlite__col_text(st, 7, e->remarks, sizeof(e->remarks));
    e->created_by = sqlite3_column_int64(st, 8);
    e->created_utc = sqlite3_column_int64(st, 9);
}

int store_trajectory_entries(struct store_tx *tx, int64_t case_id, int64_t from_utc,
                             int64_t to_utc, struct trajectory_entry_list *out,
                             struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_TRAJ_ENTRIES, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, from_utc);
    sqlite3_bind_int64(st, 3, to_utc);
    return sqlite__read_rows(tx->s, st, (void **)&out->items, &out->n, sizeof(*out->items),
                             entry_from_row, "trajectory_entries", err);
}

static void pass_stop_from_row(sqlite3_stmt *st, void *row)
{
    struct pass_stop *x = row;

    memset(x, 0, sizeof(*x));
    x->pass_id = sqlite3_column_int64(st, 0);
    x->check_id = sqlite3_column_int64(st, 1);
    x->at_utc = sqlite3_column_int64(st, 2);
    x->checkpoint_id = sqlite3_column_int64(st, 3);
    sqlite__col_text(st, 4, x->checkpoint_name, sizeof(x->checkpoint_name));
    sqlite__col_text(st, 5, x->road, sizeof(x->road));
    sqlite__col_text(st, 6, x->plate, sizeof(x->plate));
    x->temp_tenths = sqlite3_column_int(st, 7);
    x->outcome = sqlite3_column_int(st, 8);
}

int store_pass_stops(struct store_tx *tx, int64_t person_id, const char *id_number,
                     int64_t from_utc, int64_t to_utc, unsigned limit,
                     struct pass_stop_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PASS_STOPS, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, person_id);
    /* no pass has an empty ID number: "" matches none */
    sqlite__bind_text(st, 2, id_number ? id_number : "");
    sqlite3_bind_int64(st, 3, from_utc);
    sqlite3_bind_int64(st, 4, to_utc);
    sqlite3_bind_int(st, 5, (int)limit);
    return sqlite__read_rows(tx->s, st, (void **)&out->items, &out->n, sizeof(*out->items),
                             pass_stop_from_row, "pass_stops", err);
}

/* --- contacts ------------------------------------------------------------ */

static void bind_contact(sqlite3_stmt *st, const struct contact *c)
{
    sqlite3_bind_int64(st, 1, c->case_id);
    sqlite3_bind_int64(st, 2, c->person_id);
    sqlite3_bind_int(st, 3, c->kind);
    sqlite3_bind_int64(st, 4, c->via_person_id);
    sqlite3_bind_int64(st, 5, c->venue_id);
    sqlite3_bind_int64(st, 6, c->checkpoint_id);
    sqlite__bind_text(st, 7, c->plate);
    sqlite3_bind_int64(st, 8, c->from_utc);
    sqlite3_bind_int64(st, 9, c->to_utc);
    sqlite3_bind_int(st, 10, c->overlap_minutes);
    sqlite3_bind_int(st, 11, c->n_encounters);
    sqlite3_bind_int64(st, 12, c->proposed_utc);
}

int store_contact_put(struct store_tx *tx, const struct contact *c, int *added,
                      struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CONTACT_EXISTS, err);
    int rc;

    *added = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, c->case_id);
    sqlite3_bind_int64(st, 2, c->person_id);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "contact_exists", err);
    /* a decided row is left alone by the refresh's WHERE status = 0 */
    if (!(st = sqlite__stmt(tx->s, rc == SQLITE_ROW ? STMT_CONTACT_REFRESH
                                                     : STMT_CONTACT_INSERT, err)))
        return -1;
    bind_contact(st, c);
    if (sqlite__exec_stmt(tx->s, st, "contact_put", err))
        return -1;
    *added = rc == SQLITE_DONE;
    return 0;
}

static void contact_from_row(sqlite3_stmt *st, void *row)
{
    struct contact *c = row;

    memset(c, 0, sizeof(*c));
    c->id = sqlite3_column_int64(st, 0);
    c->case_id = sqlite3_column_int64(st, 1);
    c->person_id = sqlite3_column_int64(st, 2);
    c->kind = sqlite3_column_int(st, 3);
    c->via_person_id = sqlite3_column_int64(st, 4);
    c->venue_id = sqlite3_column_int64(st, 5);
    c->checkpoint_id = sqlite3_column_int64(st, 6);
    sqlite__col_text(st, 7, c->plate, sizeof(c->plate));
    c->from_utc = sqlite3_column_int64(st, 8);
    c->to_utc = sqlite3_column_int64(st, 9);
    c->overlap_minutes = sqlite3_column_int(st, 10);
    c->n_encounters = sqlite3_column_int(st, 11);
    c->status = sqlite3_column_int(st, 12);
    c->decided_by = sqlite3_column_int64(st, 13);
    c->decided_at = sqlite3_column_int64(st, 14);
    sqlite__col_text(st, 15, c->reason, sizeof(c->reason));
    c->proposed_utc = sqlite3_column_int64(st, 16);
    sqlite__col_text(st, 17, c->name, sizeof(c->name));
    sqlite__col_text(st, 18, c->id_number, sizeof(c->id_number));
    sqlite__col_text(st, 19, c->phone, sizeof(c->phone));
    sqlite__col_text(st, 20, c->grid, sizeof(c->grid));
    sqlite__col_text(st, 21, c->via_name, sizeof(c->via_name));
    sqlite__col_text(st, 22, c->venue_name, sizeof(c->venue_name));
    sqlite__col_text(st, 23, c->checkpoint_name, sizeof(c->checkpoint_name));
}

int store_contact_list(struct store_tx *tx, int64_t case_id, struct contact_list *out,
                       struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CONTACT_LIST, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, case_id);
    return sqlite__read_rows(tx->s, st, (void **)&out->items, &out->n, sizeof(*out->items),
                             contact_from_row, "contact_list", err);
}

int store_contact_get(struct store_tx *tx, int64_t id, struct contact *out,
                      struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CONTACT_GET, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return sqlite__read_one(tx->s, st, out, contact_from_row, "id", "no such contact",
                            "contact_get", err);
}

int store_contact_decide(struct store_tx *tx, int64_t id, int status, int64_t by,
                         int64_t at, const char *reason, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CONTACT_DECIDE, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, status);
    sqlite3_bind_int64(st, 3, by);
    sqlite3_bind_int64(st, 4, at);
    sqlite__bind_text(st, 5, reason ? reason : "");
    if (sqlite__exec_stmt(tx->s, st, "contact_decide", err))
        return -1;
    if (sqlite3_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_CONFLICT, "id", "was decided already");
    return 0;
}
