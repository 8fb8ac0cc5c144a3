/*
 * case_trajectory.c - a case's trajectory (活动轨迹) on one timeline: the
 * person's venue scans, their checkpoint passes and checks, and the
 * epidemiologist's manual entries; and its export. See case.h.
 *
 * The three sources are read in one transaction and merged by start time
 * (a stable merge: at equal times scans, then passes, then manual
 * entries). A scan is a moment; it is shown as a stay of its venue type's
 * typical length (venue.h), the same window tracing uses by default.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/validate.h"
#include "core/venue.h"
#include "store/store.h"
#include "store/case.h"
#include "store/pass.h"
#include "store/scan.h"
#include "store/venue.h"
#include "util/mask.h"
#include "util/sheet.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define TRAJECTORY_MAX 5000          /* stops of each source */
#define DEFAULT_DAYS_BEFORE 14       /* default window before the earliest date */
#define FUTURE_SLACK 300             /* seconds a client's clock may run ahead */

static int has(const char *s)
{
    return s && *s;
}

static int64_t day_start_utc(int64_t days)
{
    return days * 86400 - TZ_SHANGHAI_OFFSET;
}

/* From 14 days before the earliest of onset, sample and report. */
static int64_t default_from(const struct epi_case *c)
{
    int64_t d = (c->created_utc + TZ_SHANGHAI_OFFSET) / 86400;

    if (c->onset_days != CASE_NO_DATE && c->onset_days < d)
        d = c->onset_days;
    if (c->sample_days != CASE_NO_DATE && c->sample_days < d)
        d = c->sample_days;
    return day_start_utc(d - DEFAULT_DAYS_BEFORE);
}

static int by_time(const void *a, const void *b)
{
    const struct case_stop *x = a, *y = b;

    if (x->from_utc != y->from_utc)
        return x->from_utc < y->from_utc ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->ref_id < y->ref_id ? -1 : x->ref_id > y->ref_id;
}

/* Read the three sources of c in [from, to) into out->items. */
static int collect(struct store_tx *tx, const struct epi_case *c, int64_t from, int64_t to,
                   struct case_trajectory *out, struct lf_err *err)
{
    struct scan_stop_list scans = { 0 };
    struct pass_stop_list passes = { 0 };
    struct trajectory_entry_list entries = { 0 };
    size_t i, k = 0;
    int ret = -1;

    if (store_scan_of_person(tx, c->person_id, from, to, TRAJECTORY_MAX, &scans, err) ||
        store_pass_stops(tx, c->person_id, c->id_number, from, to, TRAJECTORY_MAX, &passes,
                         err) ||
        store_trajectory_entries(tx, c->id, from, to, &entries, err))
        goto out;
    out->n = scans.n + passes.n + entries.n;
    out->items = xcalloc(out->n ? out->n : 1, sizeof(*out->items));
    for (i = 0; i < scans.n; i++, k++) {
        const struct scan_stop *s = &scans.items[i];
        struct case_stop *x = &out->items[k];
        x->kind = CASE_STOP_SCAN;
        x->from_utc = s->at_utc;
        x->to_utc = s->at_utc + 60 * (int64_t)venue_type_stay_minutes(s->venue_type);
        x->venue_id = s->venue_id;
        x->venue_type = s->venue_type;
        snprintf(x->place, sizeof(x->place), "%s", s->venue_name);
        snprintf(x->address, sizeof(x->address), "%s", s->venue_address);
    }
    for (i = 0; i < passes.n; i++, k++) {
        const struct pass_stop *p = &passes.items[i];
        struct case_stop *x = &out->items[k];
        x->kind = p->check_id ? CASE_STOP_CHECK : CASE_STOP_PASS;
        x->ref_id = p->check_id ? p->check_id : p->pass_id;
        x->from_utc = x->to_utc = p->at_utc;
        x->checkpoint_id = p->checkpoint_id;
        snprintf(x->place, sizeof(x->place), "%s", p->checkpoint_name);
        snprintf(x->address, sizeof(x->address), "%s", p->road);
        snprintf(x->plate, sizeof(x->plate), "%s", p->plate);
        x->temp_tenths = p->temp_tenths;
        x->outcome = p->outcome;
    }
    for (i = 0; i < entries.n; i++, k++) {
        const struct trajectory_entry *e = &entries.items[i];
        struct case_stop *x = &out->items[k];
        x->kind = CASE_STOP_MANUAL;
        x->ref_id = e->id;
        x->from_utc = e->from_utc;
        x->to_utc = e->to_utc;
        x->venue_id = e->venue_id;
        snprintf(x->place, sizeof(x->place), "%s", e->place);
        snprintf(x->address, sizeof(x->address), "%s", e->address);
        snprintf(x->remarks, sizeof(x->remarks), "%s", e->remarks);
    }
    qsort(out->items, out->n, sizeof(*out->items), by_time);
    ret = 0;
out:
    free(scans.items);
    free(passes.items);
    free(entries.items);
    return ret;
}

