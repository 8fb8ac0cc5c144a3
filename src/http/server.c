/*
 * server.c - event loops, listening sockets, connection limits, and the
 * API entry point that turns an h2o request into a job. See server.h.
 *
 * A request's life: on_api_req() (loop thread) matches the route, checks
 * the body size, copies what the handler needs into a job and submits it;
 * the job runs on a worker or the writer (dispatch.c), which calls
 * job_done(); that posts the job back to its loop through h2o's
 * multithread queue; on_jobs_done() (loop thread again) sends the reply,
 * after a delay when the handler asked for one (failed logins).
 *
 * If the client goes away first, h2o disposes of the request's pool; the
 * small "ref" allocated in that pool clears job->req, so the loop drops
 * the reply instead of writing to a freed request. Both happen on the
 * loop thread, so no lock is needed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <h2o.h>

#include "core/auth.h"
#include "core/auth_cache.h"
#include "http/conn.h"
#include "http/connlimit.h"
#include "http/dispatch.h"
#include "http/guard.h"
#include "http/http.h"
#include "http/server.h"
#include "http/static.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "util/mask.h"
#include "util/banned.h"

#define N_DELAYS 5                  /* 250, 500, 1000, 2000, 4000 ms */
#define SMALL_BODY_MAX (16u * 1024)

struct loop;

struct api_job {
    struct job super;               /* first: dispatch sees a struct job */
    h2o_multithread_message_t msg;
    struct loop *loop;
    h2o_req_t *req;                 /* NULL once the request is gone */
    struct api_job **ref;           /* lives in req->pool */
    h2o_timeout_entry_t delay;
    char *mem;                      /* copies of query, body, token, csrf */
};

struct loop {
    struct server *srv;
    pthread_t tid;
    int fd;
    h2o_evloop_t *evloop;
    h2o_context_t h2o;
    h2o_accept_ctx_t accept_ctx;
    h2o_accept_ctx_t proxied_ctx;   /* trusted proxies: may send a PROXY line */
    struct conn_table *conns;
    h2o_socket_t *listener;
    h2o_multithread_queue_t *queue;
    h2o_multithread_receiver_t done_receiver;
    h2o_timeout_t delays[N_DELAYS];
    unsigned n_pending;             /* jobs out or waiting to be sent */
    atomic_int done;                /* the loop has left */
};

struct server {
    const struct server_config *cfg;
    struct lf_ctx loop_ctx;         /* for calls on a loop: no store */
    h2o_globalconf_t globalconf;
    struct dispatch *dispatch;
    struct loop *loops;
    unsigned n_loops;
    struct connlimit *conns;
    struct guard *guard;
    atomic_uint inflight;           /* jobs submitted and not yet freed */
    atomic_int stopping;            /* 1: close listeners; 2: leave loops */
};

/* --- replies ------------------------------------------------------------ */

static const char *reason_phrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
    }
}

static void send_reply(h2o_req_t *req, int status, const char *body, size_t len,
                       const char *set_cookie, const char *content_type,
                       const char *filename)
{
    req->res.status = status;
    req->res.reason = reason_phrase(status);
    req->res.content_length = len;      /* not chunked: the length is known */
    if (len && content_type)
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
                       content_type, strlen(content_type));
    else if (len)
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
                       H2O_STRLIT("application/json; charset=utf-8"));
    if (filename && *filename) {
        char cd[160];
        int n = snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"", filename);
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_DISPOSITION, NULL,
                       h2o_strdup(&req->pool, cd, (size_t)n).base, (size_t)n);
    }
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL,
                   H2O_STRLIT("no-store"));
    h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"),
                          0, NULL, H2O_STRLIT("nosniff"));
    if (status == 503)
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_RETRY_AFTER, NULL,
                       H2O_STRLIT("1"));
    if (set_cookie && *set_cookie)
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_SET_COOKIE, NULL,
                       set_cookie, strlen(set_cookie));
    h2o_send_inline(req, body ? body : "", len);
}

