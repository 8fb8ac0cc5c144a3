/*
 * synth_outbreak.c - the synthetic outbreak over the synthetic city's
 * scans. See synth_move.h for what it promises and docs/SYNTHETIC.md for
 * the model.
 *
 * The movement is the given: the outbreak reads the scans and never
 * changes them (a detected person keeps their scans after detection; they
 * only stop infecting). Day by day, every person infectious that day
 * (from LATENT_DAYS after infection until detection or INFECTIOUS_DAYS)
 * has their scans of the day read (the trajectory query), and for each
 * scan the scans of the same venue whose stays overlap it (a range of the
 * table keyed by venue and time, as tracing reads it). A co-present
 * person is infected with probability 1 - exp(-BETA * minutes) of
 * overlap (at most OVERLAP_CAP_MIN: nobody is close to the same person a
 * whole shift), times CLOSE_MAX / crowd in a crowd larger than CLOSE_MAX
 * (one is near a few people in a factory, not all of them). Household
 * members are infected with HOUSEHOLD_PER_DAY per infectious day.
 *
 * Infections of a day become infectious two days later at the earliest,
 * so a day's infectious set is fixed when the day starts. Every draw is a
 * hash of (seed, persons, time), so the result does not depend on the
 * order in which infectors are visited except for ties (a person hit by
 * two infectors the same day goes to the first in infection order), and
 * that order is itself deterministic.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/node.h"
#include "core/scan.h"
#include "core/venue.h"
#include "sim/synth.h"
#include "sim/synth_move.h"
#include "store/store.h"
#include "store/ledger.h"
#include "store/scan.h"
#include "store/synth.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define SEEDS_MAX 10000
#define LATENT_DAYS 2            /* infected → infectious */
#define INFECTIOUS_DAYS 10       /* infected → no longer infectious */
#define BETA_PER_MIN 0.0003      /* hazard per minute of overlap */
#define OVERLAP_CAP_MIN 60
#define CLOSE_MAX 10.0           /* close contacts in a crowd */
#define HOUSEHOLD_PER_DAY 0.06
#define INCUBATION_MEAN_DAYS 5.0
#define INCUBATION_SIGMA 0.45    /* of the log */
#define SYMPTOMATIC 0.7
#define DETECT_SYMPTOMATIC 0.8   /* 0.5-2.5 days after onset */
#define DETECT_SCREENING 0.15    /* of the asymptomatic, 3-10 days after infection */
#define STOPS_MAX 64
#define COPRESENT_MAX 4096
#define MEMBERS_MAX 16
#define DAY 86400

struct inf {
    int64_t person, infector, venue, household;
    const char *kind;
    int64_t infected, onset, detected;   /* model times; 0 = none (may lie after now) */
};

struct ob {
    struct lf_ctx *ctx;
    const struct synth_outbreak_params *p;
    struct lf_err *err;
    struct store_tx *tx;
    int64_t now;
    struct inf *infs;
    size_t n, cap;
    int64_t *seen;              /* open addressing: person ids, 0 = empty */
    size_t seen_cap;            /* a power of two, at least twice n */
    struct scan_row *rows;
    struct synth_outbreak_stats st;
};

static uint64_t hash4(uint64_t seed, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t x = seed ^ (a * 0x9e3779b97f4a7c15ull) ^ (b * 0xc2b2ae3d27d4eb4full) ^
                 (c * 0x165667b19e3779f9ull);
    return synth__splitmix(&x);
}

static double unit(uint64_t h)                    /* [0, 1) */
{
    return (double)(h >> 11) * (1.0 / 9007199254740992.0);
}

static size_t slot(const struct ob *s, int64_t person)
{
    uint64_t x = (uint64_t)person;
    size_t i = (size_t)synth__splitmix(&x) & (s->seen_cap - 1);

    while (s->seen[i] && s->seen[i] != person)
        i = (i + 1) & (s->seen_cap - 1);
    return i;
}

static int is_infected(const struct ob *s, int64_t person)
{
    return s->seen_cap && s->seen[slot(s, person)] != 0;
}

static void mark(struct ob *s, int64_t person)
{
    if (2 * (s->n + 1) > s->seen_cap) {
        int64_t *old = s->seen;
        size_t i, n = s->seen_cap;
        s->seen_cap = n ? n * 2 : 1024;
        s->seen = xcalloc(s->seen_cap, sizeof(*s->seen));
        for (i = 0; i < n; i++)
            if (old[i])
                s->seen[slot(s, old[i])] = old[i];
        free(old);
    }
    s->seen[slot(s, person)] = person;
}

