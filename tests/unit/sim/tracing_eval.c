/*
 * tests/unit/sim/tracing_eval.c - tracing quality (src/sim/tracing_eval.c)
 * on a tiny hand-made outbreak whose answer is known: case 1 infected two
 * people at a restaurant it scanned with them, one at home, one at a shop
 * where they overlapped ten minutes (missed unless the minimum overlap is
 * lower), one who never scanned but lives with a close contact (found only
 * as a secondary contact), and one before its window (not counted). Case 4
 * infected nobody. Recall and cost exactly, under the default rules and
 * the alternatives; the limit on cases; a database with no outbreak.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "sim/tracing_eval.h"
#include "fixture.h"
#include "groups.h"
#include "store/store.h"

#define M 60
#define H 3600
#define D 86400
#define D0 1699920000LL          /* 2023-11-14T00:00:00Z */
#define AT(d, h, m) (D0 + (d) * D + (h) * H + (m) * M)

enum { SUPERMARKET = 1, RESTAURANT = 2 };
enum { SET_DEFAULT, SET_OVERLAP_5, SET_OVERLAP_30, SET_NO_HOUSEHOLD, SET_NO_SECONDARY,
       SET_STAY_60 };

static void scan(struct fixture *f, int venue, long long at, int person)
{
    fixture_sql(f, "INSERT INTO scan(venue_id, at_utc, person_id) VALUES (%d, %lld, %d)", venue,
        at, person);
}

/* onset or detected 0: NULL */
static void infection(struct fixture *f, int person, int infector, int venue,
                      const char *kind, long long infected, long long onset,
                      long long detected)
{
    char a[32], b[32], c[32], d[32];

    snprintf(a, sizeof(a), infector ? "%d" : "NULL", infector);
    snprintf(b, sizeof(b), venue ? "%d" : "NULL", venue);
    snprintf(c, sizeof(c), onset ? "%lld" : "NULL", onset);
    snprintf(d, sizeof(d), detected ? "%lld" : "NULL", detected);
    fixture_sql(f, "INSERT INTO infection(person_id, infector_id, venue_id, kind, infected_utc, "
           "onset_utc, detected_utc) VALUES (%d, %s, %s, '%s', %lld, %s, %s)",
        person, a, b, kind, infected, c, d);
}

/*
 * Persons 1..10. Household 1: 1 (the case), 4, 9. Household 2: 7, 8.
 * Case 1: onset day 5, detected day 6: window [day 1, day 6) by default.
 *   restaurant day 2 10:00 with 2 (10:10), 3 (10:20), 7 (10:00): close;
 *   shop day 4 09:00 with 6 (09:20): 10 minutes, below the default 15;
 *   household 4, 9: close; 8 (7's household): secondary.
 *   infected: 2, 3 (venue), 4 (household), 6 (venue), 8 (venue, never
 *   scanned), 5 (day 0, before the window).
 * Case 4: no onset, detected day 7: window [day 3, day 7); household 1, 9.
 */
static void setup_outbreak(struct fixture *f)
{
    int p;

    fixture_sql(f, "INSERT INTO household(id, grid, address, n_members, created_utc, updated_utc) "
           "VALUES (1, '419001', 'a', 0, 0, 0), (2, '419001', 'b', 0, 0, 0)");
    for (p = 1; p <= 10; p++)
        fixture_sql(f, "INSERT INTO person(id, household_id, grid, name, id_number, sex, "
               "created_utc, updated_utc) VALUES (%d, %s, '419001', 'p%d', 'ID%02d', 1, 0, 0)",
            p, p == 1 || p == 4 || p == 9 ? "1" : p == 7 || p == 8 ? "2" : "NULL", p, p);
    fixture_sql(f, "INSERT INTO venue(id, node, name, type, address, contact_name, contact_phone, "
           "status, code, created_utc) VALUES "
           "(1, '419001', 'shop', 1, 'x', 'c', '13800138000', 1, 'C1', 0), "
           "(2, '419001', 'restaurant', 2, 'x', 'c', '13800138000', 1, 'C2', 0)");
    scan(f, RESTAURANT, AT(2, 10, 0), 1);
    scan(f, RESTAURANT, AT(2, 10, 10), 2);
    scan(f, RESTAURANT, AT(2, 10, 20), 3);
    scan(f, RESTAURANT, AT(2, 10, 0), 7);
    scan(f, SUPERMARKET, AT(4, 9, 0), 1);
    scan(f, SUPERMARKET, AT(4, 9, 20), 6);

    infection(f, 1, 0, 0, "seed", AT(0, 0, 0), AT(5, 0, 0), AT(6, 0, 0));
    infection(f, 2, 1, RESTAURANT, "venue", AT(2, 10, 30), 0, 0);
    infection(f, 3, 1, RESTAURANT, "venue", AT(2, 10, 30), AT(5, 0, 0), 0);
    infection(f, 4, 1, 0, "household", AT(3, 0, 0), 0, AT(7, 0, 0));
    infection(f, 5, 1, 0, "venue", AT(0, 12, 0), 0, 0);
    infection(f, 6, 1, SUPERMARKET, "venue", AT(4, 9, 25), 0, 0);
    infection(f, 8, 1, RESTAURANT, "venue", AT(2, 10, 30), 0, 0);
}

