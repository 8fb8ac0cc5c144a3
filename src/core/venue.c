/*
 * venue.c - venue codes (场所码). See venue.h.
 *
 * Two kinds of caller meet here. An operator (PERM_VENUE_APPLY) is bound to
 * a node like every account; that node is the jurisdiction they may apply
 * in, and they see their own applications and nothing else, so their
 * queries are forced to applicant_id = their user id. A reviewer
 * (PERM_VENUE_REVIEW) sees and decides everything in their subtree. A role
 * with neither gets FORBIDDEN before the store is touched.
 *
 * The code a venue gets on approval is drawn by the store (the UNIQUE
 * index is the only judge of "free"); the scan URL is built from the
 * deployment's public address at the time of asking, so a deployment that
 * moves reprints posters without touching a row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/node.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/validate.h"
#include "core/venue.h"
#include "store/store.h"
#include "store/node.h"
#include "store/venue.h"
#include "util/token.h"
#include "util/banned.h"

#define LIST_DEFAULT 50
#define LIST_MAX 500

/* ---- types and statuses --------------------------------------------------- */

struct type_info {
    int type;
    const char *id, *label;
    int stay;
};

#define VENUE_TYPE_ROW(name, num, id, label, stay) { num, id, label, stay },
static const struct type_info types[] = { VENUE_TYPES(VENUE_TYPE_ROW) };
#undef VENUE_TYPE_ROW
#define VENUE_TYPE_NUM(name, num, id, label, stay) num,
static const int type_nums[] = { VENUE_TYPES(VENUE_TYPE_NUM) };
#undef VENUE_TYPE_NUM
#define N_TYPES (sizeof(types) / sizeof(types[0]))
#define VENUE_TYPE_LABEL(name, num, id, label, stay) { num, id, label, "" },
static const struct lf_label type_labels[] = { VENUE_TYPES(VENUE_TYPE_LABEL) };
#undef VENUE_TYPE_LABEL
const struct lf_labels venue_type_labels = LF_LABELS_OF("venue_type", type_labels);

static const struct type_info *type_info(int type)
{
    size_t i;

    for (i = 0; i < N_TYPES; i++)
        if (types[i].type == type)
            return &types[i];
    return NULL;
}

int venue_type_from_id(const char *id)
{
    size_t i;

    for (i = 0; id && i < N_TYPES; i++)
        if (strcmp(types[i].id, id) == 0)
            return types[i].type;
    return -1;
}

const char *venue_type_id(int type)
{
    const struct lf_label *l = labels_find(&venue_type_labels, type);
    return l ? l->id : NULL;
}

const char *venue_type_label(int type)
{
    const struct lf_label *l = labels_find(&venue_type_labels, type);
    return l ? l->label : NULL;
}

int venue_type_stay_minutes(int type)
{
    const struct type_info *t = type_info(type);
    return t ? t->stay : 30;
}

const int *venue_types(size_t *n_out)
{
    *n_out = N_TYPES;
    return type_nums;
}

static const struct lf_label statuses[] = {
    { VENUE_APPLIED, "applied", "待审核", "warn" },
    { VENUE_APPROVED, "approved", "已通过", "ok" },
    { VENUE_REJECTED, "rejected", "未通过", "bad" },
};
const struct lf_labels venue_status_labels = LF_LABELS_OF("venue_status", statuses);

const char *venue_status_name(int status)
{
    const struct lf_label *l = labels_find(&venue_status_labels, status);
    return l ? l->id : "applied";
}

int venue_status_from_name(const char *s)
{
    return labels_parse(&venue_status_labels, s, -1);
}

/* ---- access ----------------------------------------------------------------- */

static int is_reviewer(const struct lf_who *who)
{
    return role_has(who->role, PERM_VENUE_REVIEW);
}

/* May who see venue v? A reviewer of its node, or the operator who applied
 * (still within their jurisdiction). field names the input that led here. */
static int may_see(const struct lf_who *who, const struct venue *v, const char *field,
                   struct lf_err *err)
{
    if (is_reviewer(who))
        return scope_check(who, PERM_VENUE_REVIEW, v->node, field, err);
    if (scope_need(who, PERM_VENUE_APPLY, err))
        return -1;
    if (v->applicant_id != who->user_id || !who->user_id)
        return lf_err_set(err, LF_ERR_FORBIDDEN, field, "is not a venue you applied for");
    return scope_check(who, PERM_VENUE_APPLY, v->node, field, err);
}

