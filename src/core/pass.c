/*
 * pass.c - daily passes and their checks. See pass.h.
 *
 * The day rule is the whole of "当日提交、全市通行": a pass carries the local
 * day it was made on and nothing else limits where it works, so a check
 * compares that day with today (UTC+8) and ignores which checkpoint issued
 * it. Staff reads are audited because they show the full ID number; the
 * holder's own view by code is not (it is masked, and auditing it would
 * put the hot path of showing one's code behind the writer).
 *
 * A check with a fever does three things in one transaction: the check
 * row, PERSON_FEVER on the ledger's person (found by ID number at check
 * time, so a person registered after the pass was made is found too), and
 * the referral to their community.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checkpoint.h"
#include "core/op.h"
#include "core/pass.h"
#include "core/referral.h"
#include "core/scope.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/checkpoint.h"
#include "store/division.h"
#include "store/ledger.h"
#include "store/pass.h"
#include "util/timeutil.h"
#include "util/banned.h"

int64_t pass_day_of(int64_t utc)
{
    int64_t t = utc + TZ_SHANGHAI_OFFSET;

    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

int pass_is_fever(int temp_tenths)
{
    return temp_tenths >= PASS_FEVER_TENTHS;
}

int pass_valid_on(const struct pass *p, int64_t today, struct lf_err *err)
{
    int y;
    unsigned m, d;

    if (p->day == today)
        return 0;
    time_civil_from_days(p->day, &y, &m, &d);
    return lf_err_set(err, LF_ERR_CONFLICT, "day",
                      "the pass is of %04d-%02u-%02u; a pass is valid only on the day "
                      "it was submitted", y, m, d);
}

static const struct lf_label outcomes[] = {
    { CHECK_PASSED, "passed", "放行", "ok" },
    { CHECK_TURNED_BACK, "turned_back", "劝返", "bad" },
};
const struct lf_labels check_outcome_labels = LF_LABELS_OF("check_outcome", outcomes);

const char *pass_outcome_name(int outcome)
{
    return outcome == CHECK_TURNED_BACK ? labels_id(&check_outcome_labels, outcome)
                                        : labels_id(&check_outcome_labels, CHECK_PASSED);
}

static int is_division_code(const char *s)
{
    size_t n = strlen(s), i;

    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n == 2 || n == 4 || n == 6;
}

int pass_prepare(const struct lf_ctx *ctx, const struct pass_in *in, struct pass *out,
                 struct lf_err *err)
{
    struct id_number id;
    int64_t now = lf_now(ctx);

    memset(out, 0, sizeof(*out));
    out->day = pass_day_of(now);
    out->created_utc = now;
    if (validate_name(in->name, PERSON_NAME_CHARS, "name", err))
        return -1;
    if (!in->id_number || !*in->id_number)
        return lf_err_set(err, LF_ERR_INVALID, "id_number", "is required");
    if (validate_id_number(in->id_number, out->day, &id, "id_number", err))
        return -1;
    if (!in->phone || !*in->phone)
        return lf_err_set(err, LF_ERR_INVALID, "phone", "is required");
    if (validate_phone(in->phone, out->phone, "phone", err))
        return -1;
    if (in->plate && *in->plate && validate_plate(in->plate, out->plate, "plate", err))
        return -1;
    if (in->origin_code && *in->origin_code) {
        if (!is_division_code(in->origin_code))
            return lf_err_set(err, LF_ERR_INVALID, "origin_code",
                              "must be a division code of 2, 4 or 6 digits");
        snprintf(out->origin_code, sizeof(out->origin_code), "%s", in->origin_code);
    } else if (!in->origin_name || !*in->origin_name) {
        return lf_err_set(err, LF_ERR_INVALID, "origin_name",
                          "give where you came from (a place or a division code)");
    } else if (validate_name(in->origin_name, NODE_NAME_CHARS, "origin_name", err)) {
        return -1;
    } else {
        validate_copy_trimmed(out->origin_name, sizeof(out->origin_name), in->origin_name);
    }
    if (in->remarks && *in->remarks &&
        validate_name(in->remarks, REMARKS_CHARS, "remarks", err))
        return -1;
    validate_copy_trimmed(out->name, sizeof(out->name), in->name);
    validate_copy_trimmed(out->remarks, sizeof(out->remarks), in->remarks);
    snprintf(out->id_number, sizeof(out->id_number), "%s", id.norm);
    return 0;
}

/* The ledger's person with this ID number: 1 found, 0 none, -1 error. */
static int find_person(struct store_tx *tx, const char *id_number, struct person *out,
                       struct lf_err *err)
{
    struct lf_err e = LF_ERR_INIT;

