/*
 * Tests of src/core/node.c and src/core/scope.c: the tree, its codes,
 * the jurisdiction check, and that a rejected change changes nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/node.h"
#include "core/scope.h"
#include "fixture.h"

static void test_scope_contains_is_a_code_prefix(void **state)
{
    assert_true(scope_contains("419001", "419001"));
    assert_true(scope_contains("419001", "419001001001"));
    assert_false(scope_contains("419001001", "419001002"));
    assert_false(scope_contains("419001001", "419001"));
    assert_false(scope_contains("", "419001"));
}

static void test_children_of_jiyuan_are_its_real_streets(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct node parent;
    struct node_list l;
    size_t i;
    int found = 0;

    assert_int_equal(node_children(&f->ctx, &f->admin, "419001", &parent, &l, &err), 0);
    assert_string_equal(parent.name, "济源市");
    assert_int_equal(l.n, 16);
    for (i = 0; i < l.n; i++) {
        assert_int_equal(l.items[i].kind, NODE_TOWN);
        assert_int_equal(strlen(l.items[i].code), 9);
        if (strcmp(l.items[i].code, "419001001") == 0 && strstr(l.items[i].name, "沁园街道"))
            found = 1;
    }
    assert_true(found);
    node_list_free(&l);
}

static void test_create_numbers_communities_and_grids_below_the_parent(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct node c1, c2, g;
    struct node_in in1 = { NULL, "community", "幸福社区", "419001001" };
    struct node_in in2 = { NULL, "community", " 和平村 ", "419001001" };
    struct node_in gin = { NULL, "grid", "第一网格", "419001001001" };

    assert_int_equal(node_create(&f->ctx, &f->admin, &in1, &c1, &err), 0);
    assert_string_equal(c1.code, "419001001001");
    assert_int_equal(node_create(&f->ctx, &f->admin, &in2, &c2, &err), 0);
    assert_string_equal(c2.code, "419001001002");
    assert_string_equal(c2.name, "和平村");      /* trimmed */
    assert_int_equal(node_create(&f->ctx, &f->admin, &gin, &g, &err), 0);
    assert_string_equal(g.code, "419001001001001");
    assert_int_equal(g.kind, NODE_GRID);
    assert_int_equal(fixture_audit_count(f, "node.create", 1), 3);
}

struct bad_case {
    struct node_in in;
    enum lf_errcode code;
    const char *field;
};

static void test_create_rejects_bad_input_and_changes_nothing(void **state)
{
    struct fixture *f = *state;
    char longname[400];
    struct node made;
    struct node_in ok = { NULL, "community", "幸福社区", "419001001" };
    const struct bad_case cases[] = {
        { { NULL, "town", "x", "419001" }, LF_ERR_INVALID, "kind" },
        { { NULL, "", "x", "419001001" }, LF_ERR_INVALID, "kind" },
        { { NULL, "grid", "x", "419001001" }, LF_ERR_INVALID, "parent" },
        { { NULL, "community", "", "419001001" }, LF_ERR_INVALID, "name" },
        { { NULL, "community", longname, "419001001" }, LF_ERR_INVALID, "name" },
        { { NULL, "community", "x", "419001999" }, LF_ERR_NOTFOUND, "parent" },
        { { NULL, "community", "x", "41900100a" }, LF_ERR_INVALID, "parent" },
        { { NULL, "community", "幸福社区", "419001001" }, LF_ERR_CONFLICT, "name" },
        { { "419001002001", "community", "y", "419001001" }, LF_ERR_INVALID, "code" },
        { { "419001001000", "community", "y", "419001001" }, LF_ERR_INVALID, "code" },
        { { "419001001001", "community", "y", "419001001" }, LF_ERR_CONFLICT, "code" },
    };
    long before;
    size_t i;

    memset(longname, 'a', 65);
    longname[65] = '\0';
    {
        struct lf_err err = LF_ERR_INIT;
        assert_int_equal(node_create(&f->ctx, &f->admin, &ok, &made, &err), 0);
    }
    before = fixture_count(f, "node");
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct lf_err err = LF_ERR_INIT;
        assert_int_equal(node_create(&f->ctx, &f->admin, &cases[i].in, &made, &err), -1);
        if (err.code != cases[i].code || strcmp(err.field, cases[i].field) != 0)
            fail_msg("case %zu: got %d %s: %s", i, err.code, err.field, err.reason);
        assert_true(err.reason[0] != '\0');
    }
    assert_int_equal(fixture_count(f, "node"), before);
    assert_int_equal(fixture_audit_count(f, "node.create", 1), 1);
}

