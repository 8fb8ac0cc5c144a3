/*
 * tests/unit/util/mask.c - masking of src/util/mask.c: the shapes of
 * CONVENTIONS.md, short values fully starred, characters not bytes, and an
 * output buffer that is too small never showing more than a full one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/mask.h"
#include "groups.h"

static void test_mask_id_number_18_and_15(void **state)
{
    char out[64];

    assert_string_equal(mask_id_number("11010519491231002X", out, sizeof(out)),
                        "1101**********002X");
    assert_string_equal(mask_id_number("410102198002290031", out, sizeof(out)),
                        "4101**********0031");
    assert_string_equal(mask_id_number("110105491231002", out, sizeof(out)),
                        "1101*******1002");
    /* the return value is out itself */
    assert_ptr_equal(mask_id_number("110105491231002", out, sizeof(out)), out);
}

static void test_mask_id_number_short_values_fully_starred(void **state)
{
    char out[64];

    /* 9-character passport: only one character would be hidden */
    assert_string_equal(mask_id_number("E12345678", out, sizeof(out)),
                        "*********");
    assert_string_equal(mask_id_number("ABCDEFGHIJK", out, sizeof(out)),
                        "***********");
    /* 12 characters hide 4: the shortest value masked the normal way */
    assert_string_equal(mask_id_number("ABCDEFGHIJKL", out, sizeof(out)),
                        "ABCD****IJKL");
    assert_string_equal(mask_id_number("", out, sizeof(out)), "");
    assert_string_equal(mask_id_number(NULL, out, sizeof(out)), "");
}

static void test_mask_phone(void **state)
{
    char out[32];

    assert_string_equal(mask_phone("13812345678", out, sizeof(out)),
                        "138****5678");
    assert_string_equal(mask_phone("010-12345678", out, sizeof(out)),
                        "010*****5678");
    assert_string_equal(mask_phone("1381234567", out, sizeof(out)),
                        "**********");
    assert_string_equal(mask_phone("110", out, sizeof(out)), "***");
}

static void test_mask_counts_characters_not_bytes(void **state)
{
    char out[64];

    /* 10 characters, 30 bytes: too short, so 10 stars, not 30 */
    assert_string_equal(mask_id_number("一二三四五六七八九十", out, sizeof(out)),
                        "**********");
    /* 12 characters: ends kept whole, never cut inside a character */
    assert_string_equal(mask_id_number("一二三四五六七八九十百千", out,
                                       sizeof(out)),
                        "一二三四****九十百千");
}

static void test_mask_name(void **state)
{
    char out[64];

    assert_string_equal(mask_name("张三", out, sizeof(out)), "张*");
    assert_string_equal(mask_name("欧阳娜娜", out, sizeof(out)), "欧***");
    assert_string_equal(mask_name("买买提·艾力", out, sizeof(out)), "买*****");
    assert_string_equal(mask_name("John Smith", out, sizeof(out)), "J*********");
    assert_string_equal(mask_name("张", out, sizeof(out)), "*");
    assert_string_equal(mask_name("", out, sizeof(out)), "");
}

static void test_mask_never_copies_ill_formed_bytes(void **state)
{
    char out[64];

    /* GBK 张三 is four ill-formed bytes; the first is not copied through */
    assert_string_equal(mask_name("\xd5\xc5\xc8\xfd", out, sizeof(out)),
                        "****");
    assert_string_equal(mask_name("\xff" "abc", out, sizeof(out)), "****");
    /* overlong and surrogate forms are three ill-formed bytes each */
    assert_string_equal(mask_name("\xe0\x90\x89" "bc", out, sizeof(out)),
                        "*****");
    assert_string_equal(mask_phone("\xed\xa0\x80" "12345678901", out,
                                   sizeof(out)), "**********8901");
    assert_string_equal(mask_phone("1234567890\xf0\x9f\x98\xb7", out,
                                   sizeof(out)), "123****890\xf0\x9f\x98\xb7");
    /* a truncated sequence at the end of a phone is one character */
    assert_string_equal(mask_phone("1381234567\xe5", out, sizeof(out)),
                        "138****567*");
}

static void test_mask_small_buffer_truncates_safely(void **state)
{
    char out[32];

    assert_string_equal(mask_id_number("11010519491231002X", out, 8), "1101***");
    assert_string_equal(mask_phone("13812345678", out, 4), "138");
    assert_string_equal(mask_phone("13812345678", out, 1), "");
    /* 张 is 3 bytes: with room for 2 plus the NUL nothing is written */
    assert_string_equal(mask_name("张三", out, 3), "");
    assert_string_equal(mask_name("张三", out, 4), "张");
    assert_string_equal(mask_name("张三", out, 5), "张*");
    /* n == 0: out is not touched at all */
    memcpy(out, "sentinel", 9);
    assert_ptr_equal(mask_phone("13812345678", out, 0), out);
    assert_string_equal(out, "sentinel");
}

static void test_mask_db_url(void **state)
{
    char out[128];

    (void)state;
    assert_string_equal(mask_db_url("demo.db", out, sizeof(out)), "demo.db");
    assert_string_equal(mask_db_url("postgresql://lf@127.0.0.1:5432/city", out, sizeof(out)),
                        "postgresql://lf@127.0.0.1:5432/city");
    assert_string_equal(mask_db_url("postgresql://lf:s3cr@t@127.0.0.1/city", out, sizeof(out)),
                        "postgresql://lf:***@127.0.0.1/city");
    assert_string_equal(mask_db_url("postgres://lf:pw@h/db?password=x&sslmode=require", out,
                                    sizeof(out)),
                        "postgres://lf:***@h/db?password=***&sslmode=require");
    assert_string_equal(mask_db_url("host=h user=lf password=pw dbname=c", out, sizeof(out)),
                        "host=h user=lf password=*** dbname=c");
    /* a ':' after the host is a port, not a password */
    assert_string_equal(mask_db_url("postgresql://h:5432/db", out, sizeof(out)),
                        "postgresql://h:5432/db");
    assert_string_equal(mask_db_url("postgresql://lf:pw@h", out, 12), "postgresql:");
}

int test_group_mask(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mask_id_number_18_and_15),
        cmocka_unit_test(test_mask_id_number_short_values_fully_starred),
        cmocka_unit_test(test_mask_phone),
        cmocka_unit_test(test_mask_counts_characters_not_bytes),
        cmocka_unit_test(test_mask_name),
        cmocka_unit_test(test_mask_never_copies_ill_formed_bytes),
        cmocka_unit_test(test_mask_small_buffer_truncates_safely),
        cmocka_unit_test(test_mask_db_url),
    };

    return cmocka_run_group_tests_name("mask", tests, NULL, NULL);
}
