/*
 * tests/unit/core/validate.c - the national formats of src/core/validate.c.
 *
 * Vectors are literals worked out by hand or by an independent script, not
 * produced with the functions under test. "Today" is fixed at 2022-02-02
 * (day 19025), so the future-date cases do not age. Every rejection also
 * checks that *out was left as it was.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/validate.h"
#include "groups.h"

#define TODAY 19025     /* 2022-02-02 */

static void assert_invalid(const struct lf_err *err, const char *field,
                           const char *want)
{
    if (err->code != LF_ERR_INVALID || strcmp(err->field, field) ||
        !strstr(err->reason, want))
        fail_msg("got code %d field \"%s\" reason \"%s\"; want \"%s\"",
                 (int)err->code, err->field, err->reason, want);
}

/* ---- resident ID numbers ---------------------------------------------- */

static void check_id_ok(const char *s, const char *norm, int y, int m, int d,
                        int sex)
{
    size_t digits = strspn(s + strspn(s, " \t"), "0123456789xX");

    struct lf_err err = LF_ERR_INIT;
    struct id_number id;

    memset(&id, 0x55, sizeof(id));
    if (validate_id_number(s, TODAY, &id, "id_number", &err))
        fail_msg("\"%s\" rejected: %s", s, err.reason);
    assert_int_equal(err.code, LF_ERR_OK);
    assert_string_equal(id.norm, norm);
    assert_int_equal(id.year, y);
    assert_int_equal(id.month, m);
    assert_int_equal(id.day, d);
    assert_int_equal(id.sex, sex);
    assert_int_equal(strlen(norm), 18);
    assert_int_equal(id.is_old15, digits == 15);
    assert_memory_equal(id.region, norm, 6);
    assert_int_equal(id.region[6], '\0');
}

static void check_id_bad(const char *s, const char *want)
{
    struct lf_err err = LF_ERR_INIT;
    struct id_number id, before;

    memset(&id, 0x55, sizeof(id));
    before = id;
    assert_int_equal(validate_id_number(s, TODAY, &id, "id_number", &err), -1);
    assert_invalid(&err, "id_number", want);
    assert_memory_equal(&id, &before, sizeof(id));
}

static void test_id_number_accepts_valid_18(void **state)
{
    check_id_ok("11010519491231002X", "11010519491231002X", 1949, 12, 31, 2);
    check_id_ok("310115199003071239", "310115199003071239", 1990, 3, 7, 1);
    check_id_ok("440306198601012510", "440306198601012510", 1986, 1, 1, 1);
    check_id_ok("650102194508150024", "650102194508150024", 1945, 8, 15, 2);
}

static void test_id_number_lowercase_x_is_stored_upper(void **state)
{
    check_id_ok("11010519491231002x", "11010519491231002X", 1949, 12, 31, 2);
}

static void test_id_number_trims_surrounding_spaces(void **state)
{
    check_id_ok("  11010519491231002X\t", "11010519491231002X", 1949, 12, 31, 2);
    /* the ideographic space a Chinese input method types */
    check_id_ok("\xe3\x80\x80" "11010519491231002X" "\xe3\x80\x80",
                "11010519491231002X", 1949, 12, 31, 2);
}

static void test_id_number_retired_or_special_region_is_valid(void **state)
{
    /* 810000: Hong Kong residence permit; the region is not judged here */
    check_id_ok("810000199001010019", "810000199001010019", 1990, 1, 1, 1);
}

static void test_id_number_rejects_wrong_check_digit(void **state)
{
    check_id_bad("110105194912310021", "check digit does not match, expected X");
    check_id_bad("310115199003071230", "expected 9");
}

static void test_id_number_rejects_impossible_birth_dates(void **state)
{
    check_id_bad("110105194902300020", "birth date 1949-02-30 does not exist");
    check_id_bad("410102198102290039", "birth date 1981-02-29 does not exist");
    check_id_bad("110105194913010010", "does not exist");      /* month 13 */
    check_id_bad("110105194912000010", "does not exist");      /* day 0 */
}

static void test_id_number_accepts_leap_days(void **state)
{
    check_id_ok("410102198002290031", "410102198002290031", 1980, 2, 29, 1);
    check_id_ok("110105200002290013", "110105200002290013", 2000, 2, 29, 1);
}

