/*
 * h_pass.c - daily passes (一码通行) and their checks:
 * POST /api/v1/public/passes (the public form; no account),
 * GET /api/v1/public/passes/{code} and .../qr.svg (the holder's pass),
 * GET /api/v1/passes/{code} (staff: full ID number, audited),
 * POST /api/v1/passes/{code}/checks (staff: temperature, 放行/劝返; a
 * fever makes a referral, h_referral.c).
 * ID numbers and phones are masked everywhere except the staff read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pass.h"
#include "core/referral.h"
#include "http/http.h"
#include "util/mask.h"
#include "util/qr.h"
#include "util/timeutil.h"
#include "util/banned.h"

static const char *day_text(int64_t days, char *buf, size_t n)
{
    int y;
    unsigned m, d;

    time_civil_from_days(days, &y, &m, &d);
    snprintf(buf, n, "%04d-%02u-%02u", y, m, d);
    return buf;
}

static json_t *temperature(int tenths)
{
    return json_real(tenths / 10.0);
}

/* What the holder sees: masked, with whether it works today. */
static json_t *json_public_pass(const struct lf_ctx *ctx, const struct pass *p)
{
    char id[40], day[16], t[40];

    mask_id_number(p->id_number, id, sizeof(id));
    return json_pack("{s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s}", "code", p->code, "day",
                     day_text(p->day, day, sizeof(day)), "valid_today",
                     p->day == pass_day_of(lf_now(ctx)), "name", p->name, "id_number", id,
                     "plate", p->plate, "origin_name", p->origin_name, "checkpoint",
                     p->checkpoint_name, "submitted_at",
                     time_format_iso(p->created_utc, t, sizeof(t)));
}

static json_t *json_from_check(const struct pass_check *k)
{
    char t[40];

    return json_pack("{s:I, s:I, s:s, s:s, s:o, s:b, s:s, s:b, s:s}", "id", (json_int_t)k->id,
                     "checkpoint_id", (json_int_t)k->checkpoint_id, "checkpoint_name",
                     k->checkpoint_name, "at", time_format_iso(k->at_utc, t, sizeof(t)),
                     "temperature", temperature(k->temp_tenths), "id_confirmed",
                     k->id_confirmed, "outcome", pass_outcome_name(k->outcome), "fever",
                     k->fever, "remarks", k->remarks);
}

