/*
 * division.c - the division module's statements and rows (store/division.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/division.h"
#include "util/banned.h"

static struct db_sql STMT_DIVISION_CODES = DB_SQL(
    "SELECT code FROM division WHERE level = ?1 ORDER BY code");

static struct db_sql STMT_DIVISION_INSERT = DB_SQL(
    "INSERT INTO division(code, name, level) VALUES (?1, ?2, ?3) "
    "ON CONFLICT(code) DO UPDATE SET name = excluded.name, "
    "level = excluded.level");

static struct db_sql STMT_DIVISION_KNOWN = DB_SQL(
    "SELECT 1 FROM division WHERE code = ?1");

static struct db_sql STMT_DIVISION_NAME = DB_SQL(
    "SELECT name FROM division WHERE code = ?1");

static void code_from_row(struct db_stmt *st, void *row)
{
    db_col_copy(st, 0, row, NODE_CODE_MAX);
}

int store_division_codes(struct store_tx *tx, int level, char (**out)[NODE_CODE_MAX],
                         size_t *n_out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_DIVISION_CODES, err);

    *out = NULL;
    *n_out = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, level);
    return db_read_rows(st, (void **)out, n_out, sizeof(**out), code_from_row,
                        "division_codes", err);
}

int store_division_insert(struct store_tx *tx, const char *code,
                          const char *name, int level, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_DIVISION_INSERT, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    db_bind_text(st, 2, name);
    db_bind_int(st, 3, level);
    return db_run(st, "division_insert", err);
}

int store_division_known(struct store_tx *tx, const char *code, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_DIVISION_KNOWN, err);
    int rc;

    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    rc = db_step(st);
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    if (rc == DB_DONE)
        return 0;
    return db_fail(tx->s->db, rc, "division_known", err);
}

int store_division_name(struct store_tx *tx, const char *code, char *out, unsigned n,
                        struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_DIVISION_NAME, err);
    int rc;

    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    rc = db_step(st);
    if (rc == DB_ROW)
        db_col_copy(st, 0, out, n);
    db_reset(st);
    if (rc == DB_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, "origin_code", "is not a division code");
    if (rc != DB_ROW)
        return db_fail(tx->s->db, rc, "division_name", err);
    return 0;
}
