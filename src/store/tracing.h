/*
 * store/tracing.h - the contact engine's reads: the store's operations, their
 * SQL in store/tracing.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_TRACING_H
#define LF_STORE_TRACING_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/tracing.h"

/* Each appends to out (types in core/tracing.h), growing it as needed. */
struct tracing_stop_list;

struct tracing_visit_list;

struct tracing_check_list;

struct tracing_id_list;

/* Scans of person_id with from_utc <= at_utc < to_utc, oldest first, with
 * the venue's type (0 if the venue is unknown). */
int store_tracing_stops(struct store_tx *tx, int64_t person_id, int64_t from_utc,
                        int64_t to_utc, struct tracing_stop_list *out,
                        struct lf_err *err);

/* Scans at venue_id with from_utc <= at_utc <= to_utc (both included): a
 * short range of the clustered key. */
int store_tracing_visits(struct store_tx *tx, int64_t venue_id, int64_t from_utc,
                         int64_t to_utc, struct tracing_visit_list *out,
                         struct lf_err *err);

/* The other members of person_id's household, by id (none without one). */
int store_tracing_household(struct store_tx *tx, int64_t person_id,
                            struct tracing_id_list *out, struct lf_err *err);

/* Checks between from_utc and to_utc (included) of person_id's passes
 * (pass.person_id, or the person's ID number) that carry a plate. */
int store_tracing_checks_of_person(struct store_tx *tx, int64_t person_id,
                                   int64_t from_utc, int64_t to_utc,
                                   struct tracing_check_list *out,
                                   struct lf_err *err);

/* Checks between from_utc and to_utc (included) of passes with plate. */
int store_tracing_checks_of_plate(struct store_tx *tx, const char *plate,
                                  int64_t from_utc, int64_t to_utc,
                                  struct tracing_check_list *out,
                                  struct lf_err *err);

/* Each scan with from_utc <= at_utc < to_utc in key order (venue, time,
 * person): fn(arg, venue_id, at_utc, person_id); a non-zero return from
 * fn stops the walk and is returned (err left to fn). For loading the
 * engine's in-memory index (tracing_index_load). */
int store_tracing_each_scan(struct store_tx *tx, int64_t from_utc, int64_t to_utc,
                            int (*fn)(void *arg, int64_t venue_id, int64_t at_utc,
                                      int64_t person_id),
                            void *arg, struct lf_err *err);

/* Each person with a household, by household then person:
 * fn(arg, household_id, person_id), stopping as above. */
int store_tracing_each_member(struct store_tx *tx,
                              int (*fn)(void *arg, int64_t household_id,
                                        int64_t person_id),
                              void *arg, struct lf_err *err);

#endif
