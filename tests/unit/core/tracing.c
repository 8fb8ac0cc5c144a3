/*
 * tests/unit/core/tracing.c - the contact engine of src/core/tracing.c on
 * small hand-built timelines (rows put in by SQL): overlap at its edges
 * (exactly the minimum, a minute less, touching stays, minimum 0), a stay
 * across midnight, the window's limits, households, a shared vehicle
 * within and outside its window, secondary contacts, the index person
 * left out, a person met twice proposed once with n_encounters 2, the
 * order of the proposals, stays from manual trajectory entries and invalid
 * rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/tracing.h"
#include "fixture.h"
#include "groups.h"
#include "store/store.h"

#define M 60
#define H 3600
#define D0 1699920000            /* 2023-11-14T00:00:00Z, 08:00 in Shanghai */
#define AT(h, m) ((int64_t)D0 + (h) * H + (m) * M)
#define INDEX 1

/* venue types: 1 supermarket 30 min, 2 restaurant 60, 6 factory 480 */
enum { SUPERMARKET = 1, RESTAURANT = 2, FACTORY = 3 };

/* Persons 1..30; person p's household is hh[p] (0: none). Venues 1-3. */
static void setup_city(struct fixture *f, const int *hh, int n)
{
    int p;

    fixture_sql(f, "INSERT INTO household(id, grid, address, n_members, created_utc, updated_utc) "
           "VALUES (1, '419001', 'a', 0, 0, 0), (2, '419001', 'b', 0, 0, 0), "
           "(3, '419001', 'c', 0, 0, 0)");
    for (p = 1; p <= 30; p++)
        fixture_sql(f, "INSERT INTO person(id, household_id, grid, name, id_number, sex, "
               "created_utc, updated_utc) VALUES (%d, %s, '419001', 'p%d', 'ID%02d', 1, 0, 0)",
            p, p < n && hh[p] ? (hh[p] == 1 ? "1" : hh[p] == 2 ? "2" : "3") : "NULL", p, p);
    fixture_sql(f, "INSERT INTO venue(id, node, name, type, address, contact_name, contact_phone, "
           "status, code, created_utc) VALUES "
           "(1, '419001', 'shop', 1, 'x', 'c', '13800138000', 1, 'C1', 0), "
           "(2, '419001', 'restaurant', 2, 'x', 'c', '13800138000', 1, 'C2', 0), "
           "(3, '419001', 'factory', 6, 'x', 'c', '13800138000', 1, 'C3', 0)");
}

static void scan(struct fixture *f, int venue, int64_t at, int person)
{
    fixture_sql(f, "INSERT INTO scan(venue_id, at_utc, person_id) VALUES (%d, %lld, %d)", venue,
        (long long)at, person);
}

static void find(struct fixture *f, int64_t person, int64_t from, int64_t to,
                 const struct tracing_rules *r, struct contact_proposal_list *out)
{
    struct lf_err err = LF_ERR_INIT;
    struct store_tx *tx = store_begin(f->ctx.store, STORE_READ, &err);

    struct tracing_index *ix;
    struct contact_proposal_list again;
    size_t i;

    assert_non_null(tx);
    if (tracing_find(tx, person, from, to, r, out, &err))
        fail_msg("tracing_find: %s: %s", err.field, err.reason);
    /* the same through an in-memory index of part of the time: probes
     * straddle its limits, the rest comes from the store */
    if (tracing_index_load(tx, AT(1, 50), AT(16, 20), 1 << 20, &ix, &err) ||
        tracing_find_with(ix, tx, person, from, to, r, &again, &err))
        fail_msg("with the index: %s: %s", err.field, err.reason);
    assert_int_equal(again.n, out->n);
    for (i = 0; i < out->n; i++) {
        const struct contact_proposal *a = &out->items[i], *b = &again.items[i];
        assert_int_equal(a->person_id, b->person_id);
        assert_int_equal(a->kind, b->kind);
        assert_int_equal(a->via_person_id, b->via_person_id);
        assert_int_equal(a->venue_id, b->venue_id);
        assert_int_equal(a->checkpoint_id, b->checkpoint_id);
        assert_string_equal(a->plate, b->plate);
        assert_int_equal(a->from_utc, b->from_utc);
        assert_int_equal(a->to_utc, b->to_utc);
        assert_int_equal(a->overlap_minutes, b->overlap_minutes);
        assert_int_equal(a->n_encounters, b->n_encounters);
    }
    contact_proposal_list_free(&again);
    tracing_index_free(ix);
    store_tx_free(tx);
}

