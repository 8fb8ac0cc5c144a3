/*
 * cmd_purge.c - lianfang purge scans --db DB [--days N]
 *
 * Delete what is past its retention, for cron: scans older than N days
 * (default 28, the retention of scan.h); audited with the count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/scan.h"
#include "core/deploy.h"
#include "util/banned.h"

int cmd_purge(int argc, char **argv)
{
    static const char *const opts[] = { "--db", "--days", NULL };
    static const char usage[] = "purge scans --db DB [--days N]";
    struct lf_err err = LF_ERR_INIT;
    struct lf_ctx ctx;
    struct lf_who who;
    const char *db, *days_s;
    long deleted;
    int days = SCAN_RETENTION_DAYS, rc;

    if (argc < 2 || strcmp(argv[1], "scans") != 0) {
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
        days = *end || v < 1 || v > 3650 ? -1 : (int)v;
    }
    if (cli_open(db, 0, &ctx, &who, &err) || scan_purge(&ctx, &who, days, &deleted, &err)) {
        deploy_close(&ctx);
        return cli_fail("purge", &err);
    }
    deploy_close(&ctx);
    printf("purged %ld scans older than %d days\n", deleted, days);
    return 0;
}
