/*
 * Tests of src/http/routes.c and json.c: route matching with parameters,
 * query parsing, and body decoding errors that name the field.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "http/http.h"

static const struct route *match(enum http_method m, const char *path,
                                 char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX], int *known)
{
    return routes_match(m, path, strlen(path), params, known);
}

static void test_routes_match_literals_before_params(void **state)
{
    char p[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
    const struct route *r;
    int known;

    r = match(HTTP_POST, "/api/v1/nodes/import", p, &known);
    assert_non_null(r);
    assert_ptr_equal(r->handler, h_node_import);
    r = match(HTTP_GET, "/api/v1/nodes/419001/children", p, &known);
    assert_non_null(r);
    assert_ptr_equal(r->handler, h_node_children);
    assert_string_equal(p[0], "419001");
    r = match(HTTP_GET, "/api/v1/nodes/419001/", p, &known);
    assert_non_null(r);
    assert_ptr_equal(r->handler, h_node_get);
}

static void test_routes_tell_unknown_path_from_wrong_method(void **state)
{
    char p[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
    int known;

    assert_null(match(HTTP_DELETE, "/api/v1/nodes/419001", p, &known));
    assert_true(known);
    assert_null(match(HTTP_GET, "/api/v1/nothing", p, &known));
    assert_false(known);
    assert_null(match(HTTP_GET, "/api/v1/nodes//children", p, &known));
    assert_false(known);
}

static void test_routes_refuse_overlong_parameters(void **state)
{
    char p[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
    char path[200];
    int known;

    memset(path, 0, sizeof(path));
    memcpy(path, "/api/v1/nodes/", 14);
    memset(path + 14, '1', HTTP_PARAM_MAX);
    assert_null(match(HTTP_GET, path, p, &known));
}

static void test_query_decodes_and_bounds(void **state)
{
    struct http_call c;
    char out[8];

    memset(&c, 0, sizeof(c));
    c.query = "a=1&node=41%39001&x=%zz&long=123456789012&sp=a+b";
    assert_int_equal(http_query(&c, "node", out, sizeof(out)), 1);
    assert_string_equal(out, "419001");
    assert_int_equal(http_query(&c, "x", out, sizeof(out)), 1);
    assert_string_equal(out, "%zz");                 /* bad escapes stay as text */
    assert_int_equal(http_query(&c, "long", out, sizeof(out)), 1);
    assert_string_equal(out, "1234567");             /* cut to the buffer */
    assert_int_equal(http_query(&c, "sp", out, sizeof(out)), 1);
    assert_string_equal(out, "a b");
    assert_int_equal(http_query(&c, "no", out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(http_query(&c, "nod", out, sizeof(out)), 0);
}

/* what test_json_body_errors_name_the_field's bodies may hold */
static const struct json_member any_members[] = {
    { "name", JM_NUMBER_OR_TEXT, 0, 0, 0, NULL, NULL },
    { "ok", JM_STRING, 0, 0, 0, NULL, NULL },
    { "long", JM_STRING, 0, 0, 0, NULL, NULL },
    { "a", JM_INT, 0, 0, 9, NULL, NULL },
    JSON_MEMBERS_END
};

static const struct json_member item_members[] = {
    { "at", JM_TIME, JM_REQUIRED, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

static const struct json_member strict_members[] = {
    { "day", JM_DATE, 0, 0, 0, NULL, NULL },
    { "sex", JM_INT, 0, 0, 9, "0, 1, 2, 9", NULL },
    { "id", JM_INT, JM_REQUIRED, 1, JSON_ID_MAX, NULL, NULL },
    { "items", JM_ARRAY, 0, 0, 0, NULL, item_members },
    JSON_MEMBERS_END
};

/* body → the field of the error, or "" for none */
static const char *strict_field(const char *body, struct lf_err *err)
{
    struct http_call c;
    json_t *o;

    memset(&c, 0, sizeof(c));
    c.body = body;
    c.body_len = strlen(body);
    lf_err_clear(err);
    o = json_body_object(&c, strict_members, err);
    json_decref(o);
    assert_true((o == NULL) == (err->code != LF_ERR_OK));
    return err->field;
}

static void test_json_body_holds_to_its_member_table(void **state)
{
    struct lf_err err = LF_ERR_INIT;

    (void)state;
    assert_string_equal(strict_field("{\"id\":1}", &err), "");
    assert_string_equal(strict_field("{\"id\":1,\"onset_dat\":\"2026-02-03\"}", &err),
                        "onset_dat");
    assert_string_equal(err.reason, "is not a known member");
    assert_string_equal(strict_field("{\"id\":1,\"day\":\"2026-2-3\"}", &err), "day");
    assert_string_equal(strict_field("{\"id\":1,\"day\":\"2026-02-30\"}", &err), "day");
    assert_string_equal(strict_field("{\"id\":1,\"day\":\"2026/02/03\"}", &err), "day");
    assert_string_equal(strict_field("{\"id\":1,\"day\":\"2026-02-03\"}", &err), "");
    assert_string_equal(strict_field("{\"id\":1,\"sex\":-1}", &err), "sex");
    assert_string_equal(strict_field("{\"id\":1,\"sex\":3}", &err), "sex");
    assert_string_equal(strict_field("{\"id\":1,\"sex\":9}", &err), "");
    assert_string_equal(strict_field("{\"id\":18446744073709551616}", &err), "id");
    assert_string_equal(strict_field("{\"id\":99999999999999999999999}", &err), "id");
    assert_string_equal(strict_field("{\"id\":9007199254740992}", &err), "id");
    assert_string_equal(strict_field("{\"id\":1e999}", &err), "id");
    assert_string_equal(strict_field("{\"id\":null}", &err), "id");
    assert_string_equal(err.reason, "is required");
    assert_string_equal(strict_field("{\"id\":1.5}", &err), "id");
    assert_string_equal(strict_field("{\"id\":0}", &err), "id");
    assert_string_equal(strict_field("{\"id\":1,\"items\":[{\"at\":\"2026-02-03T08:00\"},"
                                     "{\"at\":\"2026-02-03 08:00\"}]}", &err), "items[1].at");
    assert_string_equal(strict_field("{\"id\":1,\"items\":[{\"at\":\"2026-02-03T08:00\","
                                     "\"x\":1}]}", &err), "items[0].x");
    assert_string_equal(strict_field("{\"id\":1,\"items\":[{\"at\":\"2026-02-03T08:00:01.5Z\"},"
                                     "{\"at\":\"2026-02-03T08:00+08:00\"},"
                                     "{\"at\":\"2026-02-03T08:00:00-05:00\"}]}", &err), "");
    assert_string_equal(strict_field("{\"id\":1,\"items\":[{\"at\":\"2026-02-03T8:00\"}]}", &err),
                        "items[0].at");
    assert_string_equal(strict_field("{\"id\":1,\"items\":[{\"at\":\"2026-02-03T08:00+0800\"}]}",
                                     &err), "items[0].at");
    assert_string_equal(strict_field("{\"id\":1,\"items\":[{\"at\":\"2026-02-03T24:00\"}]}", &err),
                        "items[0].at");
    assert_string_equal(strict_field("{\"id\":1,\"items\":{}}", &err), "items");
}

static void test_json_body_errors_name_the_field(void **state)
{
    struct http_call c;
    struct lf_err err = LF_ERR_INIT;
    json_t *o;

    memset(&c, 0, sizeof(c));
    c.body = "[1,2]";
    c.body_len = 5;
    assert_null(json_body_object(&c, any_members, &err));
    assert_string_equal(err.field, "body");

    lf_err_clear(&err);
    c.body = "{\"a\":1,\"a\":2}";
    c.body_len = strlen(c.body);
    assert_null(json_body_object(&c, any_members, &err));         /* duplicate keys */

    lf_err_clear(&err);
    c.body = "{\"name\":5,\"ok\":\"x\",\"long\":\"abcdef\"}";
    c.body_len = strlen(c.body);
    assert_non_null(o = json_body_object(&c, any_members, &err));
    assert_null(json_str(o, "name", 1, 10, &err));
    assert_string_equal(err.field, "name");
    assert_string_equal(err.reason, "must be a string");
    lf_err_clear(&err);
    assert_null(json_str(o, "missing", 1, 10, &err));
    assert_string_equal(err.reason, "is required");
    lf_err_clear(&err);
    assert_null(json_str(o, "missing", 0, 10, &err));
    assert_int_equal(err.code, LF_ERR_OK);
    assert_null(json_str(o, "long", 1, 3, &err));
    assert_string_equal(err.field, "long");
    lf_err_clear(&err);
    assert_string_equal(json_str(o, "ok", 1, 10, &err), "x");
    json_decref(o);
}

static void test_error_reply_shape(void **state)
{
    struct http_call c;
    struct lf_err err = LF_ERR_INIT;

    memset(&c, 0, sizeof(c));
    buf_init(&c.out, 4096);
    lf_err_set(&err, LF_ERR_INVALID, "kind", "must be \"community\" or \"grid\"");
    http_reply_err(&c, &err);
    assert_int_equal(c.status, 400);
    assert_string_equal(buf_str(&c.out),
                        "{\"error\":\"类型：须为“村社区”或“网格”\",\"message\":\"须为“村社区”或“网格”\","
                        "\"key\":\"node.kind\",\"code\":\"invalid\",\"field\":\"kind\","
                        "\"detail\":\"kind: must be \\\"community\\\" or \\\"grid\\\"\"}");

    /* no field: no "field" member; an error nobody described is internal */
    lf_err_clear(&err);
    err.code = LF_ERR_INTERNAL;
    http_reply_err(&c, &err);
    assert_int_equal(c.status, 500);
    assert_string_equal(buf_str(&c.out),
                        "{\"error\":\"服务器内部错误\",\"message\":\"服务器内部错误\","
                        "\"key\":\"server.internal\",\"code\":\"internal\","
                        "\"detail\":\"internal error\"}");
    buf_release(&c.out);
}

int test_group_http(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routes_match_literals_before_params),
        cmocka_unit_test(test_routes_tell_unknown_path_from_wrong_method),
        cmocka_unit_test(test_routes_refuse_overlong_parameters),
        cmocka_unit_test(test_query_decodes_and_bounds),
        cmocka_unit_test(test_json_body_errors_name_the_field),
        cmocka_unit_test(test_json_body_holds_to_its_member_table),
        cmocka_unit_test(test_error_reply_shape),
    };
    return cmocka_run_group_tests_name("http/routes", tests, NULL, NULL);
}
