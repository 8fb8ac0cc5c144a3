/*
 * tracing_eval.c - recall and cost of the contact engine on a synthetic
 * outbreak (tracing_eval.h).
 *
 * One pass over the cases serves every rule set: a case's infectees are
 * read once, then each set computes its window, runs tracing_find() and
 * counts. The window depends on the set (days_before_onset), so each set
 * picks its own true infectees from the case's list. Cases come a page at
 * a time in (detected_utc, person_id) order, the next page starting after
 * the last key seen, so memory does not grow with the outbreak.
 *
 * "Named" means proposed at all, close or secondary: an epidemiologist
 * quarantines secondary contacts too, so they are found and they cost.
 * The close-only recall says how much of that the close rules carry.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/tracing_eval.h"
#include "store/store.h"
#include "store/tracing_eval.h"
#include "util/banned.h"

#define DAY 86400
#define PAGE 256                 /* cases read at a time */

void tracing_eval_sets_default(struct tracing_eval_set out[TRACING_EVAL_N_SETS])
{
    size_t i;

    for (i = 0; i < TRACING_EVAL_N_SETS; i++)
        tracing_rules_default(&out[i].rules);
    out[0].name = "default";
    out[1].name = "overlap_5";
    out[1].rules.min_overlap_minutes = 5;
    out[2].name = "overlap_30";
    out[2].rules.min_overlap_minutes = 30;
    out[3].name = "no_household";
    out[3].rules.household = 0;
    out[4].name = "no_secondary";
    out[4].rules.secondary = 0;
    out[5].name = "stay_60";
    out[5].rules.stay_minutes_override = 60;
}

/* The proposal for person_id in l, or NULL. */
static const struct contact_proposal *named(const struct contact_proposal_list *l,
                                            int64_t person_id)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (l->items[i].person_id == person_id)
            return &l->items[i];
    return NULL;
}

/* One case under one rule set, counted into *r. */
static int eval_case(struct store_tx *tx, const struct infection *c,
                     const struct infection_list *infectees,
                     const struct tracing_rules *rules,
                     struct tracing_eval_result *r, struct lf_err *err)
{
    struct contact_proposal_list l = { NULL, 0 };
    int64_t start = c->onset_utc ? c->onset_utc : c->detected_utc;
    int64_t from = start - (int64_t)rules->days_before_onset * DAY;
    int64_t to = c->detected_utc;
    size_t i;

    r->n_cases++;
    if (to <= from)              /* an empty window: nothing to find */
        return 0;
    if (tracing_find(tx, c->person_id, from, to, rules, &l, err))
        return -1;
    for (i = 0; i < l.n; i++)
        if (l.items[i].kind != CONTACT_SECONDARY)
            r->n_named_close++;
    r->n_named += (long)l.n;
    for (i = 0; i < infectees->n; i++) {
        const struct infection *t = &infectees->items[i];
        const struct contact_proposal *p;
        int kind = t->kind >= 0 && t->kind < 4 ? t->kind : 0;

        if (t->infected_utc < from || t->infected_utc >= to)
            continue;
        r->n_infectees++;
        r->n_by_kind[kind]++;
        if (!(p = named(&l, t->person_id)))
            continue;
        r->n_found++;
        r->n_found_by_kind[kind]++;
        if (p->kind != CONTACT_SECONDARY)
            r->n_found_close++;
    }
    contact_proposal_list_free(&l);
    return 0;
}

int tracing_eval_run(struct store_tx *tx, const struct tracing_eval_set *sets,
                     size_t n_sets, long max_cases,
                     struct tracing_eval_result *out, struct lf_err *err)
{
    struct infection_list cases = { NULL, 0, 0 }, infectees = { NULL, 0, 0 };
    int64_t after_utc = INT64_MIN, after_id = 0;
    long n_detected = 0, done = 0;
    int has_table = 0, ret = -1;
    size_t i, k;

    for (k = 0; k < n_sets; k++) {
        if (tracing_rules_check(&sets[k].rules, err)) {
            lf_err_nest(err, sets[k].name);
            return -1;
        }
        memset(&out[k], 0, sizeof(out[k]));
        out[k].name = sets[k].name;
    }
    if (store_eval_outbreak(tx, &has_table, &n_detected, err))
        return -1;
    if (!has_table || n_detected == 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, "infection",
                          "%s (run lianfang demo --outbreak K first)",
                          has_table ? "no detected infection"
                                    : "no outbreak in this database");
    while (max_cases == 0 || done < max_cases) {
        cases.n = 0;
        if (store_eval_cases(tx, after_utc, after_id, PAGE, &cases, err))
            goto out;
        if (cases.n == 0)
            break;
        for (i = 0; i < cases.n && (max_cases == 0 || done < max_cases); i++, done++) {
            const struct infection *c = &cases.items[i];
            infectees.n = 0;
            if (store_eval_infectees(tx, c->person_id, &infectees, err))
                goto out;
            for (k = 0; k < n_sets; k++)
                if (eval_case(tx, c, &infectees, &sets[k].rules, &out[k], err))
                    goto out;
        }
        after_utc = cases.items[cases.n - 1].detected_utc;
        after_id = cases.items[cases.n - 1].person_id;
    }
    ret = 0;
out:
    free(cases.items);
    free(infectees.items);
    return ret;
}

int tracing_eval(struct lf_ctx *ctx, const struct tracing_eval_set *sets, size_t n_sets,
                 long max_cases, struct tracing_eval_result *out, struct lf_err *err)
{
    struct store_tx *tx = store_begin(ctx->store, STORE_READ, err);
    int ret = -1;

    if (tx && tracing_eval_run(tx, sets, n_sets, max_cases, out, err) == 0)
        ret = 0;
    store_tx_free(tx);
    return ret;
}
