/*
 * referral.c - the referral module's statements and rows (store/referral.h).
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"
#include "store/referral.h"

#include "util/banned.h"

#define REFERRAL_COLS                                                          \
    "r.id, r.check_id, coalesce(r.person_id, 0), r.community, r.name, "        \
    "r.id_number, r.phone, r.temp_tenths, k.checkpoint_id, c.name, k.at_utc, " \
    "r.status, coalesce(r.handled_by, 0), r.handled_utc, r.remarks, "          \
    "r.created_utc, n.name FROM referral r "                                   \
    "JOIN pass_check k ON k.id = r.check_id "                                  \
    "JOIN checkpoint c ON c.id = k.checkpoint_id "                             \
    "JOIN node n ON n.code = r.community"

static struct db_sql STMT_REFERRAL_INSERT = DB_SQL(
    "INSERT INTO referral(check_id, person_id, community, "
    "name, id_number, phone, temp_tenths, created_utc) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");

static struct db_sql STMT_REFERRAL_GET = DB_SQL(
    "SELECT " REFERRAL_COLS " WHERE r.id = ?1");

static struct db_sql STMT_REFERRAL_LIST = DB_SQL(
    "SELECT " REFERRAL_COLS " WHERE r.community >= ?1 AND "
    "r.community < ?1 || 'z' AND (?2 < 0 OR r.status = ?2) "
    "ORDER BY r.id DESC LIMIT ?3");

static struct db_sql STMT_REFERRAL_SET_STATUS = DB_SQL(
    "UPDATE referral SET status = ?3, handled_by = ?4, "
    "handled_utc = ?5, remarks = CASE WHEN ?6 = '' "
    "THEN remarks ELSE ?6 END "
    "WHERE id = ?1 AND status = ?2");

static void referral_from_row(struct db_stmt *st, void *row)
{
    struct referral *r = row;

    memset(r, 0, sizeof(*r));
    r->id = db_col_int(st, 0);
    r->check_id = db_col_int(st, 1);
    r->person_id = db_col_int(st, 2);
    db_col_copy(st, 3, r->community, sizeof(r->community));
    db_col_copy(st, 4, r->name, sizeof(r->name));
    db_col_copy(st, 5, r->id_number, sizeof(r->id_number));
    db_col_copy(st, 6, r->phone, sizeof(r->phone));
    r->temp_tenths = db_col_int(st, 7);
    r->checkpoint_id = db_col_int(st, 8);
    db_col_copy(st, 9, r->checkpoint_name, sizeof(r->checkpoint_name));
    r->checked_utc = db_col_int(st, 10);
    r->status = db_col_int(st, 11);
    r->handled_by = db_col_int(st, 12);
    r->handled_utc = db_col_int(st, 13);
    db_col_copy(st, 14, r->remarks, sizeof(r->remarks));
    r->created_utc = db_col_int(st, 15);
    db_col_copy(st, 16, r->community_name, sizeof(r->community_name));
}

int store_referral_insert(struct store_tx *tx, struct referral *r, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_REFERRAL_INSERT, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, r->check_id);
    if (r->person_id)
        db_bind_int(st, 2, r->person_id);
    db_bind_text(st, 3, r->community);
    db_bind_text(st, 4, r->name);
    db_bind_text(st, 5, r->id_number);
    db_bind_text(st, 6, r->phone);
    db_bind_int(st, 7, r->temp_tenths);
    db_bind_int(st, 8, r->created_utc);
    if (db_run(st, "referral_insert", err))
        return -1;
    r->id = db_last_id(tx->s->db);
    return 0;
}

int store_referral_get(struct store_tx *tx, int64_t id, struct referral *out,
                       struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_REFERRAL_GET, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    return db_read_one(st, out, referral_from_row, "id", "does not exist",
                            "referral_get", err);
}

int store_referral_list(struct store_tx *tx, const char *node, int status, unsigned limit,
                        struct referral_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_REFERRAL_LIST, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_text(st, 1, node);
    db_bind_int(st, 2, status);
    db_bind_int(st, 3, (int)limit);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                             referral_from_row, "referral_list", err);
}

int store_referral_set_status(struct store_tx *tx, int64_t id, int from, int to, int64_t by,
                              int64_t at, const char *remarks, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_REFERRAL_SET_STATUS, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, from);
    db_bind_int(st, 3, to);
    db_bind_int(st, 4, by);
    db_bind_int(st, 5, at);
    db_bind_text(st, 6, remarks ? remarks : "");
    if (db_run(st, "referral_set_status", err))
        return -1;
    if (db_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_CONFLICT, "status", "has changed meanwhile; reload");
    return 0;
}
