/*
 * store/duty.h - the store's duty assignments (包抓、包保); their SQL is in
 * store/duty.c. Calls take an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_DUTY_H
#define LF_STORE_DUTY_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/duty.h"

/* Insert d (id and node_name filled). NOTFOUND "node" or "person_id" when
 * what it points at does not exist. */
int store_duty_insert(struct store_tx *tx, struct duty *d, struct lf_err *err);
/* NOTFOUND "id" when there is no such assignment. */
int store_duty_get(struct store_tx *tx, int64_t id, struct duty *out, struct lf_err *err);
/* The assignments of node (subtree 0) or of its subtree (node included),
 * in force only unless with_ended, by node code then id. */
int store_duty_list(struct store_tx *tx, const char *node, int subtree, int with_ended,
                    struct duty_list *out, struct lf_err *err);
/* 1 when an assignment in force has this node, person, kind and name. */
int store_duty_exists(struct store_tx *tx, const struct duty *d, struct lf_err *err);
/* End assignment id (if still in force): CONFLICT "id" when it ended. */
int store_duty_end(struct store_tx *tx, int64_t id, int64_t by, int64_t now,
                   const char *reason, struct lf_err *err);

#endif
