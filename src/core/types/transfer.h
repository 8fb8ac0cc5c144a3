/*
 * types/transfer.h - the plain types of transfers (迁出 / 迁入): a record
 * handed from one jurisdiction to another, which accepts or refuses it.
 * No functions. Times are UTC seconds.
 */
#ifndef LF_TYPES_TRANSFER_H
#define LF_TYPES_TRANSFER_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/node.h"

#define TRANSFER_REASON_CHARS 100

/* What is handed over: the kind names the module whose record it is. */
#define TRANSFER_KIND_PERSON "person"    /* a ledger person moving away */

enum transfer_status {
    TRANSFER_PENDING = 0,
    TRANSFER_ACCEPTED = 1,
    TRANSFER_REFUSED = 2
};

struct transfer {
    int64_t id;
    char kind[16];
    int64_t record_id;
    char from_node[NODE_CODE_MAX];
    char to_node[NODE_CODE_MAX];
    int status;                      /* enum transfer_status */
    char reason[TRANSFER_REASON_CHARS * 4 + 1];
    int64_t requested_by;
    char requester[33];
    int64_t requested_utc;
    int64_t decided_by;
    char decider[33];
    int64_t decided_utc;
    char decide_note[TRANSFER_REASON_CHARS * 4 + 1];
    /* for lists: what the record is, as its module names it ("张三") */
    char title[129];
};

struct transfer_list {
    struct transfer *items;
    size_t n;
};

#endif
