/*
 * Tests of src/core/case.c, case_trajectory.c, contact.c and case_chain.c:
 * the status table, the date rules, unknown persons and venues, source
 * links (itself, cycles), jurisdiction, and contacts kept across
 * proposals. Every refusal also leaves the tables as they were. The clock
 * is FIXTURE_NOW: 2023-11-15 06:13 in Beijing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/case.h"
#include "core/contact.h"
#include "core/ledger.h"
#include "core/node.h"
#include "core/tracing.h"
#include "core/validate.h"
#include "fixture.h"
#include "store/store.h"
#include "util/timeutil.h"

#define TOWN "419001001"
#define OTHER_TOWN "419001002"
#define TODAY "2023-11-15"
#define TOMORROW "2023-11-16"

struct world {
    int64_t a, b, c;            /* a household of three in TOWN */
    struct lf_who epi;
};

static const char *id_of(const char *first17, char out[19])
{
    snprintf(out, 19, "%s%c", first17, id_number_check_char(first17));
    return out;
}

static void make_world(struct fixture *f, struct world *w)
{
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct lf_err err = LF_ERR_INIT;
    struct node c, g;
    struct node_in nin;
    struct household_in hin;
    struct household h;
    struct person_in pin;
    struct person_out out;
    const char *first17[] = { "41900119800101001", "41900119820202002", "41900120100303003" };
    const char *names[] = { "王一", "李二", "王三" };
    int64_t *ids[] = { &w->a, &w->b, &w->c };
    char idn[19];
    int i;

    nin = (struct node_in){ NULL, "community", "甲社区", TOWN };
    assert_int_equal(node_create(&f->ctx, &f->admin, &nin, &c, &err), 0);
    nin = (struct node_in){ NULL, "grid", "第一网格", c.code };
    assert_int_equal(node_create(&f->ctx, &f->admin, &nin, &g, &err), 0);
    hin = (struct household_in){ g.code, "幸福小区1号楼101" };
    assert_int_equal(household_create(&f->ctx, &town, &hin, &h, &err), 0);
    for (i = 0; i < 3; i++) {
        memset(&pin, 0, sizeof(pin));
        pin.household_id = h.id;
        pin.name = names[i];
        pin.id_number = id_of(first17[i], idn);
        if (person_create(&f->ctx, &town, &pin, &out, &err))
            fail_msg("person_create: %s: %s", err.field, err.reason);
        *ids[i] = out.p.id;
    }
    w->epi = fixture_who(ROLE_EPIDEMIOLOGIST, "419001");
}

static int64_t new_case(struct fixture *f, struct world *w, int64_t person, const char *status,
                        const char *onset)
{
    struct lf_err err = LF_ERR_INIT;
    struct case_in in = { 0 };
    struct epi_case c;

    in.person_id = person;
    in.status = status;
    in.onset_date = onset;
    if (case_create(&f->ctx, &w->epi, &in, &c, &err))
        fail_msg("case_create: %s: %s", err.field, err.reason);
    return c.id;
}

static void test_transition_table(void **state)
{
    (void)state;
    assert_true(case_transition_ok(CASE_SUSPECTED, CASE_CONFIRMED));
    assert_true(case_transition_ok(CASE_SUSPECTED, CASE_ASYMPTOMATIC));
    assert_true(case_transition_ok(CASE_SUSPECTED, CASE_EXCLUDED));
    assert_true(case_transition_ok(CASE_ASYMPTOMATIC, CASE_CONFIRMED));
    assert_true(case_transition_ok(CASE_CONFIRMED, CASE_DISCHARGED));
    assert_true(case_transition_ok(CASE_CONFIRMED, CASE_DEAD));
    assert_true(case_transition_ok(CASE_ASYMPTOMATIC, CASE_DISCHARGED));
    assert_false(case_transition_ok(CASE_DISCHARGED, CASE_SUSPECTED));
    assert_false(case_transition_ok(CASE_CONFIRMED, CASE_ASYMPTOMATIC));
    assert_false(case_transition_ok(CASE_CONFIRMED, CASE_CONFIRMED));
    assert_false(case_transition_ok(CASE_SUSPECTED, CASE_DEAD));
    for (int to = 0; to <= CASE_STATUS_MAX + 1; to++) {
        assert_false(case_transition_ok(CASE_EXCLUDED, to));
        assert_false(case_transition_ok(CASE_DISCHARGED, to));
        assert_false(case_transition_ok(CASE_DEAD, to));
        assert_false(case_transition_ok(0, to));
    }
    assert_int_equal(case_status_parse("asymptomatic"), CASE_ASYMPTOMATIC);
    assert_int_equal(case_status_parse("Confirmed"), 0);
    assert_string_equal(case_status_label(CASE_CONFIRMED), "确诊病例");
}

