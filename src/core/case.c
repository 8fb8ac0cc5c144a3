/*
 * case.c - cases: report, change, status moves, reads. See case.h.
 *
 * The transition table is the only judge of a status change; the page
 * asks the same table (through the reply's "next") which buttons to
 * show. Input is checked in two steps: what needs no database (dates,
 * lengths, identifiers) before any transaction, and what does (the
 * person, the node, the source case and the chain above it) inside the
 * one transaction that then writes, so a refusal changes nothing.
 *
 * The source link must not make a cycle: the chain above the proposed
 * source is walked up, at most CASE_GRAPH_MAX steps, and must not reach
 * the case itself. Chains are therefore trees, which the graph code in
 * contact.c relies on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/ledger.h"
#include "core/node.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/case.h"
#include "store/ledger.h"
#include "store/node.h"
#include "util/banned.h"

static const struct lf_label statuses[] = {
    { CASE_SUSPECTED, "suspected", "疑似病例", "warn" },
    { CASE_CONFIRMED, "confirmed", "确诊病例", "bad" },
    { CASE_ASYMPTOMATIC, "asymptomatic", "无症状感染者", "bad" },
    { CASE_EXCLUDED, "excluded", "已排除", "muted" },
    { CASE_DISCHARGED, "discharged", "已出院", "ok" },
    { CASE_DEAD, "dead", "死亡", "muted" },
};
const struct lf_labels case_status_labels = LF_LABELS_OF("case_status", statuses);

static const struct lf_label sources[] = {
    { CASE_SOURCE_UNKNOWN, "unknown", "不明", "" },
    { CASE_SOURCE_IMPORTED, "imported", "境外/外地输入", "" },
    { CASE_SOURCE_LOCAL, "local", "本土", "" },
};
const struct lf_labels case_source_labels = LF_LABELS_OF("case_source", sources);

/* from → the statuses it may move to (bit n = status n) */
static const unsigned transitions[CASE_STATUS_MAX + 1] = {
    [CASE_SUSPECTED] = 1u << CASE_CONFIRMED | 1u << CASE_ASYMPTOMATIC | 1u << CASE_EXCLUDED,
    [CASE_CONFIRMED] = 1u << CASE_DISCHARGED | 1u << CASE_DEAD,
    [CASE_ASYMPTOMATIC] = 1u << CASE_CONFIRMED | 1u << CASE_DISCHARGED | 1u << CASE_DEAD,
    /* excluded, discharged and dead are final */
};

const char *case_status_id(int status)
{
    return labels_id(&case_status_labels, status);
}

const char *case_status_label(int status)
{
    return labels_label(&case_status_labels, status);
}

int case_status_parse(const char *id)
{
    return labels_parse(&case_status_labels, id, 0);
}

const char *case_source_id(int source)
{
    return labels_id(&case_source_labels, source);
}

const char *case_source_label(int source)
{
    return labels_label(&case_source_labels, source);
}

int case_source_parse(const char *id)
{
    return labels_parse(&case_source_labels, id, -1);
}

int case_transition_ok(int from, int to)
{
    if (from < 1 || from > CASE_STATUS_MAX || to < 1 || to > CASE_STATUS_MAX)
        return 0;
    return (transitions[from] >> to) & 1u;
}

/* A case that was infected: a possible source of others. */
static int was_positive(int status)
{
    return status == CASE_CONFIRMED || status == CASE_ASYMPTOMATIC ||
           status == CASE_DISCHARGED || status == CASE_DEAD;
}

static int has(const char *s)
{
    return s && *s;
}

/* Optional text of at most max_chars characters. */
static int text_ok(const char *s, unsigned max_chars, const char *field, struct lf_err *err)
{
    return has(s) ? validate_name(s, max_chars, field, err) : 0;
}

static int date_opt(const char *s, int64_t *out, const char *field, struct lf_err *err)
{
    *out = CASE_NO_DATE;
    return has(s) ? validate_date(s, out, field, err) : 0;
}

/* The rules between the dates of one case (the day of "today" is the
 * deployment's: a sample taken this morning in Beijing is not future). */
static int check_dates(const struct lf_ctx *ctx, const struct epi_case *c, struct lf_err *err)
{
    int64_t today = lf_today_days(ctx);

    if (c->onset_days != CASE_NO_DATE && c->onset_days > today)
        return lf_err_set(err, LF_ERR_INVALID, "onset_date", "must not be in the future");
    if (c->sample_days != CASE_NO_DATE && c->sample_days > today)
        return lf_err_set(err, LF_ERR_INVALID, "sample_date", "must not be in the future");
    if (c->isolation_days != CASE_NO_DATE && c->isolation_days > today)
        return lf_err_set(err, LF_ERR_INVALID, "isolation_date", "must not be in the future");
    if (c->isolation_days != CASE_NO_DATE && c->onset_days != CASE_NO_DATE &&
        c->isolation_days < c->onset_days)
        return lf_err_set(err, LF_ERR_INVALID, "isolation_date",
                          "must not be before the onset date");
    return 0;
}

