/*
 * tracing_eval.h - how good is contact tracing (密接追踪质量)? The engine
 * (tracing.h) measured against a synthetic outbreak's truth: the infection
 * table written by `lianfang demo --outbreak K` says who infected whom.
 *
 * Each detected infection (detected_utc set) is a case. Its infectious
 * window runs from rules.days_before_onset days before onset (before
 * detection when there is no onset) until detection, when the case is
 * isolated. tracing_find() names the case's contacts in that window; the
 * case's true infectees are the people it infected (infector_id) inside
 * the window. Recall is the share of true infectees named; cost is the
 * number of people named, per true infectee and per case.
 * docs/TRACING.md, "Tracing quality", says how to read the figures.
 *
 * Memory: the cases are read a page at a time and each case's proposals
 * are freed before the next, so an evaluation holds one page of cases,
 * one case's infectees and one proposal list, whatever the outbreak's size.
 */
#ifndef LF_CORE_TRACING_EVAL_H
#define LF_CORE_TRACING_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/tracing.h"
#include "core/types/tracing_eval.h"
#include "core/types/tracing.h"

struct store_tx;

/* One set of rules to evaluate, named for the report ("default",
 * "overlap_5", ...; a static string). */
struct tracing_eval_set {
    const char *name;
    struct tracing_rules rules;
};

/* The rule sets `lianfang eval tracing` compares: the defaults, then one
 * change each (minimum overlap 5 and 30 minutes, no household rule, no
 * secondary contacts, every stay 60 minutes), into out. */
#define TRACING_EVAL_N_SETS 6
void tracing_eval_sets_default(struct tracing_eval_set out[TRACING_EVAL_N_SETS]);

/* The figures of one rule set over all evaluated cases. Counts are
 * summed over cases: a person named by two cases counts twice. */
struct tracing_eval_result {
    const char *name;           /* the set's (borrowed) */
    long n_cases;               /* detected infections evaluated */
    long n_infectees;           /* true infectees inside their case's window */
    long n_found_close;         /* of those, named as close contacts */
    long n_found;               /* named as close or secondary contacts */
    long n_named_close;         /* close contacts proposed, all cases */
    long n_named;               /* close and secondary contacts proposed */
    long n_by_kind[4];          /* n_infectees by enum infection_kind */
    long n_found_by_kind[4];    /* n_found by enum infection_kind */
};

/* Evaluate the n_sets rule sets on the first max_cases detected infections
 * (0: all) in order of detection, then person id; fills out[0..n_sets).
 * Reads only, inside the caller's transaction. Fails with LF_ERR_NOTFOUND,
 * field "infection", when the database has no outbreak (no infection
 * table, or no detected infection), LF_ERR_INVALID for bad rules. */
int tracing_eval_run(struct store_tx *tx, const struct tracing_eval_set *sets,
                     size_t n_sets, long max_cases,
                     struct tracing_eval_result *out, struct lf_err *err);
/* The same in a read transaction of its own on ctx's database (the
 * command line's `lianfang eval tracing`). */
int tracing_eval(struct lf_ctx *ctx, const struct tracing_eval_set *sets, size_t n_sets,
                 long max_cases, struct tracing_eval_result *out, struct lf_err *err);

#endif
