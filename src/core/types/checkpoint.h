/*
 * types/checkpoint.h - the plain types of traffic checkpoints (交通检疫卡点) and their daily counts: what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_CHECKPOINT_H
#define LF_TYPES_CHECKPOINT_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/ledger.h"
#include "core/types/node.h"

#define CODE_CHARS 16                /* random codes of checkpoints and passes */

#define PLATE_MAX 16                 /* 8 characters, the first one Chinese */

#define REMARKS_CHARS 200

/* A traffic checkpoint (卡点) run by the unit at node. */
struct checkpoint {
    int64_t id;
    char node[NODE_CODE_MAX];
    char name[NODE_NAME_CHARS * 4 + 1];
    char road[ADDRESS_CHARS * 4 + 1];    /* where: road, junction, station */
    char kind[16];                       /* checkpoint_kind_label() knows them */
    char code[CODE_CHARS + 1];           /* in its QR code */
    int64_t created_utc;
};

struct checkpoint_list {
    struct checkpoint *items;
    size_t n;
};

/* The counts of one checkpoint on one day (or their sums in a total). */
struct checkpoint_day {
    struct checkpoint c;
    long vehicles;                       /* distinct plates checked */
    long persons;                        /* distinct ID numbers checked */
    long checks;                         /* checks (人次) */
    long fevers;
    long turned_back;                    /* 劝返 */
    long passes;                         /* passes submitted there */
};

struct checkpoint_stats {
    int64_t day;
    struct checkpoint_day total;
    struct checkpoint_day *rows;
    size_t n;
};

#endif
