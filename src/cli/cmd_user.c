/*
 * cmd_user.c - lianfang user add --db FILE --name NAME --role ROLE
 *                  --node CODE --password-file F [--display-name TEXT]
 *              lianfang user list --db FILE [--node CODE]
 *
 * Runs as the system administrator of the database (the command line is
 * the machine administrator's); every change is in the audit log as
 * "(cli)" from "local".
 */
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "cli/cli.h"
#include "core/user.h"
#include "util/banned.h"

static int user_add(int argc, char **argv)
{
    static const char *const opts[] = { "--db", "--name", "--role", "--node",
                                        "--password-file", "--display-name", NULL };
    static const char usage[] = "user add --db FILE --name NAME --role ROLE --node CODE "
                                "--password-file F|- [--display-name TEXT]";
    struct user_in in = { 0 };
    const char *db = cli_opt(argc, argv, "--db");
    const char *pwfile = cli_opt(argc, argv, "--password-file");
    struct lf_err err = LF_ERR_INIT;
    char password[PASSWORD_MAX_BYTES + 2];
    struct lf_ctx ctx;
    struct lf_who who;
    struct user u;
    int rc = cli_check_opts("user add", argc, argv, opts, usage);

    if (rc)
        return rc;
    in.username = cli_opt(argc, argv, "--name");
    in.role = cli_opt(argc, argv, "--role");
    in.node = cli_opt(argc, argv, "--node");
    in.display_name = cli_opt(argc, argv, "--display-name");
    if (!db || !in.username || !in.role || !in.node || !pwfile) {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    if (cli_read_password(pwfile, password, sizeof(password), &err) ||
        cli_open(db, 0, &ctx, &who, &err)) {
        sodium_memzero(password, sizeof(password));
        return cli_fail("user add", &err);
    }
    in.password = password;
    rc = user_create(&ctx, &who, &in, &u, &err);
    sodium_memzero(password, sizeof(password));
    deploy_close(&ctx);
    if (rc)
        return cli_fail("user add", &err);
    printf("added user %s (id %lld, %s at %s)\n", u.username, (long long)u.id, u.role, u.node);
    return 0;
}

static int user_list_cmd(int argc, char **argv)
{
    static const char *const opts[] = { "--db", "--node", NULL };
    static const char usage[] = "user list --db FILE [--node CODE]";
    const char *db = cli_opt(argc, argv, "--db");
    struct lf_err err = LF_ERR_INIT;
    struct user_list list;
    struct lf_ctx ctx;
    struct lf_who who;
    size_t i;
    int rc = cli_check_opts("user list", argc, argv, opts, usage);

    if (rc)
        return rc;
    if (!db) {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    if (cli_open(db, 0, &ctx, &who, &err) ||
        user_list(&ctx, &who, cli_opt(argc, argv, "--node"), &list, &err)) {
        deploy_close(&ctx);
        return cli_fail("user list", &err);
    }
    for (i = 0; i < list.n; i++)
        printf("%lld\t%s\t%s\t%s\t%s\n", (long long)list.items[i].id, list.items[i].username,
               list.items[i].role, list.items[i].node,
               list.items[i].disabled ? "disabled" : "active");
    user_list_free(&list);
    deploy_close(&ctx);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return user_add(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return user_list_cmd(argc - 1, argv + 1);
    fprintf(stderr, "usage: lianfang user add|list [OPTIONS]\n");
    return 2;
}
