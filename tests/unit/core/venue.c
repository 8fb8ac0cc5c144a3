/*
 * Tests of src/core/venue.c and src/store/sqlite_venue.c: the type table,
 * validation of an application (the field named, nothing stored), scope,
 * the decide rules (reason to reject, once only, the venue's own node),
 * what an operator sees, counts per child, the scan URL, and bulk inserts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/node.h"
#include "core/venue.h"
#include "fixture.h"
#include "store/store.h"
#include "store/venue.h"
#include "util/token.h"

#define TOWN "419001001"
#define OTHER_TOWN "419001002"

/* Two communities under TOWN, one under OTHER_TOWN, a grid in the first. */
struct tree {
    char c1[16], c2[16], c3[16], g1[16];
};

static void make_tree(struct fixture *f, struct tree *t)
{
    struct lf_err err = LF_ERR_INIT;
    struct node n;
    struct node_in in;

    in = (struct node_in){ NULL, "community", "甲社区", TOWN };
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &n, &err), 0);
    memcpy(t->c1, n.code, 16);
    in = (struct node_in){ NULL, "community", "乙社区", TOWN };
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &n, &err), 0);
    memcpy(t->c2, n.code, 16);
    in = (struct node_in){ NULL, "community", "丙村", OTHER_TOWN };
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &n, &err), 0);
    memcpy(t->c3, n.code, 16);
    in = (struct node_in){ NULL, "grid", "第一网格", t->c1 };
    assert_int_equal(node_create(&f->ctx, &f->admin, &in, &n, &err), 0);
    memcpy(t->g1, n.code, 16);
}

static struct venue_in good(const char *node)
{
    struct venue_in in = { "好又多超市", "supermarket", "沁园路12号", node, "王老板",
                           "138 1234 5678" };
    return in;
}

static int64_t apply_ok(struct fixture *f, const struct lf_who *who, struct venue_in in)
{
    struct lf_err err = LF_ERR_INIT;
    struct venue v;

    if (venue_apply(&f->ctx, who, &in, &v, &err))
        fail_msg("venue_apply: %s: %s", err.field, err.reason);
    return v.id;
}

static void test_type_table_is_complete_and_stable(void **state)
{
    size_t n, i, j;
    const int *types = venue_types(&n);

    (void)state;
    assert_int_equal(n, 14);
    assert_int_equal(venue_type_from_id("supermarket"), 1);     /* stored: never renumber */
    assert_int_equal(venue_type_from_id("other"), 99);
    assert_int_equal(venue_type_from_id("Supermarket"), -1);
    assert_int_equal(venue_type_from_id(""), -1);
    assert_int_equal(venue_type_from_id(NULL), -1);
    assert_string_equal(venue_type_label(VENUE_MARKET), "农贸市场");
    assert_string_equal(venue_type_id(VENUE_BUS), "bus");
    assert_null(venue_type_id(0));
    assert_int_equal(venue_type_stay_minutes(VENUE_SUPERMARKET), 30);
    assert_int_equal(venue_type_stay_minutes(VENUE_PHARMACY), 10);
    assert_int_equal(venue_type_stay_minutes(VENUE_SCHOOL), 480);
    assert_int_equal(venue_type_stay_minutes(VENUE_HOTEL), 600);
    assert_int_equal(venue_type_stay_minutes(12345), 30);
    for (i = 0; i < n; i++) {
        assert_non_null(venue_type_id(types[i]));
        assert_int_equal(venue_type_from_id(venue_type_id(types[i])), types[i]);
        assert_true(venue_type_stay_minutes(types[i]) > 0);
        for (j = i + 1; j < n; j++)
            assert_int_not_equal(types[i], types[j]);
    }
    assert_int_equal(venue_status_from_name("approved"), VENUE_APPROVED);
    assert_int_equal(venue_status_from_name("pending"), -1);
    assert_string_equal(venue_status_name(VENUE_REJECTED), "rejected");
}

