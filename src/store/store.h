/*
 * store.h - the store's shared interface: opening a database, transactions,
 * group commit, after-commit hooks, settings. Each module's operations are
 * declared in its own header (store/venue.h, store/case.h, ...) and run
 * their SQL, which lives only in src/store/<module>.c, through the driver
 * seam (store/db.h), so an engine is a driver, not a rewrite.
 *
 * A struct store is one connection, used by one thread at a time. Every
 * read and write happens inside a transaction from store_begin(); nothing
 * writes outside one. One core operation is one transaction, so a rejected
 * operation changes nothing.
 *
 * Group commit: the server's writer thread opens a batch with
 * store_batch_begin(); inside it, store_begin() opens a SAVEPOINT instead of
 * a transaction, so each operation still commits or rolls back as a whole,
 * and store_batch_commit() makes the whole batch durable with one sync.
 * Nobody is told an operation succeeded before its batch commit returned.
 *
 * Errors: backend codes are mapped once, in db.c (constraint → LF_ERR_CONFLICT,
 * busy/locked → LF_ERR_BUSY, anything else → LF_ERR_INTERNAL); the backend's
 * text goes to the log, never to the client. Getters fail with
 * LF_ERR_NOTFOUND (field as given by the caller) when there is no row.
 * Lists are the caller's to free with node_list_free() etc. (core headers).
 */
#ifndef LF_STORE_H
#define LF_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct store;
struct store_tx;

/* STORE_WRITE_BULK: a write that, at the top of a batch, joins the batch's
 * transaction without a SAVEPOINT. Inside a savepoint SQLite copies every
 * existing page on its first change into the sub-journal (4 KiB each, in
 * memory): for a bulk insert that touches thousands of pages that costs
 * about a tenth of the insert. The price: it cannot be rolled back alone.
 * Freed uncommitted, it dooms the batch: store_batch_commit() then rolls
 * the whole batch back and fails (LF_ERR_BUSY), so everybody in it hears
 * 503. Its caller must therefore find every error of its input before the
 * first write, leaving only store failures after it. Anywhere else (no
 * batch, or nested) it is STORE_WRITE. */
enum store_mode { STORE_READ, STORE_WRITE, STORE_WRITE_BULK };

enum store_open_flags {
    STORE_CREATE = 1 << 0,      /* create the file if missing */
    STORE_MIGRATE = 1 << 1,     /* run pending migrations */
    STORE_READONLY = 1 << 2     /* a reader connection */
};

/* Open path. WAL mode, synchronous=FULL, foreign keys on, busy timeout. */
struct store *store_open(const char *path, unsigned flags, struct lf_err *err);
void store_close(struct store *s);
int store_schema_version(struct store *s);

struct store_tx *store_begin(struct store *s, enum store_mode mode,
                             struct lf_err *err);
/* Commit (or release the savepoint); the tx stays to be freed. */
int store_commit(struct store_tx *tx, struct lf_err *err);
/* Rolls back unless committed; NULL is fine. */
void store_tx_free(struct store_tx *tx);

/* Run fn(arg) once the transaction holding tx is durable: at the
 * outermost COMMIT, or at store_batch_commit() inside a batch. If the
 * change rolls back instead (this savepoint or an outer one, or the
 * batch), fn is not run. Either way free_fn(arg) runs afterwards, if not
 * NULL. For effects outside the database that must not get ahead of it,
 * such as forgetting a cached session. */
void store_after_commit(struct store_tx *tx, void (*fn)(void *), void *arg,
                        void (*free_fn)(void *));

int store_batch_begin(struct store *s, struct lf_err *err);
int store_batch_commit(struct store *s, struct lf_err *err);
void store_batch_rollback(struct store *s);

/* Consistency check of the whole file: 0 when "ok". */
int store_integrity_check(struct store *s, struct lf_err *err);

/* Copies of a whole database (path or URL), for `lianfang backup` and
 * `restore`: store_backup() writes a consistent copy of target, taken
 * while a server may be writing to it, to the new file out (SQLite: a
 * database file; PostgreSQL: a pg_dump archive); store_restore() brings
 * such a copy into target, a file that does not exist yet or an existing
 * PostgreSQL database without tables. Neither checks the copy's schema:
 * open it afterwards. */
int store_backup(const char *target, const char *out, struct lf_err *err);
int store_restore(const char *target, const char *from, struct lf_err *err);

/* --- config: key/value settings of the deployment ------------------------ */
/* Fails with LF_ERR_NOTFOUND (field "key") when the key is not set. */
int store_config_get(struct store_tx *tx, const char *key, char *value,
                     unsigned n, struct lf_err *err);

int store_config_set(struct store_tx *tx, const char *key, const char *value,
                     struct lf_err *err);

/* Rows of table name; for tests and checks ("nothing changed"). */
long store_count_rows(struct store_tx *tx, const char *table,
                      struct lf_err *err);

#endif
