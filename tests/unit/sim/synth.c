/*
 * tests/unit/sim/synth.c - the synthetic population of src/sim/synth.c on
 * a small tree (one street, two communities, four grids): every ID number
 * passes the validator and carries the person's region, birth date and sex;
 * household sizes, floating share and arrivals are in their ranges; every
 * household has one head and the right member count; the same seed gives
 * the same rows; only the system caller may run it.
 *
 * The checks read the database file with SQL: they look at what the store
 * wrote, not at what the generator believes it wrote.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "core/node.h"
#include "core/types/audit.h"
#include "core/types/node.h"
#include "sim/synth.h"
#include "core/validate.h"
#include "fixture.h"
#include "groups.h"
#include "util/timeutil.h"

#define TOWN "419001001"
#define TODAY_DAYS 19675    /* 2023-11-15 */

static void make_grids(struct fixture *f)
{
    struct lf_err err = LF_ERR_INIT;
    struct node comm, grid;
    const char *comms[] = { "幸福社区", "东关村" };

    for (int c = 0; c < 2; c++) {
        struct node_in in = { NULL, "community", comms[c], TOWN };
        if (node_create(&f->ctx, &f->admin, &in, &comm, &err))
            fail_msg("community: %s", err.reason);
        for (int g = 0; g < 2; g++) {
            struct node_in gin = { NULL, "grid", g ? "第二网格" : "第一网格", comm.code };
            if (node_create(&f->ctx, &f->admin, &gin, &grid, &err))
                fail_msg("grid: %s", err.reason);
        }
    }
}

static void run(struct fixture *f, long population, uint64_t seed, struct synth_stats *st)
{
    struct lf_err err = LF_ERR_INIT;
    struct synth_params p = { TOWN, population, seed, TODAY_DAYS, "data/divisions" };

    if (synth_population(&f->ctx, &f->admin, &p, st, &err))
        fail_msg("synth_population: %s %s", err.field, err.reason);
}

static sqlite3 *open_db(struct fixture *f)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    return db;
}

static double scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    double v;

    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_synth_ids_pass_the_validator_and_match_the_person(void **state)
{
    struct fixture *f = *state;
    struct synth_stats st;
    sqlite3 *db;
    sqlite3_stmt *q;
    long n = 0, residents_local = 0, residents = 0;

    make_grids(f);
    run(f, 3000, 42, &st);
    assert_int_equal(st.persons, 3000);
    db = open_db(f);
    assert_int_equal(sqlite3_prepare_v2(db,
                         "SELECT id_number, birth_days, sex, is_floating, grid FROM person",
                         -1, &q, NULL), SQLITE_OK);
    while (sqlite3_step(q) == SQLITE_ROW) {
        struct lf_err err = LF_ERR_INIT;
        struct id_number id;
        const char *num = (const char *)sqlite3_column_text(q, 0);
        const char *grid = (const char *)sqlite3_column_text(q, 4);
        int64_t birth = sqlite3_column_int64(q, 1);

        assert_non_null(num);
        if (validate_id_number(num, TODAY_DAYS, &id, "id_number", &err))
            fail_msg("%s: %s", num, err.reason);
        assert_string_equal(id.norm, num);
        assert_int_equal(strlen(num), 18);
        assert_int_equal(time_days_from_civil(id.year, (unsigned)id.month, (unsigned)id.day),
                         birth);
        assert_int_equal(id.sex, sqlite3_column_int(q, 2));
        if (!sqlite3_column_int(q, 3)) {
            residents++;
            residents_local += strncmp(num, grid, 6) == 0;
        } else {
            assert_true(strncmp(num, grid, 6) != 0); /* from another county */
        }
        n++;
    }
    sqlite3_finalize(q);
    assert_int_equal(n, 3000);
    assert_int_equal(residents_local, residents);
    /* unique: the column is UNIQUE, and none is missing */
    assert_int_equal(scalar(db, "SELECT count(DISTINCT id_number) FROM person"), 3000);
    sqlite3_close(db);
}

