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
#include "core/auth.h"
#include "core/node.h"
#include "core/user.h"
#include "store/store.h"
#include "store/node.h"
#include "util/banned.h"

int cli_init_db(const char *db, const char *division, const char *dir,
                const char *admin, const char *password, struct lf_ctx *ctx,
                struct lf_who *who, struct lf_err *err)
{
    struct store_tx *tx = NULL;
    struct node root;
    struct user u;
    struct user_in in = { admin, "系统管理员", "admin", NULL, password };
    char secret[65], path[4200];
    int existed = access(db, F_OK) == 0;
    long n;

    memset(ctx, 0, sizeof(*ctx));
    memset(who, 0, sizeof(*who));
    /* the password is checked before anything is written */
    if (user_check_password(ctx, password, "password", err))
        return -1;
    if (!(ctx->store = store_open(db, STORE_CREATE | STORE_MIGRATE, err)))
        return -1;
    if (!(tx = store_begin(ctx->store, STORE_READ, err)) ||
        (n = store_node_count(tx, err)) < 0)
        goto fail;
    store_tx_free(tx);
    tx = NULL;
    if (n > 0) {
        lf_err_set(err, LF_ERR_CONFLICT, "db", "%s is already initialised", db);
        goto fail;
    }
    auth_secret_new_hex(secret);
    if (auth_secret_from_hex(ctx, secret) ||
        node_load_divisions(ctx, dir, division, &root, err) ||
        !(tx = store_begin(ctx->store, STORE_WRITE, err)) ||
        store_config_set(tx, "secret", secret, err) ||
        store_config_set(tx, "root", root.code, err) ||
        store_commit(tx, err))
        goto fail;
    store_tx_free(tx);
    tx = NULL;
    sodium_memzero(secret, sizeof(secret));
    who->role = ROLE_SYSTEM;
    snprintf(who->username, sizeof(who->username), "(cli)");
    snprintf(who->node, sizeof(who->node), "%s", root.code);
    snprintf(who->addr, sizeof(who->addr), "local");
    in.node = root.code;
    if (user_create(ctx, who, &in, &u, err))
        goto fail;
    return 0;
fail:
    store_tx_free(tx);
    store_close(ctx->store);
    ctx->store = NULL;
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
    const char *admin = cli_opt(argc, argv, "--admin");
    const char *pwfile = cli_opt(argc, argv, "--password-file");
    struct lf_err err = LF_ERR_INIT;
    struct lf_ctx ctx;
    struct lf_who who;
    struct store_tx *tx;
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
        (!(tx = store_begin(ctx.store, STORE_WRITE, &err)) ||
         store_config_set(tx, "password_policy", "strict", &err) || store_commit(tx, &err))) {
        store_close(ctx.store);
        return cli_fail("init", &err);
    }
    printf("initialised %s for %s; administrator: %s\n", db, who.node, admin);
    store_close(ctx.store);
    return 0;
}
