/*
 * connlimit.h - counting open connections, in all and per client address,
 * in the accept path (libh2o has no limit of its own).
 *
 * A connection is "pending" from its accept until its first request has
 * arrived whole, then "settled". The two are limited apart: an address may
 * hold max_per_addr connections in all but only max_pending_per_addr that
 * have not yet sent a request, so a flood of slow or silent connections
 * (slowloris) takes the small pending quota, not the room its own clients
 * need for real requests. Addresses of trusted proxies (CONNLIMIT_TRUSTED)
 * have no per-address limit: everyone behind them shares that address, and
 * the limits that matter apply to the client the proxy names (guard.h).
 *
 * connlimit_acquire() is called for each accepted socket; NULL means over
 * a limit (*why says which) and the caller refuses the connection.
 * Otherwise the slot is handed back with connlimit_release() when the
 * connection closes, saying whether it was still pending.
 * Thread-safe: the event loops accept concurrently.
 */
#ifndef LF_CONNLIMIT_H
#define LF_CONNLIMIT_H
#include <sys/socket.h>

struct connlimit;
struct connlimit_slot;

enum connlimit_flags {
    CONNLIMIT_TRUSTED = 1 << 0,    /* a trusted proxy: only the total counts */
    CONNLIMIT_FORCE = 1 << 1,      /* skip the pending quota: the caller has
                                    * just cut one of the address's pending
                                    * connections to make room */
};

enum connlimit_why { CONNLIMIT_OK, CONNLIMIT_TOTAL, CONNLIMIT_ADDR, CONNLIMIT_PENDING };

struct connlimit *connlimit_new(unsigned max_total, unsigned max_per_addr,
                                unsigned max_pending_per_addr);
void connlimit_free(struct connlimit *cl);
/* A new, pending connection from peer; NULL and *why (may be NULL) when
 * over a limit. */
struct connlimit_slot *connlimit_acquire(struct connlimit *cl,
                                         const struct sockaddr_storage *peer,
                                         unsigned flags, enum connlimit_why *why);
/* The connection's first request has arrived whole: no longer pending. */
void connlimit_settle(struct connlimit_slot *slot);
void connlimit_release(struct connlimit_slot *slot, int pending);
/* Open connections in all, from peer's address, and those still pending. */
unsigned connlimit_total(struct connlimit *cl);
unsigned connlimit_of(struct connlimit *cl, const struct sockaddr_storage *peer);
unsigned connlimit_pending_of(struct connlimit *cl, const struct sockaddr_storage *peer);

#endif