static void test_apply_stores_a_trimmed_normalised_application(void **state)
{
    struct fixture *f = *state;
    struct lf_who op = fixture_who(ROLE_VENUE_OPERATOR, TOWN);
    struct lf_err err = LF_ERR_INIT;
    struct venue_in in;
    struct tree t;
    struct venue v;

    make_tree(f, &t);
    in = good(t.g1);
    in.name = "　好又多超市 ";                 /* an ideographic space from the IME */
    in.contact_phone = "+86 138-1234-5678";
    assert_int_equal(venue_apply(&f->ctx, &op, &in, &v, &err), 0);
    assert_true(v.id > 0);
    assert_string_equal(v.name, "好又多超市");
    assert_string_equal(v.contact_phone, "13812345678");
    assert_string_equal(v.node, t.g1);
    assert_string_equal(v.node_name, "第一网格");
    assert_int_equal(v.status, VENUE_APPLIED);
    assert_int_equal(v.applicant_id, op.user_id);
    assert_string_equal(v.code, "");
    assert_int_equal(fixture_audit_count(f, "venue.apply", 1), 1);
}

static void test_bad_applications_name_the_field_and_store_nothing(void **state)
{
    struct fixture *f = *state;
    struct lf_who op = fixture_who(ROLE_VENUE_OPERATOR, TOWN);
    struct lf_who grid = fixture_who(ROLE_GRID_WORKER, TOWN);
    struct tree t;
    size_t i;
    struct {
        const char *what;
        struct venue_in in;
        const struct lf_who *who;
        enum lf_errcode code;
        const char *field;
    } cases[13];

    make_tree(f, &t);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cases[i].in = good(t.c1);
        cases[i].who = &op;
        cases[i].code = LF_ERR_INVALID;
    }
    i = 0;
    cases[i].what = "no name", cases[i].in.name = NULL, cases[i++].field = "name";
    cases[i].what = "blank name", cases[i].in.name = "  ", cases[i++].field = "name";
    cases[i].what = "unknown type", cases[i].in.type = "casino", cases[i++].field = "type";
    cases[i].what = "no type", cases[i].in.type = "", cases[i++].field = "type";
    cases[i].what = "no address", cases[i].in.address = NULL, cases[i++].field = "address";
    cases[i].what = "no node", cases[i].in.node = "", cases[i++].field = "node";
    cases[i].what = "a county node", cases[i].in.node = "419001", cases[i++].field = "node";
    cases[i].what = "bad phone", cases[i].in.contact_phone = "1234567", cases[i++].field = "contact_phone";
    cases[i].what = "no contact", cases[i].in.contact_name = NULL, cases[i++].field = "contact_name";
    cases[i].what = "another town", cases[i].in.node = t.c3, cases[i].code = LF_ERR_FORBIDDEN,
    cases[i++].field = "node";
    cases[i].what = "unknown community", cases[i].in.node = "419001001999",
    cases[i].code = LF_ERR_NOTFOUND, cases[i++].field = "node";
    cases[i].what = "a grid worker", cases[i].who = &grid, cases[i].code = LF_ERR_FORBIDDEN,
    cases[i++].field = "";
    cases[i].what = "name of 65 characters", cases[i].in.name =
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五",
    cases[i++].field = "name";
    assert_int_equal(i, sizeof(cases) / sizeof(cases[0]));
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct lf_err err = LF_ERR_INIT;
        struct venue v;
        if (venue_apply(&f->ctx, cases[i].who, &cases[i].in, &v, &err) != -1)
            fail_msg("%s: accepted", cases[i].what);
        if (err.code != cases[i].code || strcmp(err.field, cases[i].field) != 0)
            fail_msg("%s: got %d %s: %s", cases[i].what, err.code, err.field, err.reason);
    }
    assert_int_equal(fixture_count(f, "venue"), 0);
    assert_int_equal(fixture_audit_count(f, "venue.apply", 0), 2);   /* the two denials */
}

