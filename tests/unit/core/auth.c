/*
 * Tests of src/core/auth.c and src/core/user.c: logins, lockout, session
 * expiry, CSRF tokens, user management rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/auth.h"
#include "core/auth_cache.h"
#include "core/user.h"
#include "fixture.h"

static void add_user(struct fixture *f, const char *name, const char *role, const char *node)
{
    struct lf_err err = LF_ERR_INIT;
    struct user_in in = { name, "测试", role, node, FIXTURE_PASSWORD };
    struct user u;

    if (user_create(&f->ctx, &f->admin, &in, &u, &err))
        fail_msg("user_create %s: %s: %s", name, err.field, err.reason);
}

static void test_login_gives_a_session_that_authenticates(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct auth_login_out out;
    struct lf_who who;

    add_user(f, "town1", "town_officer", "419001001");
    assert_int_equal(auth_login(&f->ctx, "town1", FIXTURE_PASSWORD, "192.0.2.9", &out, &err), 0);
    assert_int_equal(strlen(out.token), AUTH_TOKEN_LEN);
    assert_int_equal(strlen(out.csrf), AUTH_CSRF_LEN);
    assert_int_equal(auth_session(&f->ctx, out.token, "192.0.2.9", &who, &err), 0);
    assert_string_equal(who.username, "town1");
    assert_int_equal(who.role, ROLE_TOWN_OFFICER);
    assert_string_equal(who.node, "419001001");
    assert_int_equal(fixture_audit_count(f, "login.ok", 1), 1);
    assert_int_equal(fixture_count(f, "session"), 1);
}

static void test_wrong_and_unknown_get_the_same_answer(void **state)
{
    struct fixture *f = *state;
    struct lf_err e1 = LF_ERR_INIT, e2 = LF_ERR_INIT;
    struct auth_login_out out;

    add_user(f, "town1", "town_officer", "419001001");
    assert_int_equal(auth_login(&f->ctx, "town1", "not the password", "", &out, &e1), -1);
    assert_int_equal(out.delay_ms, AUTH_DELAY_BASE_MS);
    assert_int_equal(auth_login(&f->ctx, "nobody", "not the password", "", &out, &e2), -1);
    assert_int_equal(e1.code, LF_ERR_UNAUTHORIZED);
    assert_int_equal(e2.code, LF_ERR_UNAUTHORIZED);
    assert_string_equal(e1.reason, e2.reason);
    assert_int_equal(fixture_count(f, "session"), 0);
    assert_int_equal(fixture_audit_count(f, "login.fail", 0), 2);
}

static void test_five_failures_lock_the_account_for_ten_minutes(void **state)
{
    struct fixture *f = *state;
    struct auth_login_out out;
    unsigned last_delay = 0;
    int i;

    add_user(f, "town1", "town_officer", "419001001");
    for (i = 0; i < AUTH_MAX_FAILURES; i++) {
        struct lf_err err = LF_ERR_INIT;
        assert_int_equal(auth_login(&f->ctx, "town1", "wrong-wrong", "", &out, &err), -1);
        assert_int_equal(err.code, LF_ERR_UNAUTHORIZED);
        assert_true(out.delay_ms >= last_delay);      /* slower each time */
        last_delay = out.delay_ms;
    }
    {
        struct lf_err err = LF_ERR_INIT;
        assert_int_equal(auth_login(&f->ctx, "town1", FIXTURE_PASSWORD, "", &out, &err), -1);
        assert_int_equal(err.code, LF_ERR_LOCKED);
    }
    f->ctx.now_override += AUTH_LOCK_S + 1;
    {
        struct lf_err err = LF_ERR_INIT;
        assert_int_equal(auth_login(&f->ctx, "town1", FIXTURE_PASSWORD, "", &out, &err), 0);
    }
    assert_int_equal(fixture_audit_count(f, "login.lock", 0), 1);
}

