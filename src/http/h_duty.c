/*
 * h_duty.c - duty assignments (包抓、包保):
 * GET /api/v1/duties?node=&ended=1 (the nodes above, "above": true, then
 * the subtree down to communities, each node with its assignments: a node
 * of the subtree without one is not yet assigned),
 * POST /api/v1/duties (assign), POST /api/v1/duties/{id}/end (with a
 * reason). Officials' work phones are shown whole: reaching the official
 * who answers for a village is what the list is for; reads are audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duty.h"
#include "http/http.h"
#include "util/timeutil.h"
#include "util/banned.h"

static json_t *day(int64_t days)
{
    char buf[16];
    int y;
    unsigned m, d;

    time_civil_from_days(days, &y, &m, &d);
    snprintf(buf, sizeof(buf), "%04d-%02u-%02u", y, m, d);
    return json_string(buf);
}

static json_t *json_from_duty(const struct duty *d)
{
    char t[40];

    return json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:s}",
                     "id", (json_int_t)d->id, "node", d->node, "node_name", d->node_name,
                     "person_id", d->person_id ? json_integer(d->person_id) : json_null(),
                     "kind", duty_kind_id(d->kind), "name", d->name, "title", d->title,
                     "phone", d->phone, "from", day(d->from_days),
                     "assigned_at", time_format_iso(d->created_utc, t, sizeof(t)),
                     "ended_at", d->ended_utc
                         ? json_string(time_format_iso(d->ended_utc, t, sizeof(t)))
                         : json_null(),
                     "end_reason", d->end_reason);
}

int h_duty_list(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct duty_view v;
    char node[32], ended[4] = "";
    json_t *nodes;
    size_t i, k = 0;

    http_query(c, "node", node, sizeof(node));
    http_query(c, "ended", ended, sizeof(ended));
    if (ended[0] && strcmp(ended, "0") != 0 && strcmp(ended, "1") != 0) {
        lf_err_set(&err, LF_ERR_INVALID, "ended", "must be 0 or 1");
        return http_reply_err(c, &err);
    }
    if (duty_view(c->ctx, &c->who, node, ended[0] == '1', &v, &err))
        return http_reply_err(c, &err);
    nodes = json_array();
    for (i = 0; i < v.nodes.n; i++) {
        json_t *n = json_from_node(&v.nodes.items[i]), *duties = json_array();
        /* both lists are sorted by node code */
        while (k < v.duties.n && strcmp(v.duties.items[k].node, v.nodes.items[i].code) < 0)
            k++;
        for (; k < v.duties.n && strcmp(v.duties.items[k].node, v.nodes.items[i].code) == 0;
             k++)
            json_array_append_new(duties, json_from_duty(&v.duties.items[k]));
        json_object_set_new(n, "duties", duties);
        json_object_set_new(n, "above", json_boolean(i < v.n_above));
        json_array_append_new(nodes, n);
    }
    duty_view_free(&v);
    return http_reply_json(c, 200, json_pack("{s:o}", "nodes", nodes));
}

static const struct json_member assign_members[] = {
    { "node", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "kind", JM_STRING, 0, 0, 0, NULL, NULL },
    { "name", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "title", JM_STRING, 0, 0, 0, NULL, NULL },
    { "phone", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "from", JM_DATE, 0, 0, 0, NULL, NULL },
    { "person_id", JM_INT, 0, 1, JSON_ID_MAX, NULL, NULL },
    JSON_MEMBERS_END
};

int h_duty_assign(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct duty_in in = { 0 };
    struct duty out;
    json_t *body, *pid;

    if (!(body = json_body_object(c, assign_members, &err)))
        return http_reply_err(c, &err);
    in.node = json_str(body, "node", 1, 32, &err);
    in.kind = json_str(body, "kind", 0, 16, &err);
    in.name = json_str(body, "name", 1, 256, &err);
    in.title = json_str(body, "title", 0, 256, &err);
    in.phone = json_str(body, "phone", 1, 32, &err);
    in.from = json_str(body, "from", 0, 32, &err);
    pid = json_object_get(body, "person_id");
    if (pid && !json_is_null(pid)) {
        if (!json_is_integer(pid) || json_integer_value(pid) <= 0)
            lf_err_set(&err, LF_ERR_INVALID, "person_id", "must be a positive number");
        else
            in.person_id = json_integer_value(pid);
    }
    if (err.code != LF_ERR_OK || duty_assign(c->ctx, &c->who, &in, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 201, json_from_duty(&out));
}

static const struct json_member end_members[] = {
    { "reason", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_duty_end(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct duty out;
    const char *reason;
    char *end;
    long long id = strtoll(c->params[0], &end, 10);
    json_t *body;

    if (*end || id <= 0) {
        lf_err_set(&err, LF_ERR_INVALID, "id", "must be a positive number");
        return http_reply_err(c, &err);
    }
    if (!(body = json_body_object(c, end_members, &err)))
        return http_reply_err(c, &err);
    reason = json_str(body, "reason", 1, 1024, &err);
    if (err.code != LF_ERR_OK || duty_end(c->ctx, &c->who, id, reason, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_from_duty(&out));
}