    if (store_person_by_id_number(tx, id_number, out, &e) == 0)
        return 1;
    if (e.code == LF_ERR_NOTFOUND)
        return 0;
    *err = e;
    return -1;
}

int pass_submit(struct lf_ctx *ctx, const char *addr, const struct pass_in *in,
                struct pass *out, struct lf_err *err)
{
    struct op op;
    struct checkpoint cp;
    struct person person;
    struct lf_who anon;
    char code[CODE_CHARS + 1], detail[40];
    struct lf_err e = LF_ERR_INIT;
    int ret = -1, found;

    memset(&anon, 0, sizeof(anon));
    anon.role = ROLE_NONE;
    snprintf(anon.username, sizeof(anon.username), "(public)");
    snprintf(anon.addr, sizeof(anon.addr), "%s", addr ? addr : "");
    /* anyone may submit: no check that could deny, so no denial row */
    op_init(&op, ctx, &anon, "pass.submit", NULL);
    if (checkpoint_code_parse(in->checkpoint, code, "checkpoint", err) ||
        pass_prepare(ctx, in, out, err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_checkpoint_by_code(op.tx, code, &cp, "checkpoint", err))
        goto out;
    if (out->origin_code[0] &&
        store_division_name(op.tx, out->origin_code, out->origin_name,
                            sizeof(out->origin_name), &e)) {
        if (e.code == LF_ERR_NOTFOUND)
            lf_err_set(err, LF_ERR_INVALID, "origin_code", "is not a division code");
        else
            *err = e;
        goto out;
    }
    if ((found = find_person(op.tx, out->id_number, &person, err)) < 0)
        goto out;
    out->person_id = found ? person.id : 0;
    out->checkpoint_id = cp.id;
    snprintf(out->checkpoint_name, sizeof(out->checkpoint_name), "%s", cp.name);
    checkpoint_code_new(out->code);
    if (store_pass_insert(op.tx, out, err))
        goto out;
    op_record(&op, "pass:%lld", (long long)out->id);
    snprintf(detail, sizeof(detail), "checkpoint:%lld", (long long)cp.id);
    if (op_audit(&op, detail, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int pass_public_get(struct lf_ctx *ctx, const char *code, struct pass *out,
                    struct lf_err *err)
{
    struct store_tx *tx = NULL;
    char norm[CODE_CHARS + 1];
    int ret = -1;

    if (checkpoint_code_parse(code, norm, "code", err) ||
        !(tx = store_begin(ctx->store, STORE_READ, err)) ||
        store_pass_by_code(tx, norm, out, "code", err) ||
        store_commit(tx, err))
        goto out;
    ret = 0;
out:
    store_tx_free(tx);
    return ret;
}

int pass_load(struct lf_ctx *ctx, const struct lf_who *who, const char *code,
              struct pass *out, struct pass_check_list *checks, struct lf_err *err)
{
    struct op op;
    char norm[CODE_CHARS + 1];
    int ret = -1;

    checks->items = NULL;
    checks->n = 0;
    op_init(&op, ctx, who, "pass.read", "pass");
    if (scope_need(who, PERM_PASS_VERIFY, err) ||
        checkpoint_code_parse(code, norm, "code", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_pass_by_code(op.tx, norm, out, "code", err))
        goto out;
    op_record(&op, "pass:%lld", (long long)out->id);
    op_subject(&op, out->person_id, out->id_number);
    if (store_pass_checks(op.tx, out->id, checks, err) ||
        op_audit(&op, "full id_number shown", err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        pass_check_list_free(checks);
    return op_end(&op, ret, err);
}

int pass_verify_prepare(const struct verify_in *in, struct pass_check *out,
                        struct lf_err *err)
{
    double c;

    memset(out, 0, sizeof(*out));
    if (in->checkpoint_id <= 0)
        return lf_err_set(err, LF_ERR_INVALID, "checkpoint_id",
                          "is required (the checkpoint where you check)");
    if (in->temperature_text) {
        if (validate_temperature_str(in->temperature_text, &c, "temperature", err))
            return -1;
    } else if (!in->has_temperature) {
        return lf_err_set(err, LF_ERR_INVALID, "temperature", "is required");
    } else if (validate_temperature(in->temperature, &c, "temperature", err)) {
        return -1;
    }
    out->temp_tenths = (int)lround(c * 10.0);
    out->fever = pass_is_fever(out->temp_tenths);
    if (!in->outcome || !*in->outcome)
        return lf_err_set(err, LF_ERR_INVALID, "outcome", "is required");
    if (strcmp(in->outcome, "passed") == 0)
        out->outcome = CHECK_PASSED;
    else if (strcmp(in->outcome, "turned_back") == 0)
        out->outcome = CHECK_TURNED_BACK;
    else
        return lf_err_set(err, LF_ERR_INVALID, "outcome", "must be passed or turned_back");
    out->id_confirmed = in->id_confirmed == 1;
    /* letting someone through is vouching for who they are */
    if (out->outcome == CHECK_PASSED && !out->id_confirmed)
        return lf_err_set(err, LF_ERR_INVALID, "id_confirmed",
                          "compare the ID card before letting a person pass");
    if (in->remarks && *in->remarks &&
        validate_name(in->remarks, REMARKS_CHARS, "remarks", err))
        return -1;
    validate_copy_trimmed(out->remarks, sizeof(out->remarks), in->remarks);
    out->checkpoint_id = in->checkpoint_id;
    return 0;
}

int pass_verify(struct lf_ctx *ctx, const struct lf_who *who, const char *code,
                const struct verify_in *in, struct verify_out *out, struct lf_err *err)
{
    struct op op;
    struct checkpoint cp;
    struct person person;
    char norm[CODE_CHARS + 1], detail[64];
    int64_t now = lf_now(ctx);
    int ret = -1, found;

    memset(out, 0, sizeof(*out));
    op_init(&op, ctx, who, "pass.check", "pass");
    if (scope_need(who, PERM_PASS_VERIFY, err) ||
        checkpoint_code_parse(code, norm, "code", err) ||
        pass_verify_prepare(in, &out->check, err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_pass_by_code(op.tx, norm, &out->pass, "code", err))
        goto out;
    op_record(&op, "pass:%lld", (long long)out->pass.id);
    if (store_checkpoint_get(op.tx, in->checkpoint_id, &cp, "checkpoint_id", err) ||
        scope_check(who, PERM_PASS_VERIFY, cp.node, "checkpoint_id", err) ||
        pass_valid_on(&out->pass, pass_day_of(now), err))
        goto out;
    out->check.pass_id = out->pass.id;
    snprintf(out->check.checkpoint_name, sizeof(out->check.checkpoint_name), "%s", cp.name);
    out->check.staff_id = who->user_id;
    out->check.at_utc = now;
    out->check.day = pass_day_of(now);
    if (store_pass_check_insert(op.tx, &out->check, err))
        goto out;
    snprintf(detail, sizeof(detail), "check:%lld %s %d.%d", (long long)out->check.id,
             pass_outcome_name(out->check.outcome), out->check.temp_tenths / 10,
             out->check.temp_tenths % 10);
    if (op_audit(&op, detail, err))
        goto out;
    if (out->check.fever) {
        if ((found = find_person(op.tx, out->pass.id_number, &person, err)) < 0 ||
            (found && store_person_add_flags(op.tx, person.id, PERSON_FEVER, now, err)))
            goto out;
        if (found)
            out->pass.person_id = person.id;
        else
            out->pass.person_id = 0;
        if (referral__create(op.tx, ctx, who, &out->pass, &out->check, cp.node,
                             found ? person.grid : "", &out->referral, err))
            goto out;
    }
    if (op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

void pass_check_list_free(struct pass_check_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
