/*
 * ledger.c - the ledger operations of store.h:
 * households, persons, arrivals, and the division code lists the
 * synthetic population draws origins from.
 */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "store/store_int.h"
#include "store/ledger.h"
#include "util/buf.h"
#include "util/banned.h"

#define PERSON_COLS                                                            \
    "p.id, p.household_id, p.grid, p.name, coalesce(p.id_number, ''), p.sex, " \
    "p.birth_days, p.phone, p.relation, p.is_floating, p.flags, "              \
    "p.created_utc, p.updated_utc, p.deleted_utc"

static struct db_sql STMT_PERSON_BY_ID_NUMBER = DB_SQL(
    "SELECT " PERSON_COLS " FROM person p "
    "WHERE id_number = ?1");

static struct db_sql STMT_PERSON_ADD_FLAGS = DB_SQL(
    "UPDATE person SET flags = flags | ?2, "
    "updated_utc = ?3 WHERE id = ?1");

static struct db_sql STMT_HOUSEHOLD_INSERT = DB_SQL(
    "INSERT INTO household(grid, address, n_members, "
    "created_utc, updated_utc) VALUES (?1,?2,?3,?4,?4)");

static struct db_sql STMT_HOUSEHOLD_GET = DB_SQL(
    "SELECT id, grid, address, n_members, created_utc, "
    "updated_utc, deleted_utc FROM household WHERE id = ?1");

static struct db_sql STMT_HOUSEHOLD_FIND = DB_SQL(
    "SELECT id, grid, address, n_members, created_utc, "
    "updated_utc, deleted_utc FROM household WHERE grid = ?1 AND address = ?2 "
    "AND deleted_utc = 0 ORDER BY id LIMIT 1");

static struct db_sql STMT_HOUSEHOLD_ADD_MEMBERS = DB_SQL(
    "UPDATE household SET n_members = n_members + ?2, "
    "updated_utc = ?3 WHERE id = ?1");

/* same parameters as PERSON_INSERT */
static struct db_sql STMT_PERSON_ADOPT = DB_SQL(
    "UPDATE person SET household_id = ?1, grid = ?2, "
    "name = ?3, sex = ?5, birth_days = ?6, phone = "
    "CASE WHEN ?7 = '' THEN phone ELSE ?7 END, relation = ?8, "
    "is_floating = ?9, flags = flags | ?10, updated_utc = ?11, "
    "deleted_utc = 0 "
    "WHERE id_number = ?4 AND (household_id IS NULL OR deleted_utc <> 0) "
    "RETURNING id, created_utc");

/* A failed statement aborts a PostgreSQL transaction, and a taken ID
 * number is an answer here, not a failure (the import reads on, the
 * synthetic city draws again): there the insert skips it instead, and
 * no row changed means the same as SQLite's DB_UNIQUE. */
static struct db_sql STMT_PERSON_INSERT = DB_SQL_VARIANT(
    "INSERT INTO person(household_id, grid, name, id_number, "
    "sex, birth_days, phone, relation, is_floating, flags, "
    "created_utc, updated_utc) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11)",
    "INSERT INTO person(household_id, grid, name, id_number, "
    "sex, birth_days, phone, relation, is_floating, flags, "
    "created_utc, updated_utc) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11) "
    "ON CONFLICT (id_number) DO NOTHING");

static struct db_sql STMT_PERSON_GET = DB_SQL(
    "SELECT " PERSON_COLS " FROM person p WHERE id = ?1");

static struct db_sql STMT_HOUSEHOLD_PAGE = DB_SQL(
    "SELECT h.id, h.grid, h.address, h.n_members, "
    "h.created_utc, h.updated_utc, coalesce(p.name, ''), "
    "coalesce(p.id_number, ''), coalesce(p.phone, '') "
    "FROM household h LEFT JOIN person p ON p.id = "
    "(SELECT id FROM person WHERE household_id = h.id AND "
    "flags & 16 <> 0 AND deleted_utc = 0 LIMIT 1) WHERE h.grid >= ?1 AND "
    "h.grid < ?1 || 'z' AND h.id > ?2 AND h.deleted_utc = 0 "
    "ORDER BY h.id LIMIT ?3");

