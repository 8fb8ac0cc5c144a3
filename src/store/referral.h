/*
 * store/referral.h - fever referrals (发热转诊): the store's operations, their
 * SQL in store/referral.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_REFERRAL_H
#define LF_STORE_REFERRAL_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/referral.h"

/* Fills r->id. */
int store_referral_insert(struct store_tx *tx, struct referral *r,
                          struct lf_err *err);

/* With the check's checkpoint and time; NOTFOUND (field "id") if none. */
int store_referral_get(struct store_tx *tx, int64_t id, struct referral *out,
                       struct lf_err *err);

/* Referrals of node's subtree with status (-1 = any), newest first. */
int store_referral_list(struct store_tx *tx, const char *node, int status,
                        unsigned limit, struct referral_list *out,
                        struct lf_err *err);

/* Only from status `from`; CONFLICT (field "status") if it has changed. */
int store_referral_set_status(struct store_tx *tx, int64_t id, int from, int to,
                              int64_t by, int64_t at, const char *remarks,
                              struct lf_err *err);

#endif
