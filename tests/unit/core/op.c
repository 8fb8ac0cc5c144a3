/*
 * Tests of src/core/op.c: an operation's change and its audit row commit
 * together or not at all, and a denial leaves one row of its own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
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

/* n audit rows of who, each naming subjects persons (ids 1..subjects,
 * ID numbers given), in one transaction (the writer's group commit pays
 * the sync once for many); the microseconds each row took. */
static double timed_rows(struct fixture *f, const struct lf_who *who, int n, int subjects)
{
    struct lf_err err = LF_ERR_INIT;
    struct audit_subject subj[64];
    struct store_tx *tx;
    struct timespec t0, t1;
    char idn[24];
    int i, k;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_non_null(tx = store_begin(f->ctx.store, STORE_WRITE, &err));
    for (i = 0; i < n; i++) {
        for (k = 0; k < subjects; k++) {     /* what op_subject() does */
            snprintf(idn, sizeof(idn), "41900119900101%04d", k + 1);
            subj[k].person_id = k + 1;
            subj[k].id_key = audit_id_key(&f->ctx, idn);
        }
        assert_int_equal(audit_write_subjects(tx, &f->ctx, who, "test.read", "grid", NULL,
                                              subj, (size_t)subjects, &err), 0);
    }
    assert_int_equal(store_commit(tx, &err), 0);
    store_tx_free(tx);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return ((double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) / n;
}

/* One read through op: its subjects go with its row. */
static void one_read(struct fixture *f, const struct lf_who *who)
{
    struct lf_err err = LF_ERR_INIT;
    struct op op;
    int ret = -1;

    op_init(&op, &f->ctx, who, "test.read", "grid");
    op_subject(&op, 7, "419001199001010007");
    op_subject(&op, 7, "419001199001010007");      /* once */
    op_subject(&op, 0, NULL);                       /* nobody: nothing */
    if (op_begin(&op, STORE_WRITE, &err) || op_audit(&op, NULL, &err) || op_commit(&op, &err))
        goto out;
    ret = 0;
out:
    assert_int_equal(op_end(&op, ret, &err), 0);
}

/* Who looked at whom: a read's subjects are rows beside its audit row,
 * found again by person id and by the ID number's keyed hash. Prints what
 * naming 50 persons costs against a row naming none (same run). */
static void test_subjects_go_with_the_audit_row(void **state)
{
    struct fixture *f = *state;
    struct lf_who who = fixture_who(ROLE_ADMIN, "419001");
    struct lf_err err = LF_ERR_INIT;
    struct audit_list l;
    double none, fifty;

    int64_t k1, k2;

    one_read(f, &who);
    assert_int_equal(fixture_count(f, "audit_subject"), 1);
    timed_rows(f, &who, 20, 50);                      /* warm the statements */
    none = timed_rows(f, &who, 200, 0);
    fifty = timed_rows(f, &who, 200, 50);
    print_message("audit row naming 0 persons: %.1f us; naming 50: %.1f us (%.2fx, "
                  "+%.2f us a person)\n", none, fifty, fifty / none, (fifty - none) / 50);
    assert_int_equal(fixture_count(f, "audit_subject"), 1 + 220 * 50);
    assert_int_equal(audit_person(&f->ctx, &who, "419001199001010007", 0, &l, &err), 0);
    assert_int_equal(l.n, 221);
    audit_list_free(&l);
    assert_int_equal(audit_person(&f->ctx, &who, NULL, 50, &l, &err), 0);
    assert_int_equal(l.n, 220);
    audit_list_free(&l);
    assert_int_equal(audit_person(&f->ctx, &who, "419001199001019999", 0, &l, &err), 0);
    assert_int_equal(l.n, 0);
    audit_list_free(&l);
    /* the keyed hash: x reads as X, another key gives another hash */
    assert_true(audit_id_key(&f->ctx, "11010519491231002x") ==
                audit_id_key(&f->ctx, "11010519491231002X"));
    assert_true(audit_id_key(&f->ctx, "11010519491231002X") > 0);
    k1 = audit_id_key(&f->ctx, "11010519491231002X");
    f->ctx.secret[0] ^= 1;
    k2 = audit_id_key(&f->ctx, "11010519491231002X");
    f->ctx.secret[0] ^= 1;
    assert_true(k1 != k2);
    /* an auditor may look, a grid worker may not */
    who = fixture_who(ROLE_GRID_WORKER, "419001001001001");
    assert_int_equal(audit_person(&f->ctx, &who, "419001199001010007", 0, &l, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
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
        T(test_subjects_go_with_the_audit_row),
    };
    return cmocka_run_group_tests_name("core/op", tests, NULL, NULL);
}