/* Fill the members of c that `set` names from in (no database). */
static int apply_input(const struct case_in *in, unsigned set, struct epi_case *c,
                       struct lf_err *err)
{
    if (((set & CASE_SET_ONSET) && date_opt(in->onset_date, &c->onset_days, "onset_date", err)) ||
        ((set & CASE_SET_SAMPLE) &&
         date_opt(in->sample_date, &c->sample_days, "sample_date", err)) ||
        ((set & CASE_SET_ISOLATION) &&
         date_opt(in->isolation_date, &c->isolation_days, "isolation_date", err)) ||
        ((set & CASE_SET_HOSPITAL) && text_ok(in->hospital, HOSPITAL_CHARS, "hospital", err)) ||
        ((set & CASE_SET_SOURCE_REMARKS) &&
         text_ok(in->source_remarks, REMARKS_CHARS, "source_remarks", err)))
        return -1;
    if (set & CASE_SET_SOURCE) {
        int s = has(in->source) ? case_source_parse(in->source) : CASE_SOURCE_UNKNOWN;
        if (s < 0)
            return lf_err_set(err, LF_ERR_INVALID, "source",
                              "must be imported, local or unknown");
        c->source = s;
    }
    if (set & CASE_SET_SOURCE_CASE) {
        if (in->source_case_id < 0)
            return lf_err_set(err, LF_ERR_INVALID, "source_case_id",
                              "must be a case id or 0");
        c->source_case_id = in->source_case_id;
    }
    if (set & CASE_SET_HOSPITAL)
        snprintf(c->hospital, sizeof(c->hospital), "%s", has(in->hospital) ? in->hospital : "");
    if (set & CASE_SET_SOURCE_REMARKS)
        snprintf(c->source_remarks, sizeof(c->source_remarks), "%s",
                 has(in->source_remarks) ? in->source_remarks : "");
    return 0;
}

/* The source case exists, is the caller's to see, was positive, and the
 * link makes no cycle (c->id 0: a new case, which nothing points to). */
static int check_source(struct store_tx *tx, const struct lf_who *who, const struct epi_case *c,
                        struct lf_err *err)
{
    struct epi_case s;
    int64_t at;
    int steps;

    if (!c->source_case_id)
        return 0;
    if (c->source_case_id == c->id)
        return lf_err_set(err, LF_ERR_INVALID, "source_case_id", "must not be the case itself");
    if (store_case_get(tx, c->source_case_id, &s, "source_case_id", err) ||
        scope_check(who, PERM_CASE_READ, s.node, "source_case_id", err))
        return -1;
    if (!was_positive(s.status))
        return lf_err_set(err, LF_ERR_INVALID, "source_case_id",
                          "must be a confirmed or asymptomatic case");
    for (at = s.source_case_id, steps = 0; at && c->id && steps < CASE_GRAPH_MAX; steps++) {
        if (at == c->id)
            return lf_err_set(err, LF_ERR_INVALID, "source_case_id",
                              "would make a cycle of sources");
        if (store_case_get(tx, at, &s, "source_case_id", err))
            return -1;
        at = s.source_case_id;
    }
    return 0;
}

/* The person of in, checked against the caller's jurisdiction. */
static int find_person(struct lf_ctx *ctx, struct store_tx *tx, const struct lf_who *who,
                       const struct case_in *in, struct person *p, struct lf_err *err)
{
    struct lf_err e = LF_ERR_INIT;
    const char *field = in->person_id ? "person_id" : "id_number";

    if (in->person_id > 0) {
        if (store_person_get(tx, in->person_id, p, &e)) {
            if (e.code == LF_ERR_NOTFOUND)
                return lf_err_set(err, LF_ERR_NOTFOUND, "person_id", "no such person");
            *err = e;
            return -1;
        }
    } else if (has(in->id_number)) {
        struct id_number idn;
        if (validate_id_number(in->id_number, lf_today_days(ctx), &idn, "id_number", err))
            return -1;
        if (store_person_by_id_number(tx, idn.norm, p, &e)) {
            if (e.code == LF_ERR_NOTFOUND && has(in->name))
                return 1;                           /* intake: register them */
            if (e.code == LF_ERR_NOTFOUND)
                return lf_err_set(err, LF_ERR_NOTFOUND, "id_number",
                                  "no person with this ID number");
            *err = e;
            return -1;
        }
    } else {
        return lf_err_set(err, LF_ERR_INVALID, "person_id", "is required");
    }
    /* a visitor without a grid: only the deployment's top reaches them */
    return scope_check(who, PERM_CASE_WRITE, p->grid[0] ? p->grid : ctx->root, field, err);
}

