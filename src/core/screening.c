/*
 * screening.c - rounds, visits and coverage. See screening.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/node.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/screening.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/ledger.h"
#include "store/node.h"
#include "store/screening.h"
#include "util/utf8.h"
#include "util/banned.h"

static const struct lf_label outcomes[] = {
    { VISIT_NONE, "none", "未走访", "" },
    { VISIT_DONE, "visited", "已走访", "ok" },
    { VISIT_NOBODY_HOME, "nobody_home", "无人在家", "warn" },
    { VISIT_EMPTY, "empty", "空置房", "muted" },
    { VISIT_REFUSED, "refused", "拒绝配合", "bad" },
};
const struct lf_labels visit_outcome_labels = LF_LABELS_OF("visit_outcome", outcomes);

/* "none" is not an outcome one records */
int visit_outcome_from_name(const char *s)
{
    int v = labels_parse(&visit_outcome_labels, s, -1);

    return v == VISIT_NONE ? -1 : v;
}

const char *visit_outcome_name(int outcome)
{
    const struct lf_label *l = labels_find(&visit_outcome_labels, outcome);

    return l ? l->id : "none";
}

int round_open(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
               const char *name, struct screening_round *out, struct lf_err *err)
{
    struct op op;
    struct screening_round cur;
    struct lf_err probe = LF_ERR_INIT;
    struct node n;
    int ret = -1;

    op_init(&op, ctx, who, "round.open", node);
    memset(out, 0, sizeof(*out));
    if (!node || !*node) {
        lf_err_set(err, LF_ERR_INVALID, "node", "is required");
        goto out;
    }
    if (scope_check(who, PERM_ROUND_MANAGE, node, "node", err) ||
        (name && *name && validate_name(name, NODE_NAME_CHARS, "name", err)))
        goto out;
    if (op_begin(&op, STORE_WRITE, err) ||
        store_node_get(op.tx, node, &n, "node", err))
        goto out;
    if (store_round_current(op.tx, node, &cur, &probe) == 0 && strcmp(cur.node, node) == 0) {
        lf_err_set(err, LF_ERR_CONFLICT, "node", "already has an open round (%s)", cur.name);
        goto out;
    }
    if (probe.code != LF_ERR_OK && probe.code != LF_ERR_NOTFOUND) {
        lf_err_set(err, probe.code, NULL, "%s", probe.reason);
        goto out;
    }
    snprintf(out->node, sizeof(out->node), "%s", node);
    out->started_utc = lf_now(ctx);
    if (store_round_next(op.tx, node, &out->number, err))
        goto out;
    if (name && *name)
        snprintf(out->name, sizeof(out->name), "%s", name);
    else
        snprintf(out->name, sizeof(out->name), "第%d轮排查", out->number);
    if (store_round_insert(op.tx, out, err))
        goto out;
    op_record(&op, "round:%lld", (long long)out->id);
    if (op_audit(&op, node, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int round_close(struct lf_ctx *ctx, const struct lf_who *who, int64_t id, struct lf_err *err)
{
    struct op op;
    struct screening_round r;
    int ret = -1;

    op_init(&op, ctx, who, "round.close", NULL);
    op_record(&op, "round:%lld", (long long)id);
    if (scope_need(who, PERM_ROUND_MANAGE, err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_round_get(op.tx, id, &r, err) ||
        scope_check(who, PERM_ROUND_MANAGE, r.node, "round_id", err) ||
        store_round_close(op.tx, id, lf_now(ctx), err) ||
        op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int round_current(struct lf_ctx *ctx, const struct lf_who *who, const char *code,
                  struct screening_round *out, struct lf_err *err)
{
    struct op op;
    int ret = -1;

    if (!code || !*code)
        code = who->node;
    op_init(&op, ctx, who, "round.read", code);
    if (scope_check(who, PERM_LEDGER_READ, code, "node", err) ||
        op_begin(&op, STORE_READ, err) ||
        store_round_current(op.tx, code, out, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int visit_list(struct lf_ctx *ctx, const struct lf_who *who, const char *grid,
               int todo_only, struct screening_round *round_out,
               struct household_list *out, struct lf_err *err)
{
    struct op op;
    struct lf_err probe = LF_ERR_INIT;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    memset(round_out, 0, sizeof(*round_out));
    if (!grid || !*grid)
        grid = who->node;
    op_init(&op, ctx, who, "household.list", grid);
    if (node_kind_of_code(grid) != NODE_GRID) {
        lf_err_set(err, LF_ERR_INVALID, "grid", "must be the code of a grid (15 digits)");
        goto out;
    }
    if (scope_check(who, PERM_LEDGER_READ, grid, "grid", err) ||
        op_begin(&op, STORE_WRITE, err))
        goto out;
    if (store_round_current(op.tx, grid, round_out, &probe) && probe.code != LF_ERR_NOTFOUND) {
        lf_err_set(err, probe.code, NULL, "%s", probe.reason);
        goto out;
    }
    if (store_household_list(op.tx, grid, round_out->id, todo_only, out, err) ||
        op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        household_list_free(out);
    return op_end(&op, ret, err);
}

int visit_record(struct lf_ctx *ctx, const struct lf_who *who, int64_t household_id,
                 int outcome, const char *remarks, struct lf_err *err)
{
    struct op op;
    struct household h;
    struct screening_round r;
    int ret = -1;

    op_init(&op, ctx, who, "visit.record", NULL);
    op_record(&op, "household:%lld", (long long)household_id);
    if (scope_need(who, PERM_LEDGER_EDIT, err))
        goto out;
    if (outcome < VISIT_DONE || outcome > VISIT_REFUSED) {
        lf_err_set(err, LF_ERR_INVALID, "outcome",
                   "must be visited, nobody_home, empty or refused");
        goto out;
    }
    if (remarks && *remarks && validate_name(remarks, 200, "remarks", err))
        goto out;
    if (op_begin(&op, STORE_WRITE, err) ||
        store_household_get(op.tx, household_id, &h, err) ||
        scope_check(who, PERM_LEDGER_EDIT, h.grid, "household_id", err))
        goto out;
    if (store_round_current(op.tx, h.grid, &r, err)) {
        if (err->code == LF_ERR_NOTFOUND) {
            lf_err_clear(err);
            lf_err_set(err, LF_ERR_CONFLICT, "round", "no screening round is open here");
        }
        goto out;
    }
    if (store_visit_put(op.tx, r.id, h.id, h.grid, outcome, who->user_id, lf_now(ctx),
                        remarks, err) ||
        op_audit(&op, visit_outcome_name(outcome), err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

/* The grids of a subtree listing (parents first), each renamed to its path
 * below the root: "沁园街道 幸福社区 第一网格". */
static void keep_grids_with_paths(struct node_list *l)
{
    size_t i, n = 0, depth;
    char path[4][sizeof(l->items[0].name)];  /* town, community: at most 3 above */
    /* the community always; the town too when the list spans towns */
    int with_town = l->n && l->items[0].kind <= NODE_TOWN;

    for (i = 0; i < l->n; i++) {
        struct node *x = &l->items[i];
        depth = x->kind == NODE_GRID ? 3 : x->kind == NODE_COMMUNITY ? 2 :
                x->kind == NODE_TOWN ? 1 : 0;
        snprintf(path[depth], sizeof(path[depth]), "%s", x->name);
        if (x->kind != NODE_GRID)
            continue;
        {
            struct node g = *x;
            if (with_town)
                snprintf(g.name, sizeof(g.name), "%s %s %s", path[1], path[2], path[3]);
            else
                snprintf(g.name, sizeof(g.name), "%s %s", path[2], path[3]);
            /* a path cut at the buffer's end must not split a character */
            for (size_t len = strlen(g.name); len && !utf8_valid(g.name, len); len--)
                g.name[len - 1] = '\0';
            l->items[n++] = g;
        }
    }
    l->n = n;
}

int coverage_get(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                 int by_grid, struct screening_round *round_out, struct coverage *out,
                 struct lf_err *err)
{
    struct op op;
    struct lf_err probe = LF_ERR_INIT;
    struct node parent;
    struct node_list kids = { NULL, 0 };
    struct coverage raw;
    size_t i, j;
    int ret = -1;

    memset(out, 0, sizeof(*out));
    memset(&raw, 0, sizeof(raw));
    memset(round_out, 0, sizeof(*round_out));
    if (!node || !*node)
        node = who->node;
    op_init(&op, ctx, who, "coverage.read", node);
    if (scope_check(who, PERM_LEDGER_READ, node, "node", err) ||
        op_begin(&op, STORE_READ, err) ||
        store_node_get(op.tx, node, &parent, "node", err) ||
        (by_grid ? store_node_subtree(op.tx, node, &kids, err)
                 : store_node_children(op.tx, node, &kids, err)))
        goto out;
    if (by_grid)
        keep_grids_with_paths(&kids);
    if (store_round_current(op.tx, node, round_out, &probe) && probe.code != LF_ERR_NOTFOUND) {
        lf_err_set(err, probe.code, NULL, "%s", probe.reason);
        goto out;
    }
    if (store_coverage(op.tx, node, kids.n ? strlen(kids.items[0].code) : strlen(node),
                       &raw, err) ||
        op_commit(&op, err))
        goto out;
    /* every child appears, with zeros where nothing is registered yet */
    snprintf(out->total.code, sizeof(out->total.code), "%s", parent.code);
    snprintf(out->total.name, sizeof(out->total.name), "%s", parent.name);
    out->children = calloc(kids.n ? kids.n : 1, sizeof(*out->children));
    if (!out->children) {
        lf_err_set(err, LF_ERR_INTERNAL, NULL, "out of memory");
        goto out;
    }
    out->n_children = kids.n;
    for (i = 0; i < kids.n; i++) {
        struct coverage_row *c = &out->children[i];
        snprintf(c->code, sizeof(c->code), "%s", kids.items[i].code);
        snprintf(c->name, sizeof(c->name), "%s", kids.items[i].name);
        for (j = 0; j < raw.n_children; j++) {
            if (strcmp(raw.children[j].code, c->code) != 0)
                continue;
            c->households = raw.children[j].households;
            c->visited = raw.children[j].visited;
            c->nobody_home = raw.children[j].nobody_home;
            c->empty = raw.children[j].empty;
            c->refused = raw.children[j].refused;
            c->persons = raw.children[j].persons;
            c->floating = raw.children[j].floating;
            c->arrivals = raw.children[j].arrivals;
        }
        out->total.households += c->households;
        out->total.visited += c->visited;
        out->total.nobody_home += c->nobody_home;
        out->total.empty += c->empty;
        out->total.refused += c->refused;
        out->total.persons += c->persons;
        out->total.floating += c->floating;
        out->total.arrivals += c->arrivals;
    }
    if (!kids.n && raw.n_children) {       /* a grid: its own figures */
        struct coverage_row keep = out->total;
        out->total = raw.children[0];
        snprintf(out->total.code, sizeof(out->total.code), "%s", keep.code);
        snprintf(out->total.name, sizeof(out->total.name), "%s", keep.name);
    }
    ret = 0;
out:
    node_list_free(&kids);
    free(raw.children);
    if (ret)
        coverage_free(out);
    return op_end(&op, ret, err);
}

void coverage_free(struct coverage *c)
{
    free(c->children);
    c->children = NULL;
    c->n_children = 0;
}

void household_list_free(struct household_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
