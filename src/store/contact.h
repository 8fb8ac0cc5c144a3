/*
 * store/contact.h - the contacts of a case (密接): the store's operations, their
 * SQL in store/contact.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_CONTACT_H
#define LF_STORE_CONTACT_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/contact.h"

/* A proposal for (case_id, person_id): inserted (*added 1), or its
 * evidence refreshed while still proposed, or left alone once decided. */
int store_contact_put(struct store_tx *tx, const struct contact *c, int *added,
                      struct lf_err *err);

/* Contacts of a case, close ones first, with the names filled. */
int store_contact_list(struct store_tx *tx, int64_t case_id, struct contact_list *out,
                       struct lf_err *err);

int store_contact_get(struct store_tx *tx, int64_t id, struct contact *out,
                      struct lf_err *err);

/* Proposed → status; CONFLICT (field "id") if decided already. */
int store_contact_decide(struct store_tx *tx, int64_t id, int status, int64_t by,
                         int64_t at, const char *reason, struct lf_err *err);

#endif