/* Record an infection of person at `at`, with its course drawn. */
static int infect(struct ob *s, int64_t person, int64_t household, int64_t infector,
                  int64_t venue, const char *kind, int64_t at)
{
    uint64_t h = hash4(s->p->seed, (uint64_t)person, 0x636f75727365ull, 0);
    double u1 = unit(synth__splitmix(&h)), u2 = unit(synth__splitmix(&h));
    double z = sqrt(-2.0 * log(u1 > 0 ? u1 : 1e-12)) * cos(6.283185307179586 * u2);
    double mu = log(INCUBATION_MEAN_DAYS) - INCUBATION_SIGMA * INCUBATION_SIGMA / 2;
    struct inf *f;
    struct person pr;

    if (household == 0) {
        if (store_person_get(s->tx, person, &pr, s->err))
            return -1;
        household = pr.household_id;
    }
    mark(s, person);
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->infs = xrealloc(s->infs, s->cap * sizeof(*s->infs));
    }
    f = &s->infs[s->n++];
    memset(f, 0, sizeof(*f));
    f->person = person;
    f->infector = infector;
    f->venue = venue;
    f->household = household;
    f->kind = kind;
    f->infected = at;
    if (unit(synth__splitmix(&h)) < SYMPTOMATIC) {
        f->onset = at + (int64_t)(exp(mu + INCUBATION_SIGMA * z) * DAY);
        if (unit(synth__splitmix(&h)) < DETECT_SYMPTOMATIC)
            f->detected = f->onset + (int64_t)((0.5 + 2.0 * unit(synth__splitmix(&h))) * DAY);
    } else if (unit(synth__splitmix(&h)) < DETECT_SCREENING) {
        f->detected = at + (int64_t)((3.0 + 7.0 * unit(synth__splitmix(&h))) * DAY);
    }
    return 0;
}

/* The end of f's infectious time: detection (isolation) or its course. */
static int64_t infectious_end(const struct inf *f)
{
    int64_t end = f->infected + INFECTIOUS_DAYS * DAY;

    return f->detected && f->detected < end ? f->detected : end;
}

/* Those f meets at its scans in [a, b). */
static int spread_venues(struct ob *s, size_t fi, int64_t a, int64_t b)
{
    struct scan_stop_list stops = { 0 };
    size_t i, j, n;
    int ret = -1;

    if (store_scan_of_person(s->tx, s->infs[fi].person, a, b, STOPS_MAX, &stops, s->err))
        return -1;
    for (i = 0; i < stops.n; i++) {
        const struct scan_stop *st = &stops.items[i];
        int64_t stay = (int64_t)venue_type_stay_minutes(st->venue_type) * 60;
        double share;
        if (store_synth_copresent(s->tx, st->venue_id, st->at_utc - stay + 1,
                                  st->at_utc + stay, s->rows, COPRESENT_MAX, &n, s->err))
            goto out;
        share = n > CLOSE_MAX + 1 ? CLOSE_MAX / (double)(n - 1) : 1.0;
        for (j = 0; j < n; j++) {
            const struct scan_row *r = &s->rows[j];
            int64_t gap = r->at_utc > st->at_utc ? r->at_utc - st->at_utc
                                                 : st->at_utc - r->at_utc;
            double minutes = (double)(stay - gap) / 60.0, p;
            if (r->person_id == s->infs[fi].person || is_infected(s, r->person_id))
                continue;
            if (minutes > OVERLAP_CAP_MIN)
                minutes = OVERLAP_CAP_MIN;
            p = (1.0 - exp(-BETA_PER_MIN * minutes)) * share;
            if (unit(hash4(s->p->seed, (uint64_t)s->infs[fi].person, (uint64_t)r->person_id,
                           (uint64_t)st->at_utc)) >= p)
                continue;
            if (infect(s, r->person_id, 0, s->infs[fi].person, st->venue_id, "venue",
                       r->at_utc > st->at_utc ? r->at_utc : st->at_utc))
                goto out;
            s->st.by_venue++;
        }
    }
    ret = 0;
out:
    scan_stop_list_free(&stops);
    return ret;
}

/* f's household members, in [a, b) of one day. */
static int spread_household(struct ob *s, size_t fi, int64_t a, int64_t b)
{
    int64_t ids[MEMBERS_MAX];
    size_t i, n;
    double p = HOUSEHOLD_PER_DAY * (double)(b - a) / DAY;

    if (s->infs[fi].household == 0 ||
        store_synth_household(s->tx, s->infs[fi].household, ids, MEMBERS_MAX, &n, s->err))
        return s->infs[fi].household == 0 ? 0 : -1;
    for (i = 0; i < n; i++) {
        uint64_t h = hash4(s->p->seed, (uint64_t)s->infs[fi].person, (uint64_t)ids[i],
                           (uint64_t)a / DAY);
        if (ids[i] == s->infs[fi].person || is_infected(s, ids[i]) || unit(h) >= p)
            continue;
        if (infect(s, ids[i], s->infs[fi].household, s->infs[fi].person, 0, "household",
                   a + (int64_t)(synth__splitmix(&h) % (uint64_t)(b - a))))
            return -1;
        s->st.by_household++;
    }
    return 0;
}

/* Seeds: distinct persons drawn among those below the root, infected in
 * the first half of the first day. */
