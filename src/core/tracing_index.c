/*
 * tracing_index.c - the contact engine's in-memory index (tracing.h).
 *
 * Measured first (bench/README.md, "tracing"): through SQLite a case costs
 * about as much as the plain-SQL self-join, because both spend their time
 * stepping rows of the same short key ranges (~0.15 us a row), and the
 * secondary contacts cost one household query per close contact. Here the
 * scans of a range of past days are two flat arrays in the clustered key's
 * order (venue, time): venue v's scans are at[venue_start[v] ..
 * venue_start[v + 1]), so a probe is a binary search and a walk over
 * adjacent 4-byte values. Households are a person → household array and
 * the members of each household in one array (compressed rows).
 *
 * Loading walks the scan table once in key order (store_tracing_each_scan),
 * appending; ids above 2^32 - 2 or more than max_bytes refuse the load.
 * Once loaded nothing changes it, so threads share it without locks.
 */
#include <stdlib.h>
#include <string.h>

#include "core/tracing.h"
#include "store/store.h"
#include "store/tracing.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct tracing_index {
    int64_t from_utc, to_utc;   /* scans with from_utc <= at_utc < to_utc */
    uint32_t *venue_start;      /* [n_venues + 1]: venue v's slice */
    uint32_t n_venues;          /* venue ids below this have a slice */
    uint32_t *at;               /* at_utc - from_utc */
    uint32_t *person;
    size_t n_scans, cap_scans;
    uint32_t *household_of;     /* [n_persons]: 0 = none */
    uint32_t n_persons;         /* person ids below this are known */
    uint32_t *hh_start;         /* [n_households + 1] */
    uint32_t *hh_member;
    uint32_t n_households;
    size_t n_members, cap_members, cap_venues, cap_households;
    size_t max_bytes;
    struct lf_err *err;         /* while loading */
};

size_t tracing_index_bytes(const struct tracing_index *ix)
{
    return ix->cap_scans * 8 + ix->cap_venues * 4 + (size_t)ix->n_persons * 4 +
           ix->cap_households * 4 + ix->cap_members * 4;
}

size_t tracing_index_scans(const struct tracing_index *ix)
{
    return ix->n_scans;
}

static int too_large(struct tracing_index *ix)
{
    return lf_err_set(ix->err, LF_ERR_TOOLARGE, "tracing_index",
                      "more than %zu MB", ix->max_bytes >> 20);
}

/* Grow a uint32_t array to hold need items (doubling). */
static int grow(struct tracing_index *ix, uint32_t **a, size_t *cap, size_t need,
                size_t item_bytes)
{
    size_t n = *cap ? *cap : 1024;

    if (need <= *cap)
        return 0;
    while (n < need)
        n *= 2;
    if (tracing_index_bytes(ix) + (n - *cap) * item_bytes > ix->max_bytes)
        return too_large(ix);
    *a = xrealloc(*a, n * sizeof(**a));
    *cap = n;
    return 0;
}

static int add_scan(void *arg, int64_t venue_id, int64_t at_utc, int64_t person_id)
{
    struct tracing_index *ix = arg;
    size_t cap;

    if (venue_id < 0 || venue_id >= UINT32_MAX - 1 || person_id < 0 ||
        person_id >= UINT32_MAX)
        return lf_err_set(ix->err, LF_ERR_TOOLARGE, "tracing_index",
                          "ids beyond 32 bits");
    /* venues up to this one start here (the walk is in venue order) */
    if ((uint32_t)venue_id >= ix->n_venues) {
        if (grow(ix, &ix->venue_start, &ix->cap_venues, (size_t)venue_id + 2, 4))
            return -1;
        while (ix->n_venues <= (uint32_t)venue_id)
            ix->venue_start[ix->n_venues++] = (uint32_t)ix->n_scans;
    }
    if (ix->n_scans == ix->cap_scans) {
        if (ix->n_scans >= UINT32_MAX - 1)
            return too_large(ix);
        cap = ix->cap_scans;
        if (grow(ix, &ix->at, &cap, ix->n_scans + 1, 8))
            return -1;
        ix->person = xrealloc(ix->person, cap * sizeof(*ix->person));
        ix->cap_scans = cap;
    }
    ix->at[ix->n_scans] = (uint32_t)(at_utc - ix->from_utc);
    ix->person[ix->n_scans++] = (uint32_t)person_id;
    return 0;
}

