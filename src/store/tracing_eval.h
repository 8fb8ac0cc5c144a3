/*
 * store/tracing_eval.h - the synthetic outbreak's truth, read to measure tracing: the store's operations, their
 * SQL in store/tracing_eval.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_TRACING_EVAL_H
#define LF_STORE_TRACING_EVAL_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/tracing_eval.h"

/* Types in core/types/tracing_eval.h; lists are appended to, as above. */
struct infection_list;

/* Whether the database has an infection table (0: no outbreak was ever
 * made, or an older schema) and, if so, how many infections are detected. */
int store_eval_outbreak(struct store_tx *tx, int *has_table, long *n_detected,
                        struct lf_err *err);

/* Up to limit detected infections after the key (after_utc, after_id), in
 * order of detected_utc, then person_id. */
int store_eval_cases(struct store_tx *tx, int64_t after_utc, int64_t after_id,
                     long limit, struct infection_list *out, struct lf_err *err);

/* The infections whose infector is person_id, by person id. */
int store_eval_infectees(struct store_tx *tx, int64_t person_id,
                         struct infection_list *out, struct lf_err *err);

#endif