static void test_town_officer_sees_only_their_street(void **state)
{
    struct fixture *f = *state;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, "419001001");
    struct lf_err err = LF_ERR_INIT;
    struct node parent;
    struct node_list l;

    assert_int_equal(node_children(&f->ctx, &town, "419001102", &parent, &l, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    assert_string_equal(err.field, "code");
    assert_int_equal(l.n, 0);
    assert_int_equal(fixture_audit_count(f, "node.read", 0), 1);   /* denial logged */

    lf_err_clear(&err);
    assert_int_equal(node_children(&f->ctx, &town, "419001001", &parent, &l, &err), 0);
    node_list_free(&l);
    lf_err_clear(&err);
    assert_int_equal(node_children(&f->ctx, &town, "419001", &parent, &l, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
}

static void test_grid_worker_may_not_add_nodes(void **state)
{
    struct fixture *f = *state;
    struct lf_who grid = fixture_who(ROLE_GRID_WORKER, "419001001");
    struct lf_err err = LF_ERR_INIT;
    struct node_in in = { NULL, "community", "幸福社区", "419001001" };
    struct node made;
    long before = fixture_count(f, "node");

    assert_int_equal(node_create(&f->ctx, &grid, &in, &made, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    assert_int_equal(fixture_count(f, "node"), before);
    assert_int_equal(fixture_audit_count(f, "node.create", 0), 1);
}

static void test_rename_keeps_official_names(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct node_in in = { NULL, "community", "幸福社区", "419001001" };
    struct node made, out;

    assert_int_equal(node_rename(&f->ctx, &f->admin, "419001001", "新名字", &out, &err), -1);
    assert_int_equal(err.code, LF_ERR_INVALID);
    assert_string_equal(err.field, "code");
    lf_err_clear(&err);
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &made, &err), 0);
    assert_int_equal(node_rename(&f->ctx, &f->admin, made.code, "幸福里社区", &out, &err), 0);
    assert_string_equal(out.name, "幸福里社区");
}

static void test_import_is_all_or_nothing_and_names_the_line(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    static const char good[] =
        "\xEF\xBB\xBF" "code,kind,name,parent\r\n"
        "419001001201,community,东关村,419001001\r\n"
        ",grid,第一网格,419001001201\r\n"
        ",grid,\"第二网格\",419001001201\r\n";
    static const char bad[] =
        "类型,名称,上级编码\n"
        "社区,南苑社区,419001002\n"
        "网格,,419001002001\n";
    long n, before;

    assert_int_equal(node_import_csv(&f->ctx, &f->admin, good, sizeof(good) - 1, &n, &err), 0);
    assert_int_equal(n, 3);
    before = fixture_count(f, "node");
    assert_int_equal(node_import_csv(&f->ctx, &f->admin, bad, sizeof(bad) - 1, &n, &err), -1);
    assert_int_equal(err.code, LF_ERR_INVALID);
    assert_string_equal(err.field, "line 3.name");
    assert_int_equal(n, 0);
    assert_int_equal(fixture_count(f, "node"), before);
}

static void test_import_refuses_gbk(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    /* "类型,名称,上级编码" in GBK */
    static const char gbk[] = "\xc0\xe0\xd0\xcd,\xc3\xfb\xb3\xc6,\xc9\xcf\xbc\xb6\xb1\xe0\xc2\xeb\n";
    long n;

    assert_int_equal(node_import_csv(&f->ctx, &f->admin, gbk, sizeof(gbk) - 1, &n, &err), -1);
    assert_string_equal(err.field, "file");
    assert_non_null(strstr(err.reason, "UTF-8"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int test_group_node(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scope_contains_is_a_code_prefix),
        T(test_children_of_jiyuan_are_its_real_streets),
        T(test_create_numbers_communities_and_grids_below_the_parent),
        T(test_create_rejects_bad_input_and_changes_nothing),
        T(test_town_officer_sees_only_their_street),
        T(test_grid_worker_may_not_add_nodes),
        T(test_rename_keeps_official_names),
        T(test_import_is_all_or_nothing_and_names_the_line),
        T(test_import_refuses_gbk),
    };
    return cmocka_run_group_tests_name("core/node", tests, NULL, NULL);
}
