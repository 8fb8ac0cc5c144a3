/*
 * json.c - request decoding with jansson, and the encoders of records
 * shared by several handlers. Decoding errors name the member and the
 * reason; nothing here knows a rule of the domain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/node.h"
#include "core/role.h"
#include "http/http.h"
#include "util/timeutil.h"
#include "util/banned.h"

json_t *json_body_object(const struct http_call *c, struct lf_err *err)
{
    json_error_t je;
    json_t *root;

    if (!c->body_len) {
        lf_err_set(err, LF_ERR_INVALID, "body", "is empty; expected a JSON object");
        return NULL;
    }
    root = json_loadb(c->body, c->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        lf_err_set(err, LF_ERR_INVALID, "body", "is not valid JSON (%s at position %d)",
                   je.text, je.position);
        return NULL;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        lf_err_set(err, LF_ERR_INVALID, "body", "must be a JSON object");
        return NULL;
    }
    return root;
}

const char *json_str(json_t *obj, const char *key, int required, size_t max_bytes,
                     struct lf_err *err)
{
    json_t *v = json_object_get(obj, key);
    const char *s;

    if (!v || json_is_null(v)) {
        if (required)
            lf_err_set(err, LF_ERR_INVALID, key, "is required");
        return NULL;
    }
    if (!json_is_string(v)) {
        lf_err_set(err, LF_ERR_INVALID, key, "must be a string");
        return NULL;
    }
    s = json_string_value(v);
    if (strlen(s) != json_string_length(v)) {
        lf_err_set(err, LF_ERR_INVALID, key, "must not contain NUL characters");
        return NULL;
    }
    if (json_string_length(v) > max_bytes) {
        lf_err_set(err, LF_ERR_INVALID, key, "is too long (at most %zu bytes)", max_bytes);
        return NULL;
    }
    return s;
}

int json_bool(json_t *obj, const char *key, struct lf_err *err)
{
    json_t *v = json_object_get(obj, key);

    if (!v || json_is_null(v))
        return -1;
    if (!json_is_boolean(v)) {
        lf_err_set(err, LF_ERR_INVALID, key, "must be true or false");
        return -2;
    }
    return json_is_true(v);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int http_query(const struct http_call *c, const char *name, char *out, size_t n)
{
    const char *p = c->query;
    size_t nlen = strlen(name);

    while (p && *p) {
        const char *amp = strchr(p, '&');
        const char *end = amp ? amp : p + strlen(p);
        if ((size_t)(end - p) > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
            const char *v = p + nlen + 1;
            size_t o = 0;
            while (v < end && o + 1 < n) {
                int h1, h2;
                if (*v == '+') {
                    out[o++] = ' ';
                    v++;
                } else if (*v == '%' && end - v >= 3 && (h1 = hexval(v[1])) >= 0 &&
                           (h2 = hexval(v[2])) >= 0) {
                    out[o++] = (char)(h1 * 16 + h2);
                    v += 3;
                } else {
                    out[o++] = *v++;
                }
            }
            out[o] = '\0';
            return 1;
        }
        p = amp ? amp + 1 : NULL;
    }
    if (n)
        out[0] = '\0';
    return 0;
}

static json_t *time_json(int64_t utc)
{
    char t[40];
    return utc ? json_string(time_format_iso(utc, t, sizeof(t))) : json_null();
}

json_t *json_from_node(const struct node *n)
{
    return json_pack("{s:s, s:s, s:s, s:s?, s:b, s:i, s:o}", "code", n->code,
                     "name", n->name, "kind", node_kind_name(n->kind), "parent",
                     n->parent[0] ? n->parent : NULL, "is_real", n->is_real,
                     "n_children", n->n_children, "updated_at",
                     time_json(n->updated_utc));
}

json_t *json_from_user(const struct user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:o}", "id",
                     (json_int_t)u->id, "username", u->username, "display_name",
                     u->display_name, "role", u->role, "role_label",
                     role_label(role_from_id(u->role)), "node", u->node, "disabled",
                     u->disabled, "locked", u->locked_until > time_now_utc(),
                     "created_at", time_json(u->created_utc));
}

json_t *json_from_who(const struct lf_who *w)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)w->user_id,
                     "username", w->username, "role", role_id(w->role), "role_label",
                     role_label(w->role), "node", w->node);
}

int http_query_int(const struct http_call *c, const char *name, long long *out,
                   struct lf_err *err)
{
    char v[32];
    size_t i;

    *out = 0;
    if (!http_query(c, name, v, sizeof(v)) || !v[0])
        return 0;
    for (i = 0; v[i]; i++)
        if (v[i] < '0' || v[i] > '9' || i >= 18)
            return lf_err_set(err, LF_ERR_INVALID, name, "must be a non-negative number");
    *out = strtoll(v, NULL, 10);
    return 0;
}
