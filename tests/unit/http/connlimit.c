/*
 * Tests of src/http/connlimit.c: per-address and total limits, release.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "http/connlimit.h"

static struct sockaddr_storage v4(const char *ip, int port)
{
    struct sockaddr_storage ss;
    struct sockaddr_in *in = (struct sockaddr_in *)&ss;

    memset(&ss, 0, sizeof(ss));
    in->sin_family = AF_INET;
    in->sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, ip, &in->sin_addr);
    return ss;
}

static void test_one_address_is_held_to_its_limit(void **state)
{
    struct connlimit *cl = connlimit_new(100, 3);
    struct sockaddr_storage a1 = v4("192.0.2.1", 1000), a2 = v4("192.0.2.1", 1001);
    struct sockaddr_storage b = v4("192.0.2.2", 1000);
    struct connlimit_slot *s[4];

    s[0] = connlimit_acquire(cl, &a1);
    s[1] = connlimit_acquire(cl, &a2);      /* another port: same address */
    s[2] = connlimit_acquire(cl, &a1);
    assert_non_null(s[0]);
    assert_non_null(s[1]);
    assert_non_null(s[2]);
    assert_null(connlimit_acquire(cl, &a1));
    assert_non_null(s[3] = connlimit_acquire(cl, &b));  /* others unaffected */
    assert_int_equal(connlimit_of(cl, &a1), 3);
    assert_int_equal(connlimit_total(cl), 4);
    connlimit_release(s[0]);
    assert_non_null(s[0] = connlimit_acquire(cl, &a1));
    connlimit_release(s[0]);
    connlimit_release(s[1]);
    connlimit_release(s[2]);
    connlimit_release(s[3]);
    assert_int_equal(connlimit_total(cl), 0);
    assert_int_equal(connlimit_of(cl, &a1), 0);
    connlimit_free(cl);
}

static void test_total_limit_counts_every_address(void **state)
{
    struct connlimit *cl = connlimit_new(2, 10);
    struct sockaddr_storage a = v4("192.0.2.1", 1), b = v4("192.0.2.2", 1);
    struct sockaddr_storage c = v4("192.0.2.3", 1);
    struct connlimit_slot *sa = connlimit_acquire(cl, &a), *sb = connlimit_acquire(cl, &b);

    assert_non_null(sa);
    assert_non_null(sb);
    assert_null(connlimit_acquire(cl, &c));
    assert_int_equal(connlimit_of(cl, &c), 0);   /* a refused peer leaves no entry */
    connlimit_release(sa);
    connlimit_release(sb);
    connlimit_free(cl);
}

int test_group_connlimit(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_address_is_held_to_its_limit),
        cmocka_unit_test(test_total_limit_counts_every_address),
    };
    return cmocka_run_group_tests_name("http/connlimit", tests, NULL, NULL);
}
