/*
 * h_ledger.c - the screening ledger: POST /api/v1/households,
 * POST /api/v1/persons, POST /api/v1/ledger/import (CSV, XLSX or XLS
 * body), GET /api/v1/ledger/export (masked) and POST /api/v1/ledger/export
 * (unmasked, with the password); the list of persons is h_search.c's.
 * ID numbers and phones are masked
 * in every reply (4101**********123X, 138****5678).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ledger.h"
#include "http/http.h"
#include "util/mask.h"
#include "util/sheet.h"
#include "util/timeutil.h"
#include "util/banned.h"

json_t *json_from_person(const struct person *p, const char *address)
{
    char id[40], phone[24], birth[16];
    json_t *o;

    mask_id_number(p->id_number, id, sizeof(id));
    mask_phone(p->phone, phone, sizeof(phone));
    birth[0] = '\0';
    if (p->birth_days != BIRTH_UNKNOWN) {
        int y;
        unsigned m, d;
        time_civil_from_days(p->birth_days, &y, &m, &d);
        snprintf(birth, sizeof(birth), "%04d-%02u-%02u", y, m, d);
    }
    o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:s?, s:s, s:s, s:b, s:b, s:b}",
                  "id", (json_int_t)p->id, "household_id", (json_int_t)p->household_id,
                  "grid", p->grid, "name", p->name, "id_number", id, "sex", p->sex,
                  "birth_date", birth[0] ? birth : NULL, "phone", phone, "relation",
                  p->relation, "is_floating", p->is_floating, "is_head",
                  (p->flags & PERSON_HEAD) != 0, "is_arrival", (p->flags & PERSON_ARRIVAL) != 0);
    if (address)
        json_object_set_new(o, "address", json_string(address));
    return o;
}

static const struct json_member household_members[] = {
    { "grid", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "address", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_household_create(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct household_in in = { 0 };
    struct household out;
    json_t *body;

    if (!(body = json_body_object(c, household_members, &err)))
        return http_reply_err(c, &err);
    in.grid = json_str(body, "grid", 1, 32, &err);
    in.address = json_str(body, "address", 1, ADDRESS_CHARS * 4, &err);
    if (err.code != LF_ERR_OK || household_create(c->ctx, &c->who, &in, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 201, json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)out.id,
                                             "grid", out.grid, "address", out.address,
                                             "n_members", out.n_members));
}

static const struct json_member person_members[] = {
    { "household_id", JM_INT, JM_REQUIRED, 1, JSON_ID_MAX, NULL, NULL },
    { "name", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "id_number", JM_STRING, 0, 0, 0, NULL, NULL },
    { "phone", JM_STRING, 0, 0, 0, NULL, NULL },
    { "birth_date", JM_DATE, 0, 0, 0, NULL, NULL },
    { "relation", JM_STRING, 0, 0, 0, NULL, NULL },
    { "sex", JM_INT, 0, 0, 9, "0, 1, 2, 9", NULL },
    { "is_floating", JM_BOOL, 0, 0, 0, NULL, NULL },
    { "is_head", JM_BOOL, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_person_create(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct person_in in = { 0 };
    struct person_out out;
    json_t *body, *v, *reply;

    if (!(body = json_body_object(c, person_members, &err)))
        return http_reply_err(c, &err);
    v = json_object_get(body, "household_id");
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        lf_err_set(&err, LF_ERR_INVALID, "household_id", "must be a positive integer");
    else
        in.household_id = json_integer_value(v);
    in.name = json_str(body, "name", 1, PERSON_NAME_CHARS * 4, &err);
    in.id_number = json_str(body, "id_number", 0, 32, &err);
    in.phone = json_str(body, "phone", 0, 32, &err);
    in.birth_date = json_str(body, "birth_date", 0, 32, &err);
    in.relation = json_str(body, "relation", 0, RELATION_CHARS * 4, &err);
    v = json_object_get(body, "sex");
    if (v && !json_is_integer(v))
        lf_err_set(&err, LF_ERR_INVALID, "sex", "must be 0, 1, 2 or 9");
    in.sex = v ? (int)json_integer_value(v) : 0;
    in.is_floating = json_bool(body, "is_floating", &err) == 1;
    in.is_head = json_bool(body, "is_head", &err) == 1;
    if (err.code != LF_ERR_OK || person_create(c->ctx, &c->who, &in, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    reply = json_from_person(&out.p, NULL);
    if (out.warning[0])
        json_object_set_new(reply, "warning", json_string(out.warning));
    return http_reply_json(c, 201, reply);
}

/* A rejected import: the first error as every 4xx has it, and then every
 * bad row with the members of an error body: "errors":[{"line", "field"
 * (the column, without the line), "key", "message", "error" ("第 14 行
 * 手机号：…"), "detail" (English)}], "bad_rows". */
static int reply_import_errors(struct http_call *c, const struct lf_err *first,
                               const struct ledger_import_stats *st)
{
    json_t *body, *rows;
    size_t i;
    char detail[sizeof(first->field) + sizeof(first->reason) + 4];
    char text[sizeof(first->field) * 3 + sizeof(first->message) + 4];

    if (!st->n_errors)
        return http_reply_err(c, first);
    rows = json_array();
    for (i = 0; i < st->n_errors; i++) {
        const struct lf_err *e = &st->errors[i];
        const char *dot = strchr(e->field, '.');
        long line = strtol(e->field + 5, NULL, 10);   /* "line N[.field]" */
        json_array_append_new(rows, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "line",
                                              (json_int_t)line, "field", dot ? dot + 1 : "",
                                              "key", lf_err_key(e), "message", lf_err_zh(e),
                                              "error", lf_err_label_text(e, text, sizeof(text)),
                                              "detail", lf_err_message(e, detail,
                                                                       sizeof(detail))));
    }
    lf_err_message(first, detail, sizeof(detail));
    lf_err_label_text(first, text, sizeof(text));
    body = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:I}", "error", text, "message",
                     lf_err_zh(first), "key", lf_err_key(first), "code",
                     lf_err_name(first->code), "field", first->field, "detail", detail,
                     "errors", rows, "bad_rows", (json_int_t)st->bad_rows);
    return http_reply_json(c, lf_err_http_status(first->code), body);
}

