/*
 * bench_tracing.c - the driver of bench/bench_tracing.sh: builds a
 * synthetic city into the product's schema, then times the contact engine
 * (tracing_find) and, as the baseline, the best plain-SQL form of the same
 * venue contacts on the same SQLite file.
 *
 *   bench_tracing gen DB PEOPLE DAYS SEED
 *       a city of PEOPLE persons in households of 1-5, PEOPLE/20 venues of
 *       mixed types in districts of about 500, and DAYS days of routines
 *       (about 5 scans a person a day: a workplace or school on weekdays,
 *       shops, restaurants, markets ... mostly in one's own district).
 *       The schema comes from the product's migrations (store_open).
 *   bench_tracing engine DB CASES WINDOW_DAYS SEED
 *   bench_tracing sql DB CASES WINDOW_DAYS SEED [venue]
 *       CASES index persons drawn with SEED, each with the window of the
 *       last WINDOW_DAYS days; one line per case on stdout:
 *         case PERSON MS N_VENUE FP_VENUE all N_ALL FP_ALL ...
 *       and "rss_mb X" at the end; FP_* is a hash of the proposed ids in
 *       order (close contacts, then secondary ones, each by id).
 *       engine loads the in-memory index of every day up to the window's
 *       end (tracing_index_load, as a server would), then times
 *       tracing_find_with() that index with the default rules (venue,
 *       household, vehicle, secondary): MS; then, after "store_ms",
 *       tracing_find() through SQLite alone; then, after "venue_ms", the
 *       index with the venue rule alone (N_VENUE, FP_VENUE).
 *       sql times two plain-SQL statements: every rule (MS, N_ALL,
 *       FP_ALL) and, after "venue_ms", the venue rule alone. Both join the
 *       index person's scans to the scans at the same venue, each probe
 *       bounded by the longest stay of any type (or, with "venue", by the
 *       venue's own stay), overlap computed in SQL; every rule adds the
 *       household, the shared plates and the households of all those.
 *
 * Not part of the tests; bench/bench_tracing.sh builds and runs it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sqlite3.h>

#include "core/tracing.h"
#include "core/venue.h"
#include "store/store.h"

#define DAY 86400
/* day 0 of the city: 2026-11-02 00:00 in Shanghai (a Monday) */
#define T0 (1793548800LL - 8 * 3600)

static void die(const char *what, sqlite3 *db)
{
    fprintf(stderr, "bench_tracing: %s: %s\n", what, db ? sqlite3_errmsg(db) : "failed");
    exit(1);
}

static void exec(sqlite3 *db, const char *q)
{
    char *msg = NULL;

    if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "bench_tracing: %s: %s\n", q, msg);
        exit(1);
    }
}

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double rss_mb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

/* xorshift64*: the same city for the same seed */
static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}
static uint32_t below(uint32_t n) { return (uint32_t)((rnd() >> 32) % n); }

/* --- gen ------------------------------------------------------------------ */

struct row {
    uint32_t venue, at, person;     /* at: seconds since T0 */
};

/* venue types by share of all venues (percent) */
static const struct { int type, pct, work; } mix[] = {
    { VENUE_SUPERMARKET, 14, 0 }, { VENUE_RESTAURANT, 24, 0 }, { VENUE_MARKET, 5, 0 },
    { VENUE_PHARMACY, 8, 0 },     { VENUE_SCHOOL, 3, 1 },      { VENUE_FACTORY, 3, 1 },
    { VENUE_OFFICE, 5, 1 },       { VENUE_HOSPITAL, 1, 0 },    { VENUE_BUS, 4, 0 },
    { VENUE_HOTEL, 2, 0 },        { VENUE_BANK, 5, 0 },        { VENUE_BARBER, 7, 0 },
    { VENUE_GYM, 5, 0 },          { VENUE_OTHER, 14, 0 },
};
#define N_MIX (sizeof(mix) / sizeof(mix[0]))

static int row_cmp(const void *pa, const void *pb)
{
    const struct row *a = pa, *b = pb;

    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->person < b->person ? -1 : a->person > b->person;
}

