/*
 * cmd_demo.c - lianfang demo --db FILE --division CODE [--seed S]
 *               [--population N] [--days D] [--outbreak K] [--force]
 *
 * A demo city to look at and to test against: the division's real tree,
 * communities and grids under every town (names and counts deterministic
 * for a seed), one account of each working role at a sensible node, and a
 * synthetic population of N persons (default 20,000; 0 for none) in the
 * grids (synth.h), and its movement over D days ending now (default 0,
 * none: the API tests expect a city without venues; `make demo` asks for
 * 3): venues with codes, scans, checkpoints and passes (synth_move.h);
 * with --outbreak K, an outbreak from K seeds spreading over those scans
 * and households, its truth in the table infection.
 * There are no default passwords: one is drawn at random for this
 * database and printed once, with the accounts.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

#include "cli/cli.h"
#include "core/node.h"
#include "sim/synth.h"
#include "sim/synth_move.h"
#include "core/user.h"
#include "util/timeutil.h"
#include "util/mask.h"
#include "util/banned.h"

static uint64_t rng_next(uint64_t *s)     /* splitmix64 */
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static const char *const name_heads[] = {
    "幸福", "和平", "建设", "新华", "东关", "西街", "南苑", "北坛", "文昌", "花园",
    "沁园", "济水", "梨林", "五龙", "天坛", "荆梁", "宏达", "御驾", "北海", "玉泉",
    "双桥", "柳林", "桃园", "杏坛", "石牛", "河口", "前进", "光明", "团结", "朝阳",
};
static const char *const grid_ordinals[] = { "一", "二", "三", "四", "五", "六" };

static int make_tree(struct lf_ctx *ctx, const struct lf_who *who, const char *root,
                     uint64_t seed, char *first_town, char *first_comm,
                     char *first_grid, long *n_comm, long *n_grid, struct lf_err *err)
{
    struct node parent, made, cmade;
    struct node_list towns, counties;
    size_t t, c;
    int k, g;

    *n_comm = *n_grid = 0;
    if (node_children(ctx, who, root, &parent, &towns, err))
        return -1;
    /* a city root has counties below it: descend one more level */
    if (towns.n && towns.items[0].kind == NODE_COUNTY) {
        counties = towns;
        if (node_children(ctx, who, counties.items[0].code, &parent, &towns, err)) {
            node_list_free(&counties);
            return -1;
        }
        node_list_free(&counties);
    }
    for (t = 0; t < towns.n; t++) {
        int n_c = 2 + (int)(rng_next(&seed) % 4);
        uint64_t pick = rng_next(&seed);
        for (k = 0; k < n_c; k++) {
            char name[64];
            struct node_in in = { NULL, "community", name, towns.items[t].code };
            const char *head = name_heads[(pick + (uint64_t)k * 7) %
                                          (sizeof(name_heads) / sizeof(name_heads[0]))];
            snprintf(name, sizeof(name), "%s%s", head, (k + t) % 3 == 2 ? "村" : "社区");
            if (node_create(ctx, who, &in, &made, err))
                goto fail;
            (*n_comm)++;
            for (g = 0; g < 2 + (int)(rng_next(&seed) % 3); g++) {
                char gname[64];
                struct node_in gin = { NULL, "grid", gname, made.code };
                snprintf(gname, sizeof(gname), "第%s网格", grid_ordinals[g]);
                if (node_create(ctx, who, &gin, &cmade, err))
                    goto fail;
                (*n_grid)++;
                if (!first_grid[0])
                    snprintf(first_grid, NODE_CODE_MAX, "%s", cmade.code);
            }
            if (!first_comm[0])
                snprintf(first_comm, NODE_CODE_MAX, "%s", made.code);
        }
        if (!first_town[0])
            snprintf(first_town, NODE_CODE_MAX, "%s", towns.items[t].code);
    }
    c = towns.n;
    node_list_free(&towns);
    return c ? 0 : lf_err_set(err, LF_ERR_INVALID, "division", "has no towns below it");
fail:
    node_list_free(&towns);
    return -1;
}

