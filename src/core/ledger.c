/*
 * ledger.c - households and persons. See ledger.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ledger.h"
#include "core/node.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/division.h"
#include "store/ledger.h"
#include "store/node.h"
#include "store/venue.h"
#include "util/timeutil.h"
#include "util/banned.h"

/* GB/T 2261.1 */
static const struct lf_label sexes[] = {
    { 0, "0", "未知", "" },
    { 1, "1", "男", "" },
    { 2, "2", "女", "" },
    { 9, "9", "未说明", "" },
};
const struct lf_labels sex_labels = LF_LABELS_OF("sex", sexes);

static const struct lf_label relations[] = {
    { 1, "户主", "户主", "" },
    { 2, "配偶", "配偶", "" },
    { 3, "子女", "子女", "" },
    { 4, "父母", "父母", "" },
    { 5, "岳父母/公婆", "岳父母/公婆", "" },
    { 6, "祖父母/外祖父母", "祖父母/外祖父母", "" },
    { 7, "孙子女/外孙子女", "孙子女/外孙子女", "" },
    { 8, "兄弟姐妹", "兄弟姐妹", "" },
    { 9, "儿媳/女婿", "儿媳/女婿", "" },
    { 10, "其他亲属", "其他亲属", "" },
    { 11, "租户", "租户", "" },
    { 12, "保姆/雇工", "保姆/雇工", "" },
    { 13, "其他", "其他", "" },
};
const struct lf_labels relation_labels = LF_LABELS_OF("relation", relations);

int household_create(struct lf_ctx *ctx, const struct lf_who *who,
                     const struct household_in *in, struct household *out,
                     struct lf_err *err)
{
    struct op op;
    struct node grid;
    int ret = -1;

