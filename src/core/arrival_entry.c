/*
 * arrival_entry.c - arrivals entered by officers, matched to the ledger and
 * placed in grids. See arrival.h.
 *
 * Matching is by ID number only (names repeat, phones change hands), and
 * only within the jurisdiction of whoever enters or places: a person
 * registered elsewhere is not revealed by where the arrival lands; the
 * arrival then goes where the officer said, as for someone unknown.
 * Where it goes is a code: a grid (placed) or a community (its queue),
 * so the lists by prefix show a grid worker what was placed in their
 * grid, and a community officer both their grids and their queue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arrival.h"
#include "core/ledger.h"
#include "core/node.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/arrival.h"
#include "store/division.h"
#include "store/ledger.h"
#include "store/node.h"
#include "util/banned.h"

int arrival__match(struct store_tx *tx, const char *prefix, const char *id_number,
                   struct person *p, struct lf_err *err)
{
    struct lf_err notfound = LF_ERR_INIT;

    if (store_person_by_id_number(tx, id_number, p, &notfound)) {
        if (notfound.code == LF_ERR_NOTFOUND)
            return 0;
        *err = notfound;
        return -1;
    }
    return p->grid[0] && p->household_id && strncmp(p->grid, prefix, strlen(prefix)) == 0;
}

/* What can be checked without the database; fills a. */
static int check_entry(const struct lf_ctx *ctx, const struct arrival_in *in,
                       struct arrival *a, struct lf_err *err)
{
    struct id_number id;
    int64_t today = lf_today_days(ctx);

    memset(a, 0, sizeof(*a));
    if (in->grid && *in->grid && node_kind_of_code(in->grid) != NODE_GRID)
        return lf_err_set(err, LF_ERR_INVALID, "grid", "must be the code of a grid (15 digits)");
    if (in->community && *in->community && node_kind_of_code(in->community) != NODE_COMMUNITY)
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
    if (validate_phone(in->phone, a->phone, "phone", err))
        return -1;
    if (in->address && *in->address) {
        if (!in->grid || !*in->grid)
            return lf_err_set(err, LF_ERR_INVALID, "grid", "is required");
        if (validate_name(in->address, ADDRESS_CHARS, "address", err))
            return -1;
    }
    if ((!in->origin_code || !*in->origin_code) && (!in->origin_name || !*in->origin_name))
        return lf_err_set(err, LF_ERR_INVALID, "origin_name",
                          "give where you came from (a place or a division code)");
    if (in->origin_name && *in->origin_name &&
        validate_name(in->origin_name, NODE_NAME_CHARS, "origin_name", err))
        return -1;
    if (!in->arrival_date || !*in->arrival_date)
        return lf_err_set(err, LF_ERR_INVALID, "arrival_date", "is required");
    if (validate_date(in->arrival_date, &a->arrival_days, "arrival_date", err))
        return -1;
    if (a->arrival_days > today)
        return lf_err_set(err, LF_ERR_INVALID, "arrival_date", "is in the future");
    if (a->arrival_days < today - REPORT_MAX_AGE_DAYS)
        return lf_err_set(err, LF_ERR_INVALID, "arrival_date", "is more than %d days ago",
                          REPORT_MAX_AGE_DAYS);
    if (in->transport && *in->transport && validate_name(in->transport, 32, "transport", err))
        return -1;
    if (in->risk_level < RISK_LOW || in->risk_level > RISK_HIGH)
        return lf_err_set(err, LF_ERR_INVALID, "risk_level", "must be 0, 1 or 2");
    validate_copy_trimmed(a->name, sizeof(a->name), in->name);
    snprintf(a->id_number, sizeof(a->id_number), "%s", id.norm);
    validate_copy_trimmed(a->origin_name, sizeof(a->origin_name), in->origin_name);
    validate_copy_trimmed(a->transport, sizeof(a->transport), in->transport);
    a->risk_level = in->risk_level;
    return 0;
}

/* Register the arrival's person in a household at address in grid (an
 * existing household there is reused); fills *person_id. */
