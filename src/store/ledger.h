/*
 * store/ledger.h - households and persons of the screening ledger: the store's operations, their
 * SQL in store/ledger.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_LEDGER_H
#define LF_STORE_LEDGER_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/ledger.h"
#include "core/types/screening.h"

/* Inserts fill the new id. A duplicate ID number fails with
 * LF_ERR_CONFLICT, field "id_number". */
int store_household_insert(struct store_tx *tx, struct household *h,
                           struct lf_err *err);

int store_household_get(struct store_tx *tx, int64_t id, struct household *out,
                        struct lf_err *err);

/* The household of grid at exactly this address; NOTFOUND if none. */
int store_household_find(struct store_tx *tx, const char *grid, const char *address,
                         struct household *out, struct lf_err *err);

int store_household_add_members(struct store_tx *tx, int64_t id, int delta,
                                int64_t now, struct lf_err *err);

int store_person_insert(struct store_tx *tx, struct person *p, struct lf_err *err);

int store_person_get(struct store_tx *tx, int64_t id, struct person *out,
                     struct lf_err *err);

int store_person_list(struct store_tx *tx, const struct person_query *q,
                      struct person_list *out, struct lf_err *err);

/* Households of node's subtree with id > after_id, by id, with the head's
 * name and the head's ID number and phone in head_id / head_phone. */
int store_household_page(struct store_tx *tx, const char *node, int64_t after_id,
                         unsigned limit, struct household_list *out, struct lf_err *err);

/* The person with this (normalised) ID number; NOTFOUND if none. */
int store_person_id_by_id_number(struct store_tx *tx, const char *id_number, int64_t *id,
                                 struct lf_err *err);

/* The persons of n (normalised, distinct) ID numbers in one statement:
 * ids[i] is the id of numbers[i]'s person, 0 if none. For a batch of
 * scans on a server database, where a lookup each is a round trip each. */
int store_person_ids_by_id_numbers(struct store_tx *tx, const char *const *numbers, size_t n,
                                   int64_t *ids, struct lf_err *err);

/* The ledger's person with this (normalised) ID number; NOTFOUND if none. */
int store_person_by_id_number(struct store_tx *tx, const char *id_number,
                              struct person *out, struct lf_err *err);

/* flags |= add (enum person_flags). */
int store_person_add_flags(struct store_tx *tx, int64_t id, unsigned add,
                           int64_t now, struct lf_err *err);

/* Corrections (0012_ledger_edit.sql). Updates and deletions touch live
 * rows only: a deleted or unknown id fails with LF_ERR_NOTFOUND ("id").
 * store_person_update() writes every column of p but created_utc and
 * deleted_utc; a taken ID number is LF_ERR_CONFLICT "id_number" (check it
 * first on PostgreSQL, where the failed statement aborts the transaction).
 * store_household_update() writes grid and address, and the grid of every
 * member too. */
int store_person_update(struct store_tx *tx, const struct person *p, struct lf_err *err);
int store_person_delete(struct store_tx *tx, int64_t id, int64_t now, struct lf_err *err);
int store_household_update(struct store_tx *tx, const struct household *h,
                           struct lf_err *err);
int store_household_delete(struct store_tx *tx, int64_t id, int64_t now,
                           struct lf_err *err);
/* Members not deleted. */
int store_household_live_members(struct store_tx *tx, int64_t id, long *n,
                                 struct lf_err *err);

/* The history (ledger_history): one row in; a person's rows (person_id),
 * or a household's own rows (person_id 0), oldest first; free out->items. */
int store_ledger_change_insert(struct store_tx *tx, const struct ledger_change *c,
                               struct lf_err *err);
int store_ledger_history(struct store_tx *tx, int64_t person_id, int64_t household_id,
                         struct ledger_history *out, struct lf_err *err);

#endif
