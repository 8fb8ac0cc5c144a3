/*
 * h_case.c - cases (确诊人员) and their trajectories (活动轨迹):
 * GET/POST /api/v1/cases, GET/PATCH /api/v1/cases/{id},
 * POST /api/v1/cases/{id}/status {"status","remarks"?},
 * GET/POST /api/v1/cases/{id}/trajectory, GET .../trajectory/export.
 * ID numbers and phones are masked in every reply and export.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/pass.h"
#include "core/validate.h"
#include "http/http.h"
#include "util/mask.h"
#include "util/sheet.h"
#include "util/timeutil.h"
#include "util/banned.h"

#define TEXT_MAX 1024            /* bytes of a free-text member */

/* The {id} of the path, or 0 with err set. */
int64_t http_path_id(const struct http_call *c, struct lf_err *err)
{
    char *end;
    long long id = strtoll(c->params[0], &end, 10);

    if (*end || id <= 0) {
        lf_err_set(err, LF_ERR_INVALID, "id", "must be a positive number");
        return 0;
    }
    return id;
}

/* An optional integer member (an id): 0 when absent or null. */
int json_id(json_t *obj, const char *key, int64_t *out, struct lf_err *err)
{
    json_t *v = json_object_get(obj, key);

    *out = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return lf_err_set(err, LF_ERR_INVALID, key, "must be a positive whole number");
    *out = json_integer_value(v);
    return 0;
}

/* "2026-11-20", or JSON null for an unknown date. */
static json_t *json_date(int64_t days)
{
    char buf[16];
    int y;
    unsigned m, d;

    if (days == CASE_NO_DATE)
        return json_null();
    time_civil_from_days(days, &y, &m, &d);
    snprintf(buf, sizeof(buf), "%04d-%02u-%02u", y, m, d);
    return json_string(buf);
}

static json_t *json_id_or_null(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

json_t *json_from_case(const struct epi_case *c)
{
    char idm[40], phone[24], t1[40], t2[40];
    json_t *next = json_array(), *o;
    int s;

    for (s = 1; s <= CASE_STATUS_MAX; s++)
        if (case_transition_ok(c->status, s))
            json_array_append_new(next, json_pack("{s:s, s:s}", "status", case_status_id(s),
                                                  "label", case_status_label(s)));
    o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, "
                  "s:I, s:s, s:s}",
                  "id", (json_int_t)c->id, "person_id", (json_int_t)c->person_id,
                  "name", c->name,
                  "id_number", mask_id_number(c->id_number, idm, sizeof(idm)),
                  "phone", mask_phone(c->phone, phone, sizeof(phone)), "grid", c->grid,
                  "node", c->node, "status", case_status_id(c->status), "status_label",
                  case_status_label(c->status), "next", next, "hospital", c->hospital,
                  "source", case_source_id(c->source), "source_label",
                  case_source_label(c->source), "source_remarks", c->source_remarks,
                  "created_by", (json_int_t)c->created_by, "created_at",
                  time_format_iso(c->created_utc, t1, sizeof(t1)), "updated_at",
                  time_format_iso(c->updated_utc, t2, sizeof(t2)));
    json_object_set_new(o, "onset_date", json_date(c->onset_days));
    json_object_set_new(o, "sample_date", json_date(c->sample_days));
    json_object_set_new(o, "isolation_date", json_date(c->isolation_days));
    json_object_set_new(o, "source_case_id", json_id_or_null(c->source_case_id));
    return o;
}

/* The members of a case body; *set gets the members present (PATCH). */
static int case_in_from(json_t *body, struct case_in *in, unsigned *set, struct lf_err *err)
{
    static const struct {
        const char *key;
        unsigned bit;
    } members[] = {
        { "onset_date", CASE_SET_ONSET }, { "sample_date", CASE_SET_SAMPLE },
        { "isolation_date", CASE_SET_ISOLATION }, { "hospital", CASE_SET_HOSPITAL },
        { "source", CASE_SET_SOURCE }, { "source_case_id", CASE_SET_SOURCE_CASE },
        { "source_remarks", CASE_SET_SOURCE_REMARKS },
    };
    size_t i;

    memset(in, 0, sizeof(*in));
    *set = 0;
    for (i = 0; i < sizeof(members) / sizeof(members[0]); i++)
        if (json_object_get(body, members[i].key))
            *set |= members[i].bit;
    in->onset_date = json_str(body, "onset_date", 0, 32, err);
    in->sample_date = json_str(body, "sample_date", 0, 32, err);
    in->isolation_date = json_str(body, "isolation_date", 0, 32, err);
    in->hospital = json_str(body, "hospital", 0, TEXT_MAX, err);
    in->source = json_str(body, "source", 0, 16, err);
    in->source_remarks = json_str(body, "source_remarks", 0, TEXT_MAX, err);
    in->remarks = json_str(body, "remarks", 0, TEXT_MAX, err);
    in->id_number = json_str(body, "id_number", 0, 32, err);
    in->node = json_str(body, "node", 0, 32, err);
    in->status = json_str(body, "status", 0, 16, err);
    in->name = json_str(body, "name", 0, 32 * 4, err);
    in->phone = json_str(body, "phone", 0, 32, err);
    in->address = json_str(body, "address", 0, 128 * 4, err);
    json_id(body, "person_id", &in->person_id, err);
    json_id(body, "source_case_id", &in->source_case_id, err);
    return err->code == LF_ERR_OK ? 0 : -1;
}

