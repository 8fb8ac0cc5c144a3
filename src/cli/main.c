/*
 * main.c - the command table and the shared option helpers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/banned.h"

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
};

static const struct command commands[] = {
    { "init",  cmd_init,  "create a database for a division and its first administrator" },
    { "user",  cmd_user,  "add or list users" },
    { "serve", cmd_serve, "serve the web pages and the JSON API" },
    { "demo",  cmd_demo,  "create a demo city (tree, communities, grids, users)" },
    { "export", cmd_export, "export the ledger as CSV or XLSX (full ID numbers)" },
    { "import", cmd_import, "import venue scans from a CSV file (all rows or none)" },
    { "purge",  cmd_purge,  "delete scans older than the retention period (cron)" },
    { "eval",   cmd_eval,   "measure contact tracing against a demo outbreak (recall, cost)" },
    { "tracing", cmd_tracing, "show or set the deployment's contact tracing rules" },
    { "backup", cmd_backup, "a consistent copy of a running database (SQLite file, pg_dump)" },
    { "restore", cmd_restore, "bring a backup into a new file or an empty database" },
    { "audit",  cmd_audit,  "who saw a person: audit person ID_NUMBER" },
};

static void usage(FILE *f)
{
    size_t i;

    fprintf(f, "usage: lianfang COMMAND [OPTIONS]\n\ncommands:\n");
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(f, "  %-6s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\nlianfang COMMAND --help shows the options of a command.\n");
}

const char *cli_opt(int argc, char **argv, const char *name)
{
    int i;

    for (i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return NULL;
}

int cli_flag(int argc, char **argv, const char *name)
{
    int i;

    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

int cli_check_opts(const char *cmd, int argc, char **argv, const char *const *allowed,
                   const char *usage_text)
{
    int i, j;

    for (i = 1; i < argc; i++) {
        int found = 0, takes_value = 1;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: lianfang %s\n", usage_text);
            return 3;
        }
        if (strncmp(argv[i], "--", 2) != 0) {
            fprintf(stderr, "lianfang %s: unexpected argument '%s'\nusage: lianfang %s\n",
                    cmd, argv[i], usage_text);
            return 2;
        }
        for (j = 0; allowed[j]; j++) {
            size_t n = strlen(allowed[j]);
            int flag = allowed[j][n - 1] == '!';
            if (strncmp(argv[i], allowed[j], n - flag) == 0 && argv[i][n - flag] == '\0') {
                found = 1;
                takes_value = !flag;
                break;
            }
        }
        if (!found) {
            fprintf(stderr, "lianfang %s: unknown option '%s'\nusage: lianfang %s\n", cmd,
                    argv[i], usage_text);
            return 2;
        }
        if (takes_value) {
            if (i + 1 >= argc) {
                fprintf(stderr, "lianfang %s: option '%s' needs a value\n", cmd, argv[i]);
                return 2;
            }
            i++;
        }
    }
    return 0;
}

int cli_fail(const char *cmd, const struct lf_err *err)
{
    char msg[sizeof(err->field) + sizeof(err->message) + 4];

    fprintf(stderr, "lianfang %s: %s\n", cmd, lf_err_text(err, msg, sizeof(msg)));
    return 1;
}

int cli_read_password(const char *path, char *out, unsigned n, struct lf_err *err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    size_t len;

    if (!f)
        return lf_err_set(err, LF_ERR_NOTFOUND, "password-file", "cannot open %s: %s",
                          path, strerror(errno));
    if (!fgets(out, (int)n, f)) {
        if (f != stdin)
            fclose(f);
        return lf_err_set(err, LF_ERR_INVALID, "password-file", "is empty");
    }
    if (f != stdin)
        fclose(f);
    len = strlen(out);
    while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
        out[--len] = '\0';
    return 0;
}

int cli_open(const char *db, unsigned flags, struct lf_ctx *ctx, struct lf_who *who,
             struct lf_err *err)
{
    memset(who, 0, sizeof(*who));
    if (deploy_open(ctx, db, flags, err))
        return -1;
    deploy_system_who(ctx, who);
    return 0;
}

const char *cli_divisions_dir(int argc, char **argv)
{
    static char path[4096];
    const char *d = cli_opt(argc, argv, "--divisions");
    char exe[4096];
    ssize_t n;

    if (d)
        return d;
    if ((d = getenv("LIANFANG_DIVISIONS")) && *d)
        return d;
    if (access("data/divisions/streets.csv", R_OK) == 0)
        return "data/divisions";
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        char *slash;
        exe[n] = '\0';
        if ((slash = strrchr(exe, '/')))
            *slash = '\0';
        snprintf(path, sizeof(path), "%s/data/divisions", exe);
        if (access(path, R_OK) == 0)
            return path;
        snprintf(path, sizeof(path), "%s/../share/lianfang/divisions", exe);
        if (access(path, R_OK) == 0)
            return path;
    }
    return "data/divisions";
}

int main(int argc, char **argv)
{
    size_t i;

    if (sodium_init() < 0) {
        fprintf(stderr, "lianfang: cannot initialise libsodium\n");
        return 1;
    }
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            int rc = commands[i].fn(argc - 1, argv + 1);
            return rc == 3 ? 0 : rc;    /* 3: --help was printed */
        }
    fprintf(stderr, "lianfang: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
