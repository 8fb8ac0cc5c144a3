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
#include "core/validate.h"
#include "http/http.h"
#include "util/timeutil.h"
#include "util/banned.h"

/* A number too large for jansson ("too big integer", "real number
 * overflow") fails the whole parse; name the member it belongs to: the
 * key before the last ':' ahead of the error's position. */
static int member_before(const char *body, size_t len, size_t pos, char *out, size_t n)
{
    size_t i = pos < len ? pos : len, close, open;

    while (i > 0 && body[i - 1] != ':')
        if (body[--i] == '"' || body[i] == ',' || body[i] == '{')
            return 0;
    if (i == 0)
        return 0;
    i--;
    while (i > 0 && (body[i - 1] == ' ' || body[i - 1] == '\t' || body[i - 1] == '\n' ||
                     body[i - 1] == '\r'))
        i--;
    if (i < 2 || body[i - 1] != '"')
        return 0;
    close = i - 1;
    open = close;
    while (open > 0 && body[open - 1] != '"')
        if (body[--open] == '\\' || (unsigned char)body[open] < 0x20)
            return 0;
    if (open == 0 || close - open >= n || close == open)
        return 0;
    memcpy(out, body + open, close - open);
    out[close - open] = '\0';
    return 1;
}

static int is_digits(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* "YYYY-MM-DD" at s: 0 when the shape is right */
static int date_shape(const char *s)
{
    return !(is_digits(s, 4) && s[4] == '-' && is_digits(s + 5, 2) && s[7] == '-' &&
             is_digits(s + 8, 2));
}

int json_check_date(const char *s, const char *field, struct lf_err *err)
{
    int64_t days;

    if (strlen(s) != 10 || date_shape(s))
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must be a date written YYYY-MM-DD, such as 2026-02-03");
    return validate_date(s, &days, field, err);
}

int json_check_time(const char *s, const char *field, struct lf_err *err)
{
    const char *p = s + 16;
    int64_t utc;

    if (strlen(s) < 16 || date_shape(s) || (s[10] != 'T' && s[10] != 't') ||
        !is_digits(s + 11, 2) || s[13] != ':' || !is_digits(s + 14, 2))
        goto shape;
    if (*p == ':') {
        if (!is_digits(p + 1, 2))
            goto shape;
        p += 3;
        if (*p == '.') {                  /* a fraction, as browsers send */
            if (!is_digits(++p, 1))
                goto shape;
            while (*p >= '0' && *p <= '9')
                p++;
        }
    }
    if (*p == 'Z' || *p == 'z')
        p++;
    else if ((*p == '+' || *p == '-') && is_digits(p + 1, 2) && p[3] == ':' &&
             is_digits(p + 4, 2))
        p += 6;
    if (*p)
        goto shape;
    return validate_datetime(s, &utc, field, err);
shape:
    return lf_err_set(err, LF_ERR_INVALID, field,
                      "must be a time such as 2026-02-03T08:00 or 2026-02-03T08:00+08:00");
}

/* Check obj against members; prefix names the object ("scans[3]." or ""). */
static int check_members(json_t *obj, const struct json_member *members, const char *prefix,
                         struct lf_err *err)
{
    const struct json_member *m;
    const char *key;
    char field[96];
    json_t *v;

    json_object_foreach(obj, key, v) {
        for (m = members; m->name; m++)
            if (!strcmp(m->name, key))
                break;
        if (!m->name) {
            snprintf(field, sizeof(field), "%s%s", prefix, key);
            return lf_err_set(err, LF_ERR_INVALID, field, "is not a known member");
        }
    }
    for (m = members; m->name; m++) {
        snprintf(field, sizeof(field), "%s%s", prefix, m->name);
        v = json_object_get(obj, m->name);
        if (!v || json_is_null(v)) {
            if (m->flags & JM_REQUIRED)
                return lf_err_set(err, LF_ERR_INVALID, field, "is required");
            continue;
        }
        switch (m->type) {
        case JM_STRING:
            if (!json_is_string(v))
                return lf_err_set(err, LF_ERR_INVALID, field, "must be a string");
            break;
        case JM_BOOL:
            if (!json_is_boolean(v))
                return lf_err_set(err, LF_ERR_INVALID, field, "must be true or false");
            break;
        case JM_DATE:
        case JM_TIME:
            if (!json_is_string(v))
                return lf_err_set(err, LF_ERR_INVALID, field, "must be a string");
            if (strlen(json_string_value(v)) != json_string_length(v))
                return lf_err_set(err, LF_ERR_INVALID, field, "must not contain NUL characters");
            if ((m->type == JM_DATE ? json_check_date : json_check_time)(json_string_value(v),
                                                                         field, err))
                return -1;
            break;
        case JM_NUMBER_OR_TEXT:
            if (!json_is_number(v) && !json_is_string(v))
                return lf_err_set(err, LF_ERR_INVALID, field, "must be a number or a text");
            break;
        case JM_INT: {
            json_int_t x = json_is_integer(v) ? json_integer_value(v) : 0;
            if (m->one_of) {
                char want[24];
                const char *p = m->one_of;
                int ok = 0;
                snprintf(want, sizeof(want), "%lld", (long long)x);
                while (json_is_integer(v) && *p && !ok) {
                    size_t n = strcspn(p, ", ");
                    ok = n == strlen(want) && !memcmp(p, want, n);
                    p += n;
                    p += strspn(p, ", ");
                }
                if (!ok)
                    return lf_err_set(err, LF_ERR_INVALID, field, "must be one of these values: %s",
                                      m->one_of);
            } else if (!json_is_integer(v) || x < m->min || x > m->max) {
                return lf_err_set(err, LF_ERR_INVALID, field,
                                  "must be a whole number from %lld to %lld", m->min, m->max);
            }
            break;
        }
        case JM_ARRAY: {
            json_t *item;
            size_t i;
            char at[112];
            if (!json_is_array(v))
                return lf_err_set(err, LF_ERR_INVALID, field, "must be an array");
            json_array_foreach(v, i, item) {
                snprintf(at, sizeof(at), "%s[%zu]", field, i);
                if (!json_is_object(item))
                    return lf_err_set(err, LF_ERR_INVALID, at, "must be an object");
                snprintf(at + strlen(at), sizeof(at) - strlen(at), ".");
                if (check_members(item, m->items, at, err))
                    return -1;
            }
            break;
        }
        }
    }
    return 0;
}

json_t *json_body_object(const struct http_call *c, const struct json_member *members,
                         struct lf_err *err)
{
    json_error_t je;
    json_t *root;
    char key[64];

    if (!c->body_len) {
        lf_err_set(err, LF_ERR_INVALID, "body", "is empty; expected a JSON object");
        return NULL;
    }
    root = json_loadb(c->body, c->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if ((strstr(je.text, "too big") || strstr(je.text, "overflow")) &&
            member_before(c->body, c->body_len, (size_t)je.position, key, sizeof(key)))
            lf_err_set(err, LF_ERR_INVALID, key, "is a number too large");
        else
            lf_err_set(err, LF_ERR_INVALID, "body", "is not valid JSON (%s at position %d)",
                       je.text, je.position);
        return NULL;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        lf_err_set(err, LF_ERR_INVALID, "body", "must be a JSON object");
        return NULL;
    }
    if (check_members(root, members, "", err)) {
        json_decref(root);
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
