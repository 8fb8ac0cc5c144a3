/*
 * types/tracing_eval.h - the synthetic outbreak's truth as the tracing
 * evaluation reads it (the infection table). No functions.
 */
#ifndef LF_TYPES_TRACING_EVAL_H
#define LF_TYPES_TRACING_EVAL_H
#include <stddef.h>
#include <stdint.h>

/* How a person was infected (infection.kind). */
enum infection_kind {
    INFECTION_SEED = 1,         /* the outbreak's start: no infector */
    INFECTION_VENUE = 2,        /* at a venue (venue_id) */
    INFECTION_HOUSEHOLD = 3,    /* at home */
};

/* One row of the truth. Times are UTC seconds; 0 for NULL (no onset: an
 * asymptomatic infection; not detected; a seed has no infector). */
struct infection {
    int64_t person_id;
    int64_t infector_id;
    int64_t venue_id;
    int kind;                   /* enum infection_kind */
    int64_t infected_utc;
    int64_t onset_utc;
    int64_t detected_utc;
};

/* A list the store appends to (the caller sets n = 0 to reuse it and
 * frees items). */
struct infection_list {
    struct infection *items;
    size_t n, cap;
};

#endif
