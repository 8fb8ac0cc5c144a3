/*
 * scan.c - venue scans. See scan.h.
 *
 * The batch path is split so that the server runs everything but the
 * inserts on its worker threads, in parallel with the one writer:
 * scan_batch_validate() touches no store (ID numbers, times),
 * scan_batch_resolve() only reads (venues, persons, the insert order),
 * and scan_batch_store() on the writer makes the unknown persons and
 * inserts, 32 rows a statement, in the group commit's transaction without
 * a savepoint (STORE_WRITE_BULK). bench/README.md has the figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/op.h"
#include "core/types/audit.h"
#include "core/types/ledger.h"
#include "core/types/scan.h"
#include "core/types/venue.h"
#include "core/scan.h"
#include "core/scope.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/ledger.h"
#include "store/scan.h"
#include "store/venue.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* One scan; field names get prefix ("scans[3]." or ""). */
static int validate_one(const struct lf_ctx *ctx, const struct scan_in *in,
                        const char *prefix, int need_name, struct scan_item *out,
                        struct lf_err *err)
{
    char field[64];
    struct id_number id;
    int64_t now = lf_now(ctx);

    memset(out, 0, sizeof(*out));
    out->venue_id = in->venue_id;
    snprintf(field, sizeof(field), "%sid_number", prefix);
    if (!in->id_number || !*in->id_number)
        return lf_err_set(err, LF_ERR_INVALID, field, "is required");
    if (validate_id_number(in->id_number, lf_today_days(ctx), &id, field, err))
        return -1;
    memcpy(out->id_number, id.norm, sizeof(id.norm));
    out->sex = id.sex;
    out->birth_days = time_days_from_civil(id.year, (unsigned)id.month, (unsigned)id.day);
    snprintf(field, sizeof(field), "%sname", prefix);
    if (in->name && *in->name) {
        if (validate_name(in->name, PERSON_NAME_CHARS, field, err))
            return -1;
        snprintf(out->name, sizeof(out->name), "%s", in->name);
    } else if (need_name) {
        return lf_err_set(err, LF_ERR_INVALID, field, "is required");
    }
    snprintf(field, sizeof(field), "%sphone", prefix);
    if (in->phone && *in->phone && validate_phone(in->phone, out->phone, field, err))
        return -1;
    snprintf(field, sizeof(field), "%sat", prefix);
    if (!in->at) {
        out->at_utc = now;
    } else {
        if (validate_datetime(in->at, &out->at_utc, field, err))
            return -1;
        if (out->at_utc > now + SCAN_FUTURE_SLACK)
            return lf_err_set(err, LF_ERR_INVALID, field, "is in the future");
        if (out->at_utc < now - (int64_t)SCAN_RETENTION_DAYS * 86400)
            return lf_err_set(err, LF_ERR_INVALID, field,
                              "is older than the %d-day retention", SCAN_RETENTION_DAYS);
    }
    return 0;
}

int scan_batch_validate(const struct lf_ctx *ctx, const struct scan_in *in, size_t n,
                        struct scan_batch *out, struct lf_err *err)
{
    char prefix[32];
    size_t i;

    out->items = NULL;
    out->n = 0;
    out->order = NULL;
    out->resolved = 0;
    if (n == 0)
        return lf_err_set(err, LF_ERR_INVALID, "scans", "must not be empty");
    if (n > SCAN_BATCH_MAX)
        return lf_err_set(err, LF_ERR_INVALID, "scans", "at most %d scans in one batch",
                          SCAN_BATCH_MAX);
    out->items = xmalloc(n * sizeof(*out->items));
    for (i = 0; i < n; i++) {
        snprintf(prefix, sizeof(prefix), "scans[%zu].", i);
        if (in[i].venue_id <= 0) {
            snprintf(prefix, sizeof(prefix), "scans[%zu].venue", i);
            lf_err_set(err, LF_ERR_INVALID, prefix, "must be a venue id");
            goto fail;
        }
        if (validate_one(ctx, &in[i], prefix, 0, &out->items[i], err))
            goto fail;
    }
    out->n = n;
    return 0;
fail:
    scan_batch_free(out);
    return -1;
}

