/*
 * types/search.h - the plain types of finding persons (查找人员): what
 * the core, the store and the front ends pass between them. No functions.
 */
#ifndef LF_TYPES_SEARCH_H
#define LF_TYPES_SEARCH_H
#include <stdint.h>

#include "core/types/ledger.h"

/* The columns a person list sorts by (the rest ties on the id). */
enum person_sort {
    PERSON_SORT_ID,          /* registration order */
    PERSON_SORT_NAME,
    PERSON_SORT_ID_NUMBER,
    PERSON_SORT_SEX,
    PERSON_SORT_BIRTH,
    PERSON_SORT_PHONE,
    PERSON_SORT_RELATION,
    PERSON_SORT_ADDRESS,
    PERSON_SORT_GRID,
    PERSON_SORT_UPDATED
};

#define PAGE_PER_MAX 200         /* rows on one page at most */
#define PAGE_MAX 1000000         /* pages are numbered 1..PAGE_MAX */

/* A page of a list: which one, how long, in which order. */
struct page_req {
    int page;                    /* 1.. */
    int per;                     /* 1..PAGE_PER_MAX */
    int sort;                    /* the list's enum of columns */
    int desc;                    /* 1: largest first */
};

/* Where a page lies: total rows matching, and so the number of pages. */
struct page_info {
    long total;
    int page, per, pages;        /* pages = ceil(total / per), at least 1 */
};

/*
 * What the store searches for, already normalised by the core: every
 * given condition holds. A name part is lower case (ASCII), as the index.
 */
struct person_find {
    const char *node;            /* subtree; required */
    int visitors;                /* also persons without a grid */
    const char *name_part;       /* part of the name, 1.. characters */
    const char *id_number;       /* exact, normalised */
    const char *id_tail;         /* the last digits of the ID number */
    const char *phone;           /* exact */
    const char *phone_tail;      /* the last digits of the phone */
    const char *digits_tail;     /* the last digits of either */
    const char *address;         /* part of the household address */
    int64_t household_id;        /* 0 = any */
    int64_t after_id;            /* > 0: persons with a larger id (cursor) */
};

struct person_page {
    struct person_row *items;
    size_t n;
    struct page_info info;
};

#endif
