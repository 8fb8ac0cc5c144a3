/*
 * screening.h - screening rounds (第一轮、第二轮 …), door-to-door visits and
 * coverage ("不漏一户、不漏一人").
 *
 * A round covers a node's subtree; the round in force for a household is
 * the open round of the deepest node containing its grid. Each household
 * gets one visit record per round; a later visit in the same round
 * replaces the outcome (nobody home → visited). Coverage counts, for a node
 * and each of its children: households known, visited, nobody home, empty
 * houses verified, refused, not yet reached; persons registered, floating,
 * arrivals.
 */
#ifndef LF_SCREENING_H
#define LF_SCREENING_H

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/screening.h"
#include "core/labels.h"

/* Open round number N+1 for node; name optional ("第N轮排查"). Needs
 * PERM_ROUND_MANAGE. A node has at most one open round. */
int round_open(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
               const char *name, struct screening_round *out, struct lf_err *err);
int round_close(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                struct lf_err *err);
/* The round in force at code (NOTFOUND, field "round", if none). */
int round_current(struct lf_ctx *ctx, const struct lf_who *who, const char *code,
                  struct screening_round *out, struct lf_err *err);

/* Households of grid with their outcome in the round in force; todo_only:
 * those not visited yet or found nobody home. */
int visit_list(struct lf_ctx *ctx, const struct lf_who *who, const char *grid,
               int todo_only, struct screening_round *round_out,
               struct household_list *out, struct lf_err *err);
/* Record the outcome of a visit to the household in the round in force. */
int visit_record(struct lf_ctx *ctx, const struct lf_who *who, int64_t household_id,
                 int outcome, const char *remarks, struct lf_err *err);
/* The outcomes with their labels, "none" 未走访 first (labels.h). */
extern const struct lf_labels visit_outcome_labels;
/* "visited", "nobody_home", "empty", "refused" ↔ enum visit_outcome. */
int visit_outcome_from_name(const char *s);
const char *visit_outcome_name(int outcome);

/* Coverage of node and its children (by_grid: every grid below node
 * instead, each named by its path below node, "幸福社区 第一网格"), each
 * household counted in the round in force at its grid; *round_out is the
 * round in force at node itself (id 0 when none). */
int coverage_get(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                 int by_grid, struct screening_round *round_out, struct coverage *out,
                 struct lf_err *err);
void coverage_free(struct coverage *c);
void household_list_free(struct household_list *l);

#endif
