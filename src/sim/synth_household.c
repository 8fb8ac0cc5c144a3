/*
 * synth_household.c - one household of the synthetic population: who is
 * in it, their names, phones and ID numbers, its address, and its rows
 * (household, persons, arrivals). See synth.h; synth.c plans the grids
 * and decides how many households each gets.
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
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "core/validate.h"
#include "sim/synth_int.h"
#include "store/store.h"
#include "store/arrival.h"
#include "store/ledger.h"
#include "store/venue.h"
#include "util/timeutil.h"
#include "util/banned.h"

#define MAX_MEMBERS 7
#define ID_TRIES 64             /* draws of an ID number before giving up */
#define FLOATING_PER_MILLE 120  /* households of floating population */
#define ARRIVAL_PER_MILLE 20

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
void synth__start_community(struct synth *s, size_t comm)
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
int synth__add_household(struct synth *s, const struct grid *g, int size)
{
    struct member m[MAX_MEMBERS];
    struct household h;
    struct person p;
    const char *floating = NULL, *family, *other;
    int i;

    assert(size >= 1 && size <= MAX_MEMBERS);
    assert(s->tx);
    compose(s, size, m);
    if (s->n_counties && rng_per_mille(&s->rng, FLOATING_PER_MILLE))
        floating = synth__other_county(s, 450);
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
    return 0;
}

