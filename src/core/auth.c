/*
 * auth.c - logins, sessions and CSRF tokens. See auth.h.
 *
 * auth_login() runs in three steps so that the argon2id check (tens of
 * milliseconds of CPU and 64 MiB) holds no database lock: read the user,
 * verify outside any transaction, then one write transaction that records
 * the outcome (failure count, lock, session, audit row). A failure is
 * committed on purpose: the count and its audit row must stay.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/auth_cache.h"
#include "core/op.h"
#include "core/scope.h"
#include "store/store.h"
#include "store/auth.h"
#include "store/user.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static void token_hash(const char *token, unsigned char out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

static void who_from_user(struct lf_who *who, const struct user *u, const char *addr)
{
    memset(who, 0, sizeof(*who));
    who->user_id = u->id;
    snprintf(who->username, sizeof(who->username), "%s", u->username);
    who->role = role_from_id(u->role);
    snprintf(who->node, sizeof(who->node), "%s", u->node);
    snprintf(who->addr, sizeof(who->addr), "%s", addr ? addr : "");
}

/* A hash of a password nobody has, to spend the same time on unknown
 * usernames as on known ones. */
static const char *dummy_hash(void)
{
    static char hash[crypto_pwhash_STRBYTES];
    static int made;

    if (!made) {
        /* a race here only computes it twice */
        char tmp[crypto_pwhash_STRBYTES];
        if (crypto_pwhash_str(tmp, "lianfang-no-such-user", 21,
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0) {
            memcpy(hash, tmp, sizeof(hash));
            made = 1;
        }
    }
    return hash;
}

/* One more failed login after failed_before in a row: the count to keep,
 * the lock (0 = none) and how long to hold the answer back. */
static void next_failure(int failed_before, int64_t now, int *failed_after,
                         int64_t *locked_until, unsigned *delay_ms)
{
    int n = failed_before + 1;
    unsigned d = AUTH_DELAY_BASE_MS << (n > 5 ? 4 : n - 1);

    *locked_until = n >= AUTH_MAX_FAILURES ? now + AUTH_LOCK_S : 0;
    *failed_after = *locked_until ? 0 : n;   /* after a lock, five more */
    *delay_ms = d > AUTH_DELAY_MAX_MS ? AUTH_DELAY_MAX_MS : d;
}

static int locked_error(int64_t locked_until, int64_t now, struct lf_err *err)
{
    return lf_err_set(err, LF_ERR_LOCKED, NULL,
                      "account is locked after %d failed logins; try again in %lld minutes",
                      AUTH_MAX_FAILURES, (long long)((locked_until - now + 59) / 60));
}

/* A username that does not exist: the same hash, count, delays and lock as
 * a real account would get, and the same answers. */
static int login_unknown(struct lf_ctx *ctx, const char *username, const char *password,
                         const char *addr, struct auth_login_out *out, struct lf_err *err)
{
    int64_t now = lf_now(ctx), locked_until = 0;
    int failed = 0, plausible;
    struct lf_who anon;

    memset(&anon, 0, sizeof(anon));
    anon.role = ROLE_NONE;
    /* only a plausible username goes into the log, never arbitrary text
     * that may be a password typed into the wrong box */
    plausible = strlen(username) < sizeof(anon.username) &&
                strspn(username, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == strlen(username);
    snprintf(anon.username, sizeof(anon.username), "%s", plausible ? username : "(invalid)");
    snprintf(anon.addr, sizeof(anon.addr), "%s", addr ? addr : "");
    if (ctx->sessions)
        auth_cache_phantom_get(ctx->sessions, username, &failed, &locked_until);
    if (locked_until > now) {
        out->delay_ms = AUTH_DELAY_MAX_MS;
        locked_error(locked_until, now, err);
        audit_failure(ctx, &anon, "login.locked", "", err);
        return -1;
    }
    if (crypto_pwhash_str_verify(dummy_hash(), password, strnlen(password, 1024)) == 0)
        BUG("the dummy hash matched a password");
    next_failure(failed, now, &failed, &locked_until, &out->delay_ms);
    if (ctx->sessions)
        auth_cache_phantom_set(ctx->sessions, username, failed, locked_until);
    lf_err_set(err, LF_ERR_UNAUTHORIZED, NULL, "username or password is wrong");
    audit_failure(ctx, &anon, locked_until ? "login.lock" : "login.fail", "", err);
    return -1;
}

int auth_login(struct lf_ctx *ctx, const char *username, const char *password,
               const char *addr, struct auth_login_out *out, struct lf_err *err)
{
    struct store_tx *tx = NULL;
    struct user u;
    struct lf_err lookup = LF_ERR_INIT;
    struct session s;
    unsigned char raw[16];
    int64_t now = lf_now(ctx);
    int ok = 0, ret = -1;
    char record[32];

    memset(out, 0, sizeof(*out));
    if (!username || !*username)
        return lf_err_set(err, LF_ERR_INVALID, "username", "is required");
    if (!password || !*password)
        return lf_err_set(err, LF_ERR_INVALID, "password", "is required");
    if (sodium_init() < 0)
        return lf_err_set(err, LF_ERR_INTERNAL, NULL, "crypto library unavailable");
    if (strlen(username) >= USERNAME_MAX || strlen(password) > 1024)
        return login_unknown(ctx, username, password, addr, out, err);
    if (!(tx = store_begin(ctx->store, STORE_READ, err)))
        return -1;
    if (store_user_get_by_name(tx, username, &u, &lookup)) {
        store_tx_free(tx);
        if (lookup.code == LF_ERR_NOTFOUND)
            return login_unknown(ctx, username, password, addr, out, err);
        return lf_err_set(err, lookup.code, NULL, "%s", lookup.reason);
    }
    store_commit(tx, NULL);
    store_tx_free(tx);
    tx = NULL;

    who_from_user(&out->who, &u, addr);
    snprintf(record, sizeof(record), "user:%lld", (long long)u.id);
    if (u.locked_until > now) {
        out->delay_ms = AUTH_DELAY_MAX_MS;
        locked_error(u.locked_until, now, err);
        audit_failure(ctx, &out->who, "login.locked", record, err);
        goto out;
    }
    /* a disabled account is checked like any other, so that its answer
     * (and its timing) is that of a wrong password */
    ok = crypto_pwhash_str_verify(u.pw_hash, password, strlen(password)) == 0 && !u.disabled;
    if (!(tx = store_begin(ctx->store, STORE_WRITE, err)))
        goto out;
    if (!ok) {
        int failed;
        int64_t locked;
        next_failure(u.failed_count, now, &failed, &locked, &out->delay_ms);
        if (store_user_login_state(tx, u.id, failed, locked, err) ||
            audit_write(tx, ctx, &out->who, locked ? "login.lock" : "login.fail",
                        record, 0, u.disabled ? "disabled" : "wrong password", err) ||
            store_commit(tx, err))
            goto out;
        lf_err_set(err, LF_ERR_UNAUTHORIZED, NULL, "username or password is wrong");
        goto out;
    }
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out->token, sizeof(out->token), raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
    memset(&s, 0, sizeof(s));
    token_hash(out->token, s.token_hash);
    s.user_id = u.id;
    s.created_utc = s.last_seen_utc = now;
    snprintf(s.addr, sizeof(s.addr), "%s", addr ? addr : "");
    if ((u.failed_count && store_user_login_state(tx, u.id, 0, 0, err)) ||
        store_session_insert(tx, &s, err) ||
        audit_write(tx, ctx, &out->who, "login.ok", record, 1, NULL, err) ||
        store_commit(tx, err))
        goto out;
    auth_csrf_token(ctx, out->token, out->csrf);
    out->user = u;
    out->user.failed_count = 0;
    out->user.locked_until = 0;
    ret = 0;
out:
    store_tx_free(tx);
    sodium_memzero(u.pw_hash, sizeof(u.pw_hash));
    sodium_memzero(out->user.pw_hash, sizeof(out->user.pw_hash));
    if (ret)
        memset(out->token, 0, sizeof(out->token));
    return ret;
}

int auth_session(struct lf_ctx *ctx, const char *token, const char *addr,
                 struct lf_who *who, struct lf_err *err)
{
    struct store_tx *tx = NULL;
    unsigned char hash[32];
    struct session s;
    struct user u;
    struct lf_err e = LF_ERR_INIT;
    int64_t now = lf_now(ctx);
    uint64_t epoch;
    int expired;

    if (!token || strlen(token) != AUTH_TOKEN_LEN)
        return lf_err_set(err, LF_ERR_UNAUTHORIZED, NULL, "please log in");
    token_hash(token, hash);
    if (ctx->sessions && auth_cache_get(ctx->sessions, hash, now, who)) {
        snprintf(who->addr, sizeof(who->addr), "%s", addr ? addr : "");
        return 0;
    }
    epoch = ctx->sessions ? auth_cache_epoch(ctx->sessions) : 0;
    if (!(tx = store_begin(ctx->store, STORE_READ, err)))
        return -1;
    if (store_session_get(tx, hash, &s, &e) || store_user_get(tx, s.user_id, &u, &e)) {
        store_tx_free(tx);
        if (e.code == LF_ERR_NOTFOUND)
            return lf_err_set(err, LF_ERR_UNAUTHORIZED, NULL, "please log in");
        return lf_err_set(err, e.code, NULL, "%s", e.reason);
    }
    store_commit(tx, NULL);
    store_tx_free(tx);
    tx = NULL;
    sodium_memzero(u.pw_hash, sizeof(u.pw_hash));

    expired = now - s.last_seen_utc > AUTH_IDLE_S || now - s.created_utc > AUTH_MAX_AGE_S;
    if (expired || u.disabled) {
        if ((tx = store_begin(ctx->store, STORE_WRITE, &e))) {
            auth__forget_session_after_commit(tx, ctx, hash);
            if (store_session_delete(tx, hash, &e) == 0)
                store_commit(tx, &e);
            store_tx_free(tx);
        }
        return lf_err_set(err, LF_ERR_UNAUTHORIZED, NULL,
                          u.disabled ? "account is disabled"
                                     : "session expired, please log in again");
    }
    if (now - s.last_seen_utc >= AUTH_TOUCH_S &&
        (tx = store_begin(ctx->store, STORE_WRITE, &e))) {
        /* idle time is measured to the minute; a failed touch only makes
         * the session expire up to a minute early */
        if (store_session_touch(tx, hash, now, &e) == 0)
            store_commit(tx, &e);
        store_tx_free(tx);
        s.last_seen_utc = now;
    }
    who_from_user(who, &u, addr);
    if (ctx->sessions)
        auth_cache_put(ctx->sessions, hash, who, s.created_utc, s.last_seen_utc, now, epoch);
    return 0;
}

int auth_session_cached(const struct lf_ctx *ctx, const char *token, struct lf_who *who)
{
    unsigned char hash[32];

    if (!ctx->sessions || !token || strlen(token) != AUTH_TOKEN_LEN)
        return 0;
    token_hash(token, hash);
    return auth_cache_get(ctx->sessions, hash, lf_now(ctx), who);
}

struct forget_session {
    struct auth_cache *cache;
    unsigned char hash[32];
};

static void forget_session(void *p)
{
    struct forget_session *f = p;
    auth_cache_drop(f->cache, f->hash);
}

void auth__forget_session_after_commit(struct store_tx *tx, const struct lf_ctx *ctx,
                                       const unsigned char hash[32])
{
    struct forget_session *f;

    if (!ctx->sessions)
        return;
    f = xmalloc(sizeof(*f));
    f->cache = ctx->sessions;
    memcpy(f->hash, hash, 32);
    store_after_commit(tx, forget_session, f, free);
}

int auth_logout(struct lf_ctx *ctx, const struct lf_who *who, const char *token,
                struct lf_err *err)
{
    struct op op;
    unsigned char hash[32];
    int ret = -1;

    if (!token)
        return 0;
    token_hash(token, hash);
    op_init(&op, ctx, who, "logout", NULL);
    op_record(&op, "user:%lld", (long long)who->user_id);
    if (op_begin(&op, STORE_WRITE, err) ||
        store_session_delete(op.tx, hash, err) ||
        op_audit(&op, NULL, err))
        goto out;
    /* the cache forgets the session once its deletion is durable: before
     * that, another thread reading the store would still find it */
    auth__forget_session_after_commit(op.tx, ctx, hash);
    if (op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

void auth_csrf_token(const struct lf_ctx *ctx, const char *token,
                     char out[AUTH_CSRF_LEN + 1])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];

    crypto_auth_hmacsha256(mac, (const unsigned char *)token, strlen(token),
                           ctx->secret);
    sodium_bin2base64(out, AUTH_CSRF_LEN + 1, mac, sizeof(mac),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int auth_csrf_ok(const struct lf_ctx *ctx, const char *token, const char *csrf)
{
    char want[AUTH_CSRF_LEN + 1];

    if (!token || !csrf || strlen(csrf) != AUTH_CSRF_LEN)
        return 0;
    auth_csrf_token(ctx, token, want);
    return sodium_memcmp(want, csrf, AUTH_CSRF_LEN) == 0;
}

int auth_secret_from_hex(struct lf_ctx *ctx, const char *hex)
{
    size_t n = 0;

    if (!hex || strlen(hex) != 64 ||
        sodium_hex2bin(ctx->secret, sizeof(ctx->secret), hex, 64, NULL, &n, NULL) ||
        n != sizeof(ctx->secret))
        return -1;
    return 0;
}

void auth_secret_new_hex(char out[65])
{
    unsigned char raw[32];

    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(out, 65, raw, sizeof(raw));
    sodium_memzero(raw, sizeof(raw));
}

int auth_confirm_password(struct lf_ctx *ctx, const struct lf_who *who, const char *password,
                          struct lf_err *err)
{
    struct store_tx *tx = NULL;
    struct user u;
    int64_t now = lf_now(ctx);
    int ok, failed, ret = -1;
    int64_t locked;
    unsigned delay;

    if (!password || !*password)
        return lf_err_set(err, LF_ERR_INVALID, "password", "is required");
    if (who->user_id <= 0)          /* the command line has no password to ask */
        return 0;
    if (sodium_init() < 0)
        return lf_err_set(err, LF_ERR_INTERNAL, NULL, "crypto library unavailable");
    if (!(tx = store_begin(ctx->store, STORE_READ, err)) ||
        store_user_get(tx, who->user_id, &u, err) || store_commit(tx, err))
        goto out;
    store_tx_free(tx);
    tx = NULL;
    if (u.locked_until > now) {
        locked_error(u.locked_until, now, err);
        goto out;
    }
    ok = strlen(password) <= 1024 &&
         crypto_pwhash_str_verify(u.pw_hash, password, strlen(password)) == 0 && !u.disabled;
    if (ok) {
        ret = 0;
        goto out;
    }
    /* a wrong password counts towards the lock as at login: this is no
     * side door for guessing */
    next_failure(u.failed_count, now, &failed, &locked, &delay);
    if (!(tx = store_begin(ctx->store, STORE_WRITE, err)) ||
        store_user_login_state(tx, u.id, failed, locked, err) || store_commit(tx, err))
        goto out;
    lf_err_set(err, LF_ERR_FORBIDDEN, "password", "is wrong");
out:
    store_tx_free(tx);
    sodium_memzero(u.pw_hash, sizeof(u.pw_hash));
    return ret;
}
