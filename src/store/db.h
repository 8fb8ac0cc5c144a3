/*
 * db.h - the driver seam: the few calls the store's module files make of a
 * database engine. SQLite (db_sqlite.c) is the first driver; a second
 * (PostgreSQL's libpq) is a db_pg.c behind the same calls, with no change
 * to the module files.
 *
 * A struct db is one connection, used by one thread at a time. A module's
 * statement is a `static struct db_sql` in its store file, written once in
 * portable SQL with ?N parameters; where an engine needs its own form
 * (INSERT OR IGNORE, strftime, WITHOUT ROWID), the variant stands beside it
 * (DB_SQL_VARIANT). db_prepare() prepares a statement once per connection
 * and hands out the cached copy, reset and with its bindings cleared.
 *
 * Steps return DB_ROW, DB_DONE or a negative enum db_rc; db_fail() turns a
 * negative code into the one error struct (constraint → LF_ERR_CONFLICT,
 * busy → LF_ERR_BUSY, else LF_ERR_INTERNAL), logging the engine's text,
 * which never reaches a client. Text handed out by db_col_text() is
 * borrowed until the next step or reset of that statement.
 *
 * Transactions are the store's business (store.c); the driver offers the
 * plain forms: begin (read or write), commit, rollback, savepoints.
 */
#ifndef LF_DB_H
#define LF_DB_H
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;
struct db_stmt;

/* A statement of a module. slot is the statement's index in every
 * connection's cache, drawn on first use (0 = not yet); never set it. */
struct db_sql {
    const char *sql;         /* the portable form (SQLite's when pg is set) */
    const char *sql_pg;      /* PostgreSQL's own form, or NULL */
    int slot;
};
#define DB_SQL(text) { (text), NULL, 0 }
#define DB_SQL_VARIANT(sqlite_text, pg_text) { (sqlite_text), (pg_text), 0 }

enum db_rc {
    DB_DONE = 0,             /* no (more) rows */
    DB_ROW = 1,              /* a row is ready */
    DB_ERROR = -1,           /* anything else; see the log */
    DB_UNIQUE = -2,          /* a UNIQUE or PRIMARY KEY constraint */
    DB_FOREIGN_KEY = -3,     /* a FOREIGN KEY constraint */
    DB_CONSTRAINT = -4,      /* another constraint (CHECK, NOT NULL, trigger) */
    DB_BUSY = -5,            /* locked by another connection */
    DB_FULL = -6             /* the disk is full */
};

enum db_open_flags {
    DB_CREATE = 1 << 0,      /* create the database if missing */
    DB_READONLY = 1 << 1     /* a reader connection */
};

/* Open a connection: a PostgreSQL URI (postgresql://... or postgres://...,
 * libpq's syntax; the database must exist) or else a file path (SQLite).
 * NULL with *err set on failure (LF_ERR_NOTFOUND when the file or the
 * database is missing and DB_CREATE not given; LF_ERR_INVALID when the
 * server would not keep a commit durable). Messages and logs show the
 * target through mask_db_url() (util/mask.h): never its password. */
struct db *db_open(const char *target, unsigned flags, struct lf_err *err);
void db_close(struct db *db);
/* "sqlite" or "pg": for the rare statement that is not in the seam. */
const char *db_engine(const struct db *db);

/* --- statements ------------------------------------------------------- */
/* The cached statement of q, reset and unbound; NULL with *err set. */
struct db_stmt *db_prepare(struct db *db, struct db_sql *q, struct lf_err *err);
/* A statement built at run time (never with client text spliced in):
 * uncached, freed with db_finalize(). */
struct db_stmt *db_prepare_once(struct db *db, const char *sql,
                                struct lf_err *err);
void db_finalize(struct db_stmt *st);

/* Parameters count from 1. Text and blobs are copied. */
void db_bind_int(struct db_stmt *st, int i, int64_t v);
void db_bind_double(struct db_stmt *st, int i, double v);
void db_bind_text(struct db_stmt *st, int i, const char *s);
void db_bind_blob(struct db_stmt *st, int i, const void *p, size_t n);
void db_bind_null(struct db_stmt *st, int i);
/* An id, or NULL when it is 0 (optional foreign keys). */
void db_bind_id(struct db_stmt *st, int i, int64_t id);

/* DB_ROW, DB_DONE or a negative enum db_rc. */
int db_step(struct db_stmt *st);
void db_reset(struct db_stmt *st);
/* Step a statement to its end and reset it: 0, or -1 with *err (what
 * names the statement in the log). */
int db_run(struct db_stmt *st, const char *what, struct lf_err *err);

/* Columns count from 0; NULL reads as 0, 0.0 or "". */
int64_t db_col_int(struct db_stmt *st, int i);
double db_col_double(struct db_stmt *st, int i);
const char *db_col_text(struct db_stmt *st, int i);
void db_col_copy(struct db_stmt *st, int i, char *out, size_t n);
const void *db_col_blob(struct db_stmt *st, int i, size_t *n);
int db_col_is_null(struct db_stmt *st, int i);