static struct db_sql STMT_PERSON_ID_BY_ID_NUMBER = DB_SQL(
    "SELECT id FROM person WHERE id_number = ?1");
/* ?1 is a JSON array of ID numbers; the row's first column its index */
static struct db_sql STMT_PERSON_IDS_BY_ID_NUMBERS = DB_SQL_VARIANT(
    "SELECT j.key, p.id FROM json_each(?1) j JOIN person p ON p.id_number = j.value",
    "SELECT x.i - 1, p.id FROM json_array_elements_text(?1::json) WITH ORDINALITY x(v, i) "
    "JOIN person p ON p.id_number = x.v");

static void person_cols(struct db_stmt *st, int c, struct person *p);

static void person_from_row(struct db_stmt *st, void *row)
{
    person_cols(st, 0, row);
}

int store_person_by_id_number(struct store_tx *tx, const char *id_number,
                              struct person *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PERSON_BY_ID_NUMBER, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, id_number);
    return db_read_one(st, out, person_from_row, "id_number", "does not exist",
                            "person_by_id_number", err);
}

int store_person_add_flags(struct store_tx *tx, int64_t id, unsigned add, int64_t now,
                           struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PERSON_ADD_FLAGS, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, (int)add);
    db_bind_int(st, 3, now);
    if (db_run(st, "person_add_flags", err))
        return -1;
    if (db_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, "person_id", "does not exist");
    return 0;
}

int store_household_insert(struct store_tx *tx, struct household *h, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_HOUSEHOLD_INSERT, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, h->grid);
    db_bind_text(st, 2, h->address);
    db_bind_int(st, 3, h->n_members);
    db_bind_int(st, 4, h->created_utc);
    if (db_run(st, "household_insert", err))
        return -1;
    h->id = db_last_id(tx->s->db);
    h->updated_utc = h->created_utc;
    return 0;
}

static int household_one(struct store_tx *tx, struct db_stmt *st, struct household *out,
                         struct lf_err *err)
{
    int rc = db_step(st);

    if (rc != DB_ROW) {
        db_reset(st);
        if (rc == DB_DONE)
            return lf_err_set(err, LF_ERR_NOTFOUND, "household_id", "does not exist");
        return db_fail(tx->s->db, rc, "household", err);
    }
    memset(out, 0, sizeof(*out));
    out->id = db_col_int(st, 0);
    db_col_copy(st, 1, out->grid, sizeof(out->grid));
    db_col_copy(st, 2, out->address, sizeof(out->address));
    out->n_members = db_col_int(st, 3);
    out->created_utc = db_col_int(st, 4);
    out->updated_utc = db_col_int(st, 5);
    out->deleted_utc = db_col_int(st, 6);
    db_reset(st);
    return 0;
}

int store_household_get(struct store_tx *tx, int64_t id, struct household *out,
                        struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_HOUSEHOLD_GET, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    return household_one(tx, st, out, err);
}

int store_household_find(struct store_tx *tx, const char *grid, const char *address,
                         struct household *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_HOUSEHOLD_FIND, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, grid);
    db_bind_text(st, 2, address);
    return household_one(tx, st, out, err);
}

int store_household_add_members(struct store_tx *tx, int64_t id, int delta, int64_t now,
                                struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_HOUSEHOLD_ADD_MEMBERS, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, delta);
    db_bind_int(st, 3, now);
    if (db_run(st, "household_add_members", err))
        return -1;
    if (db_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, "household_id", "does not exist");
    return 0;
}

