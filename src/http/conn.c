/*
 * conn.c - see conn.h.
 *
 * Each accepted socket gets a record (struct conn) in its loop's list, in
 * accept order, reached from the socket through on_close.data (libh2o
 * leaves that to us) and from a request through its connection's socket.
 * The sweep walks the list every SWEEP_MS: a few thousand records cost
 * microseconds, and nothing needs a timer of its own.
 *
 * "Late": a connection's first request must be whole within the deadline
 * of the accept. After that, bytes in the socket's input buffer other
 * than those it held when the last request arrived (libh2o 2.2 drops a
 * request's bytes from the buffer only once it has answered it) are a
 * next request it has not yet been able to parse, which must be whole
 * within the deadline of the first sweep that saw them; so the deadline
 * holds to within one sweep interval. (libh2o 2.2 keeps no
 * running count of the bytes read, and moves a body out of that buffer as
 * it arrives: a keep-alive connection's later bodies are bounded by the
 * idle timeout alone.)
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/conn.h"
#include "http/connlimit.h"
#include "http/guard.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define ACCEPT_BURST 16        /* per wake-up: a burst must not starve the others */

struct conn {
    h2o_linklist_t link;
    h2o_socket_t *sock;
    struct connlimit_slot *slot;
    struct sockaddr_storage peer;
    uint64_t accepted_ms, partial_ms;   /* partial_ms: 0 = no request under way */
    size_t answering;                   /* input bytes when the last request arrived */
    unsigned pending : 1, cut : 1;
};

struct conn_table {
    h2o_evloop_t *loop;
    struct conn_table_config cfg;
    h2o_linklist_t conns;
    h2o_timeout_t sweep_timeout;
    h2o_timeout_entry_t sweep;
    unsigned sweep_ms;
};

static atomic_ullong n_shed, n_cut, n_evicted;

/* The 503 for the excess: Connection: close, the API's error body. */
#define SHED_BODY                                                              \
    "{\"error\":\"服务器繁忙，请稍后重试\",\"message\":\"服务器繁忙，请稍后重试\","      \
    "\"key\":\"server.busy\",\"code\":\"busy\","                               \
    "\"detail\":\"server is busy, try again shortly\"}"
#define SHED_HEAD                                                              \
    "HTTP/1.1 503 Service Unavailable\r\n"                                       \
    "Content-Type: application/json; charset=utf-8\r\n"                          \
    "Retry-After: 1\r\nCache-Control: no-store\r\nConnection: close\r\n"          \
    "Content-Length: %zu\r\n\r\n%s"
static char shed_reply[512];
static size_t shed_len;

static void cut(struct conn *c)
{
    if (c->cut)
        return;
    c->cut = 1;
    /* libh2o reads the end of the stream and closes the connection itself */
    shutdown(h2o_socket_get_fd(c->sock), SHUT_RDWR);
}

static void on_sweep(h2o_timeout_entry_t *entry)
{
    struct conn_table *t = H2O_STRUCT_FROM_MEMBER(struct conn_table, sweep, entry);
    uint64_t now = h2o_now(t->loop), limit = t->cfg.req_timeout_ms;
    h2o_linklist_t *l;

    for (l = t->conns.next; l != &t->conns; l = l->next) {
        struct conn *c = H2O_STRUCT_FROM_MEMBER(struct conn, link, l);
        if (c->cut)
            continue;
        if (c->pending) {
            if (now - c->accepted_ms >= limit) {
                cut(c);
                atomic_fetch_add(&n_cut, 1);
            }
        } else if (!c->sock->input || c->sock->input->size == 0) {
            c->answering = 0;
            c->partial_ms = 0;
        } else if (c->sock->input->size != c->answering) {
            if (!c->partial_ms)
                c->partial_ms = now;
            else if (now - c->partial_ms >= limit) {
                cut(c);
                atomic_fetch_add(&n_cut, 1);
            }
        } else {
            c->partial_ms = 0;
        }
    }
    h2o_timeout_link(t->loop, &t->sweep_timeout, &t->sweep);
}

void conn_init(void)
{
    shed_len = (size_t)snprintf(shed_reply, sizeof(shed_reply), SHED_HEAD,
                                sizeof(SHED_BODY) - 1, SHED_BODY);
}

struct conn_table *conn_table_new(h2o_evloop_t *loop, const struct conn_table_config *cfg)
{
    struct conn_table *t = xcalloc(1, sizeof(*t));

    t->loop = loop;
    t->cfg = *cfg;
    h2o_linklist_init_anchor(&t->conns);
    t->sweep_ms = cfg->req_timeout_ms / 8;
    if (t->sweep_ms < 20)
        t->sweep_ms = 20;
    if (t->sweep_ms > 250)
        t->sweep_ms = 250;
    h2o_timeout_init(loop, &t->sweep_timeout, t->sweep_ms);
    t->sweep.cb = on_sweep;
    h2o_timeout_link(loop, &t->sweep_timeout, &t->sweep);
    return t;
}

