/*
 * tests/unit/core/err_table.c - the error table (src/core/err_table.h and
 * err_labels.h) and what lf_err_set() makes of it: every row well formed,
 * every literal error text in src/ found in it (the list comes from
 * scripts/err-formats.mjs, build/gen/err_uses.c), and keys and Chinese
 * messages with their arguments filled in.
 *
 * Expected Chinese texts are written out by hand, not read from the table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/case.h"
#include "core/err.h"
#include "core/node.h"
#include "core/referral.h"
#include "core/role.h"
#include "util/utf8.h"
#include "core/err_uses.h"
#include "groups.h"

/* [a-z_]+(\.[a-z_]+)+ */
static int key_well_formed(const char *k)
{
    int parts = 1, run = 0;

    for (; *k; k++) {
        if (*k == '.') {
            if (!run)
                return 0;
            parts++;
            run = 0;
        } else if ((*k >= 'a' && *k <= 'z') || *k == '_') {
            run++;
        } else {
            return 0;
        }
    }
    return run && parts >= 2;
}

static void test_err_table_rows_are_well_formed(void **state)
{
    unsigned i, j, bad = 0;

    assert_true(lf_err_n_rows > 200);
    for (i = 0; i < lf_err_n_rows; i++) {
        const struct lf_err_row *r = &lf_err_rows[i];
        if (!key_well_formed(r->key)) {
            print_error("key \"%s\" is not [a-z_]+(.[a-z_]+)+\n", r->key);
            bad++;
        }
        if (!r->zh[0] || !r->en[0] || strcmp(r->en, "%s") == 0) {
            print_error("%s: empty text, or the bare pass-through \"%%s\"\n", r->key);
            bad++;
        }
        if (!utf8_valid(r->zh, strlen(r->zh))) {
            print_error("%s: the Chinese is not UTF-8\n", r->key);
            bad++;
        }
        for (j = 0; j < i; j++) {
            if (strcmp(r->key, lf_err_rows[j].key) == 0) {
                print_error("key \"%s\" is in two rows\n", r->key);
                bad++;
            }
            if (strcmp(r->en, lf_err_rows[j].en) == 0) {
                print_error("\"%s\" is the English of %s and %s\n", r->en,
                            lf_err_rows[j].key, r->key);
                bad++;
            }
        }
        if (lf_err_lookup(r->en) != r) {
            print_error("%s: not found by its English\n", r->key);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void test_err_table_conversions_match(void **state)
{
    char en[64], zh[64];
    unsigned i, bad = 0;

    for (i = 0; i < lf_err_n_rows; i++) {
        const struct lf_err_row *r = &lf_err_rows[i];
        if (lf_err_signature(r->en, en, sizeof(en)) || lf_err_signature(r->zh, zh, sizeof(zh))) {
            print_error("%s: a conversion the table may not use\n", r->key);
            bad++;
        } else if (strcmp(en, zh) != 0) {
            print_error("%s: English takes (%s), Chinese takes (%s)\n", r->key, en, zh);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void test_err_signature(void **state)
{
    char s[64], tiny[3];

    assert_int_equal(lf_err_signature("plain 100%%", s, sizeof(s)), 0);
    assert_string_equal(s, "");
    assert_int_equal(lf_err_signature("%04d-%02u-%02u", s, sizeof(s)), 0);
    assert_string_equal(s, "d,u,u");
    assert_int_equal(lf_err_signature("%d %lld %zu %ld %c %g %-s %s", s, sizeof(s)), 0);
    assert_string_equal(s, "d,lld,zu,ld,c,f,s,s");
    /* types differ although the count agrees */
    assert_int_equal(lf_err_signature("%i %x", s, sizeof(s)), 0);
    assert_string_equal(s, "d,u");
    assert_int_equal(lf_err_signature("%n", s, sizeof(s)), -1);
    assert_int_equal(lf_err_signature("%*d", s, sizeof(s)), -1);
    assert_int_equal(lf_err_signature("50%", s, sizeof(s)), -1);
    assert_int_equal(lf_err_signature("%ls", s, sizeof(s)), -1);
    assert_int_equal(lf_err_signature("%lf", s, sizeof(s)), -1);
    assert_int_equal(lf_err_signature("%Ld", s, sizeof(s)), -1);
    assert_int_equal(lf_err_signature("%Lg %ju %td", s, sizeof(s)), 0);
    assert_string_equal(s, "Lf,ju,td");
    assert_int_equal(lf_err_signature("%d %d", tiny, sizeof(tiny)), -1);
}

static void test_err_table_has_every_error_text_of_src(void **state)
{
    const struct err_format_use *u;
    const struct lf_err_row *r;
    char sig[64];
    unsigned n = 0, bad = 0;

    for (u = err_format_uses; u->where; u++, n++) {
        if (!(r = lf_err_lookup(u->text))) {
            print_error("%s: %s(\"%s\") has no row in src/core/err_table.h\n", u->where,
                        u->setter, u->text);
            bad++;
        } else if (u->passed && (lf_err_signature(r->en, sig, sizeof(sig)) || sig[0])) {
            print_error("%s: \"%s\" is passed through \"%%s\" but its row (%s) has "
                        "conversions\n", u->where, u->text, r->key);
            bad++;
        }
    }
    assert_true(n > 300); /* the list is there at all */
    assert_int_equal(bad, 0);
}

#define SET(e, code, field, ...) (lf_err_clear(e), lf_err_set(e, code, field, __VA_ARGS__))

static void test_err_set_fills_key_and_chinese_message(void **state)
{
    struct lf_err e = LF_ERR_INIT;

    SET(&e, LF_ERR_INVALID, "id_number", "check digit does not match, expected %c", 'X');
    assert_string_equal(e.key, "id_number.check_digit");
    assert_string_equal(e.message, "校验位不符（按前 17 位应为 X），请核对号码是否抄错");
    assert_string_equal(e.reason, "check digit does not match, expected X");

    SET(&e, LF_ERR_INVALID, "id_number",
        "must be 18 characters (15 digits for an old number), got %zu", (size_t)17);
    assert_string_equal(e.key, "id_number.length");
    assert_string_equal(e.message, "须为 18 位（旧版 15 位），现为 17 位");

    SET(&e, LF_ERR_LOCKED, NULL,
        "account is locked after %d failed logins; try again in %lld minutes", 5, 15LL);
    assert_string_equal(e.key, "auth.locked");
    assert_string_equal(e.message, "账户已锁定：连续 5 次登录失败，请 15 分钟后再试");

    SET(&e, LF_ERR_CONFLICT, "day",
        "the pass is of %04d-%02u-%02u; a pass is valid only on the day it was submitted",
        2022, 2u, 3u);
    assert_string_equal(e.message, "这是 2022-02-03 填报的通行码，仅当日有效，请对方重新扫码填报");

    SET(&e, LF_ERR_INVALID, "temperature", "must be in °C from 34.0 to 43.0, %g looks like °F",
        98.6);
    assert_string_equal(e.message, "请按摄氏度（°C）填写，须在 34.0–43.0 之间（98.6 像是华氏度）");

    SET(&e, LF_ERR_CONFLICT, "node", "already has an open round (%s)", "二月第一轮");
    assert_string_equal(e.key, "round.already_open");
    assert_string_equal(e.message, "已有进行中的排查轮次（二月第一轮），请先结束本轮");
}

static void test_err_terms_are_shown_in_chinese(void **state)
{
    struct lf_err e = LF_ERR_INIT;

    SET(&e, LF_ERR_FORBIDDEN, NULL, "your role (%s) may not do this", "grid_worker");
    assert_string_equal(e.key, "scope.role");
    assert_string_equal(e.message, "您的角色（网格员）无权执行此操作");
    SET(&e, LF_ERR_INVALID, "birth_date", "%syear %d is %s %d", "birth ", 1800, "before", 1900);
    assert_string_equal(e.message, "出生年份 1800 早于 1900 年");
    SET(&e, LF_ERR_INVALID, "date", "%syear %d is %s %d", "", 2200, "after", 2100);
    assert_string_equal(e.message, "年份 2200 晚于 2100 年");
    SET(&e, LF_ERR_INVALID, "parent", "a %s belongs under a %s, not a %s", "grid", "community",
        "town");
    assert_string_equal(e.message, "网格应隶属于村社区，而不是乡镇街道");
    /* a plain "%s" argument is never translated, even when it is a term */
    SET(&e, LF_ERR_INVALID, "rules", "unknown rule %s", "grid");
    assert_string_equal(e.message, "没有规则 grid");
    /* "%-s" also takes a message of the table */
    SET(&e, LF_ERR_NOTFOUND, "infection", "%s (run lianfang demo --outbreak K first)",
        "no outbreak in this database");
    assert_string_equal(e.message, "数据库中没有疫情（请先运行 lianfang demo --outbreak K）");
    /* an unknown term stays as it is */
    SET(&e, LF_ERR_CONFLICT, "status", "is already %s", "lost");
    assert_string_equal(e.message, "已是“lost”");
}

static void test_err_passed_through_reason_keeps_its_key(void **state)
{
    struct lf_err e = LF_ERR_INIT;
    const char *why = "does not exist";

    SET(&e, LF_ERR_NOTFOUND, "id", "%s", why);
    assert_string_equal(e.key, "record.not_found");
    assert_string_equal(e.message, "不存在");
    assert_string_equal(e.reason, "does not exist");
    /* a row with conversions cannot be passed through: its text is final */
    SET(&e, LF_ERR_INVALID, "days", "%s", "must be 1 to %d");
    assert_string_equal(e.key, LF_ERR_KEY_UNKNOWN);
    assert_string_equal(e.message, "must be 1 to %d");
}

static void test_err_unknown_format_keeps_english(void **state)
{
    struct lf_err e = LF_ERR_INIT;
    char buf[128];

    SET(&e, LF_ERR_INVALID, "x", "made up for the test, %d", 3);
    assert_string_equal(e.key, LF_ERR_KEY_UNKNOWN);
    assert_string_equal(e.message, "made up for the test, 3");
    assert_string_equal(lf_err_label_text(&e, buf, sizeof(buf)), "x：made up for the test, 3");
    SET(&e, LF_ERR_INVALID, NULL, "%s", "made up as well");
    assert_string_equal(lf_err_key(&e), LF_ERR_KEY_UNKNOWN);
    assert_string_equal(lf_err_zh(&e), "made up as well");
    /* an error never set reads as unknown, never as NULL */
    lf_err_clear(&e);
    assert_string_equal(lf_err_key(&e), LF_ERR_KEY_UNKNOWN);
}

static void test_err_texts_for_cli_and_pages(void **state)
{
    struct lf_err e = LF_ERR_INIT;
    char buf[512];

    SET(&e, LF_ERR_INVALID, "phone", "must be 11 digits starting with 1");
    assert_string_equal(lf_err_text(&e, buf, sizeof(buf)), "phone: 须为 1 开头的 11 位手机号");
    assert_string_equal(lf_err_label_text(&e, buf, sizeof(buf)),
                        "手机号：须为 1 开头的 11 位手机号");
    assert_string_equal(lf_err_message(&e, buf, sizeof(buf)),
                        "phone: must be 11 digits starting with 1");
    SET(&e, LF_ERR_UNAUTHORIZED, NULL, "username or password is wrong");
    assert_string_equal(lf_err_label_text(&e, buf, sizeof(buf)), "用户名或密码错误");
    assert_string_equal(lf_err_text(&e, buf, sizeof(buf)), "用户名或密码错误");
}

static void test_err_field_labels(void **state)
{
    char buf[128], tiny[8];

    assert_string_equal(lf_err_field_label("id_number", buf, sizeof(buf)), "身份证号");
    assert_string_equal(lf_err_field_label("line 14.phone", buf, sizeof(buf)), "第 14 行 手机号");
    assert_string_equal(lf_err_field_label("line 1", buf, sizeof(buf)), "第 1 行");
    assert_string_equal(lf_err_field_label("scans[2].at", buf, sizeof(buf)), "扫码记录 第 3 条 时间");
    assert_string_equal(lf_err_field_label("members[0].shoe", buf, sizeof(buf)),
                        "members 第 1 条 shoe");
    assert_string_equal(lf_err_field_label("", buf, sizeof(buf)), "");
    /* cut short, but never in the middle of a character */
    lf_err_field_label("id_number", tiny, sizeof(tiny));
    assert_string_equal(tiny, "身份");
}

static void test_err_long_arguments_stay_utf8(void **state)
{
    struct lf_err e = LF_ERR_INIT;
    char name[700], buf[1024];
    size_t i;

    for (i = 0; i + 3 < sizeof(name); i += 3)
        memcpy(name + i, "网", 3);
    name[i] = '\0';
    for (i = 0; i < 3; i++) {
        name[sizeof(name) - 2 - i] = '\0'; /* end at each byte of a character */
        SET(&e, LF_ERR_CONFLICT, "node", "already has an open round (%s)", name);
        assert_true(strlen(e.message) < sizeof(e.message));
        assert_true(utf8_valid(e.message, strlen(e.message)));
        assert_true(utf8_valid(e.reason, strlen(e.reason)));
        lf_err_label_text(&e, buf, sizeof(buf));
        assert_true(utf8_valid(buf, strlen(buf)));
    }
}

/* The term rows repeat labels kept elsewhere in the core; they must agree. */
static void test_err_terms_agree_with_the_core(void **state)
{
    int r, s, k;

    for (r = 0; r < ROLE__COUNT; r++) {
        const char *t = lf_err_term(role_id((enum lf_role)r));
        assert_non_null(t);
        assert_string_equal(t, role_label((enum lf_role)r));
    }
    for (s = 1; s <= CASE_STATUS_MAX; s++) {
        const char *t = lf_err_term(case_status_id(s));
        assert_non_null(t);
        assert_string_equal(t, case_status_label(s));
    }
    for (k = NODE_PROVINCE; k <= NODE_GRID; k++)
        assert_non_null(lf_err_term(node_kind_name((enum node_kind)k)));
    for (s = 0; s <= 2; s++)
        assert_non_null(lf_err_term(referral_status_name(s)));
}

int test_group_err_table(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_err_table_rows_are_well_formed),
        cmocka_unit_test(test_err_table_conversions_match),
        cmocka_unit_test(test_err_signature),
        cmocka_unit_test(test_err_table_has_every_error_text_of_src),
        cmocka_unit_test(test_err_set_fills_key_and_chinese_message),
        cmocka_unit_test(test_err_terms_are_shown_in_chinese),
        cmocka_unit_test(test_err_passed_through_reason_keeps_its_key),
        cmocka_unit_test(test_err_unknown_format_keeps_english),
        cmocka_unit_test(test_err_texts_for_cli_and_pages),
        cmocka_unit_test(test_err_field_labels),
        cmocka_unit_test(test_err_long_arguments_stay_utf8),
        cmocka_unit_test(test_err_terms_agree_with_the_core),
    };

    return cmocka_run_group_tests_name("err_table", tests, NULL, NULL);
}