static const struct contact_proposal *get(const struct contact_proposal_list *l,
                                          int64_t person)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (l->items[i].person_id == person)
            return &l->items[i];
    return NULL;
}

static const int no_households[1] = { 0 };

static void test_tracing_overlap_edges(void **state)
{
    struct fixture *f = *state;
    struct tracing_rules r;
    struct contact_proposal_list l;
    const struct contact_proposal *p;

    tracing_rules_default(&r);
    setup_city(f, no_households, 1);
    scan(f, SUPERMARKET, AT(2, 0), INDEX);          /* [2:00, 2:30) */
    scan(f, SUPERMARKET, AT(2, 15), 3);             /* 15 min: exactly the minimum */
    scan(f, SUPERMARKET, AT(2, 16), 4);             /* 14 min */
    scan(f, SUPERMARKET, AT(2, 30), 5);             /* touches the end */
    scan(f, SUPERMARKET, AT(1, 45), 6);             /* 15 min before */
    scan(f, SUPERMARKET, AT(1, 46), 7);             /* 16 min, from the start */
    scan(f, SUPERMARKET, AT(1, 44), 8);             /* 14 min */
    scan(f, SUPERMARKET, AT(1, 30), 9);             /* touches the start */
    scan(f, SUPERMARKET, AT(2, 31), 10);            /* after */
    scan(f, RESTAURANT, AT(2, 0), 11);              /* another venue */

    find(f, INDEX, AT(0, 0), AT(24, 0), &r, &l);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.items[0].person_id, 3);
    assert_int_equal(l.items[1].person_id, 6);
    assert_int_equal(l.items[2].person_id, 7);
    p = &l.items[0];
    assert_int_equal(p->kind, CONTACT_VENUE);
    assert_int_equal(p->venue_id, SUPERMARKET);
    assert_int_equal(p->overlap_minutes, 15);
    assert_int_equal(p->from_utc, AT(2, 15));
    assert_int_equal(p->to_utc, AT(2, 30));
    assert_int_equal(p->n_encounters, 1);
    assert_int_equal(l.items[2].overlap_minutes, 16);
    contact_proposal_list_free(&l);

    /* minimum 0: touching stays count (overlap 0), stays apart do not */
    r.min_overlap_minutes = 0;
    find(f, INDEX, AT(0, 0), AT(24, 0), &r, &l);
    assert_int_equal(l.n, 7);
    assert_non_null(p = get(&l, 5));
    assert_int_equal(p->overlap_minutes, 0);
    assert_non_null(get(&l, 9));
    assert_null(get(&l, 10));
    assert_null(get(&l, 11));
    assert_null(get(&l, INDEX));
    contact_proposal_list_free(&l);

    /* every stay 60 minutes: person 10 (2:31) now overlaps 29 minutes */
    r.min_overlap_minutes = 15;
    r.stay_minutes_override = 60;
    find(f, INDEX, AT(0, 0), AT(24, 0), &r, &l);
    assert_non_null(p = get(&l, 10));
    assert_int_equal(p->overlap_minutes, 29);
    assert_int_equal(l.n, 8);                       /* 3 4 5 6 7 8 9 10 */
    contact_proposal_list_free(&l);
}

static void test_tracing_midnight_is_nothing_special(void **state)
{
    struct fixture *f = *state;
    struct tracing_rules r;
    struct contact_proposal_list l;

    tracing_rules_default(&r);
    setup_city(f, no_households, 1);
    /* 23:40 local (15:40Z) for an hour; the other arrives at 00:10 */
    scan(f, RESTAURANT, AT(15, 40), INDEX);
    scan(f, RESTAURANT, AT(16, 10), 3);
    /* and at midnight UTC */
    scan(f, RESTAURANT, AT(23, 50), INDEX);
    scan(f, RESTAURANT, AT(24, 20), 4);
    find(f, INDEX, AT(0, 0), AT(48, 0), &r, &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].person_id, 3);
    assert_int_equal(l.items[0].overlap_minutes, 30);
    assert_int_equal(l.items[0].from_utc, AT(16, 10));
    assert_int_equal(l.items[0].to_utc, AT(16, 40));
    assert_int_equal(l.items[1].person_id, 4);
    assert_int_equal(l.items[1].overlap_minutes, 30);
    contact_proposal_list_free(&l);
}

