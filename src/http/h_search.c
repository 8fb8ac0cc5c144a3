/*
 * h_search.c - finding persons and paging lists:
 * GET /api/v1/persons?node=&q=&name=&id_number=&phone=&address=
 * &household_id=&sort=&page=&per= (and the old &after=&limit=): a page of
 * persons, masked as everywhere, with "total", "page", "per", "pages".
 */
#include <stdio.h>
#include <string.h>

#include "core/search.h"
#include "http/http.h"
#include "util/banned.h"

json_t *json_page_info(const struct page_info *pi)
{
    return json_pack("{s:I, s:i, s:i, s:i}", "total", (json_int_t)pi->total, "page", pi->page,
                     "per", pi->per, "pages", pi->pages);
}

int http_query_page(const struct http_call *c, long *page, long *per, char *sort,
                    size_t sort_n, struct lf_err *err)
{
    long long pg, pp, limit;

    if (http_query_int(c, "page", &pg, err) || http_query_int(c, "per", &pp, err) ||
        http_query_int(c, "limit", &limit, err))
        return -1;
    /* limit: the older name of per, from the days of 加载更多 */
    if (!pp && limit)
        pp = limit > PAGE_PER_MAX ? PAGE_PER_MAX : limit;
    *page = pg > PAGE_MAX ? PAGE_MAX + 1 : (long)pg;
    *per = pp > PAGE_PER_MAX ? PAGE_PER_MAX + 1 : (long)pp;
    http_query(c, "sort", sort, sort_n);
    return 0;
}

int h_person_search(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct person_search in = { 0 };
    struct person_page page;
    char node[32], q[160], id[40], name[160], phone[40], address[300], sort[32] = "";
    long long hid, after;
    json_t *items, *reply;
    size_t i;

    http_query(c, "node", node, sizeof(node));
    http_query(c, "q", q, sizeof(q));
    http_query(c, "id_number", id, sizeof(id));
    http_query(c, "name", name, sizeof(name));
    http_query(c, "phone", phone, sizeof(phone));
    http_query(c, "address", address, sizeof(address));
    if (http_query_int(c, "household_id", &hid, &err) ||
        http_query_int(c, "after", &after, &err) ||
        http_query_page(c, &in.page, &in.per, sort, sizeof(sort), &err))
        return http_reply_err(c, &err);
    in.node = node;
    in.q = q;
    in.id_number = id;
    in.name = name;
    in.phone = phone;
    in.address = address;
    in.household_id = hid;
    in.after_id = after;
    in.sort = sort;
    if (person_search(c->ctx, &c->who, &in, &page, &err))
        return http_reply_err(c, &err);
    items = json_array();
    for (i = 0; i < page.n; i++)
        json_array_append_new(items, json_from_person(&page.items[i].p, page.items[i].address));
    person_page_free(&page);
    reply = json_page_info(&page.info);
    json_object_set_new(reply, "persons", items);
    return http_reply_json(c, 200, reply);
}
