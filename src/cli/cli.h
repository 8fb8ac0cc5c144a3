/*
 * cli.h - the command line: a table of commands (main.c), each a
 * cmd_<verb>(argc, argv) returning the exit status: 0 success, 1 failure
 * (message "lianfang VERB: field: 中文消息", the message of err_table.h),
 * 2 usage error.
 */
#ifndef LF_CLI_H
#define LF_CLI_H

#include "core/ctx.h"
#include "core/deploy.h"
#include "core/err.h"

int cmd_init(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_purge(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_tracing(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_audit(int argc, char **argv);

/* --name VALUE options: the value of name, or NULL. Unknown options are a
 * usage error reported by cli_check_opts(). */
const char *cli_opt(int argc, char **argv, const char *name);
int cli_flag(int argc, char **argv, const char *name);
/* 0 if every "--x" in argv is in the NULL-terminated allowed list (flags
 * listed with a trailing '!' take no value); else prints usage and 2. */
int cli_check_opts(const char *cmd, int argc, char **argv, const char *const *allowed,
                   const char *usage);

/* Print "lianfang CMD: message" and return 1. */
int cli_fail(const char *cmd, const struct lf_err *err);

/* Read a password from a file's first line, or stdin for "-". */
int cli_read_password(const char *path, char *out, unsigned n, struct lf_err *err);

/* Open the database (flags: DEPLOY_* of core/deploy.h) and fill ctx with
 * its settings (secret, policy); the system caller (role system at the
 * tree's root) into *who. deploy_close(ctx) closes it. */
int cli_open(const char *db, unsigned flags, struct lf_ctx *ctx, struct lf_who *who,
             struct lf_err *err);

/* Where the national division table is: --divisions, $LIANFANG_DIVISIONS,
 * or data/divisions beside the program or in the current directory. */
const char *cli_divisions_dir(int argc, char **argv);

/* Create db (which must not hold a tree yet) for division, with the
 * administrator admin; leaves ctx and who open as after cli_open(). */
int cli_init_db(const char *db, const char *division, const char *divisions_dir,
                const char *admin, const char *password, struct lf_ctx *ctx,
                struct lf_who *who, struct lf_err *err);

#endif
