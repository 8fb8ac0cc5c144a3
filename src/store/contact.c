/*
 * contact.c - the contact module's statements and rows (store/contact.h).
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"
#include "store/contact.h"

#include "util/banned.h"

/* a contact with the names of its person, via person, venue, checkpoint */
#define CONTACT_COLS                                                           \
    "k.id, k.case_id, k.person_id, k.kind, coalesce(k.via_person_id, 0), "     \
    "coalesce(k.venue_id, 0), coalesce(k.checkpoint_id, 0), k.plate, k.from_utc, " \
    "k.to_utc, k.overlap_minutes, k.n_encounters, k.status, "                  \
    "coalesce(k.decided_by, 0), k.decided_at, k.reason, k.proposed_utc, "      \
    "p.name, coalesce(p.id_number, ''), p.phone, p.grid, coalesce(vp.name, ''), "  \
    "coalesce(v.name, ''), coalesce(ck.name, '') FROM contact k "              \
    "JOIN person p ON p.id = k.person_id "                                     \
    "LEFT JOIN person vp ON vp.id = k.via_person_id "                          \
    "LEFT JOIN venue v ON v.id = k.venue_id "                                  \
    "LEFT JOIN checkpoint ck ON ck.id = k.checkpoint_id"

static struct db_sql STMT_CONTACT_EXISTS = DB_SQL(
    "SELECT status FROM contact WHERE case_id = ?1 AND "
    "person_id = ?2");

static struct db_sql STMT_CONTACT_REFRESH = DB_SQL(
    "UPDATE contact SET kind = ?3, via_person_id = "
    "nullif(?4, 0), venue_id = nullif(?5, 0), "
    "checkpoint_id = nullif(?6, 0), plate = ?7, "
    "from_utc = ?8, to_utc = ?9, overlap_minutes = ?10, "
    "n_encounters = ?11, proposed_utc = ?12 "
    "WHERE case_id = ?1 AND person_id = ?2 AND status = 0");

static struct db_sql STMT_CONTACT_INSERT = DB_SQL(
    "INSERT INTO contact(case_id, person_id, kind, "
    "via_person_id, venue_id, checkpoint_id, plate, "
    "from_utc, to_utc, overlap_minutes, n_encounters, "
    "proposed_utc) VALUES (?1,?2,?3,nullif(?4, 0),"
    "nullif(?5, 0),nullif(?6, 0),?7,?8,?9,?10,?11,?12)");

static struct db_sql STMT_CONTACT_LIST = DB_SQL(
    "SELECT " CONTACT_COLS " WHERE k.case_id = ?1 "
    "ORDER BY k.kind = 4, k.id");

static struct db_sql STMT_CONTACT_GET = DB_SQL(
    "SELECT " CONTACT_COLS " WHERE k.id = ?1");

static struct db_sql STMT_CONTACT_DECIDE = DB_SQL(
    "UPDATE contact SET status = ?2, decided_by = ?3, "
    "decided_at = ?4, reason = ?5 WHERE id = ?1 AND status = 0");

static void bind_contact(struct db_stmt *st, const struct contact *c)
{
    db_bind_int(st, 1, c->case_id);
    db_bind_int(st, 2, c->person_id);
    db_bind_int(st, 3, c->kind);
    db_bind_int(st, 4, c->via_person_id);
    db_bind_int(st, 5, c->venue_id);
    db_bind_int(st, 6, c->checkpoint_id);
    db_bind_text(st, 7, c->plate);
    db_bind_int(st, 8, c->from_utc);
    db_bind_int(st, 9, c->to_utc);
    db_bind_int(st, 10, c->overlap_minutes);
    db_bind_int(st, 11, c->n_encounters);
    db_bind_int(st, 12, c->proposed_utc);
}

int store_contact_put(struct store_tx *tx, const struct contact *c, int *added,
                      struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CONTACT_EXISTS, err);
    int rc;

    *added = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, c->case_id);
    db_bind_int(st, 2, c->person_id);
    rc = db_step(st);
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE)
        return db_fail(tx->s->db, rc, "contact_exists", err);
    /* a decided row is left alone by the refresh's WHERE status = 0 */
    if (!(st = db_prepare(tx->s->db, rc == DB_ROW ? &STMT_CONTACT_REFRESH
                                                     : &STMT_CONTACT_INSERT, err)))
        return -1;
    bind_contact(st, c);
    if (db_run(st, "contact_put", err))
        return -1;
    *added = rc == DB_DONE;
    return 0;
}

static void contact_from_row(struct db_stmt *st, void *row)
{
    struct contact *c = row;

    memset(c, 0, sizeof(*c));
    c->id = db_col_int(st, 0);
    c->case_id = db_col_int(st, 1);
    c->person_id = db_col_int(st, 2);
    c->kind = db_col_int(st, 3);
    c->via_person_id = db_col_int(st, 4);
    c->venue_id = db_col_int(st, 5);
    c->checkpoint_id = db_col_int(st, 6);
    db_col_copy(st, 7, c->plate, sizeof(c->plate));
    c->from_utc = db_col_int(st, 8);
    c->to_utc = db_col_int(st, 9);
    c->overlap_minutes = db_col_int(st, 10);
    c->n_encounters = db_col_int(st, 11);
    c->status = db_col_int(st, 12);
    c->decided_by = db_col_int(st, 13);
    c->decided_at = db_col_int(st, 14);
    db_col_copy(st, 15, c->reason, sizeof(c->reason));
    c->proposed_utc = db_col_int(st, 16);
    db_col_copy(st, 17, c->name, sizeof(c->name));
    db_col_copy(st, 18, c->id_number, sizeof(c->id_number));
    db_col_copy(st, 19, c->phone, sizeof(c->phone));
    db_col_copy(st, 20, c->grid, sizeof(c->grid));
    db_col_copy(st, 21, c->via_name, sizeof(c->via_name));
    db_col_copy(st, 22, c->venue_name, sizeof(c->venue_name));
    db_col_copy(st, 23, c->checkpoint_name, sizeof(c->checkpoint_name));
}

int store_contact_list(struct store_tx *tx, int64_t case_id, struct contact_list *out,
                       struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CONTACT_LIST, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, case_id);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                             contact_from_row, "contact_list", err);
}

int store_contact_get(struct store_tx *tx, int64_t id, struct contact *out,
                      struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CONTACT_GET, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    return db_read_one(st, out, contact_from_row, "id", "no such contact",
                            "contact_get", err);
}

int store_contact_decide(struct store_tx *tx, int64_t id, int status, int64_t by,
                         int64_t at, const char *reason, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CONTACT_DECIDE, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, status);
    db_bind_int(st, 3, by);
    db_bind_int(st, 4, at);
    db_bind_text(st, 5, reason ? reason : "");
    if (db_run(st, "contact_decide", err))
        return -1;
    if (db_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_CONFLICT, "id", "was decided already");
    return 0;
}