static int seed(struct ob *s, int64_t first)
{
    struct synth_person_row *all = NULL, *page = xmalloc(10000 * sizeof(*page));
    size_t n_all = 0, cap = 0, n;
    int64_t after = 0;
    uint64_t r = hash4(s->p->seed, 0x73656564ull, 0, 0);
    long k;
    int ret = -1, tries;

    for (;;) {
        if (store_synth_persons(s->tx, s->p->root, after, page, 10000, &n, s->err))
            goto out;
        if (n == 0)
            break;
        if (n_all + n > cap) {
            cap = (n_all + n) * 2;
            all = xrealloc(all, cap * sizeof(*all));
        }
        memcpy(all + n_all, page, n * sizeof(*page));
        n_all += n;
        after = page[n - 1].id;
    }
    if ((size_t)s->p->seeds > n_all) {
        lf_err_set(s->err, LF_ERR_INVALID, "seeds", "must be at most the %zu persons", n_all);
        goto out;
    }
    for (k = 0; k < s->p->seeds; k++) {
        const struct synth_person_row *pr = NULL;
        for (tries = 0; tries < 1000 && (!pr || is_infected(s, pr->id)); tries++)
            pr = &all[synth__splitmix(&r) % n_all];
        if (infect(s, pr->id, pr->household_id, 0, 0, "seed",
                   first + (int64_t)(synth__splitmix(&r) % (DAY / 2))))
            goto out;
        s->st.seeds++;
    }
    ret = 0;
out:
    free(all);
    free(page);
    return ret;
}

static int simulate(struct ob *s)
{
    int64_t today = (s->now + TZ_SHANGHAI_OFFSET) / DAY, d;
    int64_t first = (today - s->p->days + 1) * DAY - TZ_SHANGHAI_OFFSET;
    size_t i, n;

    if (seed(s, first))
        return -1;
    for (d = first; d < s->now; d += DAY) {
        n = s->n;       /* today's infections are not infectious today */
        for (i = 0; i < n; i++) {
            int64_t a = s->infs[i].infected + LATENT_DAYS * DAY, b = infectious_end(&s->infs[i]);
            if (a < d)
                a = d;
            if (b > d + DAY)
                b = d + DAY;
            if (b > s->now)
                b = s->now;
            if (a < b && (spread_venues(s, i, a, b) || spread_household(s, i, a, b)))
                return -1;
        }
    }
    return 0;
}

static int save(struct ob *s)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        const struct inf *f = &s->infs[i];
        struct synth_infection in = { f->person, f->infector, f->venue, f->kind, f->infected,
                                      f->onset <= s->now ? f->onset : 0,
                                      f->detected <= s->now ? f->detected : 0 };
        if (store_synth_infection_insert(s->tx, &in, s->err))
            return -1;
        s->st.symptomatic += in.onset_utc != 0;
        s->st.detected += in.detected_utc != 0;
    }
    s->st.infections = (long)s->n;
    return 0;
}

int synth_outbreak(struct lf_ctx *ctx, const struct lf_who *who,
                   const struct synth_outbreak_params *p, struct synth_outbreak_stats *out,
                   struct lf_err *err)
{
    enum node_kind k = p->root ? node_kind_of_code(p->root) : 0;
    struct ob s;
    char detail[160];
    long existing;
    int ret = -1;

    memset(out, 0, sizeof(*out));
    if (k == 0 || k == NODE_PROVINCE)
        lf_err_set(err, LF_ERR_INVALID, "root", "must be a node code below a province");
    else if (p->days < 1 || p->days > SYNTH_DAYS_MAX)
        lf_err_set(err, LF_ERR_INVALID, "days", "must be 1 to %d", SYNTH_DAYS_MAX);
    else if (p->seeds < 1 || p->seeds > SEEDS_MAX)
        lf_err_set(err, LF_ERR_INVALID, "seeds", "must be 1 to %d", SEEDS_MAX);
    if (err->code != LF_ERR_OK || synth__check_caller(who, p->root, err)) {
        audit_failure(ctx, who, "synth.outbreak", p->root ? p->root : "", err);
        return -1;
    }
    memset(&s, 0, sizeof(s));
    s.ctx = ctx;
    s.p = p;
    s.err = err;
    s.now = lf_now(ctx);
    s.rows = xmalloc(COPRESENT_MAX * sizeof(*s.rows));
    if (!(s.tx = store_begin(ctx->store, STORE_WRITE, err)) ||
        (existing = store_count_rows(s.tx, "infection", err)) < 0)
        goto out;
    if (existing > 0) {
        lf_err_set(err, LF_ERR_CONFLICT, "seeds", "an outbreak is recorded already");
        goto out;
    }
    if (simulate(&s) || save(&s))
        goto out;
    snprintf(detail, sizeof(detail), "seeds=%ld infections=%ld detected=%ld seed=%llu",
             s.st.seeds, s.st.infections, s.st.detected, (unsigned long long)p->seed);
    if (audit_write(s.tx, ctx, who, "synth.outbreak", p->root, 1, detail, err) ||
        store_commit(s.tx, err))
        goto out;
    *out = s.st;
    ret = 0;
out:
    store_tx_free(s.tx);
    free(s.infs);
    free(s.seen);
    free(s.rows);
    return ret;
}
