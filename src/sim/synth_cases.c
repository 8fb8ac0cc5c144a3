/*
 * synth_cases.c - the synthetic outbreak's detected infections reported
 * as cases (module 16 feeding module 5), as the epidemiologists of the
 * demo city would have reported them: a detected infection with onset is
 * a confirmed case, one without is asymptomatic; the positive sample and
 * the isolation are the day of detection; the source case is the
 * infector's case when the infector was detected first (local), and a
 * seed's source is unknown. Through case_create(), so the demo's cases
 * pass the same rules and land in the same audit as reported ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/contact.h"
#include "sim/synth_move.h"
#include "sim/tracing_eval.h"
#include "store/store.h"
#include "store/tracing_eval.h"
#include "util/timeutil.h"
#include "util/banned.h"

/* YYYY-MM-DD of utc in Beijing time. */
static void beijing_date(int64_t utc, char out[16])
{
    int y;
    unsigned m, d;

    time_civil_from_days((utc + TZ_SHANGHAI_OFFSET) / 86400, &y, &m, &d);
    snprintf(out, 16, "%04d-%02u-%02u", y, m, d);
}

/* The detected infections, in order of detection (bounded by the size of
 * the outbreak: a few per thousand people). */
static int detected_infections(struct lf_ctx *ctx, struct infection_list *out,
                               struct lf_err *err)
{
    struct store_tx *tx = store_begin(ctx->store, STORE_READ, err);
    int64_t after_utc = 0, after_id = 0;
    int has_table = 0, ret = -1;
    long n_detected = 0;
    size_t before;

    if (!tx)
        return -1;
    if (store_eval_outbreak(tx, &has_table, &n_detected, err))
        goto out;
    do {
        before = out->n;
        if (!has_table || store_eval_cases(tx, after_utc, after_id, 256, out, err))
            break;
        if (out->n > before) {
            after_utc = out->items[out->n - 1].detected_utc;
            after_id = out->items[out->n - 1].person_id;
        }
    } while (out->n > before);
    ret = err->code == LF_ERR_OK ? 0 : -1;
out:
    store_tx_free(tx);
    return ret;
}

/* The case of person_id among the first n made, or 0. */
static int64_t case_of(const struct infection_list *l, const int64_t *case_ids, size_t n,
                       int64_t person_id)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (l->items[i].person_id == person_id)
            return case_ids[i];
    return 0;
}

int synth_cases(struct lf_ctx *ctx, const struct lf_who *who, long *n_cases,
                long *n_linked, struct lf_err *err)
{
    struct infection_list l = { 0 };
    int64_t *case_ids = NULL;
    struct epi_case made;
    size_t i;
    int ret = -1;

    *n_cases = *n_linked = 0;
    if (detected_infections(ctx, &l, err))
        goto out;
    if (l.n && !(case_ids = calloc(l.n, sizeof(*case_ids)))) {
        lf_err_set(err, LF_ERR_INTERNAL, NULL, "out of memory");
        goto out;
    }
    for (i = 0; i < l.n; i++) {
        const struct infection *f = &l.items[i];
        struct case_in in = { 0 };
        char onset[16], sample[16];

        in.person_id = f->person_id;
        in.status = f->onset_utc ? "confirmed" : "asymptomatic";
        if (f->onset_utc) {
            beijing_date(f->onset_utc, onset);
            in.onset_date = onset;
        }
        beijing_date(f->detected_utc, sample);
        in.sample_date = sample;
        in.isolation_date = sample;
        in.hospital = f->onset_utc ? "市定点救治医院" : "市集中隔离点";
        in.source = f->kind == INFECTION_SEED ? "unknown" : "local";
        in.source_case_id = case_of(&l, case_ids, i, f->infector_id);
        in.remarks = "演示数据：模拟疫情中检出";
        if (in.source_case_id)
            in.source_remarks = f->kind == INFECTION_HOUSEHOLD ? "同住家庭成员" : "同场所暴露";
        if (case_create(ctx, who, &in, &made, err))
            goto out;
        case_ids[i] = made.id;
        (*n_cases)++;
        *n_linked += in.source_case_id != 0;
    }
    ret = 0;
out:
    free(case_ids);
    free(l.items);
    return ret;
}
