/*
 * retention.h - personal data is kept for its purpose and no longer
 * (PIPL art. 19, 47): the retention periods of docs/RETENTION.md, and the
 * purge `lianfang purge KIND|all` runs from cron once a day.
 *
 * Each kind has a default period and a shortest one (a deployment may keep
 * less, never less than the law or the work needs: the audit log 183 days,
 * Cybersecurity Law art. 21). Scans are scan.h's (scan_purge()); persons
 * and households are the ledger, kept while the deployment runs.
 *
 * Only the command line (the system caller, user_id 0) purges: no account
 * can delete records. Each purge is one transaction with its audit row
 * ("retention.purge", the kind, the cutoff and the count).
 */
#ifndef LF_RETENTION_H
#define LF_RETENTION_H

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/retention.h"

struct retention_rule {
    const char *name;            /* "passes": the CLI's word */
    enum retention_kind kind;
    int days, min_days;          /* default and shortest period */
    const char *what;            /* what is deleted, for the docs and --help */
};

/* The rules, RETAIN__COUNT of them, in enum order. */
extern const struct retention_rule retention_rules[RETAIN__COUNT];

/* The rule called name, or NULL. */
const struct retention_rule *retention_find(const char *name);

/* Delete what rule's kind keeps longer than days (0: the default); fails
 * with LF_ERR_INVALID "days" below the shortest period or above 36500,
 * LF_ERR_FORBIDDEN for anyone but the system caller. */
int retention_purge(struct lf_ctx *ctx, const struct lf_who *who,
                    const struct retention_rule *rule, int days, long *deleted,
                    struct lf_err *err);

#endif
