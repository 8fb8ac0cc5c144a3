/*
 * synth.h - the synthetic population (合成人口) of module 16: households,
 * persons and arrivals (来返人员) for the demo, the benchmarks and the tests.
 *
 * synth_population() fills every grid below a node with households whose
 * sizes, members, ages, names, ID numbers and phones look like a Chinese
 * county's: household sizes of mean about 2.6, an age pyramid after the 2020
 * census, a sex ratio near 105:100, 10-15 % floating population (流动人口)
 * whose ID numbers carry another real county's code, and about 2 % arrivals
 * from a real county within the last 20 days.
 *
 * Invariants of what it writes:
 * - every ID number is 18 characters, passes validate_id_number(), and its
 *   region, birth date and sex (sequence parity) are those of the person;
 *   residents carry their grid's county code (the first 6 digits of the
 *   grid's code), floating persons another level-3 code of the division
 *   registry;
 * - ID numbers are unique, also against persons already in the ledger (a
 *   collision is drawn again);
 * - each household has exactly one member flagged PERSON_HEAD (relation
 *   户主), n_members equal to its persons, and every arrival's person has
 *   PERSON_ARRIVAL;
 * - the same seed, root and today over the same fresh tree give the same
 *   rows, id for id.
 *
 * Streaming: rows go in as they are made, in transactions of a few thousand
 * households, so memory depends on the tree (grids, counties) and never on
 * the population; 1,000,000 persons need a few MB. The price is that the
 * operation is not one transaction: a failure part way keeps the chunks
 * already committed, reports them in *out, and records them in an audit row
 * "synth.population" with success 0. A complete run writes that row with
 * success 1 in the same transaction as its last chunk.
 *
 * Only the system caller (user_id 0: the command line, tests, benchmarks)
 * may synthesise a population, and only below a node it may edit
 * (PERM_NODE_EDIT): invented people must never reach a real ledger through
 * an account.
 */
#ifndef LF_SYNTH_H
#define LF_SYNTH_H
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/synth.h"

#define SYNTH_POPULATION_MAX 10000000L

struct synth_params {
    const char *root;          /* node whose grids get the population: the
                                  deployment's county or city, or any node
                                  below it */
    long population;           /* persons, 0 to SYNTH_POPULATION_MAX */
    uint64_t seed;             /* same seed, same population */
    int64_t today_days;        /* days since 1970-01-01 in the deployment's
                                  zone: birth dates and arrivals end here */
    const char *divisions_dir; /* data/divisions, for the names of arrival
                                  origins (县区 with province and city);
                                  NULL: the province's name only */
};

struct synth_stats {
    long households, persons, floating, arrivals;
};

/* Populate every grid below p->root; *out gets the counts (also of the
 * part committed when it fails). Fails with LF_ERR_INVALID ("root": not a
 * node code, or no grids below it; "population"; "today_days"),
 * LF_ERR_FORBIDDEN, LF_ERR_NOTFOUND ("root"), or a store error. */
int synth_population(struct lf_ctx *ctx, const struct lf_who *who,
                     const struct synth_params *p, struct synth_stats *out,
                     struct lf_err *err);

/* --- inside the module ---------------------------------------------------- */
/* splitmix64: advances *x and returns the next value; also a good 64-bit
 * hash of a number (the movement and outbreak of synth_move.c draw from
 * it per person and day, so they do not depend on the order of work). */
uint64_t synth__splitmix(uint64_t *x);
/* Only the system caller (user_id 0) with PERM_NODE_EDIT on root may
 * synthesise anything: LF_ERR_FORBIDDEN ("root") otherwise. */
int synth__check_caller(const struct lf_who *who, const char *root, struct lf_err *err);

/* What stays of a broken run, on record: an audit row of action with
 * success 0 and detail, in a transaction of its own; errors are ignored
 * (the caller's *err already says what went wrong). */
void synth__audit_partial(struct lf_ctx *ctx, const struct lf_who *who, const char *action,
                          const char *root, const char *detail);

/* The data tables of synth_names.c */
/* Each picker takes a uniform random 64-bit number r and returns a
 * borrowed, static UTF-8 string (or an index), drawn with the table's
 * weights. */

enum synth_relation {
    SYNTH_HEAD,        /* 户主 */
    SYNTH_SPOUSE,      /* 配偶 */
    SYNTH_CHILD,       /* 子女 */
    SYNTH_PARENT,      /* 父母 */
    SYNTH_GRANDCHILD,  /* 孙子女 */
    SYNTH_OTHER        /* 其他 */
};
const char *synth__relation_name(enum synth_relation rel);

/* Generations of given names: born before 1965, 1965-1994, from 1995. */
enum synth_era { SYNTH_ERA_OLD, SYNTH_ERA_MID, SYNTH_ERA_YOUNG };

/* Surnames by their share of China's population (top 100 and a tail). */
const char *synth__surname(uint64_t r);
/* One character of a given name for sex 1 (male) or 2 (female). */
const char *synth__given_char(int sex, enum synth_era era, uint64_t r);

/* Age bands of 5 years (0 = 0-4 ... 19 = 95-99) for one kind of person. */
enum synth_ages {
    SYNTH_AGES_CENSUS,  /* the 2020 census pyramid, everyone */
    SYNTH_AGES_SINGLE,  /* people living alone */
    SYNTH_AGES_HEAD     /* heads of households of 2 and more */
};
int synth__age_band(enum synth_ages table, uint64_t r);
/* Household size 1..7 (7 stands for 7 and more). */
int synth__household_size(uint64_t r);

/* Addresses: the name of a housing estate (锦绣花园), a road (建设路). */
const char *synth__estate_head(uint64_t r);
const char *synth__estate_suffix(uint64_t r);
const char *synth__road(uint64_t r);

/* "138": the first three digits of a mobile number. */
const char *synth__phone_prefix(uint64_t r);
/* 自驾, 高铁, ... */
const char *synth__transport(uint64_t r);
/* The name of the province of a division code ("41..." → 河南省), or "". */
const char *synth__province_name(const char *code);

#endif
