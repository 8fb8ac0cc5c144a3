/*
 * tests/unit/sim/synth_move.c - the movement of src/sim/synth_move.c on a
 * small city (one street, two communities, four grids, 3,000 persons, 4
 * days ending at the fixture's clock): about one venue per 20 residents,
 * all approved with codes; every scan at one of them, between the first
 * day's start and now; about 5 scans a person a full day; checkpoints,
 * passes with checks, valid plates and vehicles of several persons; the
 * same seed gives the same rows; only the system caller may run it. And
 * the outbreak over it: every infector was infected before and, at a
 * venue, was there with an overlapping stay; the same seed, the same
 * infections.
 *
 * As in tests/unit/sim/synth.c, the checks read the database with SQL
 * (through the driver seam, so on the engine under test).
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
#include "sim/synth_move.h"
#include "core/validate.h"
#include "core/venue.h"
#include "store/db.h"
#include "fixture.h"
#include "groups.h"
#include "util/timeutil.h"

#define TOWN "419001001"
#define PERSONS 3000
#define DAYS 4

static void make_city(struct fixture *f, uint64_t seed)
{
    struct lf_err err = LF_ERR_INIT;
    struct node comm, grid;
    const char *comms[] = { "幸福社区", "东关村" };
    struct synth_params p = { TOWN, PERSONS, seed, 0, "data/divisions" };
    struct synth_stats st;

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
    p.today_days = lf_today_days(&f->ctx);
    if (synth_population(&f->ctx, &f->admin, &p, &st, &err))
        fail_msg("synth_population: %s %s", err.field, err.reason);
}

static void move(struct fixture *f, uint64_t seed, struct synth_move_stats *st)
{
    struct lf_err err = LF_ERR_INIT;
    struct synth_move_params p = { TOWN, DAYS, seed };

    if (synth_movement(&f->ctx, &f->admin, &p, st, &err))
        fail_msg("synth_movement: %s %s", err.field, err.reason);
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

static double scalar(struct db *db, const char *fmt, ...)
{
    struct db_stmt *st;
    char sql[1024];
    va_list ap;
    double v;

    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    st = query(db, sql);
    if (db_step(st) != DB_ROW)
        fail_msg("%s: %s", sql, db_errmsg(db));
    v = db_col_double(st, 0);
    db_finalize(st);
    return v;
}

static void test_synth_move_venues_one_per_20_residents_approved(void **state)
{
    struct fixture *f = *state;
    struct synth_move_stats st;
    struct db *db;

    make_city(f, 7);
    move(f, 7, &st);
    db = open_db(f);
    assert_int_equal(st.venues, PERSONS / 20);
    assert_int_equal(scalar(db, "SELECT count(*) FROM venue"), PERSONS / 20);
    assert_int_equal(scalar(db, "SELECT count(*) FROM venue WHERE status = 1 AND "
                                "length(code) = 16 AND node LIKE '" TOWN "%%'"), PERSONS / 20);
    /* several kinds, the names and addresses filled */
    assert_true(scalar(db, "SELECT count(DISTINCT type) FROM venue") >= 8);
    assert_int_equal(scalar(db, "SELECT count(*) FROM venue WHERE name = '' OR "
                                "address = '' OR length(contact_phone) <> 11"), 0);
    db_close(db);
}

