/*
 * connlimit.c - see connlimit.h. One mutex over a chained hash of the
 * addresses with open connections; an address's entry goes when its last
 * connection closes, so the table holds only live peers. Only the address
 * counts (not the port): a flood from one host is one address. Each entry
 * counts its connections (n) and, of those, the pending ones.
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http/connlimit.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define BUCKETS 1024

struct connlimit_slot {
    struct connlimit_slot *next;
    struct connlimit *cl;
    struct sockaddr_storage key;
    unsigned n, pending;
};

struct connlimit {
    pthread_mutex_t lock;
    unsigned max_total, max_per_addr, max_pending, total;
    struct connlimit_slot *table[BUCKETS];
};

static const unsigned char *addr_bytes(const struct sockaddr_storage *ss, size_t *n)
{
    if (ss->ss_family == AF_INET) {
        *n = 4;
        return (const unsigned char *)&((const struct sockaddr_in *)ss)->sin_addr;
    }
    *n = 16;
    return (const unsigned char *)&((const struct sockaddr_in6 *)ss)->sin6_addr;
}

static unsigned addr_hash(const struct sockaddr_storage *ss)
{
    size_t n, i;
    const unsigned char *p = addr_bytes(ss, &n);
    unsigned h = 2166136261u;

    for (i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h % BUCKETS;
}

static int same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
    size_t na, nb;
    const unsigned char *pa = addr_bytes(a, &na), *pb = addr_bytes(b, &nb);

    return a->ss_family == b->ss_family && na == nb && memcmp(pa, pb, na) == 0;
}

struct connlimit *connlimit_new(unsigned max_total, unsigned max_per_addr,
                                unsigned max_pending_per_addr)
{
    struct connlimit *cl = xcalloc(1, sizeof(*cl));

    pthread_mutex_init(&cl->lock, NULL);
    cl->max_total = max_total;
    cl->max_per_addr = max_per_addr;
    cl->max_pending = max_pending_per_addr;
    return cl;
}

void connlimit_free(struct connlimit *cl)
{
    unsigned i;

    if (!cl)
        return;
    for (i = 0; i < BUCKETS; i++) {
        struct connlimit_slot *s = cl->table[i], *next;
        for (; s; s = next) {
            next = s->next;
            free(s);
        }
    }
    pthread_mutex_destroy(&cl->lock);
    free(cl);
}

static struct connlimit_slot *find(struct connlimit *cl, const struct sockaddr_storage *peer)
{
    struct connlimit_slot *s;

    for (s = cl->table[addr_hash(peer)]; s && !same_addr(&s->key, peer); s = s->next)
        ;
    return s;
}

struct connlimit_slot *connlimit_acquire(struct connlimit *cl,
                                         const struct sockaddr_storage *peer,
                                         unsigned flags, enum connlimit_why *why)
{
    struct connlimit_slot *s = NULL;
    enum connlimit_why w = CONNLIMIT_ADDR;
    unsigned h;

    if (peer->ss_family != AF_INET && peer->ss_family != AF_INET6)
        goto refused;
    pthread_mutex_lock(&cl->lock);
    if (cl->total >= cl->max_total) {
        w = CONNLIMIT_TOTAL;
        goto out;
    }
    s = find(cl, peer);
    if (s && !(flags & CONNLIMIT_TRUSTED)) {
        if (s->n >= cl->max_per_addr) {
            s = NULL;      /* at its limit, so not new: nothing to remove */
            goto out;
        }
        if (s->pending >= cl->max_pending && !(flags & CONNLIMIT_FORCE)) {
            w = CONNLIMIT_PENDING;
            s = NULL;
            goto out;
        }
    }
    if (!s) {
        h = addr_hash(peer);
        s = xcalloc(1, sizeof(*s));
        s->cl = cl;
        s->key = *peer;
        s->next = cl->table[h];
        cl->table[h] = s;
    }
    s->n++;
    s->pending++;
    cl->total++;
    w = CONNLIMIT_OK;
out:
    pthread_mutex_unlock(&cl->lock);
refused:
    if (why)
        *why = w;
    return s;
}

void connlimit_settle(struct connlimit_slot *slot)
{
    pthread_mutex_lock(&slot->cl->lock);
    slot->pending--;
    pthread_mutex_unlock(&slot->cl->lock);
}

void connlimit_release(struct connlimit_slot *slot, int pending)
{
    struct connlimit *cl = slot->cl;
    struct connlimit_slot **pp;

    pthread_mutex_lock(&cl->lock);
    cl->total--;
    if (pending)
        slot->pending--;
    if (--slot->n == 0) {
        for (pp = &cl->table[addr_hash(&slot->key)]; *pp && *pp != slot; pp = &(*pp)->next)
            ;
        if (*pp)
            *pp = slot->next;
        free(slot);
    }
    pthread_mutex_unlock(&cl->lock);
}

unsigned connlimit_total(struct connlimit *cl)
{
    unsigned n;

    pthread_mutex_lock(&cl->lock);
    n = cl->total;
    pthread_mutex_unlock(&cl->lock);
    return n;
}

unsigned connlimit_of(struct connlimit *cl, const struct sockaddr_storage *peer)
{
    struct connlimit_slot *s;
    unsigned n;

    pthread_mutex_lock(&cl->lock);
    s = find(cl, peer);
    n = s ? s->n : 0;
    pthread_mutex_unlock(&cl->lock);
    return n;
}

unsigned connlimit_pending_of(struct connlimit *cl, const struct sockaddr_storage *peer)
{
    struct connlimit_slot *s;
    unsigned n;

    pthread_mutex_lock(&cl->lock);
    s = find(cl, peer);
    n = s ? s->pending : 0;
    pthread_mutex_unlock(&cl->lock);
    return n;
}
