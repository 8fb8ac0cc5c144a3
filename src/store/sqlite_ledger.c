/*
 * sqlite_ledger.c - the SQLite form of the ledger operations of store.h:
 * households, persons, arrivals, and the division code lists the
 * synthetic population draws origins from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/xmalloc.h"
#include "util/banned.h"

int store_division_codes(struct store_tx *tx, int level, char (**out)[NODE_CODE_MAX],
                         size_t *n_out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_DIVISION_CODES, err);
    size_t cap = 0, n = 0;
    char (*codes)[NODE_CODE_MAX] = NULL;
    int rc;

    *out = NULL;
    *n_out = 0;
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, level);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            codes = xrealloc(codes, cap * sizeof(*codes));
        }
        sqlite__col_text(st, 0, codes[n++], NODE_CODE_MAX);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(codes);
        return sqlite__fail(tx->s, rc, "division_codes", err);
    }
    *out = codes;
    *n_out = n;
    return 0;
}

int store_household_insert(struct store_tx *tx, struct household *h, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_HOUSEHOLD_INSERT, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, h->grid);
    sqlite__bind_text(st, 2, h->address);
    sqlite3_bind_int(st, 3, h->n_members);
    sqlite3_bind_int64(st, 4, h->created_utc);
    if (sqlite__exec_stmt(tx->s, st, "household_insert", err))
        return -1;
    h->id = sqlite3_last_insert_rowid(tx->s->db);
    h->updated_utc = h->created_utc;
    return 0;
}

static int household_one(struct store_tx *tx, sqlite3_stmt *st, struct household *out,
                         struct lf_err *err)
{
    int rc = sqlite3_step(st);

    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            return lf_err_set(err, LF_ERR_NOTFOUND, "household_id", "does not exist");
        return sqlite__fail(tx->s, rc, "household", err);
    }
    memset(out, 0, sizeof(*out));
    out->id = sqlite3_column_int64(st, 0);
    sqlite__col_text(st, 1, out->grid, sizeof(out->grid));
    sqlite__col_text(st, 2, out->address, sizeof(out->address));
    out->n_members = sqlite3_column_int(st, 3);
    out->created_utc = sqlite3_column_int64(st, 4);
    out->updated_utc = sqlite3_column_int64(st, 5);
    sqlite3_reset(st);
    return 0;
}

int store_household_get(struct store_tx *tx, int64_t id, struct household *out,
                        struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_HOUSEHOLD_GET, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return household_one(tx, st, out, err);
}

int store_household_find(struct store_tx *tx, const char *grid, const char *address,
                         struct household *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_HOUSEHOLD_FIND, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, grid);
    sqlite__bind_text(st, 2, address);
    return household_one(tx, st, out, err);
}

int store_household_add_members(struct store_tx *tx, int64_t id, int delta, int64_t now,
                                struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_HOUSEHOLD_ADD_MEMBERS, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, delta);
    sqlite3_bind_int64(st, 3, now);
    if (sqlite__exec_stmt(tx->s, st, "household_add_members", err))
        return -1;
    if (sqlite3_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, "household_id", "does not exist");
    return 0;
}

/* The parameters of PERSON_INSERT and PERSON_ADOPT. */
static void bind_person(sqlite3_stmt *st, const struct person *p)
{
    if (p->household_id)
        sqlite3_bind_int64(st, 1, p->household_id);
    sqlite__bind_text(st, 2, p->grid);
    sqlite__bind_text(st, 3, p->name);
    if (p->id_number[0])
        sqlite__bind_text(st, 4, p->id_number);
    sqlite3_bind_int(st, 5, p->sex);
    if (p->birth_days != BIRTH_UNKNOWN)
        sqlite3_bind_int64(st, 6, p->birth_days);
    sqlite__bind_text(st, 7, p->phone);
    sqlite__bind_text(st, 8, p->relation);
    sqlite3_bind_int(st, 9, p->is_floating);
    sqlite3_bind_int(st, 10, (int)p->flags);
    sqlite3_bind_int64(st, 11, p->created_utc);
}

/* The ID number is taken: by a person known only from scans or passes
 * (no household), who now joins the ledger; otherwise a conflict. */
static int person_adopt(struct store_tx *tx, struct person *p, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PERSON_ADOPT, err);
    int rc;

    if (!st)
        return -1;
    bind_person(st, p);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        p->id = sqlite3_column_int64(st, 0);
        p->updated_utc = p->created_utc;
        p->created_utc = sqlite3_column_int64(st, 1);
        rc = sqlite3_step(st);
    } else if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return lf_err_set(err, LF_ERR_CONFLICT, "id_number",
                          "is already registered for another person");
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "person_adopt", err);
    return 0;
}

