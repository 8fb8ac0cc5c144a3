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
 * Everything found is a "hit" in one growing array (no allocation per
 * row); sorting it by person groups each person's evidence, and the first
 * of the group after the sort is the strongest: household, then the
 * longest venue overlap, then a shared vehicle. n_encounters counts the
 * pieces (each overlap, each check of the shared plate, 1 for the
 * household). Secondary contacts are the household members of the close
 * contacts who are neither close contacts nor the index person.
 *
 * The engine only reads through store.h, inside the caller's transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "core/tracing.h"
#include "core/venue.h"
#include "store/store.h"
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

/* One piece of evidence about one person. */
struct hit {
    int64_t person_id;
    int64_t venue_id;        /* CONTACT_VENUE */
    int64_t checkpoint_id;   /* CONTACT_VEHICLE: of the other's check */
    int64_t key;             /* vehicle: the other's check id; secondary: via */
    int64_t from_utc, to_utc;
    int64_t overlap_s;
    int kind;
    char plate[16];
};

struct hits {
    struct hit *items;
    size_t n, cap;
};

static struct hit *hit_add(struct hits *h, int64_t person_id, int kind)
{
    struct hit *x;

    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 256;
        h->items = xrealloc(h->items, h->cap * sizeof(*h->items));
    }
    x = &h->items[h->n++];
    memset(x, 0, sizeof(*x));
    x->person_id = person_id;
    x->kind = kind;
    return x;
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

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

/* By person, then the strongest evidence first: rank of the kind, the
 * longest overlap, then the earliest; vehicle and secondary hits by key,
 * so the same check (or close contact) sits next to itself. */
static int hit_cmp(const void *pa, const void *pb)
{
    const struct hit *a = pa, *b = pb;
    int c;

    if ((c = CMP(a->person_id, b->person_id)) ||
        (c = CMP(kind_rank(a->kind), kind_rank(b->kind))) ||
        (c = CMP(b->overlap_s, a->overlap_s)) ||
        (c = CMP(a->key, b->key)) ||
        (c = CMP(a->from_utc, b->from_utc)) ||
        (c = CMP(a->venue_id, b->venue_id)))
        return c;
    return 0;
}

static int stay_cmp(const void *pa, const void *pb)
{
    const struct stay *a = pa, *b = pb;
    int c;

    if ((c = CMP(a->venue_id, b->venue_id)) || (c = CMP(a->c0, b->c0)))
        return c;
    return CMP(a->c1, b->c1);
}

static int id_cmp(const void *pa, const void *pb)
{
    const int64_t *a = pa, *b = pb;

    return CMP(*a, *b);
}

/* The index person's stays in [from, to): clipped, merged per venue. */
static int load_stays(struct store_tx *tx, int64_t person_id, int64_t from,
                      int64_t to, const struct tracing_rules *rules,
                      struct stay **out, size_t *n_out, struct lf_err *err)
{
    struct tracing_stop_list stops = { NULL, 0, 0 };
    int64_t longest = (int64_t)tracing_longest_stay_minutes(rules) * 60;
    struct stay *st = NULL;
    size_t i, n = 0;

