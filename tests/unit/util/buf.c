/*
 * tests/unit/util/buf.c - the bounded buffer of src/util/buf.c: the
 * invariants of buf.h (NUL-terminated, never past max, a refused append
 * leaves the buffer as it was) and JSON string escaping (RFC 8259).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/buf.h"
#include "groups.h"

static void test_buf_empty(void **state)
{
    struct buf b = BUF_INIT(100);

    assert_null(b.data);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(b.len, 0);
    buf_reset(&b);                             /* fine before any append */
    buf_release(&b);
    assert_null(b.data);
    assert_int_equal(b.max, 100);
}

static void test_buf_appends(void **state)
{
    struct buf b;

    buf_init(&b, 1024);
    assert_int_equal(buf_adds(&b, "张三"), 0);
    assert_int_equal(buf_addch(&b, ','), 0);
    assert_int_equal(buf_add(&b, "138xx", 3), 0);
    assert_int_equal(buf_printf(&b, ",%d,%s", 42, "ok"), 0);
    assert_string_equal(buf_str(&b), "张三,138,42,ok");
    assert_int_equal(b.len, strlen("张三,138,42,ok"));
    assert_int_equal(b.data[b.len], '\0');
    /* binary data with a NUL inside: len counts it */
    assert_int_equal(buf_add(&b, "a\0b", 3), 0);
    assert_int_equal(b.len, strlen("张三,138,42,ok") + 3);
    assert_int_equal(b.data[b.len], '\0');
    buf_release(&b);
}

static void test_buf_grows_past_first_block(void **state)
{
    struct buf b = BUF_INIT(1 << 20);
    size_t i;

    for (i = 0; i < 10000; i++)
        assert_int_equal(buf_addch(&b, (char)('a' + i % 26)), 0);
    assert_int_equal(b.len, 10000);
    assert_true(b.cap > b.len);
    assert_int_equal(b.data[9999], 'a' + 9999 % 26);
    assert_int_equal(b.data[10000], '\0');
    buf_release(&b);
}

static void test_buf_max_is_a_hard_bound(void **state)
{
    struct buf b = BUF_INIT(5);

    assert_int_equal(buf_adds(&b, "hello"), 0);          /* exactly max */
    assert_int_equal(buf_addch(&b, '!'), -1);
    assert_int_equal(buf_adds(&b, "world"), -1);
    assert_int_equal(buf_printf(&b, "%d", 1), -1);
    assert_string_equal(buf_str(&b), "hello");           /* as it was */
    assert_int_equal(b.len, 5);
    buf_reset(&b);
    assert_int_equal(buf_add(&b, "123456", 6), -1);      /* never partly */
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_str(&b), "");
    /* a huge n must not wrap the length check around */
    assert_int_equal(buf_add(&b, "x", (size_t)-1), -1);
    assert_int_equal(b.len, 0);
    buf_release(&b);

    buf_init(&b, 0);
    assert_int_equal(buf_addch(&b, 'x'), -1);
    assert_null(b.data);
}

static void test_buf_printf_long_output(void **state)
{
    struct buf b = BUF_INIT(4096);
    struct buf small = BUF_INIT(300);
    char big[1001];

    memset(big, 'z', 1000);
    big[1000] = '\0';
    assert_int_equal(buf_adds(&b, "<"), 0);
    /* more than the 256-byte fast path */
    assert_int_equal(buf_printf(&b, "%s|%s", big, "end"), 0);
    assert_int_equal(b.len, 1 + 1000 + 4);
    assert_memory_equal(b.data + 1 + 1000, "|end", 5);

    assert_int_equal(buf_adds(&small, "keep"), 0);
    assert_int_equal(buf_printf(&small, "%s", big), -1);
    assert_string_equal(buf_str(&small), "keep");
    buf_release(&b);
    buf_release(&small);
}

static void test_buf_reset_keeps_memory(void **state)
{
    struct buf b = BUF_INIT(100);
    char *before;

    buf_adds(&b, "something");
    before = b.data;
    buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_str(&b), "");
    assert_ptr_equal(b.data, before);
    buf_adds(&b, "ab");
    assert_string_equal(buf_str(&b), "ab");
    buf_release(&b);
}

