/*
 * db.c - the engine-independent half of the driver seam (db.h): the
 * per-connection statement cache, error mapping, the row-reading loops,
 * transactions by their cached statements, and the bulk appender. Each
 * call that touches the engine goes through the driver's table
 * (db_int.h); an indirect call costs a few nanoseconds beside the
 * engine's own work.
 *
 * Statement slots: every struct db_sql gets a process-wide slot on first
 * use (an atomic counter), which indexes each connection's cache, so a
 * module declares its statements where it uses them and nothing lists
 * them all. Two threads racing for a fresh statement may draw two slots;
 * the compare-and-swap keeps one, and the other number is never used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_int.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static int next_slot;

/* A PostgreSQL connection URI (libpq's two spellings), else a file. */
static int is_pg_target(const char *target)
{
    return strncmp(target, "postgresql://", 13) == 0 ||
           strncmp(target, "postgres://", 11) == 0;
}

struct db *db_open(const char *target, unsigned flags, struct lf_err *err)
{
    if (is_pg_target(target))
        return db_pg_driver.open(target, flags, err);
    return db_sqlite_driver.open(target, flags, err);
}

int db_backup(const char *target, const char *out, struct lf_err *err)
{
    return (is_pg_target(target) ? &db_pg_driver : &db_sqlite_driver)->backup(target, out, err);
}

int db_restore(const char *target, const char *from, struct lf_err *err)
{
    return (is_pg_target(target) ? &db_pg_driver : &db_sqlite_driver)->restore(target, from, err);
}

void db_close(struct db *db)
{
    int i;

    if (!db)
        return;
    for (i = 0; i < db->n_cache; i++)
        if (db->cache[i])
            db->drv->finalize(db->cache[i]);
    free(db->cache);
    db->drv->close(db);
}

const char *db_engine(const struct db *db)
{
    return db->drv->name;
}

