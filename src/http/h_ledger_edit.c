/*
 * h_ledger_edit.c - correcting the ledger (docs/API.md, "Corrections"):
 * GET/PATCH /api/v1/persons/{id}, POST /api/v1/persons/{id}/move,
 * /transfer, /delete, GET /api/v1/persons/{id}/history; the same for
 * /api/v1/households/{id}; GET /api/v1/transfers, POST
 * /api/v1/transfers/{id}/decide. ID numbers and phones are masked in every
 * reply, history values included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ledger.h"
#include "core/transfer.h"
#include "http/http.h"
#include "util/mask.h"
#include "util/timeutil.h"
#include "util/banned.h"

/* The {id} of the path; -1 and err when it is not a positive number. */
static int64_t path_id(const struct http_call *c, struct lf_err *err)
{
    char *end;
    long long id = strtoll(c->params[0], &end, 10);

    if (*end || id <= 0) {
        lf_err_set(err, LF_ERR_INVALID, "id", "must be a positive number");
        return -1;
    }
    return id;
}

static json_t *iso_or_null(int64_t utc)
{
    char t[40];

    return utc ? json_string(time_format_iso(utc, t, sizeof(t))) : json_null();
}

/* The person as every list shows it (json_from_person()), with the times
 * of its last change and of its deletion. */
static json_t *json_from_row(const struct person_row *r)
{
    json_t *o = json_from_person(&r->p, r->address);

    json_object_set_new(o, "updated_at", iso_or_null(r->p.updated_utc));
    json_object_set_new(o, "deleted_at", iso_or_null(r->p.deleted_utc));
    return o;
}

static json_t *json_from_household(const struct household *h)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)h->id, "grid", h->grid,
                          "address", h->address, "n_members", h->n_members);

    json_object_set_new(o, "deleted_at", iso_or_null(h->deleted_utc));
    return o;
}

/* A history value as replies show it: ID numbers and phones masked. */
static json_t *history_value(const char *field, const char *v)
{
    char m[40];

    if (strcmp(field, "id_number") == 0)
        return json_string(mask_id_number(v, m, sizeof(m)));
    if (strcmp(field, "phone") == 0)
        return json_string(mask_phone(v, m, sizeof(m)));
    return json_string(v);
}

static int reply_history(struct http_call *c, struct ledger_history *h)
{
    json_t *items = json_array();
    size_t i;

    for (i = 0; i < h->n; i++) {
        const struct ledger_change *x = &h->items[i];
        json_t *o = json_pack("{s:I, s:o, s:s, s:s, s:s, s:o, s:o, s:s}", "id",
                              (json_int_t)x->id, "at", iso_or_null(x->at_utc), "username",
                              x->username, "action", x->action, "field", x->field, "old",
                              history_value(x->field, x->old_value), "new",
                              history_value(x->field, x->new_value), "reason", x->reason);
        if (x->household_id)
            json_object_set_new(o, "household_id", json_integer(x->household_id));
        json_array_append_new(items, o);
    }
    ledger_history_free(h);
    return http_reply_json(c, 200, json_pack("{s:o}", "history", items));
}

int h_person_get(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct person_row r;
    int64_t id = path_id(c, &err);

    if (id < 0 || person_get(c->ctx, &c->who, id, &r, &err))
        return http_reply_err(c, &err);
    return http_reply_json(c, 200, json_from_row(&r));
}

/* An integer member: -1 when absent; err for another type or value. */
static int int_member(json_t *body, const char *key, struct lf_err *err)
{
    json_t *v = json_object_get(body, key);

    if (!v)
        return -1;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 9) {
        lf_err_set(err, LF_ERR_INVALID, key, "must be 0, 1, 2 or 9");
        return -1;
    }
    return (int)json_integer_value(v);
}

