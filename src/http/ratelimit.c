/*
 * ratelimit.c - see ratelimit.h.
 *
 * GCRA keeps, per key, the "theoretical arrival time" tat: when the key's
 * allowance will be whole again if it makes no further request. A request
 * at now is allowed when tat - now <= (burst - 1) * interval, and then
 * moves tat by one interval (period / rate). So the state is one number,
 * there is no timer, and a key whose tat is in the past is as good as
 * absent: that is what eviction relies on.
 *
 * The table is open addressing over PROBE consecutive cells; an insert
 * into a full neighbourhood replaces the cell with the oldest tat. Locks
 * are striped by the key's first cell, and a neighbourhood never crosses
 * a stripe (cells are grouped in stripes of a power of two >= PROBE), so
 * one lock covers every cell a key can use.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http/ratelimit.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define PROBE 8
#define N_LOCKS 64

struct cell {
    uint64_t key;            /* 0 = empty */
    uint64_t tat_ms;
};

struct ratelimit {
    struct cell *cells;
    size_t n_cells;          /* a power of two, a multiple of N_LOCKS * PROBE */
    size_t stripe;           /* cells per lock */
    pthread_mutex_t locks[N_LOCKS];
};

struct ratelimit *ratelimit_new(size_t capacity)
{
    struct ratelimit *rl = xcalloc(1, sizeof(*rl));
    size_t n = N_LOCKS * PROBE;
    int i;

    while (n < capacity)
        n <<= 1;
    rl->n_cells = n;
    rl->stripe = n / N_LOCKS;
    rl->cells = xcalloc(n, sizeof(*rl->cells));
    for (i = 0; i < N_LOCKS; i++)
        pthread_mutex_init(&rl->locks[i], NULL);
    return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
    int i;

    if (!rl)
        return;
    for (i = 0; i < N_LOCKS; i++)
        pthread_mutex_destroy(&rl->locks[i]);
    free(rl->cells);
    free(rl);
}

/* FNV-1a over the rule's name, a separator and the key; never 0. */
static uint64_t hash_key(const char *name, const void *key, size_t len)
{
    const unsigned char *p = (const unsigned char *)name;
    uint64_t h = 14695981039346656037ull;
    size_t i;

    for (; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
    for (p = key, i = 0; i < len; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    h ^= h >> 29;        /* FNV's low bits are weak: mix before indexing */
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h ? h : 1;
}

unsigned ratelimit_take(struct ratelimit *rl, const struct ratelimit_rule *rule,
                        const void *key, size_t len, uint64_t now_ms)
{
    uint64_t h = hash_key(rule->name, key, len);
    uint64_t interval = (uint64_t)rule->period_s * 1000 / (rule->rate ? rule->rate : 1);
    uint64_t tolerance = interval * (rule->burst ? rule->burst - 1 : 0);
    size_t first = (size_t)(h & (rl->n_cells - 1)), base, i;
    struct cell *c = NULL, *oldest = NULL;
    pthread_mutex_t *lock;
    uint64_t tat;
    unsigned wait = 0;

    if (interval == 0)
        interval = 1;
    /* the neighbourhood: PROBE cells from first, wrapping inside the stripe */
    base = first - first % rl->stripe;
    lock = &rl->locks[first / rl->stripe];
    pthread_mutex_lock(lock);
    for (i = 0; i < PROBE; i++) {
        struct cell *x = &rl->cells[base + (first - base + i) % rl->stripe];
        if (x->key == h) {
            c = x;
            break;
        }
        if (!oldest || x->key == 0 || (oldest->key != 0 && x->tat_ms < oldest->tat_ms))
            if (!oldest || oldest->key != 0)
                oldest = x;
    }
    if (!c) {
        c = oldest;
        c->key = h;
        c->tat_ms = 0;
    }
    tat = c->tat_ms > now_ms ? c->tat_ms : now_ms;
    if (tat - now_ms > tolerance) {
        uint64_t ms = tat - now_ms - tolerance;
        wait = (unsigned)((ms + 999) / 1000);
        if (wait == 0)
            wait = 1;
    } else {
        c->tat_ms = tat + interval;
    }
    pthread_mutex_unlock(lock);
    return wait;
}