static void test_id_number_rejects_future_birth_date(void **state)
{
    check_id_bad("110105209901010012", "birth date is in the future");
    check_id_bad("110105202202030012", "birth date is in the future");
    /* born today is fine */
    check_id_ok("110105202202020017", "110105202202020017", 2022, 2, 2, 1);
}

static void test_id_number_rejects_birth_before_1900(void **state)
{
    /* a well-known textbook vector, valid check digit, born 1880 */
    check_id_bad("440524188001010014", "birth year 1880 is before 1900");
}

static void test_id_number_rejects_wrong_length(void **state)
{
    check_id_bad("11010519491231002", "must be 18 characters");
    check_id_bad("11010519491231002", "got 17");
    check_id_bad("11010519491231002X1", "got 19");
    check_id_bad("", "must not be empty");
    check_id_bad("   ", "must not be empty");
    check_id_bad(NULL, "must not be empty");
    check_id_bad("身份证", "got 3");
}

static void test_id_number_rejects_letters(void **state)
{
    check_id_bad("11010A19491231002X", "character 6 must be a digit");
    check_id_bad("1101051949123100X2", "character 17 must be a digit");
    check_id_bad("11010519491231002Y", "last character must be a digit or X");
    check_id_bad("11010549123100X", "character 15 must be a digit");
    /* full-width digits: 18 characters, none of them ASCII */
    check_id_bad("１１０１０５１９４９１２３１００２Ｘ",
                 "character 1 must be a digit");
}

static void test_id_number_accepts_old_15_digits(void **state)
{
    /* an old number is kept in its 18-character form (GB 11643-1999) */
    check_id_ok("110105491231002", "11010519491231002X", 1949, 12, 31, 2);
    check_id_ok("130503670401001", "130503196704010016", 1967, 4, 1, 1);
    check_id_bad("110105490230002", "birth date 1949-02-30 does not exist");
}

static void test_id_number_check_char(void **state)
{
    assert_int_equal(id_number_check_char("11010519491231002"), 'X');
    assert_int_equal(id_number_check_char("44052418800101001"), '4');
    assert_int_equal(id_number_check_char("31011519900307123"), '9');
    assert_int_equal(id_number_check_char("11010519490230002"), '0');
    assert_int_equal(id_number_check_char("1101051949123100A"), '\0');
}

/* ---- phones ----------------------------------------------------------- */

static void check_phone(const char *s, const char *want)
{
    struct lf_err err = LF_ERR_INIT;
    char out[12] = "unchanged";

    if (validate_phone(s, out, "phone", &err))
        fail_msg("\"%s\" rejected: %s", s, err.reason);
    assert_string_equal(out, want);
}

static void check_phone_bad(const char *s, const char *want)
{
    struct lf_err err = LF_ERR_INIT;
    char out[12] = "unchanged";

    assert_int_equal(validate_phone(s, out, "phone", &err), -1);
    assert_invalid(&err, "phone", want);
    assert_string_equal(out, "unchanged");
}

static void test_phone_accepts_common_forms(void **state)
{
    check_phone("13812345678", "13812345678");
    check_phone(" 138 1234 5678 ", "13812345678");
    check_phone("138-1234-5678", "13812345678");
    check_phone("+8613812345678", "13812345678");
    check_phone("+86 138 1234 5678", "13812345678");
    check_phone("+86-19912345678", "19912345678");
    check_phone("8613812345678", "13812345678");
    check_phone("008613812345678", "13812345678");
}

static void test_phone_rejects_bad_numbers(void **state)
{
    check_phone_bad("1381234567", "must be 11 digits starting with 1");
    check_phone_bad("138123456789", "must be 11 digits starting with 1");
    check_phone_bad("23812345678", "must be 11 digits starting with 1");
    check_phone_bad("861381234567", "must be 11 digits starting with 1");
    check_phone_bad("+86 2381234567", "must be 11 digits starting with 1");
    check_phone_bad("138a1234567", "only digits, spaces and dashes");
    check_phone_bad("(010)12345678", "only digits, spaces and dashes");
    check_phone_bad("+85261234567", "must be a mainland number");
    check_phone_bad("", "must not be empty");
    check_phone_bad("12345678901234567890123456789", "must be 11 digits");
}