static void test_the_same_venue_cannot_apply_twice(void **state)
{
    struct fixture *f = *state;
    struct lf_who op = fixture_who(ROLE_VENUE_OPERATOR, TOWN);
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct lf_err err = LF_ERR_INIT;
    struct venue v;
    struct venue_in in;
    struct tree t;
    int64_t id;

    make_tree(f, &t);
    in = good(t.c1);
    id = apply_ok(f, &op, in);
    assert_int_equal(venue_apply(&f->ctx, &op, &in, &v, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_string_equal(err.field, "name");
    /* once rejected, it may apply again */
    lf_err_clear(&err);
    assert_int_equal(venue_decide(&f->ctx, &town, id, 0, "地址不详", &v, &err), 0);
    apply_ok(f, &op, in);
    in.address = "沁园路14号";                   /* a second shop of the chain */
    apply_ok(f, &op, in);
    assert_int_equal(fixture_count(f, "venue"), 3);
}

static void test_decide_rules(void **state)
{
    struct fixture *f = *state;
    struct lf_who op = fixture_who(ROLE_VENUE_OPERATOR, TOWN);
    struct lf_who comm1, comm2, grid = fixture_who(ROLE_GRID_WORKER, TOWN);
    struct lf_err err = LF_ERR_INIT;
    struct venue v;
    struct tree t;
    int64_t a, b;
    char url[300];

    make_tree(f, &t);
    comm1 = fixture_who(ROLE_COMMUNITY_OFFICER, t.c1);
    comm2 = fixture_who(ROLE_COMMUNITY_OFFICER, t.c2);
    snprintf(f->ctx.public_url, sizeof(f->ctx.public_url), "https://yq.example.cn");
    a = apply_ok(f, &op, good(t.g1));
    b = apply_ok(f, &op, (struct venue_in){ "老王餐馆", "restaurant", "一号路", t.c1, "王五",
                                              "13900000000" });
    /* not an approved venue: no QR yet */
    assert_int_equal(venue_qr_text(&f->ctx, &comm1, a, &v, url, sizeof(url), &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_string_equal(err.field, "id");
    /* another community's officer, a grid worker, an operator: refused */
    lf_err_clear(&err);
    assert_int_equal(venue_decide(&f->ctx, &comm2, a, 1, NULL, &v, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    assert_string_equal(err.field, "id");
    lf_err_clear(&err);
    assert_int_equal(venue_decide(&f->ctx, &grid, a, 1, NULL, &v, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    lf_err_clear(&err);
    assert_int_equal(venue_decide(&f->ctx, &op, a, 1, NULL, &v, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    /* rejecting needs a reason */
    lf_err_clear(&err);
    assert_int_equal(venue_decide(&f->ctx, &comm1, b, 0, "", &v, &err), -1);
    assert_int_equal(err.code, LF_ERR_INVALID);
    assert_string_equal(err.field, "reason");
    lf_err_clear(&err);
    assert_int_equal(venue_decide(&f->ctx, &comm1, 999, 1, NULL, &v, &err), -1);
    assert_int_equal(err.code, LF_ERR_NOTFOUND);
    assert_string_equal(err.field, "id");
    assert_int_equal(fixture_audit_count(f, "venue.decide", 0), 3);
    /* approve: a code; then the QR text is the scan URL */
    lf_err_clear(&err);
    assert_int_equal(venue_decide(&f->ctx, &comm1, a, 1, NULL, &v, &err), 0);
    assert_int_equal(v.status, VENUE_APPROVED);
    assert_true(token_is_base32(v.code, VENUE_CODE_LEN));
    assert_int_equal(v.reviewer_id, comm1.user_id);
    assert_int_equal(v.reviewed_utc, FIXTURE_NOW);
    assert_int_equal(venue_qr_text(&f->ctx, &op, a, &v, url, sizeof(url), &err), 0);
    assert_true(strncmp(url, "https://yq.example.cn/scan.html?v=", 34) == 0);
    assert_string_equal(url + 34, v.code);
    /* deciding twice: conflict, nothing changed */
    assert_int_equal(venue_decide(&f->ctx, &comm1, a, 0, "重复", &v, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_string_equal(err.field, "id");
    lf_err_clear(&err);
    assert_int_equal(venue_get(&f->ctx, &comm1, a, &v, &err), 0);
    assert_int_equal(v.status, VENUE_APPROVED);
    assert_int_equal(venue_decide(&f->ctx, &comm1, b, 0, "营业执照不清晰", &v, &err), 0);
    assert_int_equal(v.status, VENUE_REJECTED);
    assert_string_equal(v.reason, "营业执照不清晰");
    assert_string_equal(v.code, "");
    assert_int_equal(fixture_audit_count(f, "venue.approve", 1), 1);
    assert_int_equal(fixture_audit_count(f, "venue.reject", 1), 1);
    /* the public page finds the approved venue by its code, and only it */
    {
        struct venue pub, got;
        assert_int_equal(venue_get(&f->ctx, &comm1, a, &got, &err), 0);
        assert_int_equal(venue_public_get(&f->ctx, got.code, &pub, &err), 0);
        assert_string_equal(pub.name, "好又多超市");
        assert_string_equal(pub.contact_phone, "");       /* nothing private */
        assert_int_equal(venue_public_get(&f->ctx, "0000000000000000", &pub, &err), -1);
        assert_int_equal(err.code, LF_ERR_NOTFOUND);
        lf_err_clear(&err);
        assert_int_equal(venue_public_get(&f->ctx, "x' OR 1=1 --", &pub, &err), -1);
        assert_int_equal(err.code, LF_ERR_NOTFOUND);
    }
}

static void test_operators_see_only_their_own(void **state)
{
    struct fixture *f = *state;
    struct lf_who op1 = fixture_who(ROLE_VENUE_OPERATOR, TOWN);
    struct lf_who op2 = fixture_who(ROLE_VENUE_OPERATOR, TOWN);
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct lf_who other = fixture_who(ROLE_TOWN_OFFICER, OTHER_TOWN);
    struct lf_err err = LF_ERR_INIT;
    struct venue_query q = { NULL, -1, 0, 0, 0 };
    struct venue_list l;
    struct venue v;
    struct tree t;
    int64_t a;

    make_tree(f, &t);
    op2.user_id = op1.user_id + 1;
    a = apply_ok(f, &op1, good(t.c1));
    apply_ok(f, &op2, (struct venue_in){ "药店", "pharmacy", "二号路", t.c2, "李", "13900000000" });
    assert_int_equal(venue_list(&f->ctx, &op1, &q, &l, &err), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].id, a);
    venue_list_free(&l);
    assert_int_equal(venue_get(&f->ctx, &op2, a, &v, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    lf_err_clear(&err);
    assert_int_equal(venue_list(&f->ctx, &town, &q, &l, &err), 0);
    assert_int_equal(l.n, 2);
    venue_list_free(&l);
    q.status = VENUE_APPROVED;
    assert_int_equal(venue_list(&f->ctx, &town, &q, &l, &err), 0);
    assert_int_equal(l.n, 0);
    venue_list_free(&l);
    q.status = -1;
    assert_int_equal(venue_list(&f->ctx, &other, &q, &l, &err), 0);
    assert_int_equal(l.n, 0);
    venue_list_free(&l);
    q.node = TOWN;
    assert_int_equal(venue_list(&f->ctx, &other, &q, &l, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    assert_string_equal(err.field, "node");
    /* paging */
    lf_err_clear(&err);
    q.limit = 1;
    assert_int_equal(venue_list(&f->ctx, &town, &q, &l, &err), 0);
    assert_int_equal(l.n, 1);
    q.after_id = l.items[0].id;
    venue_list_free(&l);
    assert_int_equal(venue_list(&f->ctx, &town, &q, &l, &err), 0);
    assert_int_equal(l.n, 1);
    assert_int_not_equal(l.items[0].id, a);
    venue_list_free(&l);
    assert_true(fixture_audit_count(f, "venue.list", 1) >= 5);
}

static void test_counts_roll_up_per_child(void **state)
{
    struct fixture *f = *state;
    struct lf_who op = fixture_who(ROLE_VENUE_OPERATOR, "419001");
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, TOWN);
    struct lf_who cmd = fixture_who(ROLE_COMMAND, "419001");
    struct lf_err err = LF_ERR_INIT;
    struct venue_counts vc;
    struct venue v;
    struct tree t;
    size_t i;
    int64_t a;

    make_tree(f, &t);
    a = apply_ok(f, &op, good(t.g1));
    apply_ok(f, &op, (struct venue_in){ "乙店", "bank", "二号路", t.c2, "李", "13900000000" });
    apply_ok(f, &op, (struct venue_in){ "镇上饭店", "restaurant", "三号路", TOWN, "赵",
                                         "13900000001" });
    apply_ok(f, &op, (struct venue_in){ "丙店", "gym", "四号路", t.c3, "钱", "13900000002" });
    assert_int_equal(venue_decide(&f->ctx, &town, a, 1, NULL, &v, &err), 0);
    assert_int_equal(venue_counts_get(&f->ctx, &town, NULL, &vc, &err), 0);
    assert_string_equal(vc.total.code, TOWN);
    assert_int_equal(vc.total.applied, 2);
    assert_int_equal(vc.total.approved, 1);
    assert_int_equal(vc.direct.applied, 1);          /* 镇上饭店 at the town itself */
    for (i = 0; i < vc.n_children; i++) {
        if (strcmp(vc.children[i].code, t.c1) == 0) {
            assert_string_equal(vc.children[i].name, "甲社区");
            assert_int_equal(vc.children[i].approved, 1);
            assert_int_equal(vc.children[i].applied, 0);
        } else if (strcmp(vc.children[i].code, t.c2) == 0) {
            assert_int_equal(vc.children[i].applied, 1);
        } else {
            assert_int_equal(vc.children[i].applied + vc.children[i].approved, 0);
        }
    }
    venue_counts_free(&vc);
    assert_int_equal(venue_counts_get(&f->ctx, &cmd, "419001", &vc, &err), 0);
    assert_int_equal(vc.total.applied + vc.total.approved, 4);
    assert_int_equal(vc.n_children, 16);               /* every town, with zeros */
    venue_counts_free(&vc);
    assert_int_equal(venue_counts_get(&f->ctx, &op, NULL, &vc, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
}

static void test_bulk_insert_draws_unique_codes(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct store_tx *tx = store_begin(f->ctx.store, STORE_WRITE, &err);
    struct venue v, got;
    int i;

    assert_non_null(tx);
    for (i = 0; i < 2000; i++) {
        memset(&v, 0, sizeof(v));
        snprintf(v.node, sizeof(v.node), "%s", TOWN);
        snprintf(v.name, sizeof(v.name), "店%d", i);
        v.type = VENUE_SUPERMARKET;
        snprintf(v.address, sizeof(v.address), "路%d号", i);
        v.status = i % 4 ? VENUE_APPROVED : VENUE_APPLIED;
        v.created_utc = FIXTURE_NOW;
        assert_int_equal(store_venue_insert(tx, &v, &err), 0);
        assert_int_equal(v.id, i + 1);
        assert_int_equal(token_is_base32(v.code, VENUE_CODE_LEN), i % 4 != 0);
    }
    assert_int_equal(store_venue_get_by_code(tx, v.code, &got, &err), 0);
    assert_int_equal(got.id, v.id);
    /* a code given twice is refused */
    v.id = 0;
    assert_int_equal(store_venue_insert(tx, &v, &err), -1);
    assert_int_equal(err.code, LF_ERR_CONFLICT);
    assert_string_equal(err.field, "code");
    assert_int_equal(store_commit(tx, &err), 0);
    store_tx_free(tx);
    assert_int_equal(fixture_count(f, "venue"), 2000);
    {
        char a[VENUE_CODE_LEN + 1], b[VENUE_CODE_LEN + 1];
        token_base32(a, VENUE_CODE_LEN);
        token_base32(b, VENUE_CODE_LEN);
        assert_string_not_equal(a, b);
        assert_false(token_is_base32("0123456789abcdeI", VENUE_CODE_LEN));
        assert_false(token_is_base32("0123456789abcde", VENUE_CODE_LEN));
        assert_false(token_is_base32("0123456789abcdefg", VENUE_CODE_LEN));
    }
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int test_group_venue(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_table_is_complete_and_stable),
        T(test_apply_stores_a_trimmed_normalised_application),
        T(test_bad_applications_name_the_field_and_store_nothing),
        T(test_the_same_venue_cannot_apply_twice),
        T(test_decide_rules),
        T(test_operators_see_only_their_own),
        T(test_counts_roll_up_per_child),
        T(test_bulk_insert_draws_unique_codes),
    };
    return cmocka_run_group_tests_name("core/venue", tests, NULL, NULL);
}