static void test_tracing_window_limits(void **state)
{
    struct fixture *f = *state;
    struct tracing_rules r;
    struct contact_proposal_list l;
    const struct contact_proposal *p;
    int64_t w0 = AT(10, 0), w1 = AT(30, 0);

    tracing_rules_default(&r);
    setup_city(f, no_households, 1);
    /* a factory shift that began 2 h before the window: 6 h in it */
    scan(f, FACTORY, w0 - 2 * H, INDEX);
    scan(f, FACTORY, w0 - 1 * H, 3);                /* overlap [w0, w0+6h) */
    scan(f, FACTORY, w0 - 9 * H, 4);                /* left at w0-1h: met the index
                                                       person, but before the window */
    /* a stay that ends just before the window: nothing */
    scan(f, SUPERMARKET, w0 - 31 * M, INDEX);
    scan(f, SUPERMARKET, w0 - 31 * M, 5);
    /* a scan at the window's end is outside it */
    scan(f, RESTAURANT, w1, INDEX);
    scan(f, RESTAURANT, w1, 6);
    /* a stay cut by the end: 20 minutes of it are in the window */
    scan(f, SUPERMARKET, w1 - 20 * M, INDEX);
    scan(f, SUPERMARKET, w1 - 20 * M, 7);
    scan(f, SUPERMARKET, w1 - 10 * M, 8);           /* 10 min before w1 */

    find(f, INDEX, w0, w1, &r, &l);
    assert_int_equal(l.n, 2);
    assert_non_null(p = get(&l, 3));
    assert_int_equal(p->from_utc, w0);
    assert_int_equal(p->to_utc, w0 + 6 * H);
    assert_int_equal(p->overlap_minutes, 360);
    assert_non_null(p = get(&l, 7));
    assert_int_equal(p->overlap_minutes, 20);
    assert_int_equal(p->to_utc, w1);
    contact_proposal_list_free(&l);

    /* a window that only touches the factory shift finds nobody there */
    find(f, INDEX, w0 + 6 * H, w0 + 7 * H, &r, &l);
    assert_int_equal(l.n, 0);
    contact_proposal_list_free(&l);
}

/* Stays from manual trajectory entries: the index person did not scan,
 * the epidemiologist wrote down where and when. */
static void test_tracing_manual_stays(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct tracing_rules r;
    struct contact_proposal_list l;
    const struct contact_proposal *p;
    struct store_tx *tx;
    const struct tracing_stay_in stays[] = {
        /* at the restaurant 2:00-4:00 (longer than its 60-minute stay) */
        { RESTAURANT, 2, AT(2, 0), AT(4, 0) },
        /* "seen at the shop at 6:00": a stay of its 30 minutes */
        { SUPERMARKET, 1, AT(6, 0), AT(6, 0) },
        /* a scan-backed shop stay at 8:00 that the entry overlaps: merged */
        { SUPERMARKET, 1, AT(8, 20), AT(8, 50) },
        /* wholly before the window: nothing */
        { FACTORY, 6, AT(-10, 0), AT(-9, 0) },
    };

    tracing_rules_default(&r);
    setup_city(f, no_households, 1);
    scan(f, RESTAURANT, AT(3, 30), 3);      /* 30 min with the entry */
    scan(f, RESTAURANT, AT(1, 10), 4);      /* until 2:10: 10 min, too short */
    scan(f, SUPERMARKET, AT(6, 10), 5);     /* 20 min */
    scan(f, SUPERMARKET, AT(8, 0), INDEX);  /* [8:00, 8:30) + entry to 8:50 */
    scan(f, SUPERMARKET, AT(8, 35), 6);     /* 15 min, only with the entry */
    scan(f, FACTORY, AT(-9, 30), 7);

    tx = store_begin(f->ctx.store, STORE_READ, &err);
    assert_non_null(tx);
    /* without the entries only the scan is known: 6 is not there at 8:35 */
    assert_int_equal(tracing_find_stays(NULL, tx, INDEX, AT(0, 0), AT(24, 0), NULL, 0, &r,
                                        &l, &err), 0);
    assert_int_equal(l.n, 0);
    contact_proposal_list_free(&l);
    assert_int_equal(tracing_find_stays(NULL, tx, INDEX, AT(0, 0), AT(24, 0), stays, 4, &r,
                                        &l, &err), 0);
    assert_int_equal(l.n, 3);
    assert_non_null(p = get(&l, 3));
    assert_int_equal(p->kind, CONTACT_VENUE);
    assert_int_equal(p->venue_id, RESTAURANT);
    assert_int_equal(p->from_utc, AT(3, 30));
    assert_int_equal(p->to_utc, AT(4, 0));
    assert_null(get(&l, 4));
    assert_non_null(p = get(&l, 5));
    assert_int_equal(p->overlap_minutes, 20);
    assert_non_null(p = get(&l, 6));
    assert_int_equal(p->overlap_minutes, 15);
    assert_int_equal(p->n_encounters, 1);       /* one merged stay, not two */
    assert_null(get(&l, 7));
    contact_proposal_list_free(&l);
    store_tx_free(tx);
}

