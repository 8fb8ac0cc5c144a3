/*
 * Tests of src/store/store.c and the driver seam (db.c, db_sqlite.c,
 * db_pg.c): migrations, transactions and savepoints, group commit, the
 * audit table's append-only triggers, parameters. They run on the engine
 * under test (fixture.h: SQLite, or PostgreSQL with LIANFANG_TEST_PG).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "fixture.h"
#include "store/db.h"
#include "store/schema.h"
#include "store/store.h"
#include "store/node.h"

static struct node make_node(const char *code, const char *parent)
{
    struct node n;

    memset(&n, 0, sizeof(n));
    snprintf(n.code, sizeof(n.code), "%s", code);
    snprintf(n.parent, sizeof(n.parent), "%s", parent);
    snprintf(n.name, sizeof(n.name), "n%s", code);
    n.kind = NODE_COMMUNITY;
    return n;
}

static void test_migrations_run_once(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct store *again;
    const struct schema_migration *m, *p;
    int latest = 0;

    for (m = schema_sqlite, p = schema_pg; m->version; m++, p++) {
        assert_int_equal(m->version, latest + 1);       /* numbered 1, 2, 3 ... */
        /* each engine has the same migrations, file for file */
        assert_int_equal(p->version, m->version);
        assert_string_equal(p->name, m->name);
        latest = m->version;
    }
    assert_int_equal(p->version, 0);
    assert_true(latest >= 2);
    assert_int_equal(store_schema_version(f->ctx.store), latest);
    again = store_open(f->path, STORE_MIGRATE, &err);
    assert_non_null(again);
    assert_int_equal(store_schema_version(again), latest);
    store_close(again);
    assert_int_equal(store_integrity_check(f->ctx.store, &err), 0);
}

static void test_open_refuses_a_database_that_is_not_ours(void **state)
{
    struct lf_err err = LF_ERR_INIT;
    char target[256];

    /* missing: a file, or a database the server does not have */
    if (fixture_pg()) {
        char *slash;
        snprintf(target, sizeof(target), "%s", fixture_pg());
        slash = strrchr(target, '/');
        snprintf(slash, sizeof(target) - (size_t)(slash - target), "/lf_does_not_exist");
    } else {
        snprintf(target, sizeof(target), "/tmp/lianfang-unit-does-not-exist.db");
    }
    assert_null(store_open(target, 0, &err));
    assert_int_equal(err.code, LF_ERR_NOTFOUND);
    assert_string_equal(err.field, "db");
    /* there, but empty: no schema of ours */
    fixture_new_db(target, sizeof(target));
    err = (struct lf_err)LF_ERR_INIT;
    if (!fixture_pg()) {
        struct db *db = db_open(target, DB_CREATE, &err);
        assert_non_null(db);
        db_close(db);
    }
    assert_null(store_open(target, 0, &err));
    assert_int_equal(err.code, LF_ERR_NOTFOUND);
    assert_non_null(strstr(err.reason, "not a lianfang database"));
    fixture_drop_db(target);
}

static void test_free_without_commit_rolls_back(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct node n = make_node("419001001001", "419001001");
    long before = fixture_count(f, "node");
    struct store_tx *tx = store_begin(f->ctx.store, STORE_WRITE, &err);

    assert_non_null(tx);
    assert_int_equal(store_node_insert(tx, &n, &err), 0);
    store_tx_free(tx);
    assert_int_equal(fixture_count(f, "node"), before);
}

