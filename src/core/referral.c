/*
 * referral.c - fever referrals. See referral.h.
 *
 * The community is chosen when the referral is made and never moves: the
 * officers who see it are those of that node and above. A person not in
 * the ledger goes to the unit that runs the checkpoint, the nearest one
 * that can act on it; the full ID number and phone are kept (officers need
 * to call and find the person) and masked on every read by the front end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/checkpoint.h"
#include "core/node.h"
#include "core/op.h"
#include "core/referral.h"
#include "core/scope.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/node.h"
#include "store/referral.h"
#include "util/banned.h"

#define COMMUNITY_CODE_LEN 12

static const struct lf_label statuses[] = {
    { REFERRAL_PENDING, "pending", "待接收", "bad" },
    { REFERRAL_RECEIVED, "received", "已接收", "warn" },
    { REFERRAL_CLOSED, "closed", "已关闭", "muted" },
};
const struct lf_labels referral_status_labels = LF_LABELS_OF("referral_status", statuses);

const char *referral_status_name(int status)
{
    const struct lf_label *l = labels_find(&referral_status_labels, status);

    return l ? l->id : "pending";
}

int referral_status_from_name(const char *name)
{
    return labels_parse(&referral_status_labels, name, -1);
}

void referral_community_of(const char *person_grid, const char *checkpoint_node,
                           char out[NODE_CODE_MAX])
{
    const char *from = person_grid && node_kind_of_code(person_grid) == NODE_GRID
                           ? person_grid : checkpoint_node;
    size_t n = strlen(from);

    if (n > COMMUNITY_CODE_LEN)
        n = COMMUNITY_CODE_LEN;
    snprintf(out, NODE_CODE_MAX, "%.*s", (int)n, from);
}

int referral__create(struct store_tx *tx, const struct lf_ctx *ctx, const struct lf_who *who,
                     const struct pass *p, const struct pass_check *k,
                     const char *checkpoint_node, const char *person_grid,
                     struct referral *out, struct lf_err *err)
{
    struct node community;
    char record[40];

    memset(out, 0, sizeof(*out));
    out->check_id = k->id;
    out->person_id = p->person_id;
    referral_community_of(person_grid, checkpoint_node, out->community);
    if (store_node_get(tx, out->community, &community, "community", err))
        return -1;
    snprintf(out->community_name, sizeof(out->community_name), "%s", community.name);
    snprintf(out->name, sizeof(out->name), "%s", p->name);
    snprintf(out->id_number, sizeof(out->id_number), "%s", p->id_number);
    snprintf(out->phone, sizeof(out->phone), "%s", p->phone);
    out->temp_tenths = k->temp_tenths;
    out->checkpoint_id = k->checkpoint_id;
    snprintf(out->checkpoint_name, sizeof(out->checkpoint_name), "%s", k->checkpoint_name);
    out->checked_utc = k->at_utc;
    out->status = REFERRAL_PENDING;
    out->created_utc = k->at_utc;
    if (store_referral_insert(tx, out, err))
        return -1;
    snprintf(record, sizeof(record), "referral:%lld", (long long)out->id);
    return audit_write(tx, ctx, who, "referral.create", record, 1, out->community, err);
}

/* Who looked at whom (op.h): each referral's person. */
static int subjects(struct op *op, const struct referral_list *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        op_subject(op, l->items[i].person_id, l->items[i].id_number);
    return 0;
}

int referral_list(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                  int status, struct referral_list *out, struct lf_err *err)
{
    struct op op;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    if (!node || !*node)
        node = who->node;
    op_init(&op, ctx, who, "referral.list", node);
    if (scope_check(who, PERM_REFERRAL_READ, node, "node", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_referral_list(op.tx, node, status, 500, out, err) ||
        subjects(&op, out) ||
        op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        referral_list_free(out);
    return op_end(&op, ret, err);
}

int referral_update(struct lf_ctx *ctx, const struct lf_who *who, int64_t id, int status,
                    const char *remarks, struct referral *out, struct lf_err *err)
{
    struct op op;
    char trimmed[REMARKS_CHARS * 4 + 1];
    int ret = -1, from;

    op_init(&op, ctx, who, "referral.update", NULL);
    op_record(&op, "referral:%lld", (long long)id);
    if (scope_need(who, PERM_REFERRAL_READ, err))
        goto out;
    if (status != REFERRAL_RECEIVED && status != REFERRAL_CLOSED) {
        lf_err_set(err, LF_ERR_INVALID, "status", "must be received or closed");
        goto out;
    }
    if (remarks && *remarks && validate_name(remarks, REMARKS_CHARS, "remarks", err))
        goto out;
    validate_copy_trimmed(trimmed, sizeof(trimmed), remarks);
    if (op_begin(&op, STORE_WRITE, err) ||
        store_referral_get(op.tx, id, out, err) ||
        scope_check(who, PERM_REFERRAL_READ, out->community, "id", err))
        goto out;
    from = out->status;
    if (from >= status) {
        lf_err_set(err, LF_ERR_CONFLICT, "status", "is already %s",
                   referral_status_name(from));
        goto out;
    }
    if (store_referral_set_status(op.tx, id, from, status, who->user_id, lf_now(ctx), trimmed,
                                  err) ||
        store_referral_get(op.tx, id, out, err) ||
        op_audit(&op, referral_status_name(status), err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

void referral_list_free(struct referral_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
