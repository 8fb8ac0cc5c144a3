/*
 * deploy.h - the deployment (部署): its database and its settings.
 *
 * A deployment is one database file serving one division. Its settings
 * are rows of the database: the secret that signs CSRF tokens, the root of
 * the jurisdiction tree, the password policy (and the tracing rules, which
 * case.h keeps). The command line and the server reach the database only
 * through here and the other core calls, never through the store:
 * deploy_create() makes a new deployment, deploy_open() opens one for a
 * command, deploy_connect() gives each server thread its own connection.
 *
 * A struct lf_ctx holds one connection and belongs to one thread (ctx.h);
 * deploy_close() closes it. The secret is never written to the log or an
 * audit row.
 */
#ifndef LF_DEPLOY_H
#define LF_DEPLOY_H

#include "core/ctx.h"
#include "core/err.h"

enum deploy_flags {
    DEPLOY_CREATE = 1 << 0,    /* create the file if missing */
    DEPLOY_MIGRATE = 1 << 1    /* bring its schema up to date (one process, at start) */
};

/* Open a connection to the database at path into ctx->store and nothing
 * else: a server thread copies the settings from the ctx the server was
 * started with. Fails with LF_ERR_NOTFOUND ("db") when path is no
 * lianfang database. */
int deploy_connect(struct lf_ctx *ctx, const char *path, unsigned flags,
                   struct lf_err *err);

/* Open the deployment at path: ctx is cleared, connected and given its
 * settings (secret, root, password policy). Fails with LF_ERR_NOTFOUND
 * ("db") when the database was never initialised; ctx is then closed. */
int deploy_open(struct lf_ctx *ctx, const char *path, unsigned flags,
                struct lf_err *err);

/* Make a new deployment at path for division (a 4-digit city or 6-digit
 * county code): the file (created if missing, its schema migrated), the
 * division's real tree from the national table in divisions_dir (audited
 * as node.init), a new secret, the root. Fills ctx as deploy_open() does.
 * Fails with LF_ERR_CONFLICT ("db") when the database already holds a
 * tree; on any failure ctx is closed, and a file it created stays for the
 * caller to remove. */
int deploy_create(struct lf_ctx *ctx, const char *path, const char *division,
                  const char *divisions_dir, struct lf_err *err);

/* Close ctx's connection; ctx->store becomes NULL. NULL store is fine. */
void deploy_close(struct lf_ctx *ctx);

/* The caller the command line acts as: the system (user_id 0, role
 * system, "(cli)" from "local") at the deployment's root. */
void deploy_system_who(const struct lf_ctx *ctx, struct lf_who *who);

/* Set the password policy: strict (12+ characters of 3 classes) or
 * standard, for every password set from now on. Needs PERM_USER_ADMIN at
 * the root; audited as deploy.password_policy. */
int deploy_set_password_policy(struct lf_ctx *ctx, const struct lf_who *who, int strict,
                               struct lf_err *err);

/* A consistent copy of the deployment at path, which may be serving: on
 * SQLite a database file made by the online backup API, on PostgreSQL a
 * pg_dump archive (docs/OPERATIONS.md). The copy holds every person of
 * the ledger, so taking it is audited ("db.backup", written before the
 * copy is taken, so the copy has it too). */
int deploy_backup(const char *path, const char *out, struct lf_err *err);

/* Bring the copy from back into path, a new file or an empty database
 * (never over a city), check its integrity and audit "db.restore" in it. */
int deploy_restore(const char *path, const char *from, struct lf_err *err);

#endif
