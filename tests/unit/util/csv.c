/*
 * tests/unit/util/csv.c - the CSV reader of src/util/csv.c on what Excel,
 * WPS and hand-edited files contain: a BOM, quotes, CRLF, blank rows,
 * broken quoting (with the line it started on), GBK bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/csv.h"
#include "groups.h"

/* 66 KB: too big for a comfortable stack frame, so one shared reader. */
static struct csv_reader r;

static void start(const char *s)
{
    csv_init(&r, s, strlen(s));
}

/* Expect one row starting on `line` with the given cells, "" terminated by
 * a NULL. */
static void expect_row(long line, const char *cells[])
{
    int i, rc = csv_next(&r);

    if (rc != 1)
        fail_msg("csv_next returned %d (%s), want a row at line %ld", rc,
                 r.error, line);
    assert_int_equal(r.row_line, line);
    for (i = 0; cells[i]; i++) {
        if (i >= r.n_fields)
            fail_msg("row at line %ld has %d fields, want more", line,
                     r.n_fields);
        assert_string_equal(r.fields[i], cells[i]);
    }
    assert_int_equal(r.n_fields, i);
}

#define ROW(line, ...) expect_row(line, (const char *[]){ __VA_ARGS__, NULL })

static void expect_error(long line, const char *want)
{
    assert_int_equal(csv_next(&r), -1);
    assert_int_equal(r.row_line, line);
    if (!strstr(r.error, want))
        fail_msg("error \"%s\", want \"%s\"", r.error, want);
    assert_int_equal(r.n_fields, 0);
}

static void test_csv_plain_rows(void **state)
{
    start("name,phone\n张三,13812345678\n李四,13900000000");
    ROW(1, "name", "phone");
    ROW(2, "张三", "13812345678");
    ROW(3, "李四", "13900000000");          /* no final newline */
    assert_int_equal(csv_next(&r), 0);
    assert_int_equal(csv_next(&r), 0);       /* and stays at the end */
}

static void test_csv_skips_bom(void **state)
{
    start("\xef\xbb\xbfname,id_number\n张三,11010519491231002X\n");
    ROW(1, "name", "id_number");
    assert_int_equal(csv_column(&r, "name"), 0);
    ROW(2, "张三", "11010519491231002X");
    assert_int_equal(csv_next(&r), 0);
}

static void test_csv_bom_only_or_empty(void **state)
{
    start("\xef\xbb\xbf");
    assert_int_equal(csv_next(&r), 0);
    start("");
    assert_int_equal(csv_next(&r), 0);
    start("\r\n\n\r\n");
    assert_int_equal(csv_next(&r), 0);
}

static void test_csv_quotes(void **state)
{
    start("a,\"b,c\",\"say \"\"hi\"\"\",\"\"\n");
    ROW(1, "a", "b,c", "say \"hi\"", "");
    /* a quote inside an unquoted field is text, as Excel reads it */
    start("ab\"c,d\n");
    ROW(1, "ab\"c", "d");
}

static void test_csv_embedded_newlines_keep_line_numbers(void **state)
{
    start("id,address\n1,\"金水区\n文化路 1 号\"\n2,\"a\r\nb\r\nc\"\r\n3,x\n");
    ROW(1, "id", "address");
    ROW(2, "1", "金水区\n文化路 1 号");
    ROW(4, "2", "a\r\nb\r\nc");
    ROW(7, "3", "x");
    assert_int_equal(csv_next(&r), 0);
}

static void test_csv_crlf_and_lone_cr(void **state)
{
    start("a,b\r\nc,d\r\n");
    ROW(1, "a", "b");                        /* no \r left in "b" */
    ROW(2, "c", "d");
    assert_int_equal(csv_next(&r), 0);
    start("a,b\rc,d\r");
    ROW(1, "a", "b");
    ROW(2, "c", "d");
}

static void test_csv_skips_blank_lines_and_empty_rows(void **state)
{
    start("h\n\n\r\n,,,\n\"\",\n1\n\n");
    ROW(1, "h");
    ROW(6, "1");
    assert_int_equal(csv_next(&r), 0);
    /* a row with one value among empties is kept, empties and all */
    start("a,,\n,b,\n");
    ROW(1, "a", "", "");
    ROW(2, "", "b", "");
}

static void test_csv_trailing_comma_is_empty_field(void **state)
{
    start("a,b,\n");
    ROW(1, "a", "b", "");
    start("a,b,");
    ROW(1, "a", "b", "");
}

static void test_csv_unterminated_quote_reports_row_line(void **state)
{
    start("name,phone\n张三,138\n李四,\"139\n\n王五,137\n");
    ROW(1, "name", "phone");
    ROW(2, "张三", "138");
    expect_error(3, "quoted field is not closed");
    /* the open quote swallowed the rest: nothing more to read */
    assert_int_equal(csv_next(&r), 0);
}

static void test_csv_text_after_closing_quote_then_continues(void **state)
{
    start("\"ab\"c,d\nnext,1\n");
    expect_error(1, "text after a closing quote");
    ROW(2, "next", "1");
    assert_int_equal(csv_next(&r), 0);
}