/* The parameters of PERSON_INSERT and PERSON_ADOPT. */
static void bind_person(struct db_stmt *st, const struct person *p)
{
    if (p->household_id)
        db_bind_int(st, 1, p->household_id);
    db_bind_text(st, 2, p->grid);
    db_bind_text(st, 3, p->name);
    if (p->id_number[0])
        db_bind_text(st, 4, p->id_number);
    db_bind_int(st, 5, p->sex);
    if (p->birth_days != BIRTH_UNKNOWN)
        db_bind_int(st, 6, p->birth_days);
    db_bind_text(st, 7, p->phone);
    db_bind_text(st, 8, p->relation);
    db_bind_int(st, 9, p->is_floating);
    db_bind_int(st, 10, (int)p->flags);
    db_bind_int(st, 11, p->created_utc);
}

/* The ID number is taken: by a person known only from scans or passes
 * (no household), who now joins the ledger; otherwise a conflict. */
static int person_adopt(struct store_tx *tx, struct person *p, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PERSON_ADOPT, err);
    int rc;

    if (!st)
        return -1;
    bind_person(st, p);
    rc = db_step(st);
    if (rc == DB_ROW) {
        p->id = db_col_int(st, 0);
        p->updated_utc = p->created_utc;
        p->created_utc = db_col_int(st, 1);
        rc = db_step(st);
    } else if (rc == DB_DONE) {
        db_reset(st);
        return lf_err_set(err, LF_ERR_CONFLICT, "id_number",
                          "is already registered for another person");
    }
    db_reset(st);
    if (rc != DB_DONE)
        return db_fail(tx->s->db, rc, "person_adopt", err);
    return 0;
}

int store_person_insert(struct store_tx *tx, struct person *p, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PERSON_INSERT, err);
    int rc;

    if (!st)
        return -1;
    bind_person(st, p);
    rc = db_step(st);
    db_reset(st);
    if (rc == DB_DONE && db_changes(tx->s->db) == 0)
        rc = DB_UNIQUE;         /* PostgreSQL's form skipped a taken number */
    if (rc == DB_UNIQUE && p->household_id)
        return person_adopt(tx, p, err);
    if (rc == DB_UNIQUE)
        return lf_err_set(err, LF_ERR_CONFLICT, "id_number",
                          "is already registered for another person");
    if (rc != DB_DONE)
        return db_fail(tx->s->db, rc, "person_insert", err);
    p->id = db_last_id(tx->s->db);
    p->updated_utc = p->created_utc;
    return 0;
}

static void person_cols(struct db_stmt *st, int c, struct person *p)
{
    memset(p, 0, sizeof(*p));
    p->id = db_col_int(st, c + 0);
    p->household_id = db_col_int(st, c + 1);
    db_col_copy(st, c + 2, p->grid, sizeof(p->grid));
    db_col_copy(st, c + 3, p->name, sizeof(p->name));
    db_col_copy(st, c + 4, p->id_number, sizeof(p->id_number));
    p->sex = db_col_int(st, c + 5);
    p->birth_days = db_col_is_null(st, c + 6)
                        ? BIRTH_UNKNOWN : db_col_int(st, c + 6);
    db_col_copy(st, c + 7, p->phone, sizeof(p->phone));
    db_col_copy(st, c + 8, p->relation, sizeof(p->relation));
    p->is_floating = db_col_int(st, c + 9);
    p->flags = (unsigned)db_col_int(st, c + 10);
    p->created_utc = db_col_int(st, c + 11);
    p->updated_utc = db_col_int(st, c + 12);
    p->deleted_utc = db_col_int(st, c + 13);
}

int store_person_get(struct store_tx *tx, int64_t id, struct person *out,
                     struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PERSON_GET, err);
    int rc;

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    if (rc != DB_ROW) {
        db_reset(st);
        if (rc == DB_DONE)
            return lf_err_set(err, LF_ERR_NOTFOUND, "id", "does not exist");
        return db_fail(tx->s->db, rc, "person_get", err);
    }
    person_cols(st, 0, out);
    db_reset(st);
    return 0;
}

static void person_row_from_row(struct db_stmt *st, void *row)
{
    struct person_row *r = row;

    person_cols(st, 0, &r->p);
    db_col_copy(st, 14, r->address, sizeof(r->address));
}

