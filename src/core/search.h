/*
 * search.h - finding persons (查找人员) and the pages of long lists.
 *
 * person_search() is the persons list of every page: part of a name (one
 * character too: 杨), an ID number or its last digits, a phone number or
 * its last digits, part of an address, one free box (q) that takes any of
 * these, sorted by any column, with the total and any page of it (page N
 * of M). It reads within a node's subtree the caller may read
 * (PERM_LEDGER_READ), and every search is audited as "person.list" with
 * the fields used (never their values: they are personal data too).
 *
 * page_parse() is the shared half of every paged list: it checks the
 * page, the rows per page and the sort column against the list's columns.
 *
 * Errors: 0, or -1 with *err (LF_ERR_INVALID naming the parameter,
 * LF_ERR_FORBIDDEN) and nothing read. Memory: person_page_free().
 */
#ifndef LF_SEARCH_H
#define LF_SEARCH_H

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/search.h"

struct person_search {
    const char *node;            /* subtree; "" = the caller's node */
    const char *q;               /* free: a name part, or the digits of an ID
                                    number or a phone (or their tails) */
    const char *name;            /* part of the name */
    const char *id_number;       /* whole, or its last 1-17 characters */
    const char *phone;           /* whole, or its last 1-10 digits */
    const char *address;         /* part of the household's address */
    int64_t household_id;        /* 0 = any */
    int64_t after_id;            /* > 0: the rows after it by id (the old
                                    cursor; sort must be the id) */
    const char *sort;            /* column name (see person_sort_names), ""
                                    = "id"; a leading '-' sorts descending */
    long page;                   /* 0 = 1 */
    long per;                    /* 0 = 50 */
};

/* The names of the sortable columns, for enum person_sort: "id", "name",
 * "id_number", "sex", "birth_date", "phone", "relation", "address",
 * "grid", "updated"; NULL-terminated. */
extern const char *const person_sort_names[];

/* Check a page request: page 1..PAGE_MAX (0: 1), per 1..PAGE_PER_MAX (0:
 * def_per), sort one of names[] (NULL-terminated; "" = the first), with a
 * leading '-' for descending. Fails with LF_ERR_INVALID on "page", "per"
 * or "sort". */
int page_parse(long page, long per, int def_per, const char *sort,
               const char *const names[], struct page_req *out, struct lf_err *err);

int person_search(struct lf_ctx *ctx, const struct lf_who *who,
                  const struct person_search *in, struct person_page *out,
                  struct lf_err *err);
void person_page_free(struct person_page *p);

#endif
