/*
 * synth_move.c - the movement of the synthetic city. See synth_move.h for
 * what it promises.
 *
 * First the plan: the towns, communities and grids below the root (one
 * read of the subtree), then the persons, 24 bytes each (id, household,
 * grid, age, sex), paged from the store. Venues are spread over the grids
 * in proportion to their residents and indexed by (town, kind), so a
 * person's errand finds a venue of the kind in their own town (the
 * county's list when their town has none).
 *
 * A person's day is a function of (seed, person, day): a generator seeded
 * by those three draws the day from the routine of the person's class
 * (infant, child, pupil on a school day or not, worker on a working day or
 * a day off, adult at home, elder). The class decides the probability of
 * each errand (the activity table below, expected visits per day), each
 * errand its time window (a worker shops after work, an elder at the
 * morning market), and most errands go to the person's usual venue of the
 * kind (a hash of person and kind), some to another. Where a person
 * works, whether they ride the bus, which day a shop worker has off: all
 * hashes of the person, so they hold on every day without being stored.
 *
 * Days go in order, persons in id order within a day: the scan index on
 * (person, time) then grows at a sweep, and the table keyed by venue
 * first is written at the tail of each venue's range, a working set of
 * one page per venue that the larger page cache (store_synth_cache)
 * holds. Scans collect in a buffer of SCAN_BATCH rows, written with one
 * statement; every SCANS_PER_TX scans the transaction commits.
 *
 * The kinds of venue and their name templates are data, in
 * synth_venue_names.c; the checkpoints and the vehicles through them are
 * in synth_vehicles.c; what the three share is in synth_move_int.h.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/node.h"
#include "core/venue.h"
#include "sim/synth_move_int.h"
#include "store/store.h"
#include "store/node.h"
#include "store/synth.h"
#include "store/venue.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define PERSONS_PER_VENUE 20
#define PERSON_PAGE 10000
#define SCANS_PER_TX 1000000L
#define CACHE_MIB 256           /* page cache while loading: ~64k pages */
#define ACTIVITY_SCALE 1220     /* per mille on the table below: tuned to ~5 scans a day */

/* --- the routine ----------------------------------------------------------- */

/* Classes of a person's day. A pupil's school day and a worker's working
 * day are classes of their own: the day shapes the errands. */
enum day_class { D_INFANT, D_CHILD, D_SCHOOL, D_YOUNG_FREE, D_WORK, D_OFF, D_ADULT, D_ELDER,
                 N_CLASSES };

/* One errand: its kind, its window in minutes after local midnight (a
 * second one for those at school or work), and the expected visits per
 * day by class, in thousandths. */
static const struct activity {
    enum kind kind;
    short from, to;            /* free day */
    short busy_from, busy_to;  /* school or working day */
    unsigned short expect[N_CLASSES];
} activities[] = {
    /*                                      INF  CHI  SCH  YFR  WRK  OFF  ADU  ELD */
    { K_MARKET, 360, 570, 360, 450, { 0, 100, 20, 80, 80, 400, 600, 1000 } },
    { K_SUPERMARKET, 540, 1290, 1050, 1260, { 200, 400, 250, 600, 700, 900, 900, 700 } },
    { K_RESTAURANT, 390, 510, 390, 480, { 0, 100, 300, 200, 500, 300, 250, 200 } },
    { K_RESTAURANT, 690, 780, 690, 780, { 0, 100, 100, 400, 700, 600, 400, 300 } },
    { K_RESTAURANT, 1050, 1230, 1080, 1230, { 100, 300, 200, 500, 500, 700, 450, 200 } },
    { K_PHARMACY, 480, 1260, 1080, 1260, { 0, 50, 20, 50, 150, 250, 250, 400 } },
    { K_HOSPITAL, 450, 1020, 720, 780, { 30, 40, 10, 30, 30, 60, 60, 150 } },
    { K_BANK, 540, 1020, 720, 780, { 0, 0, 0, 0, 50, 150, 150, 150 } },
    { K_BARBER, 540, 1260, 1080, 1260, { 20, 60, 30, 150, 60, 250, 150, 150 } },
    { K_GYM, 360, 1290, 1110, 1290, { 0, 0, 50, 200, 150, 300, 200, 100 } },
    { K_OTHER, 540, 1320, 1110, 1320, { 50, 150, 100, 700, 400, 900, 600, 300 } },
    { K_HOTEL, 1080, 1410, 1140, 1410, { 0, 0, 0, 0, 5, 10, 10, 5 } },
};

