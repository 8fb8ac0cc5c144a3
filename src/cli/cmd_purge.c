/*
 * cmd_purge.c - lianfang purge KIND|all --db DB [--days N]
 *
 * Delete what is past its retention (docs/RETENTION.md), for cron once a
 * day: `lianfang purge all` runs every kind with its default period;
 * one KIND may be given a period of its own with --days (never below its
 * shortest). KIND: scans, passes, referrals, arrivals, venues, cases,
 * sessions, audit. Each kind is one transaction, audited with its count;
 * a kind that fails is reported and the others still run (exit 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/scan.h"
#include "core/retention.h"
#include "core/deploy.h"
#include "util/banned.h"

static const char usage[] =
    "purge scans|passes|referrals|arrivals|venues|cases|sessions|audit|all --db DB [--days N]";

/* one kind; days 0: its default */
static int purge_one(struct lf_ctx *ctx, const struct lf_who *who, const char *kind, int days)
{
    struct lf_err err = LF_ERR_INIT;
    const struct retention_rule *rule;
    long deleted;

    if (strcmp(kind, "scans") == 0) {
        if (!days)
            days = SCAN_RETENTION_DAYS;
        if (scan_purge(ctx, who, days, &deleted, &err))
            return cli_fail("purge scans", &err);
    } else {
        rule = retention_find(kind);
        if (!days)
            days = rule->days;
        if (retention_purge(ctx, who, rule, days, &deleted, &err))
            return cli_fail("purge", &err);
    }
    printf("purged %ld %s older than %d days\n", deleted, kind, days);
    return 0;
}

int cmd_purge(int argc, char **argv)
{
    static const char *const opts[] = { "--db", "--days", NULL };
    struct lf_err err = LF_ERR_INIT;
    struct lf_ctx ctx;
    struct lf_who who;
    const char *db, *days_s, *kind = argc >= 2 ? argv[1] : "";
    int days = 0, rc, failed = 0;
    size_t i;

    if (strcmp(kind, "scans") != 0 && strcmp(kind, "all") != 0 && !retention_find(kind)) {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    if ((rc = cli_check_opts("purge", argc - 1, argv + 1, opts, usage)))
        return rc;
    db = cli_opt(argc, argv, "--db");
    if (!db) {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    if ((days_s = cli_opt(argc, argv, "--days"))) {
        char *end;
        long v = strtol(days_s, &end, 10);
        if (strcmp(kind, "all") == 0) {
            fprintf(stderr, "lianfang purge: --days goes with one kind, not all\n");
            return 2;
        }
        days = *end || v < 1 || v > 36500 ? -1 : (int)v;
    }
    if (cli_open(db, 0, &ctx, &who, &err)) {
        deploy_close(&ctx);
        return cli_fail("purge", &err);
    }
    if (strcmp(kind, "all") != 0) {
        failed = purge_one(&ctx, &who, kind, days) != 0;
    } else {
        failed |= purge_one(&ctx, &who, "scans", 0) != 0;
        for (i = 0; i < RETAIN__COUNT; i++)
            failed |= purge_one(&ctx, &who, retention_rules[i].name, 0) != 0;
    }
    deploy_close(&ctx);
    return failed ? 1 : 0;
}