static void send_err(h2o_req_t *req, int status, const struct lf_err *err)
{
    struct http_call c;

    memset(&c, 0, sizeof(c));
    buf_init(&c.out, 4096);
    http_reply_err(&c, err);
    send_reply(req, status ? status : c.status, buf_str(&c.out), c.out.len, NULL, NULL, NULL);
    buf_release(&c.out);
}

static void send_error(h2o_req_t *req, int status, enum lf_errcode code,
                       const char *field, const char *reason)
{
    struct lf_err err = LF_ERR_INIT;

    lf_err_set(&err, code, field, "%s", reason);
    send_err(req, status, &err);
}

static void job_free(struct api_job *job)
{
    job->loop->n_pending--;
    atomic_fetch_sub(&job->loop->srv->inflight, 1);
    if (job->ref)
        *job->ref = NULL;
    if (h2o_timeout_is_linked(&job->delay))
        h2o_timeout_unlink(&job->delay);
    buf_release(&job->super.call.out);
    free(job->mem);
    free(job);
}

static void job_send(struct api_job *job)
{
    struct http_call *c = &job->super.call;

    if (job->req)
        send_reply(job->req, c->status, buf_str(&c->out), c->out.len, c->set_cookie,
                   c->content_type, c->filename);
    job_free(job);
}

static void on_delay_over(h2o_timeout_entry_t *entry)
{
    job_send(H2O_STRUCT_FROM_MEMBER(struct api_job, delay, entry));
}

static void on_jobs_done(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
    struct loop *lp = H2O_STRUCT_FROM_MEMBER(struct loop, done_receiver, receiver);

    while (!h2o_linklist_is_empty(messages)) {
        h2o_multithread_message_t *msg =
            H2O_STRUCT_FROM_MEMBER(h2o_multithread_message_t, link, messages->next);
        struct api_job *job = H2O_STRUCT_FROM_MEMBER(struct api_job, msg, msg);
        unsigned delay = job->super.call.delay_ms;
        int i;

        h2o_linklist_unlink(&msg->link);
        if (delay && job->req) {
            for (i = N_DELAYS - 1; i > 0 && (250u << i) > delay; i--)
                ;
            job->delay.cb = on_delay_over;
            h2o_timeout_link(lp->h2o.loop, &lp->delays[i], &job->delay);
        } else {
            job_send(job);
        }
    }
}

/* Worker thread: hand the finished job back to its loop. */
static void job_done(struct job *j)
{
    struct api_job *job = (struct api_job *)j;

    h2o_multithread_send_message(&job->loop->done_receiver, &job->msg);
}

static void on_req_disposed(void *p)
{
    struct api_job **ref = p;

    if (*ref) {
        (*ref)->req = NULL;
        (*ref)->ref = NULL;
    }
}

/* --- the API entry point ------------------------------------------------ */

static enum http_method method_of(h2o_iovec_t m)
{
    if (h2o_memis(m.base, m.len, H2O_STRLIT("GET"))) return HTTP_GET;
    if (h2o_memis(m.base, m.len, H2O_STRLIT("POST"))) return HTTP_POST;
    if (h2o_memis(m.base, m.len, H2O_STRLIT("PATCH"))) return HTTP_PATCH;
    if (h2o_memis(m.base, m.len, H2O_STRLIT("PUT"))) return HTTP_PUT;
    if (h2o_memis(m.base, m.len, H2O_STRLIT("DELETE"))) return HTTP_DELETE;
    return HTTP_OTHER;
}

/* A route that needs no store, for a caller the session cache knows:
 * run the handler here and reply; 0 if the cache does not know them. */