static int gen(const char *path, uint32_t people, uint32_t days, uint64_t seed)
{
    struct lf_err err = LF_ERR_INIT;
    struct store *s = store_open(path, STORE_CREATE | STORE_MIGRATE, &err);
    uint32_t n_venues = people / 20, n_dist = n_venues / 500 ? n_venues / 500 : 1;
    uint32_t *vtype, *work_of, **leisure, *n_leisure, **work, *n_work;
    uint32_t v, p, d, i, h, n_hh = 0;
    struct row *rows;
    size_t n_rows = 0, cap = (size_t)people * days * 6 + 16, *start;
    sqlite3 *db;
    sqlite3_stmt *st;
    double t = now_ms();

    if (!s) {
        fprintf(stderr, "bench_tracing: %s: %s\n", path, err.reason);
        return 1;
    }
    store_close(s);
    rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;

    /* venues: type by share, district = index mod n_dist */
    vtype = malloc(n_venues * sizeof(*vtype));
    leisure = calloc(n_dist, sizeof(*leisure));
    work = calloc(n_dist, sizeof(*work));
    n_leisure = calloc(n_dist, sizeof(*n_leisure));
    n_work = calloc(n_dist, sizeof(*n_work));
    for (d = 0; d < n_dist; d++) {
        leisure[d] = malloc((n_venues / n_dist + 2) * sizeof(uint32_t));
        work[d] = malloc((n_venues / n_dist + 2) * sizeof(uint32_t));
    }
    for (v = 0; v < n_venues; v++) {
        uint32_t r = below(100), acc = 0, k;
        for (k = 0; k < N_MIX - 1 && r >= acc + (uint32_t)mix[k].pct; k++)
            acc += mix[k].pct;
        vtype[v] = mix[k].type;
        d = v % n_dist;
        if (mix[k].work)
            work[d][n_work[d]++] = v + 1;
        else
            leisure[d][n_leisure[d]++] = v + 1;
    }
    for (d = 0; d < n_dist; d++)
        if (!n_work[d] || !n_leisure[d])
            die("too few venues for the districts", NULL);

    /* persons: households of 1-5 in districts; 65 % work or study */
    work_of = malloc(people * sizeof(*work_of));
    rows = malloc(cap * sizeof(*rows));
    if (!vtype || !work_of || !rows)
        die("out of memory", NULL);
    for (p = 0; p < people; p++) {
        uint32_t dist = (p / 3) % n_dist, wd = below(10) < 7 ? dist : below(n_dist);
        work_of[p] = below(100) < 65 ? work[wd][below(n_work[wd])] : 0;
    }
    for (d = 0; d < days; d++) {
        int weekend = d % 7 >= 5;
        for (p = 0; p < people; p++) {
            uint32_t dist = (p / 3) % n_dist, k, n_visits, used[8], n_used = 0;
            uint32_t day0 = d * DAY;
            if (work_of[p] && !weekend) {
                /* 07:00-09:00 local = 23:00-01:00 UTC: day0 is local midnight */
                rows[n_rows++] = (struct row){ work_of[p], day0 + 7 * 3600 + below(7200),
                                               p + 1 };
                used[n_used++] = work_of[p];
                n_visits = 2 + below(4);                 /* 2-5, mean 3.5 */
            } else {
                n_visits = 3 + below(5);                 /* 3-7, mean 5 */
            }
            for (k = 0; k < n_visits; k++) {
                uint32_t vd = below(10) < 8 ? dist : below(n_dist), j, x, at;
                double u = (double)(rnd() >> 11) / 9007199254740992.0;
                /* popular venues first: index skewed to the start */
                x = leisure[vd][(uint32_t)(u * u * n_leisure[vd])];
                for (j = 0; j < n_used && used[j] != x; j++)
                    ;
                if (j < n_used)
                    continue;               /* once a day per venue */
                used[n_used++] = x;
                if (work_of[p] && !weekend)      /* lunch or after work */
                    at = k == 0 ? 11 * 3600 + below(9000) : 17 * 3600 + below(5 * 3600);
                else
                    at = 8 * 3600 + below(13 * 3600);
                if (vtype[x - 1] == VENUE_HOTEL)
                    at = 20 * 3600 + below(3 * 3600);
                rows[n_rows++] = (struct row){ x, day0 + at, p + 1 };
            }
        }
    }
    fprintf(stderr, "bench_tracing: %zu scans generated in %.1f s\n", n_rows,
            (now_ms() - t) / 1e3);

    /* counting sort by venue, then by time within each venue: the order
     * of the clustered key, so the inserts append */
    start = calloc(n_venues + 2, sizeof(*start));
    {
        struct row *sorted = malloc(n_rows * sizeof(*sorted));
        size_t *pos = calloc(n_venues + 2, sizeof(*pos)), q;
        if (!sorted || !pos)
            die("out of memory", NULL);
        for (q = 0; q < n_rows; q++)
            start[rows[q].venue + 1]++;
        for (v = 1; v <= n_venues + 1; v++)
            start[v] += start[v - 1];
        memcpy(pos, start, (n_venues + 2) * sizeof(*pos));
        for (q = 0; q < n_rows; q++)
            sorted[pos[rows[q].venue]++] = rows[q];
        free(rows);
        free(pos);
        rows = sorted;
        for (v = 1; v <= n_venues; v++)
            qsort(rows + start[v], start[v + 1] - start[v], sizeof(*rows), row_cmp);
    }

    if (sqlite3_open(path, &db) != SQLITE_OK)
        die(path, db);
    exec(db, "PRAGMA journal_mode = DELETE");
    exec(db, "PRAGMA synchronous = OFF");
    exec(db, "PRAGMA cache_size = -1000000");
    exec(db, "DROP INDEX scan_person");
    exec(db, "BEGIN");
    exec(db, "INSERT OR IGNORE INTO node(code, parent, kind, name, is_real, created_utc, "
             "updated_utc) VALUES ('419001', NULL, 'city', 'bench', 1, 0, 0)");
    /* households of 1-5 (mean 3) */
    if (sqlite3_prepare_v2(db, "INSERT INTO household(id, grid, address, n_members, "
                               "created_utc, updated_utc) VALUES (?1, '419001', 'h', ?2, 0, 0)",
                           -1, &st, NULL) != SQLITE_OK)
        die("prepare household", db);
    {
        sqlite3_stmt *ps;
        if (sqlite3_prepare_v2(db, "INSERT INTO person(id, household_id, grid, name, sex, "
                                   "created_utc, updated_utc) VALUES (?1, ?2, '419001', 'p', "
                                   "1, 0, 0)", -1, &ps, NULL) != SQLITE_OK)
            die("prepare person", db);
        for (p = 0; p < people; p += h) {
            h = 1 + below(5);
            if (p + h > people)
                h = people - p;
            n_hh++;
            sqlite3_bind_int64(st, 1, n_hh);
            sqlite3_bind_int64(st, 2, h);
            if (sqlite3_step(st) != SQLITE_DONE)
                die("insert household", db);
            sqlite3_reset(st);
            for (i = 0; i < h; i++) {
                sqlite3_bind_int64(ps, 1, p + i + 1);
                sqlite3_bind_int64(ps, 2, n_hh);
                if (sqlite3_step(ps) != SQLITE_DONE)
                    die("insert person", db);
                sqlite3_reset(ps);
            }
        }
        sqlite3_finalize(ps);
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "INSERT INTO venue(id, node, name, type, address, "
                               "contact_name, contact_phone, status, created_utc) "
                               "VALUES (?1, '419001', 'v', ?2, 'a', 'c', '13800138000', 1, 0)",
                           -1, &st, NULL) != SQLITE_OK)
        die("prepare venue", db);
    for (v = 0; v < n_venues; v++) {
        sqlite3_bind_int64(st, 1, v + 1);
        sqlite3_bind_int64(st, 2, vtype[v]);
        if (sqlite3_step(st) != SQLITE_DONE)
            die("insert venue", db);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO scan(venue_id, at_utc, person_id) "
                               "VALUES (?1, ?2, ?3)", -1, &st, NULL) != SQLITE_OK)
        die("prepare scan", db);
    t = now_ms();
    for (size_t q = 0; q < n_rows; q++) {
        sqlite3_bind_int64(st, 1, rows[q].venue);
        sqlite3_bind_int64(st, 2, T0 + rows[q].at);
        sqlite3_bind_int64(st, 3, rows[q].person);
        if (sqlite3_step(st) != SQLITE_DONE)
            die("insert scan", db);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    exec(db, "COMMIT");
    fprintf(stderr, "bench_tracing: inserted in %.1f s (%.2f M rows/s)\n",
            (now_ms() - t) / 1e3, n_rows / ((now_ms() - t) * 1e3));
    t = now_ms();
    exec(db, "CREATE INDEX scan_person ON scan(person_id, at_utc)");
    fprintf(stderr, "bench_tracing: index scan_person in %.1f s\n", (now_ms() - t) / 1e3);
    exec(db, "PRAGMA journal_mode = WAL");
    sqlite3_close(db);
    printf("people %u households %u venues %u districts %u days %u scans %zu\n", people,
           n_hh, n_venues, n_dist, days, n_rows);
    return 0;
}