static void test_sessions_expire_idle_and_absolute(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct auth_login_out out;
    struct lf_who who;
    int64_t t0 = f->ctx.now_override;
    int64_t t;

    add_user(f, "town1", "town_officer", "419001001");
    assert_int_equal(auth_login(&f->ctx, "town1", FIXTURE_PASSWORD, "", &out, &err), 0);
    /* active every 20 minutes: survives past 30 minutes in all */
    for (t = t0 + 1200; t < t0 + AUTH_MAX_AGE_S; t += 1200) {
        f->ctx.now_override = t;
        if (auth_session(&f->ctx, out.token, "", &who, &err))
            fail_msg("session ended at +%lld s: %s", (long long)(t - t0), err.reason);
    }
    f->ctx.now_override = t0 + AUTH_MAX_AGE_S + 1;
    assert_int_equal(auth_session(&f->ctx, out.token, "", &who, &err), -1);
    assert_int_equal(err.code, LF_ERR_UNAUTHORIZED);

    lf_err_clear(&err);
    f->ctx.now_override = t0;
    assert_int_equal(auth_login(&f->ctx, "town1", FIXTURE_PASSWORD, "", &out, &err), 0);
    f->ctx.now_override = t0 + AUTH_IDLE_S + 1;
    assert_int_equal(auth_session(&f->ctx, out.token, "", &who, &err), -1);
    assert_int_equal(err.code, LF_ERR_UNAUTHORIZED);
    assert_int_equal(fixture_count(f, "session"), 0);  /* expired ones are deleted */
}

static void test_logout_disable_and_password_reset_end_sessions(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct auth_login_out out;
    struct lf_who who;
    struct user u;

    add_user(f, "town1", "town_officer", "419001001");
    assert_int_equal(auth_login(&f->ctx, "town1", FIXTURE_PASSWORD, "", &out, &err), 0);
    assert_int_equal(auth_logout(&f->ctx, &out.who, out.token, &err), 0);
    assert_int_equal(auth_session(&f->ctx, out.token, "", &who, &err), -1);

    lf_err_clear(&err);
    assert_int_equal(auth_login(&f->ctx, "town1", FIXTURE_PASSWORD, "", &out, &err), 0);
    assert_int_equal(user_update(&f->ctx, &f->admin, out.who.user_id, &(struct user_change){ 1, NULL }, &u, &err), 0);
    assert_int_equal(auth_session(&f->ctx, out.token, "", &who, &err), -1);
    lf_err_clear(&err);
    assert_int_equal(auth_login(&f->ctx, "town1", FIXTURE_PASSWORD, "", &out, &err), -1);

    lf_err_clear(&err);
    assert_int_equal(user_update(&f->ctx, &f->admin, u.id, &(struct user_change){ 0, NULL }, &u, &err), 0);
    assert_int_equal(auth_login(&f->ctx, "town1", FIXTURE_PASSWORD, "", &out, &err), 0);
    assert_int_equal(user_update(&f->ctx, &f->admin, u.id, &(struct user_change){ -1, "another pass 2" }, &u, &err), 0);
    assert_int_equal(auth_session(&f->ctx, out.token, "", &who, &err), -1);
    lf_err_clear(&err);
    assert_int_equal(auth_login(&f->ctx, "town1", "another pass 2", "", &out, &err), 0);
}

