/*
 * ledger_int.h - what the ledger's files (ledger_edit.c, ledger_import.c)
 * and transfer.c share inside the core; not an API.
 */
#ifndef LF_LEDGER_INT_H
#define LF_LEDGER_INT_H

#include "core/ledger.h"
#include "core/types/transfer.h"
#include "store/store.h"

/* One line of history in tx by who, at now. */
int ledger__change(struct store_tx *tx, const struct lf_ctx *ctx, const struct lf_who *who,
                   int64_t person_id, int64_t household_id, const char *action,
                   const char *field, const char *old_value, const char *new_value,
                   const char *reason, struct lf_err *err);

/* Write person now over person was (same id, live): the row, the member
 * counts when the household changed, and a line of history (action,
 * reason) for each field that differs. An ID number another person holds
 * is LF_ERR_CONFLICT "id_number". *n_changed: the fields that differed
 * (0: nothing written). Addresses name the households, for the history. */
int ledger__write_person(struct store_tx *tx, const struct lf_ctx *ctx,
                         const struct lf_who *who, const struct person *was,
                         const char *was_address, struct person *now,
                         const char *now_address, const char *action, const char *reason,
                         int *n_changed, struct lf_err *err);

/* A reason the law asks for: 1-100 characters; copied trimmed to out. */
int ledger__reason(const char *reason, int required, char *out, size_t n,
                   struct lf_err *err);

/* transfer.c: accept the transfer of a person (kind "person") into
 * household_id, inside op's transaction. */
struct op;
int ledger__transfer_in(struct op *op, const struct transfer *t, int64_t household_id,
                        struct lf_err *err);

#endif
