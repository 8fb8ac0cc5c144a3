/*
 * user.c - staff accounts. See user.h.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth_cache.h"
#include "core/node.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/user.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/auth.h"
#include "store/node.h"
#include "store/user.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static int check_username(const char *s, struct lf_err *err)
{
    size_t n;
    const char *p;

    if (!s || !*s)
        return lf_err_set(err, LF_ERR_INVALID, "username", "is required");
    n = strlen(s);
    if (n < 3 || n > 32)
        return lf_err_set(err, LF_ERR_INVALID, "username",
                          "must be 3 to 32 characters");
    if (!(s[0] >= 'a' && s[0] <= 'z'))
        return lf_err_set(err, LF_ERR_INVALID, "username",
                          "must start with a lower-case letter");
    for (p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '.' || *p == '-'))
            return lf_err_set(err, LF_ERR_INVALID, "username",
                              "may hold only a-z, 0-9, '_', '.' and '-'");
    return 0;
}

int user_check_password(const struct lf_ctx *ctx, const char *pw,
                        const char *field, struct lf_err *err)
{
    long chars;
    int lower = 0, upper = 0, digit = 0, other = 0;
    const char *p;

    if (!pw || !*pw)
        return lf_err_set(err, LF_ERR_INVALID, field, "is required");
    if (strlen(pw) > PASSWORD_MAX_BYTES)
        return lf_err_set(err, LF_ERR_INVALID, field, "must be at most %d bytes",
                          PASSWORD_MAX_BYTES);
    chars = utf8_count(pw);
    if (chars < 0)
        return lf_err_set(err, LF_ERR_INVALID, field, "is not valid UTF-8");
    if (chars < (ctx->strict_passwords ? 12 : 8))
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must be at least %d characters",
                          ctx->strict_passwords ? 12 : 8);
    for (p = pw; *p; p++) {
        if (*p >= 'a' && *p <= 'z') lower = 1;
        else if (*p >= 'A' && *p <= 'Z') upper = 1;
        else if (*p >= '0' && *p <= '9') digit = 1;
        else other = 1;
    }
    if (ctx->strict_passwords && lower + upper + digit + other < 3)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must mix three of: lower case, upper case, digits, other");
    return 0;
}

int user_hash_password(const char *pw, char *out, unsigned n, struct lf_err *err)
{
    char hash[crypto_pwhash_STRBYTES];

    if (sodium_init() < 0 ||
        crypto_pwhash_str(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0 ||
        strlen(hash) >= n)
        return lf_err_set(err, LF_ERR_INTERNAL, NULL, "cannot hash the password");
    snprintf(out, n, "%s", hash);
    sodium_memzero(hash, sizeof(hash));
    return 0;
}

/* Roles bound to the level they work at. */
static int check_role_node(enum lf_role role, const struct node *n, struct lf_err *err)
{
    enum node_kind need = 0;

    switch (role) {
    case ROLE_TOWN_OFFICER: need = NODE_TOWN; break;
    case ROLE_COMMUNITY_OFFICER: need = NODE_COMMUNITY; break;
    case ROLE_GRID_WORKER: need = NODE_GRID; break;
    default: return 0;
    }
    if (n->kind != need)
        return lf_err_set(err, LF_ERR_INVALID, "node", "a %s is bound to a %s, not a %s",
                          role_id(role), node_kind_name(need), node_kind_name(n->kind));
    return 0;
}