static const struct json_member pass_members[] = {
    { "checkpoint", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "name", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "id_number", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "phone", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "plate", JM_STRING, 0, 0, 0, NULL, NULL },
    { "origin_code", JM_STRING, 0, 0, 0, NULL, NULL },
    { "origin_name", JM_STRING, 0, 0, 0, NULL, NULL },
    { "remarks", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_pass_submit(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct pass_in in = { 0 };
    struct pass out;
    json_t *body;

    if (!(body = json_body_object(c, pass_members, &err)))
        return http_reply_err(c, &err);
    in.checkpoint = json_str(body, "checkpoint", 1, 64, &err);
    in.name = json_str(body, "name", 1, PERSON_NAME_CHARS * 4, &err);
    in.id_number = json_str(body, "id_number", 1, 32, &err);
    in.phone = json_str(body, "phone", 1, 32, &err);
    in.plate = json_str(body, "plate", 0, 32, &err);
    in.origin_code = json_str(body, "origin_code", 0, 16, &err);
    in.origin_name = json_str(body, "origin_name", 0, NODE_NAME_CHARS * 4, &err);
    in.remarks = json_str(body, "remarks", 0, REMARKS_CHARS * 4, &err);
    if (err.code != LF_ERR_OK || pass_submit(c->ctx, c->who.addr, &in, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 201, json_public_pass(c->ctx, &out));
}

int h_pass_public_get(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct pass p;

    if (pass_public_get(c->ctx, c->params[0], &p, &err))
        return http_reply_err(c, &err);
    return http_reply_json(c, 200, json_public_pass(c->ctx, &p));
}

/* The pass's QR code holds its code alone: what a scanner gun types
 * into the staff page. */
int h_pass_qr_svg(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct pass p;

    if (pass_public_get(c->ctx, c->params[0], &p, &err))
        return http_reply_err(c, &err);
    buf_reset(&c->out);
    if (qr_svg(p.code, 4, &c->out)) {
        lf_err_set(&err, LF_ERR_INTERNAL, NULL, "cannot make the QR code");
        return http_reply_err(c, &err);
    }
    c->status = 200;
    c->content_type = "image/svg+xml";
    return 0;
}

int h_pass_get(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct pass_check_list checks;
    struct pass p;
    char phone[24], day[16], t[40];
    json_t *items, *o;
    size_t i;

    if (pass_load(c->ctx, &c->who, c->params[0], &p, &checks, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < checks.n; i++)
        json_array_append_new(items, json_from_check(&checks.items[i]));
    pass_check_list_free(&checks);
    mask_phone(p.phone, phone, sizeof(phone));
    /* the full ID number: staff compare it with the card (audited) */
    o = json_pack("{s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:b, s:s, s:o}",
                  "code", p.code, "day", day_text(p.day, day, sizeof(day)), "valid_today",
                  p.day == pass_day_of(lf_now(c->ctx)), "name", p.name, "id_number",
                  p.id_number, "phone", phone, "plate", p.plate, "origin_code", p.origin_code,
                  "origin_name", p.origin_name, "remarks", p.remarks, "checkpoint_id",
                  (json_int_t)p.checkpoint_id, "checkpoint_name", p.checkpoint_name,
                  "in_ledger", p.person_id != 0, "submitted_at",
                  time_format_iso(p.created_utc, t, sizeof(t)), "checks", items);
    return http_reply_json(c, 200, o);
}

static const struct json_member check_members[] = {
    { "checkpoint_id", JM_INT, 0, 1, JSON_ID_MAX, NULL, NULL },
    { "temperature", JM_NUMBER_OR_TEXT, 0, 0, 0, NULL, NULL },
    { "id_confirmed", JM_BOOL, 0, 0, 0, NULL, NULL },
    { "outcome", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "remarks", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_pass_check(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct verify_in in = { 0 };
    struct verify_out out;
    json_t *body, *v, *reply;

    if (!(body = json_body_object(c, check_members, &err)))
        return http_reply_err(c, &err);
    v = json_object_get(body, "checkpoint_id");
    if (v && !json_is_integer(v))
        lf_err_set(&err, LF_ERR_INVALID, "checkpoint_id", "must be a positive integer");
    in.checkpoint_id = json_is_integer(v) ? json_integer_value(v) : 0;
    v = json_object_get(body, "temperature");
    if (json_is_number(v)) {
        in.temperature = json_number_value(v);
        in.has_temperature = 1;
    } else if (json_is_string(v)) {
        in.temperature_text = json_str(body, "temperature", 1, 32, &err);
    } else if (v && !json_is_null(v)) {
        lf_err_set(&err, LF_ERR_INVALID, "temperature", "must be a number of °C");
    }
    in.id_confirmed = json_bool(body, "id_confirmed", &err);
    in.outcome = json_str(body, "outcome", 1, 32, &err);
    in.remarks = json_str(body, "remarks", 0, REMARKS_CHARS * 4, &err);
    if (err.code != LF_ERR_OK ||
        pass_verify(c->ctx, &c->who, c->params[0], &in, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    reply = json_pack("{s:o, s:b, s:o}", "check", json_from_check(&out.check), "fever",
                      out.check.fever, "referral",
                      out.referral.id ? json_pack("{s:I, s:s, s:s, s:s}", "id",
                                                  (json_int_t)out.referral.id, "community",
                                                  out.referral.community, "community_name",
                                                  out.referral.community_name, "status",
                                                  referral_status_name(out.referral.status))
                                      : json_null());
    return http_reply_json(c, 201, reply);
}
