/*
 * ledger_edit.c - correcting the ledger: edit, move and delete persons and
 * households (see ledger.h), and the history of each record.
 *
 * The history is a table of its own (ledger_history), written in the
 * transaction of the change, rather than read back from the audit log:
 * the audit row says who did what to which record but must not hold the
 * values (it is kept and read for other purposes, and by the auditor, who
 * has no right to personal data), while a record's history is read by the
 * officials of its jurisdiction and needs the old and the new value. So
 * each change writes both: the audit row (action, record, success) and one
 * history line per changed field.
 *
 * Deletion is soft (deleted_utc): the person leaves lists, searches and
 * exports, while their row and history stay for the audit period, and an
 * ID number registered again brings the same row back (store_person_insert
 * adopts it), so one number stays one person.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ledger.h"
#include "core/ledger_int.h"
#include "core/node.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/ledger.h"
#include "store/node.h"
#include "util/timeutil.h"
#include "util/utf8.h"
#include "util/banned.h"

static int has(const char *s)
{
    return s && s[strspn(s, " \t")];
}

int ledger__reason(const char *reason, int required, char *out, size_t n,
                   struct lf_err *err)
{
    out[0] = '\0';
    if (!has(reason)) {
        if (required)
            return lf_err_set(err, LF_ERR_INVALID, "reason", "is required");
        return 0;
    }
    if (validate_name(reason, LEDGER_REASON_CHARS, "reason", err))
        return -1;
    validate_copy_trimmed(out, n, reason);
    return 0;
}

int ledger__change(struct store_tx *tx, const struct lf_ctx *ctx, const struct lf_who *who,
                   int64_t person_id, int64_t household_id, const char *action,
                   const char *field, const char *old_value, const char *new_value,
                   const char *reason, struct lf_err *err)
{
    struct ledger_change c;

    memset(&c, 0, sizeof(c));
    c.person_id = person_id;
    c.household_id = household_id;
    c.at_utc = lf_now(ctx);
    c.user_id = who->user_id;
    snprintf(c.username, sizeof(c.username), "%s", who->username);
    snprintf(c.action, sizeof(c.action), "%s", action);
    snprintf(c.field, sizeof(c.field), "%s", field ? field : "");
    snprintf(c.old_value, sizeof(c.old_value), "%s", old_value ? old_value : "");
    snprintf(c.new_value, sizeof(c.new_value), "%s", new_value ? new_value : "");
    snprintf(c.reason, sizeof(c.reason), "%s", reason ? reason : "");
    return store_ledger_change_insert(tx, &c, err);
}

static void date_text(int64_t days, char out[16])
{
    int y;
    unsigned m, d;

    out[0] = '\0';
    if (days == BIRTH_UNKNOWN)
        return;
    time_civil_from_days(days, &y, &m, &d);
    snprintf(out, 16, "%04d-%02u-%02u", y, m, d);
}

int ledger__write_person(struct store_tx *tx, const struct lf_ctx *ctx,
                         const struct lf_who *who, const struct person *was,
                         const char *was_address, struct person *now,
                         const char *now_address, const char *action, const char *reason,
                         int *n_changed, struct lf_err *err)
{
    char a[16], b[16];
    int64_t other;
    struct lf_err probe = LF_ERR_INIT;
    int n = 0, moved = was->household_id != now->household_id;

#define DIFF(field, x, y) do {                                                 \
        if (strcmp((x), (y)) != 0) {                                           \
            if (ledger__change(tx, ctx, who, was->id, now->household_id,       \
                               action, field, (x), (y), reason, err))          \
                return -1;                                                     \
            n++;                                                               \
        }                                                                      \
    } while (0)
#define DIFF_INT(field, x, y) do {                                             \
        snprintf(a, sizeof(a), "%d", (int)(x));                                \
        snprintf(b, sizeof(b), "%d", (int)(y));                                \
        DIFF(field, a, b);                                                     \
    } while (0)

    *n_changed = 0;
    if (now->id_number[0] && strcmp(now->id_number, was->id_number) != 0) {
        if (!store_person_id_by_id_number(tx, now->id_number, &other, &probe) &&
            other != was->id)
            return lf_err_set(err, LF_ERR_CONFLICT, "id_number",
                              "is already registered for another person");
        if (probe.code != LF_ERR_OK && probe.code != LF_ERR_NOTFOUND)
            return lf_err_set(err, probe.code, NULL, "%s", probe.reason);
    }
    DIFF("name", was->name, now->name);
    DIFF("id_number", was->id_number, now->id_number);
    DIFF_INT("sex", was->sex, now->sex);
    date_text(was->birth_days, a);
    date_text(now->birth_days, b);
    DIFF("birth_date", a, b);
    DIFF("phone", was->phone, now->phone);
    DIFF("relation", was->relation, now->relation);
    DIFF_INT("is_floating", was->is_floating, now->is_floating);
    DIFF_INT("is_head", (was->flags & PERSON_HEAD) != 0, (now->flags & PERSON_HEAD) != 0);
    if (moved) {
        DIFF("grid", was->grid, now->grid);
        DIFF("address", was_address ? was_address : "", now_address ? now_address : "");
        if (!was->grid[0] || strcmp(was_address ? was_address : "", now_address ? now_address : "") == 0) {
            /* the same address in another household: say which */
            snprintf(a, sizeof(a), "%lld", (long long)was->household_id);
            snprintf(b, sizeof(b), "%lld", (long long)now->household_id);
            DIFF("household_id", a, b);
        }
    }
