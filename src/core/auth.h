/*
 * auth.h - logging in, sessions, CSRF tokens (CONVENTIONS.md, OWASP ASVS L2).
 *
 * A session token is 128 random bits, given to the client once (base64url,
 * 22 characters) and stored only as its BLAKE2b hash. Sessions end after
 * 30 minutes idle or 12 hours in all, at logout, and when the user is
 * disabled or their password is reset. The CSRF token of a cookie session
 * is HMAC-SHA256(deployment secret, session token): nothing to store, and
 * it cannot be made without the cookie.
 *
 * Failed logins: each failure in a row asks the front end to wait longer
 * before answering (AUTH_DELAY_BASE_MS doubling, capped), and the fifth in
 * a row locks the account for 10 minutes. An unknown username costs the
 * same hash computation and gets the same answer as a wrong password.
 */
#ifndef LF_AUTH_H
#define LF_AUTH_H
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/auth.h"
#include "core/types/user.h"

#define AUTH_TOKEN_LEN 22          /* base64url of 16 bytes, no padding */
#define AUTH_CSRF_LEN 43           /* base64url of 32 bytes */
#define AUTH_IDLE_S (30 * 60)
#define AUTH_MAX_AGE_S (12 * 3600)
#define AUTH_TOUCH_S 60            /* persist last-seen at most once a minute */
#define AUTH_MAX_FAILURES 5
#define AUTH_LOCK_S (10 * 60)
#define AUTH_DELAY_BASE_MS 250
#define AUTH_DELAY_MAX_MS 4000

struct auth_login_out {
    char token[AUTH_TOKEN_LEN + 1];
    char csrf[AUTH_CSRF_LEN + 1];
    struct lf_who who;
    struct user user;              /* pw_hash wiped */
    unsigned delay_ms;             /* on failure: answer no sooner than this */
};

/* Check username/password from address addr; on success a new session.
 * Fails with LF_ERR_UNAUTHORIZED (wrong or unknown, one message for both),
 * LF_ERR_LOCKED, or LF_ERR_INVALID for a missing field. */
int auth_login(struct lf_ctx *ctx, const char *username, const char *password,
               const char *addr, struct auth_login_out *out, struct lf_err *err);

/* The caller behind a session token; LF_ERR_UNAUTHORIZED when unknown,
 * expired or the user is disabled. */
int auth_session(struct lf_ctx *ctx, const char *token, const char *addr,
                 struct lf_who *who, struct lf_err *err);

/* The caller behind token if the session cache vouches for it, without
 * touching the store: 1 and *who filled, or 0 (ask auth_session()). */
int auth_session_cached(const struct lf_ctx *ctx, const char *token,
                        struct lf_who *who);

/* End the session (no error if it was already gone). */
int auth_logout(struct lf_ctx *ctx, const struct lf_who *who, const char *token,
                struct lf_err *err);

/* Internal to auth.c and user.c: forget the cached session with this
 * token hash once tx is durable. */
struct store_tx;
void auth__forget_session_after_commit(struct store_tx *tx, const struct lf_ctx *ctx,
                                       const unsigned char hash[32]);

/* The caller's password again, before a sensitive act (an unmasked
 * export): 0 if right; LF_ERR_FORBIDDEN "password" if wrong (counted
 * towards the lock like a failed login), LF_ERR_LOCKED, LF_ERR_INVALID if
 * missing. The command line (user 0) is not asked. */
int auth_confirm_password(struct lf_ctx *ctx, const struct lf_who *who, const char *password,
                          struct lf_err *err);

/* CSRF token for a session token; and a constant-time check. */
void auth_csrf_token(const struct lf_ctx *ctx, const char *token,
                     char out[AUTH_CSRF_LEN + 1]);
int auth_csrf_ok(const struct lf_ctx *ctx, const char *token, const char *csrf);

/* Fill ctx->secret from its hex form (64 hex digits); -1 if malformed. */
int auth_secret_from_hex(struct lf_ctx *ctx, const char *hex);
/* 64 hex digits of a new random secret. */
void auth_secret_new_hex(char out[65]);

#endif
