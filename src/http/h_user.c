/*
 * h_user.c - staff accounts: GET /api/v1/users?node=CODE,
 * POST /api/v1/users, PATCH /api/v1/users/{id} ({"disabled": bool} and/or
 * {"password": "..."}).
 */
#include <stdlib.h>

#include "core/user.h"
#include "http/http.h"
#include "util/banned.h"

int h_user_list(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct user_list list;
    char node[32];
    json_t *items;
    size_t i;

    http_query(c, "node", node, sizeof(node));
    if (user_list(c->ctx, &c->who, node, &list, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < list.n; i++)
        json_array_append_new(items, json_from_user(&list.items[i]));
    user_list_free(&list);
    return http_reply_json(c, 200, json_pack("{s:o}", "users", items));
}

static const struct json_member user_members[] = {
    { "username", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "display_name", JM_STRING, 0, 0, 0, NULL, NULL },
    { "role", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "node", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "password", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_user_create(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct user_in in = { 0 };
    struct user out;
    json_t *body;

    if (!(body = json_body_object(c, user_members, &err)))
        return http_reply_err(c, &err);
    in.username = json_str(body, "username", 1, 64, &err);
    in.display_name = json_str(body, "display_name", 0, DISPLAY_NAME_CHARS * 4, &err);
    in.role = json_str(body, "role", 1, 32, &err);
    in.node = json_str(body, "node", 1, 32, &err);
    in.password = json_str(body, "password", 1, 1024, &err);
    if (err.code != LF_ERR_OK || user_create(c->ctx, &c->who, &in, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 201, json_from_user(&out));
}

static const struct json_member change_members[] = {
    { "disabled", JM_BOOL, 0, 0, 0, NULL, NULL },
    { "password", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_user_update(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct user_change ch = { -1, NULL };
    struct user out;
    char *end;
    long long id = strtoll(c->params[0], &end, 10);
    json_t *body;

    if (*end || id <= 0) {
        lf_err_set(&err, LF_ERR_INVALID, "id", "must be a positive number");
        return http_reply_err(c, &err);
    }
    if (!(body = json_body_object(c, change_members, &err)))
        return http_reply_err(c, &err);
    ch.disabled = json_bool(body, "disabled", &err);
    ch.password = json_str(body, "password", 0, 1024, &err);
    if (err.code != LF_ERR_OK || user_update(c->ctx, &c->who, id, &ch, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_from_user(&out));
}
