/*
 * synth.c - the synthetic population. See synth.h for what it promises.
 *
 * The work has three phases. First the plan, from the store: the grids
 * below the root (walking county → town → community → grid with
 * node_children(), each town read as urban if it is a 街道 and rural if a
 * 镇 or 乡), the counties the residents' ID numbers carry, and the other
 * real counties floating persons and arrivals come from. Then each grid
 * gets a quota of persons (the population split by random weights, so
 * grids differ but the total is exact) and is filled household by
 * household; the last household of a grid is cut to fit. Last the audit
 * row, in the transaction of the last chunk.
 *
 * One household (its members, names, ID numbers and address) is
 * synth_household.c's; the state both files share is in synth_int.h.
 *
 * One PRNG (xoshiro256**, seeded by splitmix64) drives everything in a
 * fixed order, so a seed gives the same rows; rand() is never used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/node.h"
#include "core/scope.h"
#include "sim/synth_int.h"
#include "store/store.h"
#include "store/division.h"
#include "util/csv.h"
#include "util/fileio.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define CHUNK_HOUSEHOLDS 2000   /* per transaction: ~5,000 persons */

/* --- the generator ------------------------------------------------------- */

uint64_t synth__splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
    int i;

    for (i = 0; i < 4; i++)
        r->s[i] = synth__splitmix(&seed);
}

/* --- the plan -------------------------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int town_is_urban(const char *name)
{
    return !(ends_with(name, "镇") || ends_with(name, "乡"));
}

static size_t add_community(struct synth *s, const char *name)
{
    if (s->n_comm == s->cap_comm) {
        s->cap_comm = s->cap_comm ? s->cap_comm * 2 : 64;
        s->communities = xrealloc(s->communities, s->cap_comm * sizeof(*s->communities));
    }
    snprintf(s->communities[s->n_comm], SYNTH_NAME_MAX, "%s", name);
    return s->n_comm++;
}

static size_t region_of(struct synth *s, const char *grid_code)
{
    size_t i;

    for (i = 0; i < s->n_regions; i++)
        if (strncmp(s->regions[i], grid_code, 6) == 0)
            return i;
    if (s->n_regions == s->cap_regions) {
        s->cap_regions = s->cap_regions ? s->cap_regions * 2 : 8;
        s->regions = xrealloc(s->regions, s->cap_regions * sizeof(*s->regions));
    }
    snprintf(s->regions[s->n_regions], NODE_CODE_MAX, "%.6s", grid_code);
    return s->n_regions++;
}

static void add_grid(struct synth *s, const char *code, size_t comm, int is_urban)
{
    struct grid *g;

    if (s->n_grids == s->cap_grids) {
        s->cap_grids = s->cap_grids ? s->cap_grids * 2 : 256;
        s->grids = xrealloc(s->grids, s->cap_grids * sizeof(*s->grids));
    }
    g = &s->grids[s->n_grids++];
    snprintf(g->code, sizeof(g->code), "%s", code);
    g->community = comm;
    g->region = region_of(s, code);
    g->is_urban = is_urban;
    g->weight = 60 + rng_below(&s->rng, 81);
}

/* The grids below code, in code order. A town's kind decides the style of
 * its addresses; what is neither 镇 nor 乡 (街道, 开发区) is urban. */
static int walk(struct synth *s, const char *code, int is_urban, size_t comm)
{
    struct node parent;
    struct node_list l;
    size_t i;
    int ret = 0;

    if (node_children(s->ctx, s->who, code, &parent, &l, s->err))
        return -1;
    for (i = 0; i < l.n && ret == 0; i++) {
        const struct node *n = &l.items[i];
        if (n->kind == NODE_GRID)
            add_grid(s, n->code, comm, is_urban);
        else if (n->n_children == 0)
            continue;
        else if (n->kind == NODE_COMMUNITY)
            ret = walk(s, n->code, is_urban, add_community(s, n->name));
        else if (n->kind == NODE_TOWN)
            ret = walk(s, n->code, town_is_urban(n->name), comm);
        else
            ret = walk(s, n->code, is_urban, comm);
    }
    node_list_free(&l);
    return ret;
}

/* The grids below the root; a root below a county takes the address style
 * of its town and, below a town, the name of its community. */
static int plan_grids(struct synth *s)
{
    struct node n, up;
    int is_urban = 1;
    size_t comm = 0;

    if (node_get(s->ctx, s->who, s->p->root, &n, s->err)) {
        if (s->err->code == LF_ERR_NOTFOUND)
            snprintf(s->err->field, sizeof(s->err->field), "root");
        return -1;
    }
    if (n.kind >= NODE_TOWN) {
        char town[NODE_CODE_MAX];
        snprintf(town, sizeof(town), "%.9s", n.code);
        if (node_get(s->ctx, s->who, town, &up, s->err))
            return -1;
        is_urban = town_is_urban(up.name);
    }
    if (n.kind == NODE_GRID) {
        if (node_get(s->ctx, s->who, n.parent, &up, s->err))
            return -1;
        add_grid(s, n.code, add_community(s, up.name), is_urban);
    } else {
        if (n.kind == NODE_COMMUNITY)
            comm = add_community(s, n.name);
        if (walk(s, n.code, is_urban, comm))
            return -1;
    }
    if (s->n_grids == 0)
        return lf_err_set(s->err, LF_ERR_INVALID, "root", "has no grids below it");
    return 0;
}

