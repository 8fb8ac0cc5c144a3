/*
 * case_chain.c - transmission chains (传播链): the cases of a subtree
 * arranged by their source links. See case.h.
 *
 * case_update() refuses a link that would close a cycle, so the links
 * form a forest; a chain is one tree of it. A case whose source lies
 * outside the view (another jurisdiction) is a root here. The layout is
 * computed in memory from one list read (ids sorted, children found by
 * binary search on the sorted ids): O(n log n) for CASE_GRAPH_MAX cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/op.h"
#include "core/scope.h"
#include "store/store.h"
#include "store/case.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static int by_id(const void *a, const void *b)
{
    const struct epi_case *x = a, *y = b;

    return x->id < y->id ? -1 : x->id > y->id;
}

/* Position of id in the sorted cases, or -1. */
static long find(const struct epi_case *v, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].id < id)
            lo = mid + 1;
        else if (v[mid].id > id)
            hi = mid;
        else
            return (long)mid;
    }
    return -1;
}

/* Reorder g->cases chain by chain, depth first, filling chain and depth. */
static void layout(struct case_graph *g)
{
    struct epi_case *v = g->cases.items, *sorted;
    size_t n = g->cases.n, i, k = 0, top;
    long *parent = xcalloc(n + 1, sizeof(long));
    size_t *first = xcalloc(n + 2, sizeof(size_t)), *kids = xcalloc(n + 1, sizeof(size_t));
    size_t *fill = xcalloc(n + 1, sizeof(size_t)), *stack = xcalloc(n + 1, sizeof(size_t));
    int *seen = xcalloc(n + 1, sizeof(int)), *depth = xcalloc(n + 1, sizeof(int));
    size_t *order = xcalloc(n + 1, sizeof(size_t));

    qsort(v, n, sizeof(*v), by_id);
    /* children of each case, in id order: counting sort by parent */
    for (i = 0; i < n; i++) {
        parent[i] = v[i].source_case_id ? find(v, n, v[i].source_case_id) : -1;
        if (parent[i] >= 0)
            first[parent[i] + 1]++;
    }
    for (i = 0; i < n; i++)
        first[i + 1] += first[i];
    for (i = 0; i < n; i++)
        if (parent[i] >= 0)
            kids[first[parent[i]] + fill[parent[i]]++] = i;
    g->chain = xcalloc(n + 1, sizeof(int));
    g->depth = xcalloc(n + 1, sizeof(int));
    g->n_chains = 0;
    /* roots in id order; a case left unseen (a cycle written around the
     * core's checks) starts a chain of its own */
    for (i = 0; i < n; i++) {
        if (seen[i] || parent[i] >= 0)
            continue;
        stack[0] = i;
        top = 1;
        depth[i] = 0;
        seen[i] = 1;
        while (top) {
            size_t x = stack[--top], j;
            order[k] = x;
            g->chain[k] = (int)g->n_chains;
            g->depth[k++] = depth[x];
            /* push the children last first, so they come out in id order */
            for (j = first[x + 1]; j > first[x]; j--) {
                size_t c = kids[j - 1];
                if (!seen[c]) {
                    seen[c] = 1;
                    depth[c] = depth[x] + 1;
                    stack[top++] = c;
                }
            }
        }
        g->n_chains++;
    }
    for (i = 0; i < n; i++) {
        if (seen[i])
            continue;
        seen[i] = 1;
        order[k] = i;
        g->chain[k] = (int)g->n_chains++;
        g->depth[k++] = 0;
    }
    sorted = xcalloc(n + 1, sizeof(*sorted));
    for (i = 0; i < n; i++)
        sorted[i] = v[order[i]];
    free(g->cases.items);
    g->cases.items = sorted;
    free(parent);
    free(first);
    free(kids);
    free(fill);
    free(stack);
    free(seen);
    free(depth);
    free(order);
}

/* The cases under node, read in a transaction of op's with its audit
 * row, and laid out. */
static int load(struct op *op, const char *node, struct case_graph *out, struct lf_err *err)
{
    if (scope_check(op->who, PERM_CASE_READ, node, "node", err) ||
        op_begin(op, STORE_WRITE, err) ||
        store_case_list(op->tx, node, 0, CASE_GRAPH_MAX, &out->cases, err) ||
        case__subjects(op, &out->cases) ||
        op_audit(op, NULL, err) ||
        op_commit(op, err))
        return -1;
    layout(out);
    return 0;
}

int case_graph(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
               struct case_graph *out, struct lf_err *err)
{
    struct op op;
    int ret;

    memset(out, 0, sizeof(*out));
    if (!node || !*node)
        node = who->node;
    op_init(&op, ctx, who, "case.chains", node);
    if ((ret = load(&op, node, out, err)))
        case_graph_free(out);
    return op_end(&op, ret, err);
}

int case_chain(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
               struct case_graph *out, struct lf_err *err)
{
    struct op op;
    struct epi_case c;
    size_t i, k = 0;
    int chain = -1, ret = -1;

    memset(out, 0, sizeof(*out));
    op_init(&op, ctx, who, "case.chains", NULL);
    op_record(&op, "case:%lld", (long long)id);
    if (scope_need(who, PERM_CASE_READ, err) ||
        op_begin(&op, STORE_READ, err) ||
        store_case_get(op.tx, id, &c, "id", err) ||
        scope_check(who, PERM_CASE_READ, c.node, "id", err) ||
        op_commit(&op, err) ||
        load(&op, who->node, out, err))
        goto out;
    for (i = 0; i < out->cases.n; i++)
        if (out->cases.items[i].id == id)
            chain = out->chain[i];
    for (i = 0; i < out->cases.n; i++) {
        if (out->chain[i] != chain)
            continue;
        out->cases.items[k] = out->cases.items[i];
        out->depth[k] = out->depth[i];
        out->chain[k++] = 0;
    }
    out->cases.n = k;
    out->n_chains = k ? 1 : 0;
    ret = 0;
out:
    if (ret)
        case_graph_free(out);
    return op_end(&op, ret, err);
}

void case_graph_free(struct case_graph *g)
{
    epi_case_list_free(&g->cases);
    free(g->chain);
    free(g->depth);
    g->chain = g->depth = NULL;
    g->n_chains = 0;
}
