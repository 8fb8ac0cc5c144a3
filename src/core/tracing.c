/*
 * tracing.c - the contact engine: close contacts (venue, household,
 * vehicle) and secondary contacts of one person in one window.
 *
 * Venue contacts are the expensive part. A scan stands for a stay of
 * [at, at + L) where L is the venue type's typical stay (or the rules'
 * override); every scan at one venue has the same L. The index person's
 * stays are clipped to the window and merged per venue (two scans of the
 * same visit are one stay). Another scan at that venue at b overlaps the
 * clipped stay [c0, c1) only if c0 - L <= b <= c1, so each stay is one
 * probe of the scan table by its clustered key (venue_id, at_utc) over that
 * range: bounded by the venue's own stay, not the longest of all types (a
 * pharmacy is probed over 10 minutes, not a hotel's 10 hours). The overlap
 * min(c1, b + L) - max(c0, b) counts from rules->min_overlap_minutes; with
 * 0, touching stays count too (overlap 0), otherwise they do not.
 *
 * Each piece of evidence is offered to one proposal per person, found by
 * a hash of the person id (no allocation per row), which keeps the
 * strongest: household, then the longest venue overlap, then a shared
 * vehicle. n_encounters counts the pieces (each overlap, each check of
 * the shared plate, 1 for the household). The close contacts are then
 * radix-sorted by person. Secondary contacts are the household members of
 * the close contacts who are neither close contacts nor the index person:
 * every (member, close contact) pair is gathered (the index prefetches
 * the households a block at a time), radix-sorted by member and merged
 * against the sorted close contacts, with no hash at all: thousands of
 * them a case, this was half the engine's time.
 *
 * The engine only reads through store.h, inside the caller's transaction.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tracing.h"
#include "core/venue.h"
#include "store/store.h"
#include "store/tracing.h"
#include "util/xmalloc.h"
#include "util/banned.h"

void tracing_rules_default(struct tracing_rules *r)
{
    r->days_before_onset = 4;
    r->min_overlap_minutes = 15;
    r->stay_minutes_override = 0;
    r->vehicle_window_minutes = 30;
    r->household = 1;
    r->secondary = 1;
}

int tracing_rules_check(const struct tracing_rules *r, struct lf_err *err)
{
    if (r->days_before_onset < 0 || r->days_before_onset > 30)
        return lf_err_set(err, LF_ERR_INVALID, "days_before_onset",
                          "must be 0 to 30");
    if (r->min_overlap_minutes < 0 || r->min_overlap_minutes > 1440)
        return lf_err_set(err, LF_ERR_INVALID, "min_overlap_minutes",
                          "must be 0 to 1440");
    if (r->stay_minutes_override < 0 || r->stay_minutes_override > 1440)
        return lf_err_set(err, LF_ERR_INVALID, "stay_minutes_override",
                          "must be 0 to 1440");
    if (r->vehicle_window_minutes < 0 || r->vehicle_window_minutes > 1440)
        return lf_err_set(err, LF_ERR_INVALID, "vehicle_window_minutes",
                          "must be 0 to 1440");
    if (r->household != 0 && r->household != 1)
        return lf_err_set(err, LF_ERR_INVALID, "household", "must be 0 or 1");
    if (r->secondary != 0 && r->secondary != 1)
        return lf_err_set(err, LF_ERR_INVALID, "secondary", "must be 0 or 1");
    return 0;
}

/* The rules by name, for the text form. */
static const struct {
    const char *name;
    size_t off;
} rule_names[] = {
    { "days_before_onset", offsetof(struct tracing_rules, days_before_onset) },
    { "min_overlap_minutes", offsetof(struct tracing_rules, min_overlap_minutes) },
    { "stay_minutes_override", offsetof(struct tracing_rules, stay_minutes_override) },
    { "vehicle_window_minutes", offsetof(struct tracing_rules, vehicle_window_minutes) },
    { "household", offsetof(struct tracing_rules, household) },
    { "secondary", offsetof(struct tracing_rules, secondary) },
};
#define N_RULES (sizeof(rule_names) / sizeof(rule_names[0]))