#undef DIFF
#undef DIFF_INT
    if (!n)
        return 0;
    now->updated_utc = lf_now(ctx);
    if (store_person_update(tx, now, err) ||
        (moved && was->household_id &&
         store_household_add_members(tx, was->household_id, -1, now->updated_utc, err)) ||
        (moved && store_household_add_members(tx, now->household_id, 1, now->updated_utc, err)))
        return -1;
    *n_changed = n;
    return 0;
}

/* The live person id with its household's address, for a change by who
 * with perm: NOTFOUND "id" when deleted, FORBIDDEN outside the
 * jurisdiction. */
static int load_live(struct store_tx *tx, const struct lf_who *who, int64_t id,
                     struct person_row *out, struct lf_err *err)
{
    struct household h;

    memset(out, 0, sizeof(*out));
    if (store_person_get(tx, id, &out->p, err))
        return -1;
    if (out->p.deleted_utc || !out->p.household_id)
        return lf_err_set(err, LF_ERR_NOTFOUND, "id", "does not exist");
    if (scope_check(who, PERM_LEDGER_EDIT, out->p.grid, "id", err) ||
        store_household_get(tx, out->p.household_id, &h, err))
        return -1;
    snprintf(out->address, sizeof(out->address), "%s", h.address);
    return 0;
}

int person_get(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
               struct person_row *out, struct lf_err *err)
{
    struct op op;
    struct household h;
    int ret = -1;

