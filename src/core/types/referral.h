/*
 * types/referral.h - the plain types of fever referrals (发热转诊): what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_REFERRAL_H
#define LF_TYPES_REFERRAL_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/checkpoint.h"
#include "core/types/ledger.h"
#include "core/types/node.h"

enum referral_status { REFERRAL_PENDING = 0, REFERRAL_RECEIVED = 1, REFERRAL_CLOSED = 2 };

/* A fever referral (发热转诊) to the community the person belongs to. */
struct referral {
    int64_t id;
    int64_t check_id;
    int64_t person_id;                   /* 0 when not in the ledger */
    char community[NODE_CODE_MAX];       /* or a town/county, see referral.h */
    char community_name[NODE_NAME_CHARS * 4 + 1];    /* filled by reads */
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];
    char phone[PHONE_MAX];
    int temp_tenths;
    int64_t checkpoint_id;               /* filled by reads, from the check */
    char checkpoint_name[NODE_NAME_CHARS * 4 + 1];
    int64_t checked_utc;
    int status;                          /* enum referral_status */
    int64_t handled_by;
    int64_t handled_utc;
    char remarks[REMARKS_CHARS * 4 + 1];
    int64_t created_utc;
};

struct referral_list {
    struct referral *items;
    size_t n;
};

#endif
