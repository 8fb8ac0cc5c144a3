/*
 * op.c - one audited operation. See op.h.
 *
 * Nothing here decides anything: the checks stay in the operations, where
 * a reader of one sees what it allows. What is here is what each of them
 * used to spell out by hand and could get wrong by one line: the audit
 * row's who, action and record written twice, the transaction freed on
 * every way out, the denial audited after the rollback and not before.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/audit.h"
#include "core/op.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "util/banned.h"

void op_init(struct op *op, struct lf_ctx *ctx, const struct lf_who *who,
             const char *action, const char *record)
{
    op->ctx = ctx;
    op->who = who;
    op->tx = NULL;
    op->action = action;
    snprintf(op->record, sizeof(op->record), "%s", record ? record : "");
    op->subj = NULL;
    op->n_subj = op->cap_subj = 0;
}

void op_subject(struct op *op, int64_t person_id, const char *id_number)
{
    struct audit_subject s = { person_id, audit_id_key(op->ctx, id_number) };
    size_t i;

    if (!s.person_id && !s.id_key)
        return;
    for (i = op->n_subj; i-- > 0 && i + 8 >= op->n_subj;)   /* a row twice in a row */
        if (op->subj[i].person_id == s.person_id && op->subj[i].id_key == s.id_key)
            return;
    if (op->n_subj == op->cap_subj) {
        op->cap_subj = op->cap_subj ? op->cap_subj * 2 : 64;
        op->subj = xrealloc(op->subj, op->cap_subj * sizeof(*op->subj));
    }
    op->subj[op->n_subj++] = s;
}

void op_record(struct op *op, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(op->record, sizeof(op->record), fmt, ap);
    va_end(ap);
}

int op_begin(struct op *op, enum store_mode mode, struct lf_err *err)
{
    if (op->tx)
        BUG("op_begin: %s has a transaction open", op->action);
    op->tx = store_begin(op->ctx->store, mode, err);
    return op->tx ? 0 : -1;
}

int op_audit(struct op *op, const char *detail, struct lf_err *err)
{
    return op_audit_as(op, op->action, detail, err);
}

int op_audit_as(struct op *op, const char *action, const char *detail, struct lf_err *err)
{
    if (!op->tx)
        BUG("op_audit: %s has no transaction", op->action);
    return audit_write_subjects(op->tx, op->ctx, op->who, action, op->record, detail,
                                op->subj, op->n_subj, err);
}

int op_commit(struct op *op, struct lf_err *err)
{
    if (!op->tx)
        BUG("op_commit: %s has no transaction", op->action);
    if (store_commit(op->tx, err))
        return -1;
    store_tx_free(op->tx);
    op->tx = NULL;
    return 0;
}

int op_end(struct op *op, int ret, const struct lf_err *err)
{
    /* a success whose writes would silently roll back */
    if (!ret && op->tx)
        BUG("op_end: %s succeeded with its transaction open", op->action);
    store_tx_free(op->tx);           /* rolls back unless committed */
    op->tx = NULL;
    free(op->subj);
    op->subj = NULL;
    op->n_subj = op->cap_subj = 0;
    if (ret)
        audit_failure(op->ctx, op->who, op->action, op->record, err);
    return ret;
}
