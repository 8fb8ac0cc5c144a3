/*
 * sqlite.c - the SQLite backend: connections, transactions, group commit,
 * migrations, and the statement cache. The per-record operations are in
 * sqlite_records.c.
 *
 * Durability: WAL mode with synchronous=FULL, so a COMMIT returns only
 * after the WAL is synced; the server acknowledges a write only after its
 * (batch) commit returned. Writers use BEGIN IMMEDIATE so that a
 * transaction never has to upgrade its lock half-way (which can fail with
 * SQLITE_BUSY after work was done). Readers in WAL mode never block the
 * writer nor are blocked by it.
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
#include "store/sqlite_int.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define STORE_STMT_SQL(name, sql) sql,
static const char *const stmt_sql[] = { STORE_STMTS(STORE_STMT_SQL) };
#undef STORE_STMT_SQL

int sqlite__fail(struct store *s, int rc, const char *what, struct lf_err *err)
{
    int primary = rc & 0xff;

    log_warn("sqlite: %s: %s (%d)", what, s && s->db ? sqlite3_errmsg(s->db) : "",
             rc);
    switch (primary) {
    case SQLITE_CONSTRAINT:
        return lf_err_set(err, LF_ERR_CONFLICT, NULL, "conflicts with existing data");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return lf_err_set(err, LF_ERR_BUSY, NULL, "database is busy, try again");
    case SQLITE_FULL:
        return lf_err_set(err, LF_ERR_BUSY, NULL, "disk is full");
    default:
        return lf_err_set(err, LF_ERR_INTERNAL, NULL, "database error");
    }
}

sqlite3_stmt *sqlite__stmt(struct store *s, enum store_stmt id, struct lf_err *err)
{
    sqlite3_stmt *st = s->stmts[id];
    int rc;

    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
    }
    rc = sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                            &st, NULL);
    if (rc != SQLITE_OK) {
        sqlite__fail(s, rc, stmt_sql[id], err);
        return NULL;
    }
    s->stmts[id] = st;
    return st;
}

int sqlite__exec_stmt(struct store *s, sqlite3_stmt *st, const char *what,
                      struct lf_err *err)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sqlite__fail(s, rc, what, err);
    return 0;
}

void sqlite__col_text(sqlite3_stmt *st, int i, char *out, unsigned n)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(out, n, "%s", t ? (const char *)t : "");
}

void sqlite__bind_text(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/* items with room for one more than n (of size bytes each). */
static void *grow(void *items, size_t n, size_t *cap, size_t size)
{
    if (n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        items = xrealloc(items, *cap * size);
    }
    return items;
}

int sqlite__read_rows(struct store *s, sqlite3_stmt *st, void **items, size_t *n,
                      size_t size, void (*from_row)(sqlite3_stmt *, void *),
                      const char *what, struct lf_err *err)
{
    size_t cap = 0;
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *items = grow(*items, *n, &cap, size);
        from_row(st, (char *)*items + size * (*n)++);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(*items);
        *items = NULL;
        *n = 0;
        return sqlite__fail(s, rc, what, err);
    }
    return 0;
}

int sqlite__read_one(struct store *s, sqlite3_stmt *st, void *out,
                     void (*from_row)(sqlite3_stmt *, void *), const char *field,
                     const char *reason, const char *what, struct lf_err *err)
{
    int rc = sqlite3_step(st);

    if (rc == SQLITE_ROW)
        from_row(st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, field, "%s", reason);
    if (rc != SQLITE_ROW)
        return sqlite__fail(s, rc, what, err);
    return 0;
}

static void after_commit_finish(struct store *s, int min_depth, int run);

static int exec(struct store *s, const char *sql, struct lf_err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);

    if (rc != SQLITE_OK) {
        log_warn("sqlite: %s: %s", sql, msg ? msg : "");
        sqlite3_free(msg);
        return sqlite__fail(s, rc, "exec", err);
    }
    return 0;
}

static int migrate(struct store *s, struct lf_err *err)
{
    int have = store_schema_version(s);
    const struct schema_migration *m;
    char sql[64];

    for (m = schema_sqlite; m->version; m++) {
        if (m->version <= have)
            continue;
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", m->version);
        if (exec(s, "BEGIN IMMEDIATE", err))
            return -1;
        if (exec(s, m->sql, err) || exec(s, sql, err)) {
            exec(s, "ROLLBACK", NULL);
            return lf_err_set(err, LF_ERR_INTERNAL, NULL, "migration %s failed",
                              m->name);
        }
        if (exec(s, "COMMIT", err))
            return -1;
        log_info("store: migrated %s to schema %d (%s)", s->path, m->version,
                 m->name);
    }
    return 0;
}

