/*
 * sqlite_checkpoint.c - the SQLite form of the checkpoint operations of
 * store.h: checkpoints and their daily counts, passes, checks, the ledger
 * lookups a check needs, and fever referrals. Statements are in
 * sqlite_int.h (CHECKPOINT_STMTS); none opens a transaction of its own.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/banned.h"

/* --- checkpoints --------------------------------------------------------- */

static void checkpoint_from_row(sqlite3_stmt *st, void *row)
{
    struct checkpoint *c = row;

    memset(c, 0, sizeof(*c));
    c->id = sqlite3_column_int64(st, 0);
    sqlite__col_text(st, 1, c->node, sizeof(c->node));
    sqlite__col_text(st, 2, c->name, sizeof(c->name));
    sqlite__col_text(st, 3, c->road, sizeof(c->road));
    sqlite__col_text(st, 4, c->kind, sizeof(c->kind));
    sqlite__col_text(st, 5, c->code, sizeof(c->code));
    c->created_utc = sqlite3_column_int64(st, 6);
}

int store_checkpoint_insert(struct store_tx *tx, struct checkpoint *c, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CHECKPOINT_INSERT, err);
    int rc;

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, c->node);
    sqlite__bind_text(st, 2, c->name);
    sqlite__bind_text(st, 3, c->road);
    sqlite__bind_text(st, 4, c->kind);
    sqlite__bind_text(st, 5, c->code);
    sqlite3_bind_int64(st, 6, c->created_utc);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE &&
        strstr(sqlite3_errmsg(tx->s->db), "checkpoint.name"))
        return lf_err_set(err, LF_ERR_CONFLICT, "name",
                          "is already the name of a checkpoint here");
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "checkpoint_insert", err);
    c->id = sqlite3_last_insert_rowid(tx->s->db);
    return 0;
}

static int checkpoint_one(struct store_tx *tx, sqlite3_stmt *st, struct checkpoint *out,
                          const char *field, struct lf_err *err)
{
    return sqlite__read_one(tx->s, st, out, checkpoint_from_row, field, "does not exist",
                            "checkpoint_get", err);
}

int store_checkpoint_get(struct store_tx *tx, int64_t id, struct checkpoint *out,
                         const char *field, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CHECKPOINT_GET, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return checkpoint_one(tx, st, out, field, err);
}

int store_checkpoint_by_code(struct store_tx *tx, const char *code, struct checkpoint *out,
                             const char *field, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CHECKPOINT_BY_CODE, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, code);
    return checkpoint_one(tx, st, out, field, err);
}

int store_checkpoint_list(struct store_tx *tx, const char *node,
                          struct checkpoint_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CHECKPOINT_LIST, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, node);
    return sqlite__read_rows(tx->s, st, (void **)&out->items, &out->n, sizeof(*out->items),
                             checkpoint_from_row, "checkpoint_list", err);
}

/* A checkpoint's columns, then its counts of the day. */
static void checkpoint_day_from_row(sqlite3_stmt *st, void *row)
{
    struct checkpoint_day *r = row;

    memset(r, 0, sizeof(*r));
    checkpoint_from_row(st, &r->c);
    r->vehicles = (long)sqlite3_column_int64(st, 7);
    r->persons = (long)sqlite3_column_int64(st, 8);
    r->checks = (long)sqlite3_column_int64(st, 9);
    r->fevers = (long)sqlite3_column_int64(st, 10);
    r->turned_back = (long)sqlite3_column_int64(st, 11);
    r->passes = (long)sqlite3_column_int64(st, 12);
}

int store_checkpoint_stats(struct store_tx *tx, const char *node, int64_t day,
                           struct checkpoint_stats *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CHECKPOINT_STATS, err);

    memset(out, 0, sizeof(*out));
    out->day = day;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, node);
    sqlite3_bind_int64(st, 2, day);
    return sqlite__read_rows(tx->s, st, (void **)&out->rows, &out->n, sizeof(*out->rows),
                             checkpoint_day_from_row, "checkpoint_stats", err);
}

/* --- passes and checks --------------------------------------------------- */

int store_pass_insert(struct store_tx *tx, struct pass *p, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PASS_INSERT, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, p->code);
    sqlite3_bind_int64(st, 2, p->day);
    sqlite3_bind_int64(st, 3, p->checkpoint_id);
    sqlite__bind_text(st, 4, p->name);
    sqlite__bind_text(st, 5, p->id_number);
    sqlite__bind_text(st, 6, p->phone);
    sqlite__bind_text(st, 7, p->plate);
    sqlite__bind_text(st, 8, p->origin_code);
    sqlite__bind_text(st, 9, p->origin_name);
    sqlite__bind_text(st, 10, p->remarks);
    if (p->person_id)
        sqlite3_bind_int64(st, 11, p->person_id);
    sqlite3_bind_int64(st, 12, p->created_utc);
    if (sqlite__exec_stmt(tx->s, st, "pass_insert", err))
        return -1;
    p->id = sqlite3_last_insert_rowid(tx->s->db);
    return 0;
}

