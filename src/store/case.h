/*
 * store/case.h - cases, their events and manual trajectory entries: the store's operations, their
 * SQL in store/case.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_CASE_H
#define LF_STORE_CASE_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/case.h"

/* Fills c->id. A person with a case (not excluded): CONFLICT "person_id". */
int store_case_insert(struct store_tx *tx, struct epi_case *c, struct lf_err *err);

/* Writes every mutable member of c (status, dates, hospital, source, link). */
int store_case_update(struct store_tx *tx, const struct epi_case *c, struct lf_err *err);

/* With the person's name, ID number, phone and grid; NOTFOUND (field). */
int store_case_get(struct store_tx *tx, int64_t id, struct epi_case *out,
                   const char *field, struct lf_err *err);

/* Cases of node's subtree with status (0 = any), newest first. */
int store_case_list(struct store_tx *tx, const char *node, int status, unsigned limit,
                    struct epi_case_list *out, struct lf_err *err);

/* Fills e->id. */
int store_case_event_insert(struct store_tx *tx, struct case_event *e, struct lf_err *err);

/* The events of a case, oldest first, with username filled. */
int store_case_events(struct store_tx *tx, int64_t case_id, struct case_event_list *out,
                      struct lf_err *err);

/* Fills e->id. */
int store_trajectory_entry_insert(struct store_tx *tx, struct trajectory_entry *e,
                                  struct lf_err *err);

/* Manual entries of a case overlapping [from, to), by from_utc. */
int store_trajectory_entries(struct store_tx *tx, int64_t case_id, int64_t from_utc,
                             int64_t to_utc, struct trajectory_entry_list *out,
                             struct lf_err *err);

#endif