/* A whole number option from 0 to max; def when not given. */
static int parse_count(const char *s, const char *field, long def, long max, long *out,
                       struct lf_err *err)
{
    char *end;
    long v;

    *out = def;
    if (!s)
        return 0;
    errno = 0;
    v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < 0 || v > max)
        return lf_err_set(err, LF_ERR_INVALID, field, "must be a whole number from 0 to %ld",
                          max);
    *out = v;
    return 0;
}

/* The population of the demo city, after its tree and accounts. */
static int make_population(struct lf_ctx *ctx, const struct lf_who *who, long population,
                           uint64_t seed, const char *divisions_dir, struct lf_err *err)
{
    struct synth_params sp = { who->node, population, seed, 0, divisions_dir };
    struct synth_stats st;
    uint64_t t0 = time_mono_ms();

    if (population == 0)
        return 0;
    /* today in the deployment's zone (Asia/Shanghai) */
    sp.today_days = lf_today_days(ctx);
    if (synth_population(ctx, who, &sp, &st, err))
        return -1;
    printf("population: %ld persons in %ld households, %ld floating, %ld arrivals "
           "(%.1f s)\n", st.persons, st.households, st.floating, st.arrivals,
           (double)(time_mono_ms() - t0) / 1000.0);
    return 0;
}

/* Venues, scans, checkpoints and passes of the demo city's persons. */
static int make_movement(struct lf_ctx *ctx, const struct lf_who *who, long days,
                         uint64_t seed, struct lf_err *err)
{
    struct synth_move_params mp = { who->node, (int)days, seed };
    struct synth_move_stats st;
    uint64_t t0 = time_mono_ms();
    double elapsed;

    if (days == 0)
        return 0;
    if (synth_movement(ctx, who, &mp, &st, err))
        return -1;
    elapsed = (double)(st.to_utc - st.from_utc) / 86400.0;
    printf("movement: %ld venues, %ld scans of %ld persons over %ld days "
           "(%.1f a person a day of %.1f elapsed), %ld checkpoints, %ld passes in %ld vehicles (%.1f s)\n",
           st.venues, st.scans, st.persons, days,
           elapsed > 0 && st.persons ? (double)st.scans / (double)st.persons / elapsed : 0.0,
           elapsed,
           st.checkpoints, st.passes, st.vehicles, (double)(time_mono_ms() - t0) / 1000.0);
    return 0;
}

/* The outbreak over the movement: K seeds on the first day. */
static int make_outbreak(struct lf_ctx *ctx, const struct lf_who *who, long days, long seeds,
                         uint64_t seed, struct lf_err *err)
{
    struct synth_outbreak_params op = { who->node, (int)days, seed, seeds };
    struct synth_outbreak_stats st;
    uint64_t t0 = time_mono_ms();
    long n_cases, n_linked;

    if (seeds == 0)
        return 0;
    if (days == 0)
        return lf_err_set(err, LF_ERR_INVALID, "outbreak", "needs --days of movement");
    if (synth_outbreak(ctx, who, &op, &st, err))
        return -1;
    printf("outbreak: %ld infections from %ld seeds (%ld at venues, %ld in households), "
           "%ld with onset, %ld detected so far (%.1f s)\n", st.infections, st.seeds,
           st.by_venue, st.by_household, st.symptomatic, st.detected,
           (double)(time_mono_ms() - t0) / 1000.0);
    t0 = time_mono_ms();
    if (synth_cases(ctx, who, &n_cases, &n_linked, err))
        return -1;
    printf("cases: %ld reported from the detected infections, %ld linked to their source "
           "case (%.1f s)\n", n_cases, n_linked, (double)(time_mono_ms() - t0) / 1000.0);
    return 0;
}

static void random_password(char *out, size_t n)
{
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    size_t i;

    for (i = 0; i + 1 < n; i++)
        out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
    out[n - 1] = '\0';
}