int tracing_rules_parse(const char *text, struct tracing_rules *r, struct lf_err *err)
{
    struct tracing_rules t = *r;
    const char *p = text;

    while (*p) {
        char name[32];
        size_t n = strcspn(p, "= ,\t\n"), i;
        const char *v;
        char *end;
        long x;

        if (strchr(" ,\t\n", *p)) {
            p++;
            continue;
        }
        if (p[n] != '=' || n == 0 || n >= sizeof(name))
            return lf_err_set(err, LF_ERR_INVALID, "rules",
                              "each rule is name=value (e.g. min_overlap_minutes=15)");
        memcpy(name, p, n);
        name[n] = '\0';
        for (i = 0; i < N_RULES && strcmp(rule_names[i].name, name); i++)
            ;
        if (i == N_RULES)
            return lf_err_set(err, LF_ERR_INVALID, "rules", "unknown rule %s", name);
        v = p + n + 1;
        x = strtol(v, &end, 10);
        if (end == v || (*end && !strchr(" ,\t\n", *end)) || x < -1000000 || x > 1000000)
            return lf_err_set(err, LF_ERR_INVALID, rule_names[i].name, "must be a whole number");
        *(int *)((char *)&t + rule_names[i].off) = (int)x;
        p = end;
    }
    if (tracing_rules_check(&t, err))
        return -1;
    *r = t;
    return 0;
}

