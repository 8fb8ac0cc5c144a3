/*
 * server.h - `lianfang serve`: the HTTP server on libh2o's own event loop.
 *
 * One event loop per thread (n_loops, default one per core), each with its
 * own listening socket on the same address (SO_REUSEPORT), so the kernel
 * spreads connections without a shared accept lock. The loops parse,
 * route and answer; they never touch the database (dispatch.h does).
 *
 * Limits set explicitly (libh2o's defaults are unbounded or generous):
 * request body size (per route, and globally the largest route's), a
 * request timeout and an idle timeout, a global connection limit and a
 * per-address one (counted in the accept path: the library has none).
 * HTTP/1.1 only: cleartext HTTP/2 (h2c) is refused, as libh2o 2.2 keeps
 * neither timeout on it. A request must arrive whole within the request
 * timeout of its first byte (of the accept, for a connection's first):
 * conn.h; a keep-alive connection waits for its next request at most the
 * idle timeout, which also bounds a request when it is the shorter.
 *
 * Past capacity the server sheds rather than queues: a connection over a
 * limit gets a canned 503 at accept (conn.h), a request past max_inflight
 * a 503 at once; both with Retry-After. Rate limits and the client behind
 * a trusted proxy: guard.h.
 */
#ifndef LF_SERVER_H
#define LF_SERVER_H
#include <stddef.h>

#include "core/ctx.h"
#include "core/err.h"

struct server_config {
    const char *db_path;
    const char *listen;            /* "127.0.0.1:8080", "[::1]:8080" */
    const char *web_root;          /* static pages; NULL = none */
    unsigned n_loops;              /* 0 = one per core */
    unsigned n_workers;            /* 0 = one per core */
    unsigned max_connections;      /* all addresses together */
    unsigned max_connections_per_addr;
    unsigned max_pending_per_addr; /* of those, not yet sent a request (conn.h) */
    unsigned req_timeout_ms;       /* a request must arrive whole within */
    unsigned idle_timeout_ms;      /* keep-alive connection with nothing to do
                                    * (also bounds a request: see above) */
    size_t max_queue;              /* jobs waiting per queue before 503 */
    unsigned max_inflight;         /* jobs at the workers and the writer before
                                    * 503; other than ROUTE_PRIORITY ones, 3/4 */
    const char *trusted_proxy;     /* "ADDR[/BITS],...": guard.h; NULL = none */
    int rate_limits;               /* 0: off (benchmarks of raw capacity) */
    int secure_cookies;            /* behind TLS: Secure and __Host- */
};

void server_config_defaults(struct server_config *cfg);

/* Serve until SIGINT or SIGTERM; then stop accepting, finish what was
 * queued, and return 0. -1 with *err on a start-up failure. */
int server_run(const struct server_config *cfg, const struct lf_ctx *proto,
               struct lf_err *err);

#endif
