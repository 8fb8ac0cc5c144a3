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
 * A household is composed before anything is written: its size from the
 * census distribution, a head (an age for people living alone, another
 * for heads of families), maybe a spouse of about the same age and the
 * other sex, then members one by one, each a child, a parent, a grandchild
 * or "other" with weights that depend on what the ages allow (a child is
 * 22-35 years younger than the younger partner, a parent as much older,
 * grandchildren only under an adult child). The head-age table in
 * synth_names.c was tuned so that the ages this brings along add up to
 * the census pyramid within a point per band.
 *
 * ID numbers must be unique without a lookup per person. A resident's
 * number is fixed by (county, birth date, sex) and a 3-digit sequence, so
 * a counter per (county, day, sex) hands out sequences in a permuted order
 * (k * 347 + offset mod 500 or 499; 347 is prime to both), 74 KB per
 * county per sex; a full day (500 men born the same day in one county)
 * moves the birth date back a day. Floating persons come from about 3,000
 * counties, too sparse for counters: their sequence is random and a
 * collision, found by the UNIQUE index as LF_ERR_CONFLICT, is drawn again;
 * the statement fails alone, the transaction goes on. The same retry
 * covers persons already in the ledger.
 *
 * One PRNG (xoshiro256**, seeded by splitmix64) drives everything in a
 * fixed order, so a seed gives the same rows; rand() is never used.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/node.h"
#include "core/scope.h"
#include "core/synth.h"
#include "core/validate.h"
#include "store/store.h"
#include "util/csv.h"
#include "util/fileio.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define CHUNK_HOUSEHOLDS 2000   /* per transaction: ~5,000 persons */
#define SPAN_DAYS 37000         /* birth dates up to 101 years back */
#define N_ORIGINS 48            /* counties arrivals come from */
#define MAX_MEMBERS 7
#define ID_TRIES 64             /* draws of an ID number before giving up */
#define FLOATING_PER_MILLE 120  /* households of floating population */
#define ARRIVAL_PER_MILLE 20
#define SYNTH_NAME_MAX (NODE_NAME_CHARS * 4 + 1)

/* --- the generator ------------------------------------------------------- */

struct rng {
    uint64_t s[4];
};

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

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)         /* xoshiro256** */
{
    uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* Uniform in 0..n-1 (n > 0); the bias of the multiply is below 2^-32. */
static unsigned rng_below(struct rng *r, unsigned n)
{
    return (unsigned)(((rng_next(r) >> 32) * n) >> 32);
}

static int rng_per_mille(struct rng *r, unsigned p)
{
    return rng_below(r, 1000) < p;
}

/* --- the plan -------------------------------------------------------------- */

struct grid {
    char code[NODE_CODE_MAX];
    size_t community;           /* index into synth.communities */
    size_t region;              /* index into synth.regions */
    int is_urban;
    unsigned weight;            /* share of the population, 60..140 */
};

struct origin {
    char code[NODE_CODE_MAX];
    char city[SYNTH_NAME_MAX];
    char county[SYNTH_NAME_MAX];
    char name[SYNTH_NAME_MAX];        /* 河南省郑州市中原区 */
};

struct synth {
    struct lf_ctx *ctx;
    const struct lf_who *who;
    const struct synth_params *p;
    struct lf_err *err;
    struct rng rng;
    int64_t now;

    struct grid *grids;
    size_t n_grids, cap_grids;
    char (*communities)[SYNTH_NAME_MAX];
    size_t n_comm, cap_comm;
    char (*regions)[NODE_CODE_MAX];     /* residents' counties */
    size_t n_regions, cap_regions;
    uint16_t *seq_used;                 /* [region][day][sex] */
    char (*counties)[NODE_CODE_MAX];    /* every other county, by code */
    size_t n_counties, prov_lo, prov_hi; /* [lo, hi): the root's province */
    struct origin origins[N_ORIGINS];
    size_t n_origins;

    /* the community being filled: one estate (or village) and a road */
    size_t comm;
    char estate[64];
    const char *road;
    int floors, units;
    long n_estate, n_road, n_village;

    struct store_tx *tx;
    int hh_in_tx;
    struct synth_stats st, committed;
};

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

static const char *other_county(struct synth *s, unsigned same_province_per_mille)
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
                 other_county(s, i < N_ORIGINS / 4 ? 1000 : 0));
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

/* --- one household --------------------------------------------------------- */

struct member {
    enum synth_relation rel;
    int sex;                    /* 1 male, 2 female */
    int age;                    /* years */
};

