/*
 * deploy.c - the deployment's database and settings. See deploy.h.
 *
 * The settings are config rows, read once when a command or the server
 * opens the database and kept in the ctx: a change made by another process
 * (lianfang init is the only writer of the secret and the root) is seen
 * by the next one that opens it. The tracing rules are the exception:
 * contact.c reads them in each proposal's transaction, so a running server
 * follows lianfang tracing rules at once.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/deploy.h"
#include "core/node.h"
#include "core/op.h"
#include "core/scope.h"
#include "store/store.h"
#include "store/node.h"
#include "util/banned.h"

int deploy_connect(struct lf_ctx *ctx, const char *path, unsigned flags,
                   struct lf_err *err)
{
    unsigned sflags = 0;

    if (flags & DEPLOY_CREATE)
        sflags |= STORE_CREATE;
    if (flags & DEPLOY_MIGRATE)
        sflags |= STORE_MIGRATE;
    ctx->store = store_open(path, sflags, err);
    return ctx->store ? 0 : -1;
}

void deploy_close(struct lf_ctx *ctx)
{
    store_close(ctx->store);
    ctx->store = NULL;
}

int deploy_open(struct lf_ctx *ctx, const char *path, unsigned flags,
                struct lf_err *err)
{
    struct store_tx *tx;
    char secret[80], root[NODE_CODE_MAX], policy[16];

    memset(ctx, 0, sizeof(*ctx));
    if (deploy_connect(ctx, path, flags, err))
        return -1;
    if (!(tx = store_begin(ctx->store, STORE_READ, err)))
        goto fail;
    if (store_config_get(tx, "secret", secret, sizeof(secret), err) ||
        store_config_get(tx, "root", root, sizeof(root), err)) {
        store_tx_free(tx);
        lf_err_clear(err);
        lf_err_set(err, LF_ERR_NOTFOUND, "db", "%s is not initialised (run lianfang init)",
                   path);
        goto fail;
    }
    if (store_config_get(tx, "password_policy", policy, sizeof(policy), NULL) == 0)
        ctx->strict_passwords = strcmp(policy, "strict") == 0;
    store_commit(tx, NULL);
    store_tx_free(tx);
    if (auth_secret_from_hex(ctx, secret)) {
        lf_err_set(err, LF_ERR_INTERNAL, "db", "the stored secret is malformed");
        goto fail;
    }
    snprintf(ctx->root, sizeof(ctx->root), "%s", root);
    return 0;
fail:
    deploy_close(ctx);
    return -1;
}

int deploy_create(struct lf_ctx *ctx, const char *path, const char *division,
                  const char *divisions_dir, struct lf_err *err)
{
    struct store_tx *tx = NULL;
    struct node root;
    char secret[65] = "";
    long n;

    memset(ctx, 0, sizeof(*ctx));
    if (deploy_connect(ctx, path, DEPLOY_CREATE | DEPLOY_MIGRATE, err))
        return -1;
    if (!(tx = store_begin(ctx->store, STORE_READ, err)) ||
        (n = store_node_count(tx, err)) < 0)
        goto fail;
    store_tx_free(tx);
    tx = NULL;
    if (n > 0) {
        lf_err_set(err, LF_ERR_CONFLICT, "db", "%s is already initialised", path);
        goto fail;
    }
    auth_secret_new_hex(secret);
    if (auth_secret_from_hex(ctx, secret) ||
        node_load_divisions(ctx, divisions_dir, division, &root, err) ||
        !(tx = store_begin(ctx->store, STORE_WRITE, err)) ||
        store_config_set(tx, "secret", secret, err) ||
        store_config_set(tx, "root", root.code, err) ||
        store_commit(tx, err))
        goto fail;
    store_tx_free(tx);
    sodium_memzero(secret, sizeof(secret));
    snprintf(ctx->root, sizeof(ctx->root), "%s", root.code);
    return 0;
fail:
    store_tx_free(tx);
    sodium_memzero(secret, sizeof(secret));
    deploy_close(ctx);
    return -1;
}

void deploy_system_who(const struct lf_ctx *ctx, struct lf_who *who)
{
    memset(who, 0, sizeof(*who));
    who->role = ROLE_SYSTEM;
    snprintf(who->username, sizeof(who->username), "(cli)");
    snprintf(who->node, sizeof(who->node), "%s", ctx->root);
    snprintf(who->addr, sizeof(who->addr), "local");
}

int deploy_set_password_policy(struct lf_ctx *ctx, const struct lf_who *who, int strict,
                               struct lf_err *err)
{
    const char *value = strict ? "strict" : "standard";
    struct op op;
    int ret = -1;

    op_init(&op, ctx, who, "deploy.password_policy", "password_policy");
    if (scope_check(who, PERM_USER_ADMIN, ctx->root, "password_policy", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_config_set(op.tx, "password_policy", value, err) ||
        op_audit(&op, value, err) ||
        op_commit(&op, err))
        goto out;
    ctx->strict_passwords = strict;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

/* The audit row of a copy, in its own transaction, as the system. */
static int audit_copy(const char *path, const char *action, const char *file,
                      struct lf_err *err)
{
    struct lf_ctx ctx;
    struct lf_who who;
    struct store_tx *tx = NULL;
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    int ret = -1;

    if (deploy_open(&ctx, path, 0, err))
        return -1;
    deploy_system_who(&ctx, &who);
    if (!(tx = store_begin(ctx.store, STORE_WRITE, err)) ||
        audit_write(tx, &ctx, &who, action, base, 1, "", err) ||
        store_commit(tx, err))
        goto out;
    ret = 0;
out:
    store_tx_free(tx);
    deploy_close(&ctx);
    return ret;
}

int deploy_backup(const char *path, const char *out, struct lf_err *err)
{
    if (audit_copy(path, "db.backup", out, err))
        return -1;
    return store_backup(path, out, err);
}

int deploy_restore(const char *path, const char *from, struct lf_err *err)
{
    struct store *s;
    int rc;

    if (store_restore(path, from, err) || !(s = store_open(path, 0, err)))
        return -1;
    rc = store_integrity_check(s, err);
    store_close(s);
    if (rc)
        return -1;
    return audit_copy(path, "db.restore", from, err);
}
