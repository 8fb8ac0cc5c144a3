/*
 * arrival.h - arrivals (来返人员) and the community self-report (社区报备).
 *
 * An arrival reports themselves on a public page (no account): the report
 * goes to the community they chose by their address and waits there as a
 * task until an officer of that community (or above) confirms it — which
 * records the arrival — or rejects it with a reason. Arrivals still within
 * ARRIVAL_WATCH_DAYS of their arrival are the ones a community follows.
 *
 * An officer enters an arrival too (arrival_enter(): a checkpoint's call,
 * a list from the county). Either way an arrival is matched to the ledger
 * by ID number: a person registered in the officer's jurisdiction puts it
 * in that person's grid (placed, 已落地) and marks them PERSON_ARRIVAL;
 * else it goes to the grid given (a person is registered there when an
 * address is given), or waits in the community's queue (待落地) until an
 * officer places it in a grid (arrival_place()). Grid workers see the
 * arrivals placed in their grid. The origin's risk level is entered by
 * hand until the health-code module declares risk areas.
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
struct report_query {
    const char *node;             /* NULL or "": the caller's */
    int status;                   /* enum report_status, -1 any */
    long page, per;               /* 0: 1 and 50 */
    const char *sort;             /* "id" (default "-id"), "name",
                                     "arrival_date", "status"; '-' descending */
};

/* A page of the reports of the communities in q->node's subtree. */
int self_report_list(struct lf_ctx *ctx, const struct lf_who *who,
                     const struct report_query *q, struct self_report_page *out,
                     struct lf_err *err);
/* Confirm (records the arrival) or reject (reason required). */
int self_report_decide(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                       int confirm, const char *reason, struct self_report *out,
                       struct lf_err *err);
void self_report_page_free(struct self_report_page *p);

struct arrival_query {
    const char *node;             /* NULL or "": the caller's */
    int days;                     /* arrived within; 0: ARRIVAL_WATCH_DAYS */
    int placed;                   /* enum arrival_placed */
    int risk;                     /* enum risk_level, -1 any */
    long page, per;               /* 0: 1 and 50 */
    const char *sort;             /* "arrival_date" (default: newest first),
                                     "name", "grid", "risk_level", "id" */
};

/* A page of the arrivals in q->node's subtree. */
int arrival_list(struct lf_ctx *ctx, const struct lf_who *who,
                 const struct arrival_query *q, struct arrival_page *out,
                 struct lf_err *err);
void arrival_page_free(struct arrival_page *p);

struct arrival_in {
    const char *grid;             /* the grid they live in, if known */
    const char *community;        /* else the community whose queue gets it;
                                     neither: the caller's node */
    const char *address;          /* with a grid: registers a person the
                                     ledger does not have, in a household
                                     at this address */
    const char *name;
    const char *id_number;        /* required */
    const char *phone;            /* required */
    const char *origin_code;      /* a division code, or */
    const char *origin_name;      /* a named place */
    const char *arrival_date;     /* YYYY-MM-DD, within REPORT_MAX_AGE_DAYS */
    const char *transport;
    int risk_level;               /* enum risk_level, entered by hand */
};

struct arrival_out {
    struct arrival a;
    int matched;                  /* found in the ledger by ID number */
    int registered;               /* a person registered with it */
};

/* Enter an arrival (PERM_LEDGER_EDIT on the grid or community it goes
 * to); matched and placed as this header's top says, audited
 * "arrival.create". Errors name the field. */
int arrival_enter(struct lf_ctx *ctx, const struct lf_who *who, const struct arrival_in *in,
                  struct arrival_out *out, struct lf_err *err);
/* Place arrival id in grid (PERM_LEDGER_EDIT on where it is and on grid;
 * grid must be a grid); matched to a person of that grid by ID number.
 * Audited "arrival.place". */
int arrival_place(struct lf_ctx *ctx, const struct lf_who *who, int64_t id, const char *grid,
                  struct arrival *out, struct lf_err *err);

/* Inside the module: the ledger person with id_number registered within
 * prefix (a grid of theirs starts with it), into *p: 1 found, 0 not, -1
 * error. */
struct store_tx;
int arrival__match(struct store_tx *tx, const char *prefix, const char *id_number,
                   struct person *p, struct lf_err *err);

#endif
