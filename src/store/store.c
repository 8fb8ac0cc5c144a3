/*
 * store.c - the store's shared half: opening a database (through the
 * driver seam, db.h), migrations, transactions, savepoints, group commit
 * and after-commit hooks. The modules' statements live in their own store
 * files (node.c, venue.c, ...); nothing here knows a table but config.
 *
 * Nesting: a store_begin() inside an open transaction or batch becomes a
 * SAVEPOINT, so a core operation keeps its all-or-nothing semantics inside
 * the writer thread's group commit. STORE_WRITE_BULK at the top of a batch
 * is the exception (store.h): no savepoint, and a failure dooms the batch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/schema.h"
#include "store/store_int.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "util/mask.h"
#include "util/banned.h"

static void after_commit_finish(struct store *s, int min_depth, int run);

/* The engine's migrations. */
static const struct schema_migration *migrations(struct store *s)
{
    return strcmp(db_engine(s->db), "pg") == 0 ? schema_pg : schema_sqlite;
}

/* The version the last migration brings. */
static int latest_version(struct store *s)
{
    const struct schema_migration *m = migrations(s);
    int v = 0;

    for (; m->version; m++)
        v = m->version;
    return v;
}

static int migrate(struct store *s, struct lf_err *err)
{
    int have = db_schema_version(s->db, err);
    const struct schema_migration *m;

    if (have < 0)
        return -1;
    for (m = migrations(s); m->version; m++) {
        if (m->version <= have)
            continue;
        if (db_begin(s->db, 1, err))
            return -1;
        /* another process may have migrated while this one waited for
         * the write lock (a server's several processes starting at once) */
        if ((have = db_schema_version(s->db, err)) < 0) {
            db_rollback(s->db, NULL);
            return -1;
        }
        if (m->version <= have) {
            db_rollback(s->db, NULL);
            continue;
        }
        if (db_exec(s->db, m->sql, err) || db_set_schema_version(s->db, m->version, err)) {
            db_rollback(s->db, NULL);
            return lf_err_set(err, LF_ERR_INTERNAL, NULL, "migration %s failed",
                              m->name);
        }
        if (db_commit(s->db, err))
            return -1;
        log_info("store: migrated %s to schema %d (%s)", s->path, m->version,
                 m->name);
    }
    return 0;
}

struct store *store_open(const char *path, unsigned flags, struct lf_err *err)
{
    struct store *s = xcalloc(1, sizeof(*s));
    unsigned dflags = 0;
    char shown[512];
    int have;

    mask_db_url(path, shown, sizeof(shown));
    s->path = xstrdup(shown);
    if (flags & STORE_READONLY)
        dflags |= DB_READONLY;
    if (flags & STORE_CREATE)
        dflags |= DB_CREATE;
    if (!(s->db = db_open(path, dflags, err)) || (have = db_schema_version(s->db, err)) < 0)
        goto fail;
    /* a schema from a newer program, which this one cannot read safely;
     * an older one is upgraded by a migrating open (serve, init), and
     * refused by the others, which read tables it may not have */
    if (have > latest_version(s)) {
        lf_err_set(err, LF_ERR_INVALID, "db", "%s has schema %d, newer than this "
                   "program's %d: use a newer lianfang", s->path, have, latest_version(s));
        goto fail;
    }
    if (flags & STORE_MIGRATE) {
        if (migrate(s, err))
            goto fail;
    } else if (have == 0) {
        lf_err_set(err, LF_ERR_NOTFOUND, "db",
                   "%s is not a lianfang database (run lianfang init)", s->path);
        goto fail;
    } else if (have < latest_version(s)) {
        lf_err_set(err, LF_ERR_INVALID, "db", "%s has schema %d, older than this "
                   "program's %d (lianfang serve upgrades it)", s->path, have,
                   latest_version(s));
        goto fail;
    }
    return s;
fail:
    store_close(s);
    return NULL;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    after_commit_finish(s, 0, 0);
    db_close(s->db);
    free(s->path);
    free(s);
}

int store_schema_version(struct store *s)
{
    return db_schema_version(s->db, NULL);
}

void store_after_commit(struct store_tx *tx, void (*fn)(void *), void *arg,
                        void (*free_fn)(void *))
{
    struct after_commit *a = xmalloc(sizeof(*a));

    a->fn = fn;
    a->arg = arg;
    a->free_fn = free_fn;
    a->depth = tx->s->depth;
    a->next = tx->s->after;
    tx->s->after = a;
}

/* Run (if run) and free the hooks registered at depth >= min_depth. */
static void after_commit_finish(struct store *s, int min_depth, int run)
{
    struct after_commit *a, **pp = &s->after, *todo = NULL;

    while ((a = *pp)) {
        if (a->depth >= min_depth) {
            *pp = a->next;
            a->next = todo;         /* reverses: oldest first */
            todo = a;
        } else {
            pp = &a->next;
        }
    }
    while ((a = todo)) {
        todo = a->next;
        if (run && a->fn)
            a->fn(a->arg);
        if (a->free_fn)
            a->free_fn(a->arg);
        free(a);
    }
}

/* A released savepoint hands its hooks to the enclosing level. */
static void after_commit_release(struct store *s, int depth)
{
    struct after_commit *a;

    for (a = s->after; a; a = a->next)
        if (a->depth >= depth)
            a->depth = depth - 1;
}

