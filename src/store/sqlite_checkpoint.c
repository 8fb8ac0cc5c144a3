/*
 * sqlite_checkpoint.c - the SQLite form of the checkpoint operations of
 * store.h: checkpoints and their daily counts, passes, checks, the ledger
 * lookups a check needs, and fever referrals. Statements are in
 * sqlite_int.h (CHECKPOINT_STMTS); none opens a transaction of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* items with room for one more than n (of size bytes each). */
static void *grow(void *items, size_t n, size_t *cap, size_t size)
{
    if (n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        items = xrealloc(items, *cap * size);
    }
    return items;
}

static int one_row(struct store *s, sqlite3_stmt *st, const char *field,
                   const char *what, struct lf_err *err)
{
    int rc = sqlite3_step(st);

    if (rc == SQLITE_ROW)
        return 0;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, field, "does not exist");
    return sqlite__fail(s, rc, what, err);
}

/* --- checkpoints --------------------------------------------------------- */

static void checkpoint_from_row(sqlite3_stmt *st, struct checkpoint *c)
{
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
    if (one_row(tx->s, st, field, "checkpoint_get", err))
        return -1;
    checkpoint_from_row(st, out);
    sqlite3_reset(st);
    return 0;
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
    size_t cap = 0;
    int rc;

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, node);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->items = grow(out->items, out->n, &cap, sizeof(*out->items));
        checkpoint_from_row(st, &out->items[out->n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->items), out->items = NULL, out->n = 0;
        return sqlite__fail(tx->s, rc, "checkpoint_list", err);
    }
    return 0;
}

int store_checkpoint_stats(struct store_tx *tx, const char *node, int64_t day,
                           struct checkpoint_stats *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CHECKPOINT_STATS, err);
    size_t cap = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    out->day = day;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, node);
    sqlite3_bind_int64(st, 2, day);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct checkpoint_day *r;
        out->rows = grow(out->rows, out->n, &cap, sizeof(*out->rows));
        r = &out->rows[out->n++];
        memset(r, 0, sizeof(*r));
        checkpoint_from_row(st, &r->c);
        r->vehicles = (long)sqlite3_column_int64(st, 7);
        r->persons = (long)sqlite3_column_int64(st, 8);
        r->checks = (long)sqlite3_column_int64(st, 9);
        r->fevers = (long)sqlite3_column_int64(st, 10);
        r->turned_back = (long)sqlite3_column_int64(st, 11);
        r->passes = (long)sqlite3_column_int64(st, 12);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->rows), out->rows = NULL, out->n = 0;
        return sqlite__fail(tx->s, rc, "checkpoint_stats", err);
    }
    return 0;
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

int store_pass_by_code(struct store_tx *tx, const char *code, struct pass *out,
                       const char *field, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PASS_BY_CODE, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, code);
    if (one_row(tx->s, st, field, "pass_by_code", err))
        return -1;
    memset(out, 0, sizeof(*out));
    out->id = sqlite3_column_int64(st, 0);
    sqlite__col_text(st, 1, out->code, sizeof(out->code));
    out->day = sqlite3_column_int64(st, 2);
    out->checkpoint_id = sqlite3_column_int64(st, 3);
    sqlite__col_text(st, 4, out->checkpoint_name, sizeof(out->checkpoint_name));
    sqlite__col_text(st, 5, out->name, sizeof(out->name));
    sqlite__col_text(st, 6, out->id_number, sizeof(out->id_number));
    sqlite__col_text(st, 7, out->phone, sizeof(out->phone));
    sqlite__col_text(st, 8, out->plate, sizeof(out->plate));
    sqlite__col_text(st, 9, out->origin_code, sizeof(out->origin_code));
    sqlite__col_text(st, 10, out->origin_name, sizeof(out->origin_name));
    sqlite__col_text(st, 11, out->remarks, sizeof(out->remarks));
    out->person_id = sqlite3_column_int64(st, 12);
    out->created_utc = sqlite3_column_int64(st, 13);
    sqlite3_reset(st);
    return 0;
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

int store_pass_checks(struct store_tx *tx, int64_t pass_id, struct pass_check_list *out,
                      struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PASS_CHECKS, err);
    size_t cap = 0;
    int rc;

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pass_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct pass_check *k;
        out->items = grow(out->items, out->n, &cap, sizeof(*out->items));
        k = &out->items[out->n++];
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
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->items), out->items = NULL, out->n = 0;
        return sqlite__fail(tx->s, rc, "pass_checks", err);
    }
    return 0;
}

/* --- the ledger's side of a check ---------------------------------------- */

int store_person_by_id_number(struct store_tx *tx, const char *id_number,
                              struct person *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PERSON_BY_ID_NUMBER, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, id_number);
    if (one_row(tx->s, st, "id_number", "person_by_id_number", err))
        return -1;
    memset(out, 0, sizeof(*out));
    out->id = sqlite3_column_int64(st, 0);
    out->household_id = sqlite3_column_int64(st, 1);
    sqlite__col_text(st, 2, out->grid, sizeof(out->grid));
    sqlite__col_text(st, 3, out->name, sizeof(out->name));
    sqlite__col_text(st, 4, out->id_number, sizeof(out->id_number));
    out->sex = sqlite3_column_int(st, 5);
    out->birth_days = sqlite3_column_type(st, 6) == SQLITE_NULL
                          ? BIRTH_UNKNOWN : sqlite3_column_int64(st, 6);
    sqlite__col_text(st, 7, out->phone, sizeof(out->phone));
    sqlite__col_text(st, 8, out->relation, sizeof(out->relation));
    out->is_floating = sqlite3_column_int(st, 9);
    out->flags = (unsigned)sqlite3_column_int(st, 10);
    out->created_utc = sqlite3_column_int64(st, 11);
    out->updated_utc = sqlite3_column_int64(st, 12);
    sqlite3_reset(st);
    return 0;
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

static void referral_from_row(sqlite3_stmt *st, struct referral *r)
{
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
    if (one_row(tx->s, st, "id", "referral_get", err))
        return -1;
    referral_from_row(st, out);
    sqlite3_reset(st);
    return 0;
}

int store_referral_list(struct store_tx *tx, const char *node, int status, unsigned limit,
                        struct referral_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_REFERRAL_LIST, err);
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
        out->items = grow(out->items, out->n, &cap, sizeof(*out->items));
        referral_from_row(st, &out->items[out->n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->items), out->items = NULL, out->n = 0;
        return sqlite__fail(tx->s, rc, "referral_list", err);
    }
    return 0;
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