/* ---- apply -------------------------------------------------------------------- */

/* s without the blanks and ideographic spaces (U+3000) that validate_name()
 * allows around a name, so " 好又多超市　" is stored as "好又多超市". */
static void trim_copy(const char *s, char *out, size_t n)
{
    const char *end = s + strlen(s);

    for (;;) {
        if (s < end && strchr(" \t\r\n", *s))
            s++;
        else if (end - s >= 3 && !memcmp(s, "\xe3\x80\x80", 3))
            s += 3;
        else if (end > s && strchr(" \t\r\n", end[-1]))
            end--;
        else if (end - s >= 3 && !memcmp(end - 3, "\xe3\x80\x80", 3))
            end -= 3;
        else
            break;
    }
    snprintf(out, n, "%.*s", (int)(end - s), s);
}

/* Everything that can be checked without the database, in form order. */
static int check_in(const struct venue_in *in, struct venue *v, struct lf_err *err)
{
    size_t i;

    memset(v, 0, sizeof(*v));
    if (validate_name(in->name, VENUE_NAME_CHARS, "name", err))
        return -1;
    if (!in->type || !*in->type)
        return lf_err_set(err, LF_ERR_INVALID, "type", "is required");
    if ((v->type = venue_type_from_id(in->type)) < 0) {
        char list[256];
        size_t o = 0;
        for (i = 0; i < N_TYPES && o < sizeof(list); i++)
            o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", i ? ", " : "",
                                  types[i].id);
        return lf_err_set(err, LF_ERR_INVALID, "type", "must be one of %s", list);
    }
    if (validate_name(in->address, ADDRESS_CHARS, "address", err))
        return -1;
    if (!in->node || !*in->node)
        return lf_err_set(err, LF_ERR_INVALID, "node", "is required");
    switch (node_kind_of_code(in->node)) {
    case NODE_TOWN:
    case NODE_COMMUNITY:
    case NODE_GRID:
        break;
    default:
        return lf_err_set(err, LF_ERR_INVALID, "node",
                          "must be the code of a town, community or grid");
    }
    if (validate_name(in->contact_name, PERSON_NAME_CHARS, "contact_name", err))
        return -1;
    if (!in->contact_phone || !*in->contact_phone)
        return lf_err_set(err, LF_ERR_INVALID, "contact_phone", "is required");
    if (validate_phone(in->contact_phone, v->contact_phone, "contact_phone", err))
        return -1;
    /* stored trimmed, as validate_name() measured them */
    trim_copy(in->name, v->name, sizeof(v->name));
    trim_copy(in->address, v->address, sizeof(v->address));
    trim_copy(in->contact_name, v->contact_name, sizeof(v->contact_name));
    snprintf(v->node, sizeof(v->node), "%s", in->node);
    return 0;
}

int venue_apply(struct lf_ctx *ctx, const struct lf_who *who, const struct venue_in *in,
                struct venue *out, struct lf_err *err)
{
    struct op op;
    struct node n;
    int ret = -1, dup;

