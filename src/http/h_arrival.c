/*
 * h_arrival.c - arrivals and community self-reports:
 * GET /api/v1/public/nodes/{code}/children (towns, communities; no account),
 * POST /api/v1/public/self-reports (no account),
 * GET /api/v1/self-reports?node=&status=pending|confirmed|rejected,
 * POST /api/v1/self-reports/{id}/decide {"confirm": bool, "reason"},
 * GET /api/v1/arrivals?node=&days=14&placed=&sort=&page=&per=,
 * POST /api/v1/arrivals (an officer enters one), POST
 * /api/v1/arrivals/{id}/place {"grid"}. ID numbers and phones are masked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arrival.h"
#include "core/node.h"
#include "http/http.h"
#include "util/mask.h"
#include "util/timeutil.h"
#include "util/banned.h"

static const char *date_text(int64_t days, char *buf, size_t n)
{
    int y;
    unsigned m, d;

    time_civil_from_days(days, &y, &m, &d);
    snprintf(buf, n, "%04d-%02u-%02u", y, m, d);
    return buf;
}

/* The officer's view of a report: masked, with the decision once taken
 * (reason, when, and the arrival a confirmation recorded). */
static json_t *json_from_report(const struct self_report *r)
{
    char id[40], phone[24], date[16], t[40], at[40];
    json_t *o;

    mask_id_number(r->id_number, id, sizeof(id));
    mask_phone(r->phone, phone, sizeof(phone));
    o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                  (json_int_t)r->id, "community", r->community, "name", r->name,
                  "id_number", id, "phone", phone, "address", r->address, "origin_code",
                  r->origin_code, "origin_name", r->origin_name, "arrival_date",
                  date_text(r->arrival_days, date, sizeof(date)), "transport",
                  r->transport, "status",
                  labels_id(&self_report_status_labels, r->status),
                  "submitted_at", time_format_iso(r->created_utc, t, sizeof(t)));
    if (o && r->status != REPORT_PENDING) {
        json_object_set_new(o, "reviewed_at",
                            json_string(time_format_iso(r->reviewed_utc, at, sizeof(at))));
        json_object_set_new(o, "reason", json_string(r->reason));
        if (r->arrival_id)
            json_object_set_new(o, "arrival_id", json_integer((json_int_t)r->arrival_id));
    }
    return o;
}

int h_public_root(struct http_call *c)
{
    return http_reply_json(c, 200, json_pack("{s:s}", "root", c->ctx->root));
}

int h_public_children(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct node_list list;
    json_t *items;
    size_t i;

    if (node_public_children(c->ctx, c->params[0], &list, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < list.n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "code", list.items[i].code,
                                               "name", list.items[i].name, "kind",
                                               node_kind_name(list.items[i].kind)));
    node_list_free(&list);
    return http_reply_json(c, 200, json_pack("{s:o}", "children", items));
}

