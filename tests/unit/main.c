/*
 * main.c - runs every unit-test group of groups.h; exit status is the
 * number of failed tests (0 = all passed), capped at 255.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "groups.h"

int main(void)
{
    int failed = 0;

#define RUN(name) failed += test_group_##name();
    TEST_GROUPS(RUN)
#undef RUN
    printf("unit: %d failed test(s)\n", failed);
    return failed > 255 ? 255 : failed;
}