int cmd_demo(int argc, char **argv)
{
    static const char *const opts[] = { "--db", "--division", "--seed", "--divisions",
                                        "--population", "--days", "--outbreak", "--force!",
                                        NULL };
    static const char usage[] = "demo --db FILE --division CODE [--seed S] "
                                "[--population N] [--days D] [--outbreak K] [--force] "
                                "[--divisions DIR]";
    const char *db = cli_opt(argc, argv, "--db");
    const char *division = cli_opt(argc, argv, "--division");
    char shown[512];
    const char *seed_s = cli_opt(argc, argv, "--seed");
    uint64_t seed = seed_s ? strtoull(seed_s, NULL, 10) : 1;
    struct lf_err err = LF_ERR_INIT;
    struct lf_ctx ctx;
    struct lf_who who;
    char town[NODE_CODE_MAX] = "", comm[NODE_CODE_MAX] = "", grid[NODE_CODE_MAX] = "";
    char password[15], path[4200];
    long n_comm, n_grid, population, days, outbreak;
    size_t i;
    int rc = cli_check_opts("demo", argc, argv, opts, usage);
    struct {
        const char *name, *role, *node, *display;
    } accounts[] = {
        { "command", "command", NULL, "指挥部值班员" },
        { "town", "town_officer", town, "街道干部" },
        { "community", "community_officer", comm, "社区干部" },
        { "grid", "grid_worker", grid, "网格员" },
        { "cdc", "epidemiologist", NULL, "疾控流调员" },
        { "auditor", "auditor", NULL, "安全审计员" },
    };

    if (rc)
        return rc;
    if (!db || !division) {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    if (parse_count(cli_opt(argc, argv, "--population"), "population", 20000,
                    SYNTH_POPULATION_MAX, &population, &err) ||
        parse_count(cli_opt(argc, argv, "--days"), "days", 0, SYNTH_DAYS_MAX, &days, &err) ||
        parse_count(cli_opt(argc, argv, "--outbreak"), "outbreak", 0, 10000, &outbreak, &err))
        return cli_fail("demo", &err);
    if (access(db, F_OK) == 0) {
        static const char *const suffixes[] = { "", "-wal", "-shm" };
        if (!cli_flag(argc, argv, "--force")) {
            lf_err_set(&err, LF_ERR_CONFLICT, "db", "%s exists; give --force to replace it", db);
            return cli_fail("demo", &err);
        }
        for (i = 0; i < 3; i++) {
            snprintf(path, sizeof(path), "%s%s", db, suffixes[i]);
            unlink(path);
        }
    }
    random_password(password, sizeof(password));
    if (cli_init_db(db, division, cli_divisions_dir(argc, argv), "admin", password, &ctx,
                    &who, &err) ||
        make_tree(&ctx, &who, who.node, seed, town, comm, grid, &n_comm, &n_grid, &err))
        goto fail;
    for (i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++) {
        struct user_in in = { accounts[i].name, accounts[i].display, accounts[i].role,
                              accounts[i].node ? accounts[i].node : who.node, password };
        struct user u;
        if (user_create(&ctx, &who, &in, &u, &err))
            goto fail;
    }
    printf("demo city %s in %s: %ld communities, %ld grids\n", who.node,
           mask_db_url(db, shown, sizeof(shown)), n_comm, n_grid);
    fflush(stdout);
    if (make_population(&ctx, &who, population, seed, cli_divisions_dir(argc, argv), &err) ||
        (population > 0 && (make_movement(&ctx, &who, days, seed, &err) ||
                            make_outbreak(&ctx, &who, days, outbreak, seed, &err))))
        goto fail;
    printf("accounts (password for all: %s)\n", password);
    printf("  %-10s %-18s %s\n", "admin", "admin", who.node);
    for (i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++)
        printf("  %-10s %-18s %s\n", accounts[i].name, accounts[i].role,
               accounts[i].node ? accounts[i].node : who.node);
    fflush(stdout);
    deploy_close(&ctx);
    sodium_memzero(password, sizeof(password));
    return 0;
fail:
    deploy_close(&ctx);
    return cli_fail("demo", &err);
}
