/*
 * tests/unit/core/labels.c - the label tables of src/core/labels.h: every
 * table the pages get is well formed, lookups round-trip, and the
 * modules' own functions answer from the same rows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/arrival.h"
#include "core/case.h"
#include "core/labels.h"
#include "core/node.h"
#include "core/referral.h"
#include "core/screening.h"
#include "core/venue.h"
#include "groups.h"

static int tone_ok(const char *t)
{
    return !strcmp(t, "") || !strcmp(t, "ok") || !strcmp(t, "warn") || !strcmp(t, "bad") ||
           !strcmp(t, "muted");
}

static void test_labels_every_table_is_well_formed(void **state)
{
    size_t n, i, j, k;
    const struct lf_labels *const *all = labels_all(&n);

    assert_true(n >= 20);
    for (i = 0; i < n; i++) {
        const struct lf_labels *t = all[i];

        assert_true(t->name[0] != '\0');
        assert_true(t->n > 0);
        for (j = 0; j < i; j++)
            assert_string_not_equal(t->name, all[j]->name);
        for (j = 0; j < t->n; j++) {
            const struct lf_label *l = &t->items[j];

            if (!l->id[0] || !l->label[0] || !tone_ok(l->tone))
                fail_msg("%s row %zu: id \"%s\" label \"%s\" tone \"%s\"", t->name, j,
                         l->id, l->label, l->tone);
            for (k = 0; k < j; k++)
                if (!strcmp(l->id, t->items[k].id) || l->value == t->items[k].value)
                    fail_msg("%s: rows %zu and %zu share an id or value", t->name, k, j);
            assert_ptr_equal(labels_find(t, l->value), l);
            assert_ptr_equal(labels_find_id(t, l->id), l);
            assert_int_equal(labels_parse(t, l->id, -99), l->value);
            assert_string_equal(labels_id(t, l->value), l->id);
            assert_string_equal(labels_label(t, l->value), l->label);
        }
        assert_int_equal(labels_parse(t, "no such id", -99), -99);
        assert_int_equal(labels_parse(t, NULL, -99), -99);
    }
}

static void test_labels_modules_answer_from_their_tables(void **state)
{
    assert_string_equal(case_status_id(CASE_CONFIRMED), "confirmed");
    assert_string_equal(case_status_label(CASE_CONFIRMED), "确诊病例");
    assert_string_equal(labels_label(&case_status_labels, CASE_CONFIRMED), "确诊病例");
    assert_int_equal(case_status_parse("dead"), CASE_DEAD);
    assert_int_equal(case_status_parse("alive"), 0);
    assert_int_equal(case_source_parse("local"), CASE_SOURCE_LOCAL);
    assert_string_equal(case_stop_kind_id(CASE_STOP_MANUAL), "manual");
    assert_string_equal(node_kind_name(NODE_GRID), "grid");
    assert_int_equal(node_kind_from_name("网格"), NODE_GRID);
    assert_int_equal(node_kind_from_name("社区"), NODE_COMMUNITY);
    assert_int_equal(node_kind_from_name("乡镇街道"), 0);   /* not importable */
    assert_int_equal(visit_outcome_from_name("refused"), VISIT_REFUSED);
    assert_int_equal(visit_outcome_from_name("none"), -1); /* not recordable */
    assert_string_equal(visit_outcome_name(VISIT_NONE), "none");
    assert_string_equal(venue_status_name(VENUE_APPROVED), "approved");
    assert_string_equal(venue_type_label(VENUE_HOTEL), "宾馆");
    assert_null(venue_type_label(77));
    assert_int_equal(referral_status_from_name("closed"), REFERRAL_CLOSED);
    assert_string_equal(labels_label(&risk_level_labels, RISK_HIGH), "高风险");
    assert_string_equal(labels_id(&self_report_status_labels, REPORT_REJECTED), "rejected");
}

static void test_labels_version_is_a_stable_digest(void **state)
{
    char a[17], b[17];
    size_t i;

    labels_version(a);
    labels_version(b);
    assert_string_equal(a, b);
    assert_int_equal(strlen(a), 16);
    for (i = 0; i < 16; i++)
        assert_non_null(strchr("0123456789abcdef", a[i]));
}

int test_group_labels(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels_every_table_is_well_formed),
        cmocka_unit_test(test_labels_modules_answer_from_their_tables),
        cmocka_unit_test(test_labels_version_is_a_stable_digest),
    };

    return cmocka_run_group_tests_name("labels", tests, NULL, NULL);
}
