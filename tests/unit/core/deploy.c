/*
 * Tests of src/core/deploy.c: making, opening and configuring a
 * deployment, and src/core/batch.c: group commit through the core.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/batch.h"
#include "core/deploy.h"
#include "core/node.h"
#include "fixture.h"

static void test_create_then_open_gives_the_same_deployment(void **state)
{
    struct lf_err err = LF_ERR_INIT;
    struct lf_ctx made, opened;
    struct lf_who who;
    unsigned char secret[sizeof(made.secret)];
    char path[300];

    (void)state;
    fixture_new_db(path, sizeof(path));     /* a file or a schema no test used */
    assert_int_equal(deploy_create(&made, path, "419001", "data/divisions", &err), 0);
    assert_string_equal(made.root, "419001");
    assert_false(made.strict_passwords);
    deploy_system_who(&made, &who);
    assert_int_equal(who.role, ROLE_SYSTEM);
    assert_string_equal(who.node, "419001");
    assert_string_equal(who.username, "(cli)");
    memcpy(secret, made.secret, sizeof(secret));
    deploy_close(&made);
    assert_null(made.store);

    assert_int_equal(deploy_open(&opened, path, 0, &err), 0);
    assert_string_equal(opened.root, "419001");
    assert_memory_equal(opened.secret, secret, sizeof(secret));
    deploy_close(&opened);

    /* a second create refuses and changes nothing */
    assert_int_equal(deploy_create(&made, path, "419001", "data/divisions", &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_string_equal(err.field, "db");
    assert_null(made.store);
    lf_err_clear(&err);
    assert_int_equal(deploy_open(&opened, path, 0, &err), 0);
    assert_memory_equal(opened.secret, secret, sizeof(secret));
    deploy_close(&opened);
    fixture_drop_db(path);
}

/* The fixture's database has a tree but was never given its settings. */
static void test_open_refuses_a_database_without_settings(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct lf_ctx ctx;

    assert_int_equal(deploy_open(&ctx, f->path, 0, &err), -1);
    assert_int_equal(err.code, LF_ERR_NOTFOUND);
    assert_string_equal(err.field, "db");
    assert_non_null(strstr(err.reason, "lianfang init"));
    assert_null(ctx.store);
}

static void test_password_policy_is_the_administrators_and_audited(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct lf_ctx ctx;
    struct lf_who who, grid = fixture_who(ROLE_GRID_WORKER, "419001001001001");
    char path[300];

    fixture_new_db(path, sizeof(path));     /* a file or a schema no test used */
    assert_int_equal(deploy_create(&ctx, path, "419001", "data/divisions", &err), 0);
    deploy_system_who(&ctx, &who);
    assert_int_equal(deploy_set_password_policy(&ctx, &grid, 1, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    assert_false(ctx.strict_passwords);
    lf_err_clear(&err);
    assert_int_equal(deploy_set_password_policy(&ctx, &who, 1, &err), 0);
    assert_true(ctx.strict_passwords);
    deploy_close(&ctx);

    assert_int_equal(deploy_open(&ctx, path, 0, &err), 0);
    assert_true(ctx.strict_passwords);
    {
        struct fixture g = *f;          /* count the rows of this database */
        g.ctx = ctx;
        assert_int_equal(fixture_audit_count(&g, "deploy.password_policy", 1), 1);
        assert_int_equal(fixture_audit_count(&g, "deploy.password_policy", 0), 1);
        assert_int_equal(fixture_audit_count(&g, "node.init", 1), 1);
    }
    deploy_close(&ctx);
    fixture_drop_db(path);
}

/* Operations in a batch are durable at its commit and gone at its
 * rollback, each one still all or nothing. */
static void test_a_batch_commits_or_drops_its_operations_together(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct node_in in = { NULL, "community", "批次社区", "419001001" };
    struct node_in bad = { NULL, "community", "", "419001001" };
    struct node made;
    long before = fixture_count(f, "node");

    assert_int_equal(batch_begin(&f->ctx, &err), 0);
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &made, &err), 0);
    batch_rollback(&f->ctx);
    assert_int_equal(fixture_count(f, "node"), before);

    assert_int_equal(batch_begin(&f->ctx, &err), 0);
    assert_int_equal(node_create(&f->ctx, &f->admin, &bad, &made, &err), -1);
    lf_err_clear(&err);
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &made, &err), 0);
    assert_int_equal(batch_commit(&f->ctx, &err), 0);
    assert_int_equal(fixture_count(f, "node"), before + 1);
    assert_int_equal(fixture_audit_count(f, "node.create", 1), 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int test_group_deploy(void)
{
    const struct CMUnitTest tests[] = {
        T(test_create_then_open_gives_the_same_deployment),
        T(test_open_refuses_a_database_without_settings),
        T(test_password_policy_is_the_administrators_and_audited),
        T(test_a_batch_commits_or_drops_its_operations_together),
    };
    return cmocka_run_group_tests_name("core/deploy", tests, NULL, NULL);
}
