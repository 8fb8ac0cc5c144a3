/*
 * guard.h - who the client really is, and how often it may call.
 *
 * Behind a reverse proxy or a carrier's NAT every user shares one address.
 * A proxy listed as trusted (serve --trusted-proxy ADDR[/BITS][,...]) may
 * name the client: by the PROXY protocol v1 line it sends first on a
 * connection (libh2o reads it; the peer address then is the client's), or
 * by X-Forwarded-For, which is read only from a trusted peer, right to
 * left, skipping further trusted proxies: the first address that is not
 * one of ours is the client. From anyone else both are ignored, so a
 * client cannot spoof its address.
 *
 * Rate limits (docs/DECISIONS.md, "Fair under floods", has the figures and
 * why): the public forms (venue scan, self-report, pass application) and
 * login, per client address (an IPv6 client by its /64), sized for the
 * crowd behind one carrier NAT; tighter per ID number (forms) and per
 * account (login). A request over a limit is refused on the event loop
 * with 429, Retry-After and the error naming the limit; it costs no
 * worker, no writer and no database.
 */
#ifndef LF_GUARD_H
#define LF_GUARD_H
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "core/err.h"
#include "core/types/auth.h"
#include "http/http.h"

struct guard;

/* trusted: "ADDR[/BITS][,ADDR[/BITS]...]" or NULL; rate_limits: 0 = off
 * (benchmarks of raw capacity). NULL and *err naming "trusted-proxy" for
 * a list that does not parse. */
struct guard *guard_new(const char *trusted, int rate_limits, struct lf_err *err);
void guard_free(struct guard *g);

/* Whether sa (AF_INET or AF_INET6) is a trusted proxy. */
int guard_trusted(const struct guard *g, const struct sockaddr_storage *sa);

/* The client behind peer: peer itself unless peer is trusted and xff (the
 * X-Forwarded-For values, comma-separated, xff_len bytes; may be NULL)
 * names one. Fills *client and its text. */
void guard_client(const struct guard *g, const struct sockaddr_storage *peer,
                  const char *xff, size_t xff_len, struct sockaddr_storage *client,
                  char text[ADDR_MAX]);

/* The rate limits of route for client, reading the body for the ID number
 * or account. 0 when allowed; else the seconds to wait, with *err set
 * (LF_ERR_RATE, naming the limit). */
unsigned guard_rate(struct guard *g, const struct route *route,
                    const struct sockaddr_storage *client, const char *body, size_t len,
                    uint64_t now_ms, struct lf_err *err);

#endif