/* The case, the caller's right to read it, the window, the stops. */
static int load(struct lf_ctx *ctx, struct store_tx *tx, const struct lf_who *who, int64_t id,
                int64_t from_utc, int64_t to_utc, struct case_trajectory *out,
                struct lf_err *err)
{
    if (store_case_get(tx, id, &out->c, "id", err) ||
        scope_check(who, PERM_CASE_READ, out->c.node, "id", err))
        return -1;
    out->from_utc = from_utc > 0 ? from_utc : default_from(&out->c);
    out->to_utc = to_utc > 0 ? to_utc : lf_now(ctx) + FUTURE_SLACK;
    if (out->from_utc >= out->to_utc)
        return lf_err_set(err, LF_ERR_INVALID, "from", "must be before to");
    return collect(tx, &out->c, out->from_utc, out->to_utc, out, err);
}

int case_trajectory(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                    int64_t from_utc, int64_t to_utc, struct case_trajectory *out,
                    struct lf_err *err)
{
    struct op op;
    int ret = -1;

    memset(out, 0, sizeof(*out));
    op_init(&op, ctx, who, "case.trajectory", NULL);
    op_record(&op, "case:%lld", (long long)id);
    if (scope_need(who, PERM_CASE_READ, err) ||
        op_begin(&op, STORE_WRITE, err) ||
        load(ctx, op.tx, who, id, from_utc, to_utc, out, err) ||
        (op_subject(&op, out->c.person_id, out->c.id_number), 0) ||
        op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        case_trajectory_free(out);
    return op_end(&op, ret, err);
}

void case_trajectory_free(struct case_trajectory *t)
{
    free(t->items);
    t->items = NULL;
    t->n = 0;
}

int case_trajectory_add(struct lf_ctx *ctx, const struct lf_who *who, int64_t case_id,
                        const struct trajectory_entry_in *in, struct trajectory_entry *out,
                        struct lf_err *err)
{
    struct op op;
    struct epi_case c;
    struct venue v;
    struct lf_err e = LF_ERR_INIT;
    char detail[48];
    int64_t now = lf_now(ctx);
    int ret = -1;