static int answer_on_loop(struct server *srv, h2o_req_t *req, const struct route *route,
                          char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX], h2o_iovec_t token,
                          int from_cookie, h2o_iovec_t query)
{
    struct http_call c;
    char tok[65], q[1];

    if (token.len >= sizeof(tok))
        return 0;
    memcpy(tok, token.base, token.len);
    tok[token.len] = '\0';
    memset(&c, 0, sizeof(c));
    if (!auth_session_cached(&srv->loop_ctx, tok, &c.who))
        return 0;
    q[0] = '\0';
    (void)query;    /* no loop route reads its query yet */
    c.route = route;
    memcpy(c.params, params, sizeof(c.params));
    c.query = q;
    c.body = q;
    c.token = tok;
    c.token_from_cookie = from_cookie;
    c.secure_cookies = srv->cfg->secure_cookies;
    c.ctx = &srv->loop_ctx;
    buf_init(&c.out, HTTP_RESPONSE_MAX);
    route->handler(&c);
    send_reply(req, c.status, buf_str(&c.out), c.out.len, c.set_cookie, c.content_type,
               c.filename);
    buf_release(&c.out);
    return 1;
}

/* The session token: "Authorization: Bearer T", else the session cookie. */
static h2o_iovec_t find_token(h2o_req_t *req, const char *cookie, int *from_cookie)
{
    ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_AUTHORIZATION, -1);
    size_t clen = strlen(cookie);

    *from_cookie = 0;
    if (i >= 0) {
        h2o_iovec_t v = req->headers.entries[i].value;
        if (v.len > 7 && h2o_lcstris(v.base, 7, H2O_STRLIT("bearer ")))
            return h2o_iovec_init(v.base + 7, v.len - 7);
        return h2o_iovec_init(NULL, 0);
    }
    for (i = -1; (i = h2o_find_header(&req->headers, H2O_TOKEN_COOKIE, i)) >= 0;) {
        h2o_iovec_t v = req->headers.entries[i].value;
        const char *p = v.base, *end = v.base + v.len;
        while (p < end) {
            const char *semi = memchr(p, ';', (size_t)(end - p));
            const char *e = semi ? semi : end;
            while (p < e && *p == ' ')
                p++;
            if ((size_t)(e - p) > clen && memcmp(p, cookie, clen) == 0 && p[clen] == '=') {
                *from_cookie = 1;
                return h2o_iovec_init(p + clen + 1, (size_t)(e - p) - clen - 1);
            }
            p = e + 1;
        }
    }
    return h2o_iovec_init(NULL, 0);
}

/* The client behind the peer ss (guard.h): X-Forwarded-For is read only
 * when the peer is a trusted proxy; its values are joined as one list. */
static void client_of(struct server *srv, h2o_req_t *req, const struct sockaddr_storage *ss,
                      struct sockaddr_storage *client, char addr[ADDR_MAX])
{
    char xff[512];
    size_t n = 0;
    ssize_t i;

    if (ss->ss_family == AF_INET || ss->ss_family == AF_INET6) {
        if (guard_trusted(srv->guard, ss))
            for (i = -1; (i = h2o_find_header_by_str(&req->headers,
                                                     H2O_STRLIT("x-forwarded-for"), i)) >= 0;) {
                h2o_iovec_t v = req->headers.entries[i].value;
                if (n + 1 + v.len > sizeof(xff))
                    break;      /* longer than any honest chain: what fits */
                if (n)
                    xff[n++] = ',';
                memcpy(xff + n, v.base, v.len);
                n += v.len;
            }
        guard_client(srv->guard, ss, n ? xff : NULL, n, client, addr);
        return;
    }
    *client = *ss;
    addr[0] = '\0';
}

/* 429 (or any refusal) with Retry-After: wait seconds. */
static void send_refusal(h2o_req_t *req, const struct lf_err *err, unsigned wait)
{
    char v[16];
    int n = snprintf(v, sizeof(v), "%u", wait);

    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_RETRY_AFTER, NULL,
                   h2o_strdup(&req->pool, v, (size_t)n).base, (size_t)n);
    send_err(req, 0, err);
}

/* Before the static files: a request for one settles its connection too. */
static int on_any_req(h2o_handler_t *self, h2o_req_t *req)
{
    (void)self;
    conn_request_arrived(req);
    return -1;          /* on to the next handler */
}

