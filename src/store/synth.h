/*
 * store/synth.h - the synthetic city's bulk reads and writes: the store's operations, their
 * SQL in store/synth.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_SYNTH_H
#define LF_STORE_SYNTH_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/synth.h"
#include "core/types/scan.h"

/* Persons with a household in node's subtree and id > after_id, by id, at
 * most n into out[]; *n_out gets how many (0: no more). */
int store_synth_persons(struct store_tx *tx, const char *node, int64_t after_id,
                        struct synth_person_row *out, size_t n, size_t *n_out,
                        struct lf_err *err);

/* Insert n scans (INSERT OR IGNORE, as store_scan_insert); *added gets
 * how many were new. One statement for the whole batch. */
int store_synth_scans(struct store_tx *tx, const struct scan_row *rows, size_t n,
                      long *added, struct lf_err *err);

/* The connection's page cache for a bulk load: mib MiB; 0 restores the
 * default. Outside a transaction or inside, either is fine. */
int store_synth_cache(struct store *s, int mib, struct lf_err *err);

/* Scans at venue_id in [from_utc, to_utc), by time, at most n into out[];
 * *n_out gets how many (the co-present of a synthetic outbreak). */
int store_synth_copresent(struct store_tx *tx, int64_t venue_id, int64_t from_utc,
                          int64_t to_utc, struct scan_row *out, size_t n, size_t *n_out,
                          struct lf_err *err);

/* Ids of the persons of household_id, by id, at most n. */
int store_synth_household(struct store_tx *tx, int64_t household_id, int64_t *ids,
                          size_t n, size_t *n_out, struct lf_err *err);

int store_synth_infection_insert(struct store_tx *tx, const struct synth_infection *in,
                                 struct lf_err *err);

#endif
