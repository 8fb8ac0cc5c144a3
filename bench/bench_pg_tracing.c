/*
 * bench_pg_tracing.c - the driver of bench/bench_pg_tracing.sh: close
 * contacts of one case on PostgreSQL, the contact engine against the best
 * plain-SQL form there, on the same database. The PostgreSQL twin of
 * bench_tracing.c (whose city bench_pg_tracing.sh copies into the cluster).
 *
 *   bench_pg_tracing schema URL
 *       the product's schema in the (empty) database URL: store_open with
 *       STORE_CREATE | STORE_MIGRATE, as `lianfang init` would.
 *   bench_pg_tracing engine URL CASES WINDOW_DAYS SEED
 *   bench_pg_tracing sql URL CASES WINDOW_DAYS SEED
 *       the same cases as bench_tracing (same seed, same draw), the same
 *       output lines:
 *         case PERSON MS N_VENUE FP_VENUE all N_ALL FP_ALL ...
 *       engine: tracing_index_load() of every day up to the window's end
 *       from PostgreSQL, then per case tracing_find_with() the index (MS),
 *       tracing_find() through PostgreSQL alone ("store_ms") and the index
 *       with the venue rule alone ("venue_ms"); one read transaction a case
 *       (the product's: REPEATABLE READ, read-only connection). With
 *       BENCH_SKIP_STORE set, tracing_find() is not run (store_ms 0).
 *       sql: bench_tracing's two statements in PostgreSQL's words
 *       (GREATEST/LEAST for SQLite's scalar max/min, COALESCE for ifnull),
 *       prepared once, run with PQexecPrepared in a read transaction of
 *       the same kind; the time is of the statement and its rows reaching
 *       the client (BEGIN and COMMIT are outside it, as store_begin is
 *       outside the engine's).
 *
 * Not part of the tests; bench/bench_pg_tracing.sh builds and runs it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <libpq-fe.h>

#include "core/tracing.h"
#include "core/venue.h"
#include "store/store.h"

#define DAY 86400
/* day 0 of the city: the same as bench_tracing.c */
#define T0 (1793548800LL - 8 * 3600)
#define INT8OID 20

static void die(const char *what, PGconn *c)
{
    fprintf(stderr, "bench_pg_tracing: %s: %s\n", what, c ? PQerrorMessage(c) : "failed");
    exit(1);
}