static int on_api_req(h2o_handler_t *self, h2o_req_t *req)
{
    struct loop *lp = H2O_STRUCT_FROM_MEMBER(struct loop, h2o, req->conn->ctx);
    struct server *srv = lp->srv;
    const struct route *route;
    struct api_job *job;
    struct http_call *c;
    char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
    h2o_iovec_t path = req->path_normalized, token, csrf = { NULL, 0 }, query = { NULL, 0 };
    enum http_method m = method_of(req->method);
    size_t body_len = req->entity.base ? req->entity.len : 0, max_body, need;
    struct sockaddr_storage ss, client;
    struct lf_err err = LF_ERR_INIT;
    socklen_t sl;
    int known, from_cookie;
    unsigned wait, cap;
    ssize_t hi;
    char *p, addr[ADDR_MAX];

    conn_request_arrived(req);
    route = routes_match(m, path.base, path.len, params, &known);
    if (!route) {
        if (known) {
            char allow[64];
            routes_allowed(path.base, path.len, allow, sizeof(allow));
            h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_ALLOW, NULL,
                           h2o_strdup(&req->pool, allow, SIZE_MAX).base, strlen(allow));
            send_error(req, 405, LF_ERR_INVALID, "method", "is not allowed on this path");
        } else
            send_error(req, 0, LF_ERR_NOTFOUND, "path", "no such API endpoint");
        return 0;
    }
    max_body = route->max_body ? route->max_body : SMALL_BODY_MAX;
    if (body_len > max_body) {
        send_error(req, 0, LF_ERR_TOOLARGE, "body", "is larger than this endpoint accepts");
        return 0;
    }
    if (route->handler == h_health) {
        /* answered on the loop: a health check must not queue */
        send_reply(req, 200, "{\"status\":\"ok\"}", 15, NULL, NULL, NULL);
        return 0;
    }
    token = find_token(req, srv->cfg->secure_cookies ? "__Host-lf_session" : "lf_session",
                       &from_cookie);
    if ((hi = h2o_find_header_by_str(&req->headers, H2O_STRLIT("x-csrf-token"), -1)) >= 0)
        csrf = req->headers.entries[hi].value;
    if (req->query_at != SIZE_MAX)
        query = h2o_iovec_init(req->path.base + req->query_at + 1,
                               req->path.len - req->query_at - 1);
    if (token.len > 64 || csrf.len > 64 || query.len > 4096) {
        send_error(req, 0, LF_ERR_INVALID, token.len > 64 ? "token" : csrf.len > 64 ? "X-CSRF-Token" : "query",
                   "is too long");
        return 0;
    }
    if ((route->flags & ROUTE_LOOP) && route->method == HTTP_GET && token.len &&
        answer_on_loop(srv, req, route, params, token, from_cookie, query))
        return 0;

    /* who is asking: the peer, or the client a trusted proxy names */
    memset(&ss, 0, sizeof(ss));
    sl = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&ss);
    if (sl == 0)
        ss.ss_family = AF_UNSPEC;
    client_of(srv, req, &ss, &client, addr);
    if ((wait = guard_rate(srv->guard, route, &client, req->entity.base, body_len,
                           h2o_now(lp->evloop), &err))) {
        send_refusal(req, &err, wait);
        return 0;
    }
    /* shed at the queue: past capacity, answer now rather than wait; the
     * routes people at a door wait on keep the last quarter for themselves */
    cap = srv->cfg->max_inflight;
    if (!(route->flags & ROUTE_PRIORITY))
        cap -= cap / 4;
    if (atomic_fetch_add(&srv->inflight, 1) >= cap) {
        atomic_fetch_sub(&srv->inflight, 1);
        send_error(req, 0, LF_ERR_BUSY, NULL, "server is busy, try again shortly");
        return 0;
    }

    job = xcalloc(1, sizeof(*job));
    need = query.len + 1 + body_len + 1 + token.len + 1 + csrf.len + 1;
    p = job->mem = xmalloc(need);
    c = &job->super.call;
    c->route = route;
    memcpy(c->params, params, sizeof(params));
    c->query = p;
    memcpy(p, query.base ? query.base : "", query.len);
    p[query.len] = '\0';
    p += query.len + 1;
    c->body = p;
    c->body_len = body_len;
    if (body_len)
        memcpy(p, req->entity.base, body_len);
    p[body_len] = '\0';
    p += body_len + 1;
    if (token.len) {
        c->token = p;
        memcpy(p, token.base, token.len);
        p[token.len] = '\0';
        c->token_from_cookie = from_cookie;
    }
    p += token.len + 1;
    if (csrf.len) {
        c->csrf = p;
        memcpy(p, csrf.base, csrf.len);
        p[csrf.len] = '\0';
    }
    c->secure_cookies = srv->cfg->secure_cookies;
    c->who.role = ROLE_NONE;
    memcpy(c->who.addr, addr, sizeof(c->who.addr));
    buf_init(&c->out, HTTP_RESPONSE_MAX);
    job->super.done = job_done;
    job->loop = lp;
    job->req = req;
    lp->n_pending++;

    /* the completion runs on this thread, so it cannot overtake this */
    job->ref = h2o_mem_alloc_shared(&req->pool, sizeof(*job->ref), on_req_disposed);
    *job->ref = job;
    if (dispatch_submit(srv->dispatch, &job->super)) {
        *job->ref = NULL;
        lp->n_pending--;
        atomic_fetch_sub(&srv->inflight, 1);
        buf_release(&c->out);
        free(job->mem);
        free(job);
        send_error(req, 0, LF_ERR_BUSY, NULL, "server is busy, try again shortly");
    }
    return 0;
}

