/*
 * Tests of src/core/ledger.c and src/core/screening.c: households and
 * persons, duplicate ID numbers, scope, rounds, visits and coverage.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/ledger.h"
#include "core/node.h"
#include "core/screening.h"
#include "fixture.h"

/* Two communities with a grid each under 419001001, and one under 419001002. */
static void make_grids(struct fixture *f, char g1[16], char g2[16], char g3[16])
{
    struct lf_err err = LF_ERR_INIT;
    struct node c1, c2, c3, g;
    struct node_in in;

    in = (struct node_in){ NULL, "community", "甲社区", "419001001" };
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &c1, &err), 0);
    in = (struct node_in){ NULL, "community", "乙社区", "419001001" };
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &c2, &err), 0);
    in = (struct node_in){ NULL, "community", "丙村", "419001002" };
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &c3, &err), 0);
    in = (struct node_in){ NULL, "grid", "第一网格", c1.code };
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &g, &err), 0);
    memcpy(g1, g.code, 16);
    in = (struct node_in){ NULL, "grid", "第一网格", c2.code };
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &g, &err), 0);
    memcpy(g2, g.code, 16);
    in = (struct node_in){ NULL, "grid", "第一网格", c3.code };
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &g, &err), 0);
    memcpy(g3, g.code, 16);
}

static int64_t add_household(struct fixture *f, const struct lf_who *who, const char *grid,
                             const char *address)
{
    struct lf_err err = LF_ERR_INIT;
    struct household_in in = { grid, address };
    struct household h;

    if (household_create(&f->ctx, who, &in, &h, &err))
        fail_msg("household_create: %s: %s", err.field, err.reason);
    return h.id;
}

static void test_person_takes_sex_and_birth_from_the_id_number(void **state)
{
    struct fixture *f = *state;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, "419001001");
    struct lf_err err = LF_ERR_INIT;
    char g1[16], g2[16], g3[16];
    struct person_in in = { 0 };
    struct person_out out;
    int64_t h;

    make_grids(f, g1, g2, g3);
    h = add_household(f, &town, g1, "幸福小区3号楼2单元501");
    in.household_id = h;
    in.name = "张三";
    in.id_number = "11010519491231002x";
    in.phone = "+86 138-1234-5678";
    in.sex = 1;                     /* ignored: the ID says female */
    in.is_head = 1;
    assert_int_equal(person_create(&f->ctx, &town, &in, &out, &err), 0);
    assert_string_equal(out.p.id_number, "11010519491231002X");
    assert_int_equal(out.p.sex, 2);
    assert_int_equal(out.p.birth_days, -7306);        /* 1949-12-31 */
    assert_string_equal(out.p.phone, "13812345678");
    assert_string_equal(out.p.grid, g1);
    assert_string_equal(out.warning, "");             /* 110105 is a current code */
    assert_int_equal(fixture_audit_count(f, "person.create", 1), 1);
}

static void test_duplicate_id_numbers_are_refused_and_change_nothing(void **state)
{
    struct fixture *f = *state;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, "419001001");
    struct lf_err err = LF_ERR_INIT;
    char g1[16], g2[16], g3[16];
    struct person_in in = { 0 };
    struct person_out out;
    long before;

    make_grids(f, g1, g2, g3);
    in.household_id = add_household(f, &town, g1, "一号院");
    in.name = "李四";
    in.id_number = "11010519491231002X";
    assert_int_equal(person_create(&f->ctx, &town, &in, &out, &err), 0);
    before = fixture_count(f, "person");
    in.name = "王五";
    in.household_id = add_household(f, &town, g2, "二号院");
    assert_int_equal(person_create(&f->ctx, &town, &in, &out, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_string_equal(err.field, "id_number");
    assert_int_equal(fixture_count(f, "person"), before);
}

static void test_person_input_errors_name_the_field(void **state)
{
    struct fixture *f = *state;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, "419001001");
    struct lf_who other = fixture_who(ROLE_TOWN_OFFICER, "419001002");
    char g1[16], g2[16], g3[16];
    struct person_out out;
    int64_t h;
    struct {
        struct person_in in;
        const struct lf_who *who;
        const char *field;
    } cases[4];
    size_t i;

    make_grids(f, g1, g2, g3);
    h = add_household(f, &town, g1, "一号院");
    memset(cases, 0, sizeof(cases));
    cases[0].in = (struct person_in){ h, "", NULL, NULL, 0, NULL, NULL, 0, 0 };
    cases[0].field = "name";
    cases[1].in = (struct person_in){ h, "赵六", "110105194912310021", NULL, 0, NULL, NULL, 0, 0 };
    cases[1].field = "id_number";
    cases[2].in = (struct person_in){ h, "赵六", NULL, "12345", 0, NULL, NULL, 0, 0 };
    cases[2].field = "phone";
    cases[3].in = (struct person_in){ h, "赵六", NULL, NULL, 0, NULL, NULL, 0, 0 };
    cases[3].field = "household_id";
    for (i = 0; i < 4; i++)
        cases[i].who = i == 3 ? &other : &town;
    for (i = 0; i < 4; i++) {
        struct lf_err err = LF_ERR_INIT;
        assert_int_equal(person_create(&f->ctx, cases[i].who, &cases[i].in, &out, &err), -1);
        if (strcmp(err.field, cases[i].field) != 0)
            fail_msg("case %zu: %s: %s", i, err.field, err.reason);
    }
    assert_int_equal(fixture_count(f, "person"), 0);
}

