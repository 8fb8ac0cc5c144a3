/*
 * store/user.h - staff accounts: the store's operations, their
 * SQL in store/user.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_USER_H
#define LF_STORE_USER_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/user.h"

int store_user_insert(struct store_tx *tx, struct user *u, struct lf_err *err);

int store_user_get(struct store_tx *tx, int64_t id, struct user *out,
                   struct lf_err *err);

int store_user_get_by_name(struct store_tx *tx, const char *username,
                           struct user *out, struct lf_err *err);

/* Users whose node lies in the subtree of node_prefix, by username. */
int store_user_list(struct store_tx *tx, const char *node_prefix,
                    struct user_list *out, struct lf_err *err);

int store_user_login_state(struct store_tx *tx, int64_t id, int failed_count,
                           int64_t locked_until, struct lf_err *err);

int store_user_set_disabled(struct store_tx *tx, int64_t id, int disabled,
                            struct lf_err *err);

int store_user_set_password(struct store_tx *tx, int64_t id,
                            const char *pw_hash, int64_t now,
                            struct lf_err *err);

long store_user_count(struct store_tx *tx, struct lf_err *err);

#endif
