/*
 * types/ledger.h - the plain types of the screening ledger (排查台账): households and persons: what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_LEDGER_H
#define LF_TYPES_LEDGER_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/node.h"

#define ADDRESS_CHARS 128

#define PERSON_NAME_CHARS 32

#define RELATION_CHARS 8

#define ID_NUMBER_MAX 19         /* 18 + NUL */

#define PHONE_MAX 12             /* 11 + NUL */

/* What other modules mark on a person. */
enum person_flags {
    PERSON_ARRIVAL = 1 << 0,     /* 来返人员 within the watch period */
    PERSON_QUARANTINE = 1 << 1,
    PERSON_CASE = 1 << 2,
    PERSON_CONTACT = 1 << 3,
    PERSON_HEAD = 1 << 4,        /* head of household (户主) */
    PERSON_FEVER = 1 << 5        /* a fever (≥ 37.3 °C) found at a checkpoint */
};

struct household {
    int64_t id;
    char grid[NODE_CODE_MAX];
    char address[ADDRESS_CHARS * 4 + 1];
    int n_members;
    int64_t created_utc;
    int64_t updated_utc;
    int64_t deleted_utc;             /* 0: live (soft deletion) */
};

#define BIRTH_UNKNOWN INT64_MIN

struct person {
    int64_t id;
    int64_t household_id;
    char grid[NODE_CODE_MAX];
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];   /* "" if none (a foreigner, a newborn) */
    int sex;                         /* GB/T 2261.1: 0 unknown, 1, 2, 9 */
    int64_t birth_days;              /* BIRTH_UNKNOWN if not known */
    char phone[PHONE_MAX];
    char relation[RELATION_CHARS * 4 + 1];
    int is_floating;                 /* 流动人口 */
    unsigned flags;                  /* enum person_flags */
    int64_t created_utc;
    int64_t updated_utc;
    int64_t deleted_utc;             /* 0: live; else gone from lists */
};

/* A person as lists show them: with the household's address. */
struct person_row {
    struct person p;
    char address[ADDRESS_CHARS * 4 + 1];
};

struct person_list {
    struct person_row *items;
    size_t n;
};

/* Filter of person_list(): all given conditions hold. */
struct person_query {
    const char *node;            /* subtree; required */
    const char *id_number;       /* exact */
    const char *name;            /* exact */
    const char *phone;           /* exact */
    const char *address;         /* substring of the household address */
    int64_t household_id;        /* 0 = any */
    unsigned limit;              /* 1..500 */
    int64_t after_id;            /* paging: persons with a larger id */
    int visitors;                /* also persons without a grid (known only
                                    from scans or passes: they belong to the
                                    deployment's top) */
};

#define LEDGER_REASON_CHARS 100
#define LEDGER_VALUE_MAX (ADDRESS_CHARS * 4 + 1)

/* One line of a record's history (变更记录): a changed field, or a change
 * without one (field ""): a deletion, a transfer asked for or decided.
 * action: "create", "edit", "move", "transfer_out", "transfer_in",
 * "delete", "import". Values are stored whole; replies mask them. */
struct ledger_change {
    int64_t id;
    int64_t person_id;               /* 0: the household's own change */
    int64_t household_id;
    int64_t at_utc;
    int64_t user_id;                 /* 0: the command line */
    char username[33];
    char action[16];
    char field[16];                  /* "phone", "address", "grid", ... */
    char old_value[LEDGER_VALUE_MAX];
    char new_value[LEDGER_VALUE_MAX];
    char reason[LEDGER_REASON_CHARS * 4 + 1];
};

struct ledger_history {
    struct ledger_change *items;
    size_t n;
};

#endif
