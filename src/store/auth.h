/*
 * store/auth.h - login sessions: the store's operations, their
 * SQL in store/auth.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_AUTH_H
#define LF_STORE_AUTH_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/auth.h"

int store_session_insert(struct store_tx *tx, const struct session *s,
                         struct lf_err *err);

int store_session_get(struct store_tx *tx, const unsigned char hash[32],
                      struct session *out, struct lf_err *err);

int store_session_touch(struct store_tx *tx, const unsigned char hash[32],
                        int64_t now, struct lf_err *err);

int store_session_delete(struct store_tx *tx, const unsigned char hash[32],
                         struct lf_err *err);

int store_session_delete_user(struct store_tx *tx, int64_t user_id,
                              struct lf_err *err);

#endif
