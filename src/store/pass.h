/*
 * store/pass.h - daily passes, their checks, and a person's passes for the trajectory: the store's operations, their
 * SQL in store/pass.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_PASS_H
#define LF_STORE_PASS_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/pass.h"

/* Fills p->id. */
int store_pass_insert(struct store_tx *tx, struct pass *p, struct lf_err *err);

/* With checkpoint_name filled; NOTFOUND (field) if no pass has the code. */
int store_pass_by_code(struct store_tx *tx, const char *code, struct pass *out,
                       const char *field, struct lf_err *err);

/* Fills k->id. */
int store_pass_check_insert(struct store_tx *tx, struct pass_check *k,
                            struct lf_err *err);

/* The checks of a pass, oldest first, with checkpoint_name filled. */
int store_pass_checks(struct store_tx *tx, int64_t pass_id,
                      struct pass_check_list *out, struct lf_err *err);

/* Passes submitted and checks of passes of a person (by person_id, or by
 * id_number when the pass was made before the ledger knew them) in
 * [from, to), oldest first, at most limit. */
int store_pass_stops(struct store_tx *tx, int64_t person_id, const char *id_number,
                     int64_t from_utc, int64_t to_utc, unsigned limit,
                     struct pass_stop_list *out, struct lf_err *err);

#endif
