/*
 * store/retention.h - deleting personal data past its retention: the SQL
 * in store/retention.c, one kind (core/types/retention.h) a call. Each
 * takes an open transaction (store.h).
 */
#ifndef LF_STORE_RETENTION_H
#define LF_STORE_RETENTION_H
#include <stdint.h>

#include "store/store.h"
#include "core/types/retention.h"

/* Delete the rows of kind older than the cutoff: before_days (days since
 * 1970 in UTC+8) for the kinds kept by day (passes, arrivals), before_utc
 * for the others. *deleted gets the rows deleted (all tables). */
int store_retention_purge(struct store_tx *tx, enum retention_kind kind, int64_t before_days,
                          int64_t before_utc, long *deleted, struct lf_err *err);

#endif