/* --- the plan ---------------------------------------------------------- */

static void add_town(struct mv *s, const struct node *n)
{
    struct town *t;

    s->towns = xrealloc(s->towns, (s->n_towns + 1) * sizeof(*s->towns));
    t = &s->towns[s->n_towns++];
    snprintf(t->code, sizeof(t->code), "%s", n->code);
    snprintf(t->name, sizeof(t->name), "%s", n->name);
    t->is_urban = strstr(n->name, "镇") == NULL && strstr(n->name, "乡") == NULL;
}

static void add_node(struct mv *s, const struct node *n)
{
    struct place *g;

    if (n->kind == NODE_TOWN) {
        add_town(s, n);
    } else if (n->kind == NODE_COMMUNITY && s->n_towns) {
        s->comms = xrealloc(s->comms, (s->n_comms + 1) * sizeof(*s->comms));
        snprintf(s->comms[s->n_comms++], sizeof(*s->comms), "%s", n->name);
    } else if (n->kind == NODE_GRID && s->n_comms) {
        s->places = xrealloc(s->places, (s->n_places + 1) * sizeof(*s->places));
        g = &s->places[s->n_places++];
        snprintf(g->code, sizeof(g->code), "%s", n->code);
        g->town = (uint32_t)(s->n_towns - 1);
        g->comm = (uint32_t)(s->n_comms - 1);
        g->n_persons = 0;
    }
}

/* Towns, communities and grids of the root's subtree, in code order; a
 * root below a town brings its town (and community) first. */
static int plan_tree(struct mv *s, struct store_tx *tx)
{
    struct node root, up;
    struct node_list l = { 0 };
    size_t i;

    if (store_node_get(tx, s->p->root, &root, "root", s->err))
        return -1;
    for (i = 9; i < strlen(root.code); i += 3) {
        char code[NODE_CODE_MAX];
        snprintf(code, sizeof(code), "%.*s", (int)i, root.code);
        if (store_node_get(tx, code, &up, "root", s->err))
            return -1;
        add_node(s, &up);
    }
    add_node(s, &root);
    if (store_node_subtree(tx, root.code, &l, s->err))
        return -1;
    for (i = 0; i < l.n; i++)
        add_node(s, &l.items[i]);
    node_list_free(&l);
    return 0;
}

