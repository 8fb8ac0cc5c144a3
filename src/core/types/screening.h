/*
 * types/screening.h - the plain types of screening rounds (排查轮次), visits, coverage: what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_SCREENING_H
#define LF_TYPES_SCREENING_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/ledger.h"
#include "core/types/node.h"

/* Outcome of a screening visit (入户排查). */
enum visit_outcome {
    VISIT_NONE = 0,              /* not visited in this round */
    VISIT_DONE = 1,              /* 已走访 */
    VISIT_NOBODY_HOME = 2,       /* 无人在家, come back */
    VISIT_EMPTY = 3,             /* 空置房 verified */
    VISIT_REFUSED = 4            /* 拒绝配合 */
};

struct screening_round {
    int64_t id;
    char node[NODE_CODE_MAX];
    int number;                  /* 1, 2, ... per node */
    char name[NODE_NAME_CHARS * 4 + 1];
    int64_t started_utc;
    int64_t closed_utc;          /* 0 = open */
};

/* A household as a grid worker's to-visit list shows it. */
struct household_row {
    struct household h;
    int outcome;                 /* enum visit_outcome in the round */
    int64_t visited_utc;
    char head_name[PERSON_NAME_CHARS * 4 + 1];
    char head_id[ID_NUMBER_MAX];     /* filled by store_household_page() */
    char head_phone[PHONE_MAX];
};

struct household_list {
    struct household_row *items;
    size_t n;
};

/* Coverage of one node in a round (不漏一户、不漏一人). */
struct coverage_row {
    char code[NODE_CODE_MAX];
    char name[NODE_NAME_CHARS * 4 + 1];
    long households, visited, nobody_home, empty, refused;
    long persons, floating, arrivals;
};

struct coverage {
    struct coverage_row total;
    struct coverage_row *children;
    size_t n_children;
};

#endif