static int is_region(const struct synth *s, const char *code)
{
    size_t i;

    for (i = 0; i < s->n_regions; i++)
        if (strcmp(s->regions[i], code) == 0)
            return 1;
    return 0;
}

/* Every county of the registry but the residents' own; the root's
 * province is a range of it, as the codes are sorted. */
static int plan_counties(struct synth *s)
{
    struct store_tx *tx;
    char (*all)[NODE_CODE_MAX] = NULL;
    size_t n_all = 0, i;

    if (!(tx = store_begin(s->ctx->store, STORE_READ, s->err)) ||
        store_division_codes(tx, 3, &all, &n_all, s->err) || store_commit(tx, s->err)) {
        store_tx_free(tx);
        return -1;
    }
    store_tx_free(tx);
    s->counties = all;
    s->prov_lo = s->prov_hi = 0;
    for (i = 0; i < n_all; i++) {
        if (is_region(s, all[i]))
            continue;
        if (strncmp(all[i], s->regions[0], 2) == 0) {
            if (s->prov_hi == s->prov_lo)
                s->prov_lo = s->prov_hi = s->n_counties;
            s->prov_hi++;
        }
        memmove(s->counties[s->n_counties++], all[i], NODE_CODE_MAX);
    }
    return 0;
}

const char *synth__other_county(struct synth *s, unsigned same_province_per_mille)
{
    if (s->prov_hi > s->prov_lo && rng_per_mille(&s->rng, same_province_per_mille))
        return s->counties[s->prov_lo + rng_below(&s->rng, (unsigned)(s->prov_hi - s->prov_lo))];
    return s->counties[rng_below(&s->rng, (unsigned)s->n_counties)];
}

/* Names of the origins from cities.csv and areas.csv: the division
 * registry keeps names, but the store has no call to read one yet. A file
 * that cannot be read leaves the names at the province. */
static void name_origins_from(struct synth *s, const char *file, size_t code_len)
{
    struct csv_reader *r;
    char path[1024];
    size_t len, i;
    char *data;

    snprintf(path, sizeof(path), "%s/%s", s->p->divisions_dir, file);
    if (!(data = file_read_all(path, 16u << 20, &len)))
        return;
    r = xmalloc(sizeof(*r));
    csv_init(r, data, len);
    while (csv_next(r) == 1) {
        if (r->n_fields < 2 || strlen(r->fields[0]) != code_len)
            continue;
        for (i = 0; i < s->n_origins; i++) {
            struct origin *o = &s->origins[i];
            if (strncmp(o->code, r->fields[0], code_len))
                continue;
            snprintf(code_len == 4 ? o->city : o->county, SYNTH_NAME_MAX, "%s", r->fields[1]);
        }
    }
    free(r);
    free(data);
}

static void plan_origins(struct synth *s)
{
    size_t i;

    if (s->n_counties == 0)
        return;
    /* a quarter from the root's own province, the rest from anywhere */
    for (i = 0; i < N_ORIGINS; i++)
        snprintf(s->origins[i].code, NODE_CODE_MAX, "%s",
                 synth__other_county(s, i < N_ORIGINS / 4 ? 1000 : 0));
    s->n_origins = N_ORIGINS;
    if (s->p->divisions_dir) {
        name_origins_from(s, "cities.csv", 4);
        name_origins_from(s, "areas.csv", 6);
    }
    for (i = 0; i < s->n_origins; i++) {
        struct origin *o = &s->origins[i];
        /* placeholders of the city table: 市辖区, 县, 省直辖县级行政区划 */
        int city = o->city[0] && strcmp(o->city, "市辖区") && strcmp(o->city, "县") &&
                   !strstr(o->city, "直辖");
        snprintf(o->name, SYNTH_NAME_MAX, "%s%s%s", synth__province_name(o->code),
                 city ? o->city : "", o->county);
    }
}

/* --- chunks and the whole ------------------------------------------------- */

/* Households go to the store in chunks of CHUNK_HOUSEHOLDS, a transaction
 * each: the first household of a chunk opens it, the last commits it. */
static int begin_chunk(struct synth *s)
{
    if (!s->tx && !(s->tx = store_begin(s->ctx->store, STORE_WRITE, s->err)))
        return -1;
    return 0;
}

