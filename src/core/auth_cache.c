/*
 * auth_cache.c - see auth_cache.h. A hash table of 64 shards, each a
 * power-of-two array of chains under its own mutex; the token hash is
 * already uniformly random, so its first bytes pick shard and bucket.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/auth_cache.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define N_SHARDS 64
#define N_BUCKETS 1024          /* per shard */

struct entry {
    struct entry *next;
    unsigned char hash[32];
    struct lf_who who;
    int64_t created_utc;
    int64_t last_seen_utc;      /* in memory; the store has it to the minute */
    int64_t checked_utc;        /* when the store last confirmed it */
};

struct shard {
    pthread_mutex_t lock;
    struct entry *buckets[N_BUCKETS];
    unsigned n;
};

#define N_PHANTOMS 4096

struct phantom {
    int failed_count;
    int64_t locked_until;
};

struct auth_cache {
    struct shard shards[N_SHARDS];
    pthread_mutex_t phantom_lock;
    struct phantom phantoms[N_PHANTOMS];
    atomic_uint_fast64_t epoch;   /* advanced by every drop */
};

static struct shard *shard_of(struct auth_cache *c, const unsigned char *h)
{
    return &c->shards[h[0] % N_SHARDS];
}

static struct entry **bucket_of(struct shard *s, const unsigned char *h)
{
    return &s->buckets[(h[1] | (unsigned)h[2] << 8) % N_BUCKETS];
}

struct auth_cache *auth_cache_new(void)
{
    struct auth_cache *c = xcalloc(1, sizeof(*c));
    int i;

    for (i = 0; i < N_SHARDS; i++)
        pthread_mutex_init(&c->shards[i].lock, NULL);
    pthread_mutex_init(&c->phantom_lock, NULL);
    return c;
}

void auth_cache_free(struct auth_cache *c)
{
    int i, b;

    if (!c)
        return;
    for (i = 0; i < N_SHARDS; i++) {
        for (b = 0; b < N_BUCKETS; b++) {
            struct entry *e = c->shards[i].buckets[b], *next;
            for (; e; e = next) {
                next = e->next;
                free(e);
            }
        }
        pthread_mutex_destroy(&c->shards[i].lock);
    }
    pthread_mutex_destroy(&c->phantom_lock);
    free(c);
}

static int fresh(const struct entry *e, int64_t now)
{
    return now - e->checked_utc < AUTH_CACHE_TTL_S && now >= e->checked_utc &&
           now - e->last_seen_utc <= AUTH_IDLE_S && now - e->created_utc <= AUTH_MAX_AGE_S;
}

int auth_cache_get(struct auth_cache *c, const unsigned char hash[32], int64_t now,
                   struct lf_who *who)
{
    struct shard *s = shard_of(c, hash);
    struct entry *e;
    int hit = 0;

    pthread_mutex_lock(&s->lock);
    for (e = *bucket_of(s, hash); e; e = e->next)
        if (memcmp(e->hash, hash, 32) == 0)
            break;
    if (e && fresh(e, now)) {
        char addr[ADDR_MAX];
        memcpy(addr, who->addr, sizeof(addr));
        *who = e->who;
        memcpy(who->addr, addr, sizeof(addr));
        if (now > e->last_seen_utc)
            e->last_seen_utc = now;
        hit = 1;
    }
    pthread_mutex_unlock(&s->lock);
    return hit;
}

uint64_t auth_cache_epoch(struct auth_cache *c)
{
    return atomic_load(&c->epoch);
}

void auth_cache_put(struct auth_cache *c, const unsigned char hash[32],
                    const struct lf_who *who, int64_t created_utc,
                    int64_t last_seen_utc, int64_t now, uint64_t epoch)
{
    struct shard *s = shard_of(c, hash);
    struct entry **b, *e;

    pthread_mutex_lock(&s->lock);
    /* a drop takes the shard lock after advancing the epoch, so either it
     * sees this entry and removes it, or this put sees the new epoch */
    if (atomic_load(&c->epoch) != epoch) {
        pthread_mutex_unlock(&s->lock);
        return;
    }
    b = bucket_of(s, hash);
    for (e = *b; e; e = e->next)
        if (memcmp(e->hash, hash, 32) == 0)
            break;
    if (!e) {
        if (s->n >= AUTH_CACHE_MAX / N_SHARDS) {
            pthread_mutex_unlock(&s->lock);
            return;
        }
        e = xcalloc(1, sizeof(*e));
        memcpy(e->hash, hash, 32);
        e->next = *b;
        *b = e;
        s->n++;
    }
    e->who = *who;
    e->who.addr[0] = '\0';
    e->created_utc = created_utc;
    if (last_seen_utc > e->last_seen_utc)
        e->last_seen_utc = last_seen_utc;
    e->checked_utc = now;
    pthread_mutex_unlock(&s->lock);
}

static void unlink_where(struct shard *s, struct entry **b, const unsigned char *hash,
                         int64_t user_id)
{
    struct entry **pp = b, *e;

    while ((e = *pp)) {
        if (hash ? memcmp(e->hash, hash, 32) == 0 : e->who.user_id == user_id) {
            *pp = e->next;
            free(e);
            s->n--;
        } else {
            pp = &e->next;
        }
    }
}

void auth_cache_drop(struct auth_cache *c, const unsigned char hash[32])
{
    struct shard *s = shard_of(c, hash);

    atomic_fetch_add(&c->epoch, 1);
    pthread_mutex_lock(&s->lock);
    unlink_where(s, bucket_of(s, hash), hash, 0);
    pthread_mutex_unlock(&s->lock);
}

void auth_cache_drop_user(struct auth_cache *c, int64_t user_id)
{
    int i, b;

    atomic_fetch_add(&c->epoch, 1);
    for (i = 0; i < N_SHARDS; i++) {
        struct shard *s = &c->shards[i];
        pthread_mutex_lock(&s->lock);
        for (b = 0; b < N_BUCKETS && s->n; b++)
            unlink_where(s, &s->buckets[b], NULL, user_id);
        pthread_mutex_unlock(&s->lock);
    }
}

static struct phantom *phantom_of(struct auth_cache *c, const char *username)
{
    uint32_t h = 2166136261u;

    for (; *username; username++)
        h = (h ^ (unsigned char)*username) * 16777619u;
    return &c->phantoms[h % N_PHANTOMS];
}

void auth_cache_phantom_get(struct auth_cache *c, const char *username,
                            int *failed_count, int64_t *locked_until)
{
    struct phantom *p = phantom_of(c, username);

    pthread_mutex_lock(&c->phantom_lock);
    *failed_count = p->failed_count;
    *locked_until = p->locked_until;
    pthread_mutex_unlock(&c->phantom_lock);
}

void auth_cache_phantom_set(struct auth_cache *c, const char *username,
                            int failed_count, int64_t locked_until)
{
    struct phantom *p = phantom_of(c, username);

    pthread_mutex_lock(&c->phantom_lock);
    p->failed_count = failed_count;
    p->locked_until = locked_until;
    pthread_mutex_unlock(&c->phantom_lock);
}
