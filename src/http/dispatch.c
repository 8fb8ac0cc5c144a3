/*
 * dispatch.c - the worker pool and the group-committing writer. See
 * dispatch.h.
 *
 * Why one writer: SQLite allows one writer at a time anyway, and a sync
 * (fsync of the WAL) costs about as much for one row as for a thousand.
 * Batching every job that queued up while the previous batch was syncing
 * gives one sync per batch instead of one per request, so throughput
 * rises with load while each request still waits for at most about two
 * syncs. A request is answered only after the batch holding it committed.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/batch.h"
#include "core/deploy.h"
#include "http/dispatch.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* Two lists: priority jobs (ROUTE_PRIORITY) are taken before the rest. */
struct queue {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct job *head, *tail;
    struct job *phead, *ptail;
    size_t n, max;
    int stopping;
};

struct worker {
    struct dispatch *d;
    pthread_t tid;
    struct lf_ctx ctx;
    int is_writer;
};

struct dispatch {
    struct queue workers_q;
    struct queue writer_q;
    struct worker *threads;           /* n_workers + 1 (the writer last) */
    unsigned n_threads;
    size_t max_batch;
    pthread_mutex_t stats_lock;
    struct dispatch_stats stats;
};

static void queue_init(struct queue *q, size_t max)
{
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->cond, NULL);
    q->head = q->tail = NULL;
    q->phead = q->ptail = NULL;
    q->n = 0;
    q->max = max;
    q->stopping = 0;
}

static int queue_push(struct queue *q, struct job *job)
{
    int prio = (job->call.route->flags & ROUTE_PRIORITY) != 0;
    struct job **head = prio ? &q->phead : &q->head, **tail = prio ? &q->ptail : &q->tail;

    pthread_mutex_lock(&q->lock);
    if (q->n >= q->max || q->stopping) {
        pthread_mutex_unlock(&q->lock);
        return -1;
    }
    job->next = NULL;
    if (*tail)
        (*tail)->next = job;
    else
        *head = job;
    *tail = job;
    q->n++;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
    return 0;
}

/* Up to max jobs from one list, appended to the list first..last; the count. */
static size_t take(struct job **head, struct job **tail, size_t max, struct job **first,
                   struct job **last)
{
    struct job *a = *head, *b = a;
    size_t n;

    if (!a || max == 0)
        return 0;
    for (n = 1; n < max && b->next; n++)
        b = b->next;
    *head = b->next;
    if (!*head)
        *tail = NULL;
    b->next = NULL;
    if (*last)
        (*last)->next = a;
    else
        *first = a;
    *last = b;
    return n;
}

/* Up to max jobs as a list, priority ones first; NULL once stopping and
 * empty. */
static struct job *queue_pop(struct queue *q, size_t max, size_t *n_out)
{
    struct job *first = NULL, *last = NULL;
    size_t n;

    pthread_mutex_lock(&q->lock);
    while (!q->head && !q->phead && !q->stopping)
        pthread_cond_wait(&q->cond, &q->lock);
    n = take(&q->phead, &q->ptail, max, &first, &last);
    n += take(&q->head, &q->tail, max - n, &first, &last);
    q->n -= n;
    pthread_mutex_unlock(&q->lock);
    *n_out = n;
    return first;
}

