/*
 * contact.c - the contacts of a case (密接、次密接): the tracing engine
 * proposes, this module keeps the proposals and the epidemiologist's
 * decisions. See case.h; the engine is tracing.h.
 *
 * Proposing runs the engine inside the write transaction that stores its
 * answer, so the proposals match the data they were computed from. A
 * person is a contact of a case once (UNIQUE case_id, person_id): a new
 * run refreshes the evidence of a row still proposed and never touches a
 * decided one, so a dismissed contact does not come back and a confirmed
 * one keeps the evidence it was confirmed on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/contact.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/tracing.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/case.h"
#include "store/contact.h"
#include "store/venue.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static int has(const char *s)
{
    return s && *s;
}

static const struct lf_label kinds[] = {
    { CONTACT_VENUE, "venue", "同场所", "" },
    { CONTACT_HOUSEHOLD, "household", "同住", "" },
    { CONTACT_VEHICLE, "vehicle", "同车", "" },
    { CONTACT_SECONDARY, "secondary", "次密接", "" },
};
const struct lf_labels contact_kind_labels = LF_LABELS_OF("contact_kind", kinds);

static const struct lf_label statuses[] = {
    { CONTACT_PROPOSED, "proposed", "待确认", "warn" },
    { CONTACT_CONFIRMED, "confirmed", "已确认密接", "bad" },
    { CONTACT_DISMISSED, "dismissed", "已排除", "muted" },
};
const struct lf_labels contact_status_labels = LF_LABELS_OF("contact_status", statuses);

const char *contact_kind_id(int kind)
{
    return labels_id(&contact_kind_labels, kind);
}

const char *contact_kind_label(int kind)
{
    return labels_label(&contact_kind_labels, kind);
}

const char *contact_status_id(int status)
{
    return labels_id(&contact_status_labels, status);
}

/* The deployment's rules: the defaults, changed by the config
 * "tracing_rules" when it is set. */
static int load_rules(struct store_tx *tx, struct tracing_rules *r, struct lf_err *err)
{
    struct lf_err probe = LF_ERR_INIT;
    char text[TRACING_RULES_TEXT_MAX + 1];

    tracing_rules_default(r);
    if (store_config_get(tx, "tracing_rules", text, sizeof(text), &probe)) {
        if (probe.code == LF_ERR_NOTFOUND)
            return 0;
        *err = probe;
        return -1;
    }
    return tracing_rules_parse(text, r, err);
}

int case_tracing_rules_get(struct lf_ctx *ctx, struct tracing_rules *out, struct lf_err *err)
{
    struct store_tx *tx = store_begin(ctx->store, STORE_READ, err);
    int ret = !tx || load_rules(tx, out, err) ? -1 : 0;

    store_tx_free(tx);
    return ret;
}

int case_tracing_rules_set(struct lf_ctx *ctx, const struct lf_who *who, const char *text,
                           struct tracing_rules *out, struct lf_err *err)
{
    struct op op;
    char stored[TRACING_RULES_TEXT_MAX + 1];
    int ret = -1;

