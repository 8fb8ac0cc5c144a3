/*
 * audit.h - the audit log (审计日志): who, role, action, record, success or
 * failure, time, address. Append-only; no call here or in the store can
 * change or delete a row (the schema's triggers refuse it too).
 *
 * audit_write() runs inside the caller's transaction, so the audit row
 * commits with the change or not at all. A failed or denied operation has
 * rolled back, so its row is written afterwards in its own transaction by
 * audit_failure(). No password or token ever goes into a row. A core
 * operation calls neither itself but goes through op.h, which does both.
 */
#ifndef LF_AUDIT_H
#define LF_AUDIT_H

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/audit.h"
#include "core/labels.h"

struct store_tx;

/* What the audit page shows in words (labels.h): the actions written here
 * ("case.create" 报告病例 ...), the groups it filters by (an action
 * prefix: "case" 病例), and the short details some rows carry ("wrong
 * password" 密码错误). An action missing from the table is shown as is;
 * a module that writes a new action adds its row. */
extern const struct lf_labels audit_action_labels, audit_group_labels,
    audit_detail_labels;

void audit_list_free(struct audit_list *l);

int audit_write(struct store_tx *tx, const struct lf_ctx *ctx,
                const struct lf_who *who, const char *action,
                const char *record, int success, const char *detail,
                struct lf_err *err);

/* After a failed operation: record denials (forbidden, unauthorized,
 * locked) in their own transaction. Other failures (bad input) are not
 * access events and are not written. Never changes *err. */
void audit_failure(struct lf_ctx *ctx, const struct lf_who *who,
                   const char *action, const char *record,
                   const struct lf_err *err);

/* The audit log, newest first; needs PERM_AUDIT_READ. The read itself is
 * audited. */
int audit_list(struct lf_ctx *ctx, const struct lf_who *who,
               const struct audit_filter *f, struct audit_list *out,
               struct lf_err *err);

#endif
