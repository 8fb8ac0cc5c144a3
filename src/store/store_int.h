/*
 * store_int.h - what the store's files share: the connection and
 * transaction structs behind store.h's opaque types, and the driver seam.
 * Nothing outside src/store/ includes this.
 */
#ifndef LF_STORE_INT_H
#define LF_STORE_INT_H
#include "store/db.h"
#include "store/store.h"

struct after_commit {
    struct after_commit *next;
    void (*fn)(void *);
    void *arg;
    void (*free_fn)(void *);
    int depth;               /* transaction depth it was registered at */
};

struct store {
    struct db *db;
    struct after_commit *after;   /* newest first */
    char *path;
    int in_batch;            /* inside store_batch_begin() */
    int batch_doomed;        /* a joined STORE_WRITE_BULK failed: roll back */
    int depth;               /* open transactions/savepoints */
};

struct store_tx {
    struct store *s;
    enum store_mode mode;
    int is_savepoint;
    int joined;              /* STORE_WRITE_BULK in the batch's transaction */
    int done;                /* committed or rolled back */
};

#endif
