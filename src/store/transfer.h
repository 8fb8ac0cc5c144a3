/*
 * store/transfer.h - transfers between jurisdictions (迁出 / 迁入): the
 * store's operations, their SQL in store/transfer.c (0012_ledger_edit.sql).
 * Each takes an open transaction (store.h); errors as store.h says.
 */
#ifndef LF_STORE_TRANSFER_H
#define LF_STORE_TRANSFER_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/transfer.h"

/* Insert t (status pending); fills t->id. */
int store_transfer_insert(struct store_tx *tx, struct transfer *t, struct lf_err *err);
/* NOTFOUND "id" if none. */
int store_transfer_get(struct store_tx *tx, int64_t id, struct transfer *out,
                       struct lf_err *err);
/* The pending transfer of a record: 1 and *out, 0 if none, -1 on error. */
int store_transfer_pending(struct store_tx *tx, const char *kind, int64_t record_id,
                           struct transfer *out, struct lf_err *err);
/* Set the decision of a pending transfer; CONFLICT "id" if it is no
 * longer pending. */
int store_transfer_decide(struct store_tx *tx, const struct transfer *t,
                          struct lf_err *err);
/* Transfers to or from node's subtree, newest first, at most limit; with
 * pending_only only those pending. Free out->items. */
int store_transfer_list(struct store_tx *tx, const char *node, int pending_only,
                        unsigned limit, struct transfer_list *out, struct lf_err *err);

#endif