/* The rowid of the last INSERT on db, and the rows the last statement
 * changed. */
int64_t db_last_id(struct db *db);
int db_changes(struct db *db);

/* Map rc (negative enum db_rc) to *err, logging the engine's message with
 * what; always returns -1. */
int db_fail(struct db *db, int rc, const char *what, struct lf_err *err);
/* The engine's text for the last error on db: for the log, or to tell two
 * constraints of one statement apart; never for a client. */
const char *db_errmsg(struct db *db);
/* The connection a statement belongs to. */
struct db *db_of(struct db_stmt *st);

/* Reading rows: from_row(st, row) fills the struct at row from the
 * current row of st, its columns in the statement's order.
 * db_read_rows() steps st to its end, each row into a growing array
 * (*items, *n) of size-byte elements that the caller frees; on error
 * nothing is returned (*items NULL, *n 0). db_read_one() reads the one
 * row of st into out, or fails with LF_ERR_NOTFOUND (field, reason).
 * Both reset st. */
int db_read_rows(struct db_stmt *st, void **items, size_t *n, size_t size,
                 void (*from_row)(struct db_stmt *, void *), const char *what,
                 struct lf_err *err);
/* The same appending to a list the caller keeps (*items, *n, *cap, as the
 * tracing engine's lists that one buffer serves for many probes): on error
 * the list keeps what it had before. */
int db_append_rows(struct db_stmt *st, void **items, size_t *n, size_t *cap, size_t size,
                   void (*from_row)(struct db_stmt *, void *), const char *what,
                   struct lf_err *err);
/* Each row of st to fn(st, arg) until fn returns non-zero, which is then
 * returned (a fold into a map, a stream into an index); 0 at the end, -1
 * with *err on an engine error. Resets st. */
int db_each_row(struct db_stmt *st, int (*fn)(struct db_stmt *, void *), void *arg,
                const char *what, struct lf_err *err);
int db_read_one(struct db_stmt *st, void *out,
                void (*from_row)(struct db_stmt *, void *), const char *field,
                const char *reason, const char *what, struct lf_err *err);

/* --- plain SQL, transactions, schema ----------------------------------- */
/* Run one or more statements without results (migrations, settings). */
int db_exec(struct db *db, const char *sql, struct lf_err *err);
/* BEGIN (write: take the write lock now), COMMIT, ROLLBACK. */
int db_begin(struct db *db, int write, struct lf_err *err);
int db_commit(struct db *db, struct lf_err *err);
int db_rollback(struct db *db, struct lf_err *err);
/* One level of savepoint inside a transaction, nestable. */
int db_savepoint(struct db *db, struct lf_err *err);
int db_release(struct db *db, struct lf_err *err);
int db_rollback_to(struct db *db, struct lf_err *err);
/* 1 inside a transaction the engine still holds open. */
int db_in_transaction(struct db *db);
/* The schema version the migrations left (0 for a new database). */
int db_schema_version(struct db *db, struct lf_err *err);
int db_set_schema_version(struct db *db, int version, struct lf_err *err);
/* 0 when the engine finds the database consistent. */
int db_integrity_check(struct db *db, struct lf_err *err);

/* --- copies ------------------------------------------------------------- */
/* A consistent copy of the database at target, taken while others may be
 * writing to it, as the new file out (which must not exist): SQLite's
 * online backup into a SQLite file; on PostgreSQL pg_dump's custom format
 * (pg_dump from PATH, as new as the server). */
int db_backup(const char *target, const char *out, struct lf_err *err);
/* A copy made by db_backup() into target: a file that does not exist yet
 * (SQLite), or an existing database without a table (PostgreSQL:
 * pg_restore, in one transaction). */
int db_restore(const char *target, const char *from, struct lf_err *err);

/* --- bulk append ------------------------------------------------------- */
/* Rows of integers appended to one table inside the current transaction,
 * duplicates of a unique key skipped (the scan log's rule: the same scan
 * twice is one scan). SQLite sends DB_APPEND_ROWS rows per INSERT; a
 * server engine may use COPY. db_append_row() may write; db_append_end()
 * writes what is left (unless err is NULL: abandon), sets *added to the
 * rows the table took, and frees the appender. */
#define DB_APPEND_ROWS 32
#define DB_APPEND_COLS 4
struct db_append;
struct db_append *db_append_begin(struct db *db, const char *table,
                                  const char *const *cols, int n_cols,
                                  struct lf_err *err);
int db_append_row(struct db_append *a, const int64_t *vals, struct lf_err *err);
int db_append_end(struct db_append *a, long *added, struct lf_err *err);

#endif
