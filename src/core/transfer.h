/*
 * transfer.h - transfers between jurisdictions (迁出 / 迁入): a record
 * handed from one node to another, which accepts or refuses it.
 *
 * One small mechanism for every module that hands records over: the
 * ledger moves a person away (kind "person", person_transfer_out() in
 * ledger.h); the quarantine module will hand its orders over the same way,
 * with a kind of its own and its branch in transfer_decide(). A transfer
 * is asked for by the sending side (its module checks the record and the
 * right), stays pending, and is decided once by an official of the
 * receiving node (PERM_LEDGER_EDIT with to_node in the jurisdiction): an
 * acceptance carries the record over (a person into a household of the
 * receiving jurisdiction), a refusal needs a note and changes nothing
 * else. A record has at most one pending transfer. Every call is one
 * transaction with its audit row; the records' histories say it too.
 */
#ifndef LF_TRANSFER_H
#define LF_TRANSFER_H

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/transfer.h"

/* Transfers to or from node's subtree (default: the caller's node), newest
 * first, at most 500; pending_only: those still waiting. Needs
 * PERM_LEDGER_READ on node. Free with transfer_list_free(). */
int transfer_list(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                  int pending_only, struct transfer_list *out, struct lf_err *err);
void transfer_list_free(struct transfer_list *l);

struct transfer_decision {
    int accept;                  /* 1 accept, 0 refuse */
    int64_t household_id;        /* kind "person", accept: where they live now */
    const char *note;            /* required to refuse */
};

/* Decide transfer id. Fails with LF_ERR_NOTFOUND "id", LF_ERR_FORBIDDEN
 * "id" (to_node outside the jurisdiction) or "household_id", LF_ERR_CONFLICT
 * "id" when already decided, LF_ERR_INVALID "note" / "household_id". */
int transfer_decide(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                    const struct transfer_decision *in, struct transfer *out,
                    struct lf_err *err);

#endif