static void test_tracing_met_twice_is_one_proposal(void **state)
{
    struct fixture *f = *state;
    struct tracing_rules r;
    struct contact_proposal_list l;

    tracing_rules_default(&r);
    setup_city(f, no_households, 1);
    scan(f, SUPERMARKET, AT(2, 0), INDEX);
    scan(f, SUPERMARKET, AT(2, 10), 3);             /* 20 min */
    scan(f, RESTAURANT, AT(5, 0), INDEX);
    scan(f, RESTAURANT, AT(5, 0), 3);               /* 60 min */
    /* the index person scanned twice in one visit: one stay */
    scan(f, SUPERMARKET, AT(8, 0), INDEX);
    scan(f, SUPERMARKET, AT(8, 5), INDEX);
    scan(f, SUPERMARKET, AT(8, 0), 4);
    find(f, INDEX, AT(0, 0), AT(24, 0), &r, &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].person_id, 3);
    assert_int_equal(l.items[0].n_encounters, 2);
    assert_int_equal(l.items[0].overlap_minutes, 60);    /* the strongest */
    assert_int_equal(l.items[0].venue_id, RESTAURANT);
    assert_int_equal(l.items[1].person_id, 4);
    assert_int_equal(l.items[1].n_encounters, 1);
    assert_int_equal(l.items[1].overlap_minutes, 30);
    contact_proposal_list_free(&l);
}

/* index 1 and 2 live together (household 1); venue contact 3 lives with
 * 10 and 11 (household 2); venue contact 12 with 13 (household 3), and
 * 13 is a venue contact too */
static const int families[31] = { [1] = 1, [2] = 1, [3] = 2, [10] = 2, [11] = 2,
                                  [12] = 3, [13] = 3 };

static void test_tracing_household_and_secondary(void **state)
{
    struct fixture *f = *state;
    struct tracing_rules r;
    struct contact_proposal_list l;
    const struct contact_proposal *p;

    tracing_rules_default(&r);
    setup_city(f, families, 31);
    scan(f, RESTAURANT, AT(2, 0), INDEX);
    scan(f, RESTAURANT, AT(2, 0), 3);
    scan(f, RESTAURANT, AT(2, 0), 12);
    scan(f, RESTAURANT, AT(2, 0), 13);
    scan(f, RESTAURANT, AT(2, 0), 2);               /* household and venue */

    find(f, INDEX, AT(0, 0), AT(24, 0), &r, &l);
    /* close 2 3 12 13, then secondary 10 11 */
    assert_int_equal(l.n, 6);
    assert_int_equal(l.items[0].person_id, 2);
    assert_int_equal(l.items[0].kind, CONTACT_HOUSEHOLD);
    assert_int_equal(l.items[0].n_encounters, 2);
    assert_int_equal(l.items[1].person_id, 3);
    assert_int_equal(l.items[2].person_id, 12);
    assert_int_equal(l.items[3].person_id, 13);
    assert_int_equal(l.items[3].kind, CONTACT_VENUE);
    assert_int_equal(l.items[4].person_id, 10);
    p = &l.items[4];
    assert_int_equal(p->kind, CONTACT_SECONDARY);
    assert_int_equal(p->via_person_id, 3);
    assert_int_equal(p->n_encounters, 1);
    assert_int_equal(l.items[5].person_id, 11);
    assert_null(get(&l, INDEX));
    contact_proposal_list_free(&l);

    /* no households: 2 is a venue contact, nobody is secondary */
    r.household = 0;
    r.secondary = 0;
    find(f, INDEX, AT(0, 0), AT(24, 0), &r, &l);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.items[0].kind, CONTACT_VENUE);
    contact_proposal_list_free(&l);

    /* a person with no scans still has a household */
    r.household = 1;
    r.secondary = 1;
    find(f, 11, AT(0, 0), AT(24, 0), &r, &l);
    assert_int_equal(l.n, 2);                       /* 3 and 10 */
    assert_int_equal(l.items[0].person_id, 3);
    assert_int_equal(l.items[0].kind, CONTACT_HOUSEHOLD);
    contact_proposal_list_free(&l);
}