static void test_buf_detach(void **state)
{
    struct buf b = BUF_INIT(100);
    size_t len = 99;
    char *s;

    buf_adds(&b, "owned");
    s = buf_detach(&b, &len);
    assert_string_equal(s, "owned");
    assert_int_equal(len, 5);
    assert_null(b.data);                         /* buffer is empty again */
    assert_int_equal(b.len, 0);
    assert_int_equal(b.max, 100);
    free(s);

    s = buf_detach(&b, &len);                    /* empty: "" to free */
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);
    s = buf_detach(&b, NULL);
    free(s);
}

static void check_json(const char *in, const char *want)
{
    struct buf b = BUF_INIT(1024);

    assert_int_equal(buf_add_json_str(&b, in), 0);
    assert_string_equal(buf_str(&b), want);
    buf_release(&b);
}

static void test_buf_json_escapes(void **state)
{
    check_json("", "\"\"");
    check_json("plain", "\"plain\"");
    check_json("say \"hi\"", "\"say \\\"hi\\\"\"");
    check_json("C:\\dir", "\"C:\\\\dir\"");
    check_json("a\nb\rc\td", "\"a\\nb\\rc\\td\"");
    check_json("\x01\x1f", "\"\\u0001\\u001f\"");
    check_json("\b\f", "\"\\u0008\\u000c\"");
    /* UTF-8 and the characters JSON does not require escaping pass as is */
    check_json("张三 😷", "\"张三 😷\"");
    check_json("a/b\x7f", "\"a/b\x7f\"");
    /* a value meant for HTML stays a JSON string, quotes escaped */
    check_json("</script><img src=x onerror=\"1\">",
               "\"</script><img src=x onerror=\\\"1\\\">\"");
}

static void test_buf_json_appends_after_existing_text(void **state)
{
    struct buf b = BUF_INIT(1024);

    buf_adds(&b, "{\"name\":");
    buf_add_json_str(&b, "张\"三");
    buf_addch(&b, '}');
    assert_string_equal(buf_str(&b), "{\"name\":\"张\\\"三\"}");
    buf_release(&b);
}

/* A refused JSON string leaves the buffer as it was, wherever the limit
 * falls: on the opening quote, inside an escape, or on the closing quote. */
static void test_buf_json_over_max_leaves_buffer_unchanged(void **state)
{
    struct buf b;
    size_t max;

    for (max = 2; max <= 12; max++) {
        buf_init(&b, max);
        assert_int_equal(buf_adds(&b, "k:"), 0);
        /* needs 2 + 1 + 4 + 2 + 1 = 10 bytes in all */
        if (max >= 10) {
            assert_int_equal(buf_add_json_str(&b, "ab\ncd"), 0);
            assert_string_equal(buf_str(&b), "k:\"ab\\ncd\"");
        } else {
            int rc = buf_add_json_str(&b, "ab\ncd");
            int same = !strcmp(buf_str(&b), "k:") && b.len == 2;
            char left[16];

            memcpy(left, buf_str(&b), b.len < 15 ? b.len + 1 : 16);
            left[15] = '\0';
            buf_release(&b);
            assert_int_equal(rc, -1);
            if (!same)
                fail_msg("max %zu: buffer left as \"%s\"", max, left);
        }
        buf_release(&b);
    }
}

int test_group_buf(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_empty),
        cmocka_unit_test(test_buf_appends),
        cmocka_unit_test(test_buf_grows_past_first_block),
        cmocka_unit_test(test_buf_max_is_a_hard_bound),
        cmocka_unit_test(test_buf_printf_long_output),
        cmocka_unit_test(test_buf_reset_keeps_memory),
        cmocka_unit_test(test_buf_detach),
        cmocka_unit_test(test_buf_json_escapes),
        cmocka_unit_test(test_buf_json_appends_after_existing_text),
        cmocka_unit_test(test_buf_json_over_max_leaves_buffer_unchanged),
    };

    return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
