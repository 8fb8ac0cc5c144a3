/*
 * tracing_stub_for_cases.c - TEMPORARY stand-in for the tracing engine
 * (tracing.h), written on branch `cases` while the engine is written on
 * branch `tracing`. DELETE THIS FILE WHEN `tracing` IS MERGED: the real
 * src/core/tracing.c defines the same three functions (the link fails
 * with duplicate symbols until this file is gone).
 *
 * It finds only the members of the index person's household (kind
 * CONTACT_HOUSEHOLD), which the real engine also proposes, so the tests of
 * the cases module hold for both.
 */
#include <stdlib.h>
#include <string.h>

#include "core/tracing.h"
#include "store/store.h"
#include "util/xmalloc.h"
#include "util/banned.h"

void tracing_rules_default(struct tracing_rules *r)
{
    r->days_before_onset = 4;
    r->min_overlap_minutes = 15;
    r->stay_minutes_override = 0;
    r->vehicle_window_minutes = 30;
    r->household = 1;
    r->secondary = 1;
}

int tracing_find(struct store_tx *tx, int64_t person_id, int64_t from_utc, int64_t to_utc,
                 const struct tracing_rules *rules, struct contact_proposal_list *out,
                 struct lf_err *err)
{
    struct person p;
    struct person_query q;
    struct person_list members = { NULL, 0 };
    size_t i;

    (void)from_utc;
    (void)to_utc;
    out->items = NULL;
    out->n = 0;
    if (store_person_get(tx, person_id, &p, err))
        return -1;
    if (!rules->household || !p.household_id)
        return 0;
    memset(&q, 0, sizeof(q));
    q.node = p.grid;
    q.household_id = p.household_id;
    q.limit = 500;
    if (store_person_list(tx, &q, &members, err))
        return -1;
    out->items = xcalloc(members.n + 1, sizeof(*out->items));
    for (i = 0; i < members.n; i++) {
        struct contact_proposal *c;
        if (members.items[i].p.id == person_id)
            continue;
        c = &out->items[out->n++];
        c->person_id = members.items[i].p.id;
        c->kind = CONTACT_HOUSEHOLD;
        c->n_encounters = 1;
    }
    free(members.items);
    return 0;
}

void contact_proposal_list_free(struct contact_proposal_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
