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

/* Arrivals in the subtree of node arriving on or after since_days, newest first. */
int store_arrival_list(struct store_tx *tx, const char *node, int64_t since_days,
                       unsigned limit, struct arrival_list *out, struct lf_err *err);

int store_self_report_insert(struct store_tx *tx, struct self_report *r,
                             struct lf_err *err);

int store_self_report_get(struct store_tx *tx, int64_t id, struct self_report *out,
                          struct lf_err *err);

/* Reports of communities in the subtree of node with status (-1 = any). */
int store_self_report_list(struct store_tx *tx, const char *node, int status,
                           unsigned limit, struct self_report_list *out,
                           struct lf_err *err);

/* Pending → status; CONFLICT (field "id") if already decided. */
int store_self_report_decide(struct store_tx *tx, int64_t id, int status,
                             int64_t reviewer_id, int64_t at, const char *reason,
                             int64_t arrival_id, struct lf_err *err);

#endif
