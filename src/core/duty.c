/*
 * duty.c - duty assignments (包抓、包保). See duty.h.
 *
 * The view of a subtree lists every node down to the communities with the
 * assignments in force on each, so a town's officer sees at a glance which
 * villages have nobody answering for them: an empty row is the gap the
 * seeds' headquarters asked to close (县领导包镇、镇领导包村、不留空白).
 * Grids are left out: a village's officials answer for its grids, and a
 * town has hundreds of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duty.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/duty.h"
#include "store/ledger.h"
#include "store/node.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static const struct lf_label kinds[] = {
    { DUTY_LEAD, "lead", "包抓", "" },
    { DUTY_CARER, "carer", "包保", "" },
};
const struct lf_labels duty_kind_labels = LF_LABELS_OF("duty_kind", kinds);

const char *duty_kind_id(int kind) { return labels_id(&duty_kind_labels, kind); }
const char *duty_kind_label(int kind) { return labels_label(&duty_kind_labels, kind); }
int duty_kind_from_id(const char *id) { return labels_parse(&duty_kind_labels, id, 0); }

#define CHAIN_MAX 6             /* nodes above one: province to grid is five */

static int has(const char *s) { return s && *s; }

/* Everything in in that needs no store, into d. */
static int duty_from_in(const struct lf_ctx *ctx, const struct duty_in *in,
                        struct duty *d, struct lf_err *err)
{
    memset(d, 0, sizeof(*d));
    if (!has(in->node))
        return lf_err_set(err, LF_ERR_INVALID, "node", "is required");
    snprintf(d->node, sizeof(d->node), "%s", in->node);
    d->kind = has(in->kind) ? duty_kind_from_id(in->kind) : DUTY_LEAD;
    if (!d->kind)
        return lf_err_set(err, LF_ERR_INVALID, "kind", "must be lead or carer");
    if (d->kind == DUTY_CARER && !in->person_id)
        return lf_err_set(err, LF_ERR_INVALID, "person_id", "is required for a carer");
    d->person_id = in->person_id;
    if (validate_name(in->name, PERSON_NAME_CHARS, "name", err) ||
        (has(in->title) && validate_name(in->title, DUTY_TITLE_CHARS, "title", err)) ||
        validate_phone(in->phone, d->phone, "phone", err))
        return -1;
    validate_copy_trimmed(d->name, sizeof(d->name), in->name);
    validate_copy_trimmed(d->title, sizeof(d->title), has(in->title) ? in->title : "");
    if (has(in->from)) {
        if (validate_date(in->from, &d->from_days, "from", err))
            return -1;
    } else {
        d->from_days = lf_today_days(ctx);
    }
    return 0;
}

int duty_assign(struct lf_ctx *ctx, const struct lf_who *who, const struct duty_in *in,
                struct duty *out, struct lf_err *err)
{
    struct node n;
    struct person p;
    struct op op;
    int ret = -1, dup;

