/*
 * h_audit.c - GET /api/v1/audit?before=ID&user=ID&action=PREFIX&limit=N,
 * newest first; the next page is ?before=<last id>.
 * GET /api/v1/audit/person?id_number=…|person_id=…: everyone who saw that
 * person (谁查看过此人), newest first.
 */
#include <stdlib.h>

#include "core/audit.h"
#include "http/http.h"
#include "util/timeutil.h"
#include "util/banned.h"

static json_t *entry_json(const struct audit_entry *a)
{
    char t[40];

    return json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "id",
                     (json_int_t)a->id, "at", time_format_iso(a->at_utc, t, sizeof(t)),
                     "user_id", (json_int_t)a->user_id, "username", a->username, "role",
                     a->role, "action", a->action, "record", a->record, "success",
                     a->success, "addr", a->addr, "detail", a->detail);
}

int h_audit_person(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct audit_list list;
    long long person_id;
    char id_number[40];
    json_t *items;
    size_t i;

    if (http_query_int(c, "person_id", &person_id, &err))
        return http_reply_err(c, &err);
    http_query(c, "id_number", id_number, sizeof(id_number));
    if (audit_person(c->ctx, &c->who, id_number, person_id, &list, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < list.n; i++)
        json_array_append_new(items, entry_json(&list.items[i]));
    audit_list_free(&list);
    return http_reply_json(c, 200, json_pack("{s:o}", "entries", items));
}

int h_audit_list(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct audit_filter f = { 0 };
    struct audit_list list;
    long long before, user, limit;
    char action[48], t[40];
    json_t *items;
    size_t i;

    if (http_query_int(c, "before", &before, &err) || http_query_int(c, "user", &user, &err) ||
        http_query_int(c, "limit", &limit, &err))
        return http_reply_err(c, &err);
    http_query(c, "action", action, sizeof(action));
    f.before_id = before;
    f.user_id = user;
    f.action_prefix = action[0] ? action : NULL;
    f.limit = limit > 500 ? 500 : (unsigned)limit;
    if (audit_list(c->ctx, &c->who, &f, &list, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < list.n; i++) {
        const struct audit_entry *a = &list.items[i];
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "id",
                             (json_int_t)a->id, "at",
                             time_format_iso(a->at_utc, t, sizeof(t)), "user_id",
                             (json_int_t)a->user_id, "username", a->username, "role",
                             a->role, "action", a->action, "record", a->record,
                             "success", a->success, "addr", a->addr, "detail", a->detail));
    }
    audit_list_free(&list);
    return http_reply_json(c, 200, json_pack("{s:o}", "entries", items));
}