static void exec(PGconn *c, const char *q)
{
    PGresult *r = PQexec(c, q);

    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        die(q, c);
    PQclear(r);
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

/* xorshift64*, as in bench_tracing.c: the same cases for the same seed */
static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

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

static void pick_cases(PGconn *c0, int n, int window_days, uint64_t seed, struct cases *c)
{
    PGresult *r = PQexec(c0, "SELECT (SELECT max(id) FROM person), "
                             "(SELECT max(at_utc) FROM scan WHERE person_id <= 50)");
    int64_t max_person, max_at;
    int i;

    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
        die("cases", c0);
    max_person = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    max_at = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
    PQclear(r);
    c->to = T0 + ((max_at - T0) / DAY + 1) * DAY;
    c->from = c->to - (int64_t)window_days * DAY;
    c->n = n;
    c->person = malloc(n * sizeof(*c->person));
    rng_state = seed * 0x2545F4914F6CDD1DULL + 7;
    for (i = 0; i < n; i++)
        c->person[i] = 1 + (int64_t)(rnd() % (uint64_t)max_person);
}

static PGconn *connect_or_die(const char *url)
{
    PGconn *c = PQconnectdb(url);

    if (PQstatus(c) != CONNECTION_OK)
        die(url, c);
    return c;
}

static int schema(const char *url)
{
    struct lf_err err = LF_ERR_INIT;
    struct store *s = store_open(url, STORE_CREATE | STORE_MIGRATE, &err);

    if (!s) {
        fprintf(stderr, "bench_pg_tracing: %s\n", err.reason);
        return 1;
    }
    store_close(s);
    return 0;
}

static int run_engine(const char *url, int n, int window_days, uint64_t seed)
{
    struct lf_err err = LF_ERR_INIT;
    struct store *s = store_open(url, STORE_READONLY, &err);
    struct tracing_rules rules, venue_only;
    struct tracing_index *ix = NULL;
    struct store_tx *tx;
    struct cases c;
    PGconn *pc;
    double t;
    int i;

    if (!s)
        die(err.reason, NULL);
    pc = connect_or_die(url);
    pick_cases(pc, n, window_days, seed, &c);
    PQfinish(pc);
    tracing_rules_default(&rules);
    venue_only = rules;
    venue_only.household = 0;
    venue_only.secondary = 0;
    venue_only.vehicle_window_minutes = 0;

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

        tx = store_begin(s, STORE_READ, &err);
        t0 = now_ms();
        if (!tx || tracing_find_with(ix, tx, c.person[i], c.from, c.to, &rules, &l, &err))
            die(err.reason, NULL);
        ms = now_ms() - t0;
        n_all = l.n;
        for (j = 0; j < l.n; j++)
            fp_all = fp_add(fp_all, l.items[j].person_id);
        contact_proposal_list_free(&l);
        t0 = now_ms();
        if (getenv("BENCH_SKIP_STORE")) {        /* a later round: index only */
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

/* One timed run of prepared statement NAME for case i: its first column is
 * the person; the fingerprint is of those ids in row order. */
static double time_sql(PGconn *pc, const char *name, const struct cases *c, int i,
                       const struct tracing_rules *rules, int64_t longest, size_t *got,
                       uint64_t *fp)
{
    char v[6][24];
    const char *vals[6];
    PGresult *r;
    double t0, ms;
    int k, n;

    snprintf(v[0], sizeof(v[0]), "%lld", (long long)c->person[i]);
    snprintf(v[1], sizeof(v[1]), "%lld", (long long)c->from);
    snprintf(v[2], sizeof(v[2]), "%lld", (long long)c->to);
    snprintf(v[3], sizeof(v[3]), "%lld", (long long)rules->min_overlap_minutes * 60);
    snprintf(v[4], sizeof(v[4]), "%lld", (long long)longest);
    snprintf(v[5], sizeof(v[5]), "%lld", (long long)rules->vehicle_window_minutes * 60);
    for (k = 0; k < 6; k++)
        vals[k] = v[k];
    exec(pc, "BEGIN ISOLATION LEVEL REPEATABLE READ");
    t0 = now_ms();
    r = PQexecPrepared(pc, name, 6, vals, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        die("baseline", pc);
    *fp = 14695981039346656037ULL;
    n = PQntuples(r);
    for (k = 0; k < n; k++)
        *fp = fp_add(*fp, strtoll(PQgetvalue(r, k, 0), NULL, 10));
    *got = (size_t)n;
    ms = now_ms() - t0;
    PQclear(r);
    exec(pc, "COMMIT");
    return ms;
}

static int run_sql(const char *url, int n, int window_days, uint64_t seed)
{
    static const Oid types[6] = { INT8OID, INT8OID, INT8OID, INT8OID, INT8OID, INT8OID };
    struct tracing_rules rules;
    struct cases c;
    PGconn *pc;
    PGresult *r;
    char stays[1024], me[4096], pairs[1024], q_venue[8192], q_all[8192];
    const int *vt;
    size_t n_types, k, len = 0;
    int64_t longest;
    int i;

    tracing_rules_default(&rules);
    longest = (int64_t)tracing_longest_stay_minutes(&rules) * 60;
    vt = venue_types(&n_types);
    len += snprintf(stays + len, sizeof(stays) - len, "CASE v.type");
    for (k = 0; k < n_types; k++)
        len += snprintf(stays + len, sizeof(stays) - len, " WHEN %d THEN %d", vt[k],
                        venue_type_stay_minutes(vt[k]) * 60);
    snprintf(stays + len, sizeof(stays) - len, " ELSE %d END",
             venue_type_stay_minutes(0) * 60);
    /* bench_tracing.c's statements, word for word but for the dialect */
    snprintf(me, sizeof(me),
             "me AS (SELECT s.venue_id, %s AS len, GREATEST(s.at_utc, $2) AS c0, "
             "LEAST(s.at_utc + %s, $3) AS c1 FROM scan s JOIN venue v ON v.id = s.venue_id "
             "WHERE s.person_id = $1 AND s.at_utc >= $2 - $5 AND s.at_utc < $3)",
             stays, stays);
    snprintf(pairs, sizeof(pairs),
             "FROM me JOIN scan s2 ON s2.venue_id = me.venue_id AND "
             "s2.at_utc >= me.c0 - $5 AND s2.at_utc <= me.c1 WHERE me.c1 > me.c0 AND "
             "s2.person_id <> $1 AND "
             "LEAST(me.c1, s2.at_utc + me.len) - GREATEST(me.c0, s2.at_utc) >= $4");
    snprintf(q_venue, sizeof(q_venue),
             "WITH %s SELECT s2.person_id, max(LEAST(me.c1, s2.at_utc + me.len) - "
             "GREATEST(me.c0, s2.at_utc)), count(*) %s GROUP BY s2.person_id "
             "ORDER BY s2.person_id", me, pairs);
    snprintf(q_all, sizeof(q_all),
             "WITH %s, "
             "mine AS (SELECT k.at_utc, p.plate FROM pass p JOIN pass_check k "
             "ON k.pass_id = p.id WHERE (p.person_id = $1 OR p.id_number = "
             "(SELECT id_number FROM person WHERE id = $1)) AND p.plate <> '' AND "
             "k.at_utc >= $2 AND k.at_utc < $3), "
             "c AS MATERIALIZED (SELECT s2.person_id AS pid %s "
             "UNION SELECT id FROM person WHERE household_id = "
             "(SELECT household_id FROM person WHERE id = $1) "
             "UNION SELECT COALESCE(p.person_id, (SELECT id FROM person WHERE "
             "id_number = p.id_number)) FROM mine m JOIN pass p ON p.plate = m.plate "
             "JOIN pass_check k ON k.pass_id = p.id AND k.at_utc >= m.at_utc - $6 AND "
             "k.at_utc <= m.at_utc + $6 WHERE $6 > 0), "
             "cc AS MATERIALIZED (SELECT pid FROM c WHERE pid IS NOT NULL AND pid <> $1) "
             "SELECT pid, 0 FROM cc UNION ALL "
             "(SELECT DISTINCT p2.id, 1 FROM cc JOIN person p1 ON p1.id = cc.pid "
             "JOIN person p2 ON p2.household_id = p1.household_id "
             "WHERE p2.id <> $1 AND p2.id NOT IN (SELECT pid FROM cc)) ORDER BY 2, 1",
             me, pairs);
    if (getenv("BENCH_SQL_PLAN")) {          /* for EXPLAIN */
        printf("%s\n\n%s\n", q_venue, q_all);
        return 0;
    }
    pc = connect_or_die(url);
    /* the product's reader connection settings (db_pgconn.c) */
    exec(pc, "SET lock_timeout = '5s'; SET default_transaction_read_only = on");
    if (getenv("BENCH_PG_SET"))              /* e.g. "SET jit = off" */
        exec(pc, getenv("BENCH_PG_SET"));
    pick_cases(pc, n, window_days, seed, &c);
    r = PQprepare(pc, "q_venue", q_venue, 6, types);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        die("prepare q_venue", pc);
    PQclear(r);
    r = PQprepare(pc, "q_all", q_all, 6, types);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        die("prepare q_all", pc);
    PQclear(r);
    for (i = 0; i < c.n; i++) {
        uint64_t fp_all, fp_venue;
        size_t n_all, n_venue;
        double ms_all = time_sql(pc, "q_all", &c, i, &rules, longest, &n_all, &fp_all);
        double ms_venue = time_sql(pc, "q_venue", &c, i, &rules, longest, &n_venue,
                                   &fp_venue);
        printf("case %lld %.3f %zu %016llx all %zu %016llx venue_ms %.3f\n",
               (long long)c.person[i], ms_all, n_venue, (unsigned long long)fp_venue,
               n_all, (unsigned long long)fp_all, ms_venue);
    }
    printf("rss_mb %.1f\n", rss_mb());
    PQfinish(pc);
    free(c.person);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "schema") == 0)
        return schema(argv[2]);
    if (argc == 6 && strcmp(argv[1], "engine") == 0)
        return run_engine(argv[2], atoi(argv[3]), atoi(argv[4]), (uint64_t)atoll(argv[5]));
    if (argc == 6 && strcmp(argv[1], "sql") == 0)
        return run_sql(argv[2], atoi(argv[3]), atoi(argv[4]), (uint64_t)atoll(argv[5]));
    fprintf(stderr, "usage: bench_pg_tracing schema URL\n"
                    "       bench_pg_tracing engine URL CASES WINDOW_DAYS SEED\n"
                    "       bench_pg_tracing sql URL CASES WINDOW_DAYS SEED\n");
    return 2;
}
