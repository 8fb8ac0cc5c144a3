/*
 * op.h - one audited operation: the transaction of a core call, the audit
 * row that commits with it, and the audit row of its denial.
 *
 * Every core call made by a person has the same shape; this is it, once:
 *
 *     struct op op;
 *     int ret = -1;
 *
 *     op_init(&op, ctx, who, "venue.read", NULL);
 *     op_record(&op, "venue:%lld", (long long)id);
 *     if (scope_need(who, PERM_VENUE_REVIEW, err) ||   checks without the store
 *         op_begin(&op, STORE_WRITE, err) ||           one transaction
 *         store_venue_get(op.tx, id, out, err) ||       read, check, write
 *         scope_check(who, PERM_VENUE_REVIEW, out->node, "id", err) ||
 *         op_audit(&op, NULL, err) ||                   the audit row, inside it
 *         op_commit(&op, err))
 *         goto out;
 *     ret = 0;
 * out:
 *     return op_end(&op, ret, err);                     roll back; audit a denial
 *
 * The success row is written inside the transaction (op_audit()), so it
 * commits with the change or not at all. A failed operation has rolled
 * back, so op_end() writes the row of a denial (forbidden, unauthorized,
 * locked) in a transaction of its own, under the operation's action and
 * record (audit_failure()); other failures (bad input, a conflict, a busy
 * store) are not access events and leave no row. A read that shows no
 * personal data begins STORE_READ and commits without op_audit(); its
 * denial is audited all the same.
 *
 * Action and record: op_init() names both; they are the denial's and,
 * unless said otherwise, the success's. op_record() changes the record
 * once the operation knows better (the id a new row was given, the pass a
 * code stands for); op_audit_as() writes a success row under an action of
 * its own ("venue.approve" where a denial is "venue.decide"), and may be
 * called more than once.
 *
 * The caller keeps its own result (ret), so an operation may do work
 * outside its transaction (write a file, lay out a graph) or run two in
 * turn (op_commit() ends one, op_begin() opens the next): op_end() only
 * needs to know how it all came out.
 *
 * Memory: a struct op lives on the caller's stack. ctx, who and action are
 * borrowed and must outlive it (action is a string constant); the record
 * is copied. op.tx is the open transaction, NULL before op_begin() and
 * after op_commit(); op_end() frees it.
 */
#ifndef LF_OP_H
#define LF_OP_H

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/audit.h"
#include "store/store.h"

struct op {
    struct lf_ctx *ctx;
    const struct lf_who *who;
    struct store_tx *tx;                                   /* the open transaction */
    const char *action;                                    /* "venue.read" */
    char record[sizeof(((struct audit_entry *)0)->record)]; /* "venue:12", a node code */
    struct audit_subject *subj;                            /* op_subject(): the persons */
    size_t n_subj, cap_subj;                               /* the success row names */
};

/* Start an operation of who under action about record (NULL: ""). No I/O. */
void op_init(struct op *op, struct lf_ctx *ctx, const struct lf_who *who,
             const char *action, const char *record);
/* Set the record from fmt, for the rows written from now on. */
void op_record(struct op *op, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A person the operation returns or looked for (who looked at whom): the
 * ledger's person id (0: none) and the ID number ("" or NULL: none; kept
 * as its keyed hash, audit_id_key()). op_audit() writes them all beside
 * its row. A read of personal data calls it for every person it returns,
 * and a search by ID number for the number searched. */
void op_subject(struct op *op, int64_t person_id, const char *id_number);

/* Open the operation's transaction (a SAVEPOINT inside the writer's batch,
 * see store.h); one at a time. */
int op_begin(struct op *op, enum store_mode mode, struct lf_err *err);
/* The success row (action, record, success, detail) in the transaction;
 * detail may be NULL. */
int op_audit(struct op *op, const char *detail, struct lf_err *err);
int op_audit_as(struct op *op, const char *action, const char *detail,
                struct lf_err *err);
/* Commit the transaction and free it. On failure it stays for op_end(),
 * which rolls it back. */
int op_commit(struct op *op, struct lf_err *err);

/* Finish: roll back what is not committed; when ret is not 0, write the
 * row of a denial (see above). Returns ret; never changes *err. A success
 * (ret 0) has committed its transaction: one left open is a BUG(). */
int op_end(struct op *op, int ret, const struct lf_err *err);

#endif
