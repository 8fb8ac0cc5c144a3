/*
 * h_screening.c - rounds, visits and coverage:
 * POST /api/v1/rounds {node, name?}, POST /api/v1/rounds/{id}/close,
 * GET /api/v1/rounds/current?node=, GET /api/v1/visits?grid=&todo=1,
 * POST /api/v1/visits {household_id, outcome, remarks?},
 * GET /api/v1/coverage?node=.
 */
#include <stdlib.h>
#include <string.h>

#include "core/screening.h"
#include "http/http.h"
#include "util/timeutil.h"
#include "util/banned.h"

static json_t *json_from_round(const struct screening_round *r)
{
    char t[40];

    if (!r->id)
        return json_null();
    return json_pack("{s:I, s:s, s:i, s:s, s:s, s:b}", "id", (json_int_t)r->id, "node",
                     r->node, "number", r->number, "name", r->name, "started_at",
                     time_format_iso(r->started_utc, t, sizeof(t)), "open", r->closed_utc == 0);
}

static const struct json_member round_members[] = {
    { "node", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "name", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_round_open(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct screening_round r;
    const char *node, *name;
    json_t *body;

    if (!(body = json_body_object(c, round_members, &err)))
        return http_reply_err(c, &err);
    node = json_str(body, "node", 1, 32, &err);
    name = json_str(body, "name", 0, NODE_NAME_CHARS * 4, &err);
    if (err.code != LF_ERR_OK || round_open(c->ctx, &c->who, node, name, &r, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 201, json_from_round(&r));
}

int h_round_close(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    char *end;
    long long id = strtoll(c->params[0], &end, 10);

    if (*end || id <= 0) {
        lf_err_set(&err, LF_ERR_INVALID, "id", "must be a positive number");
        return http_reply_err(c, &err);
    }
    if (round_close(c->ctx, &c->who, id, &err))
        return http_reply_err(c, &err);
    return http_reply_empty(c, 204);
}

int h_round_current(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct screening_round r;
    char node[32];

    http_query(c, "node", node, sizeof(node));
    if (round_current(c->ctx, &c->who, node, &r, &err))
        return http_reply_err(c, &err);
    return http_reply_json(c, 200, json_from_round(&r));
}

int h_visit_list(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct screening_round r;
    struct household_list list;
    char grid[32], todo[4];
    json_t *items;
    size_t i;

    http_query(c, "grid", grid, sizeof(grid));
    http_query(c, "todo", todo, sizeof(todo));
    if (visit_list(c->ctx, &c->who, grid, strcmp(todo, "1") == 0, &r, &list, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < list.n; i++) {
        const struct household_row *h = &list.items[i];
        json_array_append_new(items, json_pack("{s:I, s:s, s:i, s:s, s:s}", "id",
                                               (json_int_t)h->h.id, "address", h->h.address,
                                               "n_members", h->h.n_members, "head", h->head_name,
                                               "outcome", visit_outcome_name(h->outcome)));
    }
    household_list_free(&list);
    return http_reply_json(c, 200, json_pack("{s:o, s:o}", "round", json_from_round(&r),
                                             "households", items));
}

static const struct json_member visit_members[] = {
    { "household_id", JM_INT, JM_REQUIRED, 1, JSON_ID_MAX, NULL, NULL },
    { "outcome", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "remarks", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_visit_record(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    const char *outcome, *remarks;
    json_t *body, *v;
    int64_t hid = 0;
    int o = -1;

    if (!(body = json_body_object(c, visit_members, &err)))
        return http_reply_err(c, &err);
    v = json_object_get(body, "household_id");
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        lf_err_set(&err, LF_ERR_INVALID, "household_id", "must be a positive integer");
    else
        hid = json_integer_value(v);
    outcome = json_str(body, "outcome", 1, 32, &err);
    remarks = json_str(body, "remarks", 0, 800, &err);
    if (err.code == LF_ERR_OK && (o = visit_outcome_from_name(outcome)) < 0)
        lf_err_set(&err, LF_ERR_INVALID, "outcome",
                   "must be visited, nobody_home, empty or refused");
    if (err.code != LF_ERR_OK || visit_record(c->ctx, &c->who, hid, o, remarks, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 201, json_pack("{s:I, s:s}", "household_id", (json_int_t)hid,
                                             "outcome", visit_outcome_name(o)));
}

static json_t *json_from_coverage_row(const struct coverage_row *r)
{
    return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "code",
                     r->code, "name", r->name, "households", (json_int_t)r->households,
                     "visited", (json_int_t)r->visited, "nobody_home",
                     (json_int_t)r->nobody_home, "empty", (json_int_t)r->empty, "refused",
                     (json_int_t)r->refused, "not_reached",
                     (json_int_t)(r->households - r->visited - r->empty - r->refused),
                     "persons", (json_int_t)r->persons, "floating", (json_int_t)r->floating,
                     "arrivals", (json_int_t)r->arrivals);
}

int h_coverage(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct screening_round r;
    struct coverage cov;
    char node[32], by[8];
    json_t *kids;
    size_t i;

    http_query(c, "node", node, sizeof(node));
    by[0] = '\0';
    if (http_query(c, "by", by, sizeof(by)) && by[0] && strcmp(by, "grid") != 0) {
        lf_err_set(&err, LF_ERR_INVALID, "by", "must be \"grid\" or absent");
        return http_reply_err(c, &err);
    }
    if (coverage_get(c->ctx, &c->who, node, by[0] != '\0', &r, &cov, &err))
        return http_reply_err(c, &err);
    kids = json_array();
    for (i = 0; i < cov.n_children; i++)
        json_array_append_new(kids, json_from_coverage_row(&cov.children[i]));
    coverage_free(&cov);
    return http_reply_json(c, 200, json_pack("{s:o, s:o, s:o}", "round", json_from_round(&r),
                                             "total", json_from_coverage_row(&cov.total),
                                             "children", kids));
}
