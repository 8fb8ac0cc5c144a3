/*
 * db_pg_int.h - what the two files of the PostgreSQL driver share.
 *
 * db_pg.c: statements (parameters, server-side prepares, results read
 * row by row, transactions) and the driver table. db_pgconn.c: the
 * connection and its durability check, the schema version, the integrity
 * check, the COPY bulk append, and copies by pg_dump / pg_restore.
 * Included by those two files only.
 */
#ifndef LF_DB_PG_INT_H
#define LF_DB_PG_INT_H

#include <stdint.h>
#include <libpq-fe.h>

#include "store/db_int.h"

/* type OIDs of pg_type.h: fixed since PostgreSQL 7 */
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25
#define OID_FLOAT8 701

/* "Lianfang" in ASCII: the advisory lock every writer holds */
#define WRITE_LOCK_KEY "5506039146229100135"

/* server-side prepared statements kept per connection, at most */
#define PREPS_MAX 2048

struct pg_prep {
    struct pg_prep *next;             /* same hash bucket */
    char *key;                        /* sql, '\0', the parameter types */
    size_t key_len;
    char name[16];
};

/* a table INSERTs were prepared for, and whether its id is an identity */
struct pg_table {
    char name[64];
    int has_id;
};

struct pg_db {
    struct db base;
    PGconn *conn;
    struct pg_stmt *streaming;        /* rows of it still on the wire */
    struct pg_prep **buckets;
    size_t n_buckets, n_preps;
    unsigned next_name;
    struct pg_table *tables;
    size_t n_tables;
    unsigned flags;                   /* of db_open(), for a reconnect */
    unsigned generation;              /* bumped by each reconnect */
    int broken;                       /* reconnected but not set up: reconnect */
    int changes;
    int has_last_id;
    int64_t last_id;                  /* of the last INSERT ... RETURNING id */
    char errmsg[400];
};

struct pg_param {
    char *val;                        /* NULL: SQL NULL */
    int len;
    Oid type;                         /* 0: the server infers it */
    int binary;
};

struct pg_stmt {
    struct db_stmt base;
    char *sql;                        /* with $N */
    int n_params;
    char *used;                       /* used[i]: the text names $i+1 */
    struct pg_param *params;
    Oid *types;                       /* scratch for the key */
    const char **values;
    int *lengths, *formats;
    struct pg_prep *prep;             /* the last one used */
    unsigned prep_generation;         /* the connection's generation then */
    int is_commit;
    char table[64];                   /* of an INSERT: its table, until asked */
    int returning_id;                 /* " RETURNING id" added: read, not a row */
    int started;                      /* sent since the last reset */
    int done;                         /* every result read */
    PGresult **queue;                 /* drained results not yet stepped */
    size_t q_head, q_len, q_cap;
    PGresult *cur;                    /* holds the current row */
    int cur_row;
    int rc_end;                       /* DB_DONE or the error seen */
    unsigned char *blob;              /* the last bytea decoded */
};

#define PG(db) ((struct pg_db *)(db))
#define ST(st) ((struct pg_stmt *)(st))

/* db_pg.c */
int pg_note_error(struct pg_db *d, const PGresult *r);
void pg_drain(struct pg_db *d);
void pg_set_changes(struct pg_db *d, const PGresult *r);
PGresult *pg_simple(struct pg_db *d, const char *sql, int *rc);
int pg_exec(struct db *db, const char *sql);

/* db_pgconn.c */
struct db *pg_open(const char *target, unsigned flags, struct lf_err *err);
void pg_close(struct db *db);
int pg_reconnect(struct pg_db *d);
int pg_schema_version(struct db *db, int *version);
int pg_set_schema_version(struct db *db, int version);
int pg_integrity_check(struct db *db);
int pg_copy_rows(struct db *db, const char *table, const char *const *cols,
                 int n_cols, const int64_t *vals, size_t n_rows, long *added);
int pg_backup(const char *target, const char *out, struct lf_err *err);
int pg_restore(const char *target, const char *from, struct lf_err *err);

#endif
