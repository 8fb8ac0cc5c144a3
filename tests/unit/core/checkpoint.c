/*
 * Tests of src/core/checkpoint.c, pass.c and referral.c: checkpoints and
 * their codes, pass input checks, the day rule (当日提交、全市通行), the
 * fever threshold at 37.2/37.3 °C, which community a referral goes to,
 * jurisdiction, and the daily counts. Every refusal also leaves the
 * tables as they were.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/checkpoint.h"
#include "core/ledger.h"
#include "core/node.h"
#include "core/pass.h"
#include "core/referral.h"
#include "core/validate.h"
#include "fixture.h"
#include "store/store.h"
#include "store/ledger.h"

#define TOWN "419001001"
#define OTHER_TOWN "419001002"
#define ID_A "11010519491231002X"

/* A valid ID number from 17 digits (the check character appended). */
static const char *id_of(const char *first17, char out[19])
{
    snprintf(out, 19, "%s%c", first17, id_number_check_char(first17));
    return out;
}

struct world {
    char community[16], grid[16], other_community[16];
    struct checkpoint cp, cp_other;       /* in TOWN, in OTHER_TOWN */
    struct lf_who staff, staff_other;     /* checkpoint staff of each town */
};

/* A community with a grid in TOWN, a community in OTHER_TOWN, a
 * checkpoint in each town and staff bound to each town. */
static void make_world(struct fixture *f, struct world *w)
{
    struct lf_err err = LF_ERR_INIT;
    struct lf_who cmd = fixture_who(ROLE_COMMAND, "419001");
    struct node c, g;
    struct node_in in;
    struct checkpoint_in ci;

    in = (struct node_in){ NULL, "community", "甲社区", TOWN };
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &c, &err), 0);
    memcpy(w->community, c.code, 16);
    in = (struct node_in){ NULL, "grid", "第一网格", c.code };
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &g, &err), 0);
    memcpy(w->grid, g.code, 16);
    in = (struct node_in){ NULL, "community", "丙村", OTHER_TOWN };
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &c, &err), 0);
    memcpy(w->other_community, c.code, 16);
    ci = (struct checkpoint_in){ TOWN, "二广高速济源东出口", "二广高速济源东收费站", "highway" };
    if (checkpoint_create(&f->ctx, &cmd, &ci, &w->cp, &err))
        fail_msg("checkpoint_create: %s: %s", err.field, err.reason);
    ci = (struct checkpoint_in){ OTHER_TOWN, "省道103卡点", NULL, "road" };
    assert_int_equal(checkpoint_create(&f->ctx, &cmd, &ci, &w->cp_other, &err), 0);
    w->staff = fixture_who(ROLE_CHECKPOINT_STAFF, TOWN);
    w->staff_other = fixture_who(ROLE_CHECKPOINT_STAFF, OTHER_TOWN);
    w->staff_other.user_id++;
}

/* A person with id_number in the world's grid (the ledger). */
static int64_t add_person(struct fixture *f, struct world *w, const char *name,
                          const char *id_number)
{
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct lf_err err = LF_ERR_INIT;
    struct household_in hin = { w->grid, "幸福小区1号楼101" };
    struct household h;
    struct person_in pin = { 0 };
    struct person_out out;

    assert_int_equal(household_create(&f->ctx, &town, &hin, &h, &err), 0);
    pin.household_id = h.id;
    pin.name = name;
    pin.id_number = id_number;
    if (person_create(&f->ctx, &town, &pin, &out, &err))
        fail_msg("person_create: %s: %s", err.field, err.reason);
    return out.p.id;
}

static struct pass_in good_pass(const struct world *w)
{
    struct pass_in in = { 0 };

    in.checkpoint = w->cp.code;
    in.name = " 王小明 ";
    in.id_number = "11010519491231002x";
    in.phone = "+86 139-1234-5678";
    in.plate = "豫u·d12345";
    in.origin_name = "湖北省武汉市";
    in.remarks = "送货";
    return in;
}

