/*
 * synth_move.h - the movement of the synthetic city (module 16): venues
 * (场所码) in the generated communities, each person's daily routine as
 * scans, and traffic checkpoints (交通检疫卡点) with daily passes and
 * their checks, for the demo, the benchmarks and tracing's tests.
 *
 * It runs after synth_population() over the persons of the ledger below
 * p->root (those with a household):
 * - venues: about one per 20 residents, of the types of venue.h in
 *   realistic shares (restaurants, supermarkets, barbers, ... a few
 *   hospitals), each at a grid chosen in proportion to its residents (so
 *   towns get venues in proportion to population), with a Chinese name,
 *   address and contact, approved with a code drawn by the store;
 * - scans: for each of p->days days ending today (UTC+8), each person's
 *   day from a routine that depends on age and a job: school, work
 *   (factory, office, shop), breakfast, lunch, markets, supermarkets,
 *   pharmacies, buses... about 5 scans per person per day, at times
 *   plausible for the venue type, never after now;
 * - checkpoints: two or three per town, and each day passes with checks
 *   for drivers and their passengers (1-4 persons in a vehicle with one
 *   valid plate, checked at the same second: vehicle contacts).
 *
 * Invariants: every scan's venue is an approved venue of the run; every
 * scan lies in [start of the first day, now), within the 28-day scan
 * retention; every plate passes validate_plate().
 *
 * Determinism: a person's day is drawn from a generator seeded by (seed,
 * person id, day) alone, so the same seed over the same population gives
 * the same venues (names, places, types, ids), scans and passes; only the
 * random codes of venues, checkpoints and passes differ (the store and
 * checkpoint_code_new() draw them from libsodium, as they must be
 * unguessable).
 *
 * Streaming: scans go to the store day by day, person by person, through
 * a fixed buffer, committed every million; memory holds the persons (24
 * bytes each) and the venues, never the scans. As with synth_population(),
 * a failure keeps the committed part, and the audit row "synth.movement"
 * records the counts (success 0 or 1).
 *
 * Only the system caller may run it (synth.h).
 */
#ifndef LF_SYNTH_MOVE_H
#define LF_SYNTH_MOVE_H
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"

#define SYNTH_DAYS_MAX 28          /* the scan retention (scan.h) */

struct synth_move_params {
    const char *root;   /* node whose persons move: as synth_params.root */
    int days;           /* 1 to SYNTH_DAYS_MAX: today and days-1 before */
    uint64_t seed;      /* same seed, same venues, scans and passes */
};

struct synth_move_stats {
    long venues, checkpoints;
    long persons;       /* persons who move (with a household) */
    long scans;         /* scans stored */
    long vehicles, passes, checks;
    int64_t from_utc;   /* the first day's start (00:00 UTC+8) */
    int64_t to_utc;     /* now: every scan is before it */
};

/* Venues, scans, checkpoints and passes below p->root; *out gets the
 * counts (of the committed part when it fails). Fails with
 * LF_ERR_INVALID ("root", "days"), LF_ERR_FORBIDDEN, LF_ERR_NOTFOUND
 * ("root"), or a store error. No persons below root: nothing to do. */
int synth_movement(struct lf_ctx *ctx, const struct lf_who *who,
                   const struct synth_move_params *p, struct synth_move_stats *out,
                   struct lf_err *err);

/* --- the outbreak (synth_outbreak.c) --------------------------------------- */
/*
 * synth_outbreak() spreads an infection over the scans that
 * synth_movement() wrote and records the truth in the table infection:
 * p->seeds persons infected on the first day; then, day by day, each
 * infectious person infects those whose stay at a venue overlapped theirs
 * (a probability per overlapping minute, shared out in crowds) and the
 * members of their household (a probability per day). Each infection has
 * an incubation (lognormal, mean about 5 days), an onset when
 * symptomatic, and a detection for some (a day or two after onset, or
 * by screening); times after now are left NULL (not yet). The model and
 * its parameters: docs/SYNTHETIC.md.
 *
 * Invariants: every non-seed infection has an infector infected before
 * it; a venue infection's infector and infected both have scans at that
 * venue whose stays (the venue type's) overlap, the infection at the
 * later of the two scans; a household infection's infector lives in the
 * same household. Deterministic for a seed, like the movement (draws are
 * hashes of seed, persons and times). One transaction, audited
 * "synth.outbreak". Memory: the infections and the persons' ids.
 */
struct synth_outbreak_params {
    const char *root;
    int days;           /* the days of the movement (1 to SYNTH_DAYS_MAX) */
    uint64_t seed;
    long seeds;         /* initial infections, 1 to 10,000 */
};

struct synth_outbreak_stats {
    long infections, seeds, by_venue, by_household, symptomatic, detected;
};

/* Fails with LF_ERR_INVALID ("root", "days", "seeds"), LF_ERR_FORBIDDEN,
 * or a store error; CONFLICT ("seeds") if infections exist already. */
int synth_outbreak(struct lf_ctx *ctx, const struct lf_who *who,
                   const struct synth_outbreak_params *p, struct synth_outbreak_stats *out,
                   struct lf_err *err);

/* The outbreak's detected infections as cases (synth_cases.c): confirmed
 * with onset, else asymptomatic; sample and isolation the day of
 * detection; linked to the infector's case when the infector was detected
 * first. Through case_create() (who needs PERM_CASE_WRITE: the command
 * line's system caller). */
int synth_cases(struct lf_ctx *ctx, const struct lf_who *who, long *n_cases,
                long *n_linked, struct lf_err *err);

#endif