static int add_member(void *arg, int64_t household_id, int64_t person_id)
{
    struct tracing_index *ix = arg;

    if (household_id <= 0 || household_id >= UINT32_MAX - 1 || person_id < 0 ||
        person_id >= UINT32_MAX - 1)
        return lf_err_set(ix->err, LF_ERR_TOOLARGE, "tracing_index",
                          "ids beyond 32 bits");
    if ((uint32_t)household_id >= ix->n_households) {
        if (grow(ix, &ix->hh_start, &ix->cap_households, (size_t)household_id + 2, 4))
            return -1;
        while (ix->n_households <= (uint32_t)household_id)
            ix->hh_start[ix->n_households++] = (uint32_t)ix->n_members;
    }
    if (grow(ix, &ix->hh_member, &ix->cap_members, ix->n_members + 1, 4))
        return -1;
    ix->hh_member[ix->n_members++] = (uint32_t)person_id;
    return 0;
}

int tracing_index_load(struct store_tx *tx, int64_t from_utc, int64_t to_utc,
                       size_t max_bytes, struct tracing_index **out,
                       struct lf_err *err)
{
    struct tracing_index *ix = xcalloc(1, sizeof(*ix));
    size_t i;
    uint32_t h;

    *out = NULL;
    if (to_utc <= from_utc || to_utc - from_utc >= UINT32_MAX) {
        free(ix);
        return lf_err_set(err, LF_ERR_INVALID, "to_utc", "must be after from_utc");
    }
    ix->from_utc = from_utc;
    ix->to_utc = to_utc;
    ix->max_bytes = max_bytes;
    ix->err = err;
    if (store_tracing_each_scan(tx, from_utc, to_utc, add_scan, ix, err) ||
        grow(ix, &ix->venue_start, &ix->cap_venues, (size_t)ix->n_venues + 1, 4) ||
        store_tracing_each_member(tx, add_member, ix, err) ||
        grow(ix, &ix->hh_start, &ix->cap_households, (size_t)ix->n_households + 1, 4))
        goto fail;
    ix->venue_start[ix->n_venues] = (uint32_t)ix->n_scans;
    ix->hh_start[ix->n_households] = (uint32_t)ix->n_members;
    /* person → household, from the members */
    for (i = 0; i < ix->n_members; i++)
        if (ix->hh_member[i] >= ix->n_persons)
            ix->n_persons = ix->hh_member[i] + 1;
    if (tracing_index_bytes(ix) + (size_t)ix->n_persons * 4 > max_bytes) {
        too_large(ix);
        goto fail;
    }
    ix->household_of = xcalloc(ix->n_persons ? ix->n_persons : 1, sizeof(uint32_t));
    for (h = 1; h < ix->n_households; h++)
        for (i = ix->hh_start[h]; i < ix->hh_start[h + 1]; i++)
            ix->household_of[ix->hh_member[i]] = h;
    ix->err = NULL;
    *out = ix;
    return 0;
fail:
    tracing_index_free(ix);
    return -1;
}

void tracing_index_free(struct tracing_index *ix)
{
    if (!ix)
        return;
    free(ix->venue_start);
    free(ix->at);
    free(ix->person);
    free(ix->household_of);
    free(ix->hh_start);
    free(ix->hh_member);
    free(ix);
}

static void push_visit(struct tracing_visit_list *out, int64_t at, int64_t person)
{
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 256;
        out->items = xrealloc(out->items, out->cap * sizeof(*out->items));
    }
    out->items[out->n].at_utc = at;
    out->items[out->n++].person_id = person;
}

int tracing__visits(const struct tracing_index *ix, struct store_tx *tx,
                    int64_t venue_id, int64_t lo, int64_t hi,
                    struct tracing_visit_list *out, struct lf_err *err)
{
    int64_t a, b;

