/*
 * arrival.h - arrivals (来返人员) and the community self-report (社区报备).
 *
 * An arrival reports themselves on a public page (no account): the report
 * goes to the community they chose by their address and waits there as a
 * task until an officer of that community (or above) confirms it — which
 * records the arrival — or rejects it with a reason. Arrivals still within
 * ARRIVAL_WATCH_DAYS of their arrival are the ones a community follows.
 */
#ifndef LF_ARRIVAL_H
#define LF_ARRIVAL_H

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/arrival.h"
#include "core/labels.h"

#define ARRIVAL_WATCH_DAYS 14
#define REPORT_MAX_AGE_DAYS 60     /* an arrival date older than this is refused */

/* The statuses of a self-report (pending 待审核, confirmed, rejected), the
 * risk levels of an arrival's origin (sent as numbers: "0" 低风险 ...),
 * and the ways of travel the report page offers (stored as the words
 * themselves: 自驾, 火车 ...; the field stays free text). labels.h. */
extern const struct lf_labels self_report_status_labels, risk_level_labels,
    transport_labels;

struct self_report_in {
    const char *community;        /* 12-digit community code */
    const char *name;
    const char *id_number;
    const char *phone;
    const char *address;          /* within the community */
    const char *origin_code;      /* a county/city/province code, or */
    const char *origin_name;      /* a named place */
    const char *arrival_date;     /* YYYY-MM-DD, not in the future */
    const char *transport;        /* optional: 自驾, 火车, 飞机 ... */
};

/* From the public page; addr is the client address for the audit log. */
int self_report_submit(struct lf_ctx *ctx, const char *addr,
                       const struct self_report_in *in, struct self_report *out,
                       struct lf_err *err);
/* Reports of the communities in node's subtree (NULL: the caller's), with
 * status (-1 any). */
int self_report_list(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                     int status, struct self_report_list *out, struct lf_err *err);
/* Confirm (records the arrival) or reject (reason required). */
int self_report_decide(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                       int confirm, const char *reason, struct self_report *out,
                       struct lf_err *err);
void self_report_list_free(struct self_report_list *l);

/* Arrivals in node's subtree that arrived within the last `days` days. */
int arrival_list(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                 int days, struct arrival_list *out, struct lf_err *err);
void arrival_list_free(struct arrival_list *l);

#endif
