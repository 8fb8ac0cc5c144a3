/*
 * tests/unit/sim/synth.c - the synthetic population of src/sim/synth.c on
 * a small tree (one street, two communities, four grids): every ID number
 * passes the validator and carries the person's region, birth date and sex;
 * household sizes, floating share and arrivals are in their ranges; every
 * household has one head and the right member count; the same seed gives
 * the same rows; only the system caller may run it.
 *
 * The checks read the database with SQL (through the driver seam, so on the
 * engine under test): they look at what the store wrote, not at what the
 * generator believes it wrote.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/node.h"
#include "core/types/audit.h"
#include "core/types/node.h"
#include "sim/synth.h"
#include "core/validate.h"
#include "store/db.h"
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

static struct db *open_db(struct fixture *f)
{
    struct lf_err err = LF_ERR_INIT;
    struct db *db = db_open(f->path, DB_READONLY, &err);

    if (!db)
        fail_msg("%s: %s", f->path, err.reason);
    return db;
}

static struct db_stmt *query(struct db *db, const char *sql)
{
    struct lf_err err = LF_ERR_INIT;
    struct db_stmt *st = db_prepare_once(db, sql, &err);

    if (!st)
        fail_msg("%s: %s", sql, db_errmsg(db));
    return st;
}

static double scalar(struct db *db, const char *sql)
{
    struct db_stmt *st = query(db, sql);
    double v;

    if (db_step(st) != DB_ROW)
        fail_msg("%s: %s", sql, db_errmsg(db));
    v = db_col_double(st, 0);
    db_finalize(st);
    return v;
}

static void test_synth_ids_pass_the_validator_and_match_the_person(void **state)
{
    struct fixture *f = *state;
    struct synth_stats st;
    struct db *db;
    struct db_stmt *q;
    long n = 0, residents_local = 0, residents = 0;

    make_grids(f);
    run(f, 3000, 42, &st);
    assert_int_equal(st.persons, 3000);
    db = open_db(f);
    q = query(db, "SELECT id_number, birth_days, sex, is_floating, grid FROM person");
    while (db_step(q) == DB_ROW) {
        struct lf_err err = LF_ERR_INIT;
        struct id_number id;
        const char *num = db_col_text(q, 0);
        const char *grid = db_col_text(q, 4);
        int64_t birth = db_col_int(q, 1);

        assert_non_null(num);
        if (validate_id_number(num, TODAY_DAYS, &id, "id_number", &err))
            fail_msg("%s: %s", num, err.reason);
        assert_string_equal(id.norm, num);
        assert_int_equal(strlen(num), 18);
        assert_int_equal(time_days_from_civil(id.year, (unsigned)id.month, (unsigned)id.day),
                         birth);
        assert_int_equal(id.sex, db_col_int(q, 2));
        if (!db_col_int(q, 3)) {
            residents++;
            residents_local += strncmp(num, grid, 6) == 0;
        } else {
            assert_true(strncmp(num, grid, 6) != 0); /* from another county */
        }
        n++;
    }
    db_finalize(q);
    assert_int_equal(n, 3000);
    assert_int_equal(residents_local, residents);
    /* unique: the column is UNIQUE, and none is missing */
    assert_int_equal(scalar(db, "SELECT count(DISTINCT id_number) FROM person"), 3000);
    db_close(db);
}

static void test_synth_households_floating_and_arrivals_look_real(void **state)
{
    struct fixture *f = *state;
    struct synth_stats st;
    double mean, floating, arrivals;
    struct db *db;

    make_grids(f);
    run(f, 5000, 7, &st);
    db = open_db(f);
    mean = scalar(db, "SELECT avg(n_members) FROM household");
    assert_true(mean > 2.3 && mean < 2.9);
    assert_int_equal(scalar(db, "SELECT count(*) FROM household h WHERE n_members != "
                                "(SELECT count(*) FROM person WHERE household_id = h.id)"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM household h WHERE (SELECT count(*) "
                                "FROM person WHERE household_id = h.id AND flags & 16 <> 0) <> 1"),
                     0);
    floating = scalar(db, "SELECT avg(is_floating) FROM person");
    assert_true(floating >= 0.08 && floating <= 0.17);
    arrivals = scalar(db, "SELECT count(*) FROM arrival") / 5000.0;
    assert_true(arrivals >= 0.01 && arrivals <= 0.03);
    assert_int_equal(scalar(db, "SELECT count(*) FROM arrival a JOIN person p ON "
                                "p.id = a.person_id WHERE p.flags & 1 = 0"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM arrival"), st.arrivals);
    /* an age pyramid, not a block: children and the old both present */
    assert_true(scalar(db, "SELECT avg(CASE WHEN birth_days > 19675 - 15 * 365 THEN 1.0 ELSE 0 END) "
                           "FROM person") > 0.08);
    assert_true(scalar(db, "SELECT avg(CASE WHEN birth_days < 19675 - 65 * 365 THEN 1.0 ELSE 0 END) "
                           "FROM person") > 0.08);
    /* both sexes near 105:100 */
    assert_true(scalar(db, "SELECT avg(CASE WHEN sex = 1 THEN 1.0 ELSE 0 END) FROM person") > 0.45);
    assert_true(scalar(db, "SELECT avg(CASE WHEN sex = 1 THEN 1.0 ELSE 0 END) FROM person") < 0.56);
    /* every grid got people */
    assert_int_equal(scalar(db, "SELECT count(DISTINCT grid) FROM household"), 4);
    db_close(db);
}

static void digest(struct fixture *f, char out[65])
{
    struct db *db = open_db(f);
    struct db_stmt *q;
    uint64_t h = 1469598103934665603ull;

    q = query(db, "SELECT id, household_id, name, id_number, phone, birth_days, "
                  "relation, flags FROM person ORDER BY id");
    while (db_step(q) == DB_ROW)
        for (int c = 0; c < 8; c++) {
            const unsigned char *t = (const unsigned char *)db_col_text(q, c);
            for (; t && *t; t++)
                h = (h ^ *t) * 1099511628211ull;
            h = (h ^ '|') * 1099511628211ull;
        }
    db_finalize(q);
    db_close(db);
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
