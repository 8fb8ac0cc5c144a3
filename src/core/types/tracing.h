/*
 * types/tracing.h - the plain types of the contact engine (密接追踪): its
 * rules, its proposals, and the lists the store fills for it. No functions.
 */
#ifndef LF_TYPES_TRACING_H
#define LF_TYPES_TRACING_H
#include <stddef.h>
#include <stdint.h>

/* The rules, in one place (docs/TRACING.md documents them). */
struct tracing_rules {
    int days_before_onset;      /* infectious window starts this many days
                                   before onset (or before the positive
                                   sample when there is no onset); 4 */
    int min_overlap_minutes;    /* co-presence at a venue counts from this
                                   many minutes of overlapping stay; 15 */
    int stay_minutes_override;  /* > 0: every scan is a stay this long,
                                   whatever the venue type; 0: by type */
    int vehicle_window_minutes; /* checks of one plate within this many
                                   minutes are one trip; 30 */
    int household;              /* household members are close contacts; 1 */
    int secondary;              /* household members of close contacts are
                                   secondary contacts; 1 */
};

enum contact_kind {
    CONTACT_VENUE = 1,          /* same venue, overlapping stay */
    CONTACT_HOUSEHOLD = 2,      /* same household */
    CONTACT_VEHICLE = 3,        /* same plate, same trip */
    CONTACT_SECONDARY = 4,      /* household member of a close contact */
};

/* One proposed contact: who, why, and the strongest piece of evidence
 * (the longest overlap; for a secondary contact, the close contact). */
struct contact_proposal {
    int64_t person_id;
    int kind;                   /* enum contact_kind */
    int64_t via_person_id;      /* CONTACT_SECONDARY: the close contact */
    int64_t venue_id;           /* CONTACT_VENUE */
    int64_t checkpoint_id;      /* CONTACT_VEHICLE */
    char plate[16];             /* CONTACT_VEHICLE */
    int64_t from_utc, to_utc;   /* the overlap (venue, vehicle) */
    int overlap_minutes;        /* venue: minutes together */
    int n_encounters;           /* how many overlaps in all */
};

struct contact_proposal_list {
    struct contact_proposal *items;
    size_t n;
};

/* The engine's reads (store/tracing.h): lists the store appends to, so one
 * buffer serves every probe of a call. The caller sets n = 0 to reuse a
 * list and frees items. */

/* A scan of the index person, with its venue's type (0: venue unknown). */
struct tracing_stop {
    int64_t venue_id;
    int64_t at_utc;
    int venue_type;
};
struct tracing_stop_list {
    struct tracing_stop *items;
    size_t n, cap;
};

/* A scan at the probed venue. */
struct tracing_visit {
    int64_t at_utc;
    int64_t person_id;
};
struct tracing_visit_list {
    struct tracing_visit *items;
    size_t n, cap;
};

/* A checkpoint check of a pass with a plate. person_id is the ledger's
 * person (pass.person_id, else by ID number), 0 if unknown. */
struct tracing_check {
    int64_t check_id;
    int64_t at_utc;
    int64_t checkpoint_id;
    int64_t person_id;
    char plate[16];
};
struct tracing_check_list {
    struct tracing_check *items;
    size_t n, cap;
};

struct tracing_id_list {
    int64_t *items;
    size_t n, cap;
};

/* A key and a value (a person and another, an id and an index). */
struct tracing_pair {
    uint64_t key;
    uint64_t val;
};
struct tracing_pair_list {
    struct tracing_pair *items;
    size_t n, cap;
};

#endif