    op_init(&op, ctx, who, "person.read", NULL);
    op_record(&op, "person:%lld", (long long)id);
    memset(out, 0, sizeof(*out));
    if (scope_need(who, PERM_LEDGER_READ, err) || op_begin(&op, STORE_WRITE, err) ||
        store_person_get(op.tx, id, &out->p, err))
        goto out;
    /* a visitor (no grid) is the top's, as in person_list() */
    if (scope_check(who, PERM_LEDGER_READ, out->p.grid[0] ? out->p.grid : ctx->root, "id",
                    err))
        goto out;
    if (out->p.household_id) {
        if (store_household_get(op.tx, out->p.household_id, &h, err))
            goto out;
        snprintf(out->address, sizeof(out->address), "%s", h.address);
    }
    op_subject(&op, out->p.id, out->p.id_number);    /* who looked at whom */
    if (op_audit(&op, NULL, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int person_update(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                  const struct person_edit *in, struct person_row *out, int *n_changed,
                  struct lf_err *err)
{
    struct op op;
    struct person_row was;
    struct person_in pin = { 0 };
    char birth[16], why[LEDGER_REASON_CHARS * 4 + 1], detail[64];
    int ret = -1;

    op_init(&op, ctx, who, "person.update", NULL);
    op_record(&op, "person:%lld", (long long)id);
    *n_changed = 0;
    if (scope_need(who, PERM_LEDGER_EDIT, err) ||
        ledger__reason(in->reason, 0, why, sizeof(why), err))
        goto out;
    if (in->sex != -1 && in->sex != 0 && in->sex != 1 && in->sex != 2 && in->sex != 9) {
        lf_err_set(err, LF_ERR_INVALID, "sex", "must be 0, 1, 2 or 9");
        goto out;
    }
    if (op_begin(&op, STORE_WRITE, err) || load_live(op.tx, who, id, &was, err))
        goto out;
    /* the edit over the record as it is, checked as a new person would be */
    date_text(was.p.birth_days, birth);
    pin.household_id = was.p.household_id;
    pin.name = in->name ? in->name : was.p.name;
    pin.id_number = in->id_number ? in->id_number : was.p.id_number;
    pin.phone = in->phone ? in->phone : was.p.phone;
    pin.relation = in->relation ? in->relation : was.p.relation;
    pin.sex = in->sex >= 0 ? in->sex : was.p.sex;
    pin.birth_date = in->birth_date ? in->birth_date : birth;
    pin.is_floating = in->is_floating >= 0 ? in->is_floating : was.p.is_floating;
    pin.is_head = in->is_head >= 0 ? in->is_head : (was.p.flags & PERSON_HEAD) != 0;
    if (person_check(ctx, &pin, &out->p, err))
        goto out;
    out->p.id = was.p.id;
    out->p.household_id = was.p.household_id;
    snprintf(out->p.grid, sizeof(out->p.grid), "%s", was.p.grid);
    out->p.flags = (was.p.flags & ~(unsigned)PERSON_HEAD) | (out->p.flags & PERSON_HEAD);
    out->p.created_utc = was.p.created_utc;
    out->p.updated_utc = was.p.updated_utc;
    snprintf(out->address, sizeof(out->address), "%s", was.address);
    if (ledger__write_person(op.tx, ctx, who, &was.p, was.address, &out->p, out->address,
                             "edit", why, n_changed, err))
        goto out;
    snprintf(detail, sizeof(detail), "%d fields", *n_changed);
    if (op_audit(&op, detail, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int person_move(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                int64_t household_id, const char *reason, struct person_row *out,
                struct lf_err *err)
{
    struct op op;
    struct person_row was;
    struct household h;
    char why[LEDGER_REASON_CHARS * 4 + 1];
    int n, ret = -1;

    op_init(&op, ctx, who, "person.move", NULL);
    op_record(&op, "person:%lld", (long long)id);
    if (scope_need(who, PERM_LEDGER_EDIT, err) ||
        ledger__reason(reason, 1, why, sizeof(why), err))
        goto out;
    if (household_id <= 0) {
        lf_err_set(err, LF_ERR_INVALID, "household_id", "must be a positive integer");
        goto out;
    }
    if (op_begin(&op, STORE_WRITE, err) || load_live(op.tx, who, id, &was, err) ||
        store_household_get(op.tx, household_id, &h, err))
        goto out;
    if (h.deleted_utc) {
        lf_err_set(err, LF_ERR_NOTFOUND, "household_id", "does not exist");
        goto out;
    }
    if (scope_check(who, PERM_LEDGER_EDIT, h.grid, "household_id", err))
        goto out;
    *out = was;
    out->p.household_id = h.id;
    snprintf(out->p.grid, sizeof(out->p.grid), "%s", h.grid);
    snprintf(out->address, sizeof(out->address), "%s", h.address);
    if (ledger__write_person(op.tx, ctx, who, &was.p, was.address, &out->p, out->address,
                             "move", why, &n, err) ||
        op_audit(&op, NULL, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int person_delete(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                  const char *reason, struct person *out, struct lf_err *err)
{
    struct op op;
    struct person_row was;
    char why[LEDGER_REASON_CHARS * 4 + 1];
    int64_t now = lf_now(ctx);
    int ret = -1;

    op_init(&op, ctx, who, "person.delete", NULL);
    op_record(&op, "person:%lld", (long long)id);
    if (scope_need(who, PERM_LEDGER_EDIT, err) ||
        ledger__reason(reason, 1, why, sizeof(why), err))
        goto out;
    if (op_begin(&op, STORE_WRITE, err) || load_live(op.tx, who, id, &was, err) ||
        store_person_delete(op.tx, id, now, err) ||
        store_household_add_members(op.tx, was.p.household_id, -1, now, err) ||
        ledger__change(op.tx, ctx, who, id, was.p.household_id, "delete", "", "", "", why,
                       err) ||
        op_audit(&op, NULL, err) || op_commit(&op, err))
        goto out;
    *out = was.p;
    out->deleted_utc = now;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

static int history(struct lf_ctx *ctx, const struct lf_who *who, int64_t person_id,
                   int64_t household_id, struct ledger_history *out, struct lf_err *err)
{
    struct op op;
    struct person p;
    struct household h;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    op_init(&op, ctx, who, person_id ? "person.history" : "household.history", NULL);
    op_record(&op, "%s:%lld", person_id ? "person" : "household",
              (long long)(person_id ? person_id : household_id));
    if (scope_need(who, PERM_LEDGER_READ, err) || op_begin(&op, STORE_WRITE, err))
        goto out;
    if (person_id ? store_person_get(op.tx, person_id, &p, err)
                  : store_household_get(op.tx, household_id, &h, err))
        goto out;
    if (scope_check(who, PERM_LEDGER_READ,
                    person_id ? (p.grid[0] ? p.grid : ctx->root) : h.grid, "id", err) ||
        store_ledger_history(op.tx, person_id, household_id, out, err))
        goto out;
    if (person_id)                          /* who looked at whom */
        op_subject(&op, p.id, p.id_number);
    for (size_t i = 0; i < out->n; i++)
        op_subject(&op, out->items[i].person_id, NULL);
    if (op_audit(&op, NULL, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        ledger_history_free(out);
    return op_end(&op, ret, err);
}

int person_history(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                   struct ledger_history *out, struct lf_err *err)
{
    return history(ctx, who, id, 0, out, err);
}

int household_history(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                      struct ledger_history *out, struct lf_err *err)
{
    return history(ctx, who, 0, id, out, err);
}

void ledger_history_free(struct ledger_history *h)
{
    free(h->items);
    h->items = NULL;
    h->n = 0;
}

int household_get(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                  struct household *out, struct lf_err *err)
{
    struct op op;
    int ret = -1;

    op_init(&op, ctx, who, "household.read", NULL);
    op_record(&op, "household:%lld", (long long)id);
    if (scope_need(who, PERM_LEDGER_READ, err) || op_begin(&op, STORE_WRITE, err) ||
        store_household_get(op.tx, id, out, err) ||
        scope_check(who, PERM_LEDGER_READ, out->grid, "id", err) ||
        op_audit(&op, NULL, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

/* The live household id, which who may edit. */
static int load_household(struct store_tx *tx, const struct lf_who *who, int64_t id,
                          struct household *out, struct lf_err *err)
{
    if (store_household_get(tx, id, out, err))
        return -1;
    if (out->deleted_utc)
        return lf_err_set(err, LF_ERR_NOTFOUND, "id", "does not exist");
    return scope_check(who, PERM_LEDGER_EDIT, out->grid, "id", err);
}

int household_update(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                     const char *grid, const char *address, const char *reason,
                     struct household *out, struct lf_err *err)
{
    struct op op;
    struct household was;
    struct node g;
    char why[LEDGER_REASON_CHARS * 4 + 1], addr[ADDRESS_CHARS * 4 + 1];
    int ret = -1;

    op_init(&op, ctx, who, grid ? "household.move" : "household.update", NULL);
    op_record(&op, "household:%lld", (long long)id);
    if (scope_need(who, PERM_LEDGER_EDIT, err) ||
        ledger__reason(reason, grid != NULL, why, sizeof(why), err))
        goto out;
    if (!grid && !address) {
        lf_err_set(err, LF_ERR_INVALID, "address", "is required");
        goto out;
    }
    if (address) {
        if (validate_name(address, ADDRESS_CHARS, "address", err))
            goto out;
        validate_copy_trimmed(addr, sizeof(addr), address);
    }
    if (grid && scope_check(who, PERM_LEDGER_EDIT, grid, "grid", err))
        goto out;
    if (op_begin(&op, STORE_WRITE, err) || load_household(op.tx, who, id, &was, err))
        goto out;
    *out = was;
    if (grid) {
        if (store_node_get(op.tx, grid, &g, "grid", err))
            goto out;
        if (g.kind != NODE_GRID) {
            lf_err_set(err, LF_ERR_INVALID, "grid", "must be a grid (网格), not a %s",
                       node_kind_name(g.kind));
            goto out;
        }
        snprintf(out->grid, sizeof(out->grid), "%s", grid);
    }
    if (address)
        snprintf(out->address, sizeof(out->address), "%s", addr);
    out->updated_utc = lf_now(ctx);
    if (strcmp(was.grid, out->grid) &&
        ledger__change(op.tx, ctx, who, 0, id, "move", "grid", was.grid, out->grid, why, err))
        goto out;
    if (strcmp(was.address, out->address) &&
        ledger__change(op.tx, ctx, who, 0, id, "edit", "address", was.address, out->address,
                       why, err))
        goto out;
    if (store_household_update(op.tx, out, err) || op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int household_delete(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                     const char *reason, struct lf_err *err)
{
    struct op op;
    struct household h;
    char why[LEDGER_REASON_CHARS * 4 + 1];
    long members;
    int ret = -1;

    op_init(&op, ctx, who, "household.delete", NULL);
    op_record(&op, "household:%lld", (long long)id);
    if (scope_need(who, PERM_LEDGER_EDIT, err) ||
        ledger__reason(reason, 1, why, sizeof(why), err) ||
        op_begin(&op, STORE_WRITE, err) || load_household(op.tx, who, id, &h, err) ||
        store_household_live_members(op.tx, id, &members, err))
        goto out;
    if (members > 0) {
        lf_err_set(err, LF_ERR_CONFLICT, "id",
                   "has %ld members: move or delete them first", members);
        goto out;
    }
    if (store_household_delete(op.tx, id, lf_now(ctx), err) ||
        ledger__change(op.tx, ctx, who, 0, id, "delete", "", "", "", why, err) ||
        op_audit(&op, NULL, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}