static const struct json_member person_update_members[] = {
    { "name", JM_STRING, 0, 0, 0, NULL, NULL },
    { "id_number", JM_STRING, 0, 0, 0, NULL, NULL },
    { "phone", JM_STRING, 0, 0, 0, NULL, NULL },
    { "relation", JM_STRING, 0, 0, 0, NULL, NULL },
    { "birth_date", JM_DATE, 0, 0, 0, NULL, NULL },
    { "reason", JM_STRING, 0, 0, 0, NULL, NULL },
    { "sex", JM_INT, 0, 0, 9, "0, 1, 2, 9", NULL },
    { "is_floating", JM_BOOL, 0, 0, 0, NULL, NULL },
    { "is_head", JM_BOOL, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_person_update(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct person_edit in = { 0 };
    struct person_row r;
    int64_t id = path_id(c, &err);
    int n = 0;
    json_t *body = NULL, *reply;

    if (id < 0 || !(body = json_body_object(c, person_update_members, &err)))
        return http_reply_err(c, &err);
    in.name = json_str(body, "name", 0, PERSON_NAME_CHARS * 4, &err);
    in.id_number = json_str(body, "id_number", 0, 32, &err);
    in.phone = json_str(body, "phone", 0, 32, &err);
    in.relation = json_str(body, "relation", 0, RELATION_CHARS * 4, &err);
    in.birth_date = json_str(body, "birth_date", 0, 32, &err);
    in.reason = json_str(body, "reason", 0, LEDGER_REASON_CHARS * 4, &err);
    in.sex = int_member(body, "sex", &err);
    in.is_floating = json_bool(body, "is_floating", &err);
    in.is_head = json_bool(body, "is_head", &err);
    if (err.code != LF_ERR_OK || person_update(c->ctx, &c->who, id, &in, &r, &n, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    reply = json_from_row(&r);
    json_object_set_new(reply, "changed", json_integer(n));
    return http_reply_json(c, 200, reply);
}

static const struct json_member person_move_members[] = {
    { "household_id", JM_INT, JM_REQUIRED, 1, JSON_ID_MAX, NULL, NULL },
    { "reason", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_person_move(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct person_row r;
    int64_t id = path_id(c, &err), hid = 0;
    const char *reason;
    json_t *body = NULL, *v;

    if (id < 0 || !(body = json_body_object(c, person_move_members, &err)))
        return http_reply_err(c, &err);
    v = json_object_get(body, "household_id");
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        lf_err_set(&err, LF_ERR_INVALID, "household_id", "must be a positive integer");
    else
        hid = json_integer_value(v);
    reason = json_str(body, "reason", 0, LEDGER_REASON_CHARS * 4, &err);
    if (err.code != LF_ERR_OK || person_move(c->ctx, &c->who, id, hid, reason, &r, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_from_row(&r));
}

static const struct json_member reason_members[] = {
    { "reason", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_person_delete(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct person p;
    int64_t id = path_id(c, &err);
    const char *reason;
    json_t *body = NULL;

    if (id < 0 || !(body = json_body_object(c, reason_members, &err)))
        return http_reply_err(c, &err);
    reason = json_str(body, "reason", 0, LEDGER_REASON_CHARS * 4, &err);
    if (err.code != LF_ERR_OK || person_delete(c->ctx, &c->who, id, reason, &p, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_pack("{s:I, s:o}", "id", (json_int_t)p.id,
                                             "deleted_at", iso_or_null(p.deleted_utc)));
}

int h_person_history(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct ledger_history h;
    int64_t id = path_id(c, &err);

    if (id < 0 || person_history(c->ctx, &c->who, id, &h, &err))
        return http_reply_err(c, &err);
    return reply_history(c, &h);
}

static const char *status_word(int s)
{
    return s == TRANSFER_ACCEPTED ? "accepted" : s == TRANSFER_REFUSED ? "refused" : "pending";
}

static json_t *json_from_transfer(const struct transfer *t)
{
    json_t *o = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:s}",
                          "id", (json_int_t)t->id, "kind", t->kind, "record_id",
                          (json_int_t)t->record_id, "title", t->title, "from_node",
                          t->from_node, "to_node", t->to_node, "status",
                          status_word(t->status), "reason", t->reason, "requester",
                          t->requester, "requested_at", iso_or_null(t->requested_utc),
                          "decider", t->decider, "decided_at", iso_or_null(t->decided_utc),
                          "note", t->decide_note);
    return o;
}

static const struct json_member person_transfer_members[] = {
    { "to_node", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "reason", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_person_transfer(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct transfer t;
    int64_t id = path_id(c, &err);
    const char *to, *reason;
    json_t *body = NULL;

    if (id < 0 || !(body = json_body_object(c, person_transfer_members, &err)))
        return http_reply_err(c, &err);
    to = json_str(body, "to_node", 1, 32, &err);
    reason = json_str(body, "reason", 0, LEDGER_REASON_CHARS * 4, &err);
    if (err.code != LF_ERR_OK ||
        person_transfer_out(c->ctx, &c->who, id, to, reason, &t, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 201, json_from_transfer(&t));
}

int h_household_get(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct household h;
    int64_t id = path_id(c, &err);

    if (id < 0 || household_get(c->ctx, &c->who, id, &h, &err))
        return http_reply_err(c, &err);
    return http_reply_json(c, 200, json_from_household(&h));
}

static const struct json_member household_update_members[] = {
    { "address", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "reason", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

static const struct json_member household_move_members[] = {
    { "grid", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "reason", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

/* PATCH {address, reason?} and POST .../move {grid, reason} */
static int household_change(struct http_call *c, int move)
{
    struct lf_err err = LF_ERR_INIT;
    struct household h;
    int64_t id = path_id(c, &err);
    const char *grid = NULL, *address = NULL, *reason;
    json_t *body = NULL;

    if (id < 0 ||
        !(body = json_body_object(c, move ? household_move_members : household_update_members,
                                  &err)))
        return http_reply_err(c, &err);
    if (move)
        grid = json_str(body, "grid", 1, 32, &err);
    else
        address = json_str(body, "address", 1, ADDRESS_CHARS * 4, &err);
    reason = json_str(body, "reason", 0, LEDGER_REASON_CHARS * 4, &err);
    if (err.code != LF_ERR_OK ||
        household_update(c->ctx, &c->who, id, grid, address, reason, &h, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_from_household(&h));
}

int h_household_update(struct http_call *c)
{
    return household_change(c, 0);
}

int h_household_move(struct http_call *c)
{
    return household_change(c, 1);
}

int h_household_delete(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    int64_t id = path_id(c, &err);
    const char *reason;
    json_t *body = NULL;

    if (id < 0 || !(body = json_body_object(c, reason_members, &err)))
        return http_reply_err(c, &err);
    reason = json_str(body, "reason", 0, LEDGER_REASON_CHARS * 4, &err);
    if (err.code != LF_ERR_OK || household_delete(c->ctx, &c->who, id, reason, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_empty(c, 204);
}

int h_household_history(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct ledger_history h;
    int64_t id = path_id(c, &err);

    if (id < 0 || household_history(c->ctx, &c->who, id, &h, &err))
        return http_reply_err(c, &err);
    return reply_history(c, &h);
}

int h_transfer_list(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct transfer_list l;
    char node[32], status[16];
    json_t *items;
    size_t i;

    http_query(c, "node", node, sizeof(node));
    http_query(c, "status", status, sizeof(status));
    if (status[0] && strcmp(status, "pending") != 0) {
        lf_err_set(&err, LF_ERR_INVALID, "status", "must be pending or empty");
        return http_reply_err(c, &err);
    }
    if (transfer_list(c->ctx, &c->who, node, status[0] != 0, &l, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < l.n; i++)
        json_array_append_new(items, json_from_transfer(&l.items[i]));
    transfer_list_free(&l);
    return http_reply_json(c, 200, json_pack("{s:o}", "transfers", items));
}

static const struct json_member transfer_decide_members[] = {
    { "accept", JM_BOOL, JM_REQUIRED, 0, 0, NULL, NULL },
    { "household_id", JM_INT, 0, 1, JSON_ID_MAX, NULL, NULL },
    { "note", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_transfer_decide(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct transfer_decision in = { 0 };
    struct transfer t;
    int64_t id = path_id(c, &err);
    json_t *body = NULL, *v;

    if (id < 0 || !(body = json_body_object(c, transfer_decide_members, &err)))
        return http_reply_err(c, &err);
    if ((in.accept = json_bool(body, "accept", &err)) == -1)
        lf_err_set(&err, LF_ERR_INVALID, "accept", "is required (true or false)");
    v = json_object_get(body, "household_id");
    if (v && (!json_is_integer(v) || json_integer_value(v) <= 0))
        lf_err_set(&err, LF_ERR_INVALID, "household_id", "must be a positive integer");
    else if (v)
        in.household_id = json_integer_value(v);
    in.note = json_str(body, "note", 0, TRANSFER_REASON_CHARS * 4, &err);
    if (err.code != LF_ERR_OK || transfer_decide(c->ctx, &c->who, id, &in, &t, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_from_transfer(&t));
}