int user_create(struct lf_ctx *ctx, const struct lf_who *who,
                const struct user_in *in, struct user *out, struct lf_err *err)
{
    struct op op;
    enum lf_role role;
    struct node n;
    int ret = -1;

    op_init(&op, ctx, who, "user.create", in->username);
    memset(out, 0, sizeof(*out));
    if (scope_need(who, PERM_USER_ADMIN, err) || check_username(in->username, err))
        goto out;
    if (in->display_name && *in->display_name &&
        validate_name(in->display_name, DISPLAY_NAME_CHARS, "display_name", err))
        goto out;
    role = role_from_id(in->role);
    if (!in->role || !*in->role) {
        lf_err_set(err, LF_ERR_INVALID, "role", "is required");
        goto out;
    }
    if (role == ROLE_NONE) {
        lf_err_set(err, LF_ERR_INVALID, "role", "is not a known role");
        goto out;
    }
    if (role == ROLE_SYSTEM) {
        lf_err_set(err, LF_ERR_INVALID, "role", "is reserved for the command line");
        goto out;
    }
    if (!in->node || !*in->node) {
        lf_err_set(err, LF_ERR_INVALID, "node", "is required");
        goto out;
    }
    if (scope_check(who, PERM_USER_ADMIN, in->node, "node", err) ||
        user_check_password(ctx, in->password, "password", err))
        goto out;
    snprintf(out->username, sizeof(out->username), "%s", in->username);
    snprintf(out->display_name, sizeof(out->display_name), "%s",
             in->display_name ? in->display_name : "");
    snprintf(out->role, sizeof(out->role), "%s", role_id(role));
    snprintf(out->node, sizeof(out->node), "%s", in->node);
    out->created_utc = lf_now(ctx);
    /* the expensive hash happens before the write lock is taken */
    if (user_hash_password(in->password, out->pw_hash, sizeof(out->pw_hash), err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_node_get(op.tx, in->node, &n, "node", err) ||
        check_role_node(role, &n, err) || store_user_insert(op.tx, out, err))
        goto out;
    op_record(&op, "user:%lld", (long long)out->id);
    if (op_audit(&op, out->role, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    sodium_memzero(out->pw_hash, sizeof(out->pw_hash));
    return op_end(&op, ret, err);
}

int user_list(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
              struct user_list *out, struct lf_err *err)
{
    struct op op;
    size_t i;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    if (!node || !*node)
        node = who->node;
    op_init(&op, ctx, who, "user.list", node);
    if (scope_check(who, PERM_USER_ADMIN, node, "node", err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_user_list(op.tx, node, out, err) ||
        op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    for (i = 0; i < out->n; i++)
        sodium_memzero(out->items[i].pw_hash, sizeof(out->items[i].pw_hash));
    ret = 0;
out:
    if (ret)
        user_list_free(out);
    return op_end(&op, ret, err);
}

/* Load user id inside tx and check the caller may manage them. */
static int load_managed(struct store_tx *tx, const struct lf_who *who, int64_t id,
                        struct user *out, struct lf_err *err)
{
    if (scope_need(who, PERM_USER_ADMIN, err) || store_user_get(tx, id, out, err))
        return -1;
    return scope_check(who, PERM_USER_ADMIN, out->node, "id", err);
}

struct forget_user_arg {
    struct auth_cache *cache;
    int64_t user_id;
};

static void forget_user_sessions(void *p)
{
    struct forget_user_arg *f = p;
    auth_cache_drop_user(f->cache, f->user_id);
}

int user_update(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                const struct user_change *ch, struct user *out, struct lf_err *err)
{
    struct op op;
    char hash[sizeof(out->pw_hash)];
    int ret = -1;

    memset(out, 0, sizeof(*out));
    hash[0] = '\0';
    op_init(&op, ctx, who, "user.update", NULL);
    op_record(&op, "user:%lld", (long long)id);
    /* who may do this at all comes before what they asked for */
    if (scope_need(who, PERM_USER_ADMIN, err))
        goto out;
    if (ch->disabled < 0 && !ch->password) {
        lf_err_set(err, LF_ERR_INVALID, "body", "give \"disabled\" or \"password\"");
        goto out;
    }
    if (ch->disabled == 1 && id == who->user_id) {
        lf_err_set(err, LF_ERR_INVALID, "disabled", "you cannot disable yourself");
        goto out;
    }
    if (ch->password &&
        (user_check_password(ctx, ch->password, "password", err) ||
         user_hash_password(ch->password, hash, sizeof(hash), err)))
        goto out;
    if (op_begin(&op, STORE_WRITE, err) ||
        load_managed(op.tx, who, id, out, err))
        goto out;
    if (ch->password &&
        (store_user_set_password(op.tx, id, hash, lf_now(ctx), err) ||
         op_audit_as(&op, "user.password", NULL, err)))
        goto out;
    if (ch->disabled >= 0 &&
        (store_user_set_disabled(op.tx, id, ch->disabled, err) ||
         op_audit_as(&op, ch->disabled ? "user.disable" : "user.enable", NULL, err)))
        goto out;
    if (ch->password || ch->disabled == 1) {
        if (store_session_delete_user(op.tx, id, err))
            goto out;
        if (ctx->sessions) {
            struct forget_user_arg *f = xmalloc(sizeof(*f));
            f->cache = ctx->sessions;
            f->user_id = id;
            store_after_commit(op.tx, forget_user_sessions, f, free);
        }
    }
    if (store_user_get(op.tx, id, out, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    sodium_memzero(hash, sizeof(hash));
    sodium_memzero(out->pw_hash, sizeof(out->pw_hash));
    return op_end(&op, ret, err);
}

void user_list_free(struct user_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
