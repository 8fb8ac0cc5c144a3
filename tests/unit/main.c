/*
 * main.c - runs every unit-test group of groups.h, or only the groups
 * named as arguments (build/san/unit-tests store node); exit status is
 * the number of failed tests (0 = all passed), capped at 255. The store
 * behind the tests is SQLite, or PostgreSQL with LIANFANG_TEST_PG set
 * (fixture.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "groups.h"

static int wanted(int argc, char **argv, const char *name)
{
    int i;

    if (argc < 2)
        return 1;
    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    int failed = 0;

    printf("unit: store on %s\n", fixture_pg() ? "PostgreSQL" : "SQLite");
#define RUN(name) if (wanted(argc, argv, #name)) failed += test_group_##name();
    TEST_GROUPS(RUN)
#undef RUN
    printf("unit: %d failed test(s) on %s\n", failed, fixture_pg() ? "PostgreSQL" : "SQLite");
    return failed > 255 ? 255 : failed;
}
