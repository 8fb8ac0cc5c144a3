/*
 * types/scan.h - the plain types of venue scans: what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_SCAN_H
#define LF_TYPES_SCAN_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/ledger.h"
#include "core/types/node.h"

/* One scan as it goes into the store. */
struct scan_row {
    int64_t venue_id;
    int64_t at_utc;
    int64_t person_id;
};

/* One stop of a trajectory (活动轨迹): a scan with its venue. */
struct scan_stop {
    int64_t venue_id;
    int64_t at_utc;
    int venue_type;
    char venue_name[PERSON_NAME_CHARS * 4 + 1];
    char venue_address[ADDRESS_CHARS * 4 + 1];
    char venue_node[NODE_CODE_MAX];
};

struct scan_stop_list {
    struct scan_stop *items;
    size_t n;
};

#endif