void scan_batch_free(struct scan_batch *b)
{
    free(b->items);
    free(b->order);
    b->items = NULL;
    b->order = NULL;
    b->n = 0;
    b->resolved = 0;
}

/* Venue ids seen in this batch, to look each up once. */
struct venue_seen {
    int64_t id;
    int ok;
};

/* Venue of item i is approved; the field is named only on error. */
static int venue_ok(struct store_tx *tx, struct venue_seen *cache, size_t cache_n,
                    int64_t venue_id, size_t i, struct lf_err *err)
{
    struct venue_seen *slot = &cache[(uint64_t)venue_id % cache_n];
    struct lf_err probe = LF_ERR_INIT;
    char field[40];
    int status;

    if (slot->id == venue_id && slot->ok)
        return 0;
    snprintf(field, sizeof(field), "scans[%zu].venue", i);
    if (store_venue_status(tx, venue_id, &status, &probe)) {
        if (probe.code == LF_ERR_NOTFOUND)
            return lf_err_set(err, LF_ERR_INVALID, field, "no such venue");
        *err = probe;
        return -1;
    }
    if (status != VENUE_APPROVED)
        return lf_err_set(err, LF_ERR_INVALID, field, "venue is not approved");
    slot->id = venue_id;
    slot->ok = 1;
    return 0;
}

/* Every venue of b approved, in the items' order (so the first bad item
 * is named). */
static int venues_ok(struct store_tx *tx, const struct scan_batch *b, struct lf_err *err)
{
    struct venue_seen cache[1024];
    size_t i;

    memset(cache, 0, sizeof(cache));
    for (i = 0; i < b->n; i++)
        if (venue_ok(tx, cache, sizeof(cache) / sizeof(cache[0]), b->items[i].venue_id, i, err))
            return -1;
    return 0;
}

/* Sort keys for scan_batch_resolve(): an item's index and what it is
 * sorted by. */
struct by_number {
    const char *id_number;
    uint32_t i;
};

struct by_person {
    int64_t person_id, at_utc, venue_id;
    uint32_t i;
};

static int cmp_number(const void *x, const void *y)
{
    const struct by_number *a = x, *b = y;
    int c = strcmp(a->id_number, b->id_number);

    return c ? c : (a->i > b->i) - (a->i < b->i);
}

