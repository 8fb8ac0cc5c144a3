/*
 * ledger_transfer.c - a ledger person moving to another jurisdiction (迁出):
 * asked for here, decided by the receiving node through transfer.c, which
 * calls ledger__transfer_in() to carry the person over.
 */
#include <stdio.h>
#include <string.h>

#include "core/ledger.h"
#include "core/ledger_int.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/transfer.h"
#include "store/store.h"
#include "store/ledger.h"
#include "store/node.h"
#include "store/transfer.h"
#include "util/banned.h"

int person_transfer_out(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                        const char *to_node, const char *reason, struct transfer *out,
                        struct lf_err *err)
{
    struct op op;
    struct person p;
    struct node to;
    struct transfer pending;
    char why[TRANSFER_REASON_CHARS * 4 + 1];
    int rc, ret = -1;

    op_init(&op, ctx, who, "person.transfer", NULL);
    op_record(&op, "person:%lld", (long long)id);
    memset(out, 0, sizeof(*out));
    if (scope_need(who, PERM_LEDGER_EDIT, err) ||
        ledger__reason(reason, 1, why, sizeof(why), err))
        goto out;
    if (!to_node || !*to_node) {
        lf_err_set(err, LF_ERR_INVALID, "to_node", "is required");
        goto out;
    }
    if (op_begin(&op, STORE_WRITE, err) || store_person_get(op.tx, id, &p, err))
        goto out;
    if (p.deleted_utc || !p.household_id) {
        lf_err_set(err, LF_ERR_NOTFOUND, "id", "does not exist");
        goto out;
    }
    if (scope_check(who, PERM_LEDGER_EDIT, p.grid, "id", err) ||
        store_node_get(op.tx, to_node, &to, "to_node", err))
        goto out;
    if (scope_contains(who->node, to_node)) {
        lf_err_set(err, LF_ERR_INVALID, "to_node",
                   "is inside your jurisdiction: move the person instead");
        goto out;
    }
    if ((rc = store_transfer_pending(op.tx, TRANSFER_KIND_PERSON, id, &pending, err)) < 0)
        goto out;
    if (rc) {
        lf_err_set(err, LF_ERR_CONFLICT, "id", "already has a transfer waiting (%lld)",
                   (long long)pending.id);
        goto out;
    }
    snprintf(out->kind, sizeof(out->kind), "%s", TRANSFER_KIND_PERSON);
    out->record_id = id;
    snprintf(out->from_node, sizeof(out->from_node), "%s", p.grid);
    snprintf(out->to_node, sizeof(out->to_node), "%s", to.code);
    snprintf(out->reason, sizeof(out->reason), "%s", why);
    out->requested_by = who->user_id;
    snprintf(out->requester, sizeof(out->requester), "%s", who->username);
    out->requested_utc = lf_now(ctx);
    snprintf(out->title, sizeof(out->title), "%s", p.name);
    if (store_transfer_insert(op.tx, out, err) ||
        ledger__change(op.tx, ctx, who, id, p.household_id, "transfer_out", "to_node",
                       p.grid, to.code, why, err) ||
        op_audit(&op, to.code, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int ledger__transfer_in(struct op *op, const struct transfer *t, int64_t household_id,
                        struct lf_err *err)
{
    struct person was, now;
    struct household from, h;
    int n;

    if (household_id <= 0)
        return lf_err_set(err, LF_ERR_INVALID, "household_id", "is required");
    if (store_person_get(op->tx, t->record_id, &was, err) ||
        store_household_get(op->tx, household_id, &h, err))
        return -1;
    if (was.deleted_utc)
        return lf_err_set(err, LF_ERR_NOTFOUND, "id", "does not exist");
    if (h.deleted_utc)
        return lf_err_set(err, LF_ERR_NOTFOUND, "household_id", "does not exist");
    if (!scope_contains(t->to_node, h.grid))
        return lf_err_set(err, LF_ERR_INVALID, "household_id",
                          "must be a household of %s", t->to_node);
    if (scope_check(op->who, PERM_LEDGER_EDIT, h.grid, "household_id", err))
        return -1;
    memset(&from, 0, sizeof(from));
    if (was.household_id && store_household_get(op->tx, was.household_id, &from, err))
        return -1;
    now = was;
    now.household_id = h.id;
    snprintf(now.grid, sizeof(now.grid), "%s", h.grid);
    return ledger__write_person(op->tx, op->ctx, op->who, &was, from.address, &now,
                                h.address, "transfer_in", t->reason, &n, err);
}