int store_person_insert(struct store_tx *tx, struct person *p, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PERSON_INSERT, err);
    int rc;

    if (!st)
        return -1;
    bind_person(st, p);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE && p->household_id)
        return person_adopt(tx, p, err);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        return lf_err_set(err, LF_ERR_CONFLICT, "id_number",
                          "is already registered for another person");
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "person_insert", err);
    p->id = sqlite3_last_insert_rowid(tx->s->db);
    p->updated_utc = p->created_utc;
    return 0;
}

int store_arrival_insert(struct store_tx *tx, struct arrival *a, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_ARRIVAL_INSERT, err);

    if (!st)
        return -1;
    if (a->person_id)
        sqlite3_bind_int64(st, 1, a->person_id);
    sqlite__bind_text(st, 2, a->grid);
    sqlite__bind_text(st, 3, a->name);
    sqlite__bind_text(st, 4, a->id_number);
    sqlite__bind_text(st, 5, a->phone);
    sqlite__bind_text(st, 6, a->origin_code);
    sqlite__bind_text(st, 7, a->origin_name);
    sqlite3_bind_int64(st, 8, a->arrival_days);
    sqlite__bind_text(st, 9, a->transport);
    sqlite3_bind_int(st, 10, a->risk_level);
    sqlite3_bind_int64(st, 11, a->created_utc);
    if (sqlite__exec_stmt(tx->s, st, "arrival_insert", err))
        return -1;
    a->id = sqlite3_last_insert_rowid(tx->s->db);
    return 0;
}

static void person_from_row(sqlite3_stmt *st, int c, struct person *p)
{
    memset(p, 0, sizeof(*p));
    p->id = sqlite3_column_int64(st, c + 0);
    p->household_id = sqlite3_column_int64(st, c + 1);
    sqlite__col_text(st, c + 2, p->grid, sizeof(p->grid));
    sqlite__col_text(st, c + 3, p->name, sizeof(p->name));
    sqlite__col_text(st, c + 4, p->id_number, sizeof(p->id_number));
    p->sex = sqlite3_column_int(st, c + 5);
    p->birth_days = sqlite3_column_type(st, c + 6) == SQLITE_NULL
                        ? BIRTH_UNKNOWN : sqlite3_column_int64(st, c + 6);
    sqlite__col_text(st, c + 7, p->phone, sizeof(p->phone));
    sqlite__col_text(st, c + 8, p->relation, sizeof(p->relation));
    p->is_floating = sqlite3_column_int(st, c + 9);
    p->flags = (unsigned)sqlite3_column_int(st, c + 10);
    p->created_utc = sqlite3_column_int64(st, c + 11);
    p->updated_utc = sqlite3_column_int64(st, c + 12);
}

int store_person_get(struct store_tx *tx, int64_t id, struct person *out,
                     struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_PERSON_GET, err);
    int rc;

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            return lf_err_set(err, LF_ERR_NOTFOUND, "id", "does not exist");
        return sqlite__fail(tx->s, rc, "person_get", err);
    }
    person_from_row(st, 0, out);
    sqlite3_reset(st);
    return 0;
}

int store_person_list(struct store_tx *tx, const struct person_query *q,
                      struct person_list *out, struct lf_err *err)
{
    /* the conditions are fixed fragments; only the values are bound */
    char sql[1024];
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int rc, i = 1;

