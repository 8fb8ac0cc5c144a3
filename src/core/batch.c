/*
 * batch.c - group commit. See batch.h; the store does the work
 * (store_batch_begin() and the savepoints of store_begin()), this is the
 * door the server goes through, so that it needs no store of its own.
 */
#include "core/batch.h"
#include "store/store.h"
#include "util/banned.h"

int batch_begin(struct lf_ctx *ctx, struct lf_err *err)
{
    return store_batch_begin(ctx->store, err);
}

int batch_commit(struct lf_ctx *ctx, struct lf_err *err)
{
    return store_batch_commit(ctx->store, err);
}

void batch_rollback(struct lf_ctx *ctx)
{
    store_batch_rollback(ctx->store);
}
