/*
 * audit.c - writing and reading the audit log. See audit.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/op.h"
#include "core/scope.h"
#include "store/store.h"
#include "store/audit.h"
#include "util/banned.h"

int audit_write(struct store_tx *tx, const struct lf_ctx *ctx,
                const struct lf_who *who, const char *action,
                const char *record, int success, const char *detail,
                struct lf_err *err)
{
    struct audit_entry a;

    memset(&a, 0, sizeof(a));
    a.at_utc = lf_now(ctx);
    if (who) {
        a.user_id = who->user_id;
        snprintf(a.username, sizeof(a.username), "%s", who->username);
        snprintf(a.role, sizeof(a.role), "%s", role_id(who->role));
        snprintf(a.addr, sizeof(a.addr), "%s", who->addr);
    }
    snprintf(a.action, sizeof(a.action), "%s", action);
    snprintf(a.record, sizeof(a.record), "%s", record ? record : "");
    snprintf(a.detail, sizeof(a.detail), "%s", detail ? detail : "");
    a.success = success;
    return store_audit_insert(tx, &a, err);
}

void audit_failure(struct lf_ctx *ctx, const struct lf_who *who,
                   const char *action, const char *record,
                   const struct lf_err *failed)
{
    struct lf_err err = LF_ERR_INIT;
    struct store_tx *tx;
    char detail[256];

    if (failed->code != LF_ERR_FORBIDDEN && failed->code != LF_ERR_UNAUTHORIZED &&
        failed->code != LF_ERR_LOCKED)
        return;
    lf_err_message(failed, detail, sizeof(detail));
    if (!(tx = store_begin(ctx->store, STORE_WRITE, &err)) ||
        audit_write(tx, ctx, who, action, record, 0, detail, &err) ||
        store_commit(tx, &err)) {
        /* the store has logged why; the operation's own error stands */
    }
    store_tx_free(tx);
}

int audit_list(struct lf_ctx *ctx, const struct lf_who *who,
               const struct audit_filter *f, struct audit_list *out,
               struct lf_err *err)
{
    struct op op;
    struct audit_filter q = *f;
    char detail[96];
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    if (q.limit == 0 || q.limit > 500)
        q.limit = q.limit ? 500 : 100;
    op_init(&op, ctx, who, "audit.read", "audit");
    if (scope_need(who, PERM_AUDIT_READ, err))
        goto out;
    snprintf(detail, sizeof(detail), "before=%lld user=%lld action=%s",
             (long long)q.before_id, (long long)q.user_id,
             q.action_prefix ? q.action_prefix : "");
    if (op_begin(&op, STORE_WRITE, err) ||
        store_audit_list(op.tx, &q, out, err) ||
        op_audit(&op, detail, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        audit_list_free(out);
    return op_end(&op, ret, err);
}

void audit_list_free(struct audit_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
