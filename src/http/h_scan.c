/*
 * h_scan.c - venue scans:
 * POST /api/v1/public/scans {"venue": CODE, "name", "id_number", "phone"}
 *     (no account: the scan page; recorded at the server's time),
 * POST /api/v1/scans/batch {"scans": [{"venue": ID, "id_number", "at",
 *     "name"?, "phone"?}, ...]} (PERM_SCAN_INGEST; all or nothing),
 * POST /api/v1/scans/purge {"days": N},
 * GET /api/v1/persons/{id}/trajectory?from=&to= (ISO times; masked ID).
 *
 * The batch route is ROUTE_PREPARED: the JSON is parsed, every scan
 * validated and its person looked up on a worker thread; the writer only
 * inserts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scan.h"
#include "core/validate.h"
#include "http/http.h"
#include "util/mask.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

int h_scan_self(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct scan_in in = { 0 };
    int64_t venue_id, at;
    char t[40];
    json_t *body;

    if (!(body = json_body_object(c, &err)))
        return http_reply_err(c, &err);
    in.venue_code = json_str(body, "venue", 1, 64, &err);
    in.name = json_str(body, "name", 1, PERSON_NAME_CHARS * 4, &err);
    in.id_number = json_str(body, "id_number", 1, 32, &err);
    in.phone = json_str(body, "phone", 0, 32, &err);
    if (err.code != LF_ERR_OK || scan_self(c->ctx, &in, &venue_id, &at, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 201, json_pack("{s:I, s:s}", "venue_id", (json_int_t)venue_id,
                                             "at", time_format_iso(at, t, sizeof(t))));
}

static void batch_free(void *p)
{
    scan_batch_free(p);
    free(p);
}

/* Worker: JSON → validated batch in c->prepared. */
static int batch_prepare(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct scan_batch *batch;
    struct scan_in *in = NULL;
    json_t *body, *list, *item;
    size_t i, n;

    if (!(body = json_body_object(c, &err)))
        return http_reply_err(c, &err);
    list = json_object_get(body, "scans");
    if (!json_is_array(list)) {
        json_decref(body);
        lf_err_set(&err, LF_ERR_INVALID, "scans", "must be an array of scans");
        return http_reply_err(c, &err);
    }
    n = json_array_size(list);
    in = xcalloc(n ? n : 1, sizeof(*in));
    json_array_foreach(list, i, item) {
        char field[48];
        json_t *v;

        if (!json_is_object(item)) {
            snprintf(field, sizeof(field), "scans[%zu]", i);
            lf_err_set(&err, LF_ERR_INVALID, field, "must be an object");
            break;
        }
        v = json_object_get(item, "venue");
        if (!json_is_integer(v) || json_integer_value(v) <= 0) {
            snprintf(field, sizeof(field), "scans[%zu].venue", i);
            lf_err_set(&err, LF_ERR_INVALID, field, "must be a venue id (a number)");
            break;
        }
        in[i].venue_id = json_integer_value(v);
        /* json_str() names the member; the batch names the item too */
        in[i].id_number = json_str(item, "id_number", 0, 32, &err);
        in[i].name = json_str(item, "name", 0, PERSON_NAME_CHARS * 4, &err);
        in[i].phone = json_str(item, "phone", 0, 32, &err);
        in[i].at = json_str(item, "at", 1, 40, &err);
        if (err.code != LF_ERR_OK) {
            snprintf(field, sizeof(field), "scans[%zu].%s", i, err.field);
            snprintf(err.field, sizeof(err.field), "%s", field);
            break;
        }
    }
    batch = xcalloc(1, sizeof(*batch));
    if (err.code != LF_ERR_OK || scan_batch_validate(c->ctx, in, n, batch, &err) ||
        scan_batch_resolve(c->ctx, &c->who, batch, &err)) {
        scan_batch_free(batch);
        free(in);
        free(batch);
        json_decref(body);
        return http_reply_err(c, &err);
    }
    free(in);
    json_decref(body);  /* the batch holds copies */
    c->prepared = batch;
    c->prepared_free = batch_free;
    return 0;
}

int h_scan_batch(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct scan_result res;

    if (!c->prepared)
        return batch_prepare(c);
    if (scan_batch_store(c->ctx, &c->who, c->prepared, &res, &err))
        return http_reply_err(c, &err);
    return http_reply_json(c, 200, json_pack("{s:I, s:I, s:I}", "added", (json_int_t)res.added,
                                             "duplicates", (json_int_t)res.duplicates,
                                             "new_persons", (json_int_t)res.new_persons));
}

int h_scan_purge(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    json_t *body, *days;
    long deleted;

    if (!(body = json_body_object(c, &err)))
        return http_reply_err(c, &err);
    days = json_object_get(body, "days");
    if (days && !json_is_integer(days))
        lf_err_set(&err, LF_ERR_INVALID, "days", "must be a whole number");
    if (err.code != LF_ERR_OK ||
        scan_purge(c->ctx, &c->who, days ? (int)json_integer_value(days) : SCAN_RETENTION_DAYS,
                   &deleted, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_pack("{s:I}", "deleted", (json_int_t)deleted));
}

static int time_param(struct http_call *c, const char *name, int64_t *out,
                      struct lf_err *err)
{
    char v[48];

    *out = 0;
    if (!http_query(c, name, v, sizeof(v)) || !v[0])
        return 0;
    return validate_datetime(v, out, name, err);
}

int h_trajectory(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct scan_stop_list list;
    struct person p;
    int64_t from, to;
    char *end, id[40], phone[24], t[40];
    long long pid = strtoll(c->params[0], &end, 10);
    json_t *stops;
    size_t i;

    if (*end || pid <= 0) {
        lf_err_set(&err, LF_ERR_NOTFOUND, "id", "no such person");
        return http_reply_err(c, &err);
    }
    if (time_param(c, "from", &from, &err) || time_param(c, "to", &to, &err) ||
        scan_trajectory(c->ctx, &c->who, pid, from, to, &p, &list, &err))
        return http_reply_err(c, &err);
    stops = json_array();
    for (i = 0; i < list.n; i++) {
        const struct scan_stop *s = &list.items[i];
        json_array_append_new(stops, json_pack("{s:s, s:s, s:I, s:s, s:i, s:s, s:s}", "kind",
                                               "scan", "at",
                                               time_format_iso(s->at_utc, t, sizeof(t)),
                                               "venue_id", (json_int_t)s->venue_id, "venue",
                                               s->venue_name, "venue_type", s->venue_type,
                                               "address", s->venue_address, "node",
                                               s->venue_node));
    }
    scan_stop_list_free(&list);
    mask_id_number(p.id_number, id, sizeof(id));
    mask_phone(p.phone, phone, sizeof(phone));
    return http_reply_json(c, 200,
                           json_pack("{s:{s:I, s:s, s:s, s:s, s:s}, s:o}", "person", "id",
                                     (json_int_t)p.id, "name", p.name, "id_number", id,
                                     "phone", phone, "grid", p.grid, "stops", stops));
}
