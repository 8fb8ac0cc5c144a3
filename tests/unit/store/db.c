/*
 * Tests of src/store/db.c and its SQLite driver: the statement cache
 * shared by connections, the bulk appender's duplicate rule and count,
 * the mapping of engine errors, and the row-reading loops.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"
#include "store/db.h"

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

struct dbf {
    char path[128];
    struct db *db;
};

static int setup(void **state)
{
    struct dbf *f = calloc(1, sizeof(*f));
    struct lf_err err = LF_ERR_INIT;

    snprintf(f->path, sizeof(f->path), "/tmp/lianfang-unit-db-%d.db", (int)getpid());
    remove(f->path);
    f->db = db_open(f->path, DB_CREATE, &err);
    if (!f->db ||
        db_exec(f->db, "CREATE TABLE t(a INTEGER, b INTEGER, c TEXT, "
                "PRIMARY KEY (a, b)) WITHOUT ROWID", &err))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct dbf *f = *state;
    char wal[160];

    db_close(f->db);
    remove(f->path);
    snprintf(wal, sizeof(wal), "%s-wal", f->path);
    remove(wal);
    snprintf(wal, sizeof(wal), "%s-shm", f->path);
    remove(wal);
    free(f);
    return 0;
}

static struct db_sql COUNT = DB_SQL("SELECT count(*), coalesce(sum(a), 0) FROM t");
static struct db_sql INSERT = DB_SQL("INSERT INTO t(a, b, c) VALUES (?1, ?2, ?3)");

static int64_t count(struct db *db, int64_t *sum)
{
    struct lf_err err = LF_ERR_INIT;
    struct db_stmt *st = db_prepare(db, &COUNT, &err);
    int64_t n;

    assert_non_null(st);
    assert_int_equal(db_step(st), DB_ROW);
    n = db_col_int(st, 0);
    if (sum)
        *sum = db_col_int(st, 1);
    db_reset(st);
    return n;
}

static void test_a_statement_is_cached_per_connection(void **state)
{
    struct dbf *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct db *other = db_open(f->path, 0, &err);
    struct db_stmt *a, *b, *c;

    assert_non_null(other);
    a = db_prepare(f->db, &INSERT, &err);
    assert_non_null(a);
    assert_int_not_equal(INSERT.slot, 0);           /* drawn on first use */
    db_bind_int(a, 1, 1);
    db_bind_int(a, 2, 2);
    db_bind_text(a, 3, "x");
    assert_int_equal(db_run(a, "insert", &err), 0);
    b = db_prepare(f->db, &INSERT, &err);
    assert_ptr_equal(a, b);                        /* the same, reset and unbound */
    c = db_prepare(other, &INSERT, &err);          /* its own on another connection */
    assert_non_null(c);
    assert_ptr_not_equal(c, a);
    db_bind_int(c, 1, 3);
    db_bind_int(c, 2, 4);
    db_bind_null(c, 3);
    assert_int_equal(db_run(c, "insert", &err), 0);
    assert_int_equal(count(f->db, NULL), 2);
    db_close(other);
}

static void test_a_unique_violation_is_a_conflict(void **state)
{
    struct dbf *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct db_stmt *st;
    int i, rc = 0;

    for (i = 0; i < 2; i++) {
        st = db_prepare(f->db, &INSERT, &err);
        db_bind_int(st, 1, 7);
        db_bind_int(st, 2, 7);
        db_bind_text(st, 3, "same key");
        rc = db_step(st);
        db_reset(st);
    }
    assert_int_equal(rc, DB_UNIQUE);
    assert_int_equal(db_fail(f->db, rc, "insert", &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_int_equal(count(f->db, NULL), 1);
}

/* 70 rows, of which the 5 repeats of earlier keys are skipped: two full
 * statements of DB_APPEND_ROWS and the rest one by one. */
static void test_append_skips_duplicates_and_counts_what_it_took(void **state)
{
    struct dbf *f = *state;
    struct lf_err err = LF_ERR_INIT;
    static const char *const cols[] = { "a", "b" };
    struct db_append *a;
    int64_t sum, want = 0;
    long added = -1;
    int i;

    assert_int_equal(db_begin(f->db, 1, &err), 0);
    a = db_append_begin(f->db, "t", cols, 2, &err);
    assert_non_null(a);
    for (i = 0; i < 70; i++) {
        int64_t v[2] = { i < 65 ? i : i - 65, 1 };
        if (i < 65)
            want += i;
        assert_int_equal(db_append_row(a, v, &err), 0);
    }
    assert_int_equal(db_append_end(a, &added, &err), 0);
    assert_int_equal(db_commit(f->db, &err), 0);
    assert_int_equal(added, 65);
    assert_int_equal(count(f->db, &sum), 65);
    assert_int_equal(sum, want);
}

static void test_an_abandoned_append_writes_no_rest(void **state)
{
    struct dbf *f = *state;
    struct lf_err err = LF_ERR_INIT;
    static const char *const cols[] = { "a", "b" };
    struct db_append *a = db_append_begin(f->db, "t", cols, 2, &err);
    int64_t v[2] = { 1, 1 };

    assert_non_null(a);
    assert_int_equal(db_append_row(a, v, &err), 0);   /* buffered, not written */
    assert_int_equal(db_append_end(a, NULL, NULL), 0);
    assert_int_equal(count(f->db, NULL), 0);
}

struct row { int64_t a; char c[8]; };

static void row_of(struct db_stmt *st, void *p)
{
    struct row *r = p;

    r->a = db_col_int(st, 0);
    db_col_copy(st, 1, r->c, sizeof(r->c));
}

static void test_read_rows_and_read_one(void **state)
{
    struct dbf *f = *state;
    struct lf_err err = LF_ERR_INIT;
    static struct db_sql ALL = DB_SQL("SELECT a, c FROM t WHERE a >= ?1 ORDER BY a");
    struct db_stmt *st;
    struct row *rows = NULL, one;
    size_t n = 0;
    int i;

    for (i = 1; i <= 40; i++) {
        st = db_prepare(f->db, &INSERT, &err);
        db_bind_int(st, 1, i);
        db_bind_int(st, 2, 0);
        db_bind_text(st, 3, i % 2 ? "odd-and-long" : "even");
        assert_int_equal(db_run(st, "insert", &err), 0);
    }
    st = db_prepare(f->db, &ALL, &err);
    db_bind_int(st, 1, 3);
    assert_int_equal(db_read_rows(st, (void **)&rows, &n, sizeof(*rows), row_of, "all",
                                  &err), 0);
    assert_int_equal(n, 38);
    assert_int_equal(rows[0].a, 3);
    assert_string_equal(rows[0].c, "odd-and");     /* cut to the buffer, NUL kept */
    assert_string_equal(rows[37].c, "even");
    free(rows);
    st = db_prepare(f->db, &ALL, &err);
    db_bind_int(st, 1, 41);
    assert_int_equal(db_read_one(st, &one, row_of, "a", "no such row", "one", &err), -1);
    assert_int_equal(err.code, LF_ERR_NOTFOUND);
    assert_string_equal(err.field, "a");
}

int test_group_db(void)
{
    const struct CMUnitTest tests[] = {
        T(test_a_statement_is_cached_per_connection),
        T(test_a_unique_violation_is_a_conflict),
        T(test_append_skips_duplicates_and_counts_what_it_took),
        T(test_an_abandoned_append_writes_no_rest),
        T(test_read_rows_and_read_one),
    };
    return cmocka_run_group_tests_name("store/db", tests, NULL, NULL);
}
