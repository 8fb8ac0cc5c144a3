/*
 * arrival.c - arrivals and community self-reports. See arrival.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arrival.h"
#include "core/node.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/search.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/arrival.h"
#include "store/division.h"
#include "store/ledger.h"
#include "store/node.h"
#include "util/timeutil.h"
#include "util/banned.h"

static const struct lf_label report_statuses[] = {
    { REPORT_PENDING, "pending", "待审核", "warn" },
    { REPORT_CONFIRMED, "confirmed", "已确认", "ok" },
    { REPORT_REJECTED, "rejected", "已驳回", "muted" },
};
const struct lf_labels self_report_status_labels =
    LF_LABELS_OF("self_report_status", report_statuses);

static const struct lf_label risks[] = {
    { RISK_LOW, "0", "低风险", "ok" },
    { RISK_MEDIUM, "1", "中风险", "warn" },
    { RISK_HIGH, "2", "高风险", "bad" },
};
const struct lf_labels risk_level_labels = LF_LABELS_OF("risk_level", risks);

static const struct lf_label transports[] = {
    { 1, "自驾", "自驾", "" },
    { 2, "高铁", "高铁", "" },
    { 3, "火车", "火车", "" },
    { 4, "飞机", "飞机", "" },
    { 5, "长途客车", "长途客车", "" },
    { 6, "其他", "其他", "" },
};
const struct lf_labels transport_labels = LF_LABELS_OF("transport", transports);

/* The longest look back of arrival_list() (0 days: ARRIVAL_WATCH_DAYS). */
#define MAX_LOOK_BACK_DAYS 366

/* Everything that can be checked without the database. */
static int check_report(const struct lf_ctx *ctx, const struct self_report_in *in,
                        struct self_report *r, struct lf_err *err)
{
    struct id_number id;
    int64_t today = lf_today_days(ctx);

    memset(r, 0, sizeof(*r));
    if (!in->community || !*in->community)
        return lf_err_set(err, LF_ERR_INVALID, "community", "is required");
    if (node_kind_of_code(in->community) != NODE_COMMUNITY)
        return lf_err_set(err, LF_ERR_INVALID, "community",
                          "must be the code of a community (12 digits)");
    if (validate_name(in->name, PERSON_NAME_CHARS, "name", err))
        return -1;
    if (!in->id_number || !*in->id_number)
        return lf_err_set(err, LF_ERR_INVALID, "id_number", "is required");
    if (validate_id_number(in->id_number, today, &id, "id_number", err))
        return -1;
    if (!in->phone || !*in->phone)
        return lf_err_set(err, LF_ERR_INVALID, "phone", "is required");
    if (validate_phone(in->phone, r->phone, "phone", err) ||
        validate_name(in->address, ADDRESS_CHARS, "address", err))
        return -1;
    if ((!in->origin_code || !*in->origin_code) && (!in->origin_name || !*in->origin_name))
        return lf_err_set(err, LF_ERR_INVALID, "origin_name",
                          "give where you came from (a place or a division code)");
    if (in->origin_name && *in->origin_name &&
        validate_name(in->origin_name, NODE_NAME_CHARS, "origin_name", err))
        return -1;
    if (!in->arrival_date || !*in->arrival_date)
        return lf_err_set(err, LF_ERR_INVALID, "arrival_date", "is required");
    if (validate_date(in->arrival_date, &r->arrival_days, "arrival_date", err))
        return -1;
    if (r->arrival_days > today)
        return lf_err_set(err, LF_ERR_INVALID, "arrival_date", "is in the future");
    if (r->arrival_days < today - REPORT_MAX_AGE_DAYS)
        return lf_err_set(err, LF_ERR_INVALID, "arrival_date",
                          "is more than %d days ago", REPORT_MAX_AGE_DAYS);
    if (in->transport && *in->transport &&
        validate_name(in->transport, 32, "transport", err))
        return -1;
    snprintf(r->community, sizeof(r->community), "%s", in->community);
    snprintf(r->name, sizeof(r->name), "%s", in->name);
    snprintf(r->id_number, sizeof(r->id_number), "%s", id.norm);
    snprintf(r->address, sizeof(r->address), "%s", in->address);
    snprintf(r->origin_name, sizeof(r->origin_name), "%s",
             in->origin_name ? in->origin_name : "");
    snprintf(r->transport, sizeof(r->transport), "%s", in->transport ? in->transport : "");
    return 0;
}

