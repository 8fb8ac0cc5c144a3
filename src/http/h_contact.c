/*
 * h_contact.c - contacts of a case (密接) and transmission chains (传播链):
 * POST /api/v1/cases/{id}/contacts/propose, GET /api/v1/cases/{id}/contacts,
 * POST /api/v1/contacts/{id}/decide {"confirm","reason"?},
 * GET /api/v1/chains?node= (nodes and links for a graph, and the chains as
 * lists), GET /api/v1/cases/{id}/chain (the chain of one case).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/contact.h"
#include "core/tracing.h"
#include "http/http.h"
#include "util/mask.h"
#include "util/timeutil.h"
#include "util/banned.h"

static json_t *id_or_null(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

static json_t *json_from_contact(const struct contact *k)
{
    char idm[40], phone[24], t1[40], t2[40], t3[40];
    json_t *o, *reason;

    reason = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i}", "kind", contact_kind_id(k->kind),
                       "kind_label", contact_kind_label(k->kind), "venue", k->venue_name,
                       "checkpoint", k->checkpoint_name, "plate", k->plate,
                       "overlap_minutes", k->overlap_minutes, "encounters", k->n_encounters);
    json_object_set_new(reason, "venue_id", id_or_null(k->venue_id));
    json_object_set_new(reason, "checkpoint_id", id_or_null(k->checkpoint_id));
    json_object_set_new(reason, "via_person_id", id_or_null(k->via_person_id));
    json_object_set_new(reason, "via_name", json_string(k->via_name));
    json_object_set_new(reason, "from", k->from_utc ? json_string(time_format_iso(
                                                         k->from_utc, t1, sizeof(t1)))
                                                    : json_null());
    json_object_set_new(reason, "to", k->to_utc ? json_string(time_format_iso(
                                                     k->to_utc, t2, sizeof(t2)))
                                                : json_null());
    o = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "id",
                  (json_int_t)k->id, "case_id", (json_int_t)k->case_id, "person_id",
                  (json_int_t)k->person_id, "name", k->name, "id_number",
                  mask_id_number(k->id_number, idm, sizeof(idm)), "phone",
                  mask_phone(k->phone, phone, sizeof(phone)), "grid", k->grid, "kind",
                  contact_kind_id(k->kind), "kind_label", contact_kind_label(k->kind),
                  "status", contact_status_id(k->status), "reason", reason, "decision_reason",
                  k->reason);
    json_object_set_new(o, "decided_at", k->decided_at ? json_string(time_format_iso(
                                                             k->decided_at, t3, sizeof(t3)))
                                                       : json_null());
    json_object_set_new(o, "decided_by", id_or_null(k->decided_by));
    return o;
}

static int reply_contacts(struct http_call *c, int status, int64_t case_id, long n_new,
                          const struct tracing_rules *rules)
{
    struct lf_err err = LF_ERR_INIT;
    struct contact_list list;
    json_t *items, *o;
    size_t i;

    if (contact_list(c->ctx, &c->who, case_id, &list, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < list.n; i++)
        json_array_append_new(items, json_from_contact(&list.items[i]));
    contact_list_free(&list);
    o = json_pack("{s:o}", "contacts", items);
    if (n_new >= 0)
        json_object_set_new(o, "added", json_integer(n_new));
    if (rules)                                 /* the rules this proposal used */
        json_object_set_new(
            o, "rules",
            json_pack("{s:i, s:i, s:i, s:i, s:b, s:b}", "days_before_onset",
                      rules->days_before_onset, "min_overlap_minutes",
                      rules->min_overlap_minutes, "stay_minutes_override",
                      rules->stay_minutes_override, "vehicle_window_minutes",
                      rules->vehicle_window_minutes, "household", rules->household,
                      "secondary", rules->secondary));
    return http_reply_json(c, status, o);
}

int h_contact_propose(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    int64_t id = http_path_id(c, &err);
    struct tracing_rules rules;
    long n_new;

    if (!id || contact_propose(c->ctx, &c->who, id, &n_new, &rules, &err))
        return http_reply_err(c, &err);
    return reply_contacts(c, 200, id, n_new, &rules);
}

int h_contact_list(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    int64_t id = http_path_id(c, &err);

    if (!id)
        return http_reply_err(c, &err);
    return reply_contacts(c, 200, id, -1, NULL);
}

static const struct json_member decide_members[] = {
    { "confirm", JM_BOOL, 0, 0, 0, NULL, NULL },
    { "reason", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_contact_decide(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct contact out;
    const char *reason;
    int64_t id = http_path_id(c, &err);
    json_t *body;
    int confirm;

    if (!id || !(body = json_body_object(c, decide_members, &err)))
        return http_reply_err(c, &err);
    confirm = json_bool(body, "confirm", &err);
    reason = json_str(body, "reason", 0, 1024, &err);
    if (err.code == LF_ERR_OK && confirm < 0)
        lf_err_set(&err, LF_ERR_INVALID, "confirm", "is required (true or false)");
    if (err.code != LF_ERR_OK ||
        contact_decide(c->ctx, &c->who, id, confirm, reason, &out, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_from_contact(&out));
}

/* {nodes:[case…], links:[{source,target,remarks}], chains:[[id…]]} */
static json_t *json_from_graph(const struct case_graph *g)
{
    json_t *nodes = json_array(), *links = json_array(), *chains = json_array(), *cur = NULL;
    char idm[40];
    size_t i, j;
    int chain = -1;

    for (i = 0; i < g->cases.n; i++) {
        const struct epi_case *c = &g->cases.items[i];
        json_t *n = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:i}", "id",
                              (json_int_t)c->id, "name", c->name, "id_number",
                              mask_id_number(c->id_number, idm, sizeof(idm)), "status",
                              case_status_id(c->status), "status_label",
                              case_status_label(c->status), "node", c->node, "chain",
                              g->chain[i], "depth", g->depth[i]);
        json_object_set_new(n, "source_case_id", id_or_null(c->source_case_id));
        json_array_append_new(nodes, n);
        if (g->chain[i] != chain) {
            chain = g->chain[i];
            cur = json_array();
            json_array_append_new(chains, cur);
        }
        json_array_append_new(cur, json_integer(c->id));
        /* a link only when the source is in view: then it is earlier in
         * the same chain (a parent comes before its children) */
        for (j = i; c->source_case_id && j-- > 0 && g->chain[j] == g->chain[i];)
            if (g->cases.items[j].id == c->source_case_id) {
                json_array_append_new(links, json_pack("{s:I, s:I, s:s}", "source",
                                                       (json_int_t)c->source_case_id,
                                                       "target", (json_int_t)c->id,
                                                       "remarks", c->source_remarks));
                break;
            }
    }
    return json_pack("{s:o, s:o, s:o}", "nodes", nodes, "links", links, "chains", chains);
}

int h_chains(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct case_graph g;
    char node[32];
    json_t *o;

    http_query(c, "node", node, sizeof(node));
    if (case_graph(c->ctx, &c->who, node, &g, &err))
        return http_reply_err(c, &err);
    o = json_from_graph(&g);
    case_graph_free(&g);
    return http_reply_json(c, 200, o);
}

int h_case_chain(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct case_graph g;
    int64_t id = http_path_id(c, &err);
    json_t *o;

    if (!id || case_chain(c->ctx, &c->who, id, &g, &err))
        return http_reply_err(c, &err);
    o = json_from_graph(&g);
    case_graph_free(&g);
    return http_reply_json(c, 200, o);
}