    if (store_tracing_stops(tx, person_id, from - longest, to, &stops, err)) {
        free(stops.items);
        return -1;
    }
    if (stops.n)
        st = xmalloc(stops.n * sizeof(*st));
    for (i = 0; i < stops.n; i++) {
        int64_t len = (int64_t)tracing_stay_minutes(rules, stops.items[i].venue_type) * 60;
        int64_t c0 = stops.items[i].at_utc, c1 = c0 + len;
        if (c0 < from)
            c0 = from;
        if (c1 > to)
            c1 = to;
        if (c1 <= c0)                /* ends before the window starts */
            continue;
        st[n].venue_id = stops.items[i].venue_id;
        st[n].c0 = c0;
        st[n].c1 = c1;
        st[n].len = len;
        n++;
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

static int find_venue(struct store_tx *tx, int64_t person_id, int64_t from,
                      int64_t to, const struct tracing_rules *rules,
                      struct hits *hits, struct lf_err *err)
{
    struct tracing_visit_list visits = { NULL, 0, 0 };
    struct stay *st = NULL;
    int64_t min_s = (int64_t)rules->min_overlap_minutes * 60;
    size_t n = 0, i, j;
    int ret = -1;

    if (load_stays(tx, person_id, from, to, rules, &st, &n, err))
        return -1;
    for (i = 0; i < n; i++) {
        const struct stay *s = &st[i];
        visits.n = 0;
        if (store_tracing_visits(tx, s->venue_id, s->c0 - s->len, s->c1, &visits, err))
            goto out;
        for (j = 0; j < visits.n; j++) {
            const struct tracing_visit *v = &visits.items[j];
            int64_t o0 = v->at_utc > s->c0 ? v->at_utc : s->c0;
            int64_t o1 = v->at_utc + s->len < s->c1 ? v->at_utc + s->len : s->c1;
            struct hit *h;
            if (v->person_id == person_id || o1 - o0 < min_s)
                continue;
            h = hit_add(hits, v->person_id, CONTACT_VENUE);
            h->venue_id = s->venue_id;
            h->from_utc = o0;
            h->to_utc = o1;
            h->overlap_s = o1 - o0;
        }
    }
    ret = 0;
out:
    free(visits.items);
    free(st);
    return ret;
}

static int find_vehicle(struct store_tx *tx, int64_t person_id, int64_t from,
                        int64_t to, const struct tracing_rules *rules,
                        struct hits *hits, struct lf_err *err)
{
    struct tracing_check_list mine = { NULL, 0, 0 }, others = { NULL, 0, 0 };
    int64_t w = (int64_t)rules->vehicle_window_minutes * 60;
    size_t i, j;
    int ret = -1;

    if (store_tracing_checks_of_person(tx, person_id, from, to - 1, &mine, err))
        goto out;
    for (i = 0; i < mine.n; i++) {
        const struct tracing_check *k = &mine.items[i];
        others.n = 0;
        if (store_tracing_checks_of_plate(tx, k->plate, k->at_utc - w, k->at_utc + w,
                                          &others, err))
            goto out;
        for (j = 0; j < others.n; j++) {
            const struct tracing_check *o = &others.items[j];
            struct hit *h;
            if (o->person_id == 0 || o->person_id == person_id)
                continue;
            h = hit_add(hits, o->person_id, CONTACT_VEHICLE);
            h->checkpoint_id = o->checkpoint_id;
            h->key = o->check_id;
            h->from_utc = k->at_utc < o->at_utc ? k->at_utc : o->at_utc;
            h->to_utc = k->at_utc < o->at_utc ? o->at_utc : k->at_utc;
            memcpy(h->plate, o->plate, sizeof(h->plate));
        }
    }
    ret = 0;
out:
    free(mine.items);
    free(others.items);
    return ret;
}

/* Sorted hits → one proposal per person appended to out. A vehicle hit
 * with the same check as the one before it (two checks of the index
 * person matched it) is not another encounter. */
static void reduce(struct hits *hits, struct contact_proposal_list *out)
{
    size_t i = 0, j;

    if (hits->n > 1)
        qsort(hits->items, hits->n, sizeof(*hits->items), hit_cmp);
    while (i < hits->n) {
        const struct hit *h = &hits->items[i];
        struct contact_proposal *p = &out->items[out->n++];
        memset(p, 0, sizeof(*p));
        p->person_id = h->person_id;
        p->kind = h->kind;
        p->venue_id = h->venue_id;
        p->checkpoint_id = h->checkpoint_id;
        if (h->kind == CONTACT_SECONDARY)
            p->via_person_id = h->key;
        memcpy(p->plate, h->plate, sizeof(p->plate));
        p->from_utc = h->from_utc;
        p->to_utc = h->to_utc;
        p->overlap_minutes = (int)(h->overlap_s / 60);
        for (j = i; j < hits->n && hits->items[j].person_id == h->person_id; j++)
            if (j == i || hits->items[j].kind != hits->items[j - 1].kind ||
                hits->items[j].kind == CONTACT_VENUE ||
                hits->items[j].key != hits->items[j - 1].key)
                p->n_encounters++;
        i = j;
    }
}

int tracing_find(struct store_tx *tx, int64_t person_id, int64_t from_utc,
                 int64_t to_utc, const struct tracing_rules *rules,
                 struct contact_proposal_list *out, struct lf_err *err)
{
    struct hits hits = { NULL, 0, 0 };
    struct tracing_id_list ids = { NULL, 0, 0 };
    int64_t *close_ids = NULL;
    size_t i, j, n_close, cap;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    if (tracing_rules_check(rules, err))
        return -1;
    if (to_utc <= from_utc)
        return lf_err_set(err, LF_ERR_INVALID, "to_utc", "must be after from_utc");

    if (find_venue(tx, person_id, from_utc, to_utc, rules, &hits, err))
        goto out;
    if (rules->household) {
        if (store_tracing_household(tx, person_id, &ids, err))
            goto out;
        for (i = 0; i < ids.n; i++) {
            struct hit *h = hit_add(&hits, ids.items[i], CONTACT_HOUSEHOLD);
            h->from_utc = from_utc;
            h->to_utc = to_utc;
        }
    }
    if (rules->vehicle_window_minutes > 0 &&
        find_vehicle(tx, person_id, from_utc, to_utc, rules, &hits, err))
        goto out;

    /* at most one proposal per hit, close and secondary: sized once the
     * secondary hits are known */
    cap = hits.n;
    out->items = xmalloc((cap ? cap : 1) * sizeof(*out->items));
    reduce(&hits, out);
    n_close = out->n;
    if (!rules->secondary || n_close == 0) {
        ret = 0;
        goto out;
    }

    close_ids = xmalloc(n_close * sizeof(*close_ids));
    for (i = 0; i < n_close; i++)
        close_ids[i] = out->items[i].person_id;   /* sorted by reduce() */
    hits.n = 0;
    for (i = 0; i < n_close; i++) {
        ids.n = 0;
        if (store_tracing_household(tx, close_ids[i], &ids, err))
            goto out;
        for (j = 0; j < ids.n; j++) {
            struct hit *h;
            if (ids.items[j] == person_id ||
                bsearch(&ids.items[j], close_ids, n_close, sizeof(*close_ids), id_cmp))
                continue;
            h = hit_add(&hits, ids.items[j], CONTACT_SECONDARY);
            h->key = close_ids[i];
        }
    }
    if (hits.n) {
        out->items = xrealloc(out->items, (n_close + hits.n) * sizeof(*out->items));
        reduce(&hits, out);
    }
    ret = 0;
out:
    if (ret) {
        free(out->items);
        out->items = NULL;
        out->n = 0;
    }
    free(close_ids);
    free(ids.items);
    free(hits.items);
    return ret;
}

void contact_proposal_list_free(struct contact_proposal_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
