/*
 * types/arrival.h - the plain types of arrivals (来返人员) and self-reports (社区报备): what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_ARRIVAL_H
#define LF_TYPES_ARRIVAL_H
#include <stddef.h>
#include <stdint.h>

#include "core/types/ledger.h"
#include "core/types/node.h"
#include "core/types/search.h"

enum risk_level { RISK_LOW = 0, RISK_MEDIUM = 1, RISK_HIGH = 2 };

enum report_status { REPORT_PENDING = 0, REPORT_CONFIRMED = 1, REPORT_REJECTED = 2 };

/* A community self-report (社区报备) from the public page. */
struct self_report {
    int64_t id;
    char community[NODE_CODE_MAX];
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];
    char phone[PHONE_MAX];
    char address[ADDRESS_CHARS * 4 + 1];
    char origin_code[NODE_CODE_MAX];
    char origin_name[NODE_NAME_CHARS * 4 + 1];
    int64_t arrival_days;
    char transport[32 * 4 + 1];
    int status;                      /* enum report_status */
    int64_t reviewer_id;
    int64_t reviewed_utc;
    char reason[200 * 4 + 1];
    int64_t arrival_id;
    int64_t created_utc;
};

struct arrival {
    int64_t id;
    int64_t person_id;               /* 0 if not (yet) in the ledger */
    char grid[NODE_CODE_MAX];
    char name[PERSON_NAME_CHARS * 4 + 1];
    char id_number[ID_NUMBER_MAX];
    char phone[PHONE_MAX];
    char origin_code[NODE_CODE_MAX]; /* a division code, or "" */
    char origin_name[NODE_NAME_CHARS * 4 + 1];
    int64_t arrival_days;
    char transport[32 * 4 + 1];
    int risk_level;                  /* enum risk_level */
    int64_t created_utc;
};

/* A page of arrivals or of self-reports, with where it lies. */
struct arrival_page {
    struct arrival *items;
    size_t n;
    struct page_info info;
};

struct self_report_page {
    struct self_report *items;
    size_t n;
    struct page_info info;
};

/* The columns the lists sort by. */
enum arrival_sort { ARRIVAL_SORT_DATE, ARRIVAL_SORT_NAME, ARRIVAL_SORT_GRID,
                    ARRIVAL_SORT_RISK, ARRIVAL_SORT_ID };
enum report_sort { REPORT_SORT_ID, REPORT_SORT_NAME, REPORT_SORT_DATE, REPORT_SORT_STATUS };

/* An arrival is placed when its grid is a grid (15 digits); until then it
 * waits in its community's queue (待落地) under the community's code. */
enum arrival_placed { ARRIVAL_ANY = -1, ARRIVAL_UNPLACED = 0, ARRIVAL_PLACED = 1 };

#endif