/* ---- plates ----------------------------------------------------------- */

static void check_plate(const char *s, const char *want)
{
    struct lf_err err = LF_ERR_INIT;
    char out[16] = "unchanged";

    if (validate_plate(s, out, "plate", &err))
        fail_msg("\"%s\" rejected: %s", s, err.reason);
    assert_string_equal(out, want);
}

static void check_plate_bad(const char *s, const char *want)
{
    struct lf_err err = LF_ERR_INIT;
    char out[16] = "unchanged";

    assert_int_equal(validate_plate(s, out, "plate", &err), -1);
    assert_invalid(&err, "plate", want);
    assert_string_equal(out, "unchanged");
}

static void test_plate_accepts_ordinary_and_new_energy(void **state)
{
    check_plate("豫U12345", "豫U12345");
    check_plate("京A8B2C3", "京A8B2C3");
    check_plate("京AD12345", "京AD12345");      /* small new energy, electric */
    check_plate("沪AF12345", "沪AF12345");      /* small, hybrid */
    check_plate("京ADA1234", "京ADA1234");      /* letter in position two */
    check_plate("粤B12345D", "粤B12345D");      /* large new energy */
    check_plate("琼A12345F", "琼A12345F");
    check_plate("藏AD1234", "藏AD1234");        /* ordinary, D in serial */
}

static void test_plate_normalises(void **state)
{
    check_plate("京a·12345", "京A12345");
    check_plate("京A 12345", "京A12345");
    check_plate(" 粤b12345d ", "粤B12345D");
    check_plate("京A\xe2\x80\xa2" "12345", "京A12345");
    check_plate("沪ad12345", "沪AD12345");
}

static void test_plate_rejects_i_and_o(void **state)
{
    check_plate_bad("京AI2345", "letters I and O are never used");
    check_plate_bad("京A1234O", "letters I and O are never used");
    check_plate_bad("京O12345", "letters I and O are never used");
    check_plate_bad("京I12345", "letters I and O are never used");
    check_plate_bad("京ADI1234", "letters I and O are never used");
}

static void test_plate_rejects_unknown_province(void **state)
{
    check_plate_bad("台A12345", "must start with a province character");
    check_plate_bad("港A12345", "must start with a province character");
    check_plate_bad("AB12345", "must start with a province character");
    check_plate_bad("", "must not be empty");
}

static void test_plate_rejects_bad_shapes(void **state)
{
    check_plate_bad("京", "office letter and number are missing");
    check_plate_bad("京1A2345", "office letter A-Z");
    check_plate_bad("京A1234", "must have 5 letters or digits");
    check_plate_bad("京A1234567", "must have 5 letters or digits");
    check_plate_bad("京A12345挂", "letters and digits");
    check_plate_bad("京A-12345", "letters and digits");
    check_plate_bad("京AB12345", "D or F first");
    check_plate_bad("粤B1234D5", "D or F first");
    check_plate_bad("京AD1234A", "D or F first");
}

/* ---- temperatures ----------------------------------------------------- */

static void test_temperature_range_and_rounding(void **state)
{
    struct lf_err err = LF_ERR_INIT;
    double t = -1;

    assert_int_equal(validate_temperature(36.6, &t, "t", &err), 0);
    assert_true(fabs(t - 36.6) < 1e-9);
    assert_int_equal(validate_temperature(37.25, &t, "t", &err), 0);
    assert_true(fabs(t - 37.3) < 1e-9);
    assert_true(t >= FEVER_THRESHOLD_C);
    assert_int_equal(validate_temperature(34.0, &t, "t", &err), 0);
    assert_int_equal(validate_temperature(43.0, &t, "t", &err), 0);
    assert_int_equal(validate_temperature(43.04, &t, "t", &err), 0);
    assert_true(fabs(t - 43.0) < 1e-9);
    assert_int_equal(err.code, LF_ERR_OK);

    t = -1;
    assert_int_equal(validate_temperature(55, &t, "t", &err), -1);
    assert_invalid(&err, "t", "must be from 34.0 to 43.0 °C, got 55");
    assert_true(t == -1);
    lf_err_clear(&err);
    assert_int_equal(validate_temperature(33.9, &t, "t", &err), -1);
    lf_err_clear(&err);
    assert_int_equal(validate_temperature(43.06, &t, "t", &err), -1);
    lf_err_clear(&err);
    assert_int_equal(validate_temperature(-36.6, &t, "t", &err), -1);
    lf_err_clear(&err);
    assert_int_equal(validate_temperature(98.6, &t, "t", &err), -1);
    assert_invalid(&err, "t", "looks like °F");
    lf_err_clear(&err);
    assert_int_equal(validate_temperature(NAN, &t, "t", &err), -1);
    assert_invalid(&err, "t", "must be a number");
    lf_err_clear(&err);
    assert_int_equal(validate_temperature(INFINITY, &t, "t", &err), -1);
    assert_true(t == -1);
}