/* Intake: register the person of a new case the ledger does not have, at
 * node (see case_in), in the case's transaction. */
static int register_person(struct lf_ctx *ctx, struct store_tx *tx, const struct lf_who *who,
                           const struct case_in *in, const char *node, struct person *p,
                           struct lf_err *err)
{
    struct person_in pin = { 0 };
    struct household h;
    struct lf_err notfound = LF_ERR_INIT;
    int in_grid = node_kind_of_code(node) == NODE_GRID;

    pin.name = in->name;
    pin.id_number = in->id_number;
    pin.phone = in->phone;
    if (scope_check(who, PERM_CASE_WRITE, node, "node", err) ||
        person_check(ctx, &pin, p, err))
        return -1;
    if (in_grid && !has(in->address))
        return lf_err_set(err, LF_ERR_INVALID, "address", "is required");
    if (has(in->address) && validate_name(in->address, ADDRESS_CHARS, "address", err))
        return -1;
    p->created_utc = lf_now(ctx);
    if (in_grid) {
        memset(&h, 0, sizeof(h));
        if (store_household_find(tx, node, in->address, &h, &notfound)) {
            if (notfound.code != LF_ERR_NOTFOUND) {
                *err = notfound;
                return -1;
            }
            snprintf(h.grid, sizeof(h.grid), "%s", node);
            validate_copy_trimmed(h.address, sizeof(h.address), in->address);
            h.created_utc = p->created_utc;
            if (store_household_insert(tx, &h, err))
                return -1;
        }
        snprintf(p->grid, sizeof(p->grid), "%s", node);
        p->household_id = h.id;
    }
    if (store_person_insert(tx, p, err) ||
        (in_grid && store_household_add_members(tx, p->household_id, 1, p->created_utc, err)))
        return -1;
    return 0;
}

int case_create(struct lf_ctx *ctx, const struct lf_who *who, const struct case_in *in,
                struct epi_case *out, struct lf_err *err)
{
    struct op op;
    struct case_event ev;
    struct person p;
    struct node node;
    char detail[64];
    int ret = -1, found = 0;

