/*
 * h_referral.c - fever referrals (发热转诊) made by pass checks:
 * GET /api/v1/referrals?node=&status=, PATCH /api/v1/referrals/{id}.
 * ID numbers and phones are masked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/referral.h"
#include "http/http.h"
#include "util/mask.h"
#include "util/timeutil.h"
#include "util/banned.h"

static json_t *temperature(int tenths)
{
    return json_real(tenths / 10.0);
}

static json_t *json_from_referral(const struct referral *r)
{
    char id[40], phone[24], t1[40], t2[40];

    mask_id_number(r->id_number, id, sizeof(id));
    mask_phone(r->phone, phone, sizeof(phone));
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:I, s:s, s:s, s:s, s:o, s:s}",
                     "id", (json_int_t)r->id, "community", r->community, "community_name",
                     r->community_name, "name", r->name,
                     "id_number", id, "phone", phone, "in_ledger", r->person_id != 0,
                     "temperature", temperature(r->temp_tenths), "checkpoint_id",
                     (json_int_t)r->checkpoint_id, "checkpoint_name", r->checkpoint_name,
                     "checked_at", time_format_iso(r->checked_utc, t1, sizeof(t1)), "status",
                     referral_status_name(r->status), "handled_at",
                     r->handled_utc ? json_string(time_format_iso(r->handled_utc, t2, sizeof(t2)))
                                    : json_null(),
                     "remarks", r->remarks);
}

int h_referral_list(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct referral_list list;
    char node[32], status[16];
    int st = -1;
    json_t *items;
    size_t i;

    http_query(c, "node", node, sizeof(node));
    if (http_query(c, "status", status, sizeof(status)) && status[0] &&
        (st = referral_status_from_name(status)) < 0) {
        lf_err_set(&err, LF_ERR_INVALID, "status", "must be pending, received or closed");
        return http_reply_err(c, &err);
    }
    if (referral_list(c->ctx, &c->who, node, st, &list, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < list.n; i++)
        json_array_append_new(items, json_from_referral(&list.items[i]));
    referral_list_free(&list);
    return http_reply_json(c, 200, json_pack("{s:o}", "referrals", items));
}

static const struct json_member referral_members[] = {
    { "status", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "remarks", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_referral_update(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct referral out;
    const char *status, *remarks;
    char *end;
    long long id = strtoll(c->params[0], &end, 10);
    int st = -1;
    json_t *body;

    if (*end || id <= 0) {
        lf_err_set(&err, LF_ERR_INVALID, "id", "must be a positive number");
        return http_reply_err(c, &err);
    }
    if (!(body = json_body_object(c, referral_members, &err)))
        return http_reply_err(c, &err);
    status = json_str(body, "status", 1, 16, &err);
    remarks = json_str(body, "remarks", 0, REMARKS_CHARS * 4, &err);
    if (status)
        st = referral_status_from_name(status);
    if (err.code == LF_ERR_OK && st < 0)
        lf_err_set(&err, LF_ERR_INVALID, "status", "must be received or closed");
    if (err.code != LF_ERR_OK ||
        referral_update(c->ctx, &c->who, id, st, remarks, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_from_referral(&out));
}
