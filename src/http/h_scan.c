/*
 * h_scan.c - venue scans:
 * POST /api/v1/public/scans {"venue": CODE, "name", "id_number", "phone"}
 *     (no account: the scan page; recorded at the server's time),
 * POST /api/v1/scans/batch {"scans": [{"venue": ID, "id_number", "at",
 *     "name"?, "phone"?}, ...]} (PERM_SCAN_INGEST; all or nothing),
 * POST /api/v1/scans/purge {"days": N},
 * GET /api/v1/persons/{id}/trajectory?from=&to= (ISO times; masked ID).
 *
 * The batch route is ROUTE_PREPARED: the JSON is parsed, every scan
 * validated and its person looked up on a worker thread; the writer only
 * inserts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scan.h"
#include "core/validate.h"
#include "http/http.h"
#include "util/mask.h"
#include "util/timeutil.h"
#include "util/utf8.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static const struct json_member self_members[] = {
    { "venue", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "name", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "id_number", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "phone", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_scan_self(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct scan_in in = { 0 };
    int64_t venue_id, at;
    char t[40];
    json_t *body;

    if (!(body = json_body_object(c, self_members, &err)))
        return http_reply_err(c, &err);
    in.venue_code = json_str(body, "venue", 1, 64, &err);
    in.name = json_str(body, "name", 1, PERSON_NAME_CHARS * 4, &err);
    in.id_number = json_str(body, "id_number", 1, 32, &err);
    in.phone = json_str(body, "phone", 0, 32, &err);
    if (err.code != LF_ERR_OK || scan_self(c->ctx, &in, &venue_id, &at, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 201, json_pack("{s:I, s:s}", "venue_id", (json_int_t)venue_id,
                                             "at", time_format_iso(at, t, sizeof(t))));
}

static void batch_free(void *p)
{
    scan_batch_free(p);
    free(p);
}

/*
 * The plain batch, read without jansson. A feed sends
 *   {"scans":[{"venue":12,"id_number":"…","at":"…"}, …]}
 * and jansson spends about 2 µs on each such scan (an object, a hash table
 * and a malloc per member, then freeing them): half of a worker's time per
 * scan. batch_plain() reads exactly that shape: JSON whitespace anywhere,
 * the members venue, id_number, at, name and phone in any order and each at
 * most once, venue a positive integer without sign, fraction or exponent,
 * strings without escapes or control characters, well-formed UTF-8, within
 * json_str()'s limits, "at" present. For anything else it returns 1 and
 * the body goes through jansson (batch_json()), which then produces the
 * same scans or names the error as it always did: this is a faster way to
 * the same struct scan_in array, never a second set of rules.
 *
 * The strings are NUL-terminated in place in a copy of the body (*copy,
 * the caller frees it); in[] points into it.
 */
