/*
 * tests/unit/core/role.c - the rights and roles tables of src/core/role.h:
 * every role's rights resolve, names round-trip, the separate duties hold,
 * and the bitset keeps rights apart past 64 and 128.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/role.h"
#include "core/scope.h"
#include "groups.h"
#include "util/bitset.h"

static void test_role_every_row_names_known_rights(void **state)
{
    struct lf_rights set;
    char bad[64];
    int r;

    for (r = 0; r < ROLE__COUNT; r++) {
        bad[0] = '\0';
        if (rights_parse(role_rights_names(r), &set, bad, sizeof(bad)) != 0)
            fail_msg("role %s names the unknown right \"%s\"", role_id(r), bad);
        /* and what was resolved for the role is that set */
        assert_memory_equal(role_rights(r), &set, sizeof(set));
    }
}

static void test_role_right_names_round_trip(void **state)
{
    int p, q;

    for (p = 0; p < PERM__COUNT; p++) {
        assert_true(strchr(right_id(p), '.') != NULL);   /* "module.verb" */
        assert_true(right_label(p)[0] != '\0');
        assert_int_equal(right_from_id(right_id(p)), p);
        for (q = 0; q < p; q++)
            assert_string_not_equal(right_id(p), right_id(q));
    }
    assert_int_equal(right_from_id("case.write"), PERM_CASE_WRITE);
    assert_string_equal(right_id(PERM_CASE_WRITE), "case.write");
    assert_int_equal(right_from_id("case.writ"), PERM_NONE);
    assert_int_equal(right_from_id(NULL), PERM_NONE);
    assert_string_equal(right_id(PERM_NONE), "");
    assert_string_equal(right_id(PERM__COUNT), "");
}

static void test_role_parse_reports_the_unknown_name(void **state)
{
    struct lf_rights set;
    char bad[64];

    assert_int_equal(rights_parse("node.read  case.read ", &set, bad, sizeof(bad)), 0);
    assert_true(rights_has(&set, PERM_NODE_READ));
    assert_true(rights_has(&set, PERM_CASE_READ));
    assert_false(rights_has(&set, PERM_CASE_WRITE));
    assert_int_equal(rights_parse("node.read case.wirte", &set, bad, sizeof(bad)), -1);
    assert_string_equal(bad, "case.wirte");
    assert_int_equal(rights_parse("*", &set, bad, sizeof(bad)), 0);
    assert_true(rights_has(&set, 0));
    assert_true(rights_has(&set, PERM__COUNT - 1));
    assert_false(rights_has(&set, PERM_NONE));
}

static void test_role_separate_duties(void **state)
{
    int p;

    /* the administrator reads no personal data; the auditor only the log */
    assert_true(role_has(ROLE_ADMIN, PERM_USER_ADMIN));
    assert_false(role_has(ROLE_ADMIN, PERM_LEDGER_READ));
    assert_false(role_has(ROLE_ADMIN, PERM_CASE_READ));
    for (p = 0; p < PERM__COUNT; p++)
        assert_int_equal(role_has(ROLE_AUDITOR, p), p == PERM_AUDIT_READ);
    /* cases: the epidemiologist writes, medical staff read */
    assert_true(role_has(ROLE_EPIDEMIOLOGIST, PERM_CASE_WRITE));
    assert_true(role_has(ROLE_MEDICAL, PERM_CASE_READ));
    assert_false(role_has(ROLE_MEDICAL, PERM_CASE_WRITE));
    /* the groups of the table expand */
    assert_true(role_has(ROLE_GRID_WORKER, PERM_LEDGER_EDIT));
    assert_true(role_has(ROLE_COMMUNITY_OFFICER, PERM_VENUE_REVIEW));
    assert_true(role_has(ROLE_COMMUNITY_OFFICER, PERM_REFERRAL_READ));
    /* the command line has everything; the unmasked export besides only
     * the officers of towns and communities (after their password again) */
    for (p = 0; p < PERM__COUNT; p++)
        assert_true(role_has(ROLE_SYSTEM, p));
    for (p = 0; p < ROLE__COUNT; p++)
        if (p != ROLE_SYSTEM && p != ROLE_TOWN_OFFICER && p != ROLE_COMMUNITY_OFFICER)
            assert_false(role_has(p, PERM_LEDGER_EXPORT_FULL));
    /* nothing for no role */
    assert_false(role_has(ROLE_NONE, PERM_NODE_READ));
    assert_false(role_has(ROLE__COUNT, PERM_NODE_READ));
}

static void test_role_scope_need_tests_the_bit(void **state)
{
    struct lf_who who = { .user_id = 9, .role = ROLE_MEDICAL, .node = "419001" };
    struct lf_err err = LF_ERR_INIT;

    assert_int_equal(scope_need(&who, PERM_CASE_READ, &err), 0);
    assert_int_equal(err.code, LF_ERR_OK);
    assert_int_equal(scope_need(&who, PERM_CASE_WRITE, &err), -1);
    assert_int_equal(err.code, LF_ERR_FORBIDDEN);
}

/* The set is words sized from the table's count; a bit above 64 or 128
 * lands in its own word and leaves its neighbours alone. */
static void test_role_bitset_past_64_and_128(void **state)
{
    static const size_t bits[] = { 0, 1, 63, 64, 70, 127, 128, 129, 199 };
    uint64_t w[BITSET_WORDS(200)];
    size_t i, j;

    assert_int_equal(sizeof(w) / sizeof(w[0]), 4);
    assert_int_equal(BITSET_WORDS(64), 1);
    assert_int_equal(BITSET_WORDS(65), 2);
    assert_true(sizeof(struct lf_rights) * 8 >= (size_t)PERM__COUNT);
    assert_true(sizeof(struct lf_rights) * 8 < (size_t)PERM__COUNT + 64);
    for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
        memset(w, 0, sizeof(w));
        bitset_add(w, bits[i]);
        for (j = 0; j < 200; j++)
            assert_int_equal(bitset_has(w, j), j == bits[i]);
    }
    memset(w, 0, sizeof(w));
    bitset_add(w, 70);
    bitset_add(w, 130);
    assert_true(w[0] == 0 && w[1] == (uint64_t)1 << 6 && w[2] == (uint64_t)1 << 2 && w[3] == 0);
}

int test_group_role(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_role_every_row_names_known_rights),
        cmocka_unit_test(test_role_right_names_round_trip),
        cmocka_unit_test(test_role_parse_reports_the_unknown_name),
        cmocka_unit_test(test_role_separate_duties),
        cmocka_unit_test(test_role_scope_need_tests_the_bit),
        cmocka_unit_test(test_role_bitset_past_64_and_128),
    };

    return cmocka_run_group_tests_name("role", tests, NULL, NULL);
}