static void check_temp_str(const char *s, double want)
{
    struct lf_err err = LF_ERR_INIT;
    double t = -1;

    if (validate_temperature_str(s, &t, "t", &err))
        fail_msg("\"%s\" rejected: %s", s, err.reason);
    if (fabs(t - want) > 1e-9)
        fail_msg("\"%s\" gave %g, want %g", s, t, want);
}

static void check_temp_str_bad(const char *s, const char *want)
{
    struct lf_err err = LF_ERR_INIT;
    double t = -1;

    assert_int_equal(validate_temperature_str(s, &t, "t", &err), -1);
    assert_invalid(&err, "t", want);
    assert_true(t == -1);
}

static void test_temperature_str(void **state)
{
    check_temp_str("36.5", 36.5);
    check_temp_str(" 36.5 ", 36.5);
    check_temp_str("37", 37.0);
    check_temp_str("36.5℃", 36.5);
    check_temp_str("36.5 °C", 36.5);
    check_temp_str("37.34999", 37.3);
    check_temp_str("36.600000000001", 36.6);
    check_temp_str_bad("", "must not be empty");
    check_temp_str_bad("abc", "must be a number such as 36.5");
    check_temp_str_bad("36.5x", "must be a number");
    check_temp_str_bad("nan", "must be a number");
    check_temp_str_bad("inf", "must be a number");
    check_temp_str_bad("3.65e1", "must be a number");
    check_temp_str_bad("0x24", "must be a number");
    check_temp_str_bad("36,5", "must be a number");
    check_temp_str_bad("36.", "must be a number");
    check_temp_str_bad(".5", "must be a number");
    check_temp_str_bad("+36.5", "must be a number");
    check_temp_str_bad("℃", "must be a number");
    check_temp_str_bad("55", "got 55");
    check_temp_str_bad("1234567", "must be a number");
}

/* ---- dates and times -------------------------------------------------- */

static void check_date(const char *s, int64_t want)
{
    struct lf_err err = LF_ERR_INIT;
    int64_t days = -12345;

    if (validate_date(s, &days, "date", &err))
        fail_msg("\"%s\" rejected: %s", s, err.reason);
    assert_int_equal(days, want);
}

static void check_date_bad(const char *s, const char *want)
{
    struct lf_err err = LF_ERR_INIT;
    int64_t days = -12345;

    assert_int_equal(validate_date(s, &days, "date", &err), -1);
    assert_invalid(&err, "date", want);
    assert_int_equal(days, -12345);
}

static void test_date_forms(void **state)
{
    check_date("2022-02-02", 19025);
    check_date("2022/2/2", 19025);
    check_date("2022/02/02", 19025);
    check_date("2022-2-2", 19025);
    check_date("2022年2月2日", 19025);
    check_date("2022年02月02日", 19025);
    check_date(" 2022-02-02 ", 19025);
    check_date("1970-01-01", 0);
    check_date("1900-01-01", -25567);
    check_date("2024-02-29", 19782);
}

