/*
 * h_meta.c - GET /api/v1/healthz and GET /api/v1/roles.
 */
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
