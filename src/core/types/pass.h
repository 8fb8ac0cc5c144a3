/*
 * types/pass.h - the plain types of daily passes (一码通行) and their checks: what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_PASS_H
#define LF_TYPES_PASS_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/checkpoint.h"
#include "core/types/ledger.h"
#include "core/types/node.h"

/* One submission of the public form, valid on day only (当日有效、全市通行). */
struct pass {
    int64_t id;
    char code[CODE_CHARS + 1];
    int64_t day;                         /* days since 1970-01-01 in UTC+8 */
    int64_t checkpoint_id;               /* where it was submitted */
    char checkpoint_name[NODE_NAME_CHARS * 4 + 1];   /* filled by reads */
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];
    char phone[PHONE_MAX];
    char plate[PLATE_MAX];               /* "" for passengers, pedestrians */
    char origin_code[NODE_CODE_MAX];
    char origin_name[NODE_NAME_CHARS * 4 + 1];
    char remarks[REMARKS_CHARS * 4 + 1];
    int64_t person_id;                   /* 0 when not in the ledger */
    int64_t created_utc;
};

enum check_outcome { CHECK_PASSED = 1, CHECK_TURNED_BACK = 2 };  /* 放行, 劝返 */

/* One verification of a pass at a checkpoint. */
struct pass_check {
    int64_t id;
    int64_t pass_id;
    int64_t checkpoint_id;
    char checkpoint_name[NODE_NAME_CHARS * 4 + 1];   /* filled by reads */
    int64_t staff_id;
    int64_t at_utc;
    int64_t day;                         /* of at_utc, in UTC+8 */
    int temp_tenths;                     /* 0.1 °C */
    int id_confirmed;
    int outcome;                         /* enum check_outcome */
    int fever;
    char remarks[REMARKS_CHARS * 4 + 1];
};

struct pass_check_list {
    struct pass_check *items;
    size_t n;
};

/* A checkpoint pass of a person: submitted (check_id 0) or checked. */
struct pass_stop {
    int64_t pass_id;
    int64_t check_id;                    /* 0: the submission */
    int64_t at_utc;
    int64_t checkpoint_id;
    char checkpoint_name[NODE_NAME_CHARS * 4 + 1];
    char road[ADDRESS_CHARS * 4 + 1];
    char plate[PLATE_MAX];
    int temp_tenths;                     /* checks */
    int outcome;                         /* checks: enum check_outcome */
};

struct pass_stop_list {
    struct pass_stop *items;
    size_t n;
};

#endif