static int commit_chunk(struct synth *s)
{
    int rc = store_commit(s->tx, s->err);

    store_tx_free(s->tx);
    s->tx = NULL;
    s->hh_in_tx = 0;
    if (rc == 0)
        s->committed = s->st;
    return rc;
}

static int fill(struct synth *s)
{
    uint64_t total = 0, cum = 0;
    long done = 0;
    size_t i;

    for (i = 0; i < s->n_grids; i++)
        total += s->grids[i].weight;
    s->comm = (size_t)-1;
    for (i = 0; i < s->n_grids; i++) {
        const struct grid *g = &s->grids[i];
        long quota, target;
        cum += g->weight;
        target = (long)((uint64_t)s->p->population * cum / total);
        quota = target - done;
        done = target;
        if (g->community != s->comm)
            synth__start_community(s, g->community);
        while (quota > 0) {
            int size = synth__household_size(rng_next(&s->rng));
            if (size > quota)
                size = (int)quota;
            if (begin_chunk(s) || synth__add_household(s, g, size) ||
                (++s->hh_in_tx == CHUNK_HOUSEHOLDS && commit_chunk(s)))
                return -1;
            quota -= size;
        }
    }
    return 0;
}

static void counts(const struct synth *s, const struct synth_stats *st, char *out, size_t n)
{
    snprintf(out, n, "households=%ld persons=%ld floating=%ld arrivals=%ld seed=%llu",
             st->households, st->persons, st->floating, st->arrivals,
             (unsigned long long)s->p->seed);
}

void synth__audit_partial(struct lf_ctx *ctx, const struct lf_who *who, const char *action,
                          const char *root, const char *detail)
{
    struct lf_err e = LF_ERR_INIT;
    struct store_tx *tx;

    if ((tx = store_begin(ctx->store, STORE_WRITE, &e)) &&
        audit_write(tx, ctx, who, action, root, 0, detail, &e) == 0)
        store_commit(tx, &e);
    store_tx_free(tx);
}

int synth__check_caller(const struct lf_who *who, const char *root, struct lf_err *err)
{
    if (scope_check(who, PERM_NODE_EDIT, root, "root", err))
        return -1;
    if (who->user_id != 0)
        return lf_err_set(err, LF_ERR_FORBIDDEN, "root",
                          "only the command line may synthesise a population");
    return 0;
}

static int check_params(const struct lf_who *who, const struct synth_params *p,
                        struct lf_err *err)
{
    enum node_kind k = p->root ? node_kind_of_code(p->root) : 0;

    if (k == 0 || k == NODE_PROVINCE)
        return lf_err_set(err, LF_ERR_INVALID, "root", "must be a node code below a province");
    if (p->population < 0 || p->population > SYNTH_POPULATION_MAX)
        return lf_err_set(err, LF_ERR_INVALID, "population", "must be 0 to %ld",
                          SYNTH_POPULATION_MAX);
    if (p->today_days < time_days_from_civil(2000, 1, 1) ||
        p->today_days > time_days_from_civil(2099, 12, 31))
        return lf_err_set(err, LF_ERR_INVALID, "today_days", "must be a day from 2000 to 2099");
    return synth__check_caller(who, p->root, err);
}

int synth_population(struct lf_ctx *ctx, const struct lf_who *who,
                     const struct synth_params *p, struct synth_stats *out,
                     struct lf_err *err)
{
    struct synth *s;
    char detail[160];
    int ret = -1;

    memset(out, 0, sizeof(*out));
    if (check_params(who, p, err)) {
        audit_failure(ctx, who, "synth.population", p->root ? p->root : "", err);
        return -1;
    }
    if (p->population == 0)
        return 0;
    s = xcalloc(1, sizeof(*s));
    s->ctx = ctx;
    s->who = who;
    s->p = p;
    s->err = err;
    s->now = lf_now(ctx);
    rng_seed(&s->rng, p->seed);
    if (plan_grids(s) || plan_counties(s))
        goto out;
    plan_origins(s);
    s->seq_used = xcalloc(s->n_regions * SPAN_DAYS * 2, sizeof(*s->seq_used));
    if (fill(s))
        goto out;
    counts(s, &s->st, detail, sizeof(detail));
    if (begin_chunk(s) ||
        audit_write(s->tx, ctx, who, "synth.population", p->root, 1, detail, err) ||
        commit_chunk(s))
        goto out;
    ret = 0;
out:
    store_tx_free(s->tx);       /* rolls the unfinished chunk back */
    *out = s->committed;
    if (ret && s->committed.households) {
        counts(s, &s->committed, detail, sizeof(detail));
        synth__audit_partial(ctx, who, "synth.population", p->root, detail);
    }
    free(s->grids);
    free(s->communities);
    free(s->regions);
    free(s->seq_used);
    free(s->counties);
    free(s);
    return ret;
}
