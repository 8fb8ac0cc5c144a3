/*
 * db_int.h - what a driver behind db.h provides: one table of functions
 * (struct db_driver), and the two structs every driver's own begins with.
 * Only db.c and the db_<engine>.c files include this.
 *
 * db.c does what is the same for every engine (the statement cache, the
 * row-reading loops, error mapping to struct lf_err) and calls the driver
 * for the rest. A driver's statement and connection structs start with
 * struct db_stmt / struct db, so db.c can hand them back to it.
 */
#ifndef LF_DB_INT_H
#define LF_DB_INT_H
#include "store/db.h"

struct db_driver {
    const char *name;                           /* "sqlite", "pg" */
    struct db *(*open)(const char *target, unsigned flags, struct lf_err *err);
    void (*close)(struct db *db);
    /* Prepare sql (SQLite's ?N parameters); NULL with *err set. */
    struct db_stmt *(*prepare)(struct db *db, const char *sql, int persistent,
                               struct lf_err *err);
    void (*finalize)(struct db_stmt *st);
    void (*clear)(struct db_stmt *st);          /* reset and unbind */
    void (*bind_int)(struct db_stmt *st, int i, int64_t v);
    void (*bind_double)(struct db_stmt *st, int i, double v);
    void (*bind_text)(struct db_stmt *st, int i, const char *s);
    void (*bind_blob)(struct db_stmt *st, int i, const void *p, size_t n);
    void (*bind_null)(struct db_stmt *st, int i);
    int (*step)(struct db_stmt *st);
    void (*reset)(struct db_stmt *st);
    int64_t (*col_int)(struct db_stmt *st, int i);
    double (*col_double)(struct db_stmt *st, int i);
    const char *(*col_text)(struct db_stmt *st, int i);
    const void *(*col_blob)(struct db_stmt *st, int i, size_t *n);
    int (*col_is_null)(struct db_stmt *st, int i);
    int64_t (*last_id)(struct db *db);
    int (*changes)(struct db *db);
    const char *(*errmsg)(struct db *db);
    int (*exec)(struct db *db, const char *sql);  /* enum db_rc */
    int (*in_transaction)(struct db *db);
    /* BEGIN a read or write transaction (enum db_rc); NULL: db.c runs
     * the cached BEGIN statements. */
    int (*begin)(struct db *db, int write);
    int (*schema_version)(struct db *db, int *version);
    int (*set_schema_version)(struct db *db, int version);
    int (*integrity_check)(struct db *db);      /* 0 ok, 1 damaged, <0 rc */
    /* n_rows rows of n_cols integers (vals, row by row) appended to table
     * in one go, duplicates of a unique key skipped; *added the rows the
     * table took (enum db_rc). NULL: db.c sends multi-row INSERTs. */
    int (*copy_rows)(struct db *db, const char *table, const char *const *cols,
                     int n_cols, const int64_t *vals, size_t n_rows, long *added);
    /* db_backup(), db_restore(): 0, or -1 with *err */
    int (*backup)(const char *target, const char *out, struct lf_err *err);
    int (*restore)(const char *target, const char *from, struct lf_err *err);
};

struct db_stmt {
    struct db *db;
};

struct db {
    const struct db_driver *drv;
    struct db_stmt **cache;                     /* by struct db_sql slot */
    int n_cache;
    const char *begin_read, *begin_write;       /* the driver's BEGIN forms */
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

#endif