static struct pass submit(struct fixture *f, const struct pass_in *in)
{
    struct lf_err err = LF_ERR_INIT;
    struct pass p;

    if (pass_submit(&f->ctx, "198.51.100.7", in, &p, &err))
        fail_msg("pass_submit: %s: %s", err.field, err.reason);
    return p;
}

static struct verify_in checked(const struct world *w, const char *temperature,
                                const char *outcome)
{
    struct verify_in v = { 0 };

    v.checkpoint_id = w->cp.id;
    v.temperature_text = temperature;
    v.id_confirmed = 1;
    v.outcome = outcome;
    return v;
}

static void test_codes_are_random_and_parse_as_typed(void **state)
{
    struct lf_err err = LF_ERR_INIT;
    char a[CODE_CHARS + 1], b[CODE_CHARS + 1], out[CODE_CHARS + 1];

    checkpoint_code_new(a);
    checkpoint_code_new(b);
    assert_int_equal(strlen(a), CODE_CHARS);
    assert_string_not_equal(a, b);
    assert_null(strpbrk(a, "ILOUilou"));
    assert_int_equal(checkpoint_code_parse("abcd-efgh jkmn-pqrs", out, "code", &err), 0);
    assert_string_equal(out, "ABCDEFGHJKMNPQRS");
    assert_int_equal(checkpoint_code_parse("OOOO-IIII-LLLL-0000", out, "code", &err), 0);
    assert_string_equal(out, "0000111111110000");
    assert_int_equal(checkpoint_code_parse("ABCDEFGHJKMNPQR", out, "code", &err), -1);
    assert_string_equal(err.field, "code");
    lf_err_clear(&err);
    assert_int_equal(checkpoint_code_parse("ABCDEFGHJKMNPQRSU", out, "code", &err), -1);
    lf_err_clear(&err);
    assert_int_equal(checkpoint_code_parse("ABCDEFGHJKMNPQRU", out, "code", &err), -1);
    lf_err_clear(&err);
    assert_int_equal(checkpoint_code_parse("", out, "c", &err), -1);
    assert_string_equal(err.reason, "is required");
}