/* --- loops and start-up --------------------------------------------------- */

static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[64];
    const char *colon;
    long port;
    char *end;

    memset(ss, 0, sizeof(*ss));
    if (s[0] == '[') {
        const char *rb = strchr(s, ']');
        if (!rb || rb[1] != ':' || (size_t)(rb - s - 1) >= sizeof(host))
            return -1;
        snprintf(host, sizeof(host), "%.*s", (int)(rb - s - 1), s + 1);
        colon = rb + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon || (size_t)(colon - s) >= sizeof(host))
            return -1;
        snprintf(host, sizeof(host), "%.*s", (int)(colon - s), s);
    }
    port = strtol(colon + 1, &end, 10);
    if (*end || port < 1 || port > 65535)
        return -1;
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof(host), "127.0.0.1");
    if (inet_pton(AF_INET, host, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
        ((struct sockaddr_in *)ss)->sin_family = AF_INET;
        ((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
        *len = sizeof(struct sockaddr_in);
        return 0;
    }
    if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
        ((struct sockaddr_in6 *)ss)->sin6_family = AF_INET6;
        ((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
        *len = sizeof(struct sockaddr_in6);
        return 0;
    }
    return -1;
}

static int open_listener(const struct sockaddr_storage *ss, socklen_t len)
{
    int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;

    if (fd < 0)
        return -1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) ||
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) ||
        bind(fd, (const struct sockaddr *)ss, len) || listen(fd, 4096)) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

static void *loop_main(void *arg)
{
    struct loop *lp = arg;
    struct server *srv = lp->srv;
    struct conn_table_config cc;
    int i;

    lp->evloop = h2o_evloop_create();
    h2o_context_init(&lp->h2o, lp->evloop, &srv->globalconf);
    lp->accept_ctx.ctx = &lp->h2o;
    lp->accept_ctx.hosts = srv->globalconf.hosts;
    lp->proxied_ctx = lp->accept_ctx;
    lp->proxied_ctx.expect_proxy_line = 1;
    cc.limits = srv->conns;
    cc.guard = srv->guard;
    cc.req_timeout_ms = srv->cfg->req_timeout_ms;
    cc.plain = &lp->accept_ctx;
    cc.proxied = &lp->proxied_ctx;
    lp->conns = conn_table_new(lp->evloop, &cc);
    lp->queue = h2o_multithread_create_queue(lp->evloop);
    h2o_multithread_register_receiver(lp->queue, &lp->done_receiver, on_jobs_done);
    for (i = 0; i < N_DELAYS; i++)
        h2o_timeout_init(lp->evloop, &lp->delays[i], 250u << i);
    lp->listener = h2o_evloop_socket_create(lp->evloop, lp->fd, H2O_SOCKET_FLAG_DONT_READ);
    lp->listener->data = lp->conns;
    h2o_socket_read_start(lp->listener, conn_on_accept);

    /* stopping 1: no new connections; 2: the workers are done, so leave
     * once every reply (some held back by a login delay) has gone out */
    for (;;) {
        int stopping = atomic_load(&srv->stopping);
        if (stopping >= 1 && lp->listener) {
            h2o_socket_read_stop(lp->listener);
            h2o_socket_close(lp->listener);
            lp->listener = NULL;
        }
        if (stopping == 2 && lp->n_pending == 0)
            break;
        if (stopping == 3)
            break;          /* deadline: give up on what is left */
        h2o_evloop_run(lp->evloop, 100);
    }
    conn_table_free(lp->conns);
    h2o_multithread_unregister_receiver(lp->queue, &lp->done_receiver);
    h2o_multithread_destroy_queue(lp->queue);
    atomic_store(&lp->done, 1);
    /* Neither the h2o context nor the event loop is disposed: libh2o 2.2
     * asserts that no connection is still registered (keep-alive ones may
     * be) and has no call to close them. The process is about to exit;
     * tests/lsan.supp names what that leaves behind. */
    return NULL;
}

static int all_loops_done(struct server *srv)
{
    unsigned i;

    for (i = 0; i < srv->n_loops; i++)
        if (!atomic_load(&srv->loops[i].done))
            return 0;
    return 1;
}

void server_config_defaults(struct server_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->listen = "127.0.0.1:8080";
    cfg->max_connections = 10000;
    cfg->max_connections_per_addr = 1000;
    cfg->max_pending_per_addr = 256;
    cfg->req_timeout_ms = 10000;
    cfg->idle_timeout_ms = 30000;
    cfg->max_queue = 4096;
    cfg->max_inflight = 2048;
    cfg->rate_limits = 1;
}

int server_run(const struct server_config *cfg, const struct lf_ctx *proto,
               struct lf_err *err)
{
    static struct server srv;      /* one per process; loops point into it */
    struct dispatch_config dc = { 0 };
    char shown_db[512];
    struct sockaddr_storage ss;
    socklen_t sl;
    h2o_hostconf_t *host;
    h2o_pathconf_t *pc;
    h2o_handler_t *api;
    sigset_t sigs;
    unsigned i;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int sig;

    if (ncpu < 1)
        ncpu = 1;
    memset(&srv, 0, sizeof(srv));
    srv.cfg = cfg;
    srv.loop_ctx = *proto;
    srv.loop_ctx.store = NULL;
    srv.loop_ctx.sessions = auth_cache_new();
    if (parse_listen(cfg->listen, &ss, &sl))
        return lf_err_set(err, LF_ERR_INVALID, "listen",
                          "must be HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080");
    if (!(srv.guard = guard_new(cfg->trusted_proxy, cfg->rate_limits, err)))
        return -1;
    srv.conns = connlimit_new(cfg->max_connections, cfg->max_connections_per_addr,
                              cfg->max_pending_per_addr);
    conn_init();

    /* signals go to sigwait() below, never to a loop or worker thread */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    h2o_config_init(&srv.globalconf);
    /* twice the largest route's limit: a body a little over a route's limit
     * still reaches on_api_req and gets the API's JSON 413; a far larger one
     * is cut off by libh2o itself (a text/plain 413) without being read */
    srv.globalconf.max_request_entity_size = 2 * routes_max_body();
    /* HTTP/1.1 only. libh2o 2.2 would also take cleartext HTTP/2 (an
     * "Upgrade: h2c" or the PRI preface), where neither timeout below
     * holds: its idle timer restarts on every frame, so a client that
     * sends a body a byte a second keeps its stream for ever, and one
     * connection carries 100 requests past the per-address count. No
     * browser speaks h2c, and a TLS proxy in front talks HTTP/1.1 to us. */
    srv.globalconf.http1.upgrade_to_http2 = 0;
    /* libh2o 2.2 has one HTTP/1 timer: it starts when a connection begins
     * to wait for a request (its first, or the next on keep-alive) and
     * fires unless the request has arrived whole. It keeps the idle
     * timeout; conn.c holds each request to the shorter request deadline. */
    srv.globalconf.http1.req_timeout = cfg->idle_timeout_ms;
    srv.globalconf.http2.idle_timeout = cfg->idle_timeout_ms;
    host = h2o_config_register_host(&srv.globalconf, h2o_iovec_init(H2O_STRLIT("default")),
                                    65535);
    pc = h2o_config_register_path(host, "/api/", 0);
    api = h2o_create_handler(pc, sizeof(*api));
    api->on_req = on_api_req;
    pc = h2o_config_register_path(host, "/healthz", 0);   /* for load balancers */
    api = h2o_create_handler(pc, sizeof(*api));
    api->on_req = on_api_req;
    if (cfg->web_root)      /* on_any_req first: a request for a file settles its connection */
        static_register(host, cfg->web_root, on_any_req);

    srv.n_loops = cfg->n_loops ? cfg->n_loops : (unsigned)ncpu;
    srv.loops = xcalloc(srv.n_loops, sizeof(*srv.loops));
    for (i = 0; i < srv.n_loops; i++) {
        srv.loops[i].srv = &srv;
        if ((srv.loops[i].fd = open_listener(&ss, sl)) < 0) {
            lf_err_set(err, LF_ERR_INVALID, "listen", "cannot listen on %s: %s",
                       cfg->listen, strerror(errno));
            while (i--)
                close(srv.loops[i].fd);
            free(srv.loops);
            auth_cache_free(srv.loop_ctx.sessions);
            return -1;
        }
    }
    dc.db_path = cfg->db_path;
    dc.n_workers = cfg->n_workers ? cfg->n_workers : (unsigned)ncpu;
    dc.max_queue_workers = cfg->max_queue;
    dc.max_queue_writer = cfg->max_queue * 4;
    dc.max_batch = 1024;
    if (!(srv.dispatch = dispatch_start(&dc, &srv.loop_ctx, err))) {
        for (i = 0; i < srv.n_loops; i++)
            close(srv.loops[i].fd);
        free(srv.loops);
        auth_cache_free(srv.loop_ctx.sessions);
        return -1;
    }
    for (i = 0; i < srv.n_loops; i++)
        pthread_create(&srv.loops[i].tid, NULL, loop_main, &srv.loops[i]);
    log_info("serve: listening on http://%s/ (%u loops, %u workers + 1 writer, db %s)",
             cfg->listen, srv.n_loops, dc.n_workers,
             mask_db_url(cfg->db_path, shown_db, sizeof(shown_db)));

    sigwait(&sigs, &sig);
    log_info("serve: %s received, stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
    atomic_store(&srv.stopping, 1);        /* loops close their listeners */
    dispatch_stop(srv.dispatch);           /* finish and commit queued work */
    atomic_store(&srv.stopping, 2);        /* loops send those replies, leave */
    for (i = 0; i < 60 && !all_loops_done(&srv); i++)
        usleep(100 * 1000);
    atomic_store(&srv.stopping, 3);
    for (i = 0; i < srv.n_loops; i++)
        pthread_join(srv.loops[i].tid, NULL);
    free(srv.loops);
    h2o_config_dispose(&srv.globalconf);
    auth_cache_free(srv.loop_ctx.sessions);
    guard_free(srv.guard);
    log_info("serve: stopped");
    return 0;
}
