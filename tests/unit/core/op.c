/*
 * Tests of src/core/op.c: an operation's change and its audit row commit
 * together or not at all, and a denial leaves one row of its own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/audit.h"
#include "core/op.h"
#include "store/store.h"
#include "store/audit.h"
#include "fixture.h"

/* The newest audit row of action into *out; 0 if there is none. */
static int newest(struct fixture *f, const char *action, struct audit_entry *out)
{
    struct lf_err err = LF_ERR_INIT;
    struct audit_filter q = { 0, 0, action, 1 };
    struct store_tx *tx = store_begin(f->ctx.store, STORE_READ, &err);
    struct audit_list l;
    int found;

    assert_non_null(tx);
    assert_int_equal(store_audit_list(tx, &q, &l, &err), 0);
    store_tx_free(tx);
    found = l.n == 1 && strcmp(l.items[0].action, action) == 0;
    if (found)
        *out = l.items[0];
    audit_list_free(&l);
    return found;
}

static int setting(struct fixture *f, const char *key, char *value, unsigned n)
{
    struct lf_err err = LF_ERR_INIT;
    struct store_tx *tx = store_begin(f->ctx.store, STORE_READ, &err);
    int rc;

    assert_non_null(tx);
    rc = store_config_get(tx, key, value, n, &err);
    store_tx_free(tx);
    return rc;
}

/* An operation that sets key=value and then fails with fail_code
 * (LF_ERR_OK: does not fail) after its audit row. */
static int set_then(struct fixture *f, const struct lf_who *who, const char *value,
                    enum lf_errcode fail_code, struct lf_err *err)
{
    struct op op;
    int ret = -1;

    op_init(&op, &f->ctx, who, "test.set", NULL);
    op_record(&op, "config:%s", "test_key");
    if (op_begin(&op, STORE_WRITE, err) ||
        store_config_set(op.tx, "test_key", value, err) ||
        op_audit(&op, value, err))
        goto out;
    if (fail_code != LF_ERR_OK) {
        lf_err_set(err, fail_code, "key", "fails on purpose");
        goto out;
    }
    if (op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

static void test_a_change_commits_with_its_audit_row(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct audit_entry a;
    char v[16];

    assert_int_equal(set_then(f, &f->admin, "one", LF_ERR_OK, &err), 0);
    assert_int_equal(setting(f, "test_key", v, sizeof(v)), 0);
    assert_string_equal(v, "one");
    assert_true(newest(f, "test.set", &a));
    assert_string_equal(a.record, "config:test_key");
    assert_string_equal(a.detail, "one");
    assert_string_equal(a.username, f->admin.username);
    assert_int_equal(a.success, 1);
}

static void test_a_denial_rolls_back_and_leaves_one_failure_row(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct lf_who grid = fixture_who(ROLE_GRID_WORKER, "419001001001001");
    struct audit_entry a;
    char v[16];

    assert_int_equal(set_then(f, &grid, "two", LF_ERR_FORBIDDEN, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    assert_string_equal(err.field, "key");                     /* *err untouched */
    assert_int_equal(setting(f, "test_key", v, sizeof(v)), -1); /* nothing changed */
    assert_int_equal(fixture_audit_count(f, "test.set", 1), 0);
    assert_int_equal(fixture_audit_count(f, "test.set", 0), 1);
    assert_true(newest(f, "test.set", &a));
    assert_string_equal(a.record, "config:test_key");
    assert_string_equal(a.detail, "key: fails on purpose");
    assert_int_equal(a.success, 0);
}

static void test_a_failure_that_is_no_denial_leaves_no_row(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    char v[16];

    assert_int_equal(set_then(f, &f->admin, "three", LF_ERR_CONFLICT, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_int_equal(setting(f, "test_key", v, sizeof(v)), -1);
    assert_int_equal(fixture_audit_count(f, "test.set", 0), 0);
    assert_int_equal(fixture_audit_count(f, "test.set", 1), 0);
}

/* Denied before any transaction: the row still names the operation. */
static void test_a_denial_before_the_transaction_is_audited(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct op op;
    struct audit_entry a;

    op_init(&op, &f->ctx, &f->admin, "test.early", "419001");
    lf_err_set(&err, LF_ERR_FORBIDDEN, NULL, "no");
    assert_int_equal(op_end(&op, -1, &err), -1);
    assert_true(newest(f, "test.early", &a));
    assert_string_equal(a.record, "419001");
    assert_int_equal(a.success, 0);
}

/* Two transactions in turn, and work between them that fails. */
static void test_a_failure_between_two_transactions_counts(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct op op;
    char v[16];

    op_init(&op, &f->ctx, &f->admin, "test.two", NULL);
    assert_int_equal(op_begin(&op, STORE_READ, &err), 0);
    assert_int_equal(op_commit(&op, &err), 0);
    assert_null(op.tx);
    assert_int_equal(op_begin(&op, STORE_WRITE, &err), 0);
    assert_int_equal(store_config_set(op.tx, "test_key", "four", &err), 0);
    assert_int_equal(op_audit_as(&op, "test.two_done", NULL, &err), 0);
    lf_err_set(&err, LF_ERR_UNAUTHORIZED, NULL, "late");
    assert_int_equal(op_end(&op, -1, &err), -1);
    assert_int_equal(setting(f, "test_key", v, sizeof(v)), -1);
    assert_int_equal(fixture_audit_count(f, "test.two_done", 1), 0);
    assert_int_equal(fixture_audit_count(f, "test.two", 0), 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int test_group_op(void)
{
    const struct CMUnitTest tests[] = {
        T(test_a_change_commits_with_its_audit_row),
        T(test_a_denial_rolls_back_and_leaves_one_failure_row),
        T(test_a_failure_that_is_no_denial_leaves_no_row),
        T(test_a_denial_before_the_transaction_is_audited),
        T(test_a_failure_between_two_transactions_counts),
    };
    return cmocka_run_group_tests_name("core/op", tests, NULL, NULL);
}