static int run(struct fixture *f, long max_cases, struct tracing_eval_result *res,
               struct lf_err *err)
{
    struct tracing_eval_set sets[TRACING_EVAL_N_SETS];
    struct store_tx *tx = store_begin(f->ctx.store, STORE_READ, err);
    int rc;

    assert_non_null(tx);
    tracing_eval_sets_default(sets);
    rc = tracing_eval_run(tx, sets, TRACING_EVAL_N_SETS, max_cases, res, err);
    store_tx_free(tx);
    return rc;
}

static void test_tracing_eval_recall_and_cost(void **state)
{
    struct fixture *f = *state;
    struct tracing_eval_result res[TRACING_EVAL_N_SETS], *r;
    struct lf_err err = LF_ERR_INIT;

    setup_outbreak(f);
    if (run(f, 0, res, &err))
        fail_msg("%s: %s", err.field, err.reason);

    /* default: 2, 3, 4 close, 8 secondary, 6 missed; 5 outside the window.
     * Named: case 1 2 3 4 7 9 close and 8; case 4 1 9 close. */
    r = &res[SET_DEFAULT];
    assert_string_equal(r->name, "default");
    assert_int_equal(r->n_cases, 2);
    assert_int_equal(r->n_infectees, 5);
    assert_int_equal(r->n_found_close, 3);
    assert_int_equal(r->n_found, 4);
    assert_int_equal(r->n_named_close, 7);
    assert_int_equal(r->n_named, 8);
    assert_int_equal(r->n_by_kind[INFECTION_VENUE], 4);
    assert_int_equal(r->n_found_by_kind[INFECTION_VENUE], 3);
    assert_int_equal(r->n_by_kind[INFECTION_HOUSEHOLD], 1);
    assert_int_equal(r->n_found_by_kind[INFECTION_HOUSEHOLD], 1);

    /* five minutes together is enough: 6 found too, and named */
    r = &res[SET_OVERLAP_5];
    assert_int_equal(r->n_found_close, 4);
    assert_int_equal(r->n_found, 5);
    assert_int_equal(r->n_named, 9);
    assert_int_equal(r->n_found_by_kind[INFECTION_VENUE], 4);

    /* thirty minutes: 3 (40 minutes) still, 2 (50) still; the same */
    r = &res[SET_OVERLAP_30];
    assert_int_equal(r->n_found, 4);
    assert_int_equal(r->n_named, 8);

    /* no household rule: 4 lost, and the household contacts not named */
    r = &res[SET_NO_HOUSEHOLD];
    assert_int_equal(r->n_infectees, 5);
    assert_int_equal(r->n_found_close, 2);
    assert_int_equal(r->n_found, 3);
    assert_int_equal(r->n_named_close, 3);
    assert_int_equal(r->n_named, 4);
    assert_int_equal(r->n_found_by_kind[INFECTION_HOUSEHOLD], 0);
    assert_int_equal(r->n_found_by_kind[INFECTION_VENUE], 3);

    /* no secondary contacts: 8 lost, one fewer named */
    r = &res[SET_NO_SECONDARY];
    assert_int_equal(r->n_found_close, 3);
    assert_int_equal(r->n_found, 3);
    assert_int_equal(r->n_named, 7);

    /* every stay an hour: 6 overlaps 40 minutes at the shop */
    r = &res[SET_STAY_60];
    assert_int_equal(r->n_found, 5);
    assert_int_equal(r->n_named, 9);
}