static void expect_create_fails(struct fixture *f, struct world *w, const struct case_in *in,
                                enum lf_errcode code, const char *field)
{
    struct lf_err err = LF_ERR_INIT;
    struct epi_case c;

    assert_int_equal(case_create(&f->ctx, &w->epi, in, &c, &err), -1);
    assert_int_equal(err.code, code);
    assert_string_equal(err.field, field);
}

static void test_create_refuses_bad_dates_and_unknown_persons(void **state)
{
    struct fixture *f = *state;
    struct world w;
    struct case_in in = { 0 };

    make_world(f, &w);
    in.person_id = w.a;
    in.onset_date = TOMORROW;
    expect_create_fails(f, &w, &in, LF_ERR_INVALID, "onset_date");
    in.onset_date = NULL;
    in.sample_date = TOMORROW;
    expect_create_fails(f, &w, &in, LF_ERR_INVALID, "sample_date");
    in.sample_date = NULL;
    in.onset_date = "2023-11-10";
    in.isolation_date = "2023-11-09";
    expect_create_fails(f, &w, &in, LF_ERR_INVALID, "isolation_date");
    in.isolation_date = "2023-02-30";
    expect_create_fails(f, &w, &in, LF_ERR_INVALID, "isolation_date");
    in.isolation_date = TODAY;
    in.status = "dead";
    expect_create_fails(f, &w, &in, LF_ERR_INVALID, "status");
    in.status = NULL;
    in.source_case_id = 777;
    expect_create_fails(f, &w, &in, LF_ERR_NOTFOUND, "source_case_id");
    in.source_case_id = 0;
    in.person_id = 424242;
    expect_create_fails(f, &w, &in, LF_ERR_NOTFOUND, "person_id");
    in.person_id = 0;
    expect_create_fails(f, &w, &in, LF_ERR_INVALID, "person_id");
    assert_int_equal(fixture_count(f, "epi_case"), 0);
    assert_int_equal(fixture_count(f, "case_event"), 0);

    /* the same input with the person fixed is fine; the grid is its node */
    in.person_id = w.a;
    {
        struct lf_err err = LF_ERR_INIT;
        struct epi_case c;
        assert_int_equal(case_create(&f->ctx, &w.epi, &in, &c, &err), 0);
        assert_int_equal(c.status, CASE_SUSPECTED);
        assert_int_equal(strlen(c.node), 15);
        assert_int_equal(c.isolation_days - c.onset_days, 5);
    }
    assert_int_equal(fixture_count(f, "case_event"), 1);
    assert_int_equal(fixture_audit_count(f, "case.create", 1), 1);
}

