/*
 * connlimit.h - counting open connections, in all and per client address,
 * in the accept path (libh2o has no limit of its own).
 *
 * connlimit_acquire() is called for each accepted socket; NULL means over
 * a limit and the caller closes the socket at once. Otherwise the returned
 * slot is handed back with connlimit_release() when the connection closes.
 * Thread-safe: the event loops accept concurrently.
 */
#ifndef LF_CONNLIMIT_H
#define LF_CONNLIMIT_H
#include <sys/socket.h>

struct connlimit;
struct connlimit_slot;

struct connlimit *connlimit_new(unsigned max_total, unsigned max_per_addr);
void connlimit_free(struct connlimit *cl);
struct connlimit_slot *connlimit_acquire(struct connlimit *cl,
                                         const struct sockaddr_storage *peer);
void connlimit_release(struct connlimit_slot *slot);
/* Open connections in all, and from peer's address. */
unsigned connlimit_total(struct connlimit *cl);
unsigned connlimit_of(struct connlimit *cl, const struct sockaddr_storage *peer);

#endif