    out->items = NULL;
    out->n = 0;
    snprintf(sql, sizeof(sql),
             "SELECT " PERSON_COLS ", ifnull(h.address, '') FROM person p "
             "LEFT JOIN household h ON h.id = p.household_id "
             "WHERE (p.grid >= ?1 AND p.grid < ?1 || 'z'%s) AND p.id > ?2%s%s%s%s%s "
             "ORDER BY p.id LIMIT ?3",
             q->visitors ? " OR p.grid = ''" : "",
             q->id_number && *q->id_number ? " AND p.id_number = ?4" : "",
             q->name && *q->name ? " AND p.name = ?5" : "",
             q->phone && *q->phone ? " AND p.phone = ?6" : "",
             q->address && *q->address ? " AND instr(h.address, ?7) > 0" : "",
             q->household_id ? " AND p.household_id = ?8" : "");
    rc = sqlite3_prepare_v2(tx->s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sqlite__fail(tx->s, rc, "person_list", err);
    sqlite__bind_text(st, 1, q->node);
    sqlite3_bind_int64(st, 2, q->after_id);
    sqlite3_bind_int(st, 3, (int)q->limit);
    if (q->id_number && *q->id_number)
        sqlite__bind_text(st, 4, q->id_number);
    if (q->name && *q->name)
        sqlite__bind_text(st, 5, q->name);
    if (q->phone && *q->phone)
        sqlite__bind_text(st, 6, q->phone);
    if (q->address && *q->address)
        sqlite__bind_text(st, 7, q->address);
    if (q->household_id)
        sqlite3_bind_int64(st, 8, q->household_id);
    (void)i;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 32;
            out->items = xrealloc(out->items, cap * sizeof(*out->items));
        }
        person_from_row(st, 0, &out->items[out->n].p);
        sqlite__col_text(st, 13, out->items[out->n].address, sizeof(out->items[0].address));
        out->n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(out->items), out->items = NULL, out->n = 0;
        return sqlite__fail(tx->s, rc, "person_list", err);
    }
    return 0;
}

static void round_from_row(sqlite3_stmt *st, struct screening_round *r)
{
    memset(r, 0, sizeof(*r));
    r->id = sqlite3_column_int64(st, 0);
    sqlite__col_text(st, 1, r->node, sizeof(r->node));
    r->number = sqlite3_column_int(st, 2);
    sqlite__col_text(st, 3, r->name, sizeof(r->name));
    r->started_utc = sqlite3_column_int64(st, 4);
    r->closed_utc = sqlite3_column_int64(st, 5);
}

int store_round_next(struct store_tx *tx, const char *node, int *number,
                     struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_ROUND_NEXT, err);
    int rc;

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, node);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return sqlite__fail(tx->s, rc, "round_next", err);
    }
    *number = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return 0;
}

int store_round_insert(struct store_tx *tx, struct screening_round *r, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_ROUND_INSERT, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, r->node);
    sqlite3_bind_int(st, 2, r->number);
    sqlite__bind_text(st, 3, r->name);
    sqlite3_bind_int64(st, 4, r->started_utc);
    if (sqlite__exec_stmt(tx->s, st, "round_insert", err))
        return -1;
    r->id = sqlite3_last_insert_rowid(tx->s->db);
    return 0;
}

static int round_one(struct store_tx *tx, sqlite3_stmt *st, struct screening_round *out,
                     const char *field, struct lf_err *err)
{
    int rc = sqlite3_step(st);

    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            return lf_err_set(err, LF_ERR_NOTFOUND, field, "no screening round");
        return sqlite__fail(tx->s, rc, "round", err);
    }
    round_from_row(st, out);
    sqlite3_reset(st);
    return 0;
}

int store_round_get(struct store_tx *tx, int64_t id, struct screening_round *out,
                    struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_ROUND_GET, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return round_one(tx, st, out, "round_id", err);
}

int store_round_current(struct store_tx *tx, const char *code,
                        struct screening_round *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_ROUND_CURRENT, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, code);
    return round_one(tx, st, out, "round", err);
}

int store_round_close(struct store_tx *tx, int64_t id, int64_t now, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_ROUND_CLOSE, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    if (sqlite__exec_stmt(tx->s, st, "round_close", err))
        return -1;
    if (sqlite3_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_CONFLICT, "round_id", "is not open");
    return 0;
}

int store_household_list(struct store_tx *tx, const char *grid, int64_t round_id,
                         int todo_only, struct household_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_HOUSEHOLD_LIST, err);
    size_t cap = 0;
    int rc;

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, grid);
    sqlite3_bind_int64(st, 2, round_id);
    sqlite3_bind_int(st, 3, todo_only);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct household_row *r;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 64;
            out->items = xrealloc(out->items, cap * sizeof(*out->items));
        }
        r = &out->items[out->n++];
        memset(r, 0, sizeof(*r));
        r->h.id = sqlite3_column_int64(st, 0);
        sqlite__col_text(st, 1, r->h.grid, sizeof(r->h.grid));
        sqlite__col_text(st, 2, r->h.address, sizeof(r->h.address));
        r->h.n_members = sqlite3_column_int(st, 3);
        r->h.created_utc = sqlite3_column_int64(st, 4);
        r->h.updated_utc = sqlite3_column_int64(st, 5);
        r->outcome = sqlite3_column_int(st, 6);
        r->visited_utc = sqlite3_column_int64(st, 7);
        sqlite__col_text(st, 8, r->head_name, sizeof(r->head_name));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->items), out->items = NULL, out->n = 0;
        return sqlite__fail(tx->s, rc, "household_list", err);
    }
    return 0;
}