static int cmp_person(const void *x, const void *y)
{
    const struct by_person *a = x, *b = y;

    if (a->person_id != b->person_id)
        return a->person_id < b->person_id ? -1 : 1;
    if (a->at_utc != b->at_utc)
        return a->at_utc < b->at_utc ? -1 : 1;
    if (a->venue_id != b->venue_id)
        return a->venue_id < b->venue_id ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

int scan_batch_resolve(struct lf_ctx *ctx, const struct lf_who *who, struct scan_batch *b,
                       struct lf_err *err)
{
    struct lf_err denied = LF_ERR_INIT;
    struct store_tx *tx;
    struct by_number *num = NULL;
    struct by_person *per = NULL;
    const char **distinct = NULL;
    int64_t *ids = NULL;
    size_t i, k, n_distinct = 0;
    int ret = -1;

    /* a caller who may not ingest hears so from scan_batch_store(), which
     * audits the denial, and learns nothing about venues here */
    if (scope_check(who, PERM_SCAN_INGEST, ctx->root, "scans", &denied))
        return 0;
    if (!(tx = store_begin(ctx->store, STORE_READ, err)))
        return -1;
    if (venues_ok(tx, b, err))
        goto out;
    /* by number: each distinct number looked up once, all in one statement
     * (one round trip on a server database), the index walked in order */
    num = xmalloc(b->n * sizeof(*num));
    for (i = 0; i < b->n; i++) {
        num[i].id_number = b->items[i].id_number;
        num[i].i = (uint32_t)i;
    }
    qsort(num, b->n, sizeof(*num), cmp_number);
    distinct = xmalloc(b->n * sizeof(*distinct));
    ids = xmalloc(b->n * sizeof(*ids));
    for (i = 0; i < b->n; i++)
        if (n_distinct == 0 || strcmp(num[i].id_number, distinct[n_distinct - 1]))
            distinct[n_distinct++] = num[i].id_number;
    if (store_person_ids_by_id_numbers(tx, distinct, n_distinct, ids, err))
        goto out;
    for (i = 0, k = 0; i < b->n; i++) {
        if (i > 0 && strcmp(num[i].id_number, num[i - 1].id_number))
            k++;
        b->items[num[i].i].person_id = ids[k];
    }
    /* the writer inserts by person and time: the scan_person index then
     * takes its rows page by page (the table's key, venue and time, is
     * mostly in time order already) */
    per = xmalloc(b->n * sizeof(*per));
    for (i = 0; i < b->n; i++) {
        per[i].person_id = b->items[i].person_id;
        per[i].at_utc = b->items[i].at_utc;
        per[i].venue_id = b->items[i].venue_id;
        per[i].i = (uint32_t)i;
    }
    qsort(per, b->n, sizeof(*per), cmp_person);
    free(b->order);
    b->order = xmalloc(b->n * sizeof(*b->order));
    for (i = 0; i < b->n; i++)
        b->order[i] = per[i].i;
    b->resolved = 1;
    ret = 0;
out:
    free(num);
    free(per);
    free(distinct);
    free(ids);
    store_tx_free(tx);      /* a read: nothing to commit */
    return ret;
}

/* The person of it->id_number, made (without household) when unknown. */
static int person_of(struct lf_ctx *ctx, struct store_tx *tx, const struct scan_item *it,
                     int64_t *person_id, int *made, struct lf_err *err)
{
    struct lf_err probe = LF_ERR_INIT;
    struct person p;

    *made = 0;
    if (it->person_id > 0) {     /* scan_batch_resolve() found it */
        *person_id = it->person_id;
        return 0;
    }
    if (store_person_id_by_id_number(tx, it->id_number, person_id, &probe) == 0)
        return 0;
    if (probe.code != LF_ERR_NOTFOUND) {
        *err = probe;
        return -1;
    }
    memset(&p, 0, sizeof(p));
    snprintf(p.name, sizeof(p.name), "%s", it->name[0] ? it->name : "（扫码登记）");
    memcpy(p.id_number, it->id_number, sizeof(p.id_number));
    memcpy(p.phone, it->phone, sizeof(p.phone));
    p.sex = it->sex;
    p.birth_days = it->birth_days;
    p.created_utc = lf_now(ctx);
    if (store_person_insert(tx, &p, err))
        return -1;
    *person_id = p.id;
    *made = 1;
    return 0;
}

int scan_batch_store(struct lf_ctx *ctx, const struct lf_who *who,
                     const struct scan_batch *b, struct scan_result *res,
                     struct lf_err *err)
{
    struct op op;
    struct scan_row *rows = NULL;
    char detail[96];
    size_t i;
    long added;
    int ret = -1;

    memset(res, 0, sizeof(*res));
    op_init(&op, ctx, who, "scan.ingest", "");
    /* STORE_WRITE_BULK: no savepoint in the writer's batch, so every
     * error of the input must show before the first write (the venues, in
     * a read transaction of their own unless scan_batch_resolve() checked
     * them: an approval is final, so it still holds when the writes
     * begin); after it only the store can fail, and that dooms the batch */
    if (scope_check(who, PERM_SCAN_INGEST, ctx->root, "scans", err))
        goto out;
    if (!b->resolved &&
        (op_begin(&op, STORE_READ, err) || venues_ok(op.tx, b, err) || op_commit(&op, err)))
        goto out;
    if (op_begin(&op, STORE_WRITE_BULK, err))
        goto out;
    /* the new persons first, then every row in one call: on PostgreSQL
     * one COPY for the whole batch (a chunk a call cost a COPY and an
     * INSERT ... SELECT each 256 rows), on SQLite the same 32-row INSERTs */
    rows = xmalloc((b->n ? b->n : 1) * sizeof(*rows));
    for (i = 0; i < b->n; i++) {
        const struct scan_item *it = &b->items[b->order ? b->order[i] : i];
        int made;

        rows[i].venue_id = it->venue_id;
        rows[i].at_utc = it->at_utc;
        if (person_of(ctx, op.tx, it, &rows[i].person_id, &made, err))
            goto out;
        res->new_persons += made;
    }
    if (store_scan_insert_many(op.tx, rows, b->n, &added, err))
        goto out;
    res->added = added;
    res->duplicates = (long)b->n - added;
    snprintf(detail, sizeof(detail), "scans=%zu added=%ld new_persons=%ld", b->n,
             res->added, res->new_persons);
    if (op_audit(&op, detail, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    free(rows);
    if (ret)
        memset(res, 0, sizeof(*res));
    return op_end(&op, ret, err);
}

int scan_self(struct lf_ctx *ctx, const struct scan_in *in, int64_t *venue_id_out,
              int64_t *at_out, struct lf_err *err)
{
    struct store_tx *tx = NULL;
    struct scan_item it;
    struct scan_row row;
    int status, made, added, ret = -1;

    if (!in->venue_code || !*in->venue_code)
        return lf_err_set(err, LF_ERR_INVALID, "venue", "is required");
    if (strlen(in->venue_code) > 64)
        return lf_err_set(err, LF_ERR_INVALID, "venue", "no such venue code");
    {
        struct scan_in now_in = *in;
        now_in.at = NULL;   /* the public page scans now, whatever it says */
        if (validate_one(ctx, &now_in, "", 1, &it, err))
            return -1;
    }
    if (!(tx = store_begin(ctx->store, STORE_WRITE, err)))
        goto out;
    if (store_venue_by_code(tx, in->venue_code, &it.venue_id, &status, err))
        goto out;
    if (status != VENUE_APPROVED) {
        lf_err_set(err, LF_ERR_INVALID, "venue", "venue is not approved");
        goto out;
    }
    row.venue_id = it.venue_id;
    row.at_utc = it.at_utc;
    if (person_of(ctx, tx, &it, &row.person_id, &made, err) ||
        store_scan_insert(tx, &row, &added, err) || store_commit(tx, err))
        goto out;
    *venue_id_out = it.venue_id;
    *at_out = it.at_utc;
    ret = 0;
out:
    store_tx_free(tx);
    return ret;
}

int scan_purge(struct lf_ctx *ctx, const struct lf_who *who, int days, long *deleted,
               struct lf_err *err)
{
    struct op op;
    char detail[96];
    int64_t before;
    int ret = -1;

    *deleted = 0;
    if (days < 1 || days > 3650)
        return lf_err_set(err, LF_ERR_INVALID, "days", "must be from 1 to 3650");
    /* whole days in the deployment's zone: a scan of day D goes with D+days */
    before = (lf_today_days(ctx) - days) * 86400 - TZ_SHANGHAI_OFFSET;
    op_init(&op, ctx, who, "scan.purge", "");
    if (scope_check(who, PERM_SCAN_INGEST, ctx->root, "scans", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_scan_purge(op.tx, before, deleted, err))
        goto out;
    snprintf(detail, sizeof(detail), "days=%d deleted=%ld before=%lld", days, *deleted,
             (long long)before);
    if (op_audit(&op, detail, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        *deleted = 0;
    return op_end(&op, ret, err);
}

int scan_trajectory(struct lf_ctx *ctx, const struct lf_who *who, int64_t person_id,
                    int64_t from_utc, int64_t to_utc, struct person *person_out,
                    struct scan_stop_list *out, struct lf_err *err)
{
    struct op op;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    op_init(&op, ctx, who, "trajectory.read", NULL);
    op_record(&op, "person:%lld", (long long)person_id);
    if (to_utc <= 0)
        to_utc = lf_now(ctx) + SCAN_FUTURE_SLACK;
    if (from_utc < 0 || from_utc >= to_utc) {
        lf_err_set(err, LF_ERR_INVALID, "from", "must be before to");
        goto out;
    }
    if (op_begin(&op, STORE_WRITE, err) ||
        store_person_get(op.tx, person_id, person_out, err) ||
        /* a visitor has no grid: only the deployment's top sees them */
        scope_check(who, PERM_TRAJECTORY_READ,
                    person_out->grid[0] ? person_out->grid : ctx->root, "person", err) ||
        store_scan_of_person(op.tx, person_id, from_utc, to_utc, 5000, out, err) ||
        (op_subject(&op, person_out->id, person_out->id_number), 0) ||
        op_audit(&op, "", err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        scan_stop_list_free(out);
    return op_end(&op, ret, err);
}

void scan_stop_list_free(struct scan_stop_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
