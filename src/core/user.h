/*
 * user.h - staff accounts: each user has one role (role.h) and is bound to
 * one node of the tree, which is the root of what they may see.
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str, at
 * least OPSLIMIT/MEMLIMIT_INTERACTIVE) and never stored or logged in the
 * clear. Policy: at least 8 characters; with ctx->strict_passwords at
 * least 12 and three of lower/upper/digit/other. Usernames are 3-32 of
 * [a-z0-9_.-], starting with a letter.
 *
 * Managing users needs PERM_USER_ADMIN and the target node in the
 * caller's jurisdiction. Each call is one transaction with its audit row.
 */
#ifndef LF_USER_H
#define LF_USER_H

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/user.h"

#define PASSWORD_MAX_BYTES 128

struct user_in {
    const char *username;
    const char *display_name;   /* optional, up to 32 characters */
    const char *role;           /* identifier from role.h */
    const char *node;
    const char *password;
};

void user_list_free(struct user_list *l);

int user_create(struct lf_ctx *ctx, const struct lf_who *who,
                const struct user_in *in, struct user *out, struct lf_err *err);
/* Users bound to nodes in the subtree of node (NULL: the caller's node). */
int user_list(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
              struct user_list *out, struct lf_err *err);
struct user_change {
    int disabled;               /* -1 leave as is, 0 enable, 1 disable */
    const char *password;       /* NULL: leave as is; else set and unlock */
};

/* Apply ch to user id, all of it or nothing. Disabling or a new password
 * ends the user's sessions. Nobody disables themselves. */
int user_update(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                const struct user_change *ch, struct user *out, struct lf_err *err);

/* Policy check and argon2id hash into out (crypto_pwhash_STRBYTES). */
int user_check_password(const struct lf_ctx *ctx, const char *password,
                        const char *field, struct lf_err *err);
int user_hash_password(const char *password, char *out, unsigned n,
                       struct lf_err *err);

#endif
