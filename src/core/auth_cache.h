/*
 * auth_cache.h - sessions the server has recently checked against the
 * store, kept in memory so that an authenticated request costs a hash
 * lookup instead of two SQLite reads, and so that an event loop can answer
 * a request that needs no database (GET /api/v1/me) without handing it to
 * another thread.
 *
 * An entry says: this token hash was a valid session of this caller when
 * the store was last asked, at checked_utc. It is trusted for at most
 * AUTH_CACHE_TTL_S; after that the next request goes to the store again
 * (which also persists last-seen), so a change made by another server
 * process on the same database (logout, disable) takes effect within that
 * time. In this process, logout, disabling a user and a new password drop
 * the entries as soon as the change is durable (store_after_commit).
 * Idle and absolute expiry are checked on every hit.
 *
 * A reader that found the session in the store may lose a race with a
 * revocation that committed meanwhile; so every drop advances an epoch,
 * and a put carries the epoch read before the store was asked: a put from
 * before the latest drop is ignored.
 *
 * Thread-safe: sharded by hash, one mutex per shard. Bounded: when full, a
 * new session is simply not cached (the store answers instead).
 */
#ifndef LF_AUTH_CACHE_H
#define LF_AUTH_CACHE_H
#include <stdint.h>

#include "core/ctx.h"

#define AUTH_CACHE_TTL_S 30
#define AUTH_CACHE_MAX 200000

struct auth_cache;

struct auth_cache *auth_cache_new(void);
void auth_cache_free(struct auth_cache *c);

/* 1 and *who (addr left alone) if hash is a fresh, unexpired entry; its
 * in-memory last-seen becomes now. 0 otherwise. */
int auth_cache_get(struct auth_cache *c, const unsigned char hash[32], int64_t now,
                   struct lf_who *who);
/* The epoch to pass to auth_cache_put(); read it before asking the store. */
uint64_t auth_cache_epoch(struct auth_cache *c);
void auth_cache_put(struct auth_cache *c, const unsigned char hash[32],
                    const struct lf_who *who, int64_t created_utc,
                    int64_t last_seen_utc, int64_t now, uint64_t epoch);
void auth_cache_drop(struct auth_cache *c, const unsigned char hash[32]);
void auth_cache_drop_user(struct auth_cache *c, int64_t user_id);

/* Failed logins of usernames that do not exist, kept like those of real
 * accounts (count in a row, locked until), so that the answer's delay and
 * a lock do not tell which usernames exist. A fixed table: names that
 * collide share a counter, which only errs on the careful side. */
void auth_cache_phantom_get(struct auth_cache *c, const char *username,
                            int *failed_count, int64_t *locked_until);
void auth_cache_phantom_set(struct auth_cache *c, const char *username,
                            int failed_count, int64_t locked_until);

#endif