static void test_impossible_status_change_changes_nothing(void **state)
{
    struct fixture *f = *state;
    struct world w;
    struct lf_err err = LF_ERR_INIT;
    struct epi_case c;
    struct case_event_list ev;
    int64_t id;

    make_world(f, &w);
    id = new_case(f, &w, w.a, NULL, NULL);
    assert_int_equal(case_set_status(&f->ctx, &w.epi, id, "confirmed", "阳性", &c, &err), 0);
    assert_int_equal(case_set_status(&f->ctx, &w.epi, id, "discharged", NULL, &c, &err), 0);
    assert_int_equal(case_set_status(&f->ctx, &w.epi, id, "suspected", NULL, &c, &err), -1);
    assert_int_equal(err.code, LF_ERR_INVALID);
    assert_string_equal(err.field, "status");
    lf_err_clear(&err);
    assert_int_equal(case_get(&f->ctx, &w.epi, id, &c, &ev, &err), 0);
    assert_int_equal(c.status, CASE_DISCHARGED);
    assert_int_equal(ev.n, 3);
    assert_int_equal(ev.items[1].from_status, CASE_SUSPECTED);
    assert_int_equal(ev.items[1].to_status, CASE_CONFIRMED);
    assert_string_equal(ev.items[1].remarks, "阳性");
    assert_int_equal(ev.items[2].at_utc, FIXTURE_NOW);
    case_event_list_free(&ev);
    /* a medical reader may read but not write */
    {
        struct lf_who med = fixture_who(ROLE_MEDICAL, "419001");
        struct lf_who other = fixture_who(ROLE_TOWN_OFFICER, OTHER_TOWN);
        assert_int_equal(case_set_status(&f->ctx, &med, id, "dead", NULL, &c, &err), -1);
        assert_int_equal(err.code, LF_ERR_FORBIDDEN);
        lf_err_clear(&err);
        assert_int_equal(case_get(&f->ctx, &med, id, &c, &ev, &err), 0);
        case_event_list_free(&ev);
        assert_int_equal(case_get(&f->ctx, &other, id, &c, &ev, &err), -1);
        assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    }
}

static void test_source_link_refuses_itself_and_cycles(void **state)
{
    struct fixture *f = *state;
    struct world w;
    struct lf_err err = LF_ERR_INIT;
    struct case_in in = { 0 };
    struct epi_case c;
    struct case_graph g;
    int64_t x, y, s;

    make_world(f, &w);
    x = new_case(f, &w, w.a, "confirmed", NULL);
    y = new_case(f, &w, w.b, "confirmed", NULL);
    s = new_case(f, &w, w.c, NULL, NULL);   /* suspected: not a source */
    in.source_case_id = x;
    assert_int_equal(case_update(&f->ctx, &w.epi, x, &in, CASE_SET_SOURCE_CASE, &c, &err), -1);
    assert_string_equal(err.field, "source_case_id");
    lf_err_clear(&err);
    in.source_case_id = s;
    assert_int_equal(case_update(&f->ctx, &w.epi, y, &in, CASE_SET_SOURCE_CASE, &c, &err), -1);
    assert_string_equal(err.field, "source_case_id");
    lf_err_clear(&err);
    in.source_case_id = x;
    assert_int_equal(case_update(&f->ctx, &w.epi, y, &in, CASE_SET_SOURCE_CASE, &c, &err), 0);
    assert_int_equal(c.source_case_id, x);
    /* y ← x; x ← y would close the loop */
    in.source_case_id = y;
    assert_int_equal(case_update(&f->ctx, &w.epi, x, &in, CASE_SET_SOURCE_CASE, &c, &err), -1);
    assert_int_equal(err.code, LF_ERR_INVALID);
    assert_string_equal(err.field, "source_case_id");
    lf_err_clear(&err);
    /* a longer loop too: s confirmed, s ← y, then x ← s */
    assert_int_equal(case_set_status(&f->ctx, &w.epi, s, "confirmed", NULL, &c, &err), 0);
    assert_int_equal(case_update(&f->ctx, &w.epi, s, &in, CASE_SET_SOURCE_CASE, &c, &err), 0);
    in.source_case_id = s;
    assert_int_equal(case_update(&f->ctx, &w.epi, x, &in, CASE_SET_SOURCE_CASE, &c, &err), -1);
    assert_string_equal(err.field, "source_case_id");
    lf_err_clear(&err);
    assert_int_equal(case_graph(&f->ctx, &w.epi, NULL, &g, &err), 0);
    assert_int_equal(g.n_chains, 1);
    assert_int_equal(g.cases.n, 3);
    assert_int_equal(g.cases.items[0].id, x);
    assert_int_equal(g.depth[0], 0);
    assert_int_equal(g.cases.items[1].id, y);
    assert_int_equal(g.depth[1], 1);
    assert_int_equal(g.cases.items[2].id, s);
    assert_int_equal(g.depth[2], 2);
    case_graph_free(&g);
}