/* POST and PATCH /cases: the same members (PATCH: those present change) */
static const struct json_member case_members[] = {
    { "onset_date", JM_DATE, 0, 0, 0, NULL, NULL },
    { "sample_date", JM_DATE, 0, 0, 0, NULL, NULL },
    { "isolation_date", JM_DATE, 0, 0, 0, NULL, NULL },
    { "hospital", JM_STRING, 0, 0, 0, NULL, NULL },
    { "source", JM_STRING, 0, 0, 0, NULL, NULL },
    { "source_remarks", JM_STRING, 0, 0, 0, NULL, NULL },
    { "remarks", JM_STRING, 0, 0, 0, NULL, NULL },
    { "id_number", JM_STRING, 0, 0, 0, NULL, NULL },
    { "node", JM_STRING, 0, 0, 0, NULL, NULL },
    { "status", JM_STRING, 0, 0, 0, NULL, NULL },
    { "name", JM_STRING, 0, 0, 0, NULL, NULL },       /* intake: a person the */
    { "phone", JM_STRING, 0, 0, 0, NULL, NULL },      /* ledger lacks */
    { "address", JM_STRING, 0, 0, 0, NULL, NULL },
    { "person_id", JM_INT, 0, 0, JSON_ID_MAX, NULL, NULL },
    { "source_case_id", JM_INT, 0, 0, JSON_ID_MAX, NULL, NULL },
    JSON_MEMBERS_END
};