    op_init(&op, ctx, who, "duty.assign", in->node);
    if (scope_need(who, PERM_DUTY_ASSIGN, err) || duty_from_in(ctx, in, out, err) ||
        scope_check(who, PERM_DUTY_ASSIGN, out->node, "node", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_node_get(op.tx, out->node, &n, "node", err))
        goto out;
    if (out->person_id) {
        if (store_person_get(op.tx, out->person_id, &p, err)) {
            if (err->code == LF_ERR_NOTFOUND) {       /* the store names it "id" */
                lf_err_clear(err);
                lf_err_set(err, LF_ERR_NOTFOUND, "person_id", "does not exist");
            }
            goto out;
        }
        if (!scope_contains(out->node, p.grid)) {
            lf_err_set(err, LF_ERR_INVALID, "person_id", "is not a person of node %s",
                       out->node);
            goto out;
        }
    }
    if ((dup = store_duty_exists(op.tx, out, err)) < 0)
        goto out;
    if (dup) {
        lf_err_set(err, LF_ERR_CONFLICT, "name", "already answers for it");
        goto out;
    }
    out->assigned_by = who->user_id;
    out->created_utc = lf_now(ctx);
    if (store_duty_insert(op.tx, out, err))
        goto out;
    op_record(&op, "duty:%lld", (long long)out->id);
    if (op_audit(&op, out->node, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int duty_end(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
             const char *reason, struct duty *out, struct lf_err *err)
{
    char why[DUTY_REASON_CHARS * 4 + 1];
    struct op op;
    int ret = -1;

    op_init(&op, ctx, who, "duty.end", NULL);
    op_record(&op, "duty:%lld", (long long)id);
    if (scope_need(who, PERM_DUTY_ASSIGN, err))
        goto out;
    if (!has(reason)) {
        lf_err_set(err, LF_ERR_INVALID, "reason", "is required");
        goto out;
    }
    if (validate_name(reason, DUTY_REASON_CHARS, "reason", err))
        goto out;
    validate_copy_trimmed(why, sizeof(why), reason);
    if (op_begin(&op, STORE_WRITE, err) ||
        store_duty_get(op.tx, id, out, err) ||
        scope_check(who, PERM_DUTY_ASSIGN, out->node, "id", err) ||
        store_duty_end(op.tx, id, who->user_id, lf_now(ctx), why, err) ||
        store_duty_get(op.tx, id, out, err) ||
        op_audit(&op, out->node, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

/* Append the duties of one node (subtree 0) or of a subtree to out. */
static int add_duties(struct store_tx *tx, const char *code, int subtree, int with_ended,
                      struct duty_list *out, struct lf_err *err)
{
    struct duty_list more;

    if (store_duty_list(tx, code, subtree, with_ended, &more, err))
        return -1;
    if (more.n) {
        out->items = xrealloc(out->items, (out->n + more.n) * sizeof(*out->items));
        memcpy(out->items + out->n, more.items, more.n * sizeof(*more.items));
        out->n += more.n;
    }
    free(more.items);
    return 0;
}

int duty_view(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
              int with_ended, struct duty_view *out, struct lf_err *err)
{
    struct node_list below = { NULL, 0 };
    struct node here, up, chain[CHAIN_MAX];
    struct op op;
    size_t i;
    int ret = -1, depth;

    memset(out, 0, sizeof(*out));
    if (!has(node))
        node = who->node;
    op_init(&op, ctx, who, "duty.list", node);
    if (scope_check(who, PERM_DUTY_READ, node, "node", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_node_get(op.tx, node, &here, "node", err))
        goto out;
    /* the chain above, nearest first: at most the five levels of the tree */
    for (depth = 0, up = here; up.parent[0] && depth < CHAIN_MAX; depth++) {
        if (store_node_get(op.tx, up.parent, &chain[depth], "node", err))
            goto out;
        up = chain[depth];
    }
    out->nodes.items = xcalloc((size_t)depth + 1, sizeof(*out->nodes.items));
    for (i = 0; i < (size_t)depth; i++) {         /* root first: by code */
        out->nodes.items[i] = chain[depth - 1 - (int)i];
        if (add_duties(op.tx, out->nodes.items[i].code, 0, with_ended, &out->duties, err))
            goto out;
    }
    out->nodes.n = out->n_above = (size_t)depth;
    out->nodes.items[out->nodes.n++] = here;
    if (here.kind < NODE_GRID) {
        if (store_node_subtree(op.tx, node, &below, err))
            goto out;
        out->nodes.items = xrealloc(out->nodes.items,
                                    (out->nodes.n + below.n) * sizeof(*out->nodes.items));
        for (i = 0; i < below.n; i++)
            if (below.items[i].kind != NODE_GRID)
                out->nodes.items[out->nodes.n++] = below.items[i];
    }
    if (add_duties(op.tx, node, 1, with_ended, &out->duties, err) ||
        op_audit(&op, with_ended ? "ended" : NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    free(below.items);
    if (ret)
        duty_view_free(out);
    return op_end(&op, ret, err);
}

void duty_view_free(struct duty_view *v)
{
    free(v->nodes.items);
    free(v->duties.items);
    memset(v, 0, sizeof(*v));
}
