/*
 * store/audit.h - the audit log: append and read, nothing else: the store's operations, their
 * SQL in store/audit.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_AUDIT_H
#define LF_STORE_AUDIT_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/audit.h"

int store_audit_insert(struct store_tx *tx, struct audit_entry *a,
                       struct lf_err *err);

int store_audit_list(struct store_tx *tx, const struct audit_filter *f,
                     struct audit_list *out, struct lf_err *err);

#endif
