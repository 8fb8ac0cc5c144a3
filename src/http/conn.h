/*
 * conn.h - the connections of one event loop: accepting them within the
 * limits (connlimit.h), refusing the excess cheaply, and holding each to
 * the request deadline.
 *
 * The deadline: a connection must deliver a whole request (line, headers
 * and body) within req_timeout_ms of its accept, and on keep-alive within
 * req_timeout_ms of the first byte of each next request. libh2o 2.2 has
 * one HTTP/1 timer for the idle wait and the request together; it is set
 * to the idle timeout, and a sweep here (a few times per deadline) cuts
 * the connections that are late with a request, by shutting their socket
 * down: libh2o then sees the end of the stream and closes it as usual.
 *
 * The excess: a connection over a limit gets a canned 503 with
 * Retry-After written straight to the socket at accept (no parser, no
 * allocation, a few microseconds), then is closed. When an address's
 * quota of pending connections is full, the oldest pending one of that
 * address on this loop makes room for the new one, so a slowloris flood
 * pushes out its own connections, not a client's fresh request.
 *
 * Everything here runs on the loop's thread.
 */
#ifndef LF_CONN_H
#define LF_CONN_H
#include <h2o.h>

struct connlimit;
struct guard;
struct conn_table;

struct conn_table_config {
    struct connlimit *limits;
    struct guard *guard;               /* which peers are trusted proxies */
    unsigned req_timeout_ms;
    h2o_accept_ctx_t *plain;           /* for everyone */
    h2o_accept_ctx_t *proxied;         /* for trusted proxies (the PROXY line) */
};

/* Once, before any loop starts. */
void conn_init(void);
struct conn_table *conn_table_new(h2o_evloop_t *loop, const struct conn_table_config *cfg);
/* When the loop has stopped for good: forget the connections still open
 * (the process is about to exit; their slots are not given back). */
void conn_table_free(struct conn_table *t);
/* The listener's read callback: accept what is waiting, a bounded number. */
void conn_on_accept(h2o_socket_t *listener, const char *err);
/* A whole request arrived on req's connection: it is settled, and its
 * deadline starts again with its next request. */
void conn_request_arrived(h2o_req_t *req);

/* Counters since start (all loops). */
struct conn_stats {
    unsigned long long shed_at_accept, cut_late, evicted_pending;
};
void conn_get_stats(struct conn_stats *out);

#endif