static void test_tracing_eval_limits_cases_in_order_of_detection(void **state)
{
    struct fixture *f = *state;
    struct tracing_eval_result res[TRACING_EVAL_N_SETS];
    struct lf_err err = LF_ERR_INIT;

    setup_outbreak(f);
    /* case 1 is detected first (day 6, case 4 day 7) */
    assert_int_equal(run(f, 1, res, &err), 0);
    assert_int_equal(res[SET_DEFAULT].n_cases, 1);
    assert_int_equal(res[SET_DEFAULT].n_infectees, 5);
    assert_int_equal(res[SET_DEFAULT].n_named, 6);
}

static void test_tracing_eval_shorter_window_counts_fewer(void **state)
{
    struct fixture *f = *state;
    struct tracing_eval_set set;
    struct tracing_eval_result r;
    struct lf_err err = LF_ERR_INIT;
    struct store_tx *tx;

    setup_outbreak(f);
    /* one day before onset: [day 4, day 6) for case 1; only 6 inside,
     * and missed; case 4's window is [day 6, day 7) */
    set.name = "one_day";
    tracing_rules_default(&set.rules);
    set.rules.days_before_onset = 1;
    assert_non_null(tx = store_begin(f->ctx.store, STORE_READ, &err));
    assert_int_equal(tracing_eval_run(tx, &set, 1, 0, &r, &err), 0);
    store_tx_free(tx);
    assert_int_equal(r.n_cases, 2);
    assert_int_equal(r.n_infectees, 1);
    assert_int_equal(r.n_found, 0);
    assert_int_equal(r.n_named, 4);          /* 4 9 and 1 9 */

    /* bad rules are refused, naming the set */
    set.rules.min_overlap_minutes = -1;
    assert_non_null(tx = store_begin(f->ctx.store, STORE_READ, &err));
    assert_int_equal(tracing_eval_run(tx, &set, 1, 0, &r, &err), -1);
    store_tx_free(tx);
    assert_int_equal(err.code, LF_ERR_INVALID);
    assert_string_equal(err.field, "one_day.min_overlap_minutes");
}

static void test_tracing_eval_needs_an_outbreak(void **state)
{
    struct fixture *f = *state;
    struct tracing_eval_result res[TRACING_EVAL_N_SETS];
    struct lf_err err = LF_ERR_INIT;

    /* an infection table with nobody detected */
    fixture_sql(f, "INSERT INTO household(id, grid, address, n_members, created_utc, updated_utc) "
           "VALUES (1, '419001', 'a', 0, 0, 0)");
    fixture_sql(f, "INSERT INTO person(id, household_id, grid, name, id_number, sex, created_utc, "
           "updated_utc) VALUES (1, 1, '419001', 'p1', 'ID01', 1, 0, 0)");
    infection(f, 1, 0, 0, "seed", AT(0, 0, 0), AT(2, 0, 0), 0);
    assert_int_equal(run(f, 0, res, &err), -1);
    assert_int_equal(err.code, LF_ERR_NOTFOUND);
    assert_string_equal(err.field, "infection");
    assert_non_null(strstr(err.reason, "lianfang demo --outbreak"));

    /* no table at all (a file from before the outbreak schema) */
    lf_err_clear(&err);
    fixture_sql(f, "DROP TABLE infection");
    assert_int_equal(run(f, 0, res, &err), -1);
    assert_int_equal(err.code, LF_ERR_NOTFOUND);
    assert_string_equal(err.field, "infection");
    assert_non_null(strstr(err.reason, "no outbreak"));
}

int test_group_tracing_eval(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tracing_eval_recall_and_cost, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_tracing_eval_limits_cases_in_order_of_detection,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_tracing_eval_shorter_window_counts_fewer,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_tracing_eval_needs_an_outbreak, fixture_setup,
                                        fixture_teardown),
    };
    return cmocka_run_group_tests_name("sim/tracing_eval", tests, NULL, NULL);
}