static void test_session_cache_answers_and_forgets(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;
    struct auth_login_out out, out2;
    struct lf_who who;
    struct user u;

    f->ctx.sessions = auth_cache_new();
    add_user(f, "town1", "town_officer", "419001001");
    assert_int_equal(auth_login(&f->ctx, "town1", FIXTURE_PASSWORD, "", &out, &err), 0);
    assert_false(auth_session_cached(&f->ctx, out.token, &who));   /* not yet seen */
    assert_int_equal(auth_session(&f->ctx, out.token, "", &who, &err), 0);
    assert_true(auth_session_cached(&f->ctx, out.token, &who));
    assert_string_equal(who.node, "419001001");
    /* trusted for AUTH_CACHE_TTL_S only: then the store is asked again */
    f->ctx.now_override += AUTH_CACHE_TTL_S;
    assert_false(auth_session_cached(&f->ctx, out.token, &who));
    assert_int_equal(auth_session(&f->ctx, out.token, "", &who, &err), 0);
    assert_true(auth_session_cached(&f->ctx, out.token, &who));
    /* logout forgets the session at once */
    assert_int_equal(auth_logout(&f->ctx, &who, out.token, &err), 0);
    assert_false(auth_session_cached(&f->ctx, out.token, &who));
    assert_int_equal(auth_session(&f->ctx, out.token, "", &who, &err), -1);
    /* so does disabling the user, for every session of theirs */
    lf_err_clear(&err);
    assert_int_equal(auth_login(&f->ctx, "town1", FIXTURE_PASSWORD, "", &out, &err), 0);
    assert_int_equal(auth_login(&f->ctx, "town1", FIXTURE_PASSWORD, "", &out2, &err), 0);
    assert_int_equal(auth_session(&f->ctx, out.token, "", &who, &err), 0);
    assert_int_equal(auth_session(&f->ctx, out2.token, "", &who, &err), 0);
    assert_int_equal(user_update(&f->ctx, &f->admin, who.user_id, &(struct user_change){ 1, NULL }, &u, &err), 0);
    assert_false(auth_session_cached(&f->ctx, out.token, &who));
    assert_false(auth_session_cached(&f->ctx, out2.token, &who));
    assert_int_equal(auth_session(&f->ctx, out2.token, "", &who, &err), -1);
    auth_cache_free(f->ctx.sessions);
    f->ctx.sessions = NULL;
}

static void test_unknown_usernames_fail_like_real_ones(void **state)
{
    struct fixture *f = *state;
    struct auth_login_out known, unknown;
    int i;

    f->ctx.sessions = auth_cache_new();
    add_user(f, "town1", "town_officer", "419001001");
    for (i = 0; i < AUTH_MAX_FAILURES; i++) {
        struct lf_err e1 = LF_ERR_INIT, e2 = LF_ERR_INIT;
        assert_int_equal(auth_login(&f->ctx, "town1", "wrong-wrong", "", &known, &e1), -1);
        assert_int_equal(auth_login(&f->ctx, "ghost", "wrong-wrong", "", &unknown, &e2), -1);
        assert_int_equal(known.delay_ms, unknown.delay_ms);
        assert_int_equal(e1.code, e2.code);
        assert_string_equal(e1.reason, e2.reason);
    }
    {
        struct lf_err e1 = LF_ERR_INIT, e2 = LF_ERR_INIT;
        assert_int_equal(auth_login(&f->ctx, "town1", FIXTURE_PASSWORD, "", &known, &e1), -1);
        assert_int_equal(auth_login(&f->ctx, "ghost", FIXTURE_PASSWORD, "", &unknown, &e2), -1);
        assert_int_equal(e1.code, LF_ERR_LOCKED);
        assert_int_equal(e2.code, LF_ERR_LOCKED);
        assert_string_equal(e1.reason, e2.reason);
    }
    auth_cache_free(f->ctx.sessions);
    f->ctx.sessions = NULL;
}

static void test_csrf_token_is_bound_to_the_session(void **state)
{
    struct fixture *f = *state;
    char a[AUTH_CSRF_LEN + 1], b[AUTH_CSRF_LEN + 1];

    auth_csrf_token(&f->ctx, "AAAAAAAAAAAAAAAAAAAAAA", a);
    auth_csrf_token(&f->ctx, "AAAAAAAAAAAAAAAAAAAAAB", b);
    assert_string_not_equal(a, b);
    assert_true(auth_csrf_ok(&f->ctx, "AAAAAAAAAAAAAAAAAAAAAA", a));
    assert_false(auth_csrf_ok(&f->ctx, "AAAAAAAAAAAAAAAAAAAAAA", b));
    assert_false(auth_csrf_ok(&f->ctx, "AAAAAAAAAAAAAAAAAAAAAA", NULL));
    assert_false(auth_csrf_ok(&f->ctx, "AAAAAAAAAAAAAAAAAAAAAA", ""));
}

