/*
 * scan.h - venue scans (扫码登记, module 4): a person scans a venue's code
 * and is recorded there at that time; batches of scans from other systems
 * come in through the API and `lianfang import scans`; scans older than the
 * retention period are purged; a person's scans are their trajectory.
 *
 * Who a scan is: the ID number. A number the ledger does not know yet (a
 * visitor from another city) gets a person row without household (sex and
 * birth date from the number), so tracing reaches them; registering them
 * in a household later keeps that row.
 *
 * Durability: every store call here runs in one transaction; on the server
 * the writer's group commit acknowledges a scan only after its commit.
 */
#ifndef LF_SCAN_H
#define LF_SCAN_H
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/ledger.h"
#include "core/types/scan.h"

#define SCAN_RETENTION_DAYS 28      /* default; `lianfang purge --days` */
#define SCAN_BATCH_MAX 100000       /* scans in one API batch */
#define SCAN_FUTURE_SLACK 300       /* seconds a clock may run ahead */

/* One scan as a client sends it; strings borrowed. */
struct scan_in {
    int64_t venue_id;       /* batches: the venue's id */
    const char *venue_code; /* the public page: the code on the poster */
    const char *id_number;
    const char *name;       /* optional in batches (a new person's name) */
    const char *phone;      /* optional */
    const char *at;         /* ISO 8601 / "YYYY-MM-DD HH:MM:SS"; NULL: now */
};

/* A scan after validation: everything the writer needs, nothing to parse. */
struct scan_item {
    int64_t venue_id;
    int64_t at_utc;
    char id_number[ID_NUMBER_MAX];
    char name[PERSON_NAME_CHARS * 4 + 1];
    char phone[PHONE_MAX];
    int sex;
    int64_t birth_days;
    int64_t person_id;      /* 0 until scan_batch_resolve() found the person */
};

struct scan_batch {
    struct scan_item *items;
    size_t n;
    uint32_t *order;        /* insert order (by person, time); NULL: as given */
    int resolved;           /* venues checked, persons looked up: scan_batch_resolve() */
};

struct scan_result {
    long added;        /* new scans */
    long duplicates;   /* already there (a batch sent again) */
    long new_persons;  /* ID numbers the ledger did not know */
};

/* Validate n scans (no store: runs on any thread). Errors name the item:
 * "scans[12].id_number". *out is freed with scan_batch_free(). */
int scan_batch_validate(const struct lf_ctx *ctx, const struct scan_in *in, size_t n,
                        struct scan_batch *out, struct lf_err *err);
void scan_batch_free(struct scan_batch *b);

/* The reads of scan_batch_store() done ahead, in one read transaction
 * on any thread with its own store (the server's workers), so that the
 * writer only inserts: every venue must exist and be approved (errors as
 * scan_batch_store()'s), the person of every ID number is looked up, and
 * the insert order is set (by person and time). Sound because neither
 * answer can change before the writer runs: an approval is final and
 * venues are not deleted; a person id, once an ID number has it, is that
 * number's for good (persons are not deleted, their number is not
 * edited: PERSON_ADOPT keys on it). Numbers not found stay 0 and
 * scan_batch_store() looks them up again and makes them. For a caller
 * without PERM_SCAN_INGEST it does nothing (scan_batch_store() refuses
 * and audits). Optional: the command line skips it. */
int scan_batch_resolve(struct lf_ctx *ctx, const struct lf_who *who, struct scan_batch *b,
                       struct lf_err *err);

/* Store a validated batch, all or nothing (PERM_SCAN_INGEST): each venue
 * must exist and be approved ("scans[i].venue"). One audit row. */
int scan_batch_store(struct lf_ctx *ctx, const struct lf_who *who,
                     const struct scan_batch *b, struct scan_result *res,
                     struct lf_err *err);

/* The public page: one person scans the code of an approved venue now.
 * name and id_number required. *venue_id_out for the reply. */
int scan_self(struct lf_ctx *ctx, const struct scan_in *in, int64_t *venue_id_out,
              int64_t *at_out, struct lf_err *err);

/* Delete scans older than days (1..3650) before now; audited with the
 * count. */
int scan_purge(struct lf_ctx *ctx, const struct lf_who *who, int days, long *deleted,
               struct lf_err *err);

/* The scans of a person in [from, to) (PERM_TRAJECTORY_READ, the person's
 * grid in the caller's jurisdiction; a person without household only for
 * callers at the deployment's root). Audited. */
int scan_trajectory(struct lf_ctx *ctx, const struct lf_who *who, int64_t person_id,
                    int64_t from_utc, int64_t to_utc, struct person *person_out,
                    struct scan_stop_list *out, struct lf_err *err);
void scan_stop_list_free(struct scan_stop_list *l);

#endif
