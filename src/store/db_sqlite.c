/*
 * db_sqlite.c - the SQLite driver behind db.h.
 *
 * Durability: WAL mode with synchronous=FULL, so a COMMIT returns only
 * after the WAL is synced. Writers begin with BEGIN IMMEDIATE (db.c), so a
 * transaction never has to upgrade its lock half-way, which can fail with
 * SQLITE_BUSY after work was done. Readers in WAL mode neither block the
 * writer nor are blocked by it. The schema version is PRAGMA user_version.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>

#include "store/db_int.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct sq_db {
    struct db base;
    sqlite3 *h;
};

struct sq_stmt {
    struct db_stmt base;
    sqlite3_stmt *h;
};

#define H(db) (((struct sq_db *)(db))->h)
#define S(st) (((struct sq_stmt *)(st))->h)

static int map_rc(int rc)
{
    switch (rc) {
    case SQLITE_ROW:
        return DB_ROW;
    case SQLITE_DONE:
    case SQLITE_OK:
        return DB_DONE;
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return DB_UNIQUE;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return DB_FOREIGN_KEY;
    }
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
        return DB_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return DB_BUSY;
    case SQLITE_FULL:
        return DB_FULL;
    default:
        return DB_ERROR;
    }
}

static int pragma(sqlite3 *h, const char *sql)
{
    return sqlite3_exec(h, sql, NULL, NULL, NULL);
}

static void sq_close(struct db *db)
{
    sqlite3_close(H(db));
    free(db);
}

static struct db *sq_open(const char *path, unsigned flags, struct lf_err *err)
{
    struct sq_db *d = xcalloc(1, sizeof(*d));
    int oflags = SQLITE_OPEN_NOMUTEX, rc;

    d->base.drv = &db_sqlite_driver;
    if (flags & DB_READONLY)
        oflags |= SQLITE_OPEN_READONLY;
    else
        oflags |= SQLITE_OPEN_READWRITE | ((flags & DB_CREATE) ? SQLITE_OPEN_CREATE : 0);
    rc = sqlite3_open_v2(path, &d->h, oflags, NULL);
    if (rc != SQLITE_OK) {
        lf_err_set(err, rc == SQLITE_CANTOPEN ? LF_ERR_NOTFOUND : LF_ERR_INTERNAL,
                   "db", "cannot open database %s", path);
        sq_close(&d->base);
        return NULL;
    }
    sqlite3_busy_timeout(d->h, 5000);
    sqlite3_extended_result_codes(d->h, 1);
    if ((!(flags & DB_READONLY) && pragma(d->h, "PRAGMA journal_mode = WAL")) ||
        pragma(d->h, "PRAGMA synchronous = FULL") ||
        pragma(d->h, "PRAGMA foreign_keys = ON") ||
        pragma(d->h, "PRAGMA temp_store = MEMORY") ||
        pragma(d->h, "PRAGMA cache_size = -65536")) {
        db_fail(&d->base, map_rc(sqlite3_errcode(d->h)), "open", err);
        sq_close(&d->base);
        return NULL;
    }
    return &d->base;
}

static struct db_stmt *sq_prepare(struct db *db, const char *sql, int persistent,
                                  struct lf_err *err)
{
    sqlite3_stmt *h;
    struct sq_stmt *st;
    int rc = sqlite3_prepare_v3(H(db), sql, -1,
                                persistent ? SQLITE_PREPARE_PERSISTENT : 0, &h, NULL);

    if (rc != SQLITE_OK) {
        db_fail(db, map_rc(rc), sql, err);
        return NULL;
    }
    st = xmalloc(sizeof(*st));
    st->base.db = db;
    st->h = h;
    return &st->base;
}

static void sq_finalize(struct db_stmt *st)
{
    sqlite3_finalize(S(st));
    free(st);
}

static void sq_clear(struct db_stmt *st)
{
    sqlite3_reset(S(st));
    sqlite3_clear_bindings(S(st));
}

static void sq_bind_int(struct db_stmt *st, int i, int64_t v) { sqlite3_bind_int64(S(st), i, v); }
static void sq_bind_double(struct db_stmt *st, int i, double v) { sqlite3_bind_double(S(st), i, v); }
static void sq_bind_null(struct db_stmt *st, int i) { sqlite3_bind_null(S(st), i); }

static void sq_bind_text(struct db_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(S(st), i, s, -1, SQLITE_TRANSIENT);
}

static void sq_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
    sqlite3_bind_blob(S(st), i, p, (int)n, SQLITE_TRANSIENT);
}

static int sq_step(struct db_stmt *st) { return map_rc(sqlite3_step(S(st))); }
static void sq_reset(struct db_stmt *st) { sqlite3_reset(S(st)); }
static int64_t sq_col_int(struct db_stmt *st, int i) { return sqlite3_column_int64(S(st), i); }
static double sq_col_double(struct db_stmt *st, int i) { return sqlite3_column_double(S(st), i); }

static const char *sq_col_text(struct db_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(S(st), i);
    return t ? (const char *)t : "";
}

static const void *sq_col_blob(struct db_stmt *st, int i, size_t *n)
{
    const void *p = sqlite3_column_blob(S(st), i);

    *n = (size_t)sqlite3_column_bytes(S(st), i);
    return p;
}

static int sq_col_is_null(struct db_stmt *st, int i)
{
    return sqlite3_column_type(S(st), i) == SQLITE_NULL;
}

static int64_t sq_last_id(struct db *db) { return sqlite3_last_insert_rowid(H(db)); }
static int sq_changes(struct db *db) { return sqlite3_changes(H(db)); }
static const char *sq_errmsg(struct db *db) { return sqlite3_errmsg(H(db)); }
static int sq_exec(struct db *db, const char *sql) { return map_rc(sqlite3_exec(H(db), sql, NULL, NULL, NULL)); }
static int sq_in_transaction(struct db *db) { return sqlite3_get_autocommit(H(db)) == 0; }

static int sq_schema_version(struct db *db, int *version)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(H(db), "PRAGMA user_version", -1, &st, NULL);

    if (rc != SQLITE_OK)
        return map_rc(rc);
    *version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return 0;
}

static int sq_set_schema_version(struct db *db, int version)
{
    char sql[48];

    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
    return sq_exec(db, sql);
}

static int sq_integrity_check(struct db *db)
{
    sqlite3_stmt *st;
    int ok = 0, rc = sqlite3_prepare_v2(H(db), "PRAGMA integrity_check", -1, &st, NULL);

    if (rc != SQLITE_OK)
        return map_rc(rc);
    if (sqlite3_step(st) == SQLITE_ROW &&
        strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0)
        ok = 1;
    sqlite3_finalize(st);
    return ok ? 0 : 1;
}

/* The whole of from into the new file to, by the online backup API: one
 * step under one read transaction of from, so the copy is one consistent
 * moment however the file is being written meanwhile (WAL: the writers
 * do not wait). field names the option a failure is about. */