static void queue_stop(struct queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->stopping = 1;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

void dispatch_run_call(struct lf_ctx *ctx, struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;

    c->ctx = ctx;
    if (!(c->route->flags & ROUTE_PUBLIC)) {
        char addr[ADDR_MAX];
        memcpy(addr, c->who.addr, sizeof(addr));
        if (auth_session(ctx, c->token, addr, &c->who, &err)) {
            /* a token that opens nothing: forged, expired, revoked (no
             * token at all is a page not logged in yet, not an event) */
            if (err.code == LF_ERR_UNAUTHORIZED && c->token && *c->token)
                audit_unauthorized(ctx, addr, c->token, c->route->pattern);
            http_reply_err(c, &err);
            return;
        }
        /* a cookie rides along on requests other sites make the browser
         * send; a state change must also prove it came from our page */
        if (c->token_from_cookie && c->route->method != HTTP_GET &&
            !auth_csrf_ok(ctx, c->token, c->csrf)) {
            lf_err_set(&err, LF_ERR_FORBIDDEN, "X-CSRF-Token",
                       "is missing or wrong; reload the page");
            audit_failure(ctx, &c->who, "csrf.denied", c->route->pattern, &err);
            http_reply_err(c, &err);
            return;
        }
    }
    c->route->handler(c);
}

static void free_prepared(struct http_call *c)
{
    if (c->prepared && c->prepared_free)
        c->prepared_free(c->prepared);
    c->prepared = NULL;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct job *job;
    size_t n;

    while ((job = queue_pop(&w->d->workers_q, 1, &n))) {
        dispatch_run_call(&w->ctx, &job->call);
        /* prepared: on to the writer, which completes it */
        if (job->call.prepared && job->call.status == 0) {
            struct lf_err busy = LF_ERR_INIT;
            if (queue_push(&w->d->writer_q, job) == 0)
                continue;
            free_prepared(&job->call);
            lf_err_set(&busy, LF_ERR_BUSY, NULL, "server is busy, try again shortly");
            http_reply_err(&job->call, &busy);
        }
        free_prepared(&job->call);
        job->done(job);
    }
    return NULL;
}

static void fail_job(struct job *job, const struct lf_err *err)
{
    http_reply_err(&job->call, err);
    job->call.set_cookie[0] = '\0';
}

static void *writer_main(void *arg)
{
    struct worker *w = arg;
    struct dispatch *d = w->d;
    struct job *batch, *job, *next;
    size_t n;

    while ((batch = queue_pop(&d->writer_q, d->max_batch, &n))) {
        struct lf_err err = LF_ERR_INIT;
        if (batch_begin(&w->ctx, &err)) {
            for (job = batch; job; job = job->next)
                fail_job(job, &err);
        } else {
            for (job = batch; job; job = job->next)
                dispatch_run_call(&w->ctx, &job->call);
            if (batch_commit(&w->ctx, &err)) {
                /* nothing of this batch is durable: no one may hear
                 * otherwise, whatever their handler said */
                for (job = batch; job; job = job->next)
                    fail_job(job, &err);
            }
        }
        pthread_mutex_lock(&d->stats_lock);
        d->stats.batches++;
        d->stats.batched_jobs += n;
        pthread_mutex_unlock(&d->stats_lock);
        for (job = batch; job; job = next) {
            next = job->next;
            free_prepared(&job->call);
            job->done(job);
        }
    }
    return NULL;
}

struct dispatch *dispatch_start(const struct dispatch_config *cfg,
                                const struct lf_ctx *proto, struct lf_err *err)
{
    struct dispatch *d = xcalloc(1, sizeof(*d));
    unsigned i;

    queue_init(&d->workers_q, cfg->max_queue_workers);
    queue_init(&d->writer_q, cfg->max_queue_writer);
    pthread_mutex_init(&d->stats_lock, NULL);
    d->max_batch = cfg->max_batch ? cfg->max_batch : 1024;
    d->n_threads = cfg->n_workers + 1;
    d->threads = xcalloc(d->n_threads, sizeof(*d->threads));
    for (i = 0; i < d->n_threads; i++) {
        struct worker *w = &d->threads[i];
        w->d = d;
        w->ctx = *proto;
        w->is_writer = i == d->n_threads - 1;
        if (deploy_connect(&w->ctx, cfg->db_path, 0, err))
            goto fail;
    }
    for (i = 0; i < d->n_threads; i++) {
        struct worker *w = &d->threads[i];
        if (pthread_create(&w->tid, NULL, w->is_writer ? writer_main : worker_main, w)) {
            lf_err_set(err, LF_ERR_INTERNAL, NULL, "cannot start threads");
            d->n_threads = i;      /* join what started */
            dispatch_stop(d);
            return NULL;
        }
    }
    return d;
fail:
    for (i = 0; i < d->n_threads; i++)
        deploy_close(&d->threads[i].ctx);
    free(d->threads);
    free(d);
    return NULL;
}

void dispatch_stop(struct dispatch *d)
{
    unsigned i;

    if (!d)
        return;
    queue_stop(&d->workers_q);
    queue_stop(&d->writer_q);
    for (i = 0; i < d->n_threads; i++)
        pthread_join(d->threads[i].tid, NULL);
    for (i = 0; i < d->n_threads; i++)
        deploy_close(&d->threads[i].ctx);
    free(d->threads);
    free(d);
}

int dispatch_submit(struct dispatch *d, struct job *job)
{
    unsigned f = job->call.route->flags;
    struct queue *q = (f & ROUTE_WRITER) && !(f & ROUTE_PREPARED) ? &d->writer_q
                                                                 : &d->workers_q;
    if (queue_push(q, job) == 0)
        return 0;
    pthread_mutex_lock(&d->stats_lock);
    d->stats.rejected++;
    pthread_mutex_unlock(&d->stats_lock);
    return -1;
}

void dispatch_get_stats(struct dispatch *d, struct dispatch_stats *out)
{
    pthread_mutex_lock(&d->stats_lock);
    *out = d->stats;
    pthread_mutex_unlock(&d->stats_lock);
}