int h_case_create(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct case_in in;
    struct epi_case out;
    unsigned set;
    json_t *body;

    if (!(body = json_body_object(c, case_members, &err)))
        return http_reply_err(c, &err);
    if (case_in_from(body, &in, &set, &err) || case_create(c->ctx, &c->who, &in, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 201, json_from_case(&out));
}

int h_case_update(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct case_in in;
    struct epi_case out;
    unsigned set;
    int64_t id = http_path_id(c, &err);
    json_t *body;

    if (!id || !(body = json_body_object(c, case_members, &err)))
        return http_reply_err(c, &err);
    if (case_in_from(body, &in, &set, &err) ||
        case_update(c->ctx, &c->who, id, &in, set, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_from_case(&out));
}

static const struct json_member status_members[] = {
    { "status", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "remarks", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_case_status(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct epi_case out;
    const char *status, *remarks;
    int64_t id = http_path_id(c, &err);
    json_t *body;

    if (!id || !(body = json_body_object(c, status_members, &err)))
        return http_reply_err(c, &err);
    status = json_str(body, "status", 1, 16, &err);
    remarks = json_str(body, "remarks", 0, TEXT_MAX, &err);
    if (err.code != LF_ERR_OK ||
        case_set_status(c->ctx, &c->who, id, status, remarks, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_from_case(&out));
}

int h_case_get(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct epi_case out;
    struct case_event_list ev;
    int64_t id = http_path_id(c, &err);
    json_t *o, *events;
    char t[40];
    size_t i;

    if (!id || case_get(c->ctx, &c->who, id, &out, &ev, &err))
        return http_reply_err(c, &err);
    events = json_array();
    for (i = 0; i < ev.n; i++) {
        const struct case_event *e = &ev.items[i];
        json_array_append_new(events,
                              json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "id",
                                        (json_int_t)e->id, "from", case_status_id(e->from_status),
                                        "to", case_status_id(e->to_status), "to_label",
                                        case_status_label(e->to_status), "at",
                                        time_format_iso(e->at_utc, t, sizeof(t)), "user_id",
                                        (json_int_t)e->user_id, "username", e->username,
                                        "remarks", e->remarks));
    }
    case_event_list_free(&ev);
    o = json_from_case(&out);
    json_object_set_new(o, "events", events);
    return http_reply_json(c, 200, o);
}

int h_case_list(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct epi_case_list list;
    char node[32], status[24];
    json_t *items;
    size_t i;

    http_query(c, "node", node, sizeof(node));
    http_query(c, "status", status, sizeof(status));
    if (case_list(c->ctx, &c->who, node, status, &list, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < list.n; i++)
        json_array_append_new(items, json_from_case(&list.items[i]));
    epi_case_list_free(&list);
    return http_reply_json(c, 200, json_pack("{s:o}", "cases", items));
}

/* --- trajectory ---------------------------------------------------------- */

static int time_param(struct http_call *c, const char *name, int64_t *out, struct lf_err *err)
{
    char v[48];

    *out = 0;
    if (!http_query(c, name, v, sizeof(v)) || !v[0])
        return 0;
    return validate_datetime(v, out, name, err);
}

int h_case_trajectory(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct case_trajectory t;
    int64_t from, to, id = http_path_id(c, &err);
    char t1[40], t2[40];
    json_t *stops, *o;
    size_t i;

    if (!id || time_param(c, "from", &from, &err) || time_param(c, "to", &to, &err) ||
        case_trajectory(c->ctx, &c->who, id, from, to, &t, &err))
        return http_reply_err(c, &err);
    stops = json_array();
    for (i = 0; i < t.n; i++) {
        const struct case_stop *s = &t.items[i];
        o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "kind", case_stop_kind_id(s->kind),
                      "from", time_format_iso(s->from_utc, t1, sizeof(t1)), "to",
                      time_format_iso(s->to_utc, t2, sizeof(t2)), "place", s->place,
                      "address", s->address, "plate", s->plate, "remarks", s->remarks);
        json_object_set_new(o, "venue_id", json_id_or_null(s->venue_id));
        json_object_set_new(o, "checkpoint_id", json_id_or_null(s->checkpoint_id));
        if (s->ref_id)
            json_object_set_new(o, "id", json_integer(s->ref_id));
        if (s->kind == CASE_STOP_CHECK) {
            json_object_set_new(o, "temperature", json_real(s->temp_tenths / 10.0));
            json_object_set_new(o, "outcome",
                                json_string(pass_outcome_name(s->outcome)));
        }
        json_array_append_new(stops, o);
    }
    o = json_pack("{s:o, s:s, s:s, s:o}", "case", json_from_case(&t.c), "from",
                  time_format_iso(t.from_utc, t1, sizeof(t1)), "to",
                  time_format_iso(t.to_utc, t2, sizeof(t2)), "stops", stops);
    case_trajectory_free(&t);
    return http_reply_json(c, 200, o);
}

static const struct json_member stop_members[] = {
    { "place", JM_STRING, 0, 0, 0, NULL, NULL },
    { "address", JM_STRING, 0, 0, 0, NULL, NULL },
    { "from", JM_TIME, JM_REQUIRED, 0, 0, NULL, NULL },
    { "to", JM_TIME, 0, 0, 0, NULL, NULL },
    { "remarks", JM_STRING, 0, 0, 0, NULL, NULL },
    { "venue_id", JM_INT, 0, 0, JSON_ID_MAX, NULL, NULL },
    JSON_MEMBERS_END
};

int h_case_trajectory_add(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct trajectory_entry_in in;
    struct trajectory_entry out;
    int64_t id = http_path_id(c, &err);
    char t1[40], t2[40];
    json_t *body, *o;

    if (!id || !(body = json_body_object(c, stop_members, &err)))
        return http_reply_err(c, &err);
    memset(&in, 0, sizeof(in));
    in.place = json_str(body, "place", 0, TEXT_MAX, &err);
    in.address = json_str(body, "address", 0, TEXT_MAX, &err);
    in.from = json_str(body, "from", 1, 48, &err);
    in.to = json_str(body, "to", 0, 48, &err);
    in.remarks = json_str(body, "remarks", 0, TEXT_MAX, &err);
    json_id(body, "venue_id", &in.venue_id, &err);
    if (err.code != LF_ERR_OK || case_trajectory_add(c->ctx, &c->who, id, &in, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    o = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)out.id, "kind",
                  "manual", "case_id", (json_int_t)out.case_id, "place", out.place, "address",
                  out.address, "from", time_format_iso(out.from_utc, t1, sizeof(t1)), "to",
                  time_format_iso(out.to_utc, t2, sizeof(t2)), "remarks", out.remarks);
    json_object_set_new(o, "venue_id", json_id_or_null(out.venue_id));
    return http_reply_json(c, 201, o);
}

/* GET /api/v1/cases/{id}/trajectory/export?format=csv|xlsx: masked,
 * written to a private temporary file, sent, removed. */
int h_case_trajectory_export(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    char format[16], path[64], name[64];
    const char *ext = "csv";
    int64_t id = http_path_id(c, &err);
    int fmt, ok;
    long n;

    if (!id)
        return http_reply_err(c, &err);
    http_query(c, "format", format, sizeof(format));
    if (strcmp(format, "xlsx") == 0)
        fmt = SHEET_XLSX, ext = "xlsx";
    else if (strcmp(format, "csv") == 0 || !format[0])
        fmt = SHEET_CSV;
    else
        return lf_err_set(&err, LF_ERR_INVALID, "format", "must be csv or xlsx"),
               http_reply_err(c, &err);
    if (http_export_begin(path, &err))
        return http_reply_err(c, &err);
    ok = !case_trajectory_export(c->ctx, &c->who, id, fmt, path, &n, &err);
    snprintf(name, sizeof(name), "case-%lld-trajectory.%s", (long long)id, ext);
    return http_reply_export(c, path, ok, fmt, name, "the export is too large", &err);
}