static int copy_file(const char *from, const char *to, const char *field, struct lf_err *err)
{
    sqlite3 *src = NULL, *dst = NULL;
    sqlite3_backup *b;
    int rc;

    if (access(to, F_OK) == 0)
        return lf_err_set(err, LF_ERR_CONFLICT, field, "%s exists; give a new file", to);
    if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(src);
        return lf_err_set(err, LF_ERR_NOTFOUND, field, "cannot open %s", from);
    }
    sqlite3_busy_timeout(src, 5000);
    if (sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        lf_err_set(err, LF_ERR_INVALID, field, "cannot create %s", to);
        goto out;
    }
    if (!(b = sqlite3_backup_init(dst, "main", src, "main"))) {
        lf_err_set(err, LF_ERR_INTERNAL, field, "backup: %s", sqlite3_errmsg(dst));
        goto out;
    }
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep(50);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        lf_err_set(err, rc == SQLITE_FULL ? LF_ERR_BUSY : LF_ERR_INTERNAL, field,
                   "copying %s: %s", from, sqlite3_errstr(rc));
        goto out;
    }
    sqlite3_close(src);
    return sqlite3_close(dst) == SQLITE_OK ? 0
           : lf_err_set(err, LF_ERR_INTERNAL, field, "closing %s", to);
out:
    sqlite3_close(src);
    sqlite3_close(dst);
    unlink(to);
    return -1;
}

static int sq_backup(const char *target, const char *out, struct lf_err *err)
{
    return copy_file(target, out, "out", err);
}

static int sq_restore(const char *target, const char *from, struct lf_err *err)
{
    if (access(from, R_OK) != 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, "from", "cannot read %s", from);
    return copy_file(from, target, "db", err);
}

const struct db_driver db_sqlite_driver = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .clear = sq_clear,
    .bind_int = sq_bind_int,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .reset = sq_reset,
    .col_int = sq_col_int,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .col_is_null = sq_col_is_null,
    .last_id = sq_last_id,
    .changes = sq_changes,
    .errmsg = sq_errmsg,
    .exec = sq_exec,
    .in_transaction = sq_in_transaction,
    .schema_version = sq_schema_version,
    .set_schema_version = sq_set_schema_version,
    .integrity_check = sq_integrity_check,
    .backup = sq_backup,
    .restore = sq_restore,
};