int store_visit_put(struct store_tx *tx, int64_t round_id, int64_t household_id,
                    const char *grid, int outcome, int64_t visitor_id, int64_t at,
                    const char *remarks, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_VISIT_PUT, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, round_id);
    sqlite3_bind_int64(st, 2, household_id);
    sqlite__bind_text(st, 3, grid);
    sqlite3_bind_int(st, 4, outcome);
    sqlite3_bind_int64(st, 5, visitor_id);
    sqlite3_bind_int64(st, 6, at);
    sqlite__bind_text(st, 7, remarks ? remarks : "");
    return sqlite__exec_stmt(tx->s, st, "visit_put", err);
}

/* The row for code in out (total when code is NULL), created if new. */
static struct coverage_row *coverage_row(struct coverage *out, const char *code)
{
    size_t i;

    if (!code)
        return &out->total;
    for (i = 0; i < out->n_children; i++)
        if (strcmp(out->children[i].code, code) == 0)
            return &out->children[i];
    out->children = xrealloc(out->children, (out->n_children + 1) * sizeof(*out->children));
    memset(&out->children[out->n_children], 0, sizeof(out->children[0]));
    snprintf(out->children[out->n_children].code, NODE_CODE_MAX, "%s", code);
    return &out->children[out->n_children++];
}

int store_coverage(struct store_tx *tx, const char *code, size_t child_len,
                   struct coverage *out, struct lf_err *err)
{
    sqlite3_stmt *st;
    char key[NODE_CODE_MAX];
    int rc;

    memset(out, 0, sizeof(*out));
    snprintf(out->total.code, sizeof(out->total.code), "%s", code);
    if (!(st = sqlite__stmt(tx->s, STMT_COVERAGE_HOUSEHOLDS, err)))
        return -1;
    sqlite__bind_text(st, 1, code);
    sqlite3_bind_int(st, 2, (int)child_len);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct coverage_row *r;
        sqlite__col_text(st, 0, key, sizeof(key));
        r = coverage_row(out, key);
        r->households = sqlite3_column_int64(st, 1);
        r->visited = sqlite3_column_int64(st, 2);
        r->nobody_home = sqlite3_column_int64(st, 3);
        r->empty = sqlite3_column_int64(st, 4);
        r->refused = sqlite3_column_int64(st, 5);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        goto fail;
    if (!(st = sqlite__stmt(tx->s, STMT_COVERAGE_PERSONS, err)))
        goto fail_quiet;
    sqlite__bind_text(st, 1, code);
    sqlite3_bind_int(st, 2, (int)child_len);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct coverage_row *r;
        sqlite__col_text(st, 0, key, sizeof(key));
        r = coverage_row(out, key);
        r->persons = sqlite3_column_int64(st, 1);
        r->floating = sqlite3_column_int64(st, 2);
        r->arrivals = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        goto fail;
    return 0;
fail:
    sqlite__fail(tx->s, rc, "coverage", err);
fail_quiet:
    free(out->children);
    out->children = NULL;
    out->n_children = 0;
    return -1;
}

int store_household_page(struct store_tx *tx, const char *node, int64_t after_id,
                         unsigned limit, struct household_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_HOUSEHOLD_PAGE, err);
    size_t cap = 0;
    int rc;

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, node);
    sqlite3_bind_int64(st, 2, after_id);
    sqlite3_bind_int(st, 3, (int)limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct household_row *r;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 64;
            out->items = xrealloc(out->items, cap * sizeof(*out->items));
        }
        r = &out->items[out->n++];
        memset(r, 0, sizeof(*r));
        r->h.id = sqlite3_column_int64(st, 0);
        sqlite__col_text(st, 1, r->h.grid, sizeof(r->h.grid));
        sqlite__col_text(st, 2, r->h.address, sizeof(r->h.address));
        r->h.n_members = sqlite3_column_int(st, 3);
        r->h.created_utc = sqlite3_column_int64(st, 4);
        r->h.updated_utc = sqlite3_column_int64(st, 5);
        sqlite__col_text(st, 6, r->head_name, sizeof(r->head_name));
        sqlite__col_text(st, 7, r->head_id, sizeof(r->head_id));
        sqlite__col_text(st, 8, r->head_phone, sizeof(r->head_phone));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->items), out->items = NULL, out->n = 0;
        return sqlite__fail(tx->s, rc, "household_page", err);
    }
    return 0;
}
