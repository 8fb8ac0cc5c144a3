/*
 * referral.h - fever referrals (发热转诊): a fever found at a checkpoint
 * goes to the community the person belongs to, which receives the person
 * (接收) and closes the case (关闭) once they are seen to.
 *
 * Which community: the community of the person's grid when their ID
 * number is in the ledger; otherwise the unit running the checkpoint (its
 * community when the checkpoint sits under one, else its town or county),
 * whose officers place the person. referral_community_of() is that rule.
 *
 * Reading and changing need PERM_REFERRAL_READ (command, town and
 * community officers, epidemiologists, medical staff) and the referral's
 * community in the caller's jurisdiction; lists are audited (personal and
 * health data). Status moves forward only: pending → received → closed,
 * or pending → closed; another move is LF_ERR_CONFLICT on "status".
 */
#ifndef LF_REFERRAL_H
#define LF_REFERRAL_H

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/node.h"
#include "core/types/pass.h"
#include "core/types/referral.h"
#include "core/labels.h"

struct store_tx;

/* The node a referral goes to: person_grid's community (its first 12
 * digits) when person_grid is a grid code; else checkpoint_node cut to a
 * community if it lies below one, or checkpoint_node itself. */
void referral_community_of(const char *person_grid, const char *checkpoint_node,
                           char out[NODE_CODE_MAX]);

/* pending 待接收, received 已接收, closed 已关闭 (labels.h). */
extern const struct lf_labels referral_status_labels;
const char *referral_status_name(int status);       /* "pending", ... */
int referral_status_from_name(const char *name);    /* -1 if unknown */

/* Referrals of node's subtree (NULL or "": the caller's) with status (-1:
 * any), newest first, at most 500. */
int referral_list(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                  int status, struct referral_list *out, struct lf_err *err);
/* Move referral id to status (received or closed), with optional remarks. */
int referral_update(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                    int status, const char *remarks, struct referral *out,
                    struct lf_err *err);
void referral_list_free(struct referral_list *l);

/* Inside pass_verify()'s transaction: refer the person of pass p, found
 * with a fever by check k at checkpoint cp (person_grid "" when not in the
 * ledger). Fills *out and writes the audit row. */
int referral__create(struct store_tx *tx, const struct lf_ctx *ctx,
                     const struct lf_who *who, const struct pass *p,
                     const struct pass_check *k, const char *checkpoint_node,
                     const char *person_grid, struct referral *out,
                     struct lf_err *err);

#endif
