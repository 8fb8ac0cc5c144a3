/*
 * synth_vehicles.c - the traffic of the synthetic city: checkpoints
 * (交通检疫卡点) in every town and, each day, vehicles through them with a
 * pass and a check for each occupant. See synth_move.h for what it
 * promises, synth_move_int.h for the state it shares with synth_move.c.
 *
 * Like the scans, a day's vehicles are a function of (seed, day): one
 * generator seeded by the two draws the checkpoint, the time, the driver,
 * the origin, the plate and the passengers of each vehicle.
 */
#include <stdio.h>
#include <string.h>

#include "core/checkpoint.h"
#include "sim/synth_move_int.h"
#include "store/store.h"
#include "store/checkpoint.h"
#include "store/ledger.h"
#include "store/pass.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define PERSONS_PER_VEHICLE_DAY 1500  /* a vehicle checked per 1,500 residents a day */

static const char *const origins[] = {
    "河南省郑州市", "河南省洛阳市", "河南省焦作市", "河南省新乡市", "山西省晋城市",
    "山西省运城市", "河南省三门峡市", "河北省石家庄市", "陕西省西安市", "湖北省武汉市",
};

/* A plate that validate_plate() accepts: mostly this city's 豫U, then
 * neighbours; 8 % new energy (D or F, then 5 digits/letters). */
static void make_plate(uint64_t *r, char out[PLATE_MAX])
{
    static const char *const prefixes[] = { "豫U", "豫U", "豫U", "豫U", "豫U", "豫A", "豫H",
                                            "豫C", "晋E", "晋M", "陕A" };
    static const char letters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    char serial[8];
    int i;

    if (per_mille(r, 80)) {
        serial[0] = below(r, 2) ? 'D' : 'F';
        serial[1] = per_mille(r, 500) ? letters[below(r, 24)] : (char)('0' + below(r, 10));
        for (i = 2; i < 6; i++)
            serial[i] = (char)('0' + below(r, 10));
        serial[6] = '\0';
    } else {
        for (i = 0; i < 5; i++)
            serial[i] = per_mille(r, i < 2 ? 350 : 100) ? letters[below(r, 24)]
                                                       : (char)('0' + below(r, 10));
        serial[5] = '\0';
    }
    snprintf(out, PLATE_MAX, "%s%s", prefixes[below(r, N_OF(prefixes))], serial);
}

int synth_move__make_checkpoints(struct mv *s)
{
    static const struct {
        const char *name, *road, *kind;
    } per_town[] = {
        { "%s省道卡点", "省道与%s交叉口", "road" },
        { "%s村口卡点", "%s入村路口", "village" },
        { "%s高速口检疫站", "高速%s收费站出口", "highway" },
    };
    uint64_t r = hash3(s->p->seed, 0x636b7074ull, 0);
    size_t t, j;

    s->checkpoints = xcalloc(s->n_towns * N_OF(per_town) + 1, sizeof(*s->checkpoints));
    for (t = 0; t < s->n_towns; t++) {
        /* every town a road and a village checkpoint; every third a highway exit */
        size_t n = t % 3 == 0 ? 3 : 2;
        for (j = 0; j < n; j++) {
            struct checkpoint *c = &s->checkpoints[s->n_checkpoints];
            memset(c, 0, sizeof(*c));
            snprintf(c->node, sizeof(c->node), "%s", s->towns[t].code);
            snprintf(c->name, sizeof(c->name), per_town[j].name, s->towns[t].name);
            snprintf(c->road, sizeof(c->road), per_town[j].road,
                     j == 0 ? synth__road(synth__splitmix(&r)) : s->towns[t].name);
            snprintf(c->kind, sizeof(c->kind), "%s", per_town[j].kind);
            checkpoint_code_new(c->code);
            c->created_utc = s->now - (int64_t)(s->p->days + 20) * 86400;
            if (store_checkpoint_insert(s->tx, c, s->err))
                return -1;
            s->n_checkpoints++;
        }
    }
    s->st.checkpoints = (long)s->n_checkpoints;
    return 0;
}