static int register_person(struct lf_ctx *ctx, struct store_tx *tx, const struct arrival *a,
                           const char *address, int64_t *person_id, struct lf_err *err)
{
    struct household h;
    struct lf_err notfound = LF_ERR_INIT;
    struct person_in pin = { 0 };
    struct person p;

    memset(&h, 0, sizeof(h));
    if (store_household_find(tx, a->grid, address, &h, &notfound)) {
        if (notfound.code != LF_ERR_NOTFOUND) {
            *err = notfound;
            return -1;
        }
        snprintf(h.grid, sizeof(h.grid), "%s", a->grid);
        validate_copy_trimmed(h.address, sizeof(h.address), address);
        h.created_utc = a->created_utc;
        if (store_household_insert(tx, &h, err))
            return -1;
    }
    pin.household_id = h.id;
    pin.name = a->name;
    pin.id_number = a->id_number;
    pin.phone = a->phone;
    if (person_check(ctx, &pin, &p, err))
        return -1;
    snprintf(p.grid, sizeof(p.grid), "%s", a->grid);
    p.household_id = h.id;
    p.flags |= PERSON_ARRIVAL;
    p.created_utc = a->created_utc;
    if (store_person_insert(tx, &p, err) ||
        store_household_add_members(tx, h.id, 1, a->created_utc, err))
        return -1;
    *person_id = p.id;
    return 0;
}

int arrival_enter(struct lf_ctx *ctx, const struct lf_who *who, const struct arrival_in *in,
                  struct arrival_out *out, struct lf_err *err)
{
    struct op op;
    struct node target;
    struct person p;
    struct arrival *a = &out->a;
    const char *to, *field;
    int ret = -1, found;

    memset(out, 0, sizeof(*out));
    op_init(&op, ctx, who, "arrival.create", NULL);
    if (scope_need(who, PERM_LEDGER_EDIT, err) || check_entry(ctx, in, a, err))
        goto out;
    if (in->grid && *in->grid)
        to = in->grid, field = "grid";
    else if (in->community && *in->community)
        to = in->community, field = "community";
    else
        to = who->node, field = "community";
    if (node_kind_of_code(to) != NODE_GRID && node_kind_of_code(to) != NODE_COMMUNITY) {
        lf_err_set(err, LF_ERR_INVALID, "community", "is required");
        goto out;
    }
    if (scope_check(who, PERM_LEDGER_EDIT, to, field, err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_node_get(op.tx, to, &target, field, err))
        goto out;
    if (in->origin_code && *in->origin_code) {
        if (strlen(in->origin_code) >= sizeof(a->origin_code) ||
            store_division_name(op.tx, in->origin_code, a->origin_name,
                                sizeof(a->origin_name), err))
            goto out;
        snprintf(a->origin_code, sizeof(a->origin_code), "%s", in->origin_code);
    }
    a->created_utc = lf_now(ctx);
    snprintf(a->grid, sizeof(a->grid), "%s", to);
    if ((found = arrival__match(op.tx, who->node, a->id_number, &p, err)) < 0)
        goto out;
    if (found) {                     /* the ledger knows where they live */
        snprintf(a->grid, sizeof(a->grid), "%s", p.grid);
        a->person_id = p.id;
        out->matched = 1;
        if (store_person_add_flags(op.tx, p.id, PERSON_ARRIVAL, a->created_utc, err))
            goto out;
    } else if (in->address && *in->address) {
        if (register_person(ctx, op.tx, a, in->address, &a->person_id, err))
            goto out;
        out->registered = 1;
    }
    if (store_arrival_insert(op.tx, a, err))
        goto out;
    op_record(&op, "arrival:%lld", (long long)a->id);
    if (op_audit(&op, out->matched ? "matched" : out->registered ? "registered"
                      : strlen(a->grid) == 15 ? "placed" : "queued", err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int arrival_place(struct lf_ctx *ctx, const struct lf_who *who, int64_t id, const char *grid,
                  struct arrival *out, struct lf_err *err)
{
    struct op op;
    struct node g;
    struct person p;
    int ret = -1, found;

    op_init(&op, ctx, who, "arrival.place", NULL);
    op_record(&op, "arrival:%lld", (long long)id);
    if (!grid || node_kind_of_code(grid) != NODE_GRID) {
        lf_err_set(err, LF_ERR_INVALID, "grid", "must be the code of a grid (15 digits)");
        goto out;
    }
    if (scope_need(who, PERM_LEDGER_EDIT, err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_arrival_get(op.tx, id, out, err) ||
        scope_check(who, PERM_LEDGER_EDIT, out->grid, "id", err) ||
        scope_check(who, PERM_LEDGER_EDIT, grid, "grid", err) ||
        store_node_get(op.tx, grid, &g, "grid", err))
        goto out;
    if ((found = arrival__match(op.tx, grid, out->id_number, &p, err)) < 0 ||
        store_arrival_place(op.tx, id, grid, found ? p.id : 0, err) ||
        (found && store_person_add_flags(op.tx, p.id, PERSON_ARRIVAL, lf_now(ctx), err)) ||
        store_arrival_get(op.tx, id, out, err) ||
        op_audit(&op, grid, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}
