/*
 * transfer.c - transfers between jurisdictions. See transfer.h.
 *
 * The generic half: list and decide. What an acceptance does belongs to
 * the module of the record's kind (a person: ledger__transfer_in() in
 * ledger_transfer.c), called inside the same transaction, so the transfer
 * is accepted and the record carried over together or not at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/transfer.h"
#include "core/ledger_int.h"
#include "core/op.h"
#include "core/scope.h"
#include "store/store.h"
#include "store/transfer.h"
#include "util/banned.h"

/* Who looked at whom (op.h): the person of each person transfer. */
static int transfer_subjects(struct op *op, const struct transfer_list *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (strcmp(l->items[i].kind, "person") == 0)
            op_subject(op, l->items[i].record_id, NULL);
    return 0;
}

int transfer_list(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                  int pending_only, struct transfer_list *out, struct lf_err *err)
{
    struct op op;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    if (!node || !*node)
        node = who->node;
    op_init(&op, ctx, who, "transfer.list", node);
    if (scope_check(who, PERM_LEDGER_READ, node, "node", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_transfer_list(op.tx, node, pending_only, 500, out, err) ||
        transfer_subjects(&op, out) ||
        op_audit(&op, NULL, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        transfer_list_free(out);
    return op_end(&op, ret, err);
}

void transfer_list_free(struct transfer_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

int transfer_decide(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                    const struct transfer_decision *in, struct transfer *out,
                    struct lf_err *err)
{
    struct op op;
    char note[TRANSFER_REASON_CHARS * 4 + 1];
    int ret = -1;

    op_init(&op, ctx, who, "transfer.decide", NULL);
    op_record(&op, "transfer:%lld", (long long)id);
    if (scope_need(who, PERM_LEDGER_EDIT, err) ||
        ledger__reason(in->note, !in->accept, note, sizeof(note), err)) {
        if (err->code == LF_ERR_INVALID && strcmp(err->field, "reason") == 0)
            snprintf(err->field, sizeof(err->field), "note");
        goto out;
    }
    if (op_begin(&op, STORE_WRITE, err) || store_transfer_get(op.tx, id, out, err) ||
        scope_check(who, PERM_LEDGER_EDIT, out->to_node, "id", err))
        goto out;
    if (out->status != TRANSFER_PENDING) {
        lf_err_set(err, LF_ERR_CONFLICT, "id", "is already decided");
        goto out;
    }
    out->status = in->accept ? TRANSFER_ACCEPTED : TRANSFER_REFUSED;
    out->decided_by = who->user_id;
    snprintf(out->decider, sizeof(out->decider), "%s", who->username);
    out->decided_utc = lf_now(ctx);
    snprintf(out->decide_note, sizeof(out->decide_note), "%s", note);
    if (store_transfer_decide(op.tx, out, err))
        goto out;
    if (in->accept && strcmp(out->kind, TRANSFER_KIND_PERSON) == 0 &&
        ledger__transfer_in(&op, out, in->household_id, err))
        goto out;
    if (op_audit_as(&op, in->accept ? "transfer.accept" : "transfer.refuse", out->kind, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}