static void test_checkpoint_create_checks_input_and_scope(void **state)
{
    struct fixture *f = *state;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct lf_who staff = fixture_who(ROLE_CHECKPOINT_STAFF, TOWN);
    struct checkpoint_in in = { TOWN, "济源站", "济源站东广场", "rail" };
    struct checkpoint c, c2;
    struct checkpoint_list l;
    struct lf_err err = LF_ERR_INIT;
    char url[300];
    struct {
        struct checkpoint_in in;
        const struct lf_who *who;
        const char *field;
        enum lf_errcode code;
    } bad[] = {
        { { TOWN, "", NULL, "rail" }, &town, "name", LF_ERR_INVALID },
        { { TOWN, "甲", NULL, "ship" }, &town, "kind", LF_ERR_INVALID },
        { { TOWN, "甲", NULL, NULL }, &town, "kind", LF_ERR_INVALID },
        { { OTHER_TOWN, "甲", NULL, "rail" }, &town, "node", LF_ERR_FORBIDDEN },
        { { TOWN, "甲", NULL, "rail" }, &staff, "", LF_ERR_FORBIDDEN },
        { { TOWN "999", "甲", NULL, "rail" }, &town, "node", LF_ERR_NOTFOUND },
        { { TOWN, "济源站", NULL, "bus" }, &town, "name", LF_ERR_CONFLICT },
    };
    size_t i;

    snprintf(f->ctx.public_url, sizeof(f->ctx.public_url), "https://yq.example.cn");
    assert_int_equal(checkpoint_create(&f->ctx, &town, &in, &c, &err), 0);
    assert_string_equal(c.kind, "rail");
    assert_string_equal(checkpoint_kind_label(c.kind), "火车站");
    assert_int_equal(strlen(c.code), CODE_CHARS);
    checkpoint_url(&f->ctx, &c, url, sizeof(url));
    assert_true(strncmp(url, "https://yq.example.cn/pass.html?c=", 34) == 0);
    assert_string_equal(url + 34, c.code);
    assert_int_equal(fixture_audit_count(f, "checkpoint.create", 1), 1);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        lf_err_clear(&err);
        assert_int_equal(checkpoint_create(&f->ctx, bad[i].who, &bad[i].in, &c2, &err), -1);
        if (strcmp(err.field, bad[i].field) || err.code != bad[i].code)
            fail_msg("case %zu: %d %s: %s", i, err.code, err.field, err.reason);
    }
    assert_int_equal(fixture_count(f, "checkpoint"), 1);
    /* staff list the checkpoints of their town, not another's */
    lf_err_clear(&err);
    assert_int_equal(checkpoint_list(&f->ctx, &staff, NULL, &l, &err), 0);
    assert_int_equal(l.n, 1);
    checkpoint_list_free(&l);
    assert_int_equal(checkpoint_list(&f->ctx, &staff, OTHER_TOWN, &l, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
}

static void test_pass_input_is_normalised_or_refused_by_field(void **state)
{
    struct fixture *f = *state;
    struct world w;
    struct lf_err err = LF_ERR_INIT;
    struct pass p;
    struct pass_in in;
    struct {
        const char *what;
        const char *field;
    } cases[] = {
        { "name", "name" }, { "bad id", "id_number" }, { "no id", "id_number" },
        { "phone", "phone" }, { "plate", "plate" }, { "origin", "origin_name" },
        { "origin code", "origin_code" }, { "unknown origin code", "origin_code" },
        { "checkpoint", "checkpoint" }, { "unknown checkpoint", "checkpoint" },
        { "remarks", "remarks" },
    };
    char long_remarks[700];
    size_t i;

    make_world(f, &w);
    in = good_pass(&w);
    assert_int_equal(pass_prepare(&f->ctx, &in, &p, &err), 0);
    assert_string_equal(p.name, "王小明");
    assert_string_equal(p.id_number, ID_A);
    assert_string_equal(p.phone, "13912345678");
    assert_string_equal(p.plate, "豫UD12345");
    assert_int_equal(p.day, pass_day_of(FIXTURE_NOW));
    in.plate = "";                                   /* a passenger */
    assert_int_equal(pass_prepare(&f->ctx, &in, &p, &err), 0);
    assert_string_equal(p.plate, "");

    memset(long_remarks, 0, sizeof(long_remarks));
    for (i = 0; i < 201; i++)
        memcpy(long_remarks + i * 3, "备", 3);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        in = good_pass(&w);
        switch (i) {
        case 0: in.name = "  "; break;
        case 1: in.id_number = "110105194912310021"; break;
        case 2: in.id_number = NULL; break;
        case 3: in.phone = "1391234"; break;
        case 4: in.plate = "豫UO12345"; break;
        case 5: in.origin_name = ""; break;
        case 6: in.origin_code = "4201x6"; break;
        case 7: in.origin_code = "999999"; break;
        case 8: in.checkpoint = "nope"; break;
        case 9: in.checkpoint = "0000000000000000"; break;
        case 10: in.remarks = long_remarks; break;
        }
        lf_err_clear(&err);
        assert_int_equal(pass_submit(&f->ctx, NULL, &in, &p, &err), -1);
        if (strcmp(err.field, cases[i].field) != 0)
            fail_msg("%s: %s: %s", cases[i].what, err.field, err.reason);
        assert_int_equal(err.code, i == 9 ? LF_ERR_NOTFOUND : LF_ERR_INVALID);
    }
    assert_int_equal(fixture_count(f, "pass"), 0);
    /* a division code is named from the national table */
    in = good_pass(&w);
    in.origin_code = "420106";
    p = submit(f, &in);
    assert_string_equal(p.origin_name, "武昌区");
    assert_int_equal(fixture_count(f, "pass"), 1);
    assert_int_equal(fixture_audit_count(f, "pass.submit", 1), 1);
}

