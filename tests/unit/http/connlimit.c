/*
 * Tests of src/http/connlimit.c: per-address and total limits, release,
 * the pending quota and trusted proxies.
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
    struct connlimit *cl = connlimit_new(100, 3, 3);
    struct sockaddr_storage a1 = v4("192.0.2.1", 1000), a2 = v4("192.0.2.1", 1001);
    struct sockaddr_storage b = v4("192.0.2.2", 1000);
    struct connlimit_slot *s[4];

    s[0] = connlimit_acquire(cl, &a1, 0, NULL);
    s[1] = connlimit_acquire(cl, &a2, 0, NULL);      /* another port: same address */
    s[2] = connlimit_acquire(cl, &a1, 0, NULL);
    assert_non_null(s[0]);
    assert_non_null(s[1]);
    assert_non_null(s[2]);
    assert_null(connlimit_acquire(cl, &a1, 0, NULL));
    assert_non_null(s[3] = connlimit_acquire(cl, &b, 0, NULL));  /* others unaffected */
    assert_int_equal(connlimit_of(cl, &a1), 3);
    assert_int_equal(connlimit_total(cl), 4);
    connlimit_release(s[0], 1);
    assert_non_null(s[0] = connlimit_acquire(cl, &a1, 0, NULL));
    connlimit_release(s[0], 1);
    connlimit_release(s[1], 1);
    connlimit_release(s[2], 1);
    connlimit_release(s[3], 1);
    assert_int_equal(connlimit_total(cl), 0);
    assert_int_equal(connlimit_of(cl, &a1), 0);
    connlimit_free(cl);
}

static void test_total_limit_counts_every_address(void **state)
{
    struct connlimit *cl = connlimit_new(2, 10, 10);
    struct sockaddr_storage a = v4("192.0.2.1", 1), b = v4("192.0.2.2", 1);
    struct sockaddr_storage c = v4("192.0.2.3", 1);
    struct connlimit_slot *sa = connlimit_acquire(cl, &a, 0, NULL), *sb = connlimit_acquire(cl, &b, 0, NULL);

    assert_non_null(sa);
    assert_non_null(sb);
    assert_null(connlimit_acquire(cl, &c, 0, NULL));
    assert_int_equal(connlimit_of(cl, &c), 0);   /* a refused peer leaves no entry */
    connlimit_release(sa, 1);
    connlimit_release(sb, 1);
    connlimit_free(cl);
}

static void test_pending_connections_have_their_own_quota(void **state)
{
    struct connlimit *cl = connlimit_new(100, 10, 2);
    struct sockaddr_storage a = v4("192.0.2.1", 1000);
    struct connlimit_slot *s[4];
    enum connlimit_why why;
    (void)state;

    s[0] = connlimit_acquire(cl, &a, 0, NULL);
    s[1] = connlimit_acquire(cl, &a, 0, NULL);
    assert_non_null(s[0]);
    assert_non_null(s[1]);
    assert_null(connlimit_acquire(cl, &a, 0, &why));     /* two pending: full */
    assert_int_equal(why, CONNLIMIT_PENDING);
    connlimit_settle(s[0]);                              /* one sent a request */
    assert_int_equal(connlimit_pending_of(cl, &a), 1);
    assert_non_null(s[2] = connlimit_acquire(cl, &a, 0, &why));
    assert_int_equal(why, CONNLIMIT_OK);
    /* after cutting a pending one, the caller may take its place at once */
    assert_non_null(s[3] = connlimit_acquire(cl, &a, CONNLIMIT_FORCE, NULL));
    assert_int_equal(connlimit_of(cl, &a), 4);
    assert_int_equal(connlimit_pending_of(cl, &a), 3);
    connlimit_release(s[0], 0);
    connlimit_release(s[1], 1);
    connlimit_release(s[2], 1);
    connlimit_release(s[3], 1);
    assert_int_equal(connlimit_total(cl), 0);
    assert_int_equal(connlimit_pending_of(cl, &a), 0);
    connlimit_free(cl);
}

static void test_trusted_proxy_has_no_per_address_limit(void **state)
{
    struct connlimit *cl = connlimit_new(5, 1, 1);
    struct sockaddr_storage p = v4("198.51.100.7", 1000);
    struct connlimit_slot *s[6];
    enum connlimit_why why;
    int i;
    (void)state;

    for (i = 0; i < 5; i++)
        assert_non_null(s[i] = connlimit_acquire(cl, &p, CONNLIMIT_TRUSTED, NULL));
    assert_null(connlimit_acquire(cl, &p, CONNLIMIT_TRUSTED, &why));   /* the total holds */
    assert_int_equal(why, CONNLIMIT_TOTAL);
    for (i = 0; i < 5; i++)
        connlimit_release(s[i], 1);
    assert_int_equal(connlimit_total(cl), 0);
    connlimit_free(cl);
}

int test_group_connlimit(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_address_is_held_to_its_limit),
        cmocka_unit_test(test_total_limit_counts_every_address),
        cmocka_unit_test(test_pending_connections_have_their_own_quota),
        cmocka_unit_test(test_trusted_proxy_has_no_per_address_limit),
    };
    return cmocka_run_group_tests_name("http/connlimit", tests, NULL, NULL);
}