static void test_trajectory_entry_refuses_unknown_venue_and_bad_times(void **state)
{
    struct fixture *f = *state;
    struct world w;
    struct lf_err err = LF_ERR_INIT;
    struct trajectory_entry_in in = { 0 };
    struct trajectory_entry e;
    struct case_trajectory t;
    int64_t id;

    make_world(f, &w);
    id = new_case(f, &w, w.a, "confirmed", "2023-11-12");
    in.place = "亲戚家";
    in.venue_id = 99;
    in.from = "2023-11-13 18:00";
    in.to = "2023-11-13 20:00";
    assert_int_equal(case_trajectory_add(&f->ctx, &w.epi, id, &in, &e, &err), -1);
    assert_int_equal(err.code, LF_ERR_INVALID);
    assert_string_equal(err.field, "venue_id");
    lf_err_clear(&err);
    in.venue_id = 0;
    in.to = "2023-11-13 17:59";
    assert_int_equal(case_trajectory_add(&f->ctx, &w.epi, id, &in, &e, &err), -1);
    assert_string_equal(err.field, "to");
    lf_err_clear(&err);
    assert_int_equal(fixture_count(f, "trajectory_entry"), 0);
    in.to = "2023-11-13 20:00";
    assert_int_equal(case_trajectory_add(&f->ctx, &w.epi, id, &in, &e, &err), 0);
    assert_int_equal(e.to_utc - e.from_utc, 7200);
    assert_int_equal(case_trajectory(&f->ctx, &w.epi, id, 0, 0, &t, &err), 0);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.items[0].kind, CASE_STOP_MANUAL);
    assert_string_equal(t.items[0].place, "亲戚家");
    case_trajectory_free(&t);
}

