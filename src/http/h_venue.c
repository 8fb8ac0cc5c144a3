/*
 * h_venue.c - venue codes (场所码):
 * GET  /api/v1/venues/types                  the types, labels, typical stays
 * POST /api/v1/venues                        an operator applies
 * GET  /api/v1/venues?node=&status=&after=&limit=
 * GET  /api/v1/venues/counts?node=           by status, per child node
 * GET  /api/v1/venues/{id}
 * POST /api/v1/venues/{id}/decide            {"decision":"approve"|"reject","reason"}
 * GET  /api/v1/venues/{id}/qr.png?scale=N, /qr.svg   approved venues only
 * GET  /api/v1/public/venues/{code}          (no account) for the scan page
 * The contact phone is masked in every reply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/venue.h"
#include "http/http.h"
#include "util/mask.h"
#include "util/qr.h"
#include "util/timeutil.h"
#include "util/banned.h"

#define QR_PNG_SCALE 8      /* pixels per module: ~400 px for our URLs */
#define QR_MARGIN 4         /* the quiet zone ISO/IEC 18004 asks for */

static json_t *json_from_venue(const struct lf_ctx *ctx, const struct venue *v)
{
    char phone[24], t[40], url[400];
    json_t *o;

    mask_phone(v->contact_phone, phone, sizeof(phone));
    o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                  "id", (json_int_t)v->id, "name", v->name,
                  "type", venue_type_id(v->type) ? venue_type_id(v->type) : "other",
                  "type_label", venue_type_label(v->type) ? venue_type_label(v->type) : "其他",
                  "address", v->address, "stay_minutes", venue_type_stay_minutes(v->type),
                  "node", v->node, "node_name", v->node_name,
                  "contact_name", v->contact_name, "contact_phone", phone,
                  "status", venue_status_name(v->status), "reason", v->reason,
                  "applied_at", time_format_iso(v->created_utc, t, sizeof(t)));
    if (o && v->reviewed_utc)
        json_object_set_new(o, "reviewed_at",
                            json_string(time_format_iso(v->reviewed_utc, t, sizeof(t))));
    if (o && v->code[0]) {
        venue_scan_url(ctx, v->code, url, sizeof(url));
        json_object_set_new(o, "code", json_string(v->code));
        json_object_set_new(o, "scan_url", json_string(url));
    }
    return o;
}

/* {id} of the path: a positive number, else 400 "id". */
static int64_t path_id(struct http_call *c, struct lf_err *err)
{
    char *end;
    long long id = strtoll(c->params[0], &end, 10);

    if (*end || id <= 0 || c->params[0][0] == '+' || c->params[0][0] == ' ') {
        lf_err_set(err, LF_ERR_INVALID, "id", "must be a positive number");
        return 0;
    }
    return id;
}

/* Query parameter name as a whole number from 0 to max (absent: 0). */
static int query_num(struct http_call *c, const char *name, long long max, long long *out,
                     struct lf_err *err)
{
    char s[24];
    char *end;

    *out = 0;
    if (!http_query(c, name, s, sizeof(s)) || !s[0])
        return 0;
    if (s[0] < '0' || s[0] > '9' || (*out = strtoll(s, &end, 10), *end) || *out > max)
        return lf_err_set(err, LF_ERR_INVALID, name, "must be a whole number from 0 to %lld",
                          max);
    return 0;
}

int h_venue_types(struct http_call *c)
{
    json_t *list = json_array();
    const int *types;
    size_t i, n;

    types = venue_types(&n);
    for (i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:i}", "type",
                                              venue_type_id(types[i]), "label",
                                              venue_type_label(types[i]), "stay_minutes",
                                              venue_type_stay_minutes(types[i])));
    return http_reply_json(c, 200, json_pack("{s:o}", "types", list));
}