static uint32_t place_of(const struct mv *s, const char *grid)
{
    size_t lo = 0, hi = s->n_places;

    while (lo < hi) {           /* places are in code order */
        size_t mid = (lo + hi) / 2;
        int c = strcmp(s->places[mid].code, grid);
        if (c == 0)
            return (uint32_t)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NONE;
}

static int plan_movers(struct mv *s, struct store_tx *tx)
{
    struct synth_person_row *page = xmalloc(PERSON_PAGE * sizeof(*page));
    int64_t after = 0;
    size_t n, i, cap = 0;
    int ret = -1;

    for (;;) {
        if (store_synth_persons(tx, s->p->root, after, page, PERSON_PAGE, &n, s->err))
            goto out;
        if (n == 0)
            break;
        for (i = 0; i < n; i++) {
            uint32_t g = place_of(s, page[i].grid);
            int64_t age = (s->today - page[i].birth_days) * 10000 / 3652425;
            struct mover *m;
            if (g == NONE)
                continue;
            if (s->n_movers == cap) {
                cap = cap ? cap * 2 : 4096;
                s->movers = xrealloc(s->movers, cap * sizeof(*s->movers));
            }
            m = &s->movers[s->n_movers++];
            m->id = page[i].id;
            m->household = page[i].household_id;
            m->place = g;
            m->age = (uint8_t)(age < 0 ? 0 : age > 120 ? 120 : age);
            m->sex = (uint8_t)page[i].sex;
            s->places[g].n_persons++;
        }
        after = page[n - 1].id;
    }
    ret = 0;
out:
    free(page);
    return ret;
}

/* --- venues ------------------------------------------------------------- */

static const char *const small_numbers[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九" };

/* A venue's name from a template of synth_venue_names.c, for grid g. */
static void expand(const char *tpl, uint64_t *r, const struct mv *s, const struct place *g,
                   char *out, size_t n)
{
    size_t len = 0;
    const char *p;

    out[0] = '\0';
    for (p = tpl; *p && len + 1 < n; p++) {
        char piece[96];
        if (*p != '$' || !p[1]) {
            out[len++] = *p;
            out[len] = '\0';
            continue;
        }
        switch (*++p) {
        case 'H': snprintf(piece, sizeof(piece), "%s", synth__estate_head(synth__splitmix(r))); break;
        case 'S': snprintf(piece, sizeof(piece), "%s", synth__surname(synth__splitmix(r))); break;
        case 'T': snprintf(piece, sizeof(piece), "%s", s->towns[g->town].name); break;
        case 'C': snprintf(piece, sizeof(piece), "%s", s->comms[g->comm]); break;
        case 'R': snprintf(piece, sizeof(piece), "%s", synth__road(synth__splitmix(r))); break;
        case 'N': snprintf(piece, sizeof(piece), "%s", small_numbers[below(r, 9)]); break;
        case 'L': snprintf(piece, sizeof(piece), "%u", 1 + below(r, 60)); break;
        case 'P': snprintf(piece, sizeof(piece), "豫U%05u", below(r, 100000)); break;
        default: piece[0] = '\0'; break;
        }
        len += (size_t)snprintf(out + len, n - len, "%s", piece);
        if (len >= n)
            len = n - 1;
    }
}

static void make_contact(uint64_t *r, struct venue *v)
{
    int sex = 1 + (int)below(r, 2);

    snprintf(v->contact_name, sizeof(v->contact_name), "%s%s%s",
             synth__surname(synth__splitmix(r)),
             synth__given_char(sex, SYNTH_ERA_MID, synth__splitmix(r)),
             synth__given_char(sex, SYNTH_ERA_MID, synth__splitmix(r)));
    snprintf(v->contact_phone, sizeof(v->contact_phone), "%s%08u",
             synth__phone_prefix(synth__splitmix(r)), below(r, 100000000));
}

static enum kind draw_kind(uint64_t *r)
{
    unsigned x = below(r, 1000), k;

    for (k = 0; k + 1 < N_KINDS && x >= synth_move__kinds[k].share; k++)
        x -= synth_move__kinds[k].share;
    return (enum kind)k;
}

static int add_venue(struct mv *s, uint32_t gi, uint64_t *r)
{
    const struct place *g = &s->places[gi];
    enum kind k = draw_kind(r);
    const struct synth_venue_kind *kind = &synth_move__kinds[k];
    struct mv_venue *mv;
    struct venue v;

    memset(&v, 0, sizeof(v));
    snprintf(v.node, sizeof(v.node), "%s", g->code);
    expand(kind->names[below(r, (unsigned)kind->n_names)], r, s, g, v.name, sizeof(v.name));
    v.type = kind->type;
    if (s->towns[g->town].is_urban || per_mille(r, 300))
        snprintf(v.address, sizeof(v.address), "%s%s%u号", s->towns[g->town].name,
                 synth__road(synth__splitmix(r)), 1 + below(r, 300));
    else
        snprintf(v.address, sizeof(v.address), "%s%s%u组", s->towns[g->town].name,
                 s->comms[g->comm], 1 + below(r, 12));
    make_contact(r, &v);
    v.status = VENUE_APPROVED;
    v.created_utc = s->now - (int64_t)(s->p->days + 30 + below(r, 300)) * 86400;
    v.reviewed_utc = v.created_utc + 3600 + below(r, 86400);
    if (store_venue_insert(s->tx, &v, s->err))
        return -1;
    mv = &s->venues[s->n_venues++];
    mv->id = v.id;
    mv->town = g->town;
    mv->kind = (uint8_t)k;
    return 0;
}

/* by_town / by_kind: counting sort of the venue indexes. */
static void index_venues(struct mv *s)
{
    size_t i, n = s->n_towns * N_KINDS;
    size_t *fill = xcalloc(n + 1, sizeof(*fill)), kfill[N_KINDS + 1] = { 0 };

    s->town_start = xcalloc(n + 1, sizeof(*s->town_start));
    s->by_town = xmalloc((s->n_venues + 1) * sizeof(*s->by_town));
    s->by_kind = xmalloc((s->n_venues + 1) * sizeof(*s->by_kind));
    memset(s->kind_start, 0, sizeof(s->kind_start));
    for (i = 0; i < s->n_venues; i++) {
        s->town_start[s->venues[i].town * N_KINDS + s->venues[i].kind + 1]++;
        s->kind_start[s->venues[i].kind + 1]++;
    }
    for (i = 0; i < n; i++)
        s->town_start[i + 1] += s->town_start[i];
    for (i = 0; i < N_KINDS; i++)
        s->kind_start[i + 1] += s->kind_start[i];
    memcpy(fill, s->town_start, (n + 1) * sizeof(*fill));
    memcpy(kfill, s->kind_start, sizeof(kfill));
    for (i = 0; i < s->n_venues; i++) {
        s->by_town[fill[s->venues[i].town * N_KINDS + s->venues[i].kind]++] = (uint32_t)i;
        s->by_kind[kfill[s->venues[i].kind]++] = (uint32_t)i;
    }
    free(fill);
}

/* One venue per PERSONS_PER_VENUE residents, each at a grid drawn in
 * proportion to its residents (the cumulative split of synth.c). */
static int make_venues(struct mv *s)
{
    uint64_t r = hash3(s->p->seed, 0x76656e7565ull, 0), done = 0, cum = 0;
    uint64_t total = s->n_movers, want = (total + PERSONS_PER_VENUE / 2) / PERSONS_PER_VENUE;
    size_t i;

    if (want == 0)
        want = 1;
    s->venues = xcalloc((size_t)want, sizeof(*s->venues));
    for (i = 0; i < s->n_places; i++) {
        uint64_t target;
        cum += s->places[i].n_persons;
        target = want * cum / total;
        for (; done < target; done++)
            if (add_venue(s, (uint32_t)i, &r))
                return -1;
    }
    index_venues(s);
    s->st.venues = (long)s->n_venues;
    return 0;
}

/* A venue of kind for person m: their usual one (a hash of person and
 * kind) most days, another of their town or, rarely, of the county. */
static uint32_t pick_venue(const struct mv *s, const struct mover *m, enum kind k,
                           uint64_t *r)
{
    size_t t = s->places[m->place].town * N_KINDS + k;
    size_t lo = s->town_start[t], n = s->town_start[t + 1] - lo;
    unsigned x = below(r, 1000);

    if (n == 0 || x >= 960) {
        size_t klo = s->kind_start[k], kn = s->kind_start[k + 1] - klo;
        if (kn == 0)
            return NONE;
        return s->by_kind[klo + (x >= 960 ? below(r, (unsigned)kn)
                                          : hash3(s->p->seed, (uint64_t)m->id, k) % kn)];
    }
    if (x < 750)
        return s->by_town[lo + hash3(s->p->seed, (uint64_t)m->id, k) % n];
    return s->by_town[lo + below(r, (unsigned)n)];
}

/* --- scans ------------------------------------------------------------- */

static int flush(struct mv *s)
{
    long added;

    if (s->n_rows == 0)
        return 0;
    if (store_synth_scans(s->tx, s->rows, s->n_rows, &added, s->err))
        return -1;
    s->st.scans += added;
    s->in_tx += (long)s->n_rows;
    s->n_rows = 0;
    return 0;
}

static int commit_part(struct mv *s)
{
    int rc = flush(s) || store_commit(s->tx, s->err) ? -1 : 0;

    store_tx_free(s->tx);
    s->tx = NULL;
    s->in_tx = 0;
    if (rc == 0)
        s->committed = s->st;
    return rc;
}

static int ensure_tx(struct mv *s)
{
    if (!s->tx && !(s->tx = store_begin(s->ctx->store, STORE_WRITE, s->err)))
        return -1;
    return 0;
}

/* A scan of m at venue vi, minute (after local midnight) of day. */
static int emit(struct mv *s, const struct mover *m, uint32_t vi, int64_t day, int minute,
                uint64_t *r)
{
    int64_t at = day * 86400 - TZ_SHANGHAI_OFFSET + (int64_t)minute * 60 + below(r, 60);

    if (vi == NONE || at >= s->now || minute < 0 || minute >= 1440)
        return 0;
    s->rows[s->n_rows].venue_id = s->venues[vi].id;
    s->rows[s->n_rows].at_utc = at;
    s->rows[s->n_rows].person_id = m->id;
    if (++s->n_rows == SCAN_BATCH && flush(s))
        return -1;
    if (s->in_tx >= SCANS_PER_TX)
        return commit_part(s) || ensure_tx(s);
    return 0;
}

/* Where m works (NONE: not employed), from hashes of m alone: most adults
 * of working age, half of them at a factory or office of the county, the
 * rest at a venue of their town (shop staff, teachers, doctors). */
static uint32_t workplace(const struct mv *s, const struct mover *m)
{
    uint64_t r = hash3(s->p->seed, (uint64_t)m->id, 0x6a6f62ull);
    size_t lo = s->kind_start[K_FACTORY], n = s->kind_start[K_OFFICE + 1] - lo;
    int tries;

    if (m->age < 19 || m->age > 59 || !per_mille(&r, m->sex == 1 ? 830 : 700))
        return NONE;
    if (n && per_mille(&r, 500))
        return s->by_kind[lo + below(&r, (unsigned)n)];   /* factories, then offices */
    for (tries = 0; tries < 8; tries++) {   /* nobody works on a bus or in a hotel room */
        uint32_t v = below(&r, (unsigned)s->n_venues);
        if (s->venues[v].kind != K_BUS && s->venues[v].kind != K_HOTEL)
            return v;
    }
    return NONE;
}

static int works_on(const struct mv *s, const struct mover *m, uint32_t job, int weekday)
{
    enum kind k = (enum kind)s->venues[job].kind;

    if (k == K_OFFICE || k == K_BANK || k == K_SCHOOL)
        return weekday < 5;
    if (k == K_FACTORY)
        return weekday < 6;
    return (uint64_t)weekday != hash3(s->p->seed, (uint64_t)m->id, 0x6f6666ull) % 7;
}

/* Arrival at school or work (minutes) by the kind of place. */
static int start_minute(enum kind k, uint64_t *r)
{
    switch (k) {
    case K_SCHOOL: return 440 + (int)below(r, 30);
    case K_FACTORY: return 450 + (int)below(r, 30);
    case K_OFFICE: case K_BANK: return 500 + (int)below(r, 40);
    case K_MARKET: return 330 + (int)below(r, 40);
    case K_RESTAURANT: return 540 + (int)below(r, 120);
    default: return 460 + (int)below(r, 90);
    }
}

static int person_day(struct mv *s, const struct mover *m, int64_t day, int weekday)
{
    uint64_t r = hash3(s->p->seed, (uint64_t)m->id, (uint64_t)day);
    uint64_t ph = hash3(s->p->seed, (uint64_t)m->id, 0x627573ull);
    int rides_bus = (int)(ph % 1000) < (m->age >= 6 && m->age < 60 ? 300 : 150);
    uint32_t job = workplace(s, m), busy_at = NONE, bus = NONE;
    enum day_class c;
    size_t i;
    int start = 0;

    if (job != NONE)
        c = works_on(s, m, job, weekday) ? D_WORK : D_OFF;
    else if (m->age < 3)
        c = D_INFANT;
    else if (m->age < 19)
        c = weekday < 5 ? (m->age < 6 ? D_CHILD : D_SCHOOL) : (m->age < 6 ? D_CHILD : D_YOUNG_FREE);
    else
        c = m->age < 60 ? D_ADULT : D_ELDER;
    if (c == D_WORK)
        busy_at = job;
    else if ((c == D_SCHOOL || (c == D_CHILD && weekday < 5 && m->age >= 3)) &&
             per_mille(&r, 960))
        busy_at = pick_venue(s, m, K_SCHOOL, &ph);     /* ph: the same school every day */
    if (rides_bus)
        bus = pick_venue(s, m, K_BUS, &r);
    if (busy_at != NONE) {
        enum kind k = (enum kind)s->venues[busy_at].kind;
        start = start_minute(k, &r);
        if ((bus != NONE && emit(s, m, bus, day, start - 15 - (int)below(&r, 30), &r)) ||
            emit(s, m, busy_at, day, start, &r))
            return -1;
        /* back after lunch at home: pupils, and some office workers */
        if (per_mille(&r, k == K_SCHOOL ? 600 : k == K_OFFICE ? 350 : 150) &&
            emit(s, m, busy_at, day, 840 + (int)below(&r, 30), &r))
            return -1;
        if (bus != NONE && emit(s, m, bus, day, 1020 + (int)below(&r, 90), &r))
            return -1;
    } else if (bus != NONE && per_mille(&r, 400)) {
        if (emit(s, m, bus, day, 480 + (int)below(&r, 600), &r))
            return -1;
    }
    for (i = 0; i < N_OF(activities); i++) {
        const struct activity *a = &activities[i];
        unsigned e = a->expect[c] * ACTIVITY_SCALE / 1000;
        unsigned k = e / 1000 + per_mille(&r, e % 1000);
        int from = busy_at != NONE ? a->busy_from : a->from;
        int to = busy_at != NONE ? a->busy_to : a->to;
        for (; k > 0; k--)
            if (emit(s, m, pick_venue(s, m, a->kind, &r), day,
                     from + (int)below(&r, (unsigned)(to - from)), &r))
                return -1;
    }
    return 0;
}

/* --- the whole ------------------------------------------------------------- */

static int generate(struct mv *s)
{
    int64_t first = s->today - s->p->days + 1, day;
    size_t i;

    if (ensure_tx(s) || make_venues(s) || synth_move__make_checkpoints(s))
        return -1;
    for (day = first; day <= s->today; day++) {
        int weekday = (int)((day + 3) % 7);     /* 1970-01-01 was a Thursday; 0 = Monday */
        for (i = 0; i < s->n_movers; i++)
            if (person_day(s, &s->movers[i], day, weekday))
                return -1;
        if (synth_move__day_passes(s, day))
            return -1;
    }
    return flush(s);
}

static void counts(const struct mv *s, const struct synth_move_stats *st, char *out, size_t n)
{
    snprintf(out, n, "days=%d venues=%ld scans=%ld checkpoints=%ld passes=%ld seed=%llu",
             s->p->days, st->venues, st->scans, st->checkpoints, st->passes,
             (unsigned long long)s->p->seed);
}

static int plan(struct mv *s)
{
    struct store_tx *tx = store_begin(s->ctx->store, STORE_READ, s->err);
    int ret;

    if (!tx)
        return -1;
    ret = plan_tree(s, tx) || plan_movers(s, tx) ? -1 : 0;
    store_tx_free(tx);
    return ret;
}

static void release(struct mv *s)
{
    free(s->towns);
    free(s->comms);
    free(s->places);
    free(s->movers);
    free(s->venues);
    free(s->by_town);
    free(s->by_kind);
    free(s->town_start);
    free(s->checkpoints);
    free(s);
}

int synth_movement(struct lf_ctx *ctx, const struct lf_who *who,
                   const struct synth_move_params *p, struct synth_move_stats *out,
                   struct lf_err *err)
{
    enum node_kind k = p->root ? node_kind_of_code(p->root) : 0;
    struct lf_err e = LF_ERR_INIT;
    struct mv *s;
    char detail[160];
    int ret = -1;

    memset(out, 0, sizeof(*out));
    if (k == 0 || k == NODE_PROVINCE)
        lf_err_set(err, LF_ERR_INVALID, "root", "must be a node code below a province");
    else if (p->days < 1 || p->days > SYNTH_DAYS_MAX)
        lf_err_set(err, LF_ERR_INVALID, "days", "must be 1 to %d", SYNTH_DAYS_MAX);
    if (err->code != LF_ERR_OK || synth__check_caller(who, p->root, err)) {
        audit_failure(ctx, who, "synth.movement", p->root ? p->root : "", err);
        return -1;
    }
    s = xcalloc(1, sizeof(*s));
    s->ctx = ctx;
    s->who = who;
    s->p = p;
    s->err = err;
    s->now = lf_now(ctx);
    s->today = lf_today_days(ctx);
    s->st.from_utc = (s->today - p->days + 1) * 86400 - TZ_SHANGHAI_OFFSET;
    s->st.to_utc = s->now;
    if (plan(s))
        goto out;
    s->st.persons = (long)s->n_movers;
    if (s->n_movers == 0) {
        s->committed = s->st;
        ret = 0;
        goto out;
    }
    store_synth_cache(ctx->store, CACHE_MIB, &e);      /* only faster; a failure is fine */
    if (generate(s))
        goto out;
    counts(s, &s->st, detail, sizeof(detail));
    if (audit_write(s->tx, ctx, who, "synth.movement", p->root, 1, detail, err) ||
        commit_part(s))
        goto out;
    ret = 0;
out:
    store_tx_free(s->tx);       /* rolls the unfinished part back */
    store_synth_cache(ctx->store, 0, &e);
    *out = ret == 0 ? s->st : s->committed;
    if (ret && s->committed.venues) {
        counts(s, &s->committed, detail, sizeof(detail));
        synth__audit_partial(ctx, who, "synth.movement", p->root, detail);
    }
    release(s);
    return ret;
}
