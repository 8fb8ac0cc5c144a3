/*
 * cmd_audit.c - lianfang audit person ID_NUMBER --db DB
 *
 * Everyone who saw a person (谁查看过此人): one line per read that named
 * them, newest first: when (Beijing time), who (user and role), from which
 * address, through which action and record. The person is found by the
 * keyed hash of the number (core/audit.h), so reads of persons since
 * purged from the ledger, and searches by that number that found nobody,
 * are listed too. The lookup is itself audited, as the system.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "util/timeutil.h"
#include "util/banned.h"

static const char usage[] = "audit person ID_NUMBER --db DB";

static int audit_person_cmd(int argc, char **argv)
{
    static const char *const opts[] = { "--db", NULL };
    struct lf_err err = LF_ERR_INIT;
    struct audit_list list;
    struct lf_ctx ctx;
    struct lf_who who;
    const char *db;
    char t[40];
    size_t i;
    int rc;

    if ((rc = cli_check_opts("audit", argc - 2, argv + 2, opts, usage)))
        return rc;
    if (argc < 3 || argv[2][0] == '-' || !(db = cli_opt(argc, argv, "--db"))) {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    if (cli_open(db, 0, &ctx, &who, &err))
        return cli_fail("audit", &err);
    rc = audit_person(&ctx, &who, argv[2], 0, &list, &err);
    deploy_close(&ctx);
    if (rc)
        return cli_fail("audit", &err);
    printf("time\tuser\trole\taddress\taction\trecord\n");
    for (i = 0; i < list.n; i++) {
        const struct audit_entry *a = &list.items[i];
        printf("%s\t%s\t%s\t%s\t%s\t%s\n", time_format_iso(a->at_utc, t, sizeof(t)),
               a->username[0] ? a->username : "-", a->role[0] ? a->role : "-",
               a->addr[0] ? a->addr : "-", a->action, a->record[0] ? a->record : "-");
    }
    fprintf(stderr, "%zu read(s) of this person\n", list.n);
    audit_list_free(&list);
    return 0;
}

int cmd_audit(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "person") == 0)
        return audit_person_cmd(argc, argv);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: lianfang %s\n", usage);
        return 0;
    }
    fprintf(stderr, "usage: lianfang %s\n", usage);
    return 2;
}
