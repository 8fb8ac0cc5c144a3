/*
 * store/arrival.h - arrivals (来返人员) and self-reports (社区报备): the store's operations, their
 * SQL in store/arrival.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_ARRIVAL_H
#define LF_STORE_ARRIVAL_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/arrival.h"

int store_arrival_insert(struct store_tx *tx, struct arrival *a, struct lf_err *err);

/* Arrivals in the subtree of node arriving on or after since_days, placed
 * or not (enum arrival_placed), from origins of risk (-1 any): the total, and page pg sorted by pg->sort
 * (enum arrival_sort) then id; a page past the last gives the last. */
int store_arrival_page(struct store_tx *tx, const char *node, int64_t since_days,
                       int placed, int risk, const struct page_req *pg,
                       struct arrival_page *out,
                       struct lf_err *err);

int store_arrival_get(struct store_tx *tx, int64_t id, struct arrival *out,
                      struct lf_err *err);

/* Put arrival id in grid, with the ledger person (0: keep the one it has). */
int store_arrival_place(struct store_tx *tx, int64_t id, const char *grid, int64_t person_id,
                        struct lf_err *err);

int store_self_report_insert(struct store_tx *tx, struct self_report *r,
                             struct lf_err *err);

int store_self_report_get(struct store_tx *tx, int64_t id, struct self_report *out,
                          struct lf_err *err);

/* Reports of communities in the subtree of node with status (-1 = any):
 * the total and page pg (enum report_sort). */
int store_self_report_page(struct store_tx *tx, const char *node, int status,
                           const struct page_req *pg, struct self_report_page *out,
                           struct lf_err *err);

/* Pending → status; CONFLICT (field "id") if already decided. */
int store_self_report_decide(struct store_tx *tx, int64_t id, int status,
                             int64_t reviewer_id, int64_t at, const char *reason,
                             int64_t arrival_id, struct lf_err *err);

#endif
