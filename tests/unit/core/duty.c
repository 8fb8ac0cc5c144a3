/*
 * Tests of src/core/duty.c: assigning an official to a node or a person of
 * it, the view of a subtree with the chain above it and the gaps, ending
 * with a reason, and every refusal changing nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "core/duty.h"

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

#define TOWN "419001001"
#define VILLAGE "419001001001"
#define GRID "419001001001001"
#define OTHER_TOWN "419001002"

/* A village and a grid under the first town, a person in the grid, and the
 * users whose ids fixture_who() makes up. */
static int setup(void **state)
{
    struct fixture *f;
    int r;

    if (fixture_setup(state))
        return -1;
    f = *state;
    fixture_sql(f, "INSERT INTO node(code, parent, kind, name, created_utc, updated_utc) "
                "VALUES ('%s', '%s', 'community', '东街村', 1, 1), "
                "('%s', '%s', 'grid', '一网格', 1, 1)", VILLAGE, TOWN, GRID, VILLAGE);
    fixture_sql(f, "INSERT INTO person(id, grid, name, sex, created_utc, updated_utc) "
                "VALUES (7, '%s', '王芳', 2, 1, 1)", GRID);
    for (r = 0; r < ROLE__COUNT; r++)
        fixture_sql(f, "INSERT INTO \"user\"(id, username, role, node, pw_hash, created_utc, "
                    "pw_changed_utc) VALUES (%d, 'u%d', 'x', '419001', 'x', 1, 1)",
                    1000 + r, r);
    return 0;
}

static struct duty_in lead(const char *node, const char *name)
{
    struct duty_in in = { .node = node, .name = name, .title = "副镇长",
                          .phone = "13800001111" };
    return in;
}

static void test_a_town_officer_assigns_and_the_view_shows_gaps_and_the_chain(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct duty_in in = lead(VILLAGE, " 张华 ");
    struct duty d;
    struct duty_view v;
    size_t i;

    assert_int_equal(duty_assign(&f->ctx, &town, &in, &d, &err), 0);
    assert_true(d.id > 0);
    assert_string_equal(d.name, "张华");                 /* trimmed */
    assert_string_equal(d.node_name, "东街村");
    assert_int_equal(d.kind, DUTY_LEAD);
    assert_int_equal(d.from_days, lf_today_days(&f->ctx));
    assert_int_equal(d.assigned_by, town.user_id);

    assert_int_equal(duty_view(&f->ctx, &town, NULL, 0, &v, &err), 0);
    assert_int_equal(v.n_above, 1);                      /* the city */
    assert_string_equal(v.nodes.items[0].code, "419001");
    assert_string_equal(v.nodes.items[1].code, TOWN);
    for (i = 0; i < v.nodes.n; i++)
        assert_int_not_equal(v.nodes.items[i].kind, NODE_GRID);
    assert_int_equal(v.duties.n, 1);
    assert_string_equal(v.duties.items[0].node, VILLAGE);
    duty_view_free(&v);

    /* from the grid: the grid, and above it the village, town and city */
    struct lf_who grid = fixture_who(ROLE_GRID_WORKER, GRID);
    assert_int_equal(duty_view(&f->ctx, &grid, NULL, 0, &v, &err), 0);
    assert_int_equal(v.n_above, 3);
    assert_int_equal(v.nodes.n, 4);
    assert_string_equal(v.nodes.items[2].code, VILLAGE);
    assert_int_equal(v.duties.n, 1);
    duty_view_free(&v);
    assert_int_equal(fixture_audit_count(f, "duty.assign", 1), 1);
    assert_int_equal(fixture_audit_count(f, "duty.list", 1), 2);
}