static char *skip_ws(char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* A string starting after its opening quote: *p moves past the closing
 * one, which becomes the NUL. NULL if it is not plain or longer than max. */
static const char *plain_string(char **p, char *end, size_t max)
{
    char *s = *p, *q = s;
    int ascii = 1;

    while (q < end && *q != '"') {
        unsigned char ch = (unsigned char)*q;
        if (ch < 0x20 || ch == '\\')
            return NULL;
        if (ch >= 0x80)
            ascii = 0;
        q++;
    }
    if (q == end || (size_t)(q - s) > max || (!ascii && !utf8_valid(s, (size_t)(q - s))))
        return NULL;
    *q = '\0';
    *p = q + 1;
    return s;
}

/* One scan object starting at its '{'; *p moves past its '}'. */
static int plain_scan(char **p, char *end, struct scan_in *in)
{
    char *q = *p + 1;
    unsigned seen = 0;

    memset(in, 0, sizeof(*in));
    q = skip_ws(q, end);
    if (q < end && *q == '}')
        return 1;                   /* no "at": jansson's error */
    for (;;) {
        const char *key;
        unsigned bit;

        if (q >= end || *q != '"')
            return 1;
        q++;
        if (!(key = plain_string(&q, end, 16)))
            return 1;
        q = skip_ws(q, end);
        if (q >= end || *q != ':')
            return 1;
        q = skip_ws(q + 1, end);
        if (!strcmp(key, "venue")) {
            int64_t v = 0;
            int digits = 0;

            bit = 1;
            if (q >= end || *q < '1' || *q > '9')
                return 1;
            while (q < end && *q >= '0' && *q <= '9' && digits < 18) {
                v = v * 10 + (*q++ - '0');
                digits++;
            }
            if (q < end && ((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' || *q == 'E'))
                return 1;
            in->venue_id = v;
        } else {
            const char **slot;
            size_t max;

            if (!strcmp(key, "id_number")) {
                bit = 2, slot = &in->id_number, max = 32;
            } else if (!strcmp(key, "at")) {
                bit = 4, slot = &in->at, max = 40;
            } else if (!strcmp(key, "name")) {
                bit = 8, slot = &in->name, max = PERSON_NAME_CHARS * 4;
            } else if (!strcmp(key, "phone")) {
                bit = 16, slot = &in->phone, max = 32;
            } else {
                return 1;
            }
            if (q >= end || *q != '"')
                return 1;
            q++;
            if (!(*slot = plain_string(&q, end, max)))
                return 1;
        }
        if (seen & bit)
            return 1;               /* a duplicate: jansson's error */
        seen |= bit;
        q = skip_ws(q, end);
        if (q < end && *q == ',') {
            q = skip_ws(q + 1, end);
            continue;
        }
        if (q < end && *q == '}')
            break;
        return 1;
    }
    if (!(seen & 1) || !(seen & 4))
        return 1;
    *p = q + 1;
    return 0;
}

static int batch_plain(const struct http_call *c, char **copy, struct scan_in **in_out,
                       size_t *n_out)
{
    static const char head[] = "\"scans\"";
    struct scan_in *in = NULL;
    size_t n = 0, cap = 0;
    char *p, *end;

    *copy = NULL;
    if (!c->body_len)
        return 1;
    *copy = xmalloc(c->body_len + 1);
    memcpy(*copy, c->body, c->body_len);
    (*copy)[c->body_len] = '\0';
    p = *copy;
    end = p + c->body_len;
    p = skip_ws(p, end);
    if (p >= end || *p++ != '{')
        goto fallback;
    p = skip_ws(p, end);
    if ((size_t)(end - p) < sizeof(head) - 1 || memcmp(p, head, sizeof(head) - 1))
        goto fallback;
    p = skip_ws(p + sizeof(head) - 1, end);
    if (p >= end || *p++ != ':')
        goto fallback;
    p = skip_ws(p, end);
    if (p >= end || *p++ != '[')
        goto fallback;
    p = skip_ws(p, end);
    if (p < end && *p == ']') {
        p++;
    } else {
        for (;;) {
            if (p >= end || *p != '{' || n >= SCAN_BATCH_MAX)
                goto fallback;
            if (n == cap) {
                cap = cap ? cap * 2 : 1024;
                in = xrealloc(in, cap * sizeof(*in));
            }
            if (plain_scan(&p, end, &in[n]))
                goto fallback;
            n++;
            p = skip_ws(p, end);
            if (p < end && *p == ',') {
                p = skip_ws(p + 1, end);
                continue;
            }
            if (p < end && *p == ']') {
                p++;
                break;
            }
            goto fallback;
        }
    }
    p = skip_ws(p, end);
    if (p >= end || *p++ != '}' || skip_ws(p, end) != end)
        goto fallback;
    *in_out = in ? in : xcalloc(1, sizeof(*in));
    *n_out = n;
    return 0;
fallback:
    free(in);
    free(*copy);
    *copy = NULL;
    return 1;
}

/* The body through jansson: *body_out holds the strings in[] points to. */
static const struct json_member scan_members[] = {
    { "venue", JM_INT, JM_REQUIRED, 1, JSON_ID_MAX, NULL, NULL },
    { "id_number", JM_STRING, 0, 0, 0, NULL, NULL },
    { "name", JM_STRING, 0, 0, 0, NULL, NULL },
    { "phone", JM_STRING, 0, 0, 0, NULL, NULL },
    { "at", JM_TIME, JM_REQUIRED, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};
static const struct json_member batch_members[] = {
    { "scans", JM_ARRAY, JM_REQUIRED, 0, 0, NULL, scan_members },
    JSON_MEMBERS_END
};

static int batch_json(const struct http_call *c, json_t **body_out, struct scan_in **in_out,
                      size_t *n_out, struct lf_err *err)
{
    struct scan_in *in;
    json_t *body, *list, *item;
    size_t i, n;

    *body_out = NULL;
    *in_out = NULL;
    *n_out = 0;
    if (!(body = json_body_object(c, batch_members, err)))
        return -1;
    list = json_object_get(body, "scans");
    if (!json_is_array(list)) {
        json_decref(body);
        return lf_err_set(err, LF_ERR_INVALID, "scans", "must be an array of scans");
    }
    n = json_array_size(list);
    in = xcalloc(n ? n : 1, sizeof(*in));
    json_array_foreach(list, i, item) {
        char field[48];
        json_t *v;

        if (!json_is_object(item)) {
            snprintf(field, sizeof(field), "scans[%zu]", i);
            lf_err_set(err, LF_ERR_INVALID, field, "must be an object");
            break;
        }
        v = json_object_get(item, "venue");
        if (!json_is_integer(v) || json_integer_value(v) <= 0) {
            snprintf(field, sizeof(field), "scans[%zu].venue", i);
            lf_err_set(err, LF_ERR_INVALID, field, "must be a venue id (a number)");
            break;
        }
        in[i].venue_id = json_integer_value(v);
        /* json_str() names the member; the batch names the item too */
        in[i].id_number = json_str(item, "id_number", 0, 32, err);
        in[i].name = json_str(item, "name", 0, PERSON_NAME_CHARS * 4, err);
        in[i].phone = json_str(item, "phone", 0, 32, err);
        in[i].at = json_str(item, "at", 1, 40, err);
        if (err->code != LF_ERR_OK) {
            snprintf(field, sizeof(field), "scans[%zu].%s", i, err->field);
            snprintf(err->field, sizeof(err->field), "%s", field);
            break;
        }
    }
    *body_out = body;
    *in_out = in;
    *n_out = n;
    return err->code != LF_ERR_OK ? -1 : 0;
}

/* The plain reader's times, held to the rule batch_members holds jansson's
 * to (JM_TIME): one rule whichever reader took the body. */
static int plain_times(const struct scan_in *in, size_t n, struct lf_err *err)
{
    char field[48];
    size_t i;

    for (i = 0; i < n; i++) {
        snprintf(field, sizeof(field), "scans[%zu].at", i);
        if (json_check_time(in[i].at, field, err))
            return -1;
    }
    return 0;
}

/* Worker: JSON → validated batch in c->prepared. */
static int batch_prepare(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct scan_batch *batch = xcalloc(1, sizeof(*batch));
    struct scan_in *in = NULL;
    json_t *body = NULL;
    char *copy;
    size_t n = 0;

    if ((batch_plain(c, &copy, &in, &n) ? batch_json(c, &body, &in, &n, &err)
                                        : plain_times(in, n, &err)) ||
        scan_batch_validate(c->ctx, in, n, batch, &err) ||
        scan_batch_resolve(c->ctx, &c->who, batch, &err)) {
        scan_batch_free(batch);
        free(batch);
        free(in);
        free(copy);
        json_decref(body);
        return http_reply_err(c, &err);
    }
    free(in);
    free(copy);
    json_decref(body);  /* the batch holds copies */
    c->prepared = batch;
    c->prepared_free = batch_free;
    return 0;
}

int h_scan_batch(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct scan_result res;

    if (!c->prepared)
        return batch_prepare(c);
    if (scan_batch_store(c->ctx, &c->who, c->prepared, &res, &err))
        return http_reply_err(c, &err);
    return http_reply_json(c, 200, json_pack("{s:I, s:I, s:I}", "added", (json_int_t)res.added,
                                             "duplicates", (json_int_t)res.duplicates,
                                             "new_persons", (json_int_t)res.new_persons));
}

static const struct json_member purge_members[] = {
    { "days", JM_INT, 0, 1, 3650, NULL, NULL },
    JSON_MEMBERS_END
};

int h_scan_purge(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    json_t *body, *days;
    long deleted;

    if (!(body = json_body_object(c, purge_members, &err)))
        return http_reply_err(c, &err);
    days = json_object_get(body, "days");
    if (days && !json_is_integer(days))
        lf_err_set(&err, LF_ERR_INVALID, "days", "must be a whole number");
    if (err.code != LF_ERR_OK ||
        scan_purge(c->ctx, &c->who, days ? (int)json_integer_value(days) : SCAN_RETENTION_DAYS,
                   &deleted, &err)) {
        json_decref(body);
        return http_reply_err(c, &err);
    }
    json_decref(body);
    return http_reply_json(c, 200, json_pack("{s:I}", "deleted", (json_int_t)deleted));
}

static int time_param(struct http_call *c, const char *name, int64_t *out,
                      struct lf_err *err)
{
    char v[48];

    *out = 0;
    if (!http_query(c, name, v, sizeof(v)) || !v[0])
        return 0;
    return validate_datetime(v, out, name, err);
}

int h_trajectory(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct scan_stop_list list;
    struct person p;
    int64_t from, to;
    char *end, id[40], phone[24], t[40];
    long long pid = strtoll(c->params[0], &end, 10);
    json_t *stops;
    size_t i;

    if (*end || pid <= 0) {
        lf_err_set(&err, LF_ERR_NOTFOUND, "id", "no such person");
        return http_reply_err(c, &err);
    }
    if (time_param(c, "from", &from, &err) || time_param(c, "to", &to, &err) ||
        scan_trajectory(c->ctx, &c->who, pid, from, to, &p, &list, &err))
        return http_reply_err(c, &err);
    stops = json_array();
    for (i = 0; i < list.n; i++) {
        const struct scan_stop *s = &list.items[i];
        json_array_append_new(stops, json_pack("{s:s, s:s, s:I, s:s, s:i, s:s, s:s}", "kind",
                                               "scan", "at",
                                               time_format_iso(s->at_utc, t, sizeof(t)),
                                               "venue_id", (json_int_t)s->venue_id, "venue",
                                               s->venue_name, "venue_type", s->venue_type,
                                               "address", s->venue_address, "node",
                                               s->venue_node));
    }
    scan_stop_list_free(&list);
    mask_id_number(p.id_number, id, sizeof(id));
    mask_phone(p.phone, phone, sizeof(phone));
    return http_reply_json(c, 200,
                           json_pack("{s:{s:I, s:s, s:s, s:s, s:s}, s:o}", "person", "id",
                                     (json_int_t)p.id, "name", p.name, "id_number", id,
                                     "phone", phone, "grid", p.grid, "stops", stops));
}