static void pass_from_row(sqlite3_stmt *st, void *row)
{
    struct pass *p = row;

    memset(p, 0, sizeof(*p));
    p->id = sqlite3_column_int64(st, 0);
    sqlite__col_text(st, 1, p->code, sizeof(p->code));
    p->day = sqlite3_column_int64(st, 2);
    p->checkpoint_id = sqlite3_column_int64(st, 3);
    sqlite__col_text(st, 4, p->checkpoint_name, sizeof(p->checkpoint_name));
    sqlite__col_text(st, 5, p->name, sizeof(p->name));
    sqlite__col_text(st, 6, p->id_number, sizeof(p->id_number));
    sqlite__col_text(st, 7, p->phone, sizeof(p->phone));
    sqlite__col_text(st, 8, p->plate, sizeof(p->plate));
    sqlite__col_text(st, 9, p->origin_code, sizeof(p->origin_code));
    sqlite__col_text(st, 10, p->origin_name, sizeof(p->origin_name));
    sqlite__col_text(st, 11, p->remarks, sizeof(p->remarks));
    p->person_id = sqlite3_column_int64(st, 12);
    p->created_utc = sqlite3_column_int64(st, 13);
}

int store_pass_by_code(struct store_tx *tx, const char *code, struct pass *out,
                       const char *field, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PASS_BY_CODE, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, code);
    return sqlite__read_one(tx->s, st, out, pass_from_row, field, "does not exist",
                            "pass_by_code", err);
}

int store_pass_check_insert(struct store_tx *tx, struct pass_check *k, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PASS_CHECK_INSERT, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, k->pass_id);
    sqlite3_bind_int64(st, 2, k->checkpoint_id);
    sqlite3_bind_int64(st, 3, k->staff_id);
    sqlite3_bind_int64(st, 4, k->at_utc);
    sqlite3_bind_int64(st, 5, k->day);
    sqlite3_bind_int(st, 6, k->temp_tenths);
    sqlite3_bind_int(st, 7, k->id_confirmed);
    sqlite3_bind_int(st, 8, k->outcome);
    sqlite3_bind_int(st, 9, k->fever);
    sqlite__bind_text(st, 10, k->remarks);
    if (sqlite__exec_stmt(tx->s, st, "pass_check_insert", err))
        return -1;
    k->id = sqlite3_last_insert_rowid(tx->s->db);
    return 0;
}

static void pass_check_from_row(sqlite3_stmt *st, void *row)
{
    struct pass_check *k = row;

    memset(k, 0, sizeof(*k));
    k->id = sqlite3_column_int64(st, 0);
    k->pass_id = sqlite3_column_int64(st, 1);
    k->checkpoint_id = sqlite3_column_int64(st, 2);
    sqlite__col_text(st, 3, k->checkpoint_name, sizeof(k->checkpoint_name));
    k->staff_id = sqlite3_column_int64(st, 4);
    k->at_utc = sqlite3_column_int64(st, 5);
    k->day = sqlite3_column_int64(st, 6);
    k->temp_tenths = sqlite3_column_int(st, 7);
    k->id_confirmed = sqlite3_column_int(st, 8);
    k->outcome = sqlite3_column_int(st, 9);
    k->fever = sqlite3_column_int(st, 10);
    sqlite__col_text(st, 11, k->remarks, sizeof(k->remarks));
}

int store_pass_checks(struct store_tx *tx, int64_t pass_id, struct pass_check_list *out,
                      struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PASS_CHECKS, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pass_id);
    return sqlite__read_rows(tx->s, st, (void **)&out->items, &out->n, sizeof(*out->items),
                             pass_check_from_row, "pass_checks", err);
}

/* --- the ledger's side of a check ---------------------------------------- */

static void person_from_row(sqlite3_stmt *st, void *row)
{
    struct person *p = row;

    memset(p, 0, sizeof(*p));
    p->id = sqlite3_column_int64(st, 0);
    p->household_id = sqlite3_column_int64(st, 1);
    sqlite__col_text(st, 2, p->grid, sizeof(p->grid));
    sqlite__col_text(st, 3, p->name, sizeof(p->name));
    sqlite__col_text(st, 4, p->id_number, sizeof(p->id_number));
    p->sex = sqlite3_column_int(st, 5);
    p->birth_days = sqlite3_column_type(st, 6) == SQLITE_NULL
                        ? BIRTH_UNKNOWN : sqlite3_column_int64(st, 6);
    sqlite__col_text(st, 7, p->phone, sizeof(p->phone));
    sqlite__col_text(st, 8, p->relation, sizeof(p->relation));
    p->is_floating = sqlite3_column_int(st, 9);
    p->flags = (unsigned)sqlite3_column_int(st, 10);
    p->created_utc = sqlite3_column_int64(st, 11);
    p->updated_utc = sqlite3_column_int64(st, 12);
}

