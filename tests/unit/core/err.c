/*
 * tests/unit/core/err.c - the error struct of src/core/err.c: first error
 * wins, fixed buffers truncate instead of overflowing, nesting of field
 * paths, and the code table shared by HTTP and the command line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "groups.h"

static void test_err_set_fills_and_returns_minus_one(void **state)
{
    struct lf_err err = LF_ERR_INIT;

    assert_int_equal(lf_err_set(&err, LF_ERR_INVALID, "phone",
                                "must be %d digits", 11), -1);
    assert_int_equal(err.code, LF_ERR_INVALID);
    assert_string_equal(err.field, "phone");
    assert_string_equal(err.reason, "must be 11 digits");
}

static void test_err_first_error_wins(void **state)
{
    struct lf_err err = LF_ERR_INIT;

    assert_int_equal(lf_err_set(&err, LF_ERR_NOTFOUND, "venue_id", "no such venue"),
                     -1);
    assert_int_equal(lf_err_set(&err, LF_ERR_FORBIDDEN, "who", "other"), -1);
    assert_int_equal(err.code, LF_ERR_NOTFOUND);
    assert_string_equal(err.field, "venue_id");
    assert_string_equal(err.reason, "no such venue");
}

static int step(int fail, const char *field, struct lf_err *err)
{
    return fail ? lf_err_set(err, LF_ERR_INVALID, field, "bad %s", field) : 0;
}

static void test_err_chains_with_or(void **state)
{
    struct lf_err err = LF_ERR_INIT;
    int calls_ok = step(0, "a", &err) || step(0, "b", &err);

    assert_int_equal(calls_ok, 0);
    assert_int_equal(err.code, LF_ERR_OK);       /* success leaves it alone */
    assert_string_equal(err.reason, "");
    assert_true(step(0, "a", &err) || step(1, "b", &err) || step(1, "c", &err));
    assert_string_equal(err.field, "b");
    assert_string_equal(err.reason, "bad b");
}

static void test_err_null_field_and_null_err(void **state)
{
    struct lf_err err = LF_ERR_INIT;

    assert_int_equal(lf_err_set(&err, LF_ERR_BUSY, NULL, "try again"), -1);
    assert_string_equal(err.field, "");
    assert_int_equal(lf_err_set(NULL, LF_ERR_INTERNAL, "x", "ignored"), -1);
}

static void test_err_long_text_is_truncated(void **state)
{
    struct lf_err err = LF_ERR_INIT;
    char longf[200], longr[400];

    memset(longf, 'f', sizeof(longf) - 1);
    longf[sizeof(longf) - 1] = '\0';
    memset(longr, 'r', sizeof(longr) - 1);
    longr[sizeof(longr) - 1] = '\0';
    lf_err_set(&err, LF_ERR_INVALID, longf, "%s", longr);
    assert_int_equal(strlen(err.field), sizeof(err.field) - 1);
    assert_int_equal(strlen(err.reason), sizeof(err.reason) - 1);
}

static void test_err_nest(void **state)
{
    struct lf_err err = LF_ERR_INIT;
    char longp[100];

    lf_err_set(&err, LF_ERR_INVALID, "id_number", "check digit does not match");
    lf_err_nest(&err, "members[2]");
    assert_string_equal(err.field, "members[2].id_number");
    lf_err_nest(&err, "household");
    assert_string_equal(err.field, "household.members[2].id_number");
    lf_err_nest(&err, "");
    lf_err_nest(&err, NULL);
    assert_string_equal(err.field, "household.members[2].id_number");
    lf_err_nest(NULL, "x");

    /* an error without a field takes the prefix as its field */
    lf_err_clear(&err);
    lf_err_set(&err, LF_ERR_INVALID, NULL, "must be an object");
    lf_err_nest(&err, "members[0]");
    assert_string_equal(err.field, "members[0]");

    /* a path longer than the buffer is cut, never overflowed */
    memset(longp, 'p', sizeof(longp) - 1);
    longp[sizeof(longp) - 1] = '\0';
    lf_err_nest(&err, longp);
    assert_int_equal(strlen(err.field), sizeof(err.field) - 1);
    assert_int_equal(err.field[0], 'p');
}

static void test_err_clear_allows_a_new_error(void **state)
{
    struct lf_err err = LF_ERR_INIT;

    lf_err_set(&err, LF_ERR_CONFLICT, "card_no", "already exists");
    lf_err_clear(&err);
    assert_int_equal(err.code, LF_ERR_OK);
    assert_string_equal(err.field, "");
    assert_string_equal(err.reason, "");
    lf_err_set(&err, LF_ERR_LOCKED, "password", "too many failures");
    assert_int_equal(err.code, LF_ERR_LOCKED);
}

static void test_err_table(void **state)
{
    assert_string_equal(lf_err_name(LF_ERR_OK), "ok");
    assert_string_equal(lf_err_name(LF_ERR_INVALID), "invalid");
    assert_string_equal(lf_err_name(LF_ERR_NOTFOUND), "not_found");
    assert_string_equal(lf_err_name(LF_ERR_TOOLARGE), "too_large");
    assert_string_equal(lf_err_name(LF_ERR_BUSY), "busy");
    assert_int_equal(lf_err_http_status(LF_ERR_OK), 200);
    assert_int_equal(lf_err_http_status(LF_ERR_INVALID), 400);
    assert_int_equal(lf_err_http_status(LF_ERR_UNAUTHORIZED), 401);
    assert_int_equal(lf_err_http_status(LF_ERR_FORBIDDEN), 403);
    assert_int_equal(lf_err_http_status(LF_ERR_NOTFOUND), 404);
    assert_int_equal(lf_err_http_status(LF_ERR_CONFLICT), 409);
    assert_int_equal(lf_err_http_status(LF_ERR_TOOLARGE), 413);
    assert_int_equal(lf_err_http_status(LF_ERR_LOCKED), 429);
    assert_int_equal(lf_err_http_status(LF_ERR_INTERNAL), 500);
    assert_int_equal(lf_err_http_status(LF_ERR_BUSY), 503);
    /* a code out of the table is an internal error, not a crash */
    assert_string_equal(lf_err_name(LF_ERR__COUNT), "internal");
    assert_string_equal(lf_err_name((enum lf_errcode)1000), "internal");
    assert_int_equal(lf_err_http_status((enum lf_errcode)-1), 500);
}

static void test_err_message(void **state)
{
    struct lf_err err = LF_ERR_INIT;
    char buf[64], tiny[8];

    lf_err_set(&err, LF_ERR_INVALID, "phone", "must be 11 digits");
    assert_string_equal(lf_err_message(&err, buf, sizeof(buf)),
                        "phone: must be 11 digits");
    assert_string_equal(lf_err_message(&err, tiny, sizeof(tiny)), "phone: ");
    lf_err_clear(&err);
    lf_err_set(&err, LF_ERR_BUSY, NULL, "server is busy");
    assert_string_equal(lf_err_message(&err, buf, sizeof(buf)),
                        "server is busy");
}

int test_group_err(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_err_set_fills_and_returns_minus_one),
        cmocka_unit_test(test_err_first_error_wins),
        cmocka_unit_test(test_err_chains_with_or),
        cmocka_unit_test(test_err_null_field_and_null_err),
        cmocka_unit_test(test_err_long_text_is_truncated),
        cmocka_unit_test(test_err_nest),
        cmocka_unit_test(test_err_clear_allows_a_new_error),
        cmocka_unit_test(test_err_table),
        cmocka_unit_test(test_err_message),
    };

    return cmocka_run_group_tests_name("err", tests, NULL, NULL);
}