struct store *store_open(const char *path, unsigned flags, struct lf_err *err)
{
    struct store *s = xcalloc(1, sizeof(*s));
    int oflags = SQLITE_OPEN_NOMUTEX;
    int rc;

    s->path = xstrdup(path);
    if (flags & STORE_READONLY)
        oflags |= SQLITE_OPEN_READONLY;
    else
        oflags |= SQLITE_OPEN_READWRITE | ((flags & STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
    rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
    if (rc != SQLITE_OK) {
        lf_err_set(err, rc == SQLITE_CANTOPEN ? LF_ERR_NOTFOUND : LF_ERR_INTERNAL,
                   "db", "cannot open database %s", path);
        store_close(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 5000);
    sqlite3_extended_result_codes(s->db, 1);
    if ((!(flags & STORE_READONLY) && exec(s, "PRAGMA journal_mode = WAL", err)) ||
        exec(s, "PRAGMA synchronous = FULL", err) ||
        exec(s, "PRAGMA foreign_keys = ON", err) ||
        exec(s, "PRAGMA temp_store = MEMORY", err) ||
        exec(s, "PRAGMA cache_size = -65536", err) ||
        ((flags & STORE_MIGRATE) && migrate(s, err))) {
        store_close(s);
        return NULL;
    }
    if (!(flags & STORE_MIGRATE) && store_schema_version(s) == 0) {
        lf_err_set(err, LF_ERR_NOTFOUND, "db",
                   "%s is not a lianfang database (run lianfang init)", path);
        store_close(s);
        return NULL;
    }
    return s;
}

void store_close(struct store *s)
{
    int i;

    if (!s)
        return;
    after_commit_finish(s, 0, 0);
    for (i = 0; i < STMT__COUNT; i++)
        sqlite3_finalize(s->stmts[i]);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

int store_schema_version(struct store *s)
{
    sqlite3_stmt *st;
    int v = 0;

    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
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

/* Run one of the cached transaction-control statements. Savepoints all
 * share the name "sp": nesting is strictly LIFO and SQLite's RELEASE and
 * ROLLBACK TO act on the innermost savepoint of a name. */
static int control(struct store *s, enum store_stmt id, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(s, id, err);

    return st ? sqlite__exec_stmt(s, st, "transaction control", err) : -1;
}

struct store_tx *store_begin(struct store *s, enum store_mode mode,
                             struct lf_err *err)
{
    struct store_tx *tx = xcalloc(1, sizeof(*tx));
    enum store_stmt id;

    tx->s = s;
    tx->mode = mode;
    if (mode == STORE_WRITE_BULK && s->in_batch && s->depth == 0) {
        tx->joined = 1;          /* no statement: the batch's transaction */
        s->depth++;
        return tx;
    }
    if (s->depth > 0 || s->in_batch) {
        tx->is_savepoint = 1;
        id = STMT_SAVEPOINT;
    } else {
        id = mode != STORE_READ ? STMT_BEGIN_WRITE : STMT_BEGIN_READ;
    }
    if (control(s, id, err)) {
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
        control(tx->s, tx->is_savepoint ? STMT_RELEASE : STMT_COMMIT, err))
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
            if (control(tx->s, STMT_ROLLBACK_TO, NULL) || control(tx->s, STMT_RELEASE, NULL))
                log_warn("store: rolling back a savepoint failed");
        } else if (sqlite3_get_autocommit(tx->s->db) == 0 &&
                   control(tx->s, STMT_ROLLBACK, NULL)) {
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
    if (control(s, STMT_BEGIN_WRITE, err))
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
    if (control(s, STMT_COMMIT, err)) {
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
    if (sqlite3_get_autocommit(s->db) == 0)
        control(s, STMT_ROLLBACK, NULL);
    s->in_batch = 0;
    s->batch_doomed = 0;
    after_commit_finish(s, 0, 0);
}

int store_integrity_check(struct store *s, struct lf_err *err)
{
    sqlite3_stmt *st;
    int ok = 0;

    if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return sqlite__fail(s, sqlite3_errcode(s->db), "integrity_check", err);
    if (sqlite3_step(st) == SQLITE_ROW &&
        strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0)
        ok = 1;
    sqlite3_finalize(st);
    return ok ? 0 : lf_err_set(err, LF_ERR_INTERNAL, "db", "integrity check failed");
}

long store_count_rows(struct store_tx *tx, const char *table, struct lf_err *err)
{
    char sql[96];
    sqlite3_stmt *st;
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
    if (sqlite3_prepare_v2(tx->s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sqlite__fail(tx->s, sqlite3_errcode(tx->s->db), "count", err);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}
