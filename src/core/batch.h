/*
 * batch.h - group commit (成批提交): the server's writer thread runs many
 * operations in one database transaction and makes them durable with one
 * sync, instead of one sync each.
 *
 * Between batch_begin() and batch_commit() every operation on ctx opens a
 * SAVEPOINT of the batch instead of a transaction (op.h, store.h), so each
 * is still all or nothing and a refused one changes nothing. A bulk write
 * (scan ingest, STORE_WRITE_BULK) joins the batch without a savepoint; if
 * it fails, the whole batch fails. batch_commit() makes everything durable
 * at once, or nothing: when it fails the batch has rolled back, and nobody
 * may be told an operation of it succeeded.
 */
#ifndef LF_BATCH_H
#define LF_BATCH_H

#include "core/ctx.h"
#include "core/err.h"

/* Open a batch on ctx's connection; no transaction may be open. */
int batch_begin(struct lf_ctx *ctx, struct lf_err *err);
/* Commit the batch (one sync); on failure it is rolled back. */
int batch_commit(struct lf_ctx *ctx, struct lf_err *err);
/* Drop the batch and everything in it; none open is fine. */
void batch_rollback(struct lf_ctx *ctx);

#endif