static void test_grid_worker_lists_only_their_grid(void **state)
{
    struct fixture *f = *state;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, "419001001");
    struct lf_err err = LF_ERR_INIT;
    char g1[16], g2[16], g3[16];
    struct person_in in = { 0 };
    struct person_out out;
    struct person_query q = { 0 };
    struct person_list l;
    struct lf_who grid;

    make_grids(f, g1, g2, g3);
    grid = fixture_who(ROLE_GRID_WORKER, g1);
    in.household_id = add_household(f, &town, g1, "一号院");
    in.name = "甲";
    assert_int_equal(person_create(&f->ctx, &town, &in, &out, &err), 0);
    in.household_id = add_household(f, &town, g2, "二号院");
    in.name = "乙";
    assert_int_equal(person_create(&f->ctx, &town, &in, &out, &err), 0);

    assert_int_equal(person_list(&f->ctx, &grid, &q, &l, &err), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].p.name, "甲");
    assert_string_equal(l.items[0].address, "一号院");
    person_list_free(&l);
    q.node = g2;
    assert_int_equal(person_list(&f->ctx, &grid, &q, &l, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    lf_err_clear(&err);
    q.node = "419001001";
    q.address = "二号";
    assert_int_equal(person_list(&f->ctx, &town, &q, &l, &err), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].p.name, "乙");
    person_list_free(&l);
}

