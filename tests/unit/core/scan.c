/*
 * tests/unit/core/scan.c - venue scans of src/core/scan.c: validation names
 * the item and field; a batch lands all or nothing (an unapproved or
 * unknown venue anywhere refuses it); the same batch twice adds nothing; an
 * unknown ID number becomes a person without household whom the ledger
 * later adopts; purge removes old scans and nothing newer; trajectories
 * are scoped and audited.
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
#include "core/scan.h"
#include "fixture.h"
#include "groups.h"
#include "util/timeutil.h"

/* FIXTURE_NOW is 2023-11-15 06:13:20 in Shanghai */
#define T_RECENT "2023-11-14T09:30:00+08:00"
#define T_OLD "2023-11-01T09:30:00+08:00"

static void sql(struct fixture *f, const char *q)
{
    fixture_sql(f, "%s", q);
}

/* venue 1 approved, venue 2 still applied for; a grid with one resident */
static void setup_city(struct fixture *f, char grid_out[NODE_CODE_MAX])
{
    struct lf_err err = LF_ERR_INIT;
    struct node comm, grid;
    struct node_in cin = { NULL, "community", "幸福社区", "419001001" };
    struct node_in gin = { NULL, "grid", "第一网格", NULL };

    if (node_create(&f->ctx, &f->admin, &cin, &comm, &err))
        fail_msg("%s", err.reason);
    gin.parent = comm.code;
    if (node_create(&f->ctx, &f->admin, &gin, &grid, &err))
        fail_msg("%s", err.reason);
    snprintf(grid_out, NODE_CODE_MAX, "%s", grid.code);
    sql(f, "INSERT INTO venue(id, node, name, type, address, contact_name, contact_phone, status, code, created_utc) "
           "VALUES (1, '419001001', '好又多超市', 1, '建设路1号', '张三', '13800138000', 1, 'CODE1', 0), "
           "(2, '419001001', '待审场所', 1, '建设路2号', '张三', '13800138000', 0, NULL, 0)");
}

static long count(struct fixture *f, const char *table)
{
    return fixture_count(f, table);
}

static void test_scan_validation_names_item_and_field(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct scan_batch b;
    struct scan_in in[3] = {
        { 1, NULL, "11010519491231002X", NULL, NULL, T_RECENT },
        { 1, NULL, "110105194912310021", NULL, NULL, T_RECENT },  /* bad check digit */
        { 1, NULL, "11010519491231002X", NULL, NULL, T_RECENT },
    };

    assert_int_equal(scan_batch_validate(&f->ctx, in, 3, &b, &err), -1);
    assert_string_equal(err.field, "scans[1].id_number");
    assert_null(b.items);
    in[1].id_number = "11010519491231002x";
    in[2].at = "2023-11-16T09:00:00+08:00";     /* tomorrow */
    lf_err_clear(&err);
    assert_int_equal(scan_batch_validate(&f->ctx, in, 3, &b, &err), -1);
    assert_string_equal(err.field, "scans[2].at");
    in[2].at = T_OLD;                            /* 14 days old: fine */
    in[0].at = "2023-10-01T09:00:00+08:00";      /* beyond the retention */
    lf_err_clear(&err);
    assert_int_equal(scan_batch_validate(&f->ctx, in, 3, &b, &err), -1);
    assert_string_equal(err.field, "scans[0].at");
    in[0].at = "yesterday";
    lf_err_clear(&err);
    assert_int_equal(scan_batch_validate(&f->ctx, in, 3, &b, &err), -1);
    assert_string_equal(err.field, "scans[0].at");
    in[0].at = T_RECENT;
    in[0].venue_id = 0;
    lf_err_clear(&err);
    assert_int_equal(scan_batch_validate(&f->ctx, in, 3, &b, &err), -1);
    assert_string_equal(err.field, "scans[0].venue");
    in[0].venue_id = 1;
    lf_err_clear(&err);
    assert_int_equal(scan_batch_validate(&f->ctx, in, 3, &b, &err), 0);
    assert_int_equal(b.n, 3);
    assert_string_equal(b.items[1].id_number, "11010519491231002X");  /* normalised */
    assert_int_equal(b.items[1].sex, 2);
    scan_batch_free(&b);
}

