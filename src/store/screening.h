/*
 * store/screening.h - screening rounds, visits and coverage: the store's operations, their
 * SQL in store/screening.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_SCREENING_H
#define LF_STORE_SCREENING_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/screening.h"

/* The number the next round of node gets (1 for the first). */
int store_round_next(struct store_tx *tx, const char *node, int *number,
                     struct lf_err *err);

/* Fills r->id. */
int store_round_insert(struct store_tx *tx, struct screening_round *r,
                       struct lf_err *err);

int store_round_get(struct store_tx *tx, int64_t id, struct screening_round *out,
                    struct lf_err *err);

/* The open round whose node contains code (the deepest one); NOTFOUND if none. */
int store_round_current(struct store_tx *tx, const char *code,
                        struct screening_round *out, struct lf_err *err);

int store_round_close(struct store_tx *tx, int64_t id, int64_t now, struct lf_err *err);

/* Households of the grid with their outcome in the round; todo_only keeps
 * those not visited yet or found nobody home. */
int store_household_list(struct store_tx *tx, const char *grid, int64_t round_id,
                         int todo_only, struct household_list *out, struct lf_err *err);

int store_visit_put(struct store_tx *tx, int64_t round_id, int64_t household_id,
                    const char *grid, int outcome, int64_t visitor_id, int64_t at,
                    const char *remarks, struct lf_err *err);

/* Totals of the subtree of code, and one row per child (code length
 * child_len). Each household counts its visit in the round in force at its
 * own grid (the deepest open round above it), so a city sees the rounds
 * its towns opened. */
int store_coverage(struct store_tx *tx, const char *code, size_t child_len,
                   struct coverage *out, struct lf_err *err);

#endif
