/*
 * synth_int.h - what the files of the synthetic population share: the
 * generator, the plan (grids, regions, counties, origins) and the state of
 * a run. synth.h is the interface; only synth.c (the plan, the chunks, the
 * run) and synth_household.c (one household and its rows) include this.
 */
#ifndef LF_SYNTH_INT_H
#define LF_SYNTH_INT_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/node.h"
#include "sim/synth.h"

#define SPAN_DAYS 37000         /* birth dates up to 101 years back */
#define N_ORIGINS 48            /* counties arrivals come from */
#define SYNTH_NAME_MAX (NODE_NAME_CHARS * 4 + 1)

struct store_tx;

/* --- the generator ------------------------------------------------------- */

struct rng {
    uint64_t s[4];
};

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)         /* xoshiro256** */
{
    uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* Uniform in 0..n-1 (n > 0); the bias of the multiply is below 2^-32. */
static inline unsigned rng_below(struct rng *r, unsigned n)
{
    return (unsigned)(((rng_next(r) >> 32) * n) >> 32);
}

static inline int rng_per_mille(struct rng *r, unsigned p)
{
    return rng_below(r, 1000) < p;
}
/* --- the plan and the state of a run --------------------------------------- */

struct grid {
    char code[NODE_CODE_MAX];
    size_t community;           /* index into synth.communities */
    size_t region;              /* index into synth.regions */
    int is_urban;
    unsigned weight;            /* share of the population, 60..140 */
};

struct origin {
    char code[NODE_CODE_MAX];
    char city[SYNTH_NAME_MAX];
    char county[SYNTH_NAME_MAX];
    char name[SYNTH_NAME_MAX];        /* 河南省郑州市中原区 */
};

/* One run of synth_population(): its arguments, the one generator, the
 * plan, the community being filled and the open chunk. */
struct synth {
    struct lf_ctx *ctx;
    const struct lf_who *who;
    const struct synth_params *p;
    struct lf_err *err;
    struct rng rng;
    int64_t now;

    struct grid *grids;
    size_t n_grids, cap_grids;
    char (*communities)[SYNTH_NAME_MAX];
    size_t n_comm, cap_comm;
    char (*regions)[NODE_CODE_MAX];     /* residents' counties */
    size_t n_regions, cap_regions;
    uint16_t *seq_used;                 /* [region][day][sex] */
    char (*counties)[NODE_CODE_MAX];    /* every other county, by code */
    size_t n_counties, prov_lo, prov_hi; /* [lo, hi): the root's province */
    struct origin origins[N_ORIGINS];
    size_t n_origins;

    /* the community being filled: one estate (or village) and a road */
    size_t comm;
    char estate[64];
    const char *road;
    int floors, units;
    long n_estate, n_road, n_village;

    struct store_tx *tx;
    int hh_in_tx;
    struct synth_stats st, committed;
};

/* A county for a floating person or an arrival: of the root's province
 * with probability same_province_per_mille / 1000, else of anywhere
 * (synth.c). */
const char *synth__other_county(struct synth *s, unsigned same_province_per_mille);

/* --- one household (synth_household.c) ------------------------------------- */

/* Start filling community comm (index into s->communities): draws its
 * estate or village and its road. */
void synth__start_community(struct synth *s, size_t comm);
/* One household of size (1..7) persons at grid g, with its persons and
 * their arrivals, written in the open chunk s->tx; counted in s->st. */
int synth__add_household(struct synth *s, const struct grid *g, int size);

#endif
