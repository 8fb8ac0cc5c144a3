/*
 * store/checkpoint.h - traffic checkpoints and their daily counts: the store's operations, their
 * SQL in store/checkpoint.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_CHECKPOINT_H
#define LF_STORE_CHECKPOINT_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/checkpoint.h"

/* Fills c->id. A name already used at the node: CONFLICT "name". */
int store_checkpoint_insert(struct store_tx *tx, struct checkpoint *c,
                            struct lf_err *err);

int store_checkpoint_get(struct store_tx *tx, int64_t id, struct checkpoint *out,
                         const char *field, struct lf_err *err);

int store_checkpoint_by_code(struct store_tx *tx, const char *code,
                             struct checkpoint *out, const char *field,
                             struct lf_err *err);

/* Checkpoints of node's subtree, by node then id. */
int store_checkpoint_list(struct store_tx *tx, const char *node,
                          struct checkpoint_list *out, struct lf_err *err);

/* A row per checkpoint of node's subtree with its counts on day; total
 * left to the caller. */
int store_checkpoint_stats(struct store_tx *tx, const char *node, int64_t day,
                           struct checkpoint_stats *out, struct lf_err *err);

#endif
