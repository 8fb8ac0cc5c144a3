/*
 * h_node.c - the jurisdiction tree: GET /api/v1/nodes/{code},
 * GET /api/v1/nodes/{code}/children, POST /api/v1/nodes,
 * PATCH /api/v1/nodes/{code}, POST /api/v1/nodes/import (CSV body).
 */
#include "core/node.h"
#include "http/http.h"
#include "util/banned.h"

int h_node_get(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct node n;

    if (node_get(c->ctx, &c->who, c->params[0], &n, &err))
        return http_reply_err(c, &err);
    return http_reply_json(c, 200, json_from_node(&n));
}

int h_node_children(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct node parent;
    struct node_list list;
    json_t *items;
    size_t i;

    if (node_children(c->ctx, &c->who, c->params[0], &parent, &list, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < list.n; i++)
        json_array_append_new(items, json_from_node(&list.items[i]));
    node_list_free(&list);
    return http_reply_json(c, 200, json_pack("{s:o, s:o}", "node",
                                             json_from_node(&parent), "children", items));
}

static const struct json_member node_members[] = {
    { "kind", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "name", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "parent", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "code", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_node_create(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct node_in in = { 0 };
    struct node out;
    json_t *body;

    if (!(body = json_body_object(c, node_members, &err)))
        return http_reply_err(c, &err);
    in.kind = json_str(body, "kind", 1, 32, &err);
    in.name = json_str(body, "name", 1, NODE_NAME_CHARS * 4, &err);
    in.parent = json_str(body, "parent", 1, 32, &err);
    in.code = json_str(body, "code", 0, 32, &err);
    if (err.code != LF_ERR_OK || node_create(c->ctx, &c->who, &in, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 201, json_from_node(&out));
}

static const struct json_member rename_members[] = {
    { "name", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_node_rename(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    const char *name;
    struct node out;
    json_t *body;

    if (!(body = json_body_object(c, rename_members, &err)))
        return http_reply_err(c, &err);
    name = json_str(body, "name", 1, NODE_NAME_CHARS * 4, &err);
    if (err.code != LF_ERR_OK ||
        node_rename(c->ctx, &c->who, c->params[0], name, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_from_node(&out));
}

int h_node_import(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    long n;

    if (node_import_csv(c->ctx, &c->who, c->body, c->body_len, &n, &err))
        return http_reply_err(c, &err);
    return http_reply_json(c, 201, json_pack("{s:i}", "created", (json_int_t)n));
}