int store_person_by_id_number(struct store_tx *tx, const char *id_number,
                              struct person *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PERSON_BY_ID_NUMBER, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, id_number);
    return sqlite__read_one(tx->s, st, out, person_from_row, "id_number", "does not exist",
                            "person_by_id_number", err);
}

int store_person_add_flags(struct store_tx *tx, int64_t id, unsigned add, int64_t now,
                           struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PERSON_ADD_FLAGS, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, (int)add);
    sqlite3_bind_int64(st, 3, now);
    if (sqlite__exec_stmt(tx->s, st, "person_add_flags", err))
        return -1;
    if (sqlite3_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, "person_id", "does not exist");
    return 0;
}

/* --- referrals ----------------------------------------------------------- */

static void referral_from_row(sqlite3_stmt *st, void *row)
{
    struct referral *r = row;

    memset(r, 0, sizeof(*r));
    r->id = sqlite3_column_int64(st, 0);
    r->check_id = sqlite3_column_int64(st, 1);
    r->person_id = sqlite3_column_int64(st, 2);
    sqlite__col_text(st, 3, r->community, sizeof(r->community));
    sqlite__col_text(st, 4, r->name, sizeof(r->name));
    sqlite__col_text(st, 5, r->id_number, sizeof(r->id_number));
    sqlite__col_text(st, 6, r->phone, sizeof(r->phone));
    r->temp_tenths = sqlite3_column_int(st, 7);
    r->checkpoint_id = sqlite3_column_int64(st, 8);
    sqlite__col_text(st, 9, r->checkpoint_name, sizeof(r->checkpoint_name));
    r->checked_utc = sqlite3_column_int64(st, 10);
    r->status = sqlite3_column_int(st, 11);
    r->handled_by = sqlite3_column_int64(st, 12);
    r->handled_utc = sqlite3_column_int64(st, 13);
    sqlite__col_text(st, 14, r->remarks, sizeof(r->remarks));
    r->created_utc = sqlite3_column_int64(st, 15);
    sqlite__col_text(st, 16, r->community_name, sizeof(r->community_name));
}

int store_referral_insert(struct store_tx *tx, struct referral *r, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_REFERRAL_INSERT, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, r->check_id);
    if (r->person_id)
        sqlite3_bind_int64(st, 2, r->person_id);
    sqlite__bind_text(st, 3, r->community);
    sqlite__bind_text(st, 4, r->name);
    sqlite__bind_text(st, 5, r->id_number);
    sqlite__bind_text(st, 6, r->phone);
    sqlite3_bind_int(st, 7, r->temp_tenths);
    sqlite3_bind_int64(st, 8, r->created_utc);
    if (sqlite__exec_stmt(tx->s, st, "referral_insert", err))
        return -1;
    r->id = sqlite3_last_insert_rowid(tx->s->db);
    return 0;
}

int store_referral_get(struct store_tx *tx, int64_t id, struct referral *out,
                       struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_REFERRAL_GET, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return sqlite__read_one(tx->s, st, out, referral_from_row, "id", "does not exist",
                            "referral_get", err);
}

int store_referral_list(struct store_tx *tx, const char *node, int status, unsigned limit,
                        struct referral_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_REFERRAL_LIST, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, node);
    sqlite3_bind_int(st, 2, status);
    sqlite3_bind_int(st, 3, (int)limit);
    return sqlite__read_rows(tx->s, st, (void **)&out->items, &out->n, sizeof(*out->items),
                             referral_from_row, "referral_list", err);
}

int store_referral_set_status(struct store_tx *tx, int64_t id, int from, int to, int64_t by,
                              int64_t at, const char *remarks, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_REFERRAL_SET_STATUS, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, from);
    sqlite3_bind_int(st, 3, to);
    sqlite3_bind_int64(st, 4, by);
    sqlite3_bind_int64(st, 5, at);
    sqlite__bind_text(st, 6, remarks ? remarks : "");
    if (sqlite__exec_stmt(tx->s, st, "referral_set_status", err))
        return -1;
    if (sqlite3_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_CONFLICT, "status", "has changed meanwhile; reload");
    return 0;
}