void conn_table_free(struct conn_table *t)
{
    while (!h2o_linklist_is_empty(&t->conns)) {
        struct conn *c = H2O_STRUCT_FROM_MEMBER(struct conn, link, t->conns.next);
        h2o_linklist_unlink(&c->link);
        c->sock->on_close.cb = NULL;
        c->sock->on_close.data = NULL;
        free(c);
    }
    if (h2o_timeout_is_linked(&t->sweep))
        h2o_timeout_unlink(&t->sweep);
    free(t);
}

static void on_conn_close(void *data)
{
    struct conn *c = data;

    connlimit_release(c->slot, c->pending);
    if (h2o_linklist_is_linked(&c->link))
        h2o_linklist_unlink(&c->link);
    free(c);
}

static int same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
    if (a->ss_family != b->ss_family)
        return 0;
    if (a->ss_family == AF_INET)
        return !memcmp(&((const struct sockaddr_in *)a)->sin_addr,
                       &((const struct sockaddr_in *)b)->sin_addr, 4);
    return !memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
                   &((const struct sockaddr_in6 *)b)->sin6_addr, 16);
}

/* Cut the oldest pending connection of peer's address on this loop; 1 if
 * there was one. */
static int evict_pending(struct conn_table *t, const struct sockaddr_storage *peer)
{
    h2o_linklist_t *l;

    for (l = t->conns.next; l != &t->conns; l = l->next) {
        struct conn *c = H2O_STRUCT_FROM_MEMBER(struct conn, link, l);
        if (c->pending && !c->cut && same_addr(&c->peer, peer)) {
            cut(c);
            atomic_fetch_add(&n_evicted, 1);
            return 1;
        }
    }
    return 0;
}

/* Refuse sock with the canned 503: read what the client has sent already
 * (closing over unread bytes would reset the connection and lose the
 * reply), write, close. The socket buffer takes the reply whole. */
static void shed(h2o_socket_t *sock)
{
    int fd = h2o_socket_get_fd(sock);
    char sink[4096];
    ssize_t n;

    while ((n = read(fd, sink, sizeof(sink))) > 0)
        ;
    n = write(fd, shed_reply, shed_len);
    (void)n;
    shutdown(fd, SHUT_WR);
    h2o_socket_close(sock);
    atomic_fetch_add(&n_shed, 1);
}

void conn_on_accept(h2o_socket_t *listener, const char *err)
{
    struct conn_table *t = listener->data;
    struct sockaddr_storage ss;
    struct connlimit_slot *slot;
    enum connlimit_why why;
    h2o_socket_t *sock;
    struct conn *c;
    int i, trusted;

    if (err)
        return;
    for (i = 0; i < ACCEPT_BURST; i++) {
        if (!(sock = h2o_evloop_socket_accept(listener)))
            return;
        memset(&ss, 0, sizeof(ss));
        if (h2o_socket_getpeername(sock, (struct sockaddr *)&ss) == 0) {
            h2o_socket_close(sock);
            continue;
        }
        trusted = guard_trusted(t->cfg.guard, &ss);
        slot = connlimit_acquire(t->cfg.limits, &ss, trusted ? CONNLIMIT_TRUSTED : 0, &why);
        if (!slot && why == CONNLIMIT_PENDING && evict_pending(t, &ss))
            slot = connlimit_acquire(t->cfg.limits, &ss, CONNLIMIT_FORCE, NULL);
        if (!slot) {
            shed(sock);
            continue;
        }
        c = xcalloc(1, sizeof(*c));
        c->sock = sock;
        c->slot = slot;
        c->peer = ss;
        c->pending = 1;
        c->accepted_ms = h2o_now(t->loop);
        h2o_linklist_insert(&t->conns, &c->link);
        sock->on_close.cb = on_conn_close;
        sock->on_close.data = c;
        h2o_accept(trusted ? t->cfg.proxied : t->cfg.plain, sock);
    }
}

void conn_request_arrived(h2o_req_t *req)
{
    h2o_socket_t *sock;
    struct conn *c;

    if (!req->conn->callbacks->get_socket ||
        !(sock = req->conn->callbacks->get_socket(req->conn)) ||
        sock->on_close.cb != on_conn_close)
        return;
    c = sock->on_close.data;
    if (c->pending) {
        connlimit_settle(c->slot);
        c->pending = 0;
    }
    c->answering = sock->input ? sock->input->size : 0;
    c->partial_ms = 0;
}

void conn_get_stats(struct conn_stats *out)
{
    out->shed_at_accept = atomic_load(&n_shed);
    out->cut_late = atomic_load(&n_cut);
    out->evicted_pending = atomic_load(&n_evicted);
}