int store_person_list(struct store_tx *tx, const struct person_query *q,
                      struct person_list *out, struct lf_err *err)
{
    /* the conditions are fixed fragments; only the values are bound */
    char sql[1024];
    struct db_stmt *st = NULL;
    int rc;

    out->items = NULL;
    out->n = 0;
    snprintf(sql, sizeof(sql),
             "SELECT " PERSON_COLS ", coalesce(h.address, '') FROM person p "
             "LEFT JOIN household h ON h.id = p.household_id "
             "WHERE (p.grid >= ?1 AND p.grid < ?1 || 'z'%s) AND p.id > ?2 "
             "AND p.deleted_utc = 0%s%s%s%s%s "
             "ORDER BY p.id LIMIT ?3",
             q->visitors ? " OR p.grid = ''" : "",
             q->id_number && *q->id_number ? " AND p.id_number = ?4" : "",
             q->name && *q->name ? " AND p.name = ?5" : "",
             q->phone && *q->phone ? " AND p.phone = ?6" : "",
             q->address && *q->address
                 ? (strcmp(db_engine(tx->s->db), "pg") == 0 ? " AND strpos(h.address, ?7) > 0"
                                                            : " AND instr(h.address, ?7) > 0")
                 : "",
             q->household_id ? " AND p.household_id = ?8" : "");
    if (!(st = db_prepare_once(tx->s->db, sql, err)))
        return -1;
    db_bind_text(st, 1, q->node);
    db_bind_int(st, 2, q->after_id);
    db_bind_int(st, 3, (int)q->limit);
    if (q->id_number && *q->id_number)
        db_bind_text(st, 4, q->id_number);
    if (q->name && *q->name)
        db_bind_text(st, 5, q->name);
    if (q->phone && *q->phone)
        db_bind_text(st, 6, q->phone);
    if (q->address && *q->address)
        db_bind_text(st, 7, q->address);
    if (q->household_id)
        db_bind_int(st, 8, q->household_id);
    rc = db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                      person_row_from_row, "person_list", err);
    db_finalize(st);
    return rc;
}

static void household_page_row(struct db_stmt *st, void *row)
{
    struct household_row *r = row;

    memset(r, 0, sizeof(*r));
    r->h.id = db_col_int(st, 0);
    db_col_copy(st, 1, r->h.grid, sizeof(r->h.grid));
    db_col_copy(st, 2, r->h.address, sizeof(r->h.address));
    r->h.n_members = db_col_int(st, 3);
    r->h.created_utc = db_col_int(st, 4);
    r->h.updated_utc = db_col_int(st, 5);
    db_col_copy(st, 6, r->head_name, sizeof(r->head_name));
    db_col_copy(st, 7, r->head_id, sizeof(r->head_id));
    db_col_copy(st, 8, r->head_phone, sizeof(r->head_phone));
}

int store_household_page(struct store_tx *tx, const char *node, int64_t after_id,
                         unsigned limit, struct household_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_HOUSEHOLD_PAGE, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_text(st, 1, node);
    db_bind_int(st, 2, after_id);
    db_bind_int(st, 3, (int)limit);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                        household_page_row, "household_page", err);
}

int store_person_id_by_id_number(struct store_tx *tx, const char *id_number, int64_t *id,
                                 struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PERSON_ID_BY_ID_NUMBER, err);
    int rc;

    if (!st)
        return -1;
    db_bind_text(st, 1, id_number);
    rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int(st, 0);
    db_reset(st);
    if (rc == DB_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, "id_number", "no such person");
    if (rc != DB_ROW)
        return db_fail(tx->s->db, rc, "person_by_id_number", err);
    return 0;
}