static int age_in_band(struct synth *s, int band)
{
    return band * 5 + (int)rng_below(&s->rng, 5);
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static int sex_of(struct synth *s, unsigned male_per_mille)
{
    return rng_per_mille(&s->rng, male_per_mille) ? 1 : 2;
}

/* The members of a household of n: m[0] the head. */
static void compose(struct synth *s, int n, struct member *m)
{
    struct rng *r = &s->rng;
    int i = 1, head, younger, n_child = 0, n_parent = 0, n_grand = 0, adult_child = -1;
    const struct member *first_parent = NULL;

    m[0].rel = SYNTH_HEAD;
    if (n == 1) {
        m[0].age = clamp(age_in_band(s, synth__age_band(SYNTH_AGES_SINGLE, rng_next(r))),
                         18, 99);
        m[0].sex = sex_of(s, 520);
        return;
    }
    head = m[0].age = clamp(age_in_band(s, synth__age_band(SYNTH_AGES_HEAD, rng_next(r))),
                            20, 99);
    younger = head;
    if (rng_per_mille(r, n == 2 ? 720 : 880)) {
        int d = (int)rng_below(r, 6) - (int)rng_below(r, 2);  /* -1..5 */
        m[0].sex = sex_of(s, 780);
        m[1].rel = SYNTH_SPOUSE;
        m[1].sex = 3 - m[0].sex;
        m[1].age = clamp(m[0].sex == 1 ? head - d : head + d, 20, 99);
        if (m[1].age < younger)
            younger = m[1].age;
        i = 2;
    } else {
        m[0].sex = sex_of(s, 500);
    }
    for (; i < n; i++) {
        struct member *x = &m[i];
        int child = younger - 22 - (int)rng_below(r, 14);
        unsigned wc = child < 0 ? 0 : n_child == 0 ? 1000 : n_child == 1 ? 650
                                    : n_child == 2 ? 150 : 40;
        unsigned wp = head <= 72 && n_parent < 2 ? (n_child ? 350 : 250) : 0;
        unsigned wg = adult_child >= 20 && n_grand < 3 ? 700 : 0;
        unsigned pick = rng_below(r, wc + wp + wg + 30);

        if (pick < wc) {
            x->rel = SYNTH_CHILD;
            x->age = child;
            x->sex = sex_of(s, 530);
            n_child++;
            if (child > adult_child)
                adult_child = child;
        } else if ((pick -= wc) < wp) {
            x->rel = SYNTH_PARENT;
            if (!first_parent) {
                int room = 99 - head - 22;      /* >= 5, as head <= 72 */
                x->sex = sex_of(s, 420);
                x->age = head + 22 + (int)rng_below(r, (unsigned)(room < 14 ? room : 14) + 1);
                first_parent = x;
            } else {
                x->sex = 3 - first_parent->sex;
                x->age = clamp(first_parent->age + (int)rng_below(r, 7) - 3, head + 18, 99);
            }
            n_parent++;
        } else if ((pick -= wp) < wg) {
            int span = adult_child - 19;
            x->rel = SYNTH_GRANDCHILD;
            x->age = adult_child - 20 - (int)rng_below(r, (unsigned)(span < 15 ? span : 15));
            x->sex = sex_of(s, 530);
            n_grand++;
        } else {
            x->rel = SYNTH_OTHER;
            x->age = 16 + (int)rng_below(r, 50);
            x->sex = sex_of(s, 500);
        }
    }
}

static enum synth_era era_of(int64_t birth_days)
{
    int y;
    unsigned m, d;

    time_civil_from_days(birth_days, &y, &m, &d);
    return y < 1965 ? SYNTH_ERA_OLD : y < 1995 ? SYNTH_ERA_MID : SYNTH_ERA_YOUNG;
}

static void make_name(struct synth *s, const char *surname, int sex, int64_t birth,
                      char *out, size_t n)
{
    enum synth_era era = era_of(birth);
    const char *a = synth__given_char(sex, era, rng_next(&s->rng)), *b;
    unsigned single = era == SYNTH_ERA_YOUNG ? 80 : era == SYNTH_ERA_MID ? 200 : 260;

    if (rng_per_mille(&s->rng, single)) {
        snprintf(out, n, "%s%s", surname, a);
        return;
    }
    b = synth__given_char(sex, era, rng_next(&s->rng));
    /* 婷婷, 丹丹: a doubled character, but only sometimes for girls */
    if (strcmp(a, b) == 0 && !(sex == 2 && rng_per_mille(&s->rng, 400)))
        b = synth__given_char(sex, era, rng_next(&s->rng));
    snprintf(out, n, "%s%s%s", surname, a, b);
}

static void make_phone(struct synth *s, int age, char out[PHONE_MAX])
{
    unsigned has = age < 12 ? 0 : age < 18 ? 550 : age < 75 ? 975 : 700;

    out[0] = '\0';
    if (rng_per_mille(&s->rng, has))
        snprintf(out, PHONE_MAX, "%s%08u", synth__phone_prefix(rng_next(&s->rng)),
                 rng_below(&s->rng, 100000000));
}

static uint64_t mix64(uint64_t x)
{
    return synth__splitmix(&x);
}

/* An ID number for a person born on *birth: a resident's from the
 * counters (moving *birth back a day when one is full), a floating
 * person's (region given) with a random sequence. */
static int make_id(struct synth *s, const struct grid *g, const char *floating_region,
                   int sex, int64_t *birth, char out[ID_NUMBER_MAX])
{
    unsigned cap = sex == 1 ? 500 : 499, j;
    const char *region = floating_region;
    int y;
    unsigned mo, d;

    if (floating_region) {
        j = rng_below(&s->rng, cap);
    } else {
        int64_t day = s->p->today_days - *birth;
        uint16_t *used;
        assert(day >= 0);
        for (;; day++, (*birth)--) {
            if (day >= SPAN_DAYS)
                return lf_err_set(s->err, LF_ERR_INTERNAL, "population",
                                  "ID sequences exhausted");
            used = &s->seq_used[(g->region * SPAN_DAYS + (size_t)day) * 2 + (sex == 2)];
            if (*used < cap)
                break;
        }
        j = (unsigned)((*used)++ * 347u +
                       mix64(g->region * SPAN_DAYS + (uint64_t)day) % cap) % cap;
        region = s->regions[g->region];
    }
    time_civil_from_days(*birth, &y, &mo, &d);
    snprintf(out, ID_NUMBER_MAX, "%.6s%04d%02u%02u%03u", region, y, mo, d,
             sex == 1 ? 2 * j + 1 : 2 * (j + 1));
    out[17] = id_number_check_char(out);
    out[18] = '\0';
    return 0;
}

/* Insert p with a fresh ID number; a number taken already is drawn again. */
static int insert_person(struct synth *s, const struct grid *g, const char *floating_region,
                         struct person *p)
{
    int tries;

    for (tries = 0;; tries++) {
        struct lf_err e = LF_ERR_INIT;
        if (make_id(s, g, floating_region, p->sex, &p->birth_days, p->id_number))
            return -1;
        if (store_person_insert(s->tx, p, &e) == 0)
            return 0;
        if (e.code != LF_ERR_CONFLICT || tries + 1 == ID_TRIES) {
            if (s->err->code == LF_ERR_OK)
                *s->err = e;
            return -1;
        }
    }
}

static int insert_arrival(struct synth *s, const struct person *p)
{
    const struct origin *o = &s->origins[rng_below(&s->rng, (unsigned)s->n_origins)];
    unsigned risk = rng_below(&s->rng, 100);
    struct arrival a;

    memset(&a, 0, sizeof(a));
    a.person_id = p->id;
    snprintf(a.grid, sizeof(a.grid), "%s", p->grid);
    snprintf(a.name, sizeof(a.name), "%s", p->name);
    snprintf(a.id_number, sizeof(a.id_number), "%s", p->id_number);
    snprintf(a.phone, sizeof(a.phone), "%s", p->phone);
    snprintf(a.origin_code, sizeof(a.origin_code), "%s", o->code);
    snprintf(a.origin_name, sizeof(a.origin_name), "%s", o->name);
    a.arrival_days = s->p->today_days - rng_below(&s->rng, 20);
    snprintf(a.transport, sizeof(a.transport), "%s", synth__transport(rng_next(&s->rng)));
    a.risk_level = risk < 90 ? RISK_LOW : risk < 98 ? RISK_MEDIUM : RISK_HIGH;
    a.created_utc = s->now;
    return store_arrival_insert(s->tx, &a, s->err);
}

/* A new community: its estate (城镇) with buildings of 6, 11 or 18
 * floors, or its village (农村) with groups of 36 houses, and one road. */
static void start_community(struct synth *s, size_t comm)
{
    static const int floors[] = { 6, 6, 11, 18 };

    s->comm = comm;
    snprintf(s->estate, sizeof(s->estate), "%s%s", synth__estate_head(rng_next(&s->rng)),
             synth__estate_suffix(rng_next(&s->rng)));
    s->road = synth__road(rng_next(&s->rng));
    s->floors = floors[rng_below(&s->rng, 4)];
    s->units = 2 + (int)rng_below(&s->rng, 3);
    s->n_estate = s->n_road = s->n_village = 0;
}

static void make_address(struct synth *s, const struct grid *g, char *out, size_t n)
{
    if (!g->is_urban) {
        long k = s->n_village++;
        snprintf(out, n, "%s%ld组%ld号", s->communities[s->comm], k / 36 + 1, k % 36 + 1);
    } else if (rng_per_mille(&s->rng, 120)) {
        snprintf(out, n, "%s%ld号", s->road, 1 + s->n_road++);
    } else {
        long k = s->n_estate++, per_floor = 2, per_unit = s->floors * per_floor;
        long per_building = per_unit * s->units, room = k % per_building;
        snprintf(out, n, "%s%ld号楼%ld单元%ld%02ld室", s->estate, k / per_building + 1,
                 room / per_unit + 1, room % per_unit / per_floor + 1,
                 room % per_floor + 1);
    }
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

static int add_household(struct synth *s, const struct grid *g, int size)
{
    struct member m[MAX_MEMBERS];
    struct household h;
    struct person p;
    const char *floating = NULL, *family, *other;
    int i;

    assert(size >= 1 && size <= MAX_MEMBERS);
    if (!s->tx && !(s->tx = store_begin(s->ctx->store, STORE_WRITE, s->err)))
        return -1;
    compose(s, size, m);
    if (s->n_counties && rng_per_mille(&s->rng, FLOATING_PER_MILLE))
        floating = other_county(s, 450);
    memset(&h, 0, sizeof(h));
    snprintf(h.grid, sizeof(h.grid), "%s", g->code);
    make_address(s, g, h.address, sizeof(h.address));
    h.n_members = size;
    h.created_utc = s->now;
    if (store_household_insert(s->tx, &h, s->err))
        return -1;
    /* children take the father's surname; wives keep their own */
    family = synth__surname(rng_next(&s->rng));
    other = synth__surname(rng_next(&s->rng));
    for (i = 0; i < size; i++) {
        const char *surname = family;
        if ((m[i].rel == SYNTH_HEAD || m[i].rel == SYNTH_SPOUSE) && m[i].sex == 2 &&
            size > 1 && m[1].rel == SYNTH_SPOUSE)
            surname = other;
        else if ((m[i].rel == SYNTH_PARENT && m[i].sex == 2) || m[i].rel == SYNTH_OTHER)
            surname = synth__surname(rng_next(&s->rng));
        memset(&p, 0, sizeof(p));
        p.household_id = h.id;
        snprintf(p.grid, sizeof(p.grid), "%s", g->code);
        p.sex = m[i].sex;
        p.birth_days = s->p->today_days - (int64_t)m[i].age * 3652425 / 10000 -
                       rng_below(&s->rng, 365);
        make_name(s, surname, p.sex, p.birth_days, p.name, sizeof(p.name));
        make_phone(s, m[i].age, p.phone);
        snprintf(p.relation, sizeof(p.relation), "%s", synth__relation_name(m[i].rel));
        p.is_floating = floating != NULL;
        p.flags = i == 0 ? PERSON_HEAD : 0;
        if (s->n_origins && rng_per_mille(&s->rng, ARRIVAL_PER_MILLE))
            p.flags |= PERSON_ARRIVAL;
        p.created_utc = s->now;
        if (insert_person(s, g, floating, &p) ||
            ((p.flags & PERSON_ARRIVAL) && insert_arrival(s, &p)))
            return -1;
        s->st.persons++;
        s->st.floating += p.is_floating;
        s->st.arrivals += (p.flags & PERSON_ARRIVAL) != 0;
    }
    s->st.households++;
    if (++s->hh_in_tx == CHUNK_HOUSEHOLDS)
        return commit_chunk(s);
    return 0;
}

/* --- the whole ------------------------------------------------------------- */

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
            start_community(s, g->community);
        while (quota > 0) {
            int size = synth__household_size(rng_next(&s->rng));
            if (size > quota)
                size = (int)quota;
            if (add_household(s, g, size))
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
    if ((!s->tx && !(s->tx = store_begin(ctx->store, STORE_WRITE, err))) ||
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