    op_init(&op, ctx, who, "venue.apply", in->node);
    if (scope_need(who, PERM_VENUE_APPLY, err) || check_in(in, out, err) ||
        scope_check(who, PERM_VENUE_APPLY, out->node, "node", err))
        goto out;
    if (op_begin(&op, STORE_WRITE, err) ||
        store_node_get(op.tx, out->node, &n, "node", err))
        goto out;
    if ((dup = store_venue_exists(op.tx, out->node, out->name, out->address, err)) < 0)
        goto out;
    if (dup) {
        lf_err_set(err, LF_ERR_CONFLICT, "name",
                   "this venue at this address is already applied for or approved");
        goto out;
    }
    out->status = VENUE_APPLIED;
    out->applicant_id = who->user_id;
    out->created_utc = lf_now(ctx);
    if (store_venue_insert(op.tx, out, err))
        goto out;
    snprintf(out->node_name, sizeof(out->node_name), "%s", n.name);
    op_record(&op, "venue:%lld", (long long)out->id);
    if (op_audit(&op, out->node, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

/* ---- read ----------------------------------------------------------------------- */

int venue_list(struct lf_ctx *ctx, const struct lf_who *who, const struct venue_query *q,
               struct venue_list *out, struct lf_err *err)
{
    struct op op;
    struct venue_query sq = *q;
    enum lf_perm perm = is_reviewer(who) ? PERM_VENUE_REVIEW : PERM_VENUE_APPLY;
    char detail[64];
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    if (!sq.node || !*sq.node)
        sq.node = who->node;
    if (sq.limit == 0)
        sq.limit = LIST_DEFAULT;
    if (sq.limit > LIST_MAX)
        sq.limit = LIST_MAX;
    if (perm == PERM_VENUE_APPLY)
        sq.applicant_id = who->user_id ? who->user_id : -1;   /* never "anyone's" */
    snprintf(detail, sizeof(detail), "status=%s after=%lld",
             sq.status < 0 ? "any" : venue_status_name(sq.status), (long long)sq.after_id);
    op_init(&op, ctx, who, "venue.list", sq.node);
    if (scope_check(who, perm, sq.node, "node", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_venue_list(op.tx, &sq, out, err) ||
        op_audit(&op, detail, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        venue_list_free(out);
    return op_end(&op, ret, err);
}

int venue_get(struct lf_ctx *ctx, const struct lf_who *who, int64_t id, struct venue *out,
              struct lf_err *err)
{
    struct op op;
    int ret = -1;

    op_init(&op, ctx, who, "venue.read", NULL);
    op_record(&op, "venue:%lld", (long long)id);
    if (!is_reviewer(who) && scope_need(who, PERM_VENUE_APPLY, err))
        goto out;
    if (op_begin(&op, STORE_WRITE, err) ||
        store_venue_get(op.tx, id, out, err) ||
        may_see(who, out, "id", err) ||
        op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

void venue_scan_url(const struct lf_ctx *ctx, const char *code, char *url, size_t n)
{
    snprintf(url, n, "%s/scan.html?v=%s", ctx->public_url, code);
}

int venue_qr_text(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                  struct venue *out, char *url, size_t n, struct lf_err *err)
{
    struct op op;
    int ret = -1;

    op_init(&op, ctx, who, "venue.qr", NULL);
    op_record(&op, "venue:%lld", (long long)id);
    if (!is_reviewer(who) && scope_need(who, PERM_VENUE_APPLY, err))
        goto out;
    /* the image holds no personal data: a read transaction, no audit row */
    if (op_begin(&op, STORE_READ, err) ||
        store_venue_get(op.tx, id, out, err) ||
        may_see(who, out, "id", err))
        goto out;
    if (out->status != VENUE_APPROVED || !out->code[0]) {
        lf_err_set(err, LF_ERR_CONFLICT, "id", "is not approved; it has no code yet");
        goto out;
    }
    if (op_commit(&op, err))
        goto out;
    venue_scan_url(ctx, out->code, url, n);
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int venue_public_get(struct lf_ctx *ctx, const char *code, struct venue *out,
                     struct lf_err *err)
{
    struct store_tx *tx = NULL;
    struct venue v;
    int ret = -1;

    memset(out, 0, sizeof(*out));
    if (!token_is_base32(code, VENUE_CODE_LEN))
        return lf_err_set(err, LF_ERR_NOTFOUND, "code", "no such venue");
    if (!(tx = store_begin(ctx->store, STORE_READ, err)) ||
        store_venue_get_by_code(tx, code, &v, err))
        goto out;
    if (v.status != VENUE_APPROVED) {         /* cannot happen: codes come with approval */
        lf_err_set(err, LF_ERR_NOTFOUND, "code", "no such venue");
        goto out;
    }
    /* only what a poster shows anyway */
    out->id = v.id;
    out->type = v.type;
    out->status = v.status;
    snprintf(out->code, sizeof(out->code), "%s", v.code);
    snprintf(out->name, sizeof(out->name), "%s", v.name);
    snprintf(out->address, sizeof(out->address), "%s", v.address);
    snprintf(out->node, sizeof(out->node), "%s", v.node);
    snprintf(out->node_name, sizeof(out->node_name), "%s", v.node_name);
    ret = 0;
out:
    store_tx_free(tx);
    return ret;
}

/* ---- decide ---------------------------------------------------------------------- */

int venue_decide(struct lf_ctx *ctx, const struct lf_who *who, int64_t id, int approve,
                 const char *reason, struct venue *out, struct lf_err *err)
{
    struct op op;
    char code[VENUE_CODE_LEN + 1];
    int ret = -1;

    op_init(&op, ctx, who, "venue.decide", NULL);
    op_record(&op, "venue:%lld", (long long)id);
    if (scope_need(who, PERM_VENUE_REVIEW, err))
        goto out;
    if (!approve && (!reason || !*reason)) {
        lf_err_set(err, LF_ERR_INVALID, "reason", "is required to reject an application");
        goto out;
    }
    if (reason && *reason && validate_name(reason, VENUE_REASON_CHARS, "reason", err))
        goto out;
    if (op_begin(&op, STORE_WRITE, err) ||
        store_venue_get(op.tx, id, out, err) ||
        scope_check(who, PERM_VENUE_REVIEW, out->node, "id", err))
        goto out;
    if (out->status != VENUE_APPLIED) {
        lf_err_set(err, LF_ERR_CONFLICT, "id", "has already been decided");
        goto out;
    }
    if (store_venue_decide(op.tx, id, approve ? VENUE_APPROVED : VENUE_REJECTED, who->user_id,
                           lf_now(ctx), reason, code, err) ||
        store_venue_get(op.tx, id, out, err) ||
        op_audit_as(&op, approve ? "venue.approve" : "venue.reject", out->node, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

/* ---- counts ------------------------------------------------------------------------ */

static void add_counts(struct venue_count_row *to, const struct venue_count_row *from)
{
    to->applied += from->applied;
    to->approved += from->approved;
    to->rejected += from->rejected;
}

int venue_counts_get(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                     struct venue_counts *out, struct lf_err *err)
{
    struct op op;
    struct node parent;
    struct node_list kids = { NULL, 0 };
    struct venue_counts raw = { 0 };
    size_t i, j, child_len;
    int ret = -1;

    memset(out, 0, sizeof(*out));
    if (!node || !*node)
        node = who->node;
    op_init(&op, ctx, who, "venue.counts", node);
    if (scope_check(who, PERM_VENUE_REVIEW, node, "node", err) ||
        op_begin(&op, STORE_READ, err) ||
        store_node_get(op.tx, node, &parent, "node", err) ||
        store_node_children(op.tx, node, &kids, err))
        goto out;
    child_len = kids.n ? strlen(kids.items[0].code) : strlen(node);
    if (store_venue_counts(op.tx, node, child_len, &raw, err) || op_commit(&op, err))
        goto out;
    snprintf(out->total.code, sizeof(out->total.code), "%s", parent.code);
    snprintf(out->total.name, sizeof(out->total.name), "%s", parent.name);
    out->direct = out->total;
    out->children = calloc(kids.n ? kids.n : 1, sizeof(*out->children));
    if (!out->children) {
        lf_err_set(err, LF_ERR_INTERNAL, NULL, "out of memory");
        goto out;
    }
    out->n_children = kids.n;
    for (i = 0; i < kids.n; i++) {
        snprintf(out->children[i].code, NODE_CODE_MAX, "%s", kids.items[i].code);
        snprintf(out->children[i].name, sizeof(out->children[i].name), "%s",
                 kids.items[i].name);
    }
    /* every venue counts in the total; each in its child, or at the node */
    for (j = 0; j < raw.n_children; j++) {
        struct venue_count_row *into = &out->direct;
        add_counts(&out->total, &raw.children[j]);
        for (i = 0; i < kids.n; i++)
            if (strcmp(out->children[i].code, raw.children[j].code) == 0)
                into = &out->children[i];
        add_counts(into, &raw.children[j]);
    }
    ret = 0;
out:
    node_list_free(&kids);
    free(raw.children);
    if (ret)
        venue_counts_free(out);
    return op_end(&op, ret, err);
}

void venue_list_free(struct venue_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

void venue_counts_free(struct venue_counts *c)
{
    free(c->children);
    c->children = NULL;
    c->n_children = 0;
}
