/*
 * cmd_tracing.c - lianfang tracing rules --db DB [--set "name=value ..."]
 *
 * The deployment's contact-tracing rules (docs/TRACING.md): printed one
 * "name=value" a line; with --set, the named rules changed first (all or
 * nothing, audited as the system) and then printed. Every later proposal
 * of contacts uses them, on a running server too.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/case.h"
#include "core/contact.h"
#include "core/tracing.h"
#include "util/banned.h"

static const char usage[] = "tracing rules --db DB [--set \"name=value ...\"]";

static int tracing_rules(int argc, char **argv)
{
    static const char *const opts[] = { "--db", "--set", NULL };
    struct lf_err err = LF_ERR_INIT;
    struct tracing_rules r;
    char text[TRACING_RULES_TEXT_MAX + 1], *p;
    struct lf_ctx ctx;
    struct lf_who who;
    const char *db, *set;
    int rc;

    if ((rc = cli_check_opts("tracing", argc - 1, argv + 1, opts, usage)))
        return rc;
    if (!(db = cli_opt(argc, argv, "--db"))) {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    set = cli_opt(argc, argv, "--set");
    if (cli_open(db, 0, &ctx, &who, &err))
        return cli_fail("tracing", &err);
    rc = set ? case_tracing_rules_set(&ctx, &who, set, &r, &err)
             : case_tracing_rules_get(&ctx, &r, &err);
    deploy_close(&ctx);
    if (rc)
        return cli_fail("tracing", &err);
    tracing_rules_format(&r, text, sizeof(text));
    for (p = text; *p; p++)
        if (*p == ' ')
            *p = '\n';
    printf("%s\n", text);
    return 0;
}

int cmd_tracing(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "rules") == 0)
        return tracing_rules(argc, argv);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: lianfang %s\n", usage);
        return 3;
    }
    fprintf(stderr, "usage: lianfang %s\n", usage);
    return 2;
}