struct store_tx *store_begin(struct store *s, enum store_mode mode,
                             struct lf_err *err)
{
    struct store_tx *tx = xcalloc(1, sizeof(*tx));
    int rc;

    tx->s = s;
    tx->mode = mode;
    if (mode == STORE_WRITE_BULK && s->in_batch && s->depth == 0) {
        tx->joined = 1;          /* no statement: the batch's transaction */
        s->depth++;
        return tx;
    }
    if (s->depth > 0 || s->in_batch) {
        tx->is_savepoint = 1;
        rc = db_savepoint(s->db, err);
    } else {
        rc = db_begin(s->db, mode != STORE_READ, err);
    }
    if (rc) {
        free(tx);
        return NULL;
    }
    s->depth++;
    return tx;
}

int store_commit(struct store_tx *tx, struct lf_err *err)
{
    if (tx->done)
        BUG("store_commit on a finished transaction");
    if (!tx->joined &&
        (tx->is_savepoint ? db_release(tx->s->db, err) : db_commit(tx->s->db, err)))
        return -1;   /* store_tx_free() rolls back */
    tx->done = 1;
    if (tx->is_savepoint || tx->s->in_batch)
        after_commit_release(tx->s, tx->s->depth);
    else
        after_commit_finish(tx->s, 0, 1);     /* durable now */
    tx->s->depth--;
    return 0;
}

void store_tx_free(struct store_tx *tx)
{
    if (!tx)
        return;
    if (!tx->done) {
        after_commit_finish(tx->s, tx->s->depth, 0);
        if (tx->joined) {
            log_warn("store: a bulk write failed; its whole batch rolls back");
            tx->s->batch_doomed = 1;
        } else if (tx->is_savepoint) {
            if (db_rollback_to(tx->s->db, NULL) || db_release(tx->s->db, NULL))
                log_warn("store: rolling back a savepoint failed");
        } else if (db_in_transaction(tx->s->db) && db_rollback(tx->s->db, NULL)) {
            log_warn("store: rollback failed");
        }
        tx->s->depth--;
    }
    free(tx);
}

int store_batch_begin(struct store *s, struct lf_err *err)
{
    if (s->in_batch || s->depth)
        BUG("store_batch_begin inside a transaction");
    if (db_begin(s->db, 1, err))
        return -1;
    s->in_batch = 1;
    return 0;
}

int store_batch_commit(struct store *s, struct lf_err *err)
{
    if (!s->in_batch)
        BUG("store_batch_commit without a batch");
    if (s->depth)
        BUG("store_batch_commit with %d open transactions", s->depth);
    if (s->batch_doomed) {
        store_batch_rollback(s);
        return lf_err_set(err, LF_ERR_BUSY, NULL, "a write committed with this one failed, "
                          "try again");
    }
    if (db_commit(s->db, err)) {
        store_batch_rollback(s);
        return -1;
    }
    s->in_batch = 0;
    after_commit_finish(s, 0, 1);
    return 0;
}

void store_batch_rollback(struct store *s)
{
    if (!s->in_batch)
        return;
    if (db_in_transaction(s->db))
        db_rollback(s->db, NULL);
    s->in_batch = 0;
    s->batch_doomed = 0;
    after_commit_finish(s, 0, 0);
}

int store_integrity_check(struct store *s, struct lf_err *err)
{
    return db_integrity_check(s->db, err);
}

int store_backup(const char *target, const char *out, struct lf_err *err)
{
    return db_backup(target, out, err);
}

int store_restore(const char *target, const char *from, struct lf_err *err)
{
    return db_restore(target, from, err);
}

long store_count_rows(struct store_tx *tx, const char *table, struct lf_err *err)
{
    char sql[96];
    struct db_stmt *st;
    long n = -1;
    const char *c;

    /* table names are identifiers of ours, never client input; still, only
     * [a-z_] is accepted so no text can be spliced into the statement */
    for (c = table; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || *c == '_'))
            return lf_err_set(err, LF_ERR_INVALID, "table", "not a table name");
    if (c == table || c - table > 48)
        return lf_err_set(err, LF_ERR_INVALID, "table", "not a table name");
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
    if (!(st = db_prepare_once(tx->s->db, sql, err)))
        return -1;
    if (db_step(st) == DB_ROW)
        n = (long)db_col_int(st, 0);
    db_finalize(st);
    return n;
}

/* --- config -------------------------------------------------------------- */

static struct db_sql STMT_CONFIG_GET = DB_SQL(
    "SELECT value FROM config WHERE key = ?1");

static struct db_sql STMT_CONFIG_SET = DB_SQL(
    "INSERT INTO config(key, value) VALUES (?1, ?2) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value");

/* Step st expecting one row; LF_ERR_NOTFOUND on none. */
static int step_one(struct store *s, struct db_stmt *st, const char *field,
                    const char *what, struct lf_err *err)
{
    int rc = db_step(st);

    if (rc == DB_ROW)
        return 0;
    db_reset(st);
    if (rc == DB_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, field, "does not exist");
    return db_fail(s->db, rc, what, err);
}

int store_config_get(struct store_tx *tx, const char *key, char *value,
                     unsigned n, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CONFIG_GET, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    if (step_one(tx->s, st, "key", "config_get", err))
        return -1;
    db_col_copy(st, 0, value, n);
    db_reset(st);
    return 0;
}

int store_config_set(struct store_tx *tx, const char *key, const char *value,
                     struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_CONFIG_SET, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, value);
    return db_run(st, "config_set", err);
}