static const struct json_member report_members[] = {
    { "community", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "name", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "id_number", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "phone", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "address", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "origin_code", JM_STRING, 0, 0, 0, NULL, NULL },
    { "origin_name", JM_STRING, 0, 0, 0, NULL, NULL },
    { "arrival_date", JM_DATE, JM_REQUIRED, 0, 0, NULL, NULL },
    { "transport", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_self_report_submit(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct self_report_in in = { 0 };
    struct self_report out;
    json_t *body;

    if (!(body = json_body_object(c, report_members, &err)))
        return http_reply_err(c, &err);
    in.community = json_str(body, "community", 1, 32, &err);
    in.name = json_str(body, "name", 1, PERSON_NAME_CHARS * 4, &err);
    in.id_number = json_str(body, "id_number", 1, 32, &err);
    in.phone = json_str(body, "phone", 1, 32, &err);
    in.address = json_str(body, "address", 1, ADDRESS_CHARS * 4, &err);
    in.origin_code = json_str(body, "origin_code", 0, 16, &err);
    in.origin_name = json_str(body, "origin_name", 0, NODE_NAME_CHARS * 4, &err);
    in.arrival_date = json_str(body, "arrival_date", 1, 32, &err);
    in.transport = json_str(body, "transport", 0, 32 * 4, &err);
    if (err.code != LF_ERR_OK || self_report_submit(c->ctx, c->who.addr, &in, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    /* the reporter gets their number back, not the record */
    return http_reply_json(c, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)out.id,
                                             "community", out.community, "status", "pending"));
}

int h_self_report_list(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct report_query q = { 0 };
    struct self_report_page page;
    char node[32], status[16], sort[32] = "";
    json_t *items, *reply;
    size_t k;

    http_query(c, "node", node, sizeof(node));
    http_query(c, "status", status, sizeof(status));
    q.status = -1;
    if (status[0])
        q.status = labels_parse(&self_report_status_labels, status, -1);
    if (status[0] && q.status < 0) {
        lf_err_set(&err, LF_ERR_INVALID, "status", "must be pending, confirmed or rejected");
        return http_reply_err(c, &err);
    }
    if (http_query_page(c, &q.page, &q.per, sort, sizeof(sort), &err))
        return http_reply_err(c, &err);
    q.node = node;
    q.sort = sort;
    if (self_report_list(c->ctx, &c->who, &q, &page, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (k = 0; k < page.n; k++)
        json_array_append_new(items, json_from_report(&page.items[k]));
    self_report_page_free(&page);
    reply = json_page_info(&page.info);
    json_object_set_new(reply, "reports", items);
    return http_reply_json(c, 200, reply);
}

static const struct json_member decide_members[] = {
    { "confirm", JM_BOOL, 0, 0, 0, NULL, NULL },
    { "reason", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_self_report_decide(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct self_report out;
    const char *reason;
    char *end;
    long long id = strtoll(c->params[0], &end, 10);
    json_t *body;
    int confirm;

    if (*end || id <= 0) {
        lf_err_set(&err, LF_ERR_INVALID, "id", "must be a positive number");
        return http_reply_err(c, &err);
    }
    if (!(body = json_body_object(c, decide_members, &err)))
        return http_reply_err(c, &err);
    confirm = json_bool(body, "confirm", &err);
    reason = json_str(body, "reason", 0, 800, &err);
    if (err.code == LF_ERR_OK && confirm < 0)
        lf_err_set(&err, LF_ERR_INVALID, "confirm", "is required (true or false)");
    if (err.code != LF_ERR_OK ||
        self_report_decide(c->ctx, &c->who, id, confirm, reason, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_from_report(&out));
}

static json_t *json_from_arrival(const struct arrival *a)
{
    char id[40], phone[24], date[16];

    mask_id_number(a->id_number, id, sizeof(id));
    mask_phone(a->phone, phone, sizeof(phone));
    return json_pack("{s:I, s:s, s:b, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i}", "id",
                     (json_int_t)a->id, "grid", a->grid, "placed", strlen(a->grid) == 15,
                     "person_id", (json_int_t)a->person_id, "name", a->name, "id_number", id,
                     "phone", phone, "origin_code", a->origin_code, "origin_name",
                     a->origin_name, "arrival_date",
                     date_text(a->arrival_days, date, sizeof(date)), "transport", a->transport,
                     "risk_level", a->risk_level);
}

/* GET /api/v1/arrivals?node=&days=14&placed=yes|no&risk_level=&sort=&page=&per= */
int h_arrival_list(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct arrival_query q = { 0 };
    struct arrival_page page;
    char node[32], days[8], placed[8], risk[8], sort[32] = "";
    json_t *items, *reply;
    size_t i;
    long n_days = 0;
    char *end;

    http_query(c, "node", node, sizeof(node));
    /* absent or empty: the watch period; anything but a whole number of
     * days reaches the core as -1, which names the field */
    if (http_query(c, "days", days, sizeof(days)) && days[0]) {
        n_days = strtol(days, &end, 10);       /* at most 7 digits: fits an int */
        if (*end || days[0] < '0' || days[0] > '9' || n_days < 1)
            n_days = -1;
    }
    q.placed = ARRIVAL_ANY;
    if (http_query(c, "placed", placed, sizeof(placed)) && placed[0]) {
        if (strcmp(placed, "yes") == 0)
            q.placed = ARRIVAL_PLACED;
        else if (strcmp(placed, "no") == 0)
            q.placed = ARRIVAL_UNPLACED;
        else
            return lf_err_set(&err, LF_ERR_INVALID, "placed", "must be yes or no"),
                   http_reply_err(c, &err);
    }
    q.risk = -1;
    if (http_query(c, "risk_level", risk, sizeof(risk)) && risk[0])
        q.risk = strlen(risk) == 1 && risk[0] >= '0' && risk[0] <= '2' ? risk[0] - '0' : -2;
    if (http_query_page(c, &q.page, &q.per, sort, sizeof(sort), &err))
        return http_reply_err(c, &err);
    q.node = node;
    q.days = (int)n_days;
    q.sort = sort;
    if (arrival_list(c->ctx, &c->who, &q, &page, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < page.n; i++)
        json_array_append_new(items, json_from_arrival(&page.items[i]));
    arrival_page_free(&page);
    reply = json_page_info(&page.info);
    json_object_set_new(reply, "arrivals", items);
    return http_reply_json(c, 200, reply);
}

/* POST /api/v1/arrivals {"name", "id_number", "phone", "origin_code" |
 * "origin_name", "arrival_date", "transport", "risk_level", "grid" |
 * "community", "address"}: 201 with the arrival, "matched", "registered". */
static const struct json_member arrival_members[] = {
    { "grid", JM_STRING, 0, 0, 0, NULL, NULL },
    { "community", JM_STRING, 0, 0, 0, NULL, NULL },
    { "address", JM_STRING, 0, 0, 0, NULL, NULL },
    { "name", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "id_number", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "phone", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "origin_code", JM_STRING, 0, 0, 0, NULL, NULL },
    { "origin_name", JM_STRING, 0, 0, 0, NULL, NULL },
    { "arrival_date", JM_DATE, JM_REQUIRED, 0, 0, NULL, NULL },
    { "transport", JM_STRING, 0, 0, 0, NULL, NULL },
    { "risk_level", JM_INT, 0, 0, 2, NULL, NULL },
    JSON_MEMBERS_END
};

int h_arrival_create(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct arrival_in in = { 0 };
    struct arrival_out out;
    json_t *body, *v, *reply;

    if (!(body = json_body_object(c, arrival_members, &err)))
        return http_reply_err(c, &err);
    in.grid = json_str(body, "grid", 0, 32, &err);
    in.community = json_str(body, "community", 0, 32, &err);
    in.address = json_str(body, "address", 0, ADDRESS_CHARS * 4, &err);
    in.name = json_str(body, "name", 1, PERSON_NAME_CHARS * 4, &err);
    in.id_number = json_str(body, "id_number", 1, 32, &err);
    in.phone = json_str(body, "phone", 1, 32, &err);
    in.origin_code = json_str(body, "origin_code", 0, 32, &err);
    in.origin_name = json_str(body, "origin_name", 0, NODE_NAME_CHARS * 4, &err);
    in.arrival_date = json_str(body, "arrival_date", 1, 32, &err);
    in.transport = json_str(body, "transport", 0, 128, &err);
    v = json_object_get(body, "risk_level");
    if (v && !json_is_integer(v))
        lf_err_set(&err, LF_ERR_INVALID, "risk_level", "must be 0, 1 or 2");
    in.risk_level = v && json_is_integer(v) ? (int)json_integer_value(v) : 0;
    if (v && json_is_integer(v) && (json_integer_value(v) < 0 || json_integer_value(v) > 2))
        in.risk_level = -1;
    if (err.code != LF_ERR_OK || arrival_enter(c->ctx, &c->who, &in, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    reply = json_from_arrival(&out.a);
    json_object_set_new(reply, "matched", json_boolean(out.matched));
    json_object_set_new(reply, "registered", json_boolean(out.registered));
    return http_reply_json(c, 201, reply);
}

/* POST /api/v1/arrivals/{id}/place {"grid"} */
static const struct json_member place_members[] = {
    { "grid", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_arrival_place(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct arrival out;
    const char *grid;
    char *end;
    long long id = strtoll(c->params[0], &end, 10);
    json_t *body;

    if (*end || id <= 0) {
        lf_err_set(&err, LF_ERR_INVALID, "id", "must be a positive number");
        return http_reply_err(c, &err);
    }
    if (!(body = json_body_object(c, place_members, &err)))
        return http_reply_err(c, &err);
    grid = json_str(body, "grid", 1, 32, &err);
    if (err.code != LF_ERR_OK || arrival_place(c->ctx, &c->who, id, grid, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_from_arrival(&out));
}