    op_init(&op, ctx, who, "case.create", NULL);
    memset(out, 0, sizeof(*out));
    out->onset_days = out->sample_days = out->isolation_days = CASE_NO_DATE;
    out->status = has(in->status) ? case_status_parse(in->status) : CASE_SUSPECTED;
    if (out->status != CASE_SUSPECTED && out->status != CASE_CONFIRMED &&
        out->status != CASE_ASYMPTOMATIC) {
        lf_err_set(err, LF_ERR_INVALID, "status",
                   "a new case must be suspected, confirmed or asymptomatic");
        goto out;
    }
    if (scope_need(who, PERM_CASE_WRITE, err) ||
        apply_input(in, ~0u, out, err) || check_dates(ctx, out, err) ||
        text_ok(in->remarks, REMARKS_CHARS, "remarks", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        (found = find_person(ctx, op.tx, who, in, &p, err)) < 0)
        goto out;
    if (found == 1 && register_person(ctx, op.tx, who, in, has(in->node) ? in->node : who->node,
                                      &p, err))
        goto out;
    if (has(in->node)) {
        if (store_node_get(op.tx, in->node, &node, "node", err))
            goto out;
        snprintf(out->node, sizeof(out->node), "%s", in->node);
    } else {
        snprintf(out->node, sizeof(out->node), "%s", p.grid[0] ? p.grid : who->node);
    }
    out->person_id = p.id;
    out->created_by = who->user_id;
    out->created_utc = out->updated_utc = lf_now(ctx);
    if (scope_check(who, PERM_CASE_WRITE, out->node, "node", err) ||
        check_source(op.tx, who, out, err) ||
        store_case_insert(op.tx, out, err))
        goto out;
    memset(&ev, 0, sizeof(ev));
    ev.case_id = out->id;
    ev.to_status = out->status;
    ev.at_utc = out->created_utc;
    ev.user_id = who->user_id;
    snprintf(ev.remarks, sizeof(ev.remarks), "%s", has(in->remarks) ? in->remarks : "");
    if (found == 1 && !p.household_id && has(in->address))
        snprintf(ev.remarks, sizeof(ev.remarks), "住址：%s%s%s", in->address,
                 has(in->remarks) ? "；" : "", has(in->remarks) ? in->remarks : "");
    snprintf(detail, sizeof(detail), "person:%lld %s%s", (long long)p.id,
             case_status_id(out->status), found == 1 ? " registered" : "");
    if (store_case_event_insert(op.tx, &ev, err) ||
        store_case_get(op.tx, out->id, out, "id", err))
        goto out;
    op_record(&op, "case:%lld", (long long)out->id);
    if (op_audit(&op, detail, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int case_update(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                const struct case_in *in, unsigned set, struct epi_case *out,
                struct lf_err *err)
{
    struct op op;
    int ret = -1;

    op_init(&op, ctx, who, "case.update", NULL);
    op_record(&op, "case:%lld", (long long)id);
    if (scope_need(who, PERM_CASE_WRITE, err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_case_get(op.tx, id, out, "id", err) ||
        scope_check(who, PERM_CASE_WRITE, out->node, "id", err) ||
        apply_input(in, set, out, err) || check_dates(ctx, out, err) ||
        check_source(op.tx, who, out, err))
        goto out;
    out->updated_utc = lf_now(ctx);
    if (store_case_update(op.tx, out, err) ||
        store_case_get(op.tx, id, out, "id", err) ||
        op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int case_set_status(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                    const char *status, const char *remarks, struct epi_case *out,
                    struct lf_err *err)
{
    struct op op;
    struct case_event ev;
    char detail[64];
    int to = case_status_parse(status), ret = -1;

    op_init(&op, ctx, who, "case.status", NULL);
    op_record(&op, "case:%lld", (long long)id);
    if (!has(status)) {
        lf_err_set(err, LF_ERR_INVALID, "status", "is required");
        goto out;
    }
    if (!to) {
        lf_err_set(err, LF_ERR_INVALID, "status",
                   "must be suspected, confirmed, asymptomatic, excluded, discharged or dead");
        goto out;
    }
    if (scope_need(who, PERM_CASE_WRITE, err) ||
        text_ok(remarks, REMARKS_CHARS, "remarks", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_case_get(op.tx, id, out, "id", err) ||
        scope_check(who, PERM_CASE_WRITE, out->node, "id", err))
        goto out;
    if (!case_transition_ok(out->status, to)) {
        lf_err_set(err, LF_ERR_INVALID, "status", "a %s case cannot become %s",
                   case_status_id(out->status), case_status_id(to));
        goto out;
    }
    memset(&ev, 0, sizeof(ev));
    ev.case_id = id;
    ev.from_status = out->status;
    ev.to_status = to;
    ev.at_utc = lf_now(ctx);
    ev.user_id = who->user_id;
    snprintf(ev.remarks, sizeof(ev.remarks), "%s", has(remarks) ? remarks : "");
    snprintf(detail, sizeof(detail), "%s -> %s", case_status_id(out->status),
             case_status_id(to));
    out->status = to;
    out->updated_utc = ev.at_utc;
    if (store_case_update(op.tx, out, err) || store_case_event_insert(op.tx, &ev, err) ||
        store_case_get(op.tx, id, out, "id", err) ||
        op_audit(&op, detail, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int case_get(struct lf_ctx *ctx, const struct lf_who *who, int64_t id, struct epi_case *out,
             struct case_event_list *events, struct lf_err *err)
{
    struct op op;
    int ret = -1;

    events->items = NULL;
    events->n = 0;
    op_init(&op, ctx, who, "case.read", NULL);
    op_record(&op, "case:%lld", (long long)id);
    if (scope_need(who, PERM_CASE_READ, err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_case_get(op.tx, id, out, "id", err) ||
        scope_check(who, PERM_CASE_READ, out->node, "id", err) ||
        store_case_events(op.tx, id, events, err) ||
        (op_subject(&op, out->person_id, out->id_number), 0) ||
        op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        case_event_list_free(events);
    return op_end(&op, ret, err);
}

int case__subjects(struct op *op, const struct epi_case_list *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        op_subject(op, l->items[i].person_id, l->items[i].id_number);
    return 0;
}

int case_list(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
              const char *status, struct epi_case_list *out, struct lf_err *err)
{
    struct op op;
    char detail[64];
    int st = 0, ret = -1;

    out->items = NULL;
    out->n = 0;
    if (!has(node))
        node = who->node;
    op_init(&op, ctx, who, "case.list", node);
    if (has(status) && !(st = case_status_parse(status))) {
        lf_err_set(err, LF_ERR_INVALID, "status",
                   "must be suspected, confirmed, asymptomatic, excluded, discharged or dead");
        goto out;
    }
    snprintf(detail, sizeof(detail), "status=%s", case_status_id(st));
    if (scope_check(who, PERM_CASE_READ, node, "node", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_case_list(op.tx, node, st, CASE_LIST_MAX, out, err) ||
        case__subjects(&op, out) ||
        op_audit(&op, detail, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        epi_case_list_free(out);
    return op_end(&op, ret, err);
}

void epi_case_list_free(struct epi_case_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

void case_event_list_free(struct case_event_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
