/*
 * tests/unit/core/nav.c - the module table of src/core/nav.h: rows are
 * well formed, a role's home comes first, a caller sees exactly the
 * modules its rights open, and 社区报备 stops above the grids.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/nav.h"
#include "groups.h"

static struct lf_who who_of(enum lf_role role, const char *node)
{
    struct lf_who w;

    memset(&w, 0, sizeof(w));
    w.user_id = 1;
    w.role = role;
    snprintf(w.node, sizeof(w.node), "%s", node);
    return w;
}

/* "a,b,c": the ids of who's modules in order. */
static const char *ids(const struct lf_who *who, char *buf, size_t n)
{
    const struct nav_entry *m[NAV__COUNT];
    size_t k = nav_for(who, m), i, o = 0;

    buf[0] = '\0';
    for (i = 0; i < k && o < n; i++)
        o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? "," : "", m[i]->id);
    return buf;
}

static void test_nav_rows_are_well_formed(void **state)
{
    size_t n, i, j;
    const struct nav_entry *t = nav_table(&n);

    assert_int_equal(n, NAV__COUNT);
    for (i = 0; i < n; i++) {
        assert_true(t[i].id[0] && t[i].label[0]);
        assert_true(t[i].right >= 0 && t[i].right < PERM__COUNT);
        assert_ptr_equal(nav_find(t[i].id), &t[i]);
        for (j = 0; j < i; j++)
            assert_string_not_equal(t[i].id, t[j].id);
    }
    assert_null(nav_find("nosuch"));
    assert_null(nav_find(NULL));
}

static void test_nav_home_is_first_and_allowed(void **state)
{
    char buf[512];
    int r;

    for (r = 0; r < ROLE__COUNT; r++) {
        const char *home = role_home(r);
        const struct nav_entry *m[NAV__COUNT];
        struct lf_who w = who_of(r, r == ROLE_GRID_WORKER ? "419001001001001" : "419001001001");

        if (!*home)
            continue;
        assert_non_null(nav_find(home));
        assert_true(nav_for(&w, m) > 0);
        assert_string_equal(m[0]->id, home);
    }
    /* the grid worker's: its home, then the others it may open in table
     * order (a property, so that a new module's row needs no edit here) */
    {
        struct lf_who g = { .role = ROLE_GRID_WORKER, .node = "419001001001001" };
        const struct nav_entry *t;
        char want[512];
        size_t n, i, len;

        len = (size_t)snprintf(want, sizeof(want), "visits");
        t = nav_table(&n);
        for (i = 0; i < n; i++)
            if (strcmp(t[i].id, "visits") != 0 && role_has(ROLE_GRID_WORKER, t[i].right) &&
                strcmp(t[i].id, "reports") != 0)        /* reports stop above grids */
                len += (size_t)snprintf(want + len, sizeof(want) - len, ",%s", t[i].id);
        assert_string_equal(ids(&g, buf, sizeof(buf)), want);
        assert_non_null(strstr(buf, "visits,tree"));
    }
}

/* Every module shown needs a right the caller holds, and every module
 * whose right it holds is shown (the level rule aside). */
static void test_nav_follows_the_rights(void **state)
{
    const struct nav_entry *m[NAV__COUNT];
    size_t n, i, k;
    int r;

    for (r = 0; r < ROLE__COUNT; r++) {
        struct lf_who w = who_of(r, "419001");     /* the top: no level rule bites */
        size_t want = 0;
        const struct nav_entry *t = nav_table(&n);

        k = nav_for(&w, m);
        for (i = 0; i < k; i++)
            assert_true(role_has(r, m[i]->right));
        for (i = 0; i < n; i++)
            want += role_has(r, t[i].right) ? 1 : 0;
        assert_int_equal(k, want);
    }
}

static void test_nav_read_only_roles(void **state)
{
    char buf[512];
    struct lf_who auditor = who_of(ROLE_AUDITOR, "419001");
    struct lf_who medical = who_of(ROLE_MEDICAL, "419001");
    struct lf_who none = who_of(ROLE_NONE, "419001");
    const struct nav_entry *m[NAV__COUNT];

    assert_string_equal(ids(&auditor, buf, sizeof(buf)), "audit");
    assert_string_equal(ids(&medical, buf, sizeof(buf)), "tree,referrals,cases");
    assert_int_equal(nav_for(&none, m), 0);
}

static void test_nav_reports_stop_above_grids(void **state)
{
    char buf[512];
    struct lf_who comm = who_of(ROLE_COMMUNITY_OFFICER, "419001001001");
    struct lf_who cmd_at_grid = who_of(ROLE_COMMAND, "419001001001001");

    assert_non_null(strstr(ids(&comm, buf, sizeof(buf)), "reports"));
    assert_null(strstr(ids(&cmd_at_grid, buf, sizeof(buf)), "reports"));
    assert_non_null(strstr(buf, "persons"));
}

int test_group_nav(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nav_rows_are_well_formed),
        cmocka_unit_test(test_nav_home_is_first_and_allowed),
        cmocka_unit_test(test_nav_follows_the_rights),
        cmocka_unit_test(test_nav_read_only_roles),
        cmocka_unit_test(test_nav_reports_stop_above_grids),
    };

    return cmocka_run_group_tests_name("nav", tests, NULL, NULL);
}