static void test_synth_households_floating_and_arrivals_look_real(void **state)
{
    struct fixture *f = *state;
    struct synth_stats st;
    double mean, floating, arrivals;
    sqlite3 *db;

    make_grids(f);
    run(f, 5000, 7, &st);
    db = open_db(f);
    mean = scalar(db, "SELECT avg(n_members) FROM household");
    assert_true(mean > 2.3 && mean < 2.9);
    assert_int_equal(scalar(db, "SELECT count(*) FROM household h WHERE n_members != "
                                "(SELECT count(*) FROM person WHERE household_id = h.id)"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM household h WHERE (SELECT count(*) "
                                "FROM person WHERE household_id = h.id AND flags & 16) != 1"),
                     0);
    floating = scalar(db, "SELECT avg(is_floating) FROM person");
    assert_true(floating >= 0.08 && floating <= 0.17);
    arrivals = scalar(db, "SELECT count(*) FROM arrival") / 5000.0;
    assert_true(arrivals >= 0.01 && arrivals <= 0.03);
    assert_int_equal(scalar(db, "SELECT count(*) FROM arrival a JOIN person p ON "
                                "p.id = a.person_id WHERE p.flags & 1 = 0"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM arrival"), st.arrivals);
    /* an age pyramid, not a block: children and the old both present */
    assert_true(scalar(db, "SELECT avg(birth_days > 19675 - 15 * 365) FROM person") > 0.08);
    assert_true(scalar(db, "SELECT avg(birth_days < 19675 - 65 * 365) FROM person") > 0.08);
    /* both sexes near 105:100 */
    assert_true(scalar(db, "SELECT avg(sex = 1) FROM person") > 0.45);
    assert_true(scalar(db, "SELECT avg(sex = 1) FROM person") < 0.56);
    /* every grid got people */
    assert_int_equal(scalar(db, "SELECT count(DISTINCT grid) FROM household"), 4);
    sqlite3_close(db);
}

static void digest(struct fixture *f, char out[65])
{
    sqlite3 *db = open_db(f);
    sqlite3_stmt *q;
    uint64_t h = 1469598103934665603ull;

    assert_int_equal(sqlite3_prepare_v2(db,
                         "SELECT id, household_id, name, id_number, phone, birth_days, "
                         "relation, flags FROM person ORDER BY id", -1, &q, NULL), SQLITE_OK);
    while (sqlite3_step(q) == SQLITE_ROW)
        for (int c = 0; c < 8; c++) {
            const unsigned char *t = sqlite3_column_text(q, c);
            for (; t && *t; t++)
                h = (h ^ *t) * 1099511628211ull;
            h = (h ^ '|') * 1099511628211ull;
        }
    sqlite3_finalize(q);
    sqlite3_close(db);
    snprintf(out, 65, "%016llx", (unsigned long long)h);
}

static void test_synth_same_seed_same_rows(void **state)
{
    struct fixture *f = *state;
    struct fixture *second;
    struct synth_stats st;
    char a[65], b[65], c[65];
    void *s2 = NULL;

    make_grids(f);
    run(f, 800, 99, &st);
    digest(f, a);
    assert_int_equal(fixture_setup(&s2), 0);
    second = s2;
    make_grids(second);
    run(second, 800, 99, &st);
    digest(second, b);
    assert_string_equal(a, b);
    fixture_teardown(&s2);
    assert_int_equal(fixture_setup(&s2), 0);
    second = s2;
    make_grids(second);
    run(second, 800, 100, &st);
    digest(second, c);
    assert_string_not_equal(a, c);
    fixture_teardown(&s2);
}

static void test_synth_only_for_the_system_caller(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct lf_who officer = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct synth_params p = { TOWN, 100, 1, TODAY_DAYS, NULL };
    struct synth_stats st;

    make_grids(f);
    assert_int_equal(synth_population(&f->ctx, &officer, &p, &st, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    assert_int_equal(fixture_count(f, "person"), 0);
    p.population = -1;
    err = (struct lf_err)LF_ERR_INIT;
    assert_int_equal(synth_population(&f->ctx, &f->admin, &p, &st, &err), -1);
    assert_int_equal(err.code, LF_ERR_INVALID);
    assert_string_equal(err.field, "population");
    p.population = 10;
    p.root = "419001001999";  /* no such node */
    err = (struct lf_err)LF_ERR_INIT;
    assert_int_equal(synth_population(&f->ctx, &f->admin, &p, &st, &err), -1);
    assert_string_equal(err.field, "root");
    assert_int_equal(fixture_count(f, "person"), 0);
}

int test_group_synth(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_synth_ids_pass_the_validator_and_match_the_person,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_synth_households_floating_and_arrivals_look_real,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_synth_same_seed_same_rows, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_synth_only_for_the_system_caller, fixture_setup,
                                        fixture_teardown),
    };
    return cmocka_run_group_tests_name("sim/synth", tests, NULL, NULL);
}
