/*
 * synth_move_int.h - what the files of the synthetic city's movement
 * share: the kinds of venue, the plan (towns, grids, persons, venues), the
 * generator's state and its draws. synth_move.h is the interface; only
 * synth_move.c (the plan, venues, daily routines and scans),
 * synth_venue_names.c (the kinds' shares and name templates) and
 * synth_vehicles.c (checkpoints and passes) include this.
 */
#ifndef LF_SYNTH_MOVE_INT_H
#define LF_SYNTH_MOVE_INT_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/checkpoint.h"
#include "core/types/node.h"
#include "core/types/scan.h"
#include "sim/synth.h"
#include "sim/synth_move.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define SCAN_BATCH 8192         /* scans written with one statement */
#define NONE UINT32_MAX         /* no venue (index into struct mv.venues) */

struct store_tx;

/* --- kinds of venue (synth_venue_names.c) ---------------------------------- */

enum kind {
    K_SUPERMARKET, K_RESTAURANT, K_MARKET, K_PHARMACY, K_SCHOOL, K_FACTORY, K_OFFICE,
    K_HOSPITAL, K_BUS, K_HOTEL, K_BANK, K_BARBER, K_GYM, K_OTHER, N_KINDS
};

/* A kind of venue: its type, its share and its name templates. */
struct synth_venue_kind {
    int type;                  /* enum venue_type */
    unsigned share;            /* per mille of venues */
    const char *const *names;  /* templates: see synth_venue_names.c */
    size_t n_names;
};

/* In enum kind order; the shares add up to 1000. */
extern const struct synth_venue_kind synth_move__kinds[N_KINDS];

/* --- the plan and the generator's state ------------------------------------ */

struct town {
    char code[NODE_CODE_MAX];
    char name[NODE_NAME_CHARS * 4 + 1];
    int is_urban;
};

struct place {                  /* a grid */
    char code[NODE_CODE_MAX];
    uint32_t town, comm;
    uint32_t n_persons;
};

struct mover {
    int64_t id;
    int64_t household;
    uint32_t place;
    uint8_t age, sex;
};

struct mv_venue {
    int64_t id;
    uint32_t town;
    uint8_t kind;
};

/* One run of synth_movement(): its arguments, the plan, the open
 * transaction and the buffer of scans not yet written. */
struct mv {
    struct lf_ctx *ctx;
    const struct lf_who *who;
    const struct synth_move_params *p;
    struct lf_err *err;
    int64_t now, today;

    struct town *towns;
    size_t n_towns;
    char (*comms)[NODE_NAME_CHARS * 4 + 1];
    size_t n_comms;
    struct place *places;
    size_t n_places;
    struct mover *movers;
    size_t n_movers;
    struct mv_venue *venues;
    size_t n_venues;
    /* venue indexes by town and kind: by_town[town_start[t * N_KINDS + k] ..
     * town_start[t * N_KINDS + k + 1]); by kind over the county alike */
    uint32_t *by_town, *by_kind;
    size_t *town_start, kind_start[N_KINDS + 1];
    struct checkpoint *checkpoints;
    size_t n_checkpoints;

    struct store_tx *tx;
    struct scan_row rows[SCAN_BATCH];
    size_t n_rows;
    long in_tx;
    struct synth_move_stats st, committed;
};

/* --- draws ----------------------------------------------------------------- */

/* A generator's state from the seed and two keys (a person, a day, a tag). */
static inline uint64_t hash3(uint64_t seed, uint64_t a, uint64_t b)
{
    uint64_t x = seed ^ (a * 0x9e3779b97f4a7c15ull) ^ (b * 0xc2b2ae3d27d4eb4full);
    return synth__splitmix(&x);
}

static inline unsigned below(uint64_t *r, unsigned n)     /* uniform 0..n-1 */
{
    return (unsigned)(((synth__splitmix(r) >> 32) * n) >> 32);
}

/* True with probability p / 1000. */
static inline int per_mille(uint64_t *r, unsigned p)
{
    return below(r, 1000) < p;
}

/* --- checkpoints and passes (synth_vehicles.c) ----------------------------- */

/* Two or three checkpoints per town, stored in s->tx; counts them in
 * s->st.checkpoints. */
int synth_move__make_checkpoints(struct mv *s);
/* The vehicles of day (days since 1970-01-01) through the checkpoints:
 * a pass and a check for each occupant, counted in s->st. */
int synth_move__day_passes(struct mv *s, int64_t day);

#endif