/* --- cases ---------------------------------------------------------------- */

static uint64_t fp_add(uint64_t h, int64_t x)
{
    int i;

    for (i = 0; i < 8; i++) {
        h ^= (uint64_t)(x >> (8 * i)) & 0xff;
        h *= 1099511628211ULL;
    }
    return h;
}

struct cases {
    int64_t *person;
    int n;
    int64_t from, to;
};

static void pick_cases(sqlite3 *db, int n, int window_days, uint64_t seed, struct cases *c)
{
    sqlite3_stmt *st;
    int64_t max_person = 0, max_at = 0;
    int i;

    if (sqlite3_prepare_v2(db, "SELECT (SELECT max(id) FROM person), "
                               "(SELECT max(at_utc) FROM scan INDEXED BY scan_person "
                               "WHERE person_id <= 50)", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        die("cases", db);
    max_person = sqlite3_column_int64(st, 0);
    max_at = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    /* the window: the last window_days whole days of the city */
    c->to = T0 + ((max_at - T0) / DAY + 1) * DAY;
    c->from = c->to - (int64_t)window_days * DAY;
    c->n = n;
    c->person = malloc(n * sizeof(*c->person));
    rng_state = seed * 0x2545F4914F6CDD1DULL + 7;
    for (i = 0; i < n; i++)
        c->person[i] = 1 + (int64_t)(rnd() % (uint64_t)max_person);
}

static int run_engine(const char *path, int n, int window_days, uint64_t seed)
{
    struct lf_err err = LF_ERR_INIT;
    struct store *s = store_open(path, STORE_READONLY, &err);
    struct tracing_rules rules, venue_only;
    struct tracing_index *ix = NULL;
    struct store_tx *tx;
    struct cases c;
    sqlite3 *db;
    double t;
    int i;

    if (!s || sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die(path, NULL);
    pick_cases(db, n, window_days, seed, &c);
    sqlite3_close(db);
    tracing_rules_default(&rules);
    venue_only = rules;
    venue_only.household = 0;
    venue_only.secondary = 0;
    venue_only.vehicle_window_minutes = 0;

    /* the server's index: every whole day up to the window's end */
    t = now_ms();
    if (!(tx = store_begin(s, STORE_READ, &err)) ||
        tracing_index_load(tx, T0, c.to, (size_t)4 << 30, &ix, &err))
        die(err.reason, NULL);
    store_tx_free(tx);
    printf("index_load_ms %.1f index_mb %.1f index_scans %zu\n", now_ms() - t,
           tracing_index_bytes(ix) / 1048576.0, tracing_index_scans(ix));

    for (i = 0; i < c.n; i++) {
        struct contact_proposal_list l;
        uint64_t fp = 14695981039346656037ULL, fp_all = fp;
        double t0, ms, ms_store, ms_venue;
        size_t j, n_all;
        int rep = getenv("BENCH_REPEAT") ? atoi(getenv("BENCH_REPEAT")) : 0;

        tx = store_begin(s, STORE_READ, &err);
        t0 = now_ms();
        if (!tx || tracing_find_with(ix, tx, c.person[i], c.from, c.to, &rules, &l, &err))
            die(err.reason, NULL);
        ms = now_ms() - t0;
        for (; rep > 0; rep--) {               /* for profiling the index path */
            contact_proposal_list_free(&l);
            if (tracing_find_with(ix, tx, c.person[i], c.from, c.to, &rules, &l, &err))
                die(err.reason, NULL);
        }
        n_all = l.n;
        for (j = 0; j < l.n; j++)
            fp_all = fp_add(fp_all, l.items[j].person_id);
        contact_proposal_list_free(&l);
        t0 = now_ms();
        if (getenv("BENCH_INDEX_ONLY")) {    /* for profiling the index path */
            l.n = n_all;
            l.items = NULL;
        } else if (tracing_find(tx, c.person[i], c.from, c.to, &rules, &l, &err)) {
            die(err.reason, NULL);
        }
        ms_store = now_ms() - t0;
        if (l.n != n_all)
            die("with and without the index: not the same proposals", NULL);
        contact_proposal_list_free(&l);
        t0 = now_ms();
        if (tracing_find_with(ix, tx, c.person[i], c.from, c.to, &venue_only, &l, &err))
            die(err.reason, NULL);
        ms_venue = now_ms() - t0;
        for (j = 0; j < l.n; j++)
            fp = fp_add(fp, l.items[j].person_id);
        printf("case %lld %.3f %zu %016llx all %zu %016llx store_ms %.3f venue_ms %.3f\n",
               (long long)c.person[i], ms, l.n, (unsigned long long)fp, n_all,
               (unsigned long long)fp_all, ms_store, ms_venue);
        contact_proposal_list_free(&l);
        store_tx_free(tx);
    }
    printf("rss_mb %.1f\n", rss_mb());
    tracing_index_free(ix);
    store_close(s);
    free(c.person);
    return 0;
}

/* One timed run of a prepared baseline statement for case i: its first
 * column is the person; the fingerprint is of those ids in row order. */
static double time_sql(sqlite3 *db, sqlite3_stmt *st, const struct cases *c, int i,
                       const struct tracing_rules *rules, int64_t longest, size_t *got,
                       uint64_t *fp)
{
    double t0 = now_ms();
    int rc;

    *fp = 14695981039346656037ULL;
    *got = 0;
    exec(db, "BEGIN");
    sqlite3_bind_int64(st, 1, c->person[i]);
    sqlite3_bind_int64(st, 2, c->from);
    sqlite3_bind_int64(st, 3, c->to);
    sqlite3_bind_int64(st, 4, (int64_t)rules->min_overlap_minutes * 60);
    sqlite3_bind_int64(st, 5, longest);
    sqlite3_bind_int64(st, 6, (int64_t)rules->vehicle_window_minutes * 60);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *fp = fp_add(*fp, sqlite3_column_int64(st, 0));
        (*got)++;
    }
    if (rc != SQLITE_DONE)
        die("baseline", db);
    sqlite3_reset(st);
    exec(db, "COMMIT");
    return now_ms() - t0;
}

static int run_sql(const char *path, int n, int window_days, uint64_t seed, int venue_bound)
{
    struct tracing_rules rules;
    struct cases c;
    sqlite3 *db;
    sqlite3_stmt *st_venue, *st_all;
    char stays[1024], me[4096], pairs[1024], q_venue[8192], q_all[8192];
    const int *types;
    size_t n_types, k, len = 0;
    int64_t longest;
    int i;

    tracing_rules_default(&rules);
    longest = (int64_t)tracing_longest_stay_minutes(&rules) * 60;
    /* the stay of each type, as a CASE expression */
    types = venue_types(&n_types);
    len += snprintf(stays + len, sizeof(stays) - len, "CASE v.type");
    for (k = 0; k < n_types; k++)
        len += snprintf(stays + len, sizeof(stays) - len, " WHEN %d THEN %d", types[k],
                        venue_type_stay_minutes(types[k]) * 60);
    snprintf(stays + len, sizeof(stays) - len, " ELSE %d END",
             venue_type_stay_minutes(0) * 60);
    /* me: the index person's stays clipped to [?2, ?3); pairs: every scan
     * at the venue whose stay can overlap, a range of the clustered key */
    snprintf(me, sizeof(me),
             "me AS (SELECT s.venue_id, %s AS len, max(s.at_utc, ?2) AS c0, "
             "min(s.at_utc + %s, ?3) AS c1 FROM scan s JOIN venue v ON v.id = s.venue_id "
             "WHERE s.person_id = ?1 AND s.at_utc >= ?2 - ?5 AND s.at_utc < ?3)",
             stays, stays);
    snprintf(pairs, sizeof(pairs),
             "FROM me JOIN scan s2 ON s2.venue_id = me.venue_id AND "
             "s2.at_utc >= me.c0 - %s AND s2.at_utc <= me.c1 WHERE me.c1 > me.c0 AND "
             "s2.person_id <> ?1 AND "
             "min(me.c1, s2.at_utc + me.len) - max(me.c0, s2.at_utc) >= ?4",
             venue_bound ? "me.len" : "?5");
    /* the venue contacts, with their longest overlap and count */
    snprintf(q_venue, sizeof(q_venue),
             "WITH %s SELECT s2.person_id, max(min(me.c1, s2.at_utc + me.len) - "
             "max(me.c0, s2.at_utc)), count(*) %s GROUP BY s2.person_id "
             "ORDER BY s2.person_id", me, pairs);
    /* every rule: close contacts (venue, household, vehicle: the index
     * person's checks of a plate, then every check of that plate within
     * ?6 seconds), then the household members of the close contacts who
     * are not close contacts themselves (secondary) */
    snprintf(q_all, sizeof(q_all),
             "WITH %s, "
             "mine AS (SELECT k.at_utc, p.plate FROM pass p JOIN pass_check k "
             "ON k.pass_id = p.id WHERE (p.person_id = ?1 OR p.id_number = "
             "(SELECT id_number FROM person WHERE id = ?1)) AND p.plate <> '' AND "
             "k.at_utc >= ?2 AND k.at_utc < ?3), "
             "c AS MATERIALIZED (SELECT s2.person_id AS pid %s "
             "UNION SELECT id FROM person WHERE household_id = "
             "(SELECT household_id FROM person WHERE id = ?1) "
             "UNION SELECT ifnull(p.person_id, (SELECT id FROM person WHERE "
             "id_number = p.id_number)) FROM mine m JOIN pass p ON p.plate = m.plate "
             "JOIN pass_check k ON k.pass_id = p.id AND k.at_utc >= m.at_utc - ?6 AND "
             "k.at_utc <= m.at_utc + ?6 WHERE ?6 > 0), "
             "cc AS MATERIALIZED (SELECT pid FROM c WHERE pid IS NOT NULL AND pid <> ?1) "
             "SELECT pid, 0 FROM cc UNION ALL "
             "SELECT DISTINCT p2.id, 1 FROM cc JOIN person p1 ON p1.id = cc.pid "
             "JOIN person p2 ON p2.household_id = p1.household_id "
             "WHERE p2.id <> ?1 AND p2.id NOT IN (SELECT pid FROM cc) ORDER BY 2, 1",
             me, pairs);
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die(path, db);
    /* the product's connection settings (src/store/sqlite.c) */
    exec(db, "PRAGMA temp_store = MEMORY");
    exec(db, "PRAGMA cache_size = -65536");
    pick_cases(db, n, window_days, seed, &c);
    if (getenv("BENCH_SQL_PLAN")) {          /* for checking the plans */
        printf("%s\n\n%s\n", q_venue, q_all);
        return 0;
    }
    if (sqlite3_prepare_v2(db, q_venue, -1, &st_venue, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, q_all, -1, &st_all, NULL) != SQLITE_OK)
        die("prepare baseline", db);
    for (i = 0; i < c.n; i++) {
        uint64_t fp_all, fp_venue;
        size_t n_all, n_venue;
        double ms_all = time_sql(db, st_all, &c, i, &rules, longest, &n_all, &fp_all);
        double ms_venue = time_sql(db, st_venue, &c, i, &rules, longest, &n_venue,
                                   &fp_venue);
        printf("case %lld %.3f %zu %016llx all %zu %016llx venue_ms %.3f\n",
               (long long)c.person[i], ms_all, n_venue, (unsigned long long)fp_venue,
               n_all, (unsigned long long)fp_all, ms_venue);
    }
    printf("rss_mb %.1f\n", rss_mb());
    sqlite3_finalize(st_venue);
    sqlite3_finalize(st_all);
    sqlite3_close(db);
    free(c.person);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "gen") == 0)
        return gen(argv[2], (uint32_t)atol(argv[3]), (uint32_t)atol(argv[4]),
                   (uint64_t)atoll(argv[5]));
    if (argc == 6 && strcmp(argv[1], "engine") == 0)
        return run_engine(argv[2], atoi(argv[3]), atoi(argv[4]), (uint64_t)atoll(argv[5]));
    if ((argc == 6 || argc == 7) && strcmp(argv[1], "sql") == 0)
        return run_sql(argv[2], atoi(argv[3]), atoi(argv[4]), (uint64_t)atoll(argv[5]),
                       argc == 7 && strcmp(argv[6], "venue") == 0);
    fprintf(stderr, "usage: bench_tracing gen DB PEOPLE DAYS SEED\n"
                    "       bench_tracing engine DB CASES WINDOW_DAYS SEED\n"
                    "       bench_tracing sql DB CASES WINDOW_DAYS SEED [venue]\n");
    return 2;
}
