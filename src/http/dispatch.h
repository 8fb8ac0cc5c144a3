/*
 * dispatch.h - running API calls off the event loops.
 *
 * Two kinds of threads own a store connection each: a pool of workers
 * (reads, and CPU-heavy calls such as logins) and one writer. The writer
 * takes every queued job at once, runs them in one batch (each call in
 * its own savepoint, so each is still all-or-nothing), commits the batch
 * with one sync (group commit) and only then completes them. A full queue
 * refuses new jobs at once, so the caller can answer 503 instead of
 * queueing without bound.
 *
 * Ownership: dispatch_submit() borrows the job until job->done(job) is
 * called from the thread that ran it; done() must hand the job back to
 * its event loop, which frees it.
 */
#ifndef LF_DISPATCH_H
#define LF_DISPATCH_H
#include <stddef.h>

#include "core/ctx.h"
#include "core/err.h"
#include "http/http.h"

struct dispatch;

struct job {
    struct job *next;                 /* queue link, owned by dispatch */
    void (*done)(struct job *job);    /* called once, on a worker thread */
    struct http_call call;
};

struct dispatch_config {
    const char *db_path;
    unsigned n_workers;
    size_t max_queue_workers;
    size_t max_queue_writer;
    size_t max_batch;                 /* jobs per group commit */
};

/* Open one store per thread (proto's settings are copied into each
 * thread's ctx) and start the threads. */
struct dispatch *dispatch_start(const struct dispatch_config *cfg,
                                const struct lf_ctx *proto, struct lf_err *err);
/* Finish every queued job, then join and close. */
void dispatch_stop(struct dispatch *d);
/* Queue job for its route's thread; -1 when that queue is full. */
int dispatch_submit(struct dispatch *d, struct job *job);

/* Run one call on the current thread with ctx: authenticate (unless the
 * route is public), check CSRF for cookie sessions, run the handler. */
void dispatch_run_call(struct lf_ctx *ctx, struct http_call *c);

/* Counters for /healthz and the log. */
struct dispatch_stats {
    unsigned long long batches, batched_jobs, rejected;
};
void dispatch_get_stats(struct dispatch *d, struct dispatch_stats *out);

#endif