    if (!ix)
        return store_tracing_visits(tx, venue_id, lo, hi, out, err);
    /* before the index, in it, after it */
    if (lo < ix->from_utc &&
        store_tracing_visits(tx, venue_id, lo, hi < ix->from_utc ? hi : ix->from_utc - 1,
                             out, err))
        return -1;
    a = lo > ix->from_utc ? lo : ix->from_utc;
    b = hi < ix->to_utc - 1 ? hi : ix->to_utc - 1;
    if (a <= b && venue_id >= 0 && venue_id < (int64_t)ix->n_venues) {
        uint32_t l = ix->venue_start[venue_id], r = ix->venue_start[venue_id + 1];
        uint32_t a0 = (uint32_t)(a - ix->from_utc), b0 = (uint32_t)(b - ix->from_utc);
        while (l < r) {                         /* first at >= a0 */
            uint32_t m = l + (r - l) / 2;
            if (ix->at[m] < a0)
                l = m + 1;
            else
                r = m;
        }
        r = ix->venue_start[venue_id + 1];
        for (; l < r && ix->at[l] <= b0; l++)
            push_visit(out, ix->from_utc + ix->at[l], ix->person[l]);
    }
    if (hi >= ix->to_utc &&
        store_tracing_visits(tx, venue_id, lo > ix->to_utc ? lo : ix->to_utc, hi, out, err))
        return -1;
    return 0;
}

int tracing__household(const struct tracing_index *ix, struct store_tx *tx,
                       int64_t person_id, struct tracing_id_list *out,
                       struct lf_err *err)
{
    uint32_t h, i;

    if (!ix || person_id < 0 || person_id >= (int64_t)ix->n_persons ||
        !(h = ix->household_of[person_id]))
        return store_tracing_household(tx, person_id, out, err);
    for (i = ix->hh_start[h]; i < ix->hh_start[h + 1]; i++) {
        if (ix->hh_member[i] == (uint32_t)person_id)
            continue;
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 16;
            out->items = xrealloc(out->items, out->cap * sizeof(*out->items));
        }
        out->items[out->n++] = ix->hh_member[i];
    }
    return 0;
}

static void push_pair(struct tracing_pair_list *out, int64_t key, int64_t val)
{
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 1024;
        out->items = xrealloc(out->items, out->cap * sizeof(*out->items));
    }
    out->items[out->n].key = (uint64_t)key;
    out->items[out->n++].val = (uint64_t)val;
}

/* Thousands of close contacts, each household three dependent reads at
 * random places (person → household → its slice → the members): a loop
 * that waits for each miss in turn is bound by memory latency. So the
 * work goes in blocks, each step of a block prefetched a step ahead, and
 * the misses of a block overlap. */
#define PAIR_BLOCK 32

int tracing__household_pairs(const struct tracing_index *ix, struct store_tx *tx,
                             const struct contact_proposal *contacts, size_t n,
                             int64_t skip, struct tracing_pair_list *out,
                             struct lf_err *err)
{
    struct tracing_id_list ids = { NULL, 0, 0 };
    uint32_t h[PAIR_BLOCK];
    size_t b, i, k;

    for (b = 0; b < n; b += PAIR_BLOCK) {
        size_t m = n - b < PAIR_BLOCK ? n - b : PAIR_BLOCK;
        for (i = 0; ix && i < m; i++) {
            int64_t p = contacts[b + i].person_id;
            if (p >= 0 && p < (int64_t)ix->n_persons)
                __builtin_prefetch(&ix->household_of[p]);
        }
        for (i = 0; ix && i < m; i++) {
            int64_t p = contacts[b + i].person_id;
            h[i] = p >= 0 && p < (int64_t)ix->n_persons ? ix->household_of[p] : 0;
            if (h[i])
                __builtin_prefetch(&ix->hh_start[h[i]]);
        }
        for (i = 0; ix && i < m; i++)
            if (h[i])
                __builtin_prefetch(&ix->hh_member[ix->hh_start[h[i]]]);
        for (i = 0; i < m; i++) {
            int64_t p = contacts[b + i].person_id;
            if (!ix || !h[i]) {                 /* not in the index: the store */
                ids.n = 0;
                if (store_tracing_household(tx, p, &ids, err)) {
                    free(ids.items);
                    return -1;
                }
                for (k = 0; k < ids.n; k++)
                    if (ids.items[k] != skip)
                        push_pair(out, ids.items[k], p);
                continue;
            }
            for (k = ix->hh_start[h[i]]; k < ix->hh_start[h[i] + 1]; k++)
                if (ix->hh_member[k] != (uint32_t)p && (int64_t)ix->hh_member[k] != skip)
                    push_pair(out, ix->hh_member[k], p);
        }
    }
    free(ids.items);
    return 0;
}