static void test_tracing_same_vehicle(void **state)
{
    struct fixture *f = *state;
    struct tracing_rules r;
    struct contact_proposal_list l;
    const struct contact_proposal *p;

    tracing_rules_default(&r);
    setup_city(f, no_households, 1);
    fixture_sql(f, "INSERT INTO checkpoint(id, node, name, kind, code, created_utc) VALUES "
           "(1, '419001', 'north', 'road', 'K1', 0), (2, '419001', 'south', 'road', 'K2', 0)");
    /* passes: the index person's (by ID number only), a passenger's (by
     * person_id), a later car with the same plate, another plate, a
     * pedestrian, and someone not in the ledger */
    fixture_sql(f, "INSERT INTO pass(id, code, day, checkpoint_id, name, id_number, phone, plate, "
           "origin_name, person_id, created_utc) VALUES "
           "(1, 'P1', 19675, 1, 'a', 'ID01', '1', '豫U12345', 'x', NULL, 0), "
           "(2, 'P2', 19675, 1, 'b', 'ID03', '1', '豫U12345', 'x', 3, 0), "
           "(3, 'P3', 19675, 1, 'c', 'ID04', '1', '豫U12345', 'x', 4, 0), "
           "(4, 'P4', 19675, 1, 'd', 'ID05', '1', '豫U99999', 'x', 5, 0), "
           "(5, 'P5', 19675, 1, 'e', 'ID06', '1', '', 'x', 6, 0), "
           "(6, 'P6', 19675, 1, 'f', 'XX99', '1', '豫U12345', 'x', NULL, 0), "
           "(7, 'P7', 19675, 1, 'g', 'ID07', '1', '豫U12345', 'x', NULL, 0)");
    fixture_sql(f, "INSERT INTO pass_check(pass_id, checkpoint_id, staff_id, at_utc, day, "
           "temp_tenths, id_confirmed, outcome, fever) VALUES "
           "(1, 1, 0, %lld, 19675, 365, 1, 1, 0), "
           "(1, 2, 0, %lld, 19675, 365, 1, 1, 0), "
           "(2, 1, 0, %lld, 19675, 365, 1, 1, 0), "
           "(3, 1, 0, %lld, 19675, 365, 1, 1, 0), "
           "(4, 1, 0, %lld, 19675, 365, 1, 1, 0), "
           "(5, 1, 0, %lld, 19675, 365, 1, 1, 0), "
           "(6, 1, 0, %lld, 19675, 365, 1, 1, 0), "
           "(7, 1, 0, %lld, 19675, 365, 1, 1, 0)",
        (long long)AT(3, 0), (long long)AT(3, 20), (long long)AT(3, 1),
        (long long)AT(4, 0), (long long)AT(3, 0), (long long)AT(3, 0),
        (long long)AT(3, 0), (long long)AT(3, 30));

    find(f, INDEX, AT(0, 0), AT(24, 0), &r, &l);
    /* 3: the passenger, within 30 min of both checks, but one check;
     * 7: by ID number, 30 min after the first check, 10 after the second;
     * 4: 40 min after the second check: another trip */
    assert_int_equal(l.n, 2);
    assert_non_null(p = get(&l, 3));
    assert_int_equal(p->kind, CONTACT_VEHICLE);
    assert_string_equal(p->plate, "豫U12345");
    assert_int_equal(p->checkpoint_id, 1);
    assert_int_equal(p->n_encounters, 1);
    assert_non_null(p = get(&l, 7));
    assert_int_equal(p->kind, CONTACT_VEHICLE);
    contact_proposal_list_free(&l);

    r.vehicle_window_minutes = 45;
    find(f, INDEX, AT(0, 0), AT(24, 0), &r, &l);
    assert_non_null(get(&l, 4));
    contact_proposal_list_free(&l);
    r.vehicle_window_minutes = 0;                  /* off */
    find(f, INDEX, AT(0, 0), AT(24, 0), &r, &l);
    assert_int_equal(l.n, 0);
    contact_proposal_list_free(&l);
    /* checks outside the window are not looked at */
    r.vehicle_window_minutes = 30;
    find(f, INDEX, AT(5, 0), AT(24, 0), &r, &l);
    assert_int_equal(l.n, 0);
    contact_proposal_list_free(&l);
}