int store_person_ids_by_id_numbers(struct store_tx *tx, const char *const *numbers, size_t n,
                                   int64_t *ids, struct lf_err *err)
{
    struct db_stmt *st;
    struct buf json;
    size_t i;
    const char *c;
    int rc;

    memset(ids, 0, n * sizeof(*ids));
    if (n == 0)
        return 0;
    buf_init(&json, (size_t)1 << 30);
    buf_addch(&json, '[');
    for (i = 0; i < n; i++) {
        /* a normalised number is digits and X; anything else (which no
         * person has) goes as "", so the JSON needs no escaping */
        for (c = numbers[i]; *c && ((*c >= '0' && *c <= '9') || *c == 'X'); c++)
            ;
        buf_printf(&json, "%s\"%s\"", i ? "," : "", *c ? "" : numbers[i]);
    }
    buf_addch(&json, ']');
    if (!(st = db_prepare(tx->s->db, &STMT_PERSON_IDS_BY_ID_NUMBERS, err))) {
        buf_release(&json);
        return -1;
    }
    db_bind_text(st, 1, buf_str(&json));
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t k = db_col_int(st, 0);
        if (k >= 0 && (size_t)k < n)
            ids[k] = db_col_int(st, 1);
    }
    db_reset(st);
    buf_release(&json);
    if (rc != DB_DONE)
        return db_fail(tx->s->db, rc, "person_ids_by_id_numbers", err);
    return 0;
}

/* --- corrections: edit, move, delete, history (0012_ledger_edit.sql) --- */

static struct db_sql STMT_PERSON_UPDATE = DB_SQL(
    "UPDATE person SET household_id = ?1, grid = ?2, name = ?3, "
    "id_number = ?4, sex = ?5, birth_days = ?6, phone = ?7, relation = ?8, "
    "is_floating = ?9, flags = ?10, updated_utc = ?11 "
    "WHERE id = ?12 AND deleted_utc = 0");

static struct db_sql STMT_PERSON_DELETE = DB_SQL(
    "UPDATE person SET deleted_utc = ?2, updated_utc = ?2 "
    "WHERE id = ?1 AND deleted_utc = 0");

static struct db_sql STMT_HOUSEHOLD_UPDATE = DB_SQL(
    "UPDATE household SET grid = ?2, address = ?3, updated_utc = ?4 "
    "WHERE id = ?1 AND deleted_utc = 0");

static struct db_sql STMT_HOUSEHOLD_MEMBERS_GRID = DB_SQL(
    "UPDATE person SET grid = ?2, updated_utc = ?3 WHERE household_id = ?1");

static struct db_sql STMT_HOUSEHOLD_DELETE = DB_SQL(
    "UPDATE household SET deleted_utc = ?2, updated_utc = ?2 "
    "WHERE id = ?1 AND deleted_utc = 0");

static struct db_sql STMT_HOUSEHOLD_LIVE_MEMBERS = DB_SQL(
    "SELECT count(*) FROM person WHERE household_id = ?1 AND deleted_utc = 0");

static struct db_sql STMT_CHANGE_INSERT = DB_SQL(
    "INSERT INTO ledger_history(person_id, household_id, at_utc, user_id, "
    "username, action, field, old_value, new_value, reason) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");

#define CHANGE_COLS                                                            \
    "id, coalesce(person_id, 0), coalesce(household_id, 0), at_utc, user_id, " \
    "username, action, field, old_value, new_value, reason"

static struct db_sql STMT_PERSON_HISTORY = DB_SQL(
    "SELECT " CHANGE_COLS " FROM ledger_history WHERE person_id = ?1 "
    "ORDER BY id");

static struct db_sql STMT_HOUSEHOLD_HISTORY = DB_SQL(
    "SELECT " CHANGE_COLS " FROM ledger_history WHERE household_id = ?1 "
    "AND person_id IS NULL ORDER BY id");

static int run_one_change(struct store_tx *tx, struct db_stmt *st, const char *what,
                          const char *field, struct lf_err *err)
{
    if (db_run(st, what, err))
        return -1;
    if (db_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, field, "does not exist");
    return 0;
}

