/*
 * h_checkpoint.c - traffic checkpoints (交通检疫卡点):
 * POST /api/v1/checkpoints {"node","name","road"?,"kind"},
 * GET /api/v1/checkpoints?node=, GET /api/v1/checkpoints/{id},
 * GET /api/v1/checkpoints/{id}/qr.png and qr.svg (the public form's address),
 * GET /api/v1/checkpoints/stats?node=&day=YYYY-MM-DD (counts per checkpoint),
 * GET /api/v1/public/checkpoints/{code} (the form's header; no account).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checkpoint.h"
#include "http/http.h"
#include "util/qr.h"
#include "util/timeutil.h"
#include "util/banned.h"

#define QR_PNG_SCALE 12           /* pixels per module: ~50 mm at 300 dpi */
#define QR_MARGIN 4               /* the quiet zone ISO/IEC 18004 asks for */

json_t *json_from_checkpoint(const struct lf_ctx *ctx, const struct checkpoint *c)
{
    char url[400], t[40];
    const char *label = checkpoint_kind_label(c->kind);

    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)c->id,
                     "node", c->node, "name", c->name, "road", c->road, "kind", c->kind,
                     "kind_label", label ? label : c->kind, "code", c->code, "url",
                     checkpoint_url(ctx, c, url, sizeof(url)), "created_at",
                     time_format_iso(c->created_utc, t, sizeof(t)));
}

/* The {id} of the path, or 0 with err set. */
static int64_t path_id(const struct http_call *c, struct lf_err *err)
{
    char *end;
    long long id = strtoll(c->params[0], &end, 10);

    if (*end || id <= 0) {
        lf_err_set(err, LF_ERR_INVALID, "id", "must be a positive number");
        return 0;
    }
    return id;
}

static const struct json_member checkpoint_members[] = {
    { "node", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "name", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "road", JM_STRING, 0, 0, 0, NULL, NULL },
    { "kind", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_checkpoint_create(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct checkpoint_in in = { 0 };
    struct checkpoint out;
    json_t *body;

    if (!(body = json_body_object(c, checkpoint_members, &err)))
        return http_reply_err(c, &err);
    in.node = json_str(body, "node", 1, 32, &err);
    in.name = json_str(body, "name", 1, NODE_NAME_CHARS * 4, &err);
    in.road = json_str(body, "road", 0, CHECKPOINT_ROAD_CHARS * 4, &err);
    in.kind = json_str(body, "kind", 1, 16, &err);
    if (err.code != LF_ERR_OK || checkpoint_create(c->ctx, &c->who, &in, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 201, json_from_checkpoint(c->ctx, &out));
}

int h_checkpoint_list(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct checkpoint_list list;
    char node[32];
    json_t *items;
    size_t i;

    http_query(c, "node", node, sizeof(node));
    if (checkpoint_list(c->ctx, &c->who, node, &list, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < list.n; i++)
        json_array_append_new(items, json_from_checkpoint(c->ctx, &list.items[i]));
    checkpoint_list_free(&list);
    return http_reply_json(c, 200, json_pack("{s:o}", "checkpoints", items));
}

int h_checkpoint_get(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct checkpoint out;
    int64_t id = path_id(c, &err);

    if (!id || checkpoint_get(c->ctx, &c->who, id, &out, &err))
        return http_reply_err(c, &err);
    return http_reply_json(c, 200, json_from_checkpoint(c->ctx, &out));
}

/* qr.png and qr.svg: the checkpoint's public form address as a QR code. */
static int reply_qr(struct http_call *c, int png)
{
    struct lf_err err = LF_ERR_INIT;
    struct checkpoint cp;
    char url[400];
    int64_t id = path_id(c, &err);

    if (!id || checkpoint_get(c->ctx, &c->who, id, &cp, &err))
        return http_reply_err(c, &err);
    checkpoint_url(c->ctx, &cp, url, sizeof(url));
    buf_reset(&c->out);
    if (png ? qr_png(url, QR_PNG_SCALE, QR_MARGIN, &c->out) : qr_svg(url, QR_MARGIN, &c->out)) {
        lf_err_set(&err, LF_ERR_INTERNAL, NULL, "cannot make the QR code");
        return http_reply_err(c, &err);
    }
    c->status = 200;
    c->content_type = png ? "image/png" : "image/svg+xml";
    if (png)
        snprintf(c->filename, sizeof(c->filename), "checkpoint-%lld.png", (long long)id);
    return 0;
}

int h_checkpoint_qr_png(struct http_call *c)
{
    return reply_qr(c, 1);
}

int h_checkpoint_qr_svg(struct http_call *c)
{
    return reply_qr(c, 0);
}

static json_t *json_counts(const struct checkpoint_day *r)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "vehicles", (json_int_t)r->vehicles,
                     "persons", (json_int_t)r->persons, "checks", (json_int_t)r->checks,
                     "fevers", (json_int_t)r->fevers, "turned_back",
                     (json_int_t)r->turned_back, "passes", (json_int_t)r->passes);
}

int h_checkpoint_stats(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct checkpoint_stats st;
    char node[32], day[32], date[16];
    json_t *rows, *reply;
    size_t i;
    int y;
    unsigned m, d;

    http_query(c, "node", node, sizeof(node));
    http_query(c, "day", day, sizeof(day));
    if (checkpoint_stats(c->ctx, &c->who, node, day, &st, &err))
        return http_reply_err(c, &err);
    rows = json_array();
    for (i = 0; i < st.n; i++) {
        const struct checkpoint *cp = &st.rows[i].c;
        const char *label = checkpoint_kind_label(cp->kind);
        json_t *o = json_counts(&st.rows[i]);
        json_object_set_new(o, "id", json_integer(cp->id));
        json_object_set_new(o, "name", json_string(cp->name));
        json_object_set_new(o, "node", json_string(cp->node));
        json_object_set_new(o, "kind", json_string(cp->kind));
        json_object_set_new(o, "kind_label", json_string(label ? label : cp->kind));
        json_array_append_new(rows, o);
    }
    time_civil_from_days(st.day, &y, &m, &d);
    snprintf(date, sizeof(date), "%04d-%02u-%02u", y, m, d);
    reply = json_pack("{s:s, s:s, s:o, s:o}", "day", date, "node", st.total.c.node,
                      "checkpoints", rows, "total", json_counts(&st.total));
    checkpoint_stats_free(&st);
    return http_reply_json(c, 200, reply);
}

int h_public_checkpoint(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct checkpoint cp;
    const char *label;

    if (checkpoint_public_get(c->ctx, c->params[0], &cp, &err))
        return http_reply_err(c, &err);
    label = checkpoint_kind_label(cp.kind);
    /* what a passer-by may know: the sign on the booth, not who runs it */
    return http_reply_json(c, 200, json_pack("{s:s, s:s, s:s, s:s}", "name", cp.name, "road",
                                             cp.road, "kind", cp.kind, "kind_label",
                                             label ? label : cp.kind));
}
