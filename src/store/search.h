/*
 * store/search.h - finding persons (查找人员): the store's half, its SQL in
 * store/search.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_SEARCH_H
#define LF_STORE_SEARCH_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/search.h"

/* The persons matching f: page->info.total counts them all; the rows of
 * page pg (sorted by pg->sort, enum person_sort, then by id) go to
 * out->items (the caller frees them). A page past the last gives the last
 * page. With f->after_id the rows are those after it by id, and the
 * total counts them. */
int store_person_find(struct store_tx *tx, const struct person_find *f,
                      const struct page_req *pg, struct person_page *out,
                      struct lf_err *err);

#endif
