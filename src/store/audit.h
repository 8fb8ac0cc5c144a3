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

/* The subjects of audit row audit_id, in one append (db_append_*). */
int store_audit_subjects_insert(struct store_tx *tx, int64_t audit_id,
                                const struct audit_subject *s, size_t n,
                                struct lf_err *err);

/* The audit rows naming a subject by person_id or id_key (0: not that
 * way), newest first, at most limit. */
int store_audit_by_subject(struct store_tx *tx, int64_t person_id, int64_t id_key,
                           unsigned limit, struct audit_list *out, struct lf_err *err);

int store_audit_list(struct store_tx *tx, const struct audit_filter *f,
                     struct audit_list *out, struct lf_err *err);

#endif
