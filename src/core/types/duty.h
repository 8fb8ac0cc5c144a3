/*
 * types/duty.h - the plain types of duty assignments (包抓、包保): a named
 * official who answers for a node (县领导包镇、镇领导包村) or for a person
 * of it. No functions. Text fields are fixed-size UTF-8, NUL-terminated;
 * times are UTC seconds.
 */
#ifndef LF_TYPES_DUTY_H
#define LF_TYPES_DUTY_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/ledger.h"
#include "core/types/node.h"

#define DUTY_TITLE_CHARS 32
#define DUTY_REASON_CHARS 200

/* What the official answers for. */
enum duty_kind {
    DUTY_LEAD = 1,              /* 包抓: a leader answers for a node */
    DUTY_CARER = 2              /* 包保: a carer answers for a person (4包1) */
};

struct duty {
    int64_t id;
    char node[NODE_CODE_MAX];
    char node_name[NODE_NAME_CHARS * 4 + 1];       /* filled by reads */
    int64_t person_id;                             /* 0: the node itself */
    int kind;                                      /* enum duty_kind */
    char name[PERSON_NAME_CHARS * 4 + 1];
    char title[DUTY_TITLE_CHARS * 4 + 1];
    char phone[PHONE_MAX];
    int64_t from_days;
    int64_t assigned_by;
    int64_t created_utc;
    int64_t ended_utc;                             /* 0: in force */
    int64_t ended_by;
    char end_reason[DUTY_REASON_CHARS * 4 + 1];
};

struct duty_list {
    struct duty *items;
    size_t n;
};

#endif