static void test_batch_keeps_each_operation_whole(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct store *s = f->ctx.store;
    struct node a = make_node("419001001001", "419001001");
    struct node b = make_node("419001001002", "419001001");
    struct store_tx *tx;
    long before = fixture_count(f, "node");

    assert_int_equal(store_batch_begin(s, &err), 0);
    /* operation 1 succeeds */
    tx = store_begin(s, STORE_WRITE, &err);
    assert_non_null(tx);
    assert_int_equal(store_node_insert(tx, &a, &err), 0);
    assert_int_equal(store_commit(tx, &err), 0);
    store_tx_free(tx);
    /* operation 2 inserts, then fails on a duplicate: all of it goes */
    tx = store_begin(s, STORE_WRITE, &err);
    assert_int_equal(store_node_insert(tx, &b, &err), 0);
    assert_int_equal(store_node_insert(tx, &a, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    store_tx_free(tx);
    assert_int_equal(store_batch_commit(s, &err), 0);
    assert_int_equal(fixture_count(f, "node"), before + 1);
}

static void test_bulk_write_joins_the_batch_and_a_failure_dooms_it(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct store *s = f->ctx.store;
    struct node a = make_node("419001001001", "419001001");
    struct node b = make_node("419001001002", "419001001");
    struct store_tx *tx;
    long before = fixture_count(f, "node");

    /* committed, it is part of the batch */
    assert_int_equal(store_batch_begin(s, &err), 0);
    tx = store_begin(s, STORE_WRITE_BULK, &err);
    assert_non_null(tx);
    assert_int_equal(store_node_insert(tx, &a, &err), 0);
    assert_int_equal(store_commit(tx, &err), 0);
    store_tx_free(tx);
    assert_int_equal(store_batch_commit(s, &err), 0);
    assert_int_equal(fixture_count(f, "node"), before + 1);
    /* freed uncommitted, the whole batch goes, the other operation too */
    assert_int_equal(store_batch_begin(s, &err), 0);
    tx = store_begin(s, STORE_WRITE, &err);
    assert_int_equal(store_node_insert(tx, &b, &err), 0);
    assert_int_equal(store_commit(tx, &err), 0);
    store_tx_free(tx);
    tx = store_begin(s, STORE_WRITE_BULK, &err);
    assert_int_equal(store_node_insert(tx, &a, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    store_tx_free(tx);
    err = (struct lf_err)LF_ERR_INIT;
    assert_int_equal(store_batch_commit(s, &err), -1);
    assert_int_equal(err.code, LF_ERR_BUSY);
    assert_int_equal(fixture_count(f, "node"), before + 1);
    /* and the next batch is not doomed */
    assert_int_equal(store_batch_begin(s, &err), 0);
    assert_int_equal(store_batch_commit(s, &err), 0);
}

static void count_call(void *p)
{
    (*(int *)p)++;
}

static void test_after_commit_runs_only_when_durable(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct store *s = f->ctx.store;
    struct store_tx *outer, *inner;
    int ran = 0;

    /* plain transaction: at COMMIT */
    outer = store_begin(s, STORE_WRITE, &err);
    store_after_commit(outer, count_call, &ran, NULL);
    assert_int_equal(ran, 0);
    assert_int_equal(store_commit(outer, &err), 0);
    assert_int_equal(ran, 1);
    store_tx_free(outer);

    /* a rolled-back savepoint takes its hook with it; a released one
     * hands it to the outer transaction */
    outer = store_begin(s, STORE_WRITE, &err);
    inner = store_begin(s, STORE_WRITE, &err);
    store_after_commit(inner, count_call, &ran, NULL);
    store_tx_free(inner);
    inner = store_begin(s, STORE_WRITE, &err);
    store_after_commit(inner, count_call, &ran, NULL);
    assert_int_equal(store_commit(inner, &err), 0);
    store_tx_free(inner);
    assert_int_equal(ran, 1);
    assert_int_equal(store_commit(outer, &err), 0);
    store_tx_free(outer);
    assert_int_equal(ran, 2);

    /* in a batch: at the batch's commit, not at the operation's */
    assert_int_equal(store_batch_begin(s, &err), 0);
    inner = store_begin(s, STORE_WRITE, &err);
    store_after_commit(inner, count_call, &ran, NULL);
    assert_int_equal(store_commit(inner, &err), 0);
    store_tx_free(inner);
    assert_int_equal(ran, 2);
    assert_int_equal(store_batch_commit(s, &err), 0);
    assert_int_equal(ran, 3);

    /* a batch rolled back runs nothing */
    assert_int_equal(store_batch_begin(s, &err), 0);
    inner = store_begin(s, STORE_WRITE, &err);
    store_after_commit(inner, count_call, &ran, NULL);
    assert_int_equal(store_commit(inner, &err), 0);
    store_tx_free(inner);
    store_batch_rollback(s);
    assert_int_equal(ran, 3);
}

static void test_audit_rows_cannot_be_changed_or_deleted(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct db *db = db_open(f->path, 0, &err);
    long before;
    char sql[128];

    assert_non_null(db);
    assert_true(fixture_count(f, "audit") > 0);
    /* the fixture's clock is in 2023, so give it a row of today */
    snprintf(sql, sizeof(sql), "INSERT INTO audit(at_utc, action, success) "
             "VALUES (%lld, 'today', 1)", (long long)time(NULL));
    assert_int_equal(db_exec(db, sql, &err), 0);
    before = fixture_count(f, "audit");
    assert_int_equal(db_exec(db, "UPDATE audit SET success = 1", &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);        /* the trigger's constraint */
    err = (struct lf_err)LF_ERR_INIT;
    assert_int_equal(db_exec(db, "DELETE FROM audit WHERE action = 'today'", &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_int_equal(fixture_count(f, "audit"), before);
    /* rows older than six months may go (retention), younger ones not */
    err = (struct lf_err)LF_ERR_INIT;
    assert_int_equal(db_exec(db, "INSERT INTO audit(at_utc, action, success) "
                                 "VALUES (1000, 'old', 1)", &err), 0);
    assert_int_equal(db_exec(db, "DELETE FROM audit WHERE action = 'old'", &err), 0);
    assert_int_equal(fixture_count(f, "audit"), before);
    db_close(db);
}

/* ?N in the module statements, on every engine: numbered, repeated, not
 * inside a string literal; a bare ? takes the next number. */
static void test_parameters_are_numbered_and_not_in_literals(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct db *db = db_open(f->path, 0, &err);
    struct db_stmt *st;

    assert_non_null(db);
    st = db_prepare_once(db, "SELECT '?1 ''?2''', ?2 || ?1, ?, CAST(?1 AS integer) + 1", &err);
    assert_non_null(st);
    db_bind_text(st, 1, "7");
    db_bind_text(st, 2, "a");
    db_bind_int(st, 3, 42);
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "?1 '?2'");
    assert_string_equal(db_col_text(st, 1), "a7");
    assert_int_equal(db_col_int(st, 2), 42);
    assert_int_equal(db_col_int(st, 3), 8);
    assert_int_equal(db_step(st), DB_DONE);
    db_finalize(st);
    db_close(db);
}

/* A statement still handing out rows while another runs on the same
 * connection (a loop over one query that asks another). */
static void test_statements_interleave_on_one_connection(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct db *db = db_open(f->path, 0, &err);
    struct db_stmt *outer, *inner;
    long n = 0, total = fixture_count(f, "division");

    assert_non_null(db);
    assert_true(total > 1000);
    assert_int_equal(db_begin(db, 0, &err), 0);
    outer = db_prepare_once(db, "SELECT code FROM division ORDER BY code", &err);
    inner = db_prepare_once(db, "SELECT name FROM division WHERE code = ?1", &err);
    assert_non_null(outer);
    assert_non_null(inner);
    while (db_step(outer) == DB_ROW) {
        if (n++ % 100 == 0) {
            db_reset(inner);
            db_bind_text(inner, 1, db_col_text(outer, 0));
            assert_int_equal(db_step(inner), DB_ROW);
            assert_true(db_col_text(inner, 0)[0] != '\0');
        }
    }
    assert_int_equal(n, total);
    db_finalize(inner);
    db_finalize(outer);
    assert_int_equal(db_commit(db, &err), 0);
    db_close(db);
}

static void test_count_rows_takes_only_identifiers(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct store_tx *tx = store_begin(f->ctx.store, STORE_READ, &err);

    assert_int_equal(store_count_rows(tx, "node; DROP TABLE user", &err), -1);
    assert_int_equal(err.code, LF_ERR_INVALID);
    store_tx_free(tx);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int test_group_store(void)
{
    const struct CMUnitTest tests[] = {
        T(test_migrations_run_once),
        cmocka_unit_test(test_open_refuses_a_database_that_is_not_ours),
        T(test_free_without_commit_rolls_back),
        T(test_batch_keeps_each_operation_whole),
        T(test_bulk_write_joins_the_batch_and_a_failure_dooms_it),
        T(test_after_commit_runs_only_when_durable),
        T(test_audit_rows_cannot_be_changed_or_deleted),
        T(test_parameters_are_numbered_and_not_in_literals),
        T(test_statements_interleave_on_one_connection),
        T(test_count_rows_takes_only_identifiers),
    };
    return cmocka_run_group_tests_name("store/sqlite", tests, NULL, NULL);
}
