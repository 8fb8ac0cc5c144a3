/*
 * Tests of src/store/sqlite.c: migrations, transactions and savepoints,
 * group commit, and the audit table's append-only triggers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>
#include <cmocka.h>

#include "fixture.h"
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
    const struct schema_migration *m;
    int latest = 0;

    for (m = schema_sqlite; m->version; m++) {
        assert_int_equal(m->version, latest + 1);       /* numbered 1, 2, 3 ... */
        latest = m->version;
    }
    assert_true(latest >= 2);
    assert_int_equal(store_schema_version(f->ctx.store), latest);
    again = store_open(f->path, STORE_MIGRATE, &err);
    assert_non_null(again);
    assert_int_equal(store_schema_version(again), latest);
    store_close(again);
    assert_int_equal(store_integrity_check(f->ctx.store, &err), 0);
}

static void test_open_refuses_a_file_that_is_not_ours(void **state)
{
    struct lf_err err = LF_ERR_INIT;

    assert_null(store_open("/tmp/lianfang-unit-does-not-exist.db", 0, &err));
    assert_int_equal(err.code, LF_ERR_NOTFOUND);
    assert_string_equal(err.field, "db");
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
    sqlite3 *db;
    char *msg = NULL;

    assert_true(fixture_count(f, "audit") > 0);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    /* the fixture's clock is in 2023, so give it a row of today */
    assert_int_equal(sqlite3_exec(db, "INSERT INTO audit(at_utc, action, success) "
                                      "VALUES (strftime('%s','now'), 'today', 1)",
                                  NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET success = 1", NULL, NULL, &msg),
                         SQLITE_OK);
    sqlite3_free(msg);
    msg = NULL;
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit WHERE action = 'today'", NULL,
                                      NULL, &msg), SQLITE_OK);
    sqlite3_free(msg);
    /* rows older than six months may go (retention), younger ones not */
    assert_int_equal(sqlite3_exec(db, "INSERT INTO audit(at_utc, action, success) "
                                      "VALUES (1000, 'old', 1)", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DELETE FROM audit WHERE action = 'old'", NULL, NULL,
                                  NULL), SQLITE_OK);
    sqlite3_close(db);
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
        cmocka_unit_test(test_open_refuses_a_file_that_is_not_ours),
        T(test_free_without_commit_rolls_back),
        T(test_batch_keeps_each_operation_whole),
        T(test_bulk_write_joins_the_batch_and_a_failure_dooms_it),
        T(test_after_commit_runs_only_when_durable),
        T(test_audit_rows_cannot_be_changed_or_deleted),
        T(test_count_rows_takes_only_identifiers),
    };
    return cmocka_run_group_tests_name("store/sqlite", tests, NULL, NULL);
}