    memset(out, 0, sizeof(*out));
    op_init(&op, ctx, who, "case.trajectory_add", NULL);
    op_record(&op, "case:%lld", (long long)case_id);
    if (scope_need(who, PERM_CASE_WRITE, err) ||
        (has(in->place) && validate_name(in->place, PLACE_CHARS, "place", err)) ||
        (has(in->address) && validate_name(in->address, ADDRESS_CHARS, "address", err)) ||
        (has(in->remarks) && validate_name(in->remarks, REMARKS_CHARS, "remarks", err)))
        goto out;
    if (!has(in->from)) {
        lf_err_set(err, LF_ERR_INVALID, "from", "is required");
        goto out;
    }
    if (validate_datetime(in->from, &out->from_utc, "from", err))
        goto out;
    out->to_utc = out->from_utc;
    if (has(in->to) && validate_datetime(in->to, &out->to_utc, "to", err))
        goto out;
    if (out->from_utc > now + FUTURE_SLACK) {
        lf_err_set(err, LF_ERR_INVALID, "from", "must not be in the future");
        goto out;
    }
    if (out->to_utc < out->from_utc) {
        lf_err_set(err, LF_ERR_INVALID, "to", "must not be before from");
        goto out;
    }
    if (in->venue_id < 0) {
        lf_err_set(err, LF_ERR_INVALID, "venue_id", "no such venue");
        goto out;
    }
    if (op_begin(&op, STORE_WRITE, err) ||
        store_case_get(op.tx, case_id, &c, "id", err) ||
        scope_check(who, PERM_CASE_WRITE, c.node, "id", err))
        goto out;
    if (in->venue_id) {
        /* an unknown venue is bad input of this request, not a missing page */
        if (store_venue_get(op.tx, in->venue_id, &v, &e)) {
            if (e.code == LF_ERR_NOTFOUND)
                lf_err_set(err, LF_ERR_INVALID, "venue_id", "no such venue");
            else
                *err = e;
            goto out;
        }
        out->venue_id = v.id;
    }
    if (has(in->place))
        snprintf(out->place, sizeof(out->place), "%s", in->place);
    else if (out->venue_id)
        snprintf(out->place, sizeof(out->place), "%s", v.name);
    else {
        lf_err_set(err, LF_ERR_INVALID, "place", "is required");
        goto out;
    }
    if (has(in->address))
        snprintf(out->address, sizeof(out->address), "%s", in->address);
    else if (out->venue_id)
        snprintf(out->address, sizeof(out->address), "%s", v.address);
    snprintf(out->remarks, sizeof(out->remarks), "%s", has(in->remarks) ? in->remarks : "");
    out->case_id = case_id;
    out->created_by = who->user_id;
    out->created_utc = now;
    if (store_trajectory_entry_insert(op.tx, out, err))
        goto out;
    snprintf(detail, sizeof(detail), "entry:%lld", (long long)out->id);
    if (op_audit(&op, detail, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

static const struct lf_label stop_kinds[] = {
    { CASE_STOP_SCAN, "scan", "场所扫码", "" },
    { CASE_STOP_PASS, "pass", "卡点申报", "" },
    { CASE_STOP_CHECK, "check", "卡点查验", "" },
    { CASE_STOP_MANUAL, "manual", "流调补录", "" },
};
const struct lf_labels case_stop_kind_labels = LF_LABELS_OF("case_stop_kind", stop_kinds);

const char *case_stop_kind_id(int kind)
{
    return labels_id(&case_stop_kind_labels, kind);
}

/* "2026-11-20 08:00" in UTC+8. */
static const char *local_minute(int64_t utc, char *buf, size_t n)
{
    char iso[40];

    time_format_iso(utc, iso, sizeof(iso));
    snprintf(buf, n, "%.10s %.5s", iso, iso + 11);
    return buf;
}

int case_trajectory_export(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                           int format, const char *path, long *n_rows, struct lf_err *err)
{
    static const char *const headers[] = { "病例编号", "姓名", "身份证号", "类型",
                                           "开始时间", "结束时间", "地点", "地址",
                                           "场所编号", "车牌号", "备注" };
    static const enum sheet_cell kinds[] = { SHEET_NUMBER, SHEET_TEXT, SHEET_NUMBER_TEXT,
                                             SHEET_TEXT, SHEET_TEXT, SHEET_TEXT, SHEET_TEXT,
                                             SHEET_TEXT, SHEET_NUMBER, SHEET_NUMBER_TEXT,
                                             SHEET_TEXT };
    struct op op;
    struct case_trajectory t;
    struct sheet *sh = NULL;
    char why[256], detail[48], idm[40], cid[24], from[24], to[24], vid[24];
    size_t i;
    int ret = -1;

    memset(&t, 0, sizeof(t));
    *n_rows = 0;
    op_init(&op, ctx, who, "case.trajectory_export", NULL);
    op_record(&op, "case:%lld", (long long)id);
    if (scope_need(who, PERM_CASE_READ, err) ||
        op_begin(&op, STORE_WRITE, err) ||
        load(ctx, op.tx, who, id, 0, 0, &t, err))
        goto out;
    op_subject(&op, t.c.person_id, t.c.id_number);
    if (!(sh = sheet_open(path, (enum sheet_format)format, "活动轨迹", headers, kinds,
                          (int)(sizeof(headers) / sizeof(headers[0])), why, sizeof(why)))) {
        lf_err_set(err, LF_ERR_INTERNAL, NULL, "%s", why);
        goto out;
    }
    mask_id_number(t.c.id_number, idm, sizeof(idm));
    snprintf(cid, sizeof(cid), "%lld", (long long)t.c.id);
    for (i = 0; i < t.n; i++) {
        const struct case_stop *s = &t.items[i];
        const char *cells[11];
        snprintf(vid, sizeof(vid), "%lld", (long long)s->venue_id);
        cells[0] = cid;
        cells[1] = t.c.name;
        cells[2] = idm;
        cells[3] = labels_label(&case_stop_kind_labels, s->kind);
        cells[4] = local_minute(s->from_utc, from, sizeof(from));
        cells[5] = local_minute(s->to_utc, to, sizeof(to));
        cells[6] = s->place;
        cells[7] = s->address;
        cells[8] = s->venue_id ? vid : "";
        cells[9] = s->plate;
        cells[10] = s->remarks;
        if (sheet_row(sh, cells, why, sizeof(why))) {
            lf_err_set(err, LF_ERR_INTERNAL, NULL, "%s", why);
            goto out;
        }
    }
    *n_rows = sheet_n_rows(sh);
    snprintf(detail, sizeof(detail), "rows=%ld masked", *n_rows);
    /* the file is whole before the audit row commits */
    if (op_audit(&op, detail, err))
        goto out;
    if (sheet_close(sh, why, sizeof(why))) {
        sh = NULL;
        lf_err_set(err, LF_ERR_INTERNAL, NULL, "%s", why);
        goto out;
    }
    sh = NULL;
    if (op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (sh)
        sheet_discard(sh);
    case_trajectory_free(&t);
    if (ret)
        *n_rows = 0;
    return op_end(&op, ret, err);
}