static void test_refusals_name_the_field_and_change_nothing(void **state)
{
    struct fixture *f = *state;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct lf_who grid = fixture_who(ROLE_GRID_WORKER, GRID);
    struct lf_who auditor = fixture_who(ROLE_AUDITOR, "419001");
    static const struct { const char *field; enum lf_errcode code; } want[] = {
        { "phone", LF_ERR_INVALID }, { "name", LF_ERR_INVALID }, { "from", LF_ERR_INVALID },
        { "kind", LF_ERR_INVALID }, { "person_id", LF_ERR_INVALID },
        { "node", LF_ERR_FORBIDDEN }, { "node", LF_ERR_NOTFOUND }, { "", LF_ERR_FORBIDDEN },
        { "", LF_ERR_FORBIDDEN },
    };
    struct duty_in in[9];
    const struct lf_who *as[9];
    struct duty d;
    int i;

    for (i = 0; i < 9; i++) {
        in[i] = lead(VILLAGE, "张华");
        as[i] = &town;
    }
    in[0].phone = "12345";
    in[1].name = "   ";
    in[2].from = "2026-02-30";
    in[3].kind = "boss";
    in[4].kind = "carer";                       /* a carer answers for a person */
    in[5].node = OTHER_TOWN;                    /* outside the jurisdiction */
    in[6].node = TOWN "999";                    /* inside, but no such node */
    as[7] = &grid;                              /* no right to assign */
    as[8] = &auditor;
    in[8].node = "419001";
    for (i = 0; i < 9; i++) {
        struct lf_err err = LF_ERR_INIT;
        assert_int_equal(duty_assign(&f->ctx, as[i], &in[i], &d, &err), -1);
        assert_int_equal(err.code, want[i].code);
        assert_string_equal(err.field, want[i].field);
    }
    assert_int_equal(fixture_count(f, "duty"), 0);
    assert_int_equal(fixture_audit_count(f, "duty.assign", 0), 3);   /* the denials */
}

static void test_a_carer_answers_for_a_person_of_the_node(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct duty_in in = lead(OTHER_TOWN, "刘医生");
    struct duty d;

    in.kind = "carer";
    in.person_id = 7;
    /* the person lives in the village, not in the other town */
    struct lf_who command = fixture_who(ROLE_COMMAND, "419001");
    assert_int_equal(duty_assign(&f->ctx, &command, &in, &d, &err), -1);
    assert_int_equal(err.code, LF_ERR_INVALID);
    assert_string_equal(err.field, "person_id");
    in.node = VILLAGE;
    lf_err_clear(&err);
    assert_int_equal(duty_assign(&f->ctx, &town, &in, &d, &err), 0);
    assert_int_equal(d.kind, DUTY_CARER);
    assert_int_equal(d.person_id, 7);
    in.person_id = 99;
    lf_err_clear(&err);
    assert_int_equal(duty_assign(&f->ctx, &town, &in, &d, &err), -1);
    assert_int_equal(err.code, LF_ERR_NOTFOUND);
    assert_string_equal(err.field, "person_id");
    assert_int_equal(fixture_count(f, "duty"), 1);
}

static void test_ending_needs_a_reason_and_keeps_the_history(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct lf_who other = fixture_who(ROLE_TOWN_OFFICER, OTHER_TOWN);
    struct duty_in in = lead(VILLAGE, "张华");
    struct duty d, e;
    struct duty_view v;

    assert_int_equal(duty_assign(&f->ctx, &town, &in, &d, &err), 0);
    assert_int_equal(duty_assign(&f->ctx, &town, &in, &e, &err), -1);   /* the same again */
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_string_equal(err.field, "name");
    lf_err_clear(&err);
    assert_int_equal(duty_end(&f->ctx, &town, d.id, "  ", &e, &err), -1);
    assert_string_equal(err.field, "reason");
    lf_err_clear(&err);
    assert_int_equal(duty_end(&f->ctx, &other, d.id, "调动", &e, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    lf_err_clear(&err);
    assert_int_equal(duty_end(&f->ctx, &town, d.id, "工作调动", &e, &err), 0);
    assert_true(e.ended_utc > 0);
    assert_string_equal(e.end_reason, "工作调动");
    assert_int_equal(duty_end(&f->ctx, &town, d.id, "again", &e, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    lf_err_clear(&err);
    assert_int_equal(duty_view(&f->ctx, &town, VILLAGE, 0, &v, &err), 0);
    assert_int_equal(v.duties.n, 0);
    duty_view_free(&v);
    assert_int_equal(duty_view(&f->ctx, &town, VILLAGE, 1, &v, &err), 0);
    assert_int_equal(v.duties.n, 1);
    duty_view_free(&v);
    /* ended, the same official may be assigned again */
    assert_int_equal(duty_assign(&f->ctx, &town, &in, &e, &err), 0);
    assert_int_equal(fixture_count(f, "duty"), 2);
}

int test_group_duty(void)
{
    const struct CMUnitTest tests[] = {
        T(test_a_town_officer_assigns_and_the_view_shows_gaps_and_the_chain),
        T(test_refusals_name_the_field_and_change_nothing),
        T(test_a_carer_answers_for_a_person_of_the_node),
        T(test_ending_needs_a_reason_and_keeps_the_history),
    };
    return cmocka_run_group_tests_name("core/duty", tests, NULL, NULL);
}