    op_init(&op, ctx, who, "household.create", in->grid);
    memset(out, 0, sizeof(*out));
    if (!in->grid || !*in->grid) {
        lf_err_set(err, LF_ERR_INVALID, "grid", "is required");
        goto out;
    }
    if (scope_check(who, PERM_LEDGER_EDIT, in->grid, "grid", err) ||
        validate_name(in->address, ADDRESS_CHARS, "address", err))
        goto out;
    if (op_begin(&op, STORE_WRITE, err) ||
        store_node_get(op.tx, in->grid, &grid, "grid", err))
        goto out;
    if (grid.kind != NODE_GRID) {
        lf_err_set(err, LF_ERR_INVALID, "grid", "must be a grid (网格), not a %s",
                   node_kind_name(grid.kind));
        goto out;
    }
    snprintf(out->grid, sizeof(out->grid), "%s", in->grid);
    snprintf(out->address, sizeof(out->address), "%s", in->address);
    out->created_utc = lf_now(ctx);
    if (store_household_insert(op.tx, out, err))
        goto out;
    op_record(&op, "household:%lld", (long long)out->id);
    if (op_audit(&op, NULL, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int person_check(const struct lf_ctx *ctx, const struct person_in *in, struct person *out,
                 struct lf_err *err)
{
    memset(out, 0, sizeof(*out));
    out->birth_days = BIRTH_UNKNOWN;
    if (validate_name(in->name, PERSON_NAME_CHARS, "name", err))
        return -1;
    snprintf(out->name, sizeof(out->name), "%s", in->name);
    if (in->id_number && *in->id_number) {
        struct id_number id;
        if (validate_id_number(in->id_number, lf_today_days(ctx), &id, "id_number", err))
            return -1;
        snprintf(out->id_number, sizeof(out->id_number), "%s", id.norm);
        out->sex = id.sex;
        out->birth_days = time_days_from_civil(id.year, (unsigned)id.month, (unsigned)id.day);
    } else {
        if (in->sex != 0 && in->sex != 1 && in->sex != 2 && in->sex != 9)
            return lf_err_set(err, LF_ERR_INVALID, "sex",
                              "must be 0 (unknown), 1 (male), 2 (female) or 9 (not stated)");
        out->sex = in->sex;
        if (in->birth_date && *in->birth_date) {
            if (validate_date(in->birth_date, &out->birth_days, "birth_date", err))
                return -1;
            if (out->birth_days > lf_today_days(ctx))
                return lf_err_set(err, LF_ERR_INVALID, "birth_date", "is in the future");
        }
    }
    if (in->phone && *in->phone &&
        validate_phone(in->phone, out->phone, "phone", err))
        return -1;
    if (in->relation && *in->relation) {
        long n = utf8_count(in->relation);
        if (n < 0 || n > RELATION_CHARS)
            return lf_err_set(err, LF_ERR_INVALID, "relation",
                              "must be at most %d characters", RELATION_CHARS);
        snprintf(out->relation, sizeof(out->relation), "%s", in->relation);
    }
    out->is_floating = in->is_floating ? 1 : 0;
    out->flags = in->is_head ? PERSON_HEAD : 0;
    return 0;
}

int person_create(struct lf_ctx *ctx, const struct lf_who *who, const struct person_in *in,
                  struct person_out *out, struct lf_err *err)
{
    struct op op;
    struct household h;
    char region[8];
    int ret = -1, known;

    op_init(&op, ctx, who, "person.create", NULL);
    memset(out, 0, sizeof(*out));
    if (scope_need(who, PERM_LEDGER_EDIT, err) || person_check(ctx, in, &out->p, err))
        goto out;
    if (op_begin(&op, STORE_WRITE, err))
        goto out;
    if (store_household_get(op.tx, in->household_id, &h, err) ||
        scope_check(who, PERM_LEDGER_EDIT, h.grid, "household_id", err))
        goto out;
    if (h.deleted_utc) {
        lf_err_set(err, LF_ERR_NOTFOUND, "household_id", "does not exist");
        goto out;
    }
    snprintf(out->p.grid, sizeof(out->p.grid), "%s", h.grid);
    out->p.household_id = h.id;
    out->p.created_utc = lf_now(ctx);
    if (out->p.id_number[0] && strlen(out->p.id_number) >= 6) {
        snprintf(region, sizeof(region), "%.6s", out->p.id_number);
        if ((known = store_division_known(op.tx, region, err)) < 0)
            goto out;
        if (!known)
            snprintf(out->warning, sizeof(out->warning),
                     "id_number: region %s is not a current division (retired code?)",
                     region);
    }
    if (store_person_insert(op.tx, &out->p, err) ||
        store_household_add_members(op.tx, h.id, 1, out->p.created_utc, err))
        goto out;
    op_record(&op, "person:%lld", (long long)out->p.id);
    if (op_audit(&op, out->warning, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

/* Who looked at whom: every person of a list (op.h). Returns 0. */
static int person_subjects(struct op *op, const struct person_list *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        op_subject(op, l->items[i].p.id, l->items[i].p.id_number);
    return 0;
}

int person_list(struct lf_ctx *ctx, const struct lf_who *who, const struct person_query *q,
                struct person_list *out, struct lf_err *err)
{
    struct op op;
    struct person_query query = *q;
    char detail[200], id_search[32];
    struct id_number id;
    struct lf_err ignored = LF_ERR_INIT;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    if (!query.node || !*query.node)
        query.node = who->node;
    if (query.limit == 0 || query.limit > 500)
        query.limit = query.limit ? 500 : 100;
    op_init(&op, ctx, who, "person.list", query.node);
    if (scope_check(who, PERM_LEDGER_READ, query.node, "node", err))
        goto out;
    /* a visitor (no grid) is in nobody's grid: the top of the tree sees
     * them, as for their trajectory and cases (scan.c, case.c) */
    query.visitors = strcmp(query.node, ctx->root) == 0;
    /* a number is found however it is typed: lower-case x, old 15 digits */
    if (query.id_number && *query.id_number) {
        if (!validate_id_number(query.id_number, lf_today_days(ctx), &id, "id_number", &ignored)) {
            snprintf(id_search, sizeof(id_search), "%s", id.norm);
        } else {
            size_t i;
            snprintf(id_search, sizeof(id_search), "%s", query.id_number);
            for (i = 0; id_search[i]; i++)
                if (id_search[i] == 'x')
                    id_search[i] = 'X';
        }
        query.id_number = id_search;
    }
    /* what was searched for is part of the trace; the values are personal
     * data too, so only which fields were used */
    snprintf(detail, sizeof(detail), "node=%s%s%s%s%s", query.node,
             query.id_number && *query.id_number ? " id_number" : "",
             query.name && *query.name ? " name" : "",
             query.phone && *query.phone ? " phone" : "",
             query.address && *query.address ? " address" : "");
    if (query.id_number && *query.id_number)
        op_subject(&op, 0, query.id_number);   /* found or not: who looked for it */
    if (op_begin(&op, STORE_WRITE, err) ||
        store_person_list(op.tx, &query, out, err) ||
        person_subjects(&op, out) ||
        op_audit(&op, detail, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        person_list_free(out);
    return op_end(&op, ret, err);
}

void person_list_free(struct person_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