static void test_date_rejects(void **state)
{
    check_date_bad("2022-02-30", "2022-02-30 does not exist");
    check_date_bad("2023-02-29", "2023-02-29 does not exist");
    check_date_bad("2022-04-31", "does not exist");
    check_date_bad("2022-13-01", "month 13 does not exist");
    check_date_bad("2022-00-10", "month 0 does not exist");
    check_date_bad("1899-12-31", "year 1899 is before 1900");
    check_date_bad("2101-01-01", "year 2101 is after 2100");
    check_date_bad("22-02-02", "must be a date such as 2022-02-02");
    check_date_bad("2022-02-02x", "must be a date");
    check_date_bad("2022.02.02", "must be a date");
    check_date_bad("2022/02-02", "must be a date");
    check_date_bad("2022-002-02", "must be a date");
    check_date_bad("2022年2月2", "must be a date");
    check_date_bad("20220202", "must be a date");
    check_date_bad("", "must not be empty");
}

static void check_dt(const char *s, int64_t want)
{
    struct lf_err err = LF_ERR_INIT;
    int64_t t = -12345;

    if (validate_datetime(s, &t, "at", &err))
        fail_msg("\"%s\" rejected: %s", s, err.reason);
    if (t != want)
        fail_msg("\"%s\" gave %lld, want %lld", s, (long long)t,
                 (long long)want);
}

static void check_dt_bad(const char *s, const char *want)
{
    struct lf_err err = LF_ERR_INIT;
    int64_t t = -12345;

    assert_int_equal(validate_datetime(s, &t, "at", &err), -1);
    assert_invalid(&err, "at", want);
    assert_int_equal(t, -12345);
}

static void test_datetime_default_zone_is_shanghai(void **state)
{
    /* 2022-02-02T00:00:00Z is 1643760000 */
    check_dt("2022-02-02 08:00", 1643760000);
    check_dt("2022-02-02 8:00", 1643760000);
    check_dt("2022-02-02T08:00:00", 1643760000);
    check_dt("2022/2/2 08:00:30", 1643760030);
    /* local midnight crossing: the UTC date is the day before */
    check_dt("2022-01-01 07:59", 1640995140);
}

static void test_datetime_offsets(void **state)
{
    check_dt("2022-02-02T08:00:00+08:00", 1643760000);
    check_dt("2022-02-02T00:00:00Z", 1643760000);
    check_dt("2022-02-02T00:00:00.000Z", 1643760000);
    check_dt("2022-02-02T00:00:00.999z", 1643760000);
    check_dt("2022-02-02T01:00:00+0100", 1643760000);
    check_dt("2022-02-01T19:00:00-05:00", 1643760000);
    check_dt("2022-02-02T08:00+08", 1643760000);
}

static void test_datetime_rejects(void **state)
{
    check_dt_bad("2022-02-02", "must be a date and time such as");
    check_dt_bad("2022-02-02 08", "must be a date and time");
    check_dt_bad("2022-02-02 08:00 junk", "must be a date and time");
    check_dt_bad("2022-02-02T08:00+25:00", "must be a date and time");
    check_dt_bad("2022-02-02T08:00:0", "must be a date and time");
    check_dt_bad("2022-02-02 24:00", "time 24:00:00 does not exist");
    check_dt_bad("2022-02-02 08:60", "does not exist");
    check_dt_bad("2022-02-02 08:00:60", "does not exist");
    check_dt_bad("2022-02-30 08:00", "2022-02-30 does not exist");
    check_dt_bad("", "must not be empty");
}

/* ---- names and UTF-8 -------------------------------------------------- */

static void check_name_bad(const char *s, unsigned max, const char *want)
{
    struct lf_err err = LF_ERR_INIT;

    assert_int_equal(validate_name(s, max, "name", &err), -1);
    assert_invalid(&err, "name", want);
}

static void test_name(void **state)
{
    struct lf_err err = LF_ERR_INIT;

    assert_int_equal(validate_name("张三", 20, "name", &err), 0);
    assert_int_equal(validate_name(" 张三 ", 2, "name", &err), 0);
    assert_int_equal(validate_name("买买提·艾力", 6, "name", &err), 0);
    assert_int_equal(validate_name("欧阳娜娜", 4, "name", &err), 0);
    assert_int_equal(validate_name("Zhang San", 20, "name", &err), 0);
    assert_int_equal(err.code, LF_ERR_OK);
    check_name_bad("欧阳娜娜", 3, "must be at most 3 characters, got 4");
    check_name_bad("", 20, "must not be empty");
    check_name_bad(NULL, 20, "must not be empty");
    check_name_bad("  \xe3\x80\x80 ", 20, "must not be empty");
    check_name_bad("张\n三", 20, "control characters");
    check_name_bad("张\x7f三", 20, "control characters");
    check_name_bad("张\xc2\x85三", 20, "control characters");     /* U+0085 */
    check_name_bad("abc\xe2\x80\xae" "fdp.exe", 40, "control characters");
    check_name_bad("张\xe2\x80\xa8三", 20, "control characters"); /* U+2028 */
    check_name_bad("\xd5\xc5\xc8\xfd", 20, "must be valid UTF-8");  /* GBK */
    check_name_bad("\xc0\xaf", 20, "must be valid UTF-8");
}

