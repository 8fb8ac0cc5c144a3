/*
 * cmd_backup.c - lianfang backup --db DB --out FILE
 *                lianfang restore --db DB --from FILE
 *
 * A consistent copy of a city that may be running, and the way back
 * (deploy_backup(), deploy_restore()): on SQLite a database file made by the
 * online backup API, on PostgreSQL a pg_dump archive (docs/OPERATIONS.md:
 * base backups and WAL archiving for point-in-time recovery). The copy
 * holds every person of the ledger, so taking it is an access like any
 * other: the audit log gets "db.backup" before the copy is taken (so the
 * copy has it too) and "db.restore" in the restored database. A restore
 * goes to a new file or an empty database only, never over a city; the
 * copy is then opened as any database is (schema version, integrity).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/deploy.h"
#include "util/banned.h"

int cmd_backup(int argc, char **argv)
{
    static const char *const opts[] = { "--db", "--out", NULL };
    static const char usage[] = "backup --db DB --out FILE";
    const char *db = cli_opt(argc, argv, "--db"), *out = cli_opt(argc, argv, "--out");
    struct lf_err err = LF_ERR_INIT;
    int rc = cli_check_opts("backup", argc, argv, opts, usage);

    if (rc)
        return rc;
    if (!db || !out) {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    if (deploy_backup(db, out, &err))
        return cli_fail("backup", &err);
    printf("backed up to %s\n", out);
    return 0;
}

int cmd_restore(int argc, char **argv)
{
    static const char *const opts[] = { "--db", "--from", NULL };
    static const char usage[] = "restore --db DB --from FILE";
    const char *db = cli_opt(argc, argv, "--db"), *from = cli_opt(argc, argv, "--from");
    struct lf_err err = LF_ERR_INIT;
    int rc = cli_check_opts("restore", argc, argv, opts, usage);

    if (rc)
        return rc;
    if (!db || !from) {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    if (deploy_restore(db, from, &err))
        return cli_fail("restore", &err);
    printf("restored from %s; integrity check ok\n", from);
    return 0;
}
