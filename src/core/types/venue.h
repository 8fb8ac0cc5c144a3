/*
 * types/venue.h - the plain types of venue codes (场所码): what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_VENUE_H
#define LF_TYPES_VENUE_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/ledger.h"
#include "core/types/node.h"

#define VENUE_NAME_CHARS 64

#define VENUE_CODE_LEN 16            /* base32 characters of the QR token */

#define VENUE_REASON_CHARS 200

enum venue_status { VENUE_APPLIED = 0, VENUE_APPROVED = 1, VENUE_REJECTED = 2 };

struct venue {
    int64_t id;
    char node[NODE_CODE_MAX];        /* the town, community or grid it is in */
    char node_name[NODE_NAME_CHARS * 4 + 1];   /* filled by reads */
    char name[VENUE_NAME_CHARS * 4 + 1];
    int type;                        /* enum venue_type (core/venue.h) */
    char address[ADDRESS_CHARS * 4 + 1];
    char contact_name[PERSON_NAME_CHARS * 4 + 1];
    char contact_phone[PHONE_MAX];
    int status;                      /* enum venue_status */
    char reason[VENUE_REASON_CHARS * 4 + 1];
    int64_t applicant_id;            /* 0: registered in bulk */
    int64_t reviewer_id;             /* 0: not decided */
    int64_t reviewed_utc;
    int64_t created_utc;
    char code[VENUE_CODE_LEN + 1];   /* "" until approved */
};

struct venue_list {
    struct venue *items;
    size_t n;
};

/* Filter of store_venue_list(): all given conditions hold; by id. */
struct venue_query {
    const char *node;                /* subtree; required */
    int status;                      /* enum venue_status, -1 = any */
    int64_t applicant_id;            /* 0 = anyone's */
    int64_t after_id;                /* paging: venues with a larger id */
    unsigned limit;                  /* 1..500 */
};

/* Venues of one node's subtree by status. */
struct venue_count_row {
    char code[NODE_CODE_MAX];
    char name[NODE_NAME_CHARS * 4 + 1];
    long applied, approved, rejected;
};

struct venue_counts {
    struct venue_count_row total;    /* the whole subtree */
    struct venue_count_row direct;   /* venues at the node itself, in no child */
    struct venue_count_row *children;
    size_t n_children;
};

#endif
