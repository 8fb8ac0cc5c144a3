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
/* The same with the persons the operation returned (who looked at whom):
 * subj[0..n) go into audit_subject beside the row, in the same
 * transaction. */
int audit_write_subjects(struct store_tx *tx, const struct lf_ctx *ctx,
                         const struct lf_who *who, const char *action,
                         const char *record, const char *detail,
                         const struct audit_subject *subj, size_t n,
                         struct lf_err *err);

/* The keyed hash that names an ID number in the audit log (CONVENTIONS.md:
 * the log keeps no ID number): BLAKE2b keyed with the deployment's secret,
 * its first 63 bits; 0 for "" or NULL. Lower-case x is read as X. */
int64_t audit_id_key(const struct lf_ctx *ctx, const char *id_number);

/* Everyone who saw a person (谁查看过此人): the audit rows naming the person
 * by id_number (its keyed hash: also searches that returned nobody) or by
 * person_id, newest first, at most 500. Needs PERM_AUDIT_READ; the read is
 * audited, its subject named. Fails LF_ERR_INVALID ("id_number") when
 * neither is given. */
int audit_person(struct lf_ctx *ctx, const struct lf_who *who, const char *id_number,
                 int64_t person_id, struct audit_list *out, struct lf_err *err);

/* A request refused 401 (a forged, expired or revoked token): one row
 * "auth.unauthorized" with the address, the route and the first 12 hex
 * digits of the token's hash (never the token), in a transaction of its
 * own. At most AUDIT_401_PER_MINUTE rows per address and minute; the
 * rest are counted, and the first 401 of that address in a later minute
 * writes one "auth.unauthorized_suppressed" row with the count. */
#define AUDIT_401_PER_MINUTE 10
void audit_unauthorized(struct lf_ctx *ctx, const char *addr, const char *token,
                        const char *route);

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
