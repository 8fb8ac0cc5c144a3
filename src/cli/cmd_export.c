/*
 * cmd_export.c - lianfang export households|persons --db FILE --node CODE
 *                    --format csv|csv-gb18030|xlsx --out FILE [--masked]
 *
 * The command line is the machine administrator's: its exports carry the
 * full ID numbers and phones (unless --masked), the exporter in the file's
 * first line, and an audit row with the row count.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/ledger.h"
#include "util/sheet.h"
#include "util/banned.h"

int cmd_export(int argc, char **argv)
{
    static const char *const opts[] = { "--db", "--node", "--format", "--out", "--masked!",
                                        NULL };
    static const char usage[] = "export households|persons --db FILE --node CODE "
                                "--format csv|csv-gb18030|xlsx --out FILE [--masked]";
    struct lf_err err = LF_ERR_INIT;
    struct lf_ctx ctx;
    struct lf_who who;
    const char *db, *format, *out, *node;
    enum ledger_export_what what;
    int fmt, rc;
    long n;

    if (argc < 2 || (strcmp(argv[1], "households") && strcmp(argv[1], "persons"))) {
        if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
            printf("usage: lianfang %s\n", usage);
            return 0;
        }
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    what = strcmp(argv[1], "persons") == 0 ? EXPORT_PERSONS : EXPORT_HOUSEHOLDS;
    if ((rc = cli_check_opts("export", argc - 1, argv + 1, opts, usage)))
        return rc;
    db = cli_opt(argc, argv, "--db");
    format = cli_opt(argc, argv, "--format");
    out = cli_opt(argc, argv, "--out");
    node = cli_opt(argc, argv, "--node");
    if (!db || !format || !out) {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    if (strcmp(format, "csv") == 0)
        fmt = SHEET_CSV;
    else if (strcmp(format, "csv-gb18030") == 0)
        fmt = SHEET_CSV_GB18030;
    else if (strcmp(format, "xlsx") == 0)
        fmt = SHEET_XLSX;
    else {
        lf_err_set(&err, LF_ERR_INVALID, "format", "must be csv, csv-gb18030 or xlsx");
        return cli_fail("export", &err);
    }
    if (cli_open(db, 0, &ctx, &who, &err) ||
        ledger_export(&ctx, &who, node, what, fmt, !cli_flag(argc, argv, "--masked"), out, &n,
                      &err)) {
        deploy_close(&ctx);
        return cli_fail("export", &err);
    }
    deploy_close(&ctx);
    fprintf(stderr, "exported %ld %s to %s\n", n, argv[1], out);
    return 0;
}