static void test_scan_batch_all_or_nothing_and_idempotent(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct lf_who ingest = fixture_who(ROLE_ADMIN, "419001");
    struct lf_who officer = fixture_who(ROLE_TOWN_OFFICER, "419001001");
    struct scan_batch b;
    struct scan_result res;
    char grid[NODE_CODE_MAX];
    struct scan_in in[2] = {
        { 1, NULL, "11010519491231002X", "访客", NULL, T_RECENT },
        { 2, NULL, "130503196704010016", NULL, NULL, T_RECENT },   /* venue not approved */
    };

    setup_city(f, grid);
    assert_int_equal(scan_batch_validate(&f->ctx, in, 2, &b, &err), 0);
    assert_int_equal(scan_batch_store(&f->ctx, &ingest, &b, &res, &err), -1);
    assert_string_equal(err.field, "scans[1].venue");
    assert_int_equal(count(f, "scan"), 0);
    assert_int_equal(count(f, "person"), 0);      /* the visitor of item 0 rolled back */
    scan_batch_free(&b);

    in[1].venue_id = 1;
    lf_err_clear(&err);
    assert_int_equal(scan_batch_validate(&f->ctx, in, 2, &b, &err), 0);
    assert_int_equal(scan_batch_store(&f->ctx, &officer, &b, &res, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);  /* ingest is not an officer's */
    lf_err_clear(&err);
    assert_int_equal(scan_batch_store(&f->ctx, &ingest, &b, &res, &err), 0);
    assert_int_equal(res.added, 2);
    assert_int_equal(res.new_persons, 2);
    assert_int_equal(count(f, "scan"), 2);
    /* sent again after a lost reply: nothing new */
    assert_int_equal(scan_batch_store(&f->ctx, &ingest, &b, &res, &err), 0);
    assert_int_equal(res.added, 0);
    assert_int_equal(res.duplicates, 2);
    assert_int_equal(count(f, "scan"), 2);
    assert_int_equal(count(f, "person"), 2);
    assert_int_equal(fixture_audit_count(f, "scan.ingest", 1), 2);
    assert_int_equal(fixture_audit_count(f, "scan.ingest", 0), 1);  /* the denial */
    scan_batch_free(&b);
}

static void test_scan_visitor_is_adopted_by_the_ledger(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, "419001001");
    struct scan_in in = { 0, "CODE1", "11010519491231002X", "张三", "13800138000", NULL };
    struct household_in hin = { NULL, "幸福小区1号楼" };
    struct person_in pin = { 0 };
    struct person_out pout;
    struct household h;
    char grid[NODE_CODE_MAX];
    int64_t venue, at, first_person;

    setup_city(f, grid);
    assert_int_equal(scan_self(&f->ctx, &in, &venue, &at, &err), 0);
    assert_int_equal(venue, 1);
    assert_int_equal(at, FIXTURE_NOW);
    assert_int_equal(count(f, "person"), 1);
    first_person = 1;
    /* the page cannot choose the time, nor an unapproved venue */
    in.venue_code = "NOPE";
    assert_int_equal(scan_self(&f->ctx, &in, &venue, &at, &err), -1);
    assert_int_equal(err.code, LF_ERR_NOTFOUND);
    assert_string_equal(err.field, "venue");
    in.venue_code = "CODE1";
    in.name = "";
    lf_err_clear(&err);
    assert_int_equal(scan_self(&f->ctx, &in, &venue, &at, &err), -1);
    assert_string_equal(err.field, "name");
    assert_int_equal(count(f, "scan"), 1);

    /* registered in a household later: the same row, now in the ledger */
    hin.grid = grid;
    lf_err_clear(&err);
    assert_int_equal(household_create(&f->ctx, &town, &hin, &h, &err), 0);
    pin.household_id = h.id;
    pin.name = "张三";
    pin.id_number = "11010519491231002X";
    pin.is_head = 1;
    assert_int_equal(person_create(&f->ctx, &town, &pin, &pout, &err), 0);
    assert_int_equal(pout.p.id, first_person);
    assert_int_equal(count(f, "person"), 1);
    /* a second registration of the number is a conflict as before */
    assert_int_equal(person_create(&f->ctx, &town, &pin, &pout, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_string_equal(err.field, "id_number");
}

static void test_scan_purge_and_trajectory(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct lf_who ingest = fixture_who(ROLE_ADMIN, "419001");
    struct lf_who epi = fixture_who(ROLE_EPIDEMIOLOGIST, "419001");
    struct lf_who epi_town = fixture_who(ROLE_EPIDEMIOLOGIST, "419001002");
    struct lf_who grid_worker = fixture_who(ROLE_GRID_WORKER, "419001");
    struct scan_in in[2] = {
        { 1, NULL, "11010519491231002X", NULL, NULL, T_OLD },
        { 1, NULL, "11010519491231002X", NULL, NULL, T_RECENT },
    };
    struct scan_batch b;
    struct scan_result res;
    struct scan_stop_list stops;
    struct person p;
    char grid[NODE_CODE_MAX];
    long deleted;

    setup_city(f, grid);
    assert_int_equal(scan_batch_validate(&f->ctx, in, 2, &b, &err), 0);
    assert_int_equal(scan_batch_store(&f->ctx, &ingest, &b, &res, &err), 0);
    scan_batch_free(&b);

    assert_int_equal(scan_trajectory(&f->ctx, &epi, 1, 0, 0, &p, &stops, &err), 0);
    assert_int_equal(stops.n, 2);
    assert_string_equal(stops.items[0].venue_name, "好又多超市");
    assert_true(stops.items[0].at_utc < stops.items[1].at_utc);
    scan_stop_list_free(&stops);
    /* a visitor has no grid: not for a town's epidemiologist, not without
     * the permission */
    assert_int_equal(scan_trajectory(&f->ctx, &epi_town, 1, 0, 0, &p, &stops, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    lf_err_clear(&err);
    assert_int_equal(scan_trajectory(&f->ctx, &grid_worker, 1, 0, 0, &p, &stops, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    lf_err_clear(&err);
    assert_int_equal(fixture_audit_count(f, "trajectory.read", 1), 1);

    /* 10 days: the scan of 11-01 goes, the one of 11-14 stays */
    assert_int_equal(scan_purge(&f->ctx, &ingest, 0, &deleted, &err), -1);
    assert_string_equal(err.field, "days");
    lf_err_clear(&err);
    assert_int_equal(scan_purge(&f->ctx, &ingest, 10, &deleted, &err), 0);
    assert_int_equal(deleted, 1);
    assert_int_equal(count(f, "scan"), 1);
    assert_int_equal(scan_purge(&f->ctx, &ingest, 1, &deleted, &err), 0);
    assert_int_equal(deleted, 0);                 /* yesterday is 1 day old */
    assert_int_equal(count(f, "scan"), 1);
    assert_int_equal(fixture_audit_count(f, "scan.purge", 1), 2);
}

int test_group_scan(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_scan_validation_names_item_and_field,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_scan_batch_all_or_nothing_and_idempotent,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_scan_visitor_is_adopted_by_the_ledger,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_scan_purge_and_trajectory, fixture_setup,
                                        fixture_teardown),
    };
    return cmocka_run_group_tests_name("core/scan", tests, NULL, NULL);
}