static void test_synth_move_scans_at_approved_venues_within_the_days(void **state)
{
    struct fixture *f = *state;
    struct synth_move_stats st;
    int64_t today_start;
    double per_day;
    struct db *db;

    make_city(f, 7);
    move(f, 7, &st);
    db = open_db(f);
    today_start = lf_today_days(&f->ctx) * 86400 - TZ_SHANGHAI_OFFSET;
    assert_int_equal(st.from_utc, today_start - (DAYS - 1) * 86400);
    assert_int_equal(st.to_utc, FIXTURE_NOW);
    assert_true(st.scans > 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM scan"), st.scans);
    assert_int_equal(scalar(db, "SELECT count(*) FROM scan s LEFT JOIN venue v ON "
                                "v.id = s.venue_id WHERE v.id IS NULL OR v.status <> 1"), 0);
    assert_true(scalar(db, "SELECT min(at_utc) FROM scan") >= (double)st.from_utc);
    assert_true(scalar(db, "SELECT max(at_utc) FROM scan") < (double)FIXTURE_NOW);
    /* every scanner is a person of the ledger below the root */
    assert_int_equal(scalar(db, "SELECT count(*) FROM scan s LEFT JOIN person p ON "
                                "p.id = s.person_id WHERE p.grid IS NULL OR p.grid NOT LIKE '"
                                TOWN "%%'"), 0);
    /* about 5 a person on each full day (the days before today) */
    per_day = scalar(db, "SELECT count(*) FROM scan WHERE at_utc < %lld",
                     (long long)today_start) / PERSONS / (DAYS - 1);
    assert_true(per_day > 4.0 && per_day < 6.0);
    /* and most people scan somewhere each day */
    assert_true(scalar(db, "SELECT count(DISTINCT person_id) FROM scan WHERE at_utc < %lld "
                           "AND at_utc >= %lld", (long long)today_start,
                       (long long)(today_start - 86400)) > PERSONS * 0.8);
    db_close(db);
}

static void test_synth_move_checkpoints_passes_and_shared_vehicles(void **state)
{
    struct fixture *f = *state;
    struct synth_move_stats st;
    struct db_stmt *q;
    struct db *db;

    make_city(f, 7);
    move(f, 7, &st);
    db = open_db(f);
    assert_true(st.checkpoints >= 2);
    assert_int_equal(scalar(db, "SELECT count(*) FROM checkpoint"), st.checkpoints);
    assert_true(st.passes > 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM pass"), st.passes);
    assert_int_equal(scalar(db, "SELECT count(*) FROM pass p LEFT JOIN pass_check k "
                                "ON k.pass_id = p.id WHERE k.id IS NULL OR k.day <> p.day OR "
                                "p.person_id IS NULL"), 0);
    /* some plate carries several persons checked at the same second */
    assert_true(scalar(db, "SELECT max(n) FROM (SELECT count(DISTINCT p.person_id) n FROM "
                           "pass p JOIN pass_check k ON k.pass_id = p.id WHERE p.plate <> '' "
                           "GROUP BY p.plate, k.checkpoint_id, k.at_utc) x") >= 2);
    q = query(db, "SELECT plate FROM pass");
    while (db_step(q) == DB_ROW) {
        struct lf_err err = LF_ERR_INIT;
        char out[16];
        const char *plate = db_col_text(q, 0);
        if (validate_plate(plate, out, "plate", &err))
            fail_msg("plate %s: %s", plate, err.reason);
        assert_string_equal(out, plate);
    }
    db_finalize(q);
    db_close(db);
}

/* A digest of what the seed decides: venues, scans (by venue name and the
 * person's ID number, not ids alone), passes; not the random codes. */
static uint64_t digest(struct fixture *f)
{
    static const char *const sql[] = {
        "SELECT node || name || type || address || contact_name FROM venue ORDER BY id",
        "SELECT v.name || s.at_utc || p.id_number FROM scan s JOIN venue v ON "
        "v.id = s.venue_id JOIN person p ON p.id = s.person_id ORDER BY s.person_id, s.at_utc",
        "SELECT p.id_number || p.plate || p.day || k.at_utc || c.name FROM pass p JOIN "
        "pass_check k ON k.pass_id = p.id JOIN checkpoint c ON c.id = p.checkpoint_id "
        "ORDER BY p.id",
    };
    struct db *db = open_db(f);
    uint64_t h = 1469598103934665603ull;

    for (size_t i = 0; i < 3; i++) {
        struct db_stmt *q = query(db, sql[i]);
        while (db_step(q) == DB_ROW) {
            const unsigned char *t = (const unsigned char *)db_col_text(q, 0);
            for (; t && *t; t++)
                h = (h ^ *t) * 1099511628211ull;
        }
        db_finalize(q);
    }
    db_close(db);
    return h;
}

static void test_synth_move_same_seed_same_rows(void **state)
{
    struct fixture *f = *state;
    struct synth_move_stats st;
    void *s2 = NULL;
    uint64_t a, b, c;

    make_city(f, 7);
    move(f, 7, &st);
    a = digest(f);
    assert_int_equal(fixture_setup(&s2), 0);
    make_city(s2, 7);
    move(s2, 7, &st);
    b = digest(s2);
    fixture_teardown(&s2);
    assert_int_equal(fixture_setup(&s2), 0);
    make_city(s2, 7);
    move(s2, 8, &st);
    c = digest(s2);
    fixture_teardown(&s2);
    assert_true(a == b);
    assert_true(a != c);
}

static void test_synth_move_only_for_the_system_caller(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct lf_who officer = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct synth_move_params p = { TOWN, DAYS, 1 };
    struct synth_move_stats st;

    make_city(f, 7);
    assert_int_equal(synth_movement(&f->ctx, &officer, &p, &st, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    p.days = SYNTH_DAYS_MAX + 1;        /* beyond the scan retention */
    err = (struct lf_err)LF_ERR_INIT;
    assert_int_equal(synth_movement(&f->ctx, &f->admin, &p, &st, &err), -1);
    assert_string_equal(err.field, "days");
    p.days = 0;
    err = (struct lf_err)LF_ERR_INIT;
    assert_int_equal(synth_movement(&f->ctx, &f->admin, &p, &st, &err), -1);
    assert_string_equal(err.field, "days");
    assert_int_equal(fixture_count(f, "venue"), 0);
    assert_int_equal(fixture_count(f, "scan"), 0);
    assert_int_equal(fixture_audit_count(f, "synth.movement", 0), 1);  /* the denial */
}

static void outbreak(struct fixture *f, uint64_t seed, struct synth_outbreak_stats *st)
{
    struct lf_err err = LF_ERR_INIT;
    struct synth_move_params mp = { TOWN, 10, seed };
    struct synth_outbreak_params op = { TOWN, 10, seed, 20 };
    struct synth_move_stats ms;

    make_city(f, seed);
    if (synth_movement(&f->ctx, &f->admin, &mp, &ms, &err) ||
        synth_outbreak(&f->ctx, &f->admin, &op, st, &err))
        fail_msg("outbreak: %s %s", err.field, err.reason);
}

static void test_synth_outbreak_infectors_were_there_before(void **state)
{
    struct fixture *f = *state;
    struct synth_outbreak_stats st;
    struct db_stmt *q, *pair;
    struct db *db;
    long n_venue = 0;

    outbreak(f, 7, &st);
    db = open_db(f);
    assert_int_equal(st.seeds, 20);
    assert_true(st.infections > st.seeds);
    assert_int_equal(scalar(db, "SELECT count(*) FROM infection"), st.infections);
    assert_int_equal(scalar(db, "SELECT count(*) FROM infection WHERE kind = 'seed' AND "
                                "infector_id IS NULL AND venue_id IS NULL"), 20);
    /* every other one has an infector infected before it */
    assert_int_equal(scalar(db, "SELECT count(*) FROM infection i LEFT JOIN infection j ON "
                                "j.person_id = i.infector_id WHERE i.kind <> 'seed' AND "
                                "(j.person_id IS NULL OR j.infected_utc >= i.infected_utc)"), 0);
    /* households: the same household; onsets and detections in order, not after now */
    assert_int_equal(scalar(db, "SELECT count(*) FROM infection i JOIN person a ON a.id = "
                                "i.person_id JOIN person b ON b.id = i.infector_id WHERE "
                                "i.kind = 'household' AND (a.household_id <> b.household_id "
                                "OR i.venue_id IS NOT NULL)"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM infection WHERE onset_utc <= "
                                "infected_utc OR detected_utc <= infected_utc OR "
                                "onset_utc > %d OR detected_utc > %d", FIXTURE_NOW, FIXTURE_NOW), 0);
    /* venues: both scanned there with overlapping stays, the infection at the later scan */
    q = query(db, "SELECT i.person_id, i.infector_id, i.venue_id, v.type, i.infected_utc "
                  "FROM infection i JOIN venue v ON v.id = i.venue_id WHERE i.kind = 'venue'");
    pair = query(db, "SELECT count(*) FROM scan a JOIN scan b ON b.venue_id = a.venue_id "
                     "WHERE a.venue_id = ?1 AND a.person_id = ?2 AND b.person_id = ?3 AND "
                     "abs(a.at_utc - b.at_utc) < ?4 AND CASE WHEN a.at_utc > b.at_utc "
                     "THEN a.at_utc ELSE b.at_utc END = ?5");
    while (db_step(q) == DB_ROW) {
        db_reset(pair);
        db_bind_int(pair, 1, db_col_int(q, 2));
        db_bind_int(pair, 2, db_col_int(q, 1));
        db_bind_int(pair, 3, db_col_int(q, 0));
        db_bind_int(pair, 4, venue_type_stay_minutes((int)db_col_int(q, 3)) * 60);
        db_bind_int(pair, 5, db_col_int(q, 4));
        assert_int_equal(db_step(pair), DB_ROW);
        if (db_col_int(pair, 0) < 1)
            fail_msg("person %lld infected at venue %lld without an overlap with %lld",
                     (long long)db_col_int(q, 0), (long long)db_col_int(q, 2),
                     (long long)db_col_int(q, 1));
        n_venue++;
    }
    db_finalize(pair);
    db_finalize(q);
    assert_int_equal(n_venue, st.by_venue);
    assert_true(n_venue > 0);
    db_close(db);
}

static uint64_t infection_digest(struct fixture *f)
{
    struct db *db = open_db(f);
    struct db_stmt *q;
    uint64_t h = 1469598103934665603ull;

    q = query(db, "SELECT a.id_number || coalesce(b.id_number, '-') || i.kind || "
                  "i.infected_utc || coalesce(i.onset_utc, 0) || coalesce(i.detected_utc, 0) "
                  "FROM infection i JOIN person a ON a.id = i.person_id LEFT JOIN person b ON "
                  "b.id = i.infector_id ORDER BY a.id_number");
    while (db_step(q) == DB_ROW)
        for (const unsigned char *t = (const unsigned char *)db_col_text(q, 0); t && *t; t++)
            h = (h ^ *t) * 1099511628211ull;
    db_finalize(q);
    db_close(db);
    return h;
}

static void test_synth_outbreak_same_seed_same_infections(void **state)
{
    struct fixture *f = *state;
    struct synth_outbreak_stats st;
    struct lf_err err = LF_ERR_INIT;
    struct synth_outbreak_params op = { TOWN, 10, 7, 20 };
    void *s2 = NULL;
    uint64_t a, b;

    outbreak(f, 7, &st);
    a = infection_digest(f);
    assert_int_equal(fixture_setup(&s2), 0);
    outbreak(s2, 7, &st);
    b = infection_digest(s2);
    fixture_teardown(&s2);
    assert_true(a == b);
    /* a second outbreak over the first is refused */
    assert_int_equal(synth_outbreak(&f->ctx, &f->admin, &op, &st, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
}

/* The detected infections become cases, linked as the truth links them. */
static void test_synth_cases_from_detected_infections(void **state)
{
    struct fixture *f = *state;
    struct synth_outbreak_stats st;
    struct lf_err err = LF_ERR_INIT;
    struct lf_who sys = fixture_who(ROLE_SYSTEM, "419001");
    long n_cases, n_linked;
    struct db *db;

    outbreak(f, 7, &st);
    /* the command line's caller: an administrator may not report cases */
    assert_int_equal(synth_cases(&f->ctx, &f->admin, &n_cases, &n_linked, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    lf_err_clear(&err);
    if (synth_cases(&f->ctx, &sys, &n_cases, &n_linked, &err))
        fail_msg("cases: %s %s", err.field, err.reason);
    assert_true(st.detected > 0);
    assert_int_equal(n_cases, st.detected);
    db = open_db(f);
    assert_int_equal(scalar(db, "SELECT count(*) FROM epi_case"), st.detected);
    /* each case is a detected infection; onset exactly when the truth has one */
    assert_int_equal(scalar(db, "SELECT count(*) FROM epi_case c LEFT JOIN infection i ON "
                                "i.person_id = c.person_id WHERE i.detected_utc IS NULL OR "
                                "(i.onset_utc IS NULL) <> (c.onset_days IS NULL)"), 0);
    /* a link is the true infector's case, and every detected infector is linked */
    assert_int_equal(scalar(db, "SELECT count(*) FROM epi_case c WHERE source_case_id IS NOT NULL"),
                     n_linked);
    assert_int_equal(scalar(db, "SELECT count(*) FROM epi_case c JOIN epi_case s ON s.id = "
                                "c.source_case_id JOIN infection i ON i.person_id = c.person_id "
                                "WHERE i.infector_id IS DISTINCT FROM s.person_id"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM epi_case c JOIN infection i ON "
                                "i.person_id = c.person_id JOIN epi_case s ON s.person_id = "
                                "i.infector_id AND s.id < c.id WHERE c.source_case_id IS NULL"), 0);
    db_close(db);
}

int test_group_synth_move(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_synth_move_venues_one_per_20_residents_approved,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(
            test_synth_move_scans_at_approved_venues_within_the_days, fixture_setup,
            fixture_teardown),
        cmocka_unit_test_setup_teardown(test_synth_move_checkpoints_passes_and_shared_vehicles,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_synth_move_same_seed_same_rows, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_synth_move_only_for_the_system_caller,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_synth_outbreak_infectors_were_there_before,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_synth_outbreak_same_seed_same_infections,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_synth_cases_from_detected_infections,
                                        fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests_name("sim/synth_move", tests, NULL, NULL);
}
