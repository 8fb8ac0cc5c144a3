/*
 * store/division.h - the national division table: the store's operations, their
 * SQL in store/division.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_DIVISION_H
#define LF_STORE_DIVISION_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/node.h"

int store_division_insert(struct store_tx *tx, const char *code,
                          const char *name, int level, struct lf_err *err);

/* 1 known, 0 unknown, -1 error. */
int store_division_known(struct store_tx *tx, const char *code,
                         struct lf_err *err);

/* Codes of every division of a level (1 province, 2 city, 3 county), in
 * code order; *out is a new array of n_out codes the caller frees. */
int store_division_codes(struct store_tx *tx, int level, char (**out)[NODE_CODE_MAX],
                         size_t *n_out, struct lf_err *err);

/* Name of a division (county, city or province) code; NOTFOUND if none. */
int store_division_name(struct store_tx *tx, const char *code, char *out, unsigned n,
                        struct lf_err *err);

#endif