static const struct json_member venue_members[] = {
    { "name", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "type", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "address", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "node", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "contact_name", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "contact_phone", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_venue_apply(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct venue_in in = { 0 };
    struct venue out;
    json_t *body;

    if (!(body = json_body_object(c, venue_members, &err)))
        return http_reply_err(c, &err);
    in.name = json_str(body, "name", 1, VENUE_NAME_CHARS * 4, &err);
    in.type = json_str(body, "type", 1, 32, &err);
    in.address = json_str(body, "address", 1, ADDRESS_CHARS * 4, &err);
    in.node = json_str(body, "node", 1, 32, &err);
    in.contact_name = json_str(body, "contact_name", 1, PERSON_NAME_CHARS * 4, &err);
    in.contact_phone = json_str(body, "contact_phone", 1, 32, &err);
    if (err.code != LF_ERR_OK || venue_apply(c->ctx, &c->who, &in, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 201, json_from_venue(c->ctx, &out));
}

int h_venue_list(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct venue_query q = { NULL, -1, 0, 0, 0 };
    struct venue_list list;
    char node[32], status[16];
    long long after, limit;
    json_t *items;
    size_t i;

    http_query(c, "node", node, sizeof(node));
    http_query(c, "status", status, sizeof(status));
    if (status[0] && (q.status = venue_status_from_name(status)) < 0)
        lf_err_set(&err, LF_ERR_INVALID, "status", "must be applied, approved or rejected");
    if (query_num(c, "after", INT64_MAX / 2, &after, &err) ||
        query_num(c, "limit", 500, &limit, &err) || err.code != LF_ERR_OK)
        return http_reply_err(c, &err);
    q.node = node;
    q.after_id = after;
    q.limit = (unsigned)limit;
    if (venue_list(c->ctx, &c->who, &q, &list, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < list.n; i++)
        json_array_append_new(items, json_from_venue(c->ctx, &list.items[i]));
    venue_list_free(&list);
    return http_reply_json(c, 200, json_pack("{s:o}", "venues", items));
}

int h_venue_get(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct venue v;
    int64_t id = path_id(c, &err);

    if (!id || venue_get(c->ctx, &c->who, id, &v, &err))
        return http_reply_err(c, &err);
    return http_reply_json(c, 200, json_from_venue(c->ctx, &v));
}

static const struct json_member decision_members[] = {
    { "decision", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "reason", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_venue_decide(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    const char *decision, *reason;
    struct venue out;
    int64_t id = path_id(c, &err);
    json_t *body;
    int approve = -1;

    if (!id || !(body = json_body_object(c, decision_members, &err)))
        return http_reply_err(c, &err);
    decision = json_str(body, "decision", 1, 16, &err);
    reason = json_str(body, "reason", 0, VENUE_REASON_CHARS * 4, &err);
    if (decision && strcmp(decision, "approve") == 0)
        approve = 1;
    else if (decision && strcmp(decision, "reject") == 0)
        approve = 0;
    else if (decision)
        lf_err_set(&err, LF_ERR_INVALID, "decision", "must be approve or reject");
    if (err.code != LF_ERR_OK ||
        venue_decide(c->ctx, &c->who, id, approve, reason, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_from_venue(c->ctx, &out));
}

static json_t *json_from_counts(const struct venue_count_row *r)
{
    return json_pack("{s:s, s:s, s:i, s:i, s:i}", "code", r->code, "name", r->name,
                     "applied", (int)r->applied, "approved", (int)r->approved,
                     "rejected", (int)r->rejected);
}

int h_venue_counts(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct venue_counts vc;
    char node[32];
    json_t *kids;
    size_t i;

    http_query(c, "node", node, sizeof(node));
    if (venue_counts_get(c->ctx, &c->who, node, &vc, &err))
        return http_reply_err(c, &err);
    kids = json_array();
    for (i = 0; i < vc.n_children; i++)
        json_array_append_new(kids, json_from_counts(&vc.children[i]));
    venue_counts_free(&vc);
    return http_reply_json(c, 200, json_pack("{s:o, s:o, s:o}", "total",
                                             json_from_counts(&vc.total), "direct",
                                             json_from_counts(&vc.direct), "children", kids));
}

/* The QR image of an approved venue; svg or png. */
static int venue_qr(struct http_call *c, int svg)
{
    struct lf_err err = LF_ERR_INIT;
    struct venue v;
    char url[400];
    long long scale = 0;
    int64_t id = path_id(c, &err);

    if (!id || (!svg && query_num(c, "scale", QR_SCALE_MAX, &scale, &err)))
        return http_reply_err(c, &err);
    if (!svg && scale == 0)
        scale = QR_PNG_SCALE;
    if (venue_qr_text(c->ctx, &c->who, id, &v, url, sizeof(url), &err))
        return http_reply_err(c, &err);
    buf_reset(&c->out);
    if (svg ? qr_svg(url, QR_MARGIN, &c->out) : qr_png(url, (int)scale, QR_MARGIN, &c->out)) {
        lf_err_set(&err, LF_ERR_INTERNAL, NULL, "cannot draw the QR code");
        return http_reply_err(c, &err);
    }
    c->status = 200;
    c->content_type = svg ? "image/svg+xml" : "image/png";
    return 0;
}

int h_venue_qr_png(struct http_call *c)
{
    return venue_qr(c, 0);
}

int h_venue_qr_svg(struct http_call *c)
{
    return venue_qr(c, 1);
}

int h_venue_public(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct venue v;

    if (venue_public_get(c->ctx, c->params[0], &v, &err))
        return http_reply_err(c, &err);
    return http_reply_json(c, 200, json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "code", v.code,
                                             "name", v.name, "type", venue_type_id(v.type)
                                             ? venue_type_id(v.type) : "other",
                                             "type_label", venue_type_label(v.type)
                                             ? venue_type_label(v.type) : "其他",
                                             "address", v.address, "stay_minutes",
                                             venue_type_stay_minutes(v.type)));
}
