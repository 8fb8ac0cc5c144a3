/*
 * types/synth.h - the rows the synthetic city reads and writes in bulk
 * (store/synth.h). No functions.
 */
#ifndef LF_TYPES_SYNTH_H
#define LF_TYPES_SYNTH_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/node.h"

/* A person as the movement generator (sim/synth_move.c) needs them. */
struct synth_person_row {
    int64_t id;
    int64_t household_id;
    int64_t birth_days;
    int sex;
    char grid[NODE_CODE_MAX];
};

/* One infection of the synthetic outbreak (0008_outbreak.sql); 0 stands
 * for NULL in infector_id, venue_id, onset_utc and detected_utc. */
struct synth_infection {
    int64_t person_id, infector_id, venue_id;
    const char *kind; /* "seed", "venue", "household" */
    int64_t infected_utc, onset_utc, detected_utc;
};

#endif
