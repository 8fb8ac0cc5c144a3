/*
 * pass.c - the pass module's statements and rows (store/pass.h).
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"
#include "store/pass.h"

#include "util/banned.h"

static struct db_sql STMT_PASS_STOPS = DB_SQL(
    "SELECT p.id, 0, p.created_utc, p.checkpoint_id, c.name, "
    "c.road, p.plate, 0, 0 FROM pass p JOIN checkpoint c ON "
    "c.id = p.checkpoint_id WHERE (p.person_id = ?1 OR "
    "p.id_number = ?2) AND p.created_utc >= ?3 AND "
    "p.created_utc < ?4 UNION ALL "
    "SELECT p.id, k.id, k.at_utc, k.checkpoint_id, c.name, "
    "c.road, p.plate, k.temp_tenths, k.outcome FROM pass_check k "
    "JOIN pass p ON p.id = k.pass_id JOIN checkpoint c ON "
    "c.id = k.checkpoint_id WHERE (p.person_id = ?1 OR "
    "p.id_number = ?2) AND k.at_utc >= ?3 AND k.at_utc < ?4 "
    "ORDER BY 3, 2 LIMIT ?5");

static struct db_sql STMT_PASS_INSERT = DB_SQL(
    "INSERT INTO pass(code, day, checkpoint_id, name, "
    "id_number, phone, plate, origin_code, origin_name, "
    "remarks, person_id, created_utc) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)");

static struct db_sql STMT_PASS_BY_CODE = DB_SQL(
    "SELECT p.id, p.code, p.day, p.checkpoint_id, c.name, "
    "p.name, p.id_number, p.phone, p.plate, p.origin_code, "
    "p.origin_name, p.remarks, coalesce(p.person_id, 0), "
    "p.created_utc FROM pass p JOIN checkpoint c "
    "ON c.id = p.checkpoint_id WHERE p.code = ?1");

static struct db_sql STMT_PASS_CHECK_INSERT = DB_SQL(
    "INSERT INTO pass_check(pass_id, checkpoint_id, "
    "staff_id, at_utc, day, temp_tenths, id_confirmed, "
    "outcome, fever, remarks) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");

static struct db_sql STMT_PASS_CHECKS = DB_SQL(
    "SELECT k.id, k.pass_id, k.checkpoint_id, c.name, "
    "k.staff_id, k.at_utc, k.day, k.temp_tenths, "
    "k.id_confirmed, k.outcome, k.fever, k.remarks FROM "
    "pass_check k JOIN checkpoint c ON c.id = k.checkpoint_id "
    "WHERE k.pass_id = ?1 ORDER BY k.id");

static void pass_stop_from_row(struct db_stmt *st, void *row)
{
    struct pass_stop *x = row;

    memset(x, 0, sizeof(*x));
    x->pass_id = db_col_int(st, 0);
    x->check_id = db_col_int(st, 1);
    x->at_utc = db_col_int(st, 2);
    x->checkpoint_id = db_col_int(st, 3);
    db_col_copy(st, 4, x->checkpoint_name, sizeof(x->checkpoint_name));
    db_col_copy(st, 5, x->road, sizeof(x->road));
    db_col_copy(st, 6, x->plate, sizeof(x->plate));
    x->temp_tenths = db_col_int(st, 7);
    x->outcome = db_col_int(st, 8);
}

int store_pass_stops(struct store_tx *tx, int64_t person_id, const char *id_number,
                     int64_t from_utc, int64_t to_utc, unsigned limit,
                     struct pass_stop_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PASS_STOPS, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, person_id);
    /* no pass has an empty ID number: "" matches none */
    db_bind_text(st, 2, id_number ? id_number : "");
    db_bind_int(st, 3, from_utc);
    db_bind_int(st, 4, to_utc);
    db_bind_int(st, 5, (int)limit);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                             pass_stop_from_row, "pass_stops", err);
}