static void test_tracing_rejects_bad_rules(void **state)
{
    struct fixture *f = *state;
    struct tracing_rules r;
    struct contact_proposal_list l;
    struct lf_err err = LF_ERR_INIT;
    struct store_tx *tx = store_begin(f->ctx.store, STORE_READ, &err);

    assert_non_null(tx);
    tracing_rules_default(&r);
    r.min_overlap_minutes = -1;
    assert_int_equal(tracing_find(tx, INDEX, AT(0, 0), AT(1, 0), &r, &l, &err), -1);
    assert_int_equal(err.code, LF_ERR_INVALID);
    assert_string_equal(err.field, "min_overlap_minutes");
    assert_null(l.items);
    lf_err_clear(&err);
    tracing_rules_default(&r);
    assert_int_equal(tracing_find(tx, INDEX, AT(1, 0), AT(1, 0), &r, &l, &err), -1);
    assert_string_equal(err.field, "to_utc");
    store_tx_free(tx);
    assert_int_equal(tracing_longest_stay_minutes(&r), 600);
    r.stay_minutes_override = 45;
    assert_int_equal(tracing_longest_stay_minutes(&r), 45);
    assert_int_equal(tracing_stay_minutes(&r, 6), 45);
}

/* The text form of the rules (the deployment's setting). */
static void test_tracing_rules_text(void **state)
{
    struct lf_err err = LF_ERR_INIT;
    struct tracing_rules r, back;
    char text[TRACING_RULES_TEXT_MAX + 1];
    size_t i;
    static const char *const bad[][2] = {
        { "min_overlap_minutes", "rules" },
        { "min_overlap_minutes=", "min_overlap_minutes" },
        { "min_overlap_minutes=1x", "min_overlap_minutes" },
        { "household=2", "household" },
        { "days_before_onset=31", "days_before_onset" },
        { "speed=1", "rules" },
        { "=4", "rules" },
    };

    (void)state;
    tracing_rules_default(&r);
    assert_int_equal(tracing_rules_parse(" min_overlap_minutes=30,secondary=0\n", &r, &err), 0);
    assert_int_equal(r.min_overlap_minutes, 30);
    assert_int_equal(r.secondary, 0);
    assert_int_equal(r.household, 1);
    tracing_rules_format(&r, text, sizeof(text));
    assert_string_equal(text, "days_before_onset=4 min_overlap_minutes=30 "
                              "stay_minutes_override=0 vehicle_window_minutes=30 "
                              "household=1 secondary=0");
    memset(&back, 0, sizeof(back));
    assert_int_equal(tracing_rules_parse(text, &back, &err), 0);
    assert_memory_equal(&back, &r, sizeof(r));
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        back = r;
        assert_int_equal(tracing_rules_parse(bad[i][0], &back, &err), -1);
        assert_string_equal(err.field, bad[i][1]);
        assert_memory_equal(&back, &r, sizeof(r));     /* unchanged */
        lf_err_clear(&err);
    }
}

static void test_tracing_index_is_bounded(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct tracing_index *ix = NULL;
    struct store_tx *tx;
    int i;

    setup_city(f, no_households, 1);
    for (i = 0; i < 3000; i++)
        scan(f, 1 + i % 3, AT(0, i), 1 + i % 30);
    tx = store_begin(f->ctx.store, STORE_READ, &err);
    assert_non_null(tx);
    assert_int_equal(tracing_index_load(tx, AT(0, 0), AT(72, 0), 16 * 1024, &ix, &err), -1);
    assert_int_equal(err.code, LF_ERR_TOOLARGE);
    assert_string_equal(err.field, "tracing_index");
    assert_null(ix);
    lf_err_clear(&err);
    assert_int_equal(tracing_index_load(tx, AT(0, 0), AT(72, 0), 1 << 20, &ix, &err), 0);
    assert_int_equal(tracing_index_scans(ix), 3000);
    assert_true(tracing_index_bytes(ix) <= 1 << 20);
    tracing_index_free(ix);
    store_tx_free(tx);
}

int test_group_tracing(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tracing_overlap_edges, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_tracing_midnight_is_nothing_special,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_tracing_window_limits, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_tracing_manual_stays, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_tracing_met_twice_is_one_proposal,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_tracing_household_and_secondary,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_tracing_same_vehicle, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_tracing_rejects_bad_rules, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test(test_tracing_rules_text),
        cmocka_unit_test_setup_teardown(test_tracing_index_is_bounded, fixture_setup,
                                        fixture_teardown),
    };
    return cmocka_run_group_tests_name("core/tracing", tests, NULL, NULL);
}
