/*
 * store/scan.h - venue scans: the store's operations, their
 * SQL in store/scan.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_SCAN_H
#define LF_STORE_SCAN_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/scan.h"

/* Insert; *added 1, or 0 when the same scan is there already. */
int store_scan_insert(struct store_tx *tx, const struct scan_row *r, int *added,
                      struct lf_err *err);

/* Insert n rows, as n store_scan_insert() calls would; *added gets how
 * many were new. 32 rows go in one statement: SQLite then opens its two
 * cursors and halts once per 32 rows, not per row. */
int store_scan_insert_many(struct store_tx *tx, const struct scan_row *rows, size_t n,
                           long *added, struct lf_err *err);

/* Delete scans before before_utc; *deleted gets the count. */
int store_scan_purge(struct store_tx *tx, int64_t before_utc, long *deleted,
                     struct lf_err *err);

/* Scans of person in [from, to), oldest first, at most limit. */
int store_scan_of_person(struct store_tx *tx, int64_t person_id, int64_t from_utc,
                         int64_t to_utc, unsigned limit, struct scan_stop_list *out,
                         struct lf_err *err);

#endif