static json_t *json_import_counts(const struct ledger_import_stats *st)
{
    json_t *rows = json_array();
    size_t i;

    for (i = 0; i < st->n_rows; i++)
        json_array_append_new(rows, json_pack("{s:I, s:s, s:I}", "line",
                                              (json_int_t)st->rows[i].line, "result",
                                              st->rows[i].result == LEDGER_ROW_ADDED
                                                  ? "added" : "changed",
                                              "id", (json_int_t)st->rows[i].id));
    return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "format", st->format,
                     "households", (json_int_t)st->households, "persons",
                     (json_int_t)st->persons, "added", (json_int_t)st->persons, "changed",
                     (json_int_t)st->changed, "unchanged", (json_int_t)st->unchanged,
                     "warnings", (json_int_t)st->warnings, "rows", rows);
}

int h_ledger_import(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct ledger_import_stats st;
    json_t *reply;
    int rc;

    if (ledger_import_csv(c->ctx, &c->who, c->body, c->body_len, &st, &err)) {
        rc = reply_import_errors(c, &err, &st);
        ledger_import_stats_free(&st);
        return rc;
    }
    reply = json_import_counts(&st);
    ledger_import_stats_free(&st);
    return http_reply_json(c, 201, reply);
}

/* what and format of an export, from the query or the body */
static int export_args(const char *what, const char *format, enum ledger_export_what *w,
                       int *fmt, const char **ext, struct lf_err *err)
{
    *ext = "csv";
    if (strcmp(what, "persons") == 0 || !what[0])
        *w = EXPORT_PERSONS;
    else if (strcmp(what, "households") == 0)
        *w = EXPORT_HOUSEHOLDS;
    else if (strcmp(what, "template") == 0)
        *w = EXPORT_TEMPLATE;
    else
        return lf_err_set(err, LF_ERR_INVALID, "what", "must be persons, households or template");
    if (strcmp(format, "xlsx") == 0)
        *fmt = SHEET_XLSX, *ext = "xlsx";
    else if (strcmp(format, "csv-gb18030") == 0)
        *fmt = SHEET_CSV_GB18030;
    else if (strcmp(format, "csv") == 0 || !format[0])
        *fmt = SHEET_CSV;
    else
        return lf_err_set(err, LF_ERR_INVALID, "format", "must be csv, csv-gb18030 or xlsx");
    return 0;
}

static const char *what_word(enum ledger_export_what w)
{
    return w == EXPORT_PERSONS ? "persons" : w == EXPORT_HOUSEHOLDS ? "households" : "template";
}

/* GET /api/v1/ledger/export?what=persons|households|template&node=
 * &format=csv|csv-gb18030|xlsx: masked, written to a private temporary
 * file, sent, removed. */
int h_ledger_export(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    char what[16], node[32], format[16], path[64], name[96];
    const char *ext;
    enum ledger_export_what w;
    int fmt, ok;
    long n;

    http_query(c, "what", what, sizeof(what));
    http_query(c, "node", node, sizeof(node));
    http_query(c, "format", format, sizeof(format));
    if (export_args(what, format, &w, &fmt, &ext, &err) || http_export_begin(path, &err))
        return http_reply_err(c, &err);
    ok = !ledger_export(c->ctx, &c->who, node, w, fmt, 0, path, &n, &err);
    snprintf(name, sizeof(name), "ledger-%s-%s.%s", what_word(w),
             node[0] ? node : c->who.node, ext);
    return http_reply_export(c, path, ok, fmt, name, "the export is too large; narrow the node",
                             &err);
}

/* POST /api/v1/ledger/export {"what","node","format","password"}: the
 * unmasked export, after the password again; the password travels in the
 * body, never in a URL. */
static const struct json_member export_full_members[] = {
    { "what", JM_STRING, 0, 0, 0, NULL, NULL },
    { "node", JM_STRING, 0, 0, 0, NULL, NULL },
    { "format", JM_STRING, 0, 0, 0, NULL, NULL },
    { "password", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_ledger_export_full(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    char what[16] = "", node[32] = "", format[16] = "", path[64], name[112];
    const char *ext, *v, *password;
    enum ledger_export_what w;
    int fmt, ok;
    long n;
    json_t *body;

    if (!(body = json_body_object(c, export_full_members, &err)))
        return http_reply_err(c, &err);
    if ((v = json_str(body, "what", 0, 15, &err)))
        snprintf(what, sizeof(what), "%s", v);
    if ((v = json_str(body, "node", 0, 31, &err)))
        snprintf(node, sizeof(node), "%s", v);
    if ((v = json_str(body, "format", 0, 15, &err)))
        snprintf(format, sizeof(format), "%s", v);
    password = json_str(body, "password", 1, 1024, &err);
    if (err.code != LF_ERR_OK || export_args(what, format, &w, &fmt, &ext, &err) ||
        http_export_begin(path, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    ok = !ledger_export_unmasked(c->ctx, &c->who, node, w, fmt, password, path, &n, &err);
    json_decref(body);
    snprintf(name, sizeof(name), "ledger-%s-%s-full.%s", what_word(w),
             node[0] ? node : c->who.node, ext);
    return http_reply_export(c, path, ok, fmt, name, "the export is too large; narrow the node",
                             &err);
}