struct user_case {
    struct user_in in;
    enum lf_errcode code;
    const char *field;
};

static void test_user_create_rules(void **state)
{
    struct fixture *f = *state;
    struct lf_who town = fixture_who(ROLE_TOWN_OFFICER, "419001001");
    const struct user_case cases[] = {
        { { "ab", NULL, "command", "419001", FIXTURE_PASSWORD }, LF_ERR_INVALID, "username" },
        { { "Bad", NULL, "command", "419001", FIXTURE_PASSWORD }, LF_ERR_INVALID, "username" },
        { { "ok_name", NULL, "boss", "419001", FIXTURE_PASSWORD }, LF_ERR_INVALID, "role" },
        { { "ok_name", NULL, "command", "419001", "short" }, LF_ERR_INVALID, "password" },
        { { "ok_name", NULL, "grid_worker", "419001001", FIXTURE_PASSWORD }, LF_ERR_INVALID, "node" },
        { { "ok_name", NULL, "command", "429001", FIXTURE_PASSWORD }, LF_ERR_FORBIDDEN, "node" },
        { { "ok_name", NULL, "command", "419001999", FIXTURE_PASSWORD }, LF_ERR_NOTFOUND, "node" },
    };
    struct user u;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct lf_err err = LF_ERR_INIT;
        assert_int_equal(user_create(&f->ctx, &f->admin, &cases[i].in, &u, &err), -1);
        if (err.code != cases[i].code || strcmp(err.field, cases[i].field) != 0)
            fail_msg("case %zu: got %d %s: %s", i, err.code, err.field, err.reason);
    }
    assert_int_equal(fixture_count(f, "user"), 0);
    add_user(f, "dup", "command", "419001");
    {
        struct lf_err err = LF_ERR_INIT;
        struct user_in in = { "dup", NULL, "command", "419001", FIXTURE_PASSWORD };
        assert_int_equal(user_create(&f->ctx, &f->admin, &in, &u, &err), -1);
        assert_int_equal(err.code, LF_ERR_CONFLICT);
        assert_string_equal(err.field, "username");
    }
    {
        struct lf_err err = LF_ERR_INIT;
        struct user_in in = { "sneaky", NULL, "admin", "419001001", FIXTURE_PASSWORD };
        assert_int_equal(user_create(&f->ctx, &town, &in, &u, &err), -1);
        assert_int_equal(err.code, LF_ERR_FORBIDDEN);
    }
    assert_int_equal(fixture_count(f, "user"), 1);
}

static void test_strict_policy_wants_twelve_and_three_classes(void **state)
{
    struct fixture *f = *state;
    struct lf_err err = LF_ERR_INIT;

    f->ctx.strict_passwords = 1;
    assert_int_equal(user_check_password(&f->ctx, "abcdefgh1234", "p", &err), -1);
    lf_err_clear(&err);
    assert_int_equal(user_check_password(&f->ctx, "Abcdefgh12", "p", &err), -1);
    lf_err_clear(&err);
    assert_int_equal(user_check_password(&f->ctx, "Abcdefgh1234", "p", &err), 0);
    f->ctx.strict_passwords = 0;
    assert_int_equal(user_check_password(&f->ctx, "abcdefgh", "p", &err), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int test_group_auth(void)
{
    const struct CMUnitTest tests[] = {
        T(test_login_gives_a_session_that_authenticates),
        T(test_wrong_and_unknown_get_the_same_answer),
        T(test_five_failures_lock_the_account_for_ten_minutes),
        T(test_sessions_expire_idle_and_absolute),
        T(test_logout_disable_and_password_reset_end_sessions),
        T(test_session_cache_answers_and_forgets),
        T(test_unknown_usernames_fail_like_real_ones),
        T(test_csrf_token_is_bound_to_the_session),
        T(test_user_create_rules),
        T(test_strict_policy_wants_twelve_and_three_classes),
    };
    return cmocka_run_group_tests_name("core/auth", tests, NULL, NULL);
}