static void test_utf8_count(void **state)
{
    assert_int_equal(utf8_count(""), 0);
    assert_int_equal(utf8_count("abc"), 3);
    assert_int_equal(utf8_count("张三"), 2);
    assert_int_equal(utf8_count("a张\xf0\x9f\x98\xb7"), 3);       /* 😷 */
    assert_int_equal(utf8_count("\xff"), -1);
    assert_int_equal(utf8_count("\xe5\xbc"), -1);                /* cut short */
    assert_int_equal(utf8_count("\xe5\xbc" "a"), -1);
    assert_int_equal(utf8_count("\xe0\x80\xaf"), -1);            /* overlong */
    assert_int_equal(utf8_count("\xed\xa0\x80"), -1);            /* surrogate */
    assert_int_equal(utf8_count("\xf4\x90\x80\x80"), -1);        /* > 10FFFF */
    assert_int_equal(utf8_count("\xd5\xc5\xc8\xfd"), -1);        /* GBK 张三 */
    assert_int_equal(utf8_count(NULL), -1);
}

static void test_first_error_wins(void **state)
{
    struct lf_err err = LF_ERR_INIT;
    char phone[12];
    struct id_number id;

    /* both fail; the second must not overwrite the first */
    assert_int_equal(validate_phone("123", phone, "phone", &err), -1);
    assert_int_equal(validate_id_number("x", TODAY, &id, "id", &err), -1);
    assert_string_equal(err.field, "phone");
    assert_invalid(&err, "phone", "must be 11 digits starting with 1");
}

int test_group_validate(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id_number_accepts_valid_18),
        cmocka_unit_test(test_id_number_lowercase_x_is_stored_upper),
        cmocka_unit_test(test_id_number_trims_surrounding_spaces),
        cmocka_unit_test(test_id_number_retired_or_special_region_is_valid),
        cmocka_unit_test(test_id_number_rejects_wrong_check_digit),
        cmocka_unit_test(test_id_number_rejects_impossible_birth_dates),
        cmocka_unit_test(test_id_number_accepts_leap_days),
        cmocka_unit_test(test_id_number_rejects_future_birth_date),
        cmocka_unit_test(test_id_number_rejects_birth_before_1900),
        cmocka_unit_test(test_id_number_rejects_wrong_length),
        cmocka_unit_test(test_id_number_rejects_letters),
        cmocka_unit_test(test_id_number_accepts_old_15_digits),
        cmocka_unit_test(test_id_number_check_char),
        cmocka_unit_test(test_phone_accepts_common_forms),
        cmocka_unit_test(test_phone_rejects_bad_numbers),
        cmocka_unit_test(test_plate_accepts_ordinary_and_new_energy),
        cmocka_unit_test(test_plate_normalises),
        cmocka_unit_test(test_plate_rejects_i_and_o),
        cmocka_unit_test(test_plate_rejects_unknown_province),
        cmocka_unit_test(test_plate_rejects_bad_shapes),
        cmocka_unit_test(test_temperature_range_and_rounding),
        cmocka_unit_test(test_temperature_str),
        cmocka_unit_test(test_date_forms),
        cmocka_unit_test(test_date_rejects),
        cmocka_unit_test(test_datetime_default_zone_is_shanghai),
        cmocka_unit_test(test_datetime_offsets),
        cmocka_unit_test(test_datetime_rejects),
        cmocka_unit_test(test_name),
        cmocka_unit_test(test_utf8_count),
        cmocka_unit_test(test_first_error_wins),
    };

    return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