static void test_csv_field_limit(void **state)
{
    char line[64 * 2 + 8];
    int i;

    for (i = 0; i < 64; i++) {
        line[2 * i] = 'x';
        line[2 * i + 1] = ',';
    }
    line[2 * 63 + 1] = '\n';                 /* exactly 64 fields */
    line[128] = '\0';
    start(line);
    assert_int_equal(csv_next(&r), 1);
    assert_int_equal(r.n_fields, 64);

    line[2 * 63 + 1] = ',';                  /* 65 fields, then a good row */
    memcpy(line + 128, "x\ny\n", 5);
    start(line);
    expect_error(1, "more than 64 fields");
    ROW(2, "y");
}

static void test_csv_row_limit(void **state)
{
    size_t big = CSV_MAX_ROW + 100;
    char *s = malloc(big + 16);

    assert_non_null(s);
    memset(s, 'a', big);
    memcpy(s + big, "\nok,1\n", 7);
    start(s);
    expect_error(1, "longer than 65536 bytes");
    ROW(2, "ok", "1");

    /* one field that fills the buffer exactly (its NUL included) is fine */
    memset(s, 'a', CSV_MAX_ROW - 1);
    memcpy(s + CSV_MAX_ROW - 1, "\n", 2);
    start(s);
    assert_int_equal(csv_next(&r), 1);
    assert_int_equal(strlen(r.fields[0]), CSV_MAX_ROW - 1);
    /* ... but then even an empty second cell has no room for its NUL */
    memcpy(s + CSV_MAX_ROW - 1, ",\n", 3);
    start(s);
    expect_error(1, "longer than 65536 bytes");
    free(s);
}

static void test_csv_rejects_nul_bytes(void **state)
{
    /* "a,b\n" saved as UTF-16LE, which Excel calls "Unicode text" */
    static const char utf16[] = "a\0,\0b\0\n\0";

    csv_init(&r, utf16, sizeof(utf16) - 1);
    expect_error(1, "NUL byte");
}

static void test_csv_keeps_excel_text_forms(void **state)
{
    /* the two text-forcing forms of an export come back byte for byte */
    start("\t11010519491231002X,\"=\"\"110105194912310021\"\"\"\n");
    ROW(1, "\t11010519491231002X", "=\"110105194912310021\"");
}

static void test_csv_column(void **state)
{
    start(" name ,\t phone\t,身份证号\n");
    assert_int_equal(csv_next(&r), 1);
    assert_int_equal(csv_column(&r, "name"), 0);
    assert_int_equal(csv_column(&r, "phone"), 1);
    assert_int_equal(csv_column(&r, " phone "), 1);
    assert_int_equal(csv_column(&r, "身份证号"), 2);
    assert_int_equal(csv_column(&r, "nam"), -1);
    assert_int_equal(csv_column(&r, "id"), -1);
    assert_int_equal(csv_column(&r, ""), -1);
}

static int utf8(const char *s)
{
    return csv_is_utf8(s, strlen(s));
}

static void test_csv_is_utf8(void **state)
{
    assert_int_equal(utf8(""), 1);
    assert_int_equal(utf8("name,phone\n"), 1);
    assert_int_equal(utf8("\xef\xbb\xbf姓名,电话\n张三,138\n"), 1);
    assert_int_equal(utf8("a,\xf0\x9f\x98\xb7\n"), 1);           /* 😷 */
    /* 姓名,电话 in GBK, as WPS saves by default */
    assert_int_equal(utf8("\xd0\xd5\xc3\xfb,\xb5\xe7\xbb\xb0\n"), 0);
    assert_int_equal(utf8("\xd5\xc5\xc8\xfd"), 0);               /* GBK 张三 */
    assert_int_equal(utf8("\x81\x30\x81\x30"), 0);       /* GB18030 4-byte */
    assert_int_equal(utf8("ok\xe5\xbc"), 0);                     /* cut short */
    assert_int_equal(utf8("\xc0\xaf"), 0);                       /* overlong */
    assert_int_equal(utf8("\xed\xa0\x80"), 0);                   /* surrogate */
    assert_int_equal(utf8("\xf4\x90\x80\x80"), 0);               /* > 10FFFF */
    /* the length bounds the check, not a NUL */
    assert_int_equal(csv_is_utf8("a\0b", 3), 1);
    assert_int_equal(csv_is_utf8("\xe5\xbc\xa0", 2), 0);
}

int test_group_csv(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_plain_rows),
        cmocka_unit_test(test_csv_skips_bom),
        cmocka_unit_test(test_csv_bom_only_or_empty),
        cmocka_unit_test(test_csv_quotes),
        cmocka_unit_test(test_csv_embedded_newlines_keep_line_numbers),
        cmocka_unit_test(test_csv_crlf_and_lone_cr),
        cmocka_unit_test(test_csv_skips_blank_lines_and_empty_rows),
        cmocka_unit_test(test_csv_trailing_comma_is_empty_field),
        cmocka_unit_test(test_csv_unterminated_quote_reports_row_line),
        cmocka_unit_test(test_csv_text_after_closing_quote_then_continues),
        cmocka_unit_test(test_csv_field_limit),
        cmocka_unit_test(test_csv_row_limit),
        cmocka_unit_test(test_csv_rejects_nul_bytes),
        cmocka_unit_test(test_csv_keeps_excel_text_forms),
        cmocka_unit_test(test_csv_column),
        cmocka_unit_test(test_csv_is_utf8),
    };

    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
