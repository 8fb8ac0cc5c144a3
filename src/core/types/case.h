/*
 * types/case.h - the plain types of cases (确诊病例), case events, manual trajectory entries: what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_CASE_H
#define LF_TYPES_CASE_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/checkpoint.h"
#include "core/types/ledger.h"
#include "core/types/node.h"
#include "core/types/user.h"

#define CASE_NO_DATE INT64_MIN           /* a date not known (NULL) */

#define HOSPITAL_CHARS 64

#define PLACE_CHARS 64

struct epi_case {
    int64_t id;
    int64_t person_id;
    char node[NODE_CODE_MAX];            /* jurisdiction: person's grid or reporter's node */
    int status;                          /* enum case_status */
    int64_t onset_days;                  /* CASE_NO_DATE if none */
    int64_t sample_days;                 /* positive sample; CASE_NO_DATE if none */
    int64_t isolation_days;              /* CASE_NO_DATE if not yet */
    char hospital[HOSPITAL_CHARS * 4 + 1];
    int source;                          /* enum case_source */
    int64_t source_case_id;              /* 0: none */
    char source_remarks[REMARKS_CHARS * 4 + 1];
    int64_t created_by;
    int64_t created_utc;
    int64_t updated_utc;
    /* filled by reads: the person */
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];
    char phone[PHONE_MAX];
    char grid[NODE_CODE_MAX];
};

struct epi_case_list {
    struct epi_case *items;
    size_t n;
};

struct case_event {
    int64_t id;
    int64_t case_id;
    int from_status, to_status;          /* from 0: the case was reported */
    int64_t at_utc;
    int64_t user_id;
    char username[USERNAME_MAX];         /* filled by reads; "" for the command line */
    char remarks[REMARKS_CHARS * 4 + 1];
};

struct case_event_list {
    struct case_event *items;
    size_t n;
};

struct trajectory_entry {
    int64_t id;
    int64_t case_id;
    char place[PLACE_CHARS * 4 + 1];
    char address[ADDRESS_CHARS * 4 + 1];
    int64_t venue_id;                    /* 0: not a registered venue */
    int64_t from_utc, to_utc;
    char remarks[REMARKS_CHARS * 4 + 1];
    int64_t created_by;
    int64_t created_utc;
};

struct trajectory_entry_list {
    struct trajectory_entry *items;
    size_t n;
};

#endif
