/*
 * cmd_init.c - lianfang init --db FILE --division CODE --admin NAME
 *              --password-file F [--divisions DIR] [--strict-passwords]
 *
 * Creates the database, loads the division's real tree, makes the
 * deployment's secret and the first administrator. The password comes
 * from a file or stdin ("-"), never from an argument (which any user of
 * the machine can read in the process list).
 */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/user.h"
#include "util/mask.h"
#include "util/banned.h"

int cli_init_db(const char *db, const char *division, const char *dir,
                const char *admin, const char *password, struct lf_ctx *ctx,
                struct lf_who *who, struct lf_err *err)
{
    struct user u;
    struct user_in in = { admin, "系统管理员", "admin", NULL, password };
    char path[4200];
    int existed = access(db, F_OK) == 0;

    memset(ctx, 0, sizeof(*ctx));
    memset(who, 0, sizeof(*who));
    /* the password is checked before anything is written */
    if (user_check_password(ctx, password, "password", err))
        return -1;
    if (deploy_create(ctx, db, division, dir, err))
        goto fail;
    deploy_system_who(ctx, who);
    in.node = ctx->root;
    if (user_create(ctx, who, &in, &u, err))
        goto fail;
    return 0;
fail:
    deploy_close(ctx);
    if (!existed) {
        /* a failed init leaves nothing behind that looks like a database */
        static const char *const suffixes[] = { "", "-wal", "-shm" };
        size_t i;
        for (i = 0; i < 3; i++) {
            snprintf(path, sizeof(path), "%s%s", db, suffixes[i]);
            unlink(path);
        }
    }
    return -1;
}

int cmd_init(int argc, char **argv)
{
    static const char *const opts[] = { "--db", "--division", "--admin", "--password-file",
                                        "--divisions", "--strict-passwords!", NULL };
    static const char usage[] =
        "init --db FILE --division CODE --admin NAME --password-file F|- "
        "[--divisions DIR] [--strict-passwords]";
    const char *db = cli_opt(argc, argv, "--db"), *division = cli_opt(argc, argv, "--division");
    char shown[512];
    const char *admin = cli_opt(argc, argv, "--admin");
    const char *pwfile = cli_opt(argc, argv, "--password-file");
    struct lf_err err = LF_ERR_INIT;
    struct lf_ctx ctx;
    struct lf_who who;
    char password[PASSWORD_MAX_BYTES + 2];
    int rc = cli_check_opts("init", argc, argv, opts, usage);

    if (rc)
        return rc;
    if (!db || !division || !admin || !pwfile) {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    if (cli_read_password(pwfile, password, sizeof(password), &err) ||
        cli_init_db(db, division, cli_divisions_dir(argc, argv), admin, password, &ctx,
                    &who, &err)) {
        sodium_memzero(password, sizeof(password));
        return cli_fail("init", &err);
    }
    sodium_memzero(password, sizeof(password));
    if (cli_flag(argc, argv, "--strict-passwords") &&
        deploy_set_password_policy(&ctx, &who, 1, &err)) {
        deploy_close(&ctx);
        return cli_fail("init", &err);
    }
    printf("initialised %s for %s; administrator: %s\n", mask_db_url(db, shown, sizeof(shown)),
           who.node, admin);
    deploy_close(&ctx);
    return 0;
}
