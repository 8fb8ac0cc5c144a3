/*
 * types/contact.h - the plain types of contacts of a case (密接): what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_CONTACT_H
#define LF_TYPES_CONTACT_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/checkpoint.h"
#include "core/types/ledger.h"
#include "core/types/node.h"
#include "core/types/venue.h"

enum contact_status { CONTACT_PROPOSED = 0, CONTACT_CONFIRMED = 1, CONTACT_DISMISSED = 2 };

struct contact {
    int64_t id;
    int64_t case_id;
    int64_t person_id;
    int kind;                            /* enum contact_kind (tracing.h) */
    int64_t via_person_id, venue_id, checkpoint_id;   /* 0: none */
    char plate[PLATE_MAX];
    int64_t from_utc, to_utc;
    int overlap_minutes, n_encounters;
    int status;                          /* enum contact_status */
    int64_t decided_by, decided_at;
    char reason[REMARKS_CHARS * 4 + 1];
    int64_t proposed_utc;
    /* filled by reads */
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];
    char phone[PHONE_MAX];
    char grid[NODE_CODE_MAX];
    char via_name[PERSON_NAME_CHARS * 4 + 1];
    char venue_name[VENUE_NAME_CHARS * 4 + 1];
    char checkpoint_name[NODE_NAME_CHARS * 4 + 1];
};

struct contact_list {
    struct contact *items;
    size_t n;
};

#endif