/* One occupant's pass for day and its check at the checkpoint at `at`. */
static int add_pass(struct mv *s, const struct mover *m, const struct checkpoint *c,
                    int64_t day, int64_t at, const char *plate, const char *origin,
                    uint64_t *r)
{
    struct person p;
    struct pass ps;
    struct pass_check k;

    if (store_person_get(s->tx, m->id, &p, s->err))
        return -1;
    memset(&ps, 0, sizeof(ps));
    checkpoint_code_new(ps.code);
    ps.day = day;
    ps.checkpoint_id = c->id;
    snprintf(ps.name, sizeof(ps.name), "%s", p.name);
    snprintf(ps.id_number, sizeof(ps.id_number), "%s", p.id_number);
    if (p.phone[0])
        snprintf(ps.phone, sizeof(ps.phone), "%s", p.phone);
    else
        snprintf(ps.phone, sizeof(ps.phone), "%s%08u", synth__phone_prefix(synth__splitmix(r)),
                 below(r, 100000000));
    snprintf(ps.plate, sizeof(ps.plate), "%s", plate);
    snprintf(ps.origin_name, sizeof(ps.origin_name), "%s", origin);
    ps.person_id = m->id;
    ps.created_utc = at - 300 - below(r, 3600);
    if (ps.created_utc < day * 86400 - TZ_SHANGHAI_OFFSET)
        ps.created_utc = day * 86400 - TZ_SHANGHAI_OFFSET;
    if (store_pass_insert(s->tx, &ps, s->err))
        return -1;
    memset(&k, 0, sizeof(k));
    k.pass_id = ps.id;
    k.checkpoint_id = c->id;
    k.at_utc = at;
    k.day = day;
    k.temp_tenths = 358 + (int)below(r, 15);   /* 35.8-37.2 °C: no fevers here */
    k.id_confirmed = 1;
    k.outcome = CHECK_PASSED;
    if (store_pass_check_insert(s->tx, &k, s->err))
        return -1;
    s->st.passes++;
    s->st.checks++;
    return 0;
}

/* A person of driving age: a random draw, a few tries. */
static const struct mover *draw_driver(const struct mv *s, uint64_t *r)
{
    int tries;

    for (tries = 0; tries < 20; tries++) {
        const struct mover *m = &s->movers[below(r, (unsigned)s->n_movers)];
        if (m->age >= 20 && m->age <= 65)
            return m;
    }
    return NULL;
}

/* The vehicles of one day: 1-4 occupants under one plate, checked at the
 * same second; passengers are the driver's household when it is large
 * enough (persons of a household have consecutive ids), else others. */
int synth_move__day_passes(struct mv *s, int64_t day)
{
    uint64_t r = hash3(s->p->seed, 0x70617373ull, (uint64_t)day);
    long n = (long)s->n_movers / PERSONS_PER_VEHICLE_DAY + 1, v;
    static const unsigned occupants[] = { 500, 250, 150, 100 };

    if (s->n_checkpoints == 0)
        return 0;
    for (v = 0; v < n; v++) {
        const struct checkpoint *c = &s->checkpoints[below(&r, (unsigned)s->n_checkpoints)];
        const struct mover *d = draw_driver(s, &r);
        int64_t at = day * 86400 - TZ_SHANGHAI_OFFSET + 360 * 60 + below(&r, 960 * 60);
        const char *origin = origins[below(&r, N_OF(origins))];
        unsigned x = below(&r, 1000), k = 0, i;
        char plate[PLATE_MAX];

        while (k + 1 < N_OF(occupants) && x >= occupants[k])
            x -= occupants[k++];
        make_plate(&r, plate);
        if (!d || at >= s->now)
            continue;
        for (i = 0; i <= k; i++) {
            const struct mover *m = d + i;
            if (i > 0 && ((size_t)(m - s->movers) >= s->n_movers ||
                          m->household != d->household))
                m = &s->movers[below(&r, (unsigned)s->n_movers)];
            if (add_pass(s, m, c, day, at, plate, origin, &r))
                return -1;
        }
        s->st.vehicles++;
    }
    return 0;
}