static int slot_of(struct db_sql *q)
{
    int s = __atomic_load_n(&q->slot, __ATOMIC_ACQUIRE), want = 0;

    if (s)
        return s;
    s = __atomic_add_fetch(&next_slot, 1, __ATOMIC_RELAXED);
    if (!__atomic_compare_exchange_n(&q->slot, &want, s, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
        s = want;       /* another thread drew first: use its slot */
    return s;
}

struct db_stmt *db_prepare(struct db *db, struct db_sql *q, struct lf_err *err)
{
    int slot = slot_of(q) - 1;
    struct db_stmt *st;

    if (slot < db->n_cache && (st = db->cache[slot])) {
        db->drv->clear(st);
        return st;
    }
    if (slot >= db->n_cache) {
        int n = slot + 32;
        db->cache = xrealloc(db->cache, (size_t)n * sizeof(*db->cache));
        memset(db->cache + db->n_cache, 0, (size_t)(n - db->n_cache) * sizeof(*db->cache));
        db->n_cache = n;
    }
    st = db->drv->prepare(db, (q->sql_pg && strcmp(db->drv->name, "pg") == 0) ?
                          q->sql_pg : q->sql, 1, err);
    if (st)
        db->cache[slot] = st;
    return st;
}

struct db_stmt *db_prepare_once(struct db *db, const char *sql, struct lf_err *err)
{
    return db->drv->prepare(db, sql, 0, err);
}

void db_finalize(struct db_stmt *st)
{
    if (st)
        st->db->drv->finalize(st);
}

void db_bind_int(struct db_stmt *st, int i, int64_t v) { st->db->drv->bind_int(st, i, v); }
void db_bind_double(struct db_stmt *st, int i, double v) { st->db->drv->bind_double(st, i, v); }
void db_bind_text(struct db_stmt *st, int i, const char *s) { st->db->drv->bind_text(st, i, s); }
void db_bind_null(struct db_stmt *st, int i) { st->db->drv->bind_null(st, i); }

void db_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
    st->db->drv->bind_blob(st, i, p, n);
}

void db_bind_id(struct db_stmt *st, int i, int64_t id)
{
    if (id)
        st->db->drv->bind_int(st, i, id);
    else
        st->db->drv->bind_null(st, i);
}

int db_step(struct db_stmt *st) { return st->db->drv->step(st); }
void db_reset(struct db_stmt *st) { st->db->drv->reset(st); }
int64_t db_col_int(struct db_stmt *st, int i) { return st->db->drv->col_int(st, i); }
double db_col_double(struct db_stmt *st, int i) { return st->db->drv->col_double(st, i); }
const char *db_col_text(struct db_stmt *st, int i) { return st->db->drv->col_text(st, i); }
int db_col_is_null(struct db_stmt *st, int i) { return st->db->drv->col_is_null(st, i); }
int64_t db_last_id(struct db *db) { return db->drv->last_id(db); }
int db_changes(struct db *db) { return db->drv->changes(db); }
struct db *db_of(struct db_stmt *st) { return st->db; }
const char *db_errmsg(struct db *db) { return db->drv->errmsg(db); }

const void *db_col_blob(struct db_stmt *st, int i, size_t *n)
{
    return st->db->drv->col_blob(st, i, n);
}

void db_col_copy(struct db_stmt *st, int i, char *out, size_t n)
{
    snprintf(out, n, "%s", st->db->drv->col_text(st, i));
}

int db_fail(struct db *db, int rc, const char *what, struct lf_err *err)
{
    log_warn("db: %s: %s (%d)", what, db ? db->drv->errmsg(db) : "", rc);
    switch (rc) {
    case DB_UNIQUE:
    case DB_FOREIGN_KEY:
    case DB_CONSTRAINT:
        return lf_err_set(err, LF_ERR_CONFLICT, NULL, "conflicts with existing data");
    case DB_BUSY:
        return lf_err_set(err, LF_ERR_BUSY, NULL, "database is busy, try again");
    case DB_FULL:
        return lf_err_set(err, LF_ERR_BUSY, NULL, "disk is full");
    default:
        return lf_err_set(err, LF_ERR_INTERNAL, NULL, "database error");
    }
}

int db_run(struct db_stmt *st, const char *what, struct lf_err *err)
{
    int rc = db_step(st);

    db_reset(st);
    if (rc < 0)
        return db_fail(st->db, rc, what, err);
    return 0;
}

/* items with room for one more than n (of size bytes each). */
static void *grow(void *items, size_t n, size_t *cap, size_t size)
{
    if (n >= *cap) {
        *cap = *cap ? *cap * 2 : 16;
        if (*cap <= n)
            *cap = n + 16;
        items = xrealloc(items, *cap * size);
    }
    return items;
}

int db_append_rows(struct db_stmt *st, void **items, size_t *n, size_t *cap, size_t size,
                   void (*from_row)(struct db_stmt *, void *), const char *what,
                   struct lf_err *err)
{
    size_t had = *n;
    int rc;

    while ((rc = db_step(st)) == DB_ROW) {
        *items = grow(*items, *n, cap, size);
        from_row(st, (char *)*items + size * (*n)++);
    }
    db_reset(st);
    if (rc != DB_DONE) {
        *n = had;
        return db_fail(st->db, rc, what, err);
    }
    return 0;
}

int db_read_rows(struct db_stmt *st, void **items, size_t *n, size_t size,
                 void (*from_row)(struct db_stmt *, void *), const char *what,
                 struct lf_err *err)
{
    size_t cap = 0;

    *items = NULL;
    *n = 0;
    if (db_append_rows(st, items, n, &cap, size, from_row, what, err)) {
        free(*items);
        *items = NULL;
        return -1;
    }
    return 0;
}

int db_each_row(struct db_stmt *st, int (*fn)(struct db_stmt *, void *), void *arg,
                const char *what, struct lf_err *err)
{
    int rc, stop = 0;

    while ((rc = db_step(st)) == DB_ROW && !(stop = fn(st, arg)))
        ;
    db_reset(st);
    if (stop)
        return stop;
    if (rc != DB_DONE)
        return db_fail(st->db, rc, what, err);
    return 0;
}

int db_read_one(struct db_stmt *st, void *out,
                void (*from_row)(struct db_stmt *, void *), const char *field,
                const char *reason, const char *what, struct lf_err *err)
{
    int rc = db_step(st);

    if (rc == DB_ROW)
        from_row(st, out);
    db_reset(st);
    if (rc == DB_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, field, "%s", reason);
    if (rc != DB_ROW)
        return db_fail(st->db, rc, what, err);
    return 0;
}

/* --- plain SQL and transactions ------------------------------------------ */

int db_exec(struct db *db, const char *sql, struct lf_err *err)
{
    int rc = db->drv->exec(db, sql);

    return rc < 0 ? db_fail(db, rc, "exec", err) : 0;
}

/* Savepoints all share one name: nesting is strictly LIFO, and RELEASE and
 * ROLLBACK TO act on the innermost savepoint of a name. */
static struct db_sql SQL_BEGIN_READ = DB_SQL("BEGIN DEFERRED");
static struct db_sql SQL_BEGIN_WRITE = DB_SQL("BEGIN IMMEDIATE");
static struct db_sql SQL_COMMIT = DB_SQL("COMMIT");
static struct db_sql SQL_ROLLBACK = DB_SQL("ROLLBACK");
static struct db_sql SQL_SAVEPOINT = DB_SQL("SAVEPOINT sp");
static struct db_sql SQL_RELEASE = DB_SQL("RELEASE sp");
static struct db_sql SQL_ROLLBACK_TO = DB_SQL("ROLLBACK TO sp");

static int control(struct db *db, struct db_sql *q, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(db, q, err);

    return st ? db_run(st, "transaction control", err) : -1;
}

int db_begin(struct db *db, int write, struct lf_err *err)
{
    int rc;

    if (!db->drv->begin)
        return control(db, write ? &SQL_BEGIN_WRITE : &SQL_BEGIN_READ, err);
    rc = db->drv->begin(db, write);
    return rc < 0 ? db_fail(db, rc, "begin", err) : 0;
}

int db_commit(struct db *db, struct lf_err *err) { return control(db, &SQL_COMMIT, err); }
int db_rollback(struct db *db, struct lf_err *err) { return control(db, &SQL_ROLLBACK, err); }
int db_savepoint(struct db *db, struct lf_err *err) { return control(db, &SQL_SAVEPOINT, err); }
int db_release(struct db *db, struct lf_err *err) { return control(db, &SQL_RELEASE, err); }
int db_rollback_to(struct db *db, struct lf_err *err) { return control(db, &SQL_ROLLBACK_TO, err); }
int db_in_transaction(struct db *db) { return db->drv->in_transaction(db); }

int db_schema_version(struct db *db, struct lf_err *err)
{
    int v = 0, rc = db->drv->schema_version(db, &v);

    return rc < 0 ? db_fail(db, rc, "schema_version", err) : v;
}

int db_set_schema_version(struct db *db, int version, struct lf_err *err)
{
    int rc = db->drv->set_schema_version(db, version);

    return rc < 0 ? db_fail(db, rc, "set_schema_version", err) : 0;
}

int db_integrity_check(struct db *db, struct lf_err *err)
{
    int rc = db->drv->integrity_check(db);

    if (rc < 0)
        return db_fail(db, rc, "integrity_check", err);
    return rc ? lf_err_set(err, LF_ERR_INTERNAL, "db", "integrity check failed") : 0;
}

/* --- bulk append ----------------------------------------------------------- */

/* Two ways: DB_APPEND_ROWS rows a multi-row INSERT as the rows come
 * (SQLite), or every row kept until db_append_end() hands them to the
 * driver's copy_rows (PostgreSQL's COPY, a few round trips in all). */
struct db_append {
    struct db *db;
    struct db_stmt *many;            /* DB_APPEND_ROWS rows a statement */
    struct db_stmt *one;
    int n_cols, n_buf;
    long added;                      /* rows the engine took */
    int64_t buf[DB_APPEND_ROWS * DB_APPEND_COLS];
    char table[64];                  /* copy_rows: where to */
    const char *cols[DB_APPEND_COLS];
    int64_t *rows;                   /* copy_rows: every row so far */
    size_t n_rows, cap_rows;
};

static int append_flush(struct db_append *a, struct lf_err *err)
{
    int k, c;

    if (a->n_buf == DB_APPEND_ROWS) {
        db_reset(a->many);
        for (k = 0; k < DB_APPEND_ROWS * a->n_cols; k++)
            db_bind_int(a->many, k + 1, a->buf[k]);
        a->n_buf = 0;
        if (db_run(a->many, "append", err))
            return -1;
        a->added += db_changes(a->db);
        return 0;
    }
    for (k = 0; k < a->n_buf; k++) {
        db_reset(a->one);
        for (c = 0; c < a->n_cols; c++)
            db_bind_int(a->one, c + 1, a->buf[k * a->n_cols + c]);
        if (db_run(a->one, "append", err))
            return -1;
        a->added += db_changes(a->db);
    }
    a->n_buf = 0;
    return 0;
}

/* "INSERT OR IGNORE INTO t(c1,c2) VALUES (?,?),(?,?)..." with rows rows:
 * the table and column names are the caller's identifiers, never input. */
static char *append_sql(const char *table, const char *const *cols, int n_cols,
                        int rows, int pg)
{
    size_t cap = 256 + (size_t)rows * (size_t)n_cols * 3;
    char *sql = xmalloc(cap);
    size_t len = 0;
    int r, c;

    len += (size_t)snprintf(sql + len, cap - len, "INSERT %sINTO %s(",
                            pg ? "" : "OR IGNORE ", table);
    for (c = 0; c < n_cols; c++)
        len += (size_t)snprintf(sql + len, cap - len, "%s%s", c ? "," : "", cols[c]);
    len += (size_t)snprintf(sql + len, cap - len, ") VALUES ");
    for (r = 0; r < rows; r++) {
        len += (size_t)snprintf(sql + len, cap - len, "%s(", r ? "," : "");
        for (c = 0; c < n_cols; c++)
            len += (size_t)snprintf(sql + len, cap - len, "%s?", c ? "," : "");
        len += (size_t)snprintf(sql + len, cap - len, ")");
    }
    if (pg)
        snprintf(sql + len, cap - len, " ON CONFLICT DO NOTHING");
    return sql;
}

struct db_append *db_append_begin(struct db *db, const char *table,
                                  const char *const *cols, int n_cols,
                                  struct lf_err *err)
{
    struct db_append *a;
    char *sql;
    int pg = strcmp(db->drv->name, "pg") == 0;

    if (n_cols < 1 || n_cols > DB_APPEND_COLS)
        BUG("db_append_begin: %d columns", n_cols);
    a = xcalloc(1, sizeof(*a));
    a->db = db;
    a->n_cols = n_cols;
    if (db->drv->copy_rows) {
        snprintf(a->table, sizeof(a->table), "%s", table);
        memcpy(a->cols, cols, (size_t)n_cols * sizeof(*cols));
        return a;
    }
    sql = append_sql(table, cols, n_cols, DB_APPEND_ROWS, pg);
    a->many = db->drv->prepare(db, sql, 1, err);
    free(sql);
    sql = append_sql(table, cols, n_cols, 1, pg);
    a->one = a->many ? db->drv->prepare(db, sql, 1, err) : NULL;
    free(sql);
    if (!a->one) {
        db_finalize(a->many);
        free(a);
        return NULL;
    }
    return a;
}

int db_append_row(struct db_append *a, const int64_t *vals, struct lf_err *err)
{
    if (a->db->drv->copy_rows) {
        if (a->n_rows == a->cap_rows) {
            a->cap_rows = a->cap_rows ? a->cap_rows * 2 : 256;
            a->rows = xrealloc(a->rows, a->cap_rows * (size_t)a->n_cols * sizeof(*a->rows));
        }
        memcpy(a->rows + a->n_rows++ * (size_t)a->n_cols, vals,
               (size_t)a->n_cols * sizeof(*vals));
        return 0;
    }
    memcpy(a->buf + a->n_buf * a->n_cols, vals, (size_t)a->n_cols * sizeof(*vals));
    if (++a->n_buf == DB_APPEND_ROWS)
        return append_flush(a, err);
    return 0;
}

int db_append_end(struct db_append *a, long *added, struct lf_err *err)
{
    int ret = 0;

    if (!a)
        return 0;
    if (a->db->drv->copy_rows && err && a->n_rows) {
        int rc = a->db->drv->copy_rows(a->db, a->table, a->cols, a->n_cols, a->rows,
                                       a->n_rows, &a->added);
        if (rc < 0)
            ret = db_fail(a->db, rc, "append", err);
    }
    free(a->rows);
    if (err && a->n_buf)
        ret = append_flush(a, err);
    if (added)
        *added = a->added;
    db_finalize(a->many);
    db_finalize(a->one);
    free(a);
    return ret;
}
