/*
 * store/venue.h - venue codes (场所码): the store's operations, their
 * SQL in store/venue.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_VENUE_H
#define LF_STORE_VENUE_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/venue.h"

/* A person known to the ledger only from a scan or pass would be inserted
 * with household_id 0 (NULL). store_person_insert() of a person whose ID
 * number such a row holds gives that row the household instead (p->id is
 * the row's). */
/* Status of venue id (0 applied, 1 approved, 2 rejected); NOTFOUND. */
int store_venue_status(struct store_tx *tx, int64_t venue_id, int *status,
                       struct lf_err *err);

/* The venue of a QR code; NOTFOUND. */
int store_venue_by_code(struct store_tx *tx, const char *code, int64_t *venue_id,
                        int *status, struct lf_err *err);

/* Insert v as it is (any status), fill v->id; when v->status is
 * VENUE_APPROVED and v->code is "", a new random code is drawn into
 * v->code. Cheap enough to call many times in one transaction (the
 * synthetic city registers its venues this way). */
int store_venue_insert(struct store_tx *tx, struct venue *v, struct lf_err *err);

/* By id (NOTFOUND field "id") or by code (NOTFOUND field "code"); with
 * node_name filled. */
int store_venue_get(struct store_tx *tx, int64_t id, struct venue *out,
                    struct lf_err *err);

int store_venue_get_by_code(struct store_tx *tx, const char *code, struct venue *out,
                            struct lf_err *err);

/* Venues matching q, by id, with node_name filled. */
int store_venue_list(struct store_tx *tx, const struct venue_query *q,
                     struct venue_list *out, struct lf_err *err);

/* 1 if a venue of this node, name and address is applied for or approved,
 * else 0; -1 on error. */
int store_venue_exists(struct store_tx *tx, const char *node, const char *name,
                       const char *address, struct lf_err *err);

/* Applied → status (approved or rejected); CONFLICT (field "id") if it
 * was decided already. On approval a new random code goes into code_out
 * (VENUE_CODE_LEN + 1 bytes), else code_out gets "". */
int store_venue_decide(struct store_tx *tx, int64_t id, int status,
                       int64_t reviewer_id, int64_t at, const char *reason,
                       char *code_out, struct lf_err *err);

/* Counts by status of the subtree of code: one row per prefix of length
 * child_len (code field = that prefix; venues at code itself have the
 * shorter code), in out->children; total and direct are left alone. */
int store_venue_counts(struct store_tx *tx, const char *code, size_t child_len,
                       struct venue_counts *out, struct lf_err *err);

#endif