static void test_visits_move_coverage(void **state)
{
    struct fixture *f = *state;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, "419001001");
    struct lf_who cmd = fixture_who(ROLE_COMMAND, "419001");
    struct lf_err err = LF_ERR_INIT;
    char g1[16], g2[16], g3[16];
    struct screening_round r, cur;
    struct household_list todo;
    struct coverage cov;
    struct lf_who grid;
    int64_t h1, h2, h3;

    make_grids(f, g1, g2, g3);
    grid = fixture_who(ROLE_GRID_WORKER, g1);
    h1 = add_household(f, &town, g1, "1号");
    h2 = add_household(f, &town, g1, "2号");
    h3 = add_household(f, &town, g1, "3号");
    /* no round yet: a visit has nowhere to go */
    assert_int_equal(visit_record(&f->ctx, &grid, h1, VISIT_DONE, NULL, &err), -1);
    assert_string_equal(err.field, "round");
    lf_err_clear(&err);
    assert_int_equal(round_open(&f->ctx, &grid, "419001", NULL, &r, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    lf_err_clear(&err);
    assert_int_equal(round_open(&f->ctx, &cmd, "419001", NULL, &r, &err), 0);
    assert_string_equal(r.name, "第1轮排查");
    assert_int_equal(round_open(&f->ctx, &cmd, "419001", NULL, &cur, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    lf_err_clear(&err);

    assert_int_equal(visit_record(&f->ctx, &grid, h1, VISIT_DONE, "体温正常", &err), 0);
    assert_int_equal(visit_record(&f->ctx, &grid, h2, VISIT_NOBODY_HOME, NULL, &err), 0);
    assert_int_equal(visit_record(&f->ctx, &grid, h3, VISIT_EMPTY, NULL, &err), 0);
    assert_int_equal(visit_list(&f->ctx, &grid, NULL, 1, &cur, &todo, &err), 0);
    assert_int_equal(cur.id, r.id);
    assert_int_equal(todo.n, 1);                       /* only nobody-home is left */
    assert_int_equal(todo.items[0].h.id, h2);
    household_list_free(&todo);
    assert_int_equal(visit_record(&f->ctx, &grid, h2, VISIT_DONE, NULL, &err), 0);

    assert_int_equal(coverage_get(&f->ctx, &cmd, "419001", 0, &cur, &cov, &err), 0);
    assert_int_equal(cov.n_children, 16);
    assert_int_equal(cov.total.households, 3);
    assert_int_equal(cov.total.visited, 2);
    assert_int_equal(cov.total.empty, 1);
    assert_int_equal(cov.total.nobody_home, 0);
    assert_string_equal(cov.children[0].code, "419001001");
    assert_int_equal(cov.children[0].households, 3);
    assert_int_equal(cov.children[1].households, 0);
    coverage_free(&cov);
    /* the grid worker cannot visit outside the grid */
    {
        int64_t other = add_household(f, &town, g2, "外格");
        assert_int_equal(visit_record(&f->ctx, &grid, other, VISIT_DONE, NULL, &err), -1);
        assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    }
}

static void test_import_loads_households_and_persons_or_nothing(void **state)
{
    struct fixture *f = *state;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, "419001001");
    struct lf_err err = LF_ERR_INIT;
    struct ledger_import_stats st;
    char g1[16], g2[16], g3[16], good[1024], bad[1024];
    long before;

    make_grids(f, g1, g2, g3);
    snprintf(good, sizeof(good),
             "\xEF\xBB\xBF网格编码,地址,姓名,身份证号,手机号,与户主关系,流动人口\r\n"
             "%s,1号楼101,张三,=\"11010519491231002X\",\t13812345678,户主,否\r\n"
             "%s,1号楼101,李四,,,配偶,否\r\n"
             "%s,2号楼202,王五,990101199001011230,,户主,是\r\n", g1, g1, g2);
    if (ledger_import_csv(&f->ctx, &town, good, strlen(good), &st, &err))
        fail_msg("import: %s: %s", err.field, err.reason);
    ledger_import_stats_free(&st);
    assert_int_equal(st.households, 2);
    assert_int_equal(st.persons, 3);
    /* 990101 is no division: accepted, counted as a warning */
    if (st.warnings != 1)
        fail_msg("warnings %ld", st.warnings);
    before = fixture_count(f, "person");
    /* every bad row is reported: line 3's phone, line 5's ID number (the
     * one of line 2 again); the good rows 2 and 4 load nothing either */
    snprintf(bad, sizeof(bad),
             "grid,address,name,phone,id_number\n%s,3号,赵六,13900000000,110105198001010016\n"
             "%s,3号,钱七,12345,\n%s,4号,孙九,,\n%s,4号,周十,,110105198001010016\n",
             g1, g1, g2, g2);
    assert_int_equal(ledger_import_csv(&f->ctx, &town, bad, strlen(bad), &st, &err), -1);
    assert_string_equal(err.field, "line 3.phone");
    assert_int_equal(st.bad_rows, 2);
    assert_int_equal(st.n_errors, 2);
    assert_string_equal(st.errors[0].field, "line 3.phone");
    assert_string_equal(st.errors[1].field, "line 5.id_number");
    assert_int_equal(st.errors[1].code, LF_ERR_CONFLICT);
    assert_int_equal(st.persons, 0);
    ledger_import_stats_free(&st);
    assert_int_equal(fixture_count(f, "person"), before);
    assert_int_equal(fixture_count(f, "household"), 2);
    /* a grid outside the caller's town */
    lf_err_clear(&err);
    snprintf(bad, sizeof(bad), "grid,address,name\n%s,4号,孙八\n", g3);
    assert_int_equal(ledger_import_csv(&f->ctx, &town, bad, strlen(bad), &st, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    assert_string_equal(err.field, "line 2.grid");
    ledger_import_stats_free(&st);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int test_group_ledger(void)
{
    const struct CMUnitTest tests[] = {
        T(test_person_takes_sex_and_birth_from_the_id_number),
        T(test_duplicate_id_numbers_are_refused_and_change_nothing),
        T(test_person_input_errors_name_the_field),
        T(test_grid_worker_lists_only_their_grid),
        T(test_visits_move_coverage),
        T(test_import_loads_households_and_persons_or_nothing),
    };
    return cmocka_run_group_tests_name("core/ledger", tests, NULL, NULL);
}