int store_person_update(struct store_tx *tx, const struct person *p, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PERSON_UPDATE, err);
    int rc;

    if (!st)
        return -1;
    bind_person(st, p);
    db_bind_int(st, 11, p->updated_utc);
    db_bind_int(st, 12, p->id);
    rc = db_step(st);
    db_reset(st);
    if (rc == DB_UNIQUE)
        return lf_err_set(err, LF_ERR_CONFLICT, "id_number",
                          "is already registered for another person");
    if (rc != DB_DONE)
        return db_fail(tx->s->db, rc, "person_update", err);
    if (db_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, "id", "does not exist");
    return 0;
}

int store_person_delete(struct store_tx *tx, int64_t id, int64_t now, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_PERSON_DELETE, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, now);
    return run_one_change(tx, st, "person_delete", "id", err);
}

int store_household_update(struct store_tx *tx, const struct household *h,
                           struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_HOUSEHOLD_UPDATE, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, h->id);
    db_bind_text(st, 2, h->grid);
    db_bind_text(st, 3, h->address);
    db_bind_int(st, 4, h->updated_utc);
    if (run_one_change(tx, st, "household_update", "id", err))
        return -1;
    if (!(st = db_prepare(tx->s->db, &STMT_HOUSEHOLD_MEMBERS_GRID, err)))
        return -1;
    db_bind_int(st, 1, h->id);
    db_bind_text(st, 2, h->grid);
    db_bind_int(st, 3, h->updated_utc);
    return db_run(st, "household_members_grid", err);
}

int store_household_delete(struct store_tx *tx, int64_t id, int64_t now,
                           struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_HOUSEHOLD_DELETE, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, now);
    return run_one_change(tx, st, "household_delete", "id", err);
}

int store_household_live_members(struct store_tx *tx, int64_t id, long *n,
                                 struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_HOUSEHOLD_LIVE_MEMBERS, err);
    int rc;

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW)
        *n = (long)db_col_int(st, 0);
    db_reset(st);
    if (rc != DB_ROW)
        return db_fail(tx->s->db, rc, "household_live_members", err);
    return 0;
}

int store_ledger_change_insert(struct store_tx *tx, const struct ledger_change *c,
                               struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CHANGE_INSERT, err);

    if (!st)
        return -1;
    if (c->person_id)
        db_bind_int(st, 1, c->person_id);
    if (c->household_id)
        db_bind_int(st, 2, c->household_id);
    db_bind_int(st, 3, c->at_utc);
    db_bind_int(st, 4, c->user_id);
    db_bind_text(st, 5, c->username);
    db_bind_text(st, 6, c->action);
    db_bind_text(st, 7, c->field);
    db_bind_text(st, 8, c->old_value);
    db_bind_text(st, 9, c->new_value);
    db_bind_text(st, 10, c->reason);
    return db_run(st, "ledger_change_insert", err);
}

static void change_from_row(struct db_stmt *st, void *row)
{
    struct ledger_change *c = row;

    memset(c, 0, sizeof(*c));
    c->id = db_col_int(st, 0);
    c->person_id = db_col_int(st, 1);
    c->household_id = db_col_int(st, 2);
    c->at_utc = db_col_int(st, 3);
    c->user_id = db_col_int(st, 4);
    db_col_copy(st, 5, c->username, sizeof(c->username));
    db_col_copy(st, 6, c->action, sizeof(c->action));
    db_col_copy(st, 7, c->field, sizeof(c->field));
    db_col_copy(st, 8, c->old_value, sizeof(c->old_value));
    db_col_copy(st, 9, c->new_value, sizeof(c->new_value));
    db_col_copy(st, 10, c->reason, sizeof(c->reason));
}

int store_ledger_history(struct store_tx *tx, int64_t person_id, int64_t household_id,
                         struct ledger_history *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, person_id ? &STMT_PERSON_HISTORY
                                                         : &STMT_HOUSEHOLD_HISTORY, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, person_id ? person_id : household_id);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                        change_from_row, "ledger_history", err);
}