static void test_pass_is_valid_on_its_day_at_every_checkpoint(void **state)
{
    struct fixture *f = *state;
    struct world w;
    struct lf_err err = LF_ERR_INIT;
    struct pass_in in;
    struct pass p;
    struct verify_in v;
    struct verify_out out;
    int64_t midnight;

    /* the local day turns at 16:00 UTC */
    midnight = (pass_day_of(FIXTURE_NOW) + 1) * 86400 - 8 * 3600;
    assert_int_equal(pass_day_of(midnight - 1), pass_day_of(FIXTURE_NOW));
    assert_int_equal(pass_day_of(midnight), pass_day_of(FIXTURE_NOW) + 1);

    make_world(f, &w);
    in = good_pass(&w);
    f->ctx.now_override = midnight - 60;             /* 23:59 local */
    p = submit(f, &in);
    assert_int_equal(pass_valid_on(&p, p.day, &err), 0);
    /* made at one checkpoint, checked at another town's the same day */
    v = checked(&w, "36.5", "passed");
    v.checkpoint_id = w.cp_other.id;
    assert_int_equal(pass_verify(&f->ctx, &w.staff_other, p.code, &v, &out, &err), 0);
    assert_int_equal(out.check.outcome, CHECK_PASSED);
    assert_int_equal(out.check.temp_tenths, 365);
    assert_int_equal(out.referral.id, 0);
    /* a minute later it is another day: refused, nothing stored */
    f->ctx.now_override = midnight + 60;
    assert_int_equal(pass_verify(&f->ctx, &w.staff_other, p.code, &v, &out, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_string_equal(err.field, "day");
    assert_int_equal(pass_valid_on(&p, p.day + 1, &err), -1);
    assert_int_equal(fixture_count(f, "pass_check"), 1);
    /* unknown pass */
    lf_err_clear(&err);
    assert_int_equal(pass_verify(&f->ctx, &w.staff, "ZZZZZZZZZZZZZZZZ", &v, &out, &err), -1);
    assert_int_equal(err.code, LF_ERR_NOTFOUND);
    assert_string_equal(err.field, "code");
}

static void test_fever_threshold_is_37_3(void **state)
{
    struct lf_err err = LF_ERR_INIT;
    struct verify_in v = { 0 };
    struct pass_check k;
    static const struct {
        const char *t;
        int tenths, fever;
    } cases[] = {
        { "37.2", 372, 0 }, { "37.3", 373, 1 }, { "37.25", 373, 1 }, { "37.24", 372, 0 },
        { "36.5℃", 365, 0 }, { "34.0", 340, 0 }, { "43.0", 430, 1 },
    };
    size_t i;

    assert_false(pass_is_fever(372));
    assert_true(pass_is_fever(373));
    assert_int_equal(PASS_FEVER_TENTHS, (int)(FEVER_THRESHOLD_C * 10 + 0.5));
    v.checkpoint_id = 1;
    v.id_confirmed = 1;
    v.outcome = "passed";
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        v.temperature_text = cases[i].t;
        assert_int_equal(pass_verify_prepare(&v, &k, &err), 0);
        assert_int_equal(k.temp_tenths, cases[i].tenths);
        assert_int_equal(k.fever, cases[i].fever);
    }
    /* a JSON number works the same */
    v.temperature_text = NULL;
    v.has_temperature = 1;
    v.temperature = 37.3;
    assert_int_equal(pass_verify_prepare(&v, &k, &err), 0);
    assert_int_equal(k.fever, 1);
    v.temperature = 37.2;
    assert_int_equal(pass_verify_prepare(&v, &k, &err), 0);
    assert_int_equal(k.fever, 0);
    /* out of range, missing, bad outcome, unconfirmed ID to pass */
    v.temperature = 55;
    assert_int_equal(pass_verify_prepare(&v, &k, &err), -1);
    assert_string_equal(err.field, "temperature");
    lf_err_clear(&err);
    v.temperature = 33.9;
    assert_int_equal(pass_verify_prepare(&v, &k, &err), -1);
    assert_string_equal(err.field, "temperature");
    lf_err_clear(&err);
    v.has_temperature = 0;
    assert_int_equal(pass_verify_prepare(&v, &k, &err), -1);
    assert_string_equal(err.field, "temperature");
    lf_err_clear(&err);
    v.temperature_text = "36.6";
    v.outcome = "waved";
    assert_int_equal(pass_verify_prepare(&v, &k, &err), -1);
    assert_string_equal(err.field, "outcome");
    lf_err_clear(&err);
    v.outcome = "passed";
    v.id_confirmed = 0;
    assert_int_equal(pass_verify_prepare(&v, &k, &err), -1);
    assert_string_equal(err.field, "id_confirmed");
    lf_err_clear(&err);
    v.outcome = "turned_back";                       /* turning back needs no ID */
    assert_int_equal(pass_verify_prepare(&v, &k, &err), 0);
}

static void test_referral_goes_to_the_persons_community(void **state)
{
    char out[NODE_CODE_MAX];

    referral_community_of("419001001001002", "419001002", out);
    assert_string_equal(out, "419001001001");       /* the person's grid decides */
    referral_community_of("", "419001002", out);
    assert_string_equal(out, "419001002");          /* else the checkpoint's town */
    referral_community_of(NULL, "419001002003", out);
    assert_string_equal(out, "419001002003");       /* or its community */
    referral_community_of("", "419001002003004", out);
    assert_string_equal(out, "419001002003");       /* a grid's community */
    referral_community_of("419001001001", "419001", out);
    assert_string_equal(out, "419001");             /* not a grid: not the person's */
}

static void test_fever_flags_the_person_and_refers_them(void **state)
{
    struct fixture *f = *state;
    struct world w;
    struct lf_err err = LF_ERR_INIT;
    struct lf_who comm, comm_other, medical;
    struct pass_in in;
    struct pass p, q;
    struct verify_in v;
    struct verify_out out;
    struct referral_list l;
    struct referral r;
    struct store_tx *tx;
    struct person person;
    char stranger[19];
    int64_t pid;

    make_world(f, &w);
    pid = add_person(f, &w, "王小明", ID_A);
    comm = fixture_who(ROLE_COMMUNITY_OFFICER, w.community);
    comm_other = fixture_who(ROLE_COMMUNITY_OFFICER, w.other_community);
    medical = fixture_who(ROLE_MEDICAL, "419001");
    in = good_pass(&w);
    p = submit(f, &in);
    assert_int_equal(p.person_id, pid);

    /* 37.2: no fever, nothing referred */
    v = checked(&w, "37.2", "passed");
    assert_int_equal(pass_verify(&f->ctx, &w.staff, p.code, &v, &out, &err), 0);
    assert_int_equal(out.check.fever, 0);
    assert_int_equal(fixture_count(f, "referral"), 0);
    /* 37.3 at the other town's checkpoint: the person's own community */
    v = checked(&w, "37.3", "turned_back");
    v.checkpoint_id = w.cp_other.id;
    v.id_confirmed = 0;
    assert_int_equal(pass_verify(&f->ctx, &w.staff_other, p.code, &v, &out, &err), 0);
    assert_int_equal(out.check.fever, 1);
    assert_true(out.referral.id > 0);
    assert_string_equal(out.referral.community, w.community);
    assert_string_equal(out.referral.community_name, "甲社区");
    assert_int_equal(out.referral.person_id, pid);
    tx = store_begin(f->ctx.store, STORE_READ, &err);
    assert_int_equal(store_person_get(tx, pid, &person, &err), 0);
    store_tx_free(tx);
    assert_true(person.flags & PERSON_FEVER);

    /* seen by the community and the city's medical staff, not by another
     * community's officer */
    assert_int_equal(referral_list(&f->ctx, &comm, NULL, -1, &l, &err), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].id_number, ID_A);
    assert_int_equal(l.items[0].temp_tenths, 373);
    assert_string_equal(l.items[0].checkpoint_name, "省道103卡点");
    assert_string_equal(l.items[0].community_name, "甲社区");
    referral_list_free(&l);
    assert_int_equal(referral_list(&f->ctx, &medical, NULL, REFERRAL_PENDING, &l, &err), 0);
    assert_int_equal(l.n, 1);
    referral_list_free(&l);
    assert_int_equal(referral_list(&f->ctx, &comm_other, NULL, -1, &l, &err), 0);
    assert_int_equal(l.n, 0);
    referral_list_free(&l);
    assert_int_equal(referral_update(&f->ctx, &comm_other, out.referral.id, REFERRAL_RECEIVED,
                                     NULL, &r, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    assert_int_equal(referral_list(&f->ctx, &w.staff, NULL, -1, &l, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    lf_err_clear(&err);

    /* forward only: received, closed, then no more */
    assert_int_equal(referral_update(&f->ctx, &comm, out.referral.id, REFERRAL_RECEIVED,
                                     "已安排车辆送发热门诊", &r, &err), 0);
    assert_int_equal(r.status, REFERRAL_RECEIVED);
    assert_string_equal(r.remarks, "已安排车辆送发热门诊");
    assert_int_equal(referral_update(&f->ctx, &comm, out.referral.id, REFERRAL_CLOSED, NULL,
                                     &r, &err), 0);
    assert_string_equal(r.remarks, "已安排车辆送发热门诊");
    assert_int_equal(referral_update(&f->ctx, &comm, out.referral.id, REFERRAL_RECEIVED, NULL,
                                     &r, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_string_equal(err.field, "status");

    /* someone not in the ledger goes to the town running the checkpoint */
    lf_err_clear(&err);
    in = good_pass(&w);
    in.id_number = id_of("41900119900101123", stranger);
    q = submit(f, &in);
    assert_int_equal(q.person_id, 0);
    v = checked(&w, "38.1", "turned_back");
    assert_int_equal(pass_verify(&f->ctx, &w.staff, q.code, &v, &out, &err), 0);
    assert_string_equal(out.referral.community, TOWN);
    assert_int_equal(out.referral.person_id, 0);
    assert_int_equal(fixture_count(f, "referral"), 2);
    assert_int_equal(fixture_audit_count(f, "referral.create", 1), 2);
}

static void test_staff_read_is_audited_and_scoped(void **state)
{
    struct fixture *f = *state;
    struct world w;
    struct lf_err err = LF_ERR_INIT;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct pass_in in;
    struct pass p, got;
    struct pass_check_list checks;
    struct verify_in v;
    struct verify_out out;

    make_world(f, &w);
    in = good_pass(&w);
    p = submit(f, &in);
    assert_int_equal(pass_load(&f->ctx, &w.staff, p.code, &got, &checks, &err), 0);
    assert_string_equal(got.id_number, ID_A);       /* in full, to compare */
    assert_int_equal(checks.n, 0);
    assert_int_equal(fixture_audit_count(f, "pass.read", 1), 1);
    /* an officer is no checkpoint staff */
    assert_int_equal(pass_load(&f->ctx, &town, p.code, &got, &checks, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    assert_int_equal(fixture_audit_count(f, "pass.read", 0), 1);
    /* staff check at checkpoints of their own jurisdiction only */
    lf_err_clear(&err);
    v = checked(&w, "36.4", "passed");
    v.checkpoint_id = w.cp_other.id;
    assert_int_equal(pass_verify(&f->ctx, &w.staff, p.code, &v, &out, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    assert_string_equal(err.field, "checkpoint_id");
    lf_err_clear(&err);
    v.checkpoint_id = 99999;
    assert_int_equal(pass_verify(&f->ctx, &w.staff, p.code, &v, &out, &err), -1);
    assert_int_equal(err.code, LF_ERR_NOTFOUND);
    assert_string_equal(err.field, "checkpoint_id");
    assert_int_equal(fixture_count(f, "pass_check"), 0);
    lf_err_clear(&err);
    v.checkpoint_id = w.cp.id;
    assert_int_equal(pass_verify(&f->ctx, &w.staff, p.code, &v, &out, &err), 0);
    assert_int_equal(pass_load(&f->ctx, &w.staff, p.code, &got, &checks, &err), 0);
    assert_int_equal(checks.n, 1);
    assert_string_equal(checks.items[0].checkpoint_name, w.cp.name);
    pass_check_list_free(&checks);
}

static void test_stats_count_vehicles_persons_fevers_and_turned_back(void **state)
{
    struct fixture *f = *state;
    struct world w;
    struct lf_err err = LF_ERR_INIT;
    struct lf_who cmd = fixture_who(ROLE_COMMAND, "419001");
    struct checkpoint_stats st;
    struct pass_in in;
    struct pass driver, passenger, other;
    struct verify_in v;
    struct verify_out out;
    char id2[19], id3[19];
    const struct checkpoint_day *row;

    make_world(f, &w);
    in = good_pass(&w);
    driver = submit(f, &in);
    in.name = "李乘客";
    in.id_number = id_of("41900119900101123", id2);
    passenger = submit(f, &in);                      /* same car */
    in.name = "赵司机";
    in.id_number = id_of("41900119800202456", id3);
    in.plate = "豫U12345";
    other = submit(f, &in);
    v = checked(&w, "36.5", "passed");
    assert_int_equal(pass_verify(&f->ctx, &w.staff, driver.code, &v, &out, &err), 0);
    assert_int_equal(pass_verify(&f->ctx, &w.staff, driver.code, &v, &out, &err), 0);
    v = checked(&w, "37.8", "turned_back");
    assert_int_equal(pass_verify(&f->ctx, &w.staff, passenger.code, &v, &out, &err), 0);
    v = checked(&w, "36.9", "turned_back");
    assert_int_equal(pass_verify(&f->ctx, &w.staff, other.code, &v, &out, &err), 0);

    assert_int_equal(checkpoint_stats(&f->ctx, &cmd, NULL, NULL, &st, &err), 0);
    assert_int_equal(st.n, 2);
    row = &st.rows[0];
    assert_int_equal(row->c.id, w.cp.id);
    assert_int_equal(row->vehicles, 2);
    assert_int_equal(row->persons, 3);
    assert_int_equal(row->checks, 4);
    assert_int_equal(row->fevers, 1);
    assert_int_equal(row->turned_back, 2);
    assert_int_equal(row->passes, 3);
    assert_int_equal(st.rows[1].checks, 0);
    assert_int_equal(st.total.checks, 4);
    checkpoint_stats_free(&st);
    /* another day has nothing; a bad day names the field */
    assert_int_equal(checkpoint_stats(&f->ctx, &cmd, TOWN, "2023-11-14", &st, &err), 0);
    assert_int_equal(st.n, 1);
    assert_int_equal(st.total.checks, 0);
    assert_int_equal(st.total.passes, 0);
    checkpoint_stats_free(&st);
    assert_int_equal(checkpoint_stats(&f->ctx, &cmd, TOWN, "2023-02-30", &st, &err), -1);
    assert_string_equal(err.field, "day");
    lf_err_clear(&err);
    assert_int_equal(checkpoint_stats(&f->ctx, &w.staff, TOWN, NULL, &st, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int test_group_checkpoint(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_are_random_and_parse_as_typed),
        T(test_checkpoint_create_checks_input_and_scope),
        T(test_pass_input_is_normalised_or_refused_by_field),
        T(test_pass_is_valid_on_its_day_at_every_checkpoint),
        cmocka_unit_test(test_fever_threshold_is_37_3),
        cmocka_unit_test(test_referral_goes_to_the_persons_community),
        T(test_fever_flags_the_person_and_refers_them),
        T(test_staff_read_is_audited_and_scoped),
        T(test_stats_count_vehicles_persons_fevers_and_turned_back),
    };
    return cmocka_run_group_tests_name("core/checkpoint", tests, NULL, NULL);
}