void tracing_rules_format(const struct tracing_rules *r, char *buf, size_t n)
{
    size_t i, len = 0;

    if (n)
        buf[0] = '\0';
    for (i = 0; i < N_RULES && len < n; i++) {
        int w = snprintf(buf + len, n - len, "%s%s=%d", i ? " " : "", rule_names[i].name,
                         *(const int *)((const char *)r + rule_names[i].off));
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

int tracing_stay_minutes(const struct tracing_rules *rules, int venue_type)
{
    if (rules->stay_minutes_override > 0)
        return rules->stay_minutes_override;
    return venue_type_stay_minutes(venue_type);
}

int tracing_longest_stay_minutes(const struct tracing_rules *rules)
{
    const int *types;
    size_t n, i;
    int longest = venue_type_stay_minutes(0);   /* an unknown venue's */

    if (rules->stay_minutes_override > 0)
        return rules->stay_minutes_override;
    types = venue_types(&n);
    for (i = 0; i < n; i++)
        if (venue_type_stay_minutes(types[i]) > longest)
            longest = venue_type_stay_minutes(types[i]);
    return longest;
}

/* One stay of the index person, clipped to the window: [c0, c1). */
struct stay {
    int64_t venue_id;
    int64_t c0, c1;
    int64_t len;             /* L of the venue, seconds */
};

/* The proposals being gathered, one per person, found through a hash of
 * the person id (open addressing, linear probing; the id sits in the slot
 * so a probe touches one cache line, not two). */
struct slot {
    int64_t person_id;
    size_t idx;              /* index + 1 into items; 0: empty */
};

struct agg {
    struct contact_proposal *items;
    size_t n, cap;
    struct slot *slot;
    size_t mask;             /* slots - 1 (a power of two); 0: none yet */
};

static size_t slot_of(const struct agg *a, int64_t person_id)
{
    uint64_t h = (uint64_t)person_id * 0x9E3779B97F4A7C15ULL;
    size_t i = (size_t)(h >> 32) & a->mask;

    while (a->slot[i].idx && a->slot[i].person_id != person_id)
        i = (i + 1) & a->mask;
    return i;
}

static struct contact_proposal *agg_get(struct agg *a, int64_t person_id)
{
    struct contact_proposal *p;
    size_t i;

    if (2 * (a->n + 1) > a->mask) {            /* at most half full */
        size_t k, size = a->mask ? 2 * (a->mask + 1) : 4096;
        free(a->slot);
        a->slot = xcalloc(size, sizeof(*a->slot));
        a->mask = size - 1;
        for (k = 0; k < a->n; k++) {
            i = slot_of(a, a->items[k].person_id);
            a->slot[i].person_id = a->items[k].person_id;
            a->slot[i].idx = k + 1;
        }
    }
    i = slot_of(a, person_id);
    if (a->slot[i].idx)
        return &a->items[a->slot[i].idx - 1];
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 1024;
        a->items = xrealloc(a->items, a->cap * sizeof(*a->items));
    }
    p = &a->items[a->n];
    memset(p, 0, sizeof(*p));
    p->person_id = person_id;
    a->slot[i].person_id = person_id;
    a->slot[i].idx = ++a->n;
    return p;
}

static void agg_release(struct agg *a)
{
    free(a->items);
    free(a->slot);
    memset(a, 0, sizeof(*a));
}

/* household first, then venue, vehicle, secondary */
static int kind_rank(int kind)
{
    switch (kind) {
    case CONTACT_HOUSEHOLD: return 0;
    case CONTACT_VENUE: return 1;
    case CONTACT_VEHICLE: return 2;
    default: return 3;
    }
}

/* Is e stronger evidence than p (of the same person)? */
static int better(const struct contact_proposal *e, const struct contact_proposal *p)
{
    int64_t oe = e->to_utc - e->from_utc, op = p->to_utc - p->from_utc;

    if (kind_rank(e->kind) != kind_rank(p->kind))
        return kind_rank(e->kind) < kind_rank(p->kind);
    switch (e->kind) {
    case CONTACT_VENUE:
        if (oe != op)
            return oe > op;                    /* the longest overlap */
        if (e->from_utc != p->from_utc)
            return e->from_utc < p->from_utc;
        return e->venue_id < p->venue_id;
    case CONTACT_SECONDARY:
        return e->via_person_id < p->via_person_id;
    default:
        return e->from_utc < p->from_utc;
    }
}

/* One more piece of evidence about e->person_id. */
static void offer(struct agg *a, const struct contact_proposal *e)
{
    struct contact_proposal *p = agg_get(a, e->person_id);
    int n = p->n_encounters;

    if (!p->kind || better(e, p))
        *p = *e;
    p->n_encounters = n + 1;
}

/* Sort pairs by key: a stable radix sort (LSD, a byte a pass, as many
 * passes as the largest key needs), so thousands sort in microseconds.
 * tmp holds n pairs. Returns the sorted array (pairs or tmp). */
static struct tracing_pair *radix_sort(struct tracing_pair *a, struct tracing_pair *tmp,
                                       size_t n)
{
    struct tracing_pair *t;
    uint64_t max = 0;
    size_t i, count[257];
    unsigned shift;

    for (i = 0; i < n; i++)
        if (a[i].key > max)
            max = a[i].key;
    for (shift = 0; shift < 64 && (max >> shift); shift += 8) {
        memset(count, 0, sizeof(count));
        for (i = 0; i < n; i++)
            count[((a[i].key >> shift) & 0xff) + 1]++;
        for (i = 1; i < 257; i++)
            count[i] += count[i - 1];
        for (i = 0; i < n; i++)
            tmp[count[(a[i].key >> shift) & 0xff]++] = a[i];
        t = a;
        a = tmp;
        tmp = t;
    }
    return a;
}

/* The proposals by person id. */
static void sort_by_person(struct contact_proposal *items, size_t n)
{
    struct tracing_pair *keys, *sorted;
    struct contact_proposal *copy;
    size_t i;

    if (n < 2)
        return;
    keys = xmalloc(2 * n * sizeof(*keys));
    for (i = 0; i < n; i++) {
        keys[i].key = (uint64_t)items[i].person_id;
        keys[i].val = i;
    }
    sorted = radix_sort(keys, keys + n, n);
    copy = xmalloc(n * sizeof(*copy));
    for (i = 0; i < n; i++)
        copy[i] = items[sorted[i].val];
    memcpy(items, copy, n * sizeof(*copy));
    free(copy);
    free(keys);
}

/* The secondary contacts of the close contacts (out, sorted by person):
 * their household members who are neither close contacts nor the index
 * person, appended to out by person id. All (member, close contact) pairs are
 * gathered first (close contacts in id order), sorted by member (stable:
 * the smallest close contact first), then merged with the close list. */
static int find_secondary(const struct tracing_index *ix, struct store_tx *tx,
                          int64_t person_id, struct contact_proposal_list *out,
                          struct lf_err *err)
{
    struct tracing_pair_list pairs = { NULL, 0, 0 };
    struct tracing_pair *sorted;
    const struct contact_proposal *close;
    size_t i, j, c = 0, n_close = out->n;

    if (tracing__household_pairs(ix, tx, out->items, n_close, person_id, &pairs, err)) {
        free(pairs.items);
        return -1;
    }
    if (!pairs.n) {
        free(pairs.items);
        return 0;
    }
    pairs.items = xrealloc(pairs.items, 2 * pairs.n * sizeof(*pairs.items));
    sorted = radix_sort(pairs.items, pairs.items + pairs.n, pairs.n);
    out->items = xrealloc(out->items, (out->n + pairs.n) * sizeof(*out->items));
    close = out->items;                        /* the first n_close */
    for (i = 0; i < pairs.n; i = j) {
        int64_t member = (int64_t)sorted[i].key;
        struct contact_proposal *p;
        for (j = i + 1; j < pairs.n && sorted[j].key == sorted[i].key; j++)
            ;
        while (c < n_close && close[c].person_id < member)
            c++;
        if (c < n_close && close[c].person_id == member)
            continue;                          /* a close contact already */
        p = &out->items[out->n++];
        memset(p, 0, sizeof(*p));
        p->person_id = member;
        p->kind = CONTACT_SECONDARY;
        p->via_person_id = (int64_t)sorted[i].val;
        p->n_encounters = (int)(j - i);
    }
    free(pairs.items);
    return 0;
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

static int stay_cmp(const void *pa, const void *pb)
{
    const struct stay *a = pa, *b = pb;
    int c;

    if ((c = CMP(a->venue_id, b->venue_id)) || (c = CMP(a->c0, b->c0)))
        return c;
    return CMP(a->c1, b->c1);
}

/* Add the stay [c0, c1) at venue_id (a venue of stay len) clipped to
 * [from, to), unless nothing of it is left. */
static void add_stay(struct stay *st, size_t *n, int64_t venue_id, int64_t c0, int64_t c1,
                     int64_t len, int64_t from, int64_t to)
{
    if (c0 < from)
        c0 = from;
    if (c1 > to)
        c1 = to;
    if (c1 <= c0)                    /* outside the window */
        return;
    st[*n].venue_id = venue_id;
    st[*n].c0 = c0;
    st[*n].c1 = c1;
    st[*n].len = len;
    (*n)++;
}

/* The index person's stays in [from, to), from their scans and the given
 * stays: clipped, merged per venue. */
static int load_stays(struct store_tx *tx, int64_t person_id, int64_t from,
                      int64_t to, const struct tracing_stay_in *extra, size_t n_extra,
                      const struct tracing_rules *rules, struct stay **out,
                      size_t *n_out, struct lf_err *err)
{
    struct tracing_stop_list stops = { NULL, 0, 0 };
    int64_t longest = (int64_t)tracing_longest_stay_minutes(rules) * 60;
    struct stay *st = NULL;
    size_t i, n = 0;

    if (store_tracing_stops(tx, person_id, from - longest, to, &stops, err)) {
        free(stops.items);
        return -1;
    }
    if (stops.n + n_extra)
        st = xmalloc((stops.n + n_extra) * sizeof(*st));
    for (i = 0; i < stops.n; i++) {
        int64_t len = (int64_t)tracing_stay_minutes(rules, stops.items[i].venue_type) * 60;
        add_stay(st, &n, stops.items[i].venue_id, stops.items[i].at_utc,
                 stops.items[i].at_utc + len, len, from, to);
    }
    for (i = 0; i < n_extra; i++) {
        int64_t len = (int64_t)tracing_stay_minutes(rules, extra[i].venue_type) * 60;
        int64_t end = extra[i].to_utc > extra[i].from_utc ? extra[i].to_utc
                                                          : extra[i].from_utc + len;
        add_stay(st, &n, extra[i].venue_id, extra[i].from_utc, end, len, from, to);
    }
    free(stops.items);
    if (n > 1) {
        size_t w = 0;
        qsort(st, n, sizeof(*st), stay_cmp);
        for (i = 1; i < n; i++) {
            if (st[i].venue_id == st[w].venue_id && st[i].c0 <= st[w].c1) {
                if (st[i].c1 > st[w].c1)
                    st[w].c1 = st[i].c1;
            } else {
                st[++w] = st[i];
            }
        }
        n = w + 1;
    }
    *out = st;
    *n_out = n;
    return 0;
}

static int find_venue(const struct tracing_index *ix, struct store_tx *tx,
                      int64_t person_id, int64_t from, int64_t to,
                      const struct tracing_stay_in *extra, size_t n_extra,
                      const struct tracing_rules *rules, struct agg *close,
                      struct lf_err *err)
{
    struct tracing_visit_list visits = { NULL, 0, 0 };
    struct stay *st = NULL;
    int64_t min_s = (int64_t)rules->min_overlap_minutes * 60;
    size_t n = 0, i, j;
    int ret = -1;

    if (load_stays(tx, person_id, from, to, extra, n_extra, rules, &st, &n, err))
        return -1;
    for (i = 0; i < n; i++) {
        const struct stay *s = &st[i];
        visits.n = 0;
        if (tracing__visits(ix, tx, s->venue_id, s->c0 - s->len, s->c1, &visits, err))
            goto out;
        for (j = 0; j < visits.n; j++) {
            const struct tracing_visit *v = &visits.items[j];
            int64_t o0 = v->at_utc > s->c0 ? v->at_utc : s->c0;
            int64_t o1 = v->at_utc + s->len < s->c1 ? v->at_utc + s->len : s->c1;
            struct contact_proposal e = { .person_id = v->person_id,
                                          .kind = CONTACT_VENUE,
                                          .venue_id = s->venue_id,
                                          .from_utc = o0, .to_utc = o1,
                                          .overlap_minutes = (int)((o1 - o0) / 60) };
            if (v->person_id == person_id || o1 - o0 < min_s)
                continue;
            offer(close, &e);
        }
    }
    ret = 0;
out:
    free(visits.items);
    free(st);
    return ret;
}

/* Checks of the same plate within the vehicle window of one of the index
 * person's checks; a check matched from two of theirs counts once. */
static int find_vehicle(struct store_tx *tx, int64_t person_id, int64_t from,
                        int64_t to, const struct tracing_rules *rules,
                        struct agg *close, struct lf_err *err)
{
    struct tracing_check_list mine = { NULL, 0, 0 }, others = { NULL, 0, 0 };
    struct tracing_id_list seen = { NULL, 0, 0 };
    int64_t w = (int64_t)rules->vehicle_window_minutes * 60;
    size_t i, j, k;
    int ret = -1;

    if (store_tracing_checks_of_person(tx, person_id, from, to - 1, &mine, err))
        goto out;
    for (i = 0; i < mine.n; i++) {
        const struct tracing_check *m = &mine.items[i];
        others.n = 0;
        if (store_tracing_checks_of_plate(tx, m->plate, m->at_utc - w, m->at_utc + w,
                                          &others, err))
            goto out;
        for (j = 0; j < others.n; j++) {
            const struct tracing_check *o = &others.items[j];
            struct contact_proposal e = { .person_id = o->person_id,
                                          .kind = CONTACT_VEHICLE,
                                          .checkpoint_id = o->checkpoint_id };
            if (o->person_id == 0 || o->person_id == person_id)
                continue;
            for (k = 0; k < seen.n && seen.items[k] != o->check_id; k++)
                ;
            if (k < seen.n)
                continue;
            if (seen.n == seen.cap) {
                seen.cap = seen.cap ? seen.cap * 2 : 16;
                seen.items = xrealloc(seen.items, seen.cap * sizeof(*seen.items));
            }
            seen.items[seen.n++] = o->check_id;
            e.from_utc = m->at_utc < o->at_utc ? m->at_utc : o->at_utc;
            e.to_utc = m->at_utc < o->at_utc ? o->at_utc : m->at_utc;
            memcpy(e.plate, o->plate, sizeof(e.plate));
            offer(close, &e);
        }
    }
    ret = 0;
out:
    free(seen.items);
    free(mine.items);
    free(others.items);
    return ret;
}

int tracing_find_with(const struct tracing_index *ix, struct store_tx *tx,
                      int64_t person_id, int64_t from_utc, int64_t to_utc,
                      const struct tracing_rules *rules,
                      struct contact_proposal_list *out, struct lf_err *err)
{
    return tracing_find_stays(ix, tx, person_id, from_utc, to_utc, NULL, 0, rules, out,
                              err);
}

int tracing_find_stays(const struct tracing_index *ix, struct store_tx *tx,
                       int64_t person_id, int64_t from_utc, int64_t to_utc,
                       const struct tracing_stay_in *stays, size_t n_stays,
                       const struct tracing_rules *rules,
                       struct contact_proposal_list *out, struct lf_err *err)
{
    struct agg close = { 0 };
    struct tracing_id_list ids = { NULL, 0, 0 };
    size_t i;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    if (tracing_rules_check(rules, err))
        return -1;
    if (to_utc <= from_utc)
        return lf_err_set(err, LF_ERR_INVALID, "to_utc", "must be after from_utc");

    if (find_venue(ix, tx, person_id, from_utc, to_utc, stays, n_stays, rules, &close,
                   err))
        goto out;
    if (rules->household) {
        if (tracing__household(ix, tx, person_id, &ids, err))
            goto out;
        for (i = 0; i < ids.n; i++) {
            struct contact_proposal e = { .person_id = ids.items[i],
                                          .kind = CONTACT_HOUSEHOLD,
                                          .from_utc = from_utc, .to_utc = to_utc };
            offer(&close, &e);
        }
    }
    if (rules->vehicle_window_minutes > 0 &&
        find_vehicle(tx, person_id, from_utc, to_utc, rules, &close, err))
        goto out;

    sort_by_person(close.items, close.n);
    out->n = close.n;
    out->items = close.items;                  /* taken: not freed below */
    close.items = NULL;
    if (rules->secondary && find_secondary(ix, tx, person_id, out, err)) {
        contact_proposal_list_free(out);
        goto out;
    }
    ret = 0;
out:
    agg_release(&close);
    free(ids.items);
    return ret;
}

int tracing_find(struct store_tx *tx, int64_t person_id, int64_t from_utc,
                 int64_t to_utc, const struct tracing_rules *rules,
                 struct contact_proposal_list *out, struct lf_err *err)
{
    return tracing_find_with(NULL, tx, person_id, from_utc, to_utc, rules, out, err);
}

void contact_proposal_list_free(struct contact_proposal_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