int store_pass_insert(struct store_tx *tx, struct pass *p, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PASS_INSERT, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, p->code);
    db_bind_int(st, 2, p->day);
    db_bind_int(st, 3, p->checkpoint_id);
    db_bind_text(st, 4, p->name);
    db_bind_text(st, 5, p->id_number);
    db_bind_text(st, 6, p->phone);
    db_bind_text(st, 7, p->plate);
    db_bind_text(st, 8, p->origin_code);
    db_bind_text(st, 9, p->origin_name);
    db_bind_text(st, 10, p->remarks);
    if (p->person_id)
        db_bind_int(st, 11, p->person_id);
    db_bind_int(st, 12, p->created_utc);
    if (db_run(st, "pass_insert", err))
        return -1;
    p->id = db_last_id(tx->s->db);
    return 0;
}

static void pass_from_row(struct db_stmt *st, void *row)
{
    struct pass *p = row;

    memset(p, 0, sizeof(*p));
    p->id = db_col_int(st, 0);
    db_col_copy(st, 1, p->code, sizeof(p->code));
    p->day = db_col_int(st, 2);
    p->checkpoint_id = db_col_int(st, 3);
    db_col_copy(st, 4, p->checkpoint_name, sizeof(p->checkpoint_name));
    db_col_copy(st, 5, p->name, sizeof(p->name));
    db_col_copy(st, 6, p->id_number, sizeof(p->id_number));
    db_col_copy(st, 7, p->phone, sizeof(p->phone));
    db_col_copy(st, 8, p->plate, sizeof(p->plate));
    db_col_copy(st, 9, p->origin_code, sizeof(p->origin_code));
    db_col_copy(st, 10, p->origin_name, sizeof(p->origin_name));
    db_col_copy(st, 11, p->remarks, sizeof(p->remarks));
    p->person_id = db_col_int(st, 12);
    p->created_utc = db_col_int(st, 13);
}

int store_pass_by_code(struct store_tx *tx, const char *code, struct pass *out,
                       const char *field, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PASS_BY_CODE, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    return db_read_one(st, out, pass_from_row, field, "does not exist",
                            "pass_by_code", err);
}

int store_pass_check_insert(struct store_tx *tx, struct pass_check *k, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PASS_CHECK_INSERT, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, k->pass_id);
    db_bind_int(st, 2, k->checkpoint_id);
    db_bind_int(st, 3, k->staff_id);
    db_bind_int(st, 4, k->at_utc);
    db_bind_int(st, 5, k->day);
    db_bind_int(st, 6, k->temp_tenths);
    db_bind_int(st, 7, k->id_confirmed);
    db_bind_int(st, 8, k->outcome);
    db_bind_int(st, 9, k->fever);
    db_bind_text(st, 10, k->remarks);
    if (db_run(st, "pass_check_insert", err))
        return -1;
    k->id = db_last_id(tx->s->db);
    return 0;
}

static void pass_check_from_row(struct db_stmt *st, void *row)
{
    struct pass_check *k = row;

    memset(k, 0, sizeof(*k));
    k->id = db_col_int(st, 0);
    k->pass_id = db_col_int(st, 1);
    k->checkpoint_id = db_col_int(st, 2);
    db_col_copy(st, 3, k->checkpoint_name, sizeof(k->checkpoint_name));
    k->staff_id = db_col_int(st, 4);
    k->at_utc = db_col_int(st, 5);
    k->day = db_col_int(st, 6);
    k->temp_tenths = db_col_int(st, 7);
    k->id_confirmed = db_col_int(st, 8);
    k->outcome = db_col_int(st, 9);
    k->fever = db_col_int(st, 10);
    db_col_copy(st, 11, k->remarks, sizeof(k->remarks));
}

int store_pass_checks(struct store_tx *tx, int64_t pass_id, struct pass_check_list *out,
                      struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PASS_CHECKS, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, pass_id);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                             pass_check_from_row, "pass_checks", err);
}