    op_init(&op, ctx, who, "tracing.rules", "tracing_rules");
    /* an epidemiological decision for the whole deployment */
    if (scope_check(who, PERM_CASE_WRITE, ctx->root, "rules", err) ||
        op_begin(&op, STORE_WRITE, err) || load_rules(op.tx, out, err) ||
        tracing_rules_parse(text, out, err))
        goto out;
    tracing_rules_format(out, stored, sizeof(stored));
    if (store_config_set(op.tx, "tracing_rules", stored, err) ||
        op_audit(&op, stored, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int case_infectious_window(const struct lf_ctx *ctx, const struct epi_case *c,
                           const struct tracing_rules *rules, int64_t *from_utc,
                           int64_t *to_utc, struct lf_err *err)
{
    int64_t start, now = lf_now(ctx);

    if (c->onset_days != CASE_NO_DATE)
        start = c->onset_days;
    else if (c->sample_days != CASE_NO_DATE)
        start = c->sample_days;
    else
        return lf_err_set(err, LF_ERR_INVALID, "onset_date",
                          "the case needs an onset or a positive sample date");
    *from_utc = (start - rules->days_before_onset) * 86400 - TZ_SHANGHAI_OFFSET;
    *to_utc = now;
    /* isolated that day: the whole day still counts (the hour is not kept) */
    if (c->isolation_days != CASE_NO_DATE &&
        (c->isolation_days + 1) * 86400 - TZ_SHANGHAI_OFFSET < now)
        *to_utc = (c->isolation_days + 1) * 86400 - TZ_SHANGHAI_OFFSET;
    if (*from_utc >= *to_utc)
        return lf_err_set(err, LF_ERR_INVALID, "isolation_date",
                          "leaves no infectious window");
    return 0;
}

static void contact_of(const struct contact_proposal *p, int64_t case_id, int64_t now,
                       struct contact *c)
{
    memset(c, 0, sizeof(*c));
    c->case_id = case_id;
    c->person_id = p->person_id;
    c->kind = p->kind;
    c->via_person_id = p->via_person_id;
    c->venue_id = p->venue_id;
    c->checkpoint_id = p->checkpoint_id;
    snprintf(c->plate, sizeof(c->plate), "%s", p->plate);
    c->from_utc = p->from_utc;
    c->to_utc = p->to_utc;
    c->overlap_minutes = p->overlap_minutes;
    c->n_encounters = p->n_encounters;
    c->proposed_utc = now;
}

/* The case's manual trajectory entries in [from, to) that name a venue, as
 * stays for the engine (with the venue's type for its typical stay). */
static int manual_stays(struct store_tx *tx, int64_t case_id, int64_t from, int64_t to,
                        struct tracing_stay_in **out, size_t *n_out, struct lf_err *err)
{
    struct trajectory_entry_list entries = { NULL, 0 };
    struct venue v;
    size_t i;
    int ret = -1;

    *out = NULL;
    *n_out = 0;
    if (store_trajectory_entries(tx, case_id, from, to, &entries, err))
        goto out;
    if (entries.n)
        *out = xmalloc(entries.n * sizeof(**out));
    for (i = 0; i < entries.n; i++) {
        const struct trajectory_entry *e = &entries.items[i];
        if (!e->venue_id)
            continue;
        if (store_venue_get(tx, e->venue_id, &v, err))
            goto out;
        (*out)[*n_out].venue_id = e->venue_id;
        (*out)[*n_out].venue_type = v.type;
        (*out)[*n_out].from_utc = e->from_utc;
        (*out)[*n_out].to_utc = e->to_utc;
        (*n_out)++;
    }
    ret = 0;
out:
    free(entries.items);
    return ret;
}

int contact_propose(struct lf_ctx *ctx, const struct lf_who *who, int64_t case_id,
                    long *n_new, struct tracing_rules *rules_used, struct lf_err *err)
{
    struct op op;
    struct contact_proposal_list found = { NULL, 0 };
    struct tracing_rules rules;
    struct tracing_stay_in *stays = NULL;
    size_t n_stays = 0;
    struct epi_case c;
    struct contact row;
    char detail[64];
    int64_t from, to, now = lf_now(ctx);
    size_t i;
    int added, ret = -1;

    *n_new = 0;
    op_init(&op, ctx, who, "contact.propose", NULL);
    op_record(&op, "case:%lld", (long long)case_id);
    if (scope_need(who, PERM_CASE_WRITE, err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_case_get(op.tx, case_id, &c, "id", err) ||
        scope_check(who, PERM_CASE_WRITE, c.node, "id", err) ||
        load_rules(op.tx, &rules, err) ||
        case_infectious_window(ctx, &c, &rules, &from, &to, err) ||
        manual_stays(op.tx, case_id, from, to, &stays, &n_stays, err) ||
        tracing_find_stays(NULL, op.tx, c.person_id, from, to, stays, n_stays, &rules, &found,
                           err))
        goto out;
    for (i = 0; i < found.n; i++) {
        if (found.items[i].person_id == c.person_id)
            continue;   /* the engine excludes the index person; be sure */
        contact_of(&found.items[i], case_id, now, &row);
        if (store_contact_put(op.tx, &row, &added, err))
            goto out;
        *n_new += added;
    }
    snprintf(detail, sizeof(detail), "proposals=%zu new=%ld", found.n, *n_new);
    if (rules_used)
        *rules_used = rules;
    if (op_audit(&op, detail, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    contact_proposal_list_free(&found);
    free(stays);
    if (ret)
        *n_new = 0;
    return op_end(&op, ret, err);
}

/* Who looked at whom: the case and each contact it lists (op.h). */
static int subjects(struct op *op, const struct epi_case *c, const struct contact_list *l)
{
    size_t i;

    op_subject(op, c->person_id, c->id_number);
    for (i = 0; i < l->n; i++)
        op_subject(op, l->items[i].person_id, NULL);
    return 0;
}

int contact_list(struct lf_ctx *ctx, const struct lf_who *who, int64_t case_id,
                 struct contact_list *out, struct lf_err *err)
{
    struct op op;
    struct epi_case c;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    op_init(&op, ctx, who, "contact.list", NULL);
    op_record(&op, "case:%lld", (long long)case_id);
    if (scope_need(who, PERM_CASE_READ, err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_case_get(op.tx, case_id, &c, "id", err) ||
        scope_check(who, PERM_CASE_READ, c.node, "id", err) ||
        store_contact_list(op.tx, case_id, out, err) ||
        subjects(&op, &c, out) ||
        op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        contact_list_free(out);
    return op_end(&op, ret, err);
}

int contact_decide(struct lf_ctx *ctx, const struct lf_who *who, int64_t contact_id,
                   int confirm, const char *reason, struct contact *out, struct lf_err *err)
{
    struct op op;
    struct epi_case c;
    int ret = -1;

    op_init(&op, ctx, who, confirm ? "contact.confirm" : "contact.dismiss", NULL);
    op_record(&op, "contact:%lld", (long long)contact_id);
    if (scope_need(who, PERM_CASE_WRITE, err) ||
        (has(reason) && validate_name(reason, REMARKS_CHARS, "reason", err)))
        goto out;
    if (!confirm && !has(reason)) {
        lf_err_set(err, LF_ERR_INVALID, "reason", "is required to dismiss a contact");
        goto out;
    }
    if (op_begin(&op, STORE_WRITE, err) ||
        store_contact_get(op.tx, contact_id, out, err) ||
        store_case_get(op.tx, out->case_id, &c, "id", err) ||
        scope_check(who, PERM_CASE_WRITE, c.node, "id", err) ||
        store_contact_decide(op.tx, contact_id,
                             confirm ? CONTACT_CONFIRMED : CONTACT_DISMISSED, who->user_id,
                             lf_now(ctx), reason, err) ||
        store_contact_get(op.tx, contact_id, out, err) ||
        op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

void contact_list_free(struct contact_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
