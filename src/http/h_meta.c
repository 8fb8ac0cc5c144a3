/*
 * h_meta.c - what the pages are told about the server rather than about
 * data: GET /api/v1/healthz, GET /api/v1/roles, GET /api/v1/meta (every
 * label table of core/labels.h, with their version), and the caller's
 * rights and modules that GET /api/v1/me adds (json_add_access).
 */
#include <stdio.h>

#include "core/labels.h"
#include "core/nav.h"
#include "core/role.h"
#include "http/http.h"
#include "util/banned.h"

int h_health(struct http_call *c)
{
    return http_reply_json(c, 200, json_pack("{s:s}", "status", "ok"));
}

int h_roles(struct http_call *c)
{
    json_t *list = json_array();
    int r;

    for (r = 0; r < ROLE__COUNT; r++) {
        if (r == ROLE_SYSTEM)
            continue; /* the command line's role; no account holds it */
        json_array_append_new(list, json_pack("{s:s, s:s}", "role", role_id(r),
                                              "label", role_label(r)));
    }
    return http_reply_json(c, 200, json_pack("{s:o}", "roles", list));
}

static json_t *json_from_labels(const struct lf_labels *t)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < t->n; i++) {
        const struct lf_label *l = &t->items[i];
        json_t *o = json_pack("{s:s, s:s}", "id", l->id, "label", l->label);

        if (*l->tone)
            json_object_set_new(o, "tone", json_string(l->tone));
        json_array_append_new(list, o);
    }
    return list;
}

int h_meta(struct http_call *c)
{
    const struct lf_labels *const *all;
    json_t *labels = json_object();
    char version[17];
    size_t i, n;

    all = labels_all(&n);
    for (i = 0; i < n; i++)
        json_object_set_new(labels, all[i]->name, json_from_labels(all[i]));
    labels_version(version);
    return http_reply_json(c, 200, json_pack("{s:s, s:o}", "version", version,
                                             "labels", labels));
}

void json_add_access(json_t *o, const struct lf_who *who)
{
    const struct nav_entry *mods[NAV__COUNT];
    const struct lf_rights *have = role_rights(who->role);
    json_t *rights = json_array(), *nav = json_array();
    char version[17], href[64];
    size_t i, n;
    int p;

    for (p = 0; p < PERM__COUNT; p++)
        if (rights_has(have, (enum lf_perm)p))
            json_array_append_new(rights, json_string(right_id((enum lf_perm)p)));
    n = nav_for(who, mods);
    for (i = 0; i < n; i++) {
        snprintf(href, sizeof(href), "#/%s", mods[i]->id);
        json_array_append_new(nav, json_pack("{s:s, s:s, s:s, s:s}", "id", mods[i]->id,
                                             "label", mods[i]->label, "href", href,
                                             "right", right_id(mods[i]->right)));
    }
    labels_version(version);
    json_object_set_new(o, "rights", rights);
    json_object_set_new(o, "nav", nav);
    json_object_set_new(o, "meta_version", json_string(version));
}