static void test_contacts_are_proposed_and_decided_once(void **state)
{
    struct fixture *f = *state;
    struct world w;
    struct lf_err err = LF_ERR_INIT;
    struct contact_list l;
    struct contact k;
    struct epi_case c;
    struct tracing_rules rules;
    int64_t id, from, to;
    long n_new;
    size_t i;

    make_world(f, &w);
    id = new_case(f, &w, w.a, "confirmed", NULL);
    assert_int_equal(contact_propose(&f->ctx, &w.epi, id, &n_new, NULL, &err), -1);
    assert_string_equal(err.field, "onset_date");
    lf_err_clear(&err);
    assert_int_equal(fixture_count(f, "contact"), 0);
    {
        struct case_in in = { 0 };
        in.onset_date = "2023-11-12";
        in.isolation_date = "2023-11-14";
        assert_int_equal(case_update(&f->ctx, &w.epi, id, &in,
                                     CASE_SET_ONSET | CASE_SET_ISOLATION, &c, &err), 0);
    }
    /* 4 days before onset (Beijing midnight) to the end of the isolation day */
    tracing_rules_default(&rules);
    assert_int_equal(case_infectious_window(&f->ctx, &c, &rules, &from, &to, &err), 0);
    assert_int_equal(from, time_days_from_civil(2023, 11, 8) * 86400 - 8 * 3600);
    assert_int_equal(to, time_days_from_civil(2023, 11, 15) * 86400 - 8 * 3600);

    assert_int_equal(contact_propose(&f->ctx, &w.epi, id, &n_new, NULL, &err), 0);
    assert_true(n_new >= 2);
    assert_int_equal(contact_list(&f->ctx, &w.epi, id, &l, &err), 0);
    k.id = 0;
    for (i = 0; i < l.n; i++) {
        assert_int_not_equal(l.items[i].person_id, w.a);
        if (l.items[i].person_id == w.b) {
            assert_int_equal(l.items[i].kind, CONTACT_HOUSEHOLD);
            assert_int_equal(l.items[i].status, CONTACT_PROPOSED);
            k = l.items[i];
        }
    }
    contact_list_free(&l);
    assert_true(k.id > 0);
    assert_int_equal(contact_decide(&f->ctx, &w.epi, k.id, 1, NULL, &k, &err), 0);
    assert_int_equal(k.status, CONTACT_CONFIRMED);
    assert_int_equal(contact_decide(&f->ctx, &w.epi, k.id, 1, NULL, &k, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_string_equal(err.field, "id");
    lf_err_clear(&err);
    /* a new run adds nobody and keeps the decision */
    assert_int_equal(contact_propose(&f->ctx, &w.epi, id, &n_new, NULL, &err), 0);
    assert_int_equal(n_new, 0);
    assert_int_equal(contact_list(&f->ctx, &w.epi, id, &l, &err), 0);
    for (i = 0; i < l.n; i++)
        if (l.items[i].person_id == w.b)
            assert_int_equal(l.items[i].status, CONTACT_CONFIRMED);
    contact_list_free(&l);
}

/* The deployment's rules: set by an epidemiologist at the top, all or
 * nothing, and used by the next proposal. */
static void test_tracing_rules_are_the_deployments(void **state)
{
    struct fixture *f = *state;
    struct world w;
    struct lf_err err = LF_ERR_INIT;
    struct tracing_rules r;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct contact_list l;
    int64_t id;
    long n_new;
    size_t i;

    make_world(f, &w);
    assert_int_equal(case_tracing_rules_get(&f->ctx, &r, &err), 0);
    assert_int_equal(r.min_overlap_minutes, 15);
    assert_int_equal(r.household, 1);
    for (i = 0; i < 3; i++) {
        static const char *const bad[][2] = {
            { "household=0 min_overlap_minutes=99999", "min_overlap_minutes" },
            { "household=0 bogus=1", "rules" },
            { "household", "rules" },
        };
        assert_int_equal(case_tracing_rules_set(&f->ctx, &w.epi, bad[i][0], &r, &err), -1);
        assert_string_equal(err.field, bad[i][1]);
        lf_err_clear(&err);
    }
    assert_int_equal(case_tracing_rules_set(&f->ctx, &town, "household=0", &r, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    lf_err_clear(&err);
    assert_int_equal(case_tracing_rules_get(&f->ctx, &r, &err), 0);
    assert_int_equal(r.household, 1);                  /* nothing changed */

    assert_int_equal(case_tracing_rules_set(&f->ctx, &w.epi, "household=0, secondary=0", &r,
                                            &err), 0);
    /* the change is audited as one, the town officer's attempt as a denial */
    assert_int_equal(fixture_audit_count(f, "tracing.rules", 1), 1);
    assert_int_equal(fixture_audit_count(f, "tracing.rules", 0), 1);
    assert_int_equal(r.household, 0);
    assert_int_equal(r.min_overlap_minutes, 15);       /* not named: kept */
    assert_int_equal(case_tracing_rules_get(&f->ctx, &r, &err), 0);
    assert_int_equal(r.secondary, 0);
    /* a proposal now leaves the household out */
    id = new_case(f, &w, w.a, "confirmed", NULL);
    {
        struct case_in in = { 0 };
        struct epi_case c;
        in.onset_date = "2023-11-12";
        assert_int_equal(case_update(&f->ctx, &w.epi, id, &in, CASE_SET_ONSET, &c, &err), 0);
    }
    assert_int_equal(contact_propose(&f->ctx, &w.epi, id, &n_new, NULL, &err), 0);
    assert_int_equal(contact_list(&f->ctx, &w.epi, id, &l, &err), 0);
    for (i = 0; i < l.n; i++)
        assert_int_not_equal(l.items[i].kind, CONTACT_HOUSEHOLD);
    contact_list_free(&l);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int test_group_case(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transition_table),
        T(test_create_refuses_bad_dates_and_unknown_persons),
        T(test_impossible_status_change_changes_nothing),
        T(test_source_link_refuses_itself_and_cycles),
        T(test_trajectory_entry_refuses_unknown_venue_and_bad_times),
        T(test_contacts_are_proposed_and_decided_once),
        T(test_tracing_rules_are_the_deployments),
    };

    return cmocka_run_group_tests_name("core/case", tests, NULL, NULL);
}