int self_report_submit(struct lf_ctx *ctx, const char *addr, const struct self_report_in *in,
                       struct self_report *out, struct lf_err *err)
{
    struct op op;
    struct lf_who anon;
    struct node community;
    int ret = -1;

    memset(&anon, 0, sizeof(anon));
    anon.role = ROLE_NONE;
    snprintf(anon.username, sizeof(anon.username), "(public)");
    snprintf(anon.addr, sizeof(anon.addr), "%s", addr ? addr : "");
    /* anyone may report: no check that could deny, so no denial row */
    op_init(&op, ctx, &anon, "self_report.submit", NULL);
    if (check_report(ctx, in, out, err) ||
        op_begin(&op, STORE_WRITE, err))
        goto out;
    if (store_node_get(op.tx, in->community, &community, "community", err))
        goto out;
    if (community.kind != NODE_COMMUNITY) {
        lf_err_set(err, LF_ERR_INVALID, "community", "is not a community");
        goto out;
    }
    if (in->origin_code && *in->origin_code) {
        if (strlen(in->origin_code) >= sizeof(out->origin_code) ||
            store_division_name(op.tx, in->origin_code, out->origin_name,
                                sizeof(out->origin_name), err))
            goto out;
        snprintf(out->origin_code, sizeof(out->origin_code), "%s", in->origin_code);
    }
    out->created_utc = lf_now(ctx);
    if (store_self_report_insert(op.tx, out, err))
        goto out;
    op_record(&op, "self_report:%lld", (long long)out->id);
    if (op_audit(&op, out->community, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

/* Who looked at whom (op.h): each report's or arrival's person. */
static int report_subjects(struct op *op, const struct self_report_page *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        op_subject(op, 0, l->items[i].id_number);
    return 0;
}

static int arrival_subjects(struct op *op, const struct arrival_page *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        op_subject(op, l->items[i].person_id, l->items[i].id_number);
    return 0;
}

static const char *const report_sorts[] = {
    [REPORT_SORT_ID] = "id", [REPORT_SORT_NAME] = "name",
    [REPORT_SORT_DATE] = "arrival_date", [REPORT_SORT_STATUS] = "status", NULL
};

int self_report_list(struct lf_ctx *ctx, const struct lf_who *who,
                     const struct report_query *q, struct self_report_page *out,
                     struct lf_err *err)
{
    struct op op;
    struct page_req pg;
    const char *node = q->node && *q->node ? q->node : who->node;
    int ret = -1;

    memset(out, 0, sizeof(*out));
    op_init(&op, ctx, who, "self_report.list", node);
    if (page_parse(q->page, q->per, 50, q->sort && *q->sort ? q->sort : "-id", report_sorts,
                   &pg, err) ||
        scope_check(who, PERM_LEDGER_READ, node, "node", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_self_report_page(op.tx, node, q->status, &pg, out, err) ||
        report_subjects(&op, out) ||
        op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        self_report_page_free(out);
    return op_end(&op, ret, err);
}

int self_report_decide(struct lf_ctx *ctx, const struct lf_who *who, int64_t id, int confirm,
                       const char *reason, struct self_report *out, struct lf_err *err)
{
    struct op op;
    struct arrival a;
    struct person p;
    int ret = -1, found = 0;

    op_init(&op, ctx, who, "self_report.decide", NULL);
    op_record(&op, "self_report:%lld", (long long)id);
    if (scope_need(who, PERM_LEDGER_EDIT, err))
        goto out;
    if (!confirm && (!reason || !*reason)) {
        lf_err_set(err, LF_ERR_INVALID, "reason", "is required to reject a report");
        goto out;
    }
    if (reason && *reason && validate_name(reason, 200, "reason", err))
        goto out;
    if (op_begin(&op, STORE_WRITE, err) ||
        store_self_report_get(op.tx, id, out, err) ||
        scope_check(who, PERM_LEDGER_EDIT, out->community, "id", err))
        goto out;
    if (out->status != REPORT_PENDING) {
        lf_err_set(err, LF_ERR_CONFLICT, "id", "has already been decided");
        goto out;
    }
    memset(&a, 0, sizeof(a));
    if (confirm) {
        snprintf(a.grid, sizeof(a.grid), "%s", out->community);
        snprintf(a.name, sizeof(a.name), "%s", out->name);
        snprintf(a.id_number, sizeof(a.id_number), "%s", out->id_number);
        snprintf(a.phone, sizeof(a.phone), "%s", out->phone);
        snprintf(a.origin_code, sizeof(a.origin_code), "%s", out->origin_code);
        snprintf(a.origin_name, sizeof(a.origin_name), "%s", out->origin_name);
        snprintf(a.transport, sizeof(a.transport), "%s", out->transport);
        a.arrival_days = out->arrival_days;
        a.created_utc = lf_now(ctx);
        /* registered in the community: placed in their grid at once */
        if ((found = arrival__match(op.tx, out->community, out->id_number, &p, err)) < 0)
            goto out;
        if (found) {
            snprintf(a.grid, sizeof(a.grid), "%s", p.grid);
            a.person_id = p.id;
        }
        if (store_arrival_insert(op.tx, &a, err) ||
            (found && store_person_add_flags(op.tx, p.id, PERSON_ARRIVAL, a.created_utc, err)))
            goto out;
    }
    if (store_self_report_decide(op.tx, id, confirm ? REPORT_CONFIRMED : REPORT_REJECTED,
                                 who->user_id, lf_now(ctx), reason, a.id, err) ||
        store_self_report_get(op.tx, id, out, err) ||
        op_audit_as(&op, confirm ? "self_report.confirm" : "self_report.reject", NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

static const char *const arrival_sorts[] = {
    [ARRIVAL_SORT_DATE] = "arrival_date", [ARRIVAL_SORT_NAME] = "name",
    [ARRIVAL_SORT_GRID] = "grid", [ARRIVAL_SORT_RISK] = "risk_level",
    [ARRIVAL_SORT_ID] = "id", NULL
};

int arrival_list(struct lf_ctx *ctx, const struct lf_who *who, const struct arrival_query *q,
                 struct arrival_page *out, struct lf_err *err)
{
    struct op op;
    struct page_req pg;
    const char *node = q->node && *q->node ? q->node : who->node;
    int days = q->days, ret = -1;

    memset(out, 0, sizeof(*out));
    op_init(&op, ctx, who, "arrival.list", node);
    if (days < 0 || days > MAX_LOOK_BACK_DAYS) {
        lf_err_set(err, LF_ERR_INVALID, "days", "must be a number of days from 1 to %d",
                   MAX_LOOK_BACK_DAYS);
        goto out;
    }
    if (days == 0)
        days = ARRIVAL_WATCH_DAYS;
    if (q->risk < -1 || q->risk > RISK_HIGH) {
        lf_err_set(err, LF_ERR_INVALID, "risk_level", "must be 0, 1 or 2");
        goto out;
    }
    if (page_parse(q->page, q->per, 50, q->sort && *q->sort ? q->sort : "-arrival_date",
                   arrival_sorts, &pg, err) ||
        scope_check(who, PERM_LEDGER_READ, node, "node", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_arrival_page(op.tx, node, lf_today_days(ctx) - days + 1, q->placed, q->risk,
                           &pg, out, err) ||
        arrival_subjects(&op, out) ||
        op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        arrival_page_free(out);
    return op_end(&op, ret, err);
}

void self_report_page_free(struct self_report_page *p)
{
    free(p->items);
    p->items = NULL;
    p->n = 0;
}

void arrival_page_free(struct arrival_page *p)
{
    free(p->items);
    p->items = NULL;
    p->n = 0;
}
