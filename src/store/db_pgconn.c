/*
 * db_pgconn.c - the PostgreSQL driver's connection and its copies.
 *
 * Opening a connection (and refusing a server whose fsync,
 * synchronous_commit or full_page_writes is off), the schema version, the
 * integrity check plain SQL can make, the bulk append by COPY, and
 * backup and restore by pg_dump / pg_restore. The statements are in
 * db_pg.c; what both files share in db_pg_int.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <spawn.h>
#include <unistd.h>
#include <sys/wait.h>

#include "store/db_pg_int.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* --- connection -------------------------------------------------------------- */

void pg_close(struct db *db)
{
    struct pg_db *d = PG(db);
    struct pg_prep *p, *next;
    size_t i;

    if (!d)
        return;
    for (i = 0; i < d->n_buckets; i++)
        for (p = d->buckets[i]; p; p = next) {
            next = p->next;
            free(p->key);
            free(p);
        }
    free(d->buckets);
    free(d->tables);
    PQfinish(d->conn);
    free(d);
}

/* Run sql (no parameters) and return its result, NULL with d->errmsg set. */
PGresult *pg_simple(struct pg_db *d, const char *sql, int *rc)
{
    PGresult *r;
    ExecStatusType t;

    pg_drain(d);
    r = PQexec(d->conn, sql);
    t = PQresultStatus(r);
    if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK) {
        pg_set_changes(d, r);
        *rc = DB_DONE;
        return r;
    }
    *rc = pg_note_error(d, r);
    PQclear(r);
    return NULL;
}

/* The server must not acknowledge a commit it has not made durable. */
static int check_durability(struct pg_db *d, struct lf_err *err)
{
    static const char sql[] =
        "SELECT name, setting FROM pg_settings WHERE name IN "
        "('fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name";
    int rc, i;
    PGresult *r = pg_simple(d, sql, &rc);

    if (!r)
        return lf_err_set(err, LF_ERR_INTERNAL, "db", "cannot read the server's settings: %s",
                          d->errmsg);
    for (i = 0; i < PQntuples(r); i++) {
        const char *name = PQgetvalue(r, i, 0), *v = PQgetvalue(r, i, 1);
        if (strcmp(v, "off") == 0) {
            lf_err_set(err, LF_ERR_INVALID, "db",
                       "the PostgreSQL server has %s=off, so a commit it acknowledges "
                       "may be lost; turn %s on in postgresql.conf", name, name);
            PQclear(r);
            return -1;
        }
    }
    PQclear(r);
    return 0;
}

/* The server's notices (NOTICE: relation exists, skipping) go to the
 * log's debug level, not to stderr. */
static void on_notice(void *arg, const char *msg)
{
    (void)arg;
    log_debug("db: %s", msg);
}

/* "cannot connect to PostgreSQL at HOST:PORT: REASON", REASON being
 * libpq's first line after its "connection to server ... failed: ". */
static void connect_error(PGconn *c, struct lf_err *err)
{
    const char *msg = PQerrorMessage(c), *p = strstr(msg, "failed: ");
    char reason[160];
    size_t i, k = 0;

    if (p)
        msg = p + 8;
    for (i = 0; msg[i] && msg[i] != '\n' && k + 1 < sizeof(reason); i++)
        if (!(msg[i] == ' ' && k && reason[k - 1] == ' '))   /* "FATAL:  x" */
            reason[k++] = msg[i];
    reason[k] = '\0';
    lf_err_set(err, strstr(reason, "does not exist") ? LF_ERR_NOTFOUND : LF_ERR_INTERNAL,
               "db", "cannot connect to PostgreSQL at %s:%s: %s",
               PQhost(c) ? PQhost(c) : "?", PQport(c) ? PQport(c) : "?", reason);
}

/* What every session of ours sets, at open and after a reconnect. */
static int session_setup(struct pg_db *d, struct lf_err *err)
{
    int rc;
    PGresult *r;

    PQsetNoticeProcessor(d->conn, on_notice, NULL);
    if (PQsetClientEncoding(d->conn, "UTF8"))
        return lf_err_set(err, LF_ERR_INTERNAL, "db", "the server does not speak UTF-8");
    if (check_durability(d, err))
        return -1;
    r = pg_simple(d, (d->flags & DB_READONLY)
                      ? "SET lock_timeout = '5s'; SET default_transaction_read_only = on; "
                        "SET application_name = 'lianfang'"
                      : "SET lock_timeout = '5s'; SET application_name = 'lianfang'", &rc);
    if (!r)
        return db_fail(&d->base, rc, "open", err);
    PQclear(r);
    return 0;
}

/* The server closed the connection: open it again with the same settings.
 * The statements it had prepared died with it; bumping the generation
 * makes each of ours prepare again on first use. The advisory lock and
 * any transaction died too, so this is safe only between transactions
 * (pg_begin()). 0 when the connection is back. */
int pg_reconnect(struct pg_db *d)
{
    struct lf_err err = LF_ERR_INIT;
    struct pg_prep *p, *next;
    size_t i;

    d->streaming = NULL;
    PQreset(d->conn);
    if (PQstatus(d->conn) != CONNECTION_OK) {
        snprintf(d->errmsg, sizeof(d->errmsg), "reconnecting: %s", PQerrorMessage(d->conn));
        return -1;
    }
    for (i = 0; i < d->n_buckets; i++) {
        for (p = d->buckets[i]; p; p = next) {
            next = p->next;
            free(p->key);
            free(p);
        }
        d->buckets[i] = NULL;
    }
    d->n_preps = 0;
    d->generation++;
    if (session_setup(d, &err)) {
        snprintf(d->errmsg, sizeof(d->errmsg), "reconnecting: %s", err.reason);
        d->broken = 1;          /* not usable as it is: tried again next time */
        return -1;
    }
    d->broken = 0;
    log_info("db: reconnected to PostgreSQL");
    return 0;
}

struct db *pg_open(const char *target, unsigned flags, struct lf_err *err)
{
    struct pg_db *d = xcalloc(1, sizeof(*d));

    d->base.drv = &db_pg_driver;
    d->conn = PQconnectdb(target);
    if (PQstatus(d->conn) != CONNECTION_OK) {
        /* libpq's text names host, port, database and user, never the password */
        connect_error(d->conn, err);
        pg_close(&d->base);
        return NULL;
    }
    d->flags = flags;
    if (session_setup(d, err)) {
        pg_close(&d->base);
        return NULL;
    }
    return &d->base;
}


int pg_schema_version(struct db *db, int *version)
{
    struct pg_db *d = PG(db);
    int rc;
    PGresult *r = pg_simple(d, "SELECT to_regclass('schema_version') IS NOT NULL", &rc);

    *version = 0;
    if (!r)
        return rc;
    if (PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0) {
        PQclear(r);
        if (!(r = pg_simple(d, "SELECT version FROM schema_version", &rc)))
            return rc;
        if (PQntuples(r) == 1)
            *version = atoi(PQgetvalue(r, 0, 0));
    }
    PQclear(r);
    return 0;
}

int pg_set_schema_version(struct db *db, int version)
{
    char sql[200];

    snprintf(sql, sizeof(sql),
             "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL); "
             "DELETE FROM schema_version; INSERT INTO schema_version VALUES (%d)", version);
    return pg_exec(db, sql);
}

/* No amcheck (an extension): the checks plain SQL can make. The
 * connection answers, the schema version is one row, and no index of the
 * schema is marked invalid (a CREATE INDEX that failed half-way). */
int pg_integrity_check(struct db *db)
{
    struct pg_db *d = PG(db);
    int rc, bad;
    PGresult *r = pg_simple(d,
        "SELECT (SELECT count(*) FROM schema_version) <> 1 OR EXISTS "
        "(SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relnamespace = current_schema()::regnamespace "
        "AND NOT (i.indisvalid AND i.indisready))", &rc);

    if (!r)
        return rc;
    bad = PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 0), "f") != 0;
    PQclear(r);
    return bad;
}

/* --- bulk append: COPY ------------------------------------------------------- */

/* sql, ending in a COPY ... FROM STDIN, then the rows as COPY's text; the
 * number of rows COPY took in *copied. */
static int copy_in(struct pg_db *d, const char *sql, int n_cols, const int64_t *vals,
                   size_t n_rows, long *copied)
{
    char buf[8192];
    size_t len = 0, i;
    int c, rc;
    PGresult *r;

    pg_drain(d);
    r = PQexec(d->conn, sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        rc = pg_note_error(d, r);
        PQclear(r);
        while ((r = PQgetResult(d->conn)))
            PQclear(r);
        return rc < 0 ? rc : DB_ERROR;
    }
    PQclear(r);
    for (i = 0; i < n_rows; i++) {
        if (len > sizeof(buf) - 128) {
            if (PQputCopyData(d->conn, buf, (int)len) != 1)
                break;
            len = 0;
        }
        for (c = 0; c < n_cols; c++)
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%" PRId64 "%c",
                                    vals[i * (size_t)n_cols + (size_t)c],
                                    c + 1 < n_cols ? '\t' : '\n');
    }
    if ((len && PQputCopyData(d->conn, buf, (int)len) != 1) ||
        PQputCopyEnd(d->conn, NULL) != 1)
        return pg_note_error(d, NULL);
    rc = DB_DONE;
    while ((r = PQgetResult(d->conn))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == DB_DONE)
            rc = pg_note_error(d, r);
        else if (rc == DB_DONE)
            *copied = atol(PQcmdTuples(r));
        PQclear(r);
    }
    return rc;
}

/* COPY cannot skip a duplicate. So first the rows go straight into the
 * table under a savepoint (a batch is new but for a retry: the common
 * case costs what COPY costs); on a unique violation that is rolled back
 * and they go to a temporary twin of the table (this session's, emptied
 * at each commit), from which one INSERT ... SELECT ... ON CONFLICT DO
 * NOTHING moves them. table and cols are the store's identifiers. */
int pg_copy_rows(struct db *db, const char *table, const char *const *cols,
                 int n_cols, const int64_t *vals, size_t n_rows, long *added)
{
    struct pg_db *d = PG(db);
    char list[256], sql[1024];
    size_t len = 0;
    long copied = 0;
    int c, rc;
    PGresult *r;

    list[0] = '\0';
    for (c = 0; c < n_cols; c++)
        len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", c ? ", " : "",
                                cols[c]);
    snprintf(sql, sizeof(sql), "SAVEPOINT lf_copy; COPY %s (%s) FROM STDIN", table, list);
    rc = copy_in(d, sql, n_cols, vals, n_rows, &copied);
    if (rc == DB_DONE) {
        if (!(r = pg_simple(d, "RELEASE SAVEPOINT lf_copy", &rc)))
            return rc;
        PQclear(r);
        *added += copied;
        return DB_DONE;
    }
    if (rc != DB_UNIQUE)
        return rc;
    if (!(r = pg_simple(d, "ROLLBACK TO SAVEPOINT lf_copy; RELEASE SAVEPOINT lf_copy", &rc)))
        return rc;
    PQclear(r);
    snprintf(sql, sizeof(sql),
             "CREATE TEMP TABLE IF NOT EXISTS copy_%s (LIKE %s) ON COMMIT DELETE ROWS; "
             "COPY copy_%s (%s) FROM STDIN", table, table, table, list);
    if ((rc = copy_in(d, sql, n_cols, vals, n_rows, &copied)) != DB_DONE)
        return rc;
    snprintf(sql, sizeof(sql),
             "WITH moved AS (DELETE FROM copy_%s RETURNING %s) "
             "INSERT INTO %s (%s) SELECT %s FROM moved ON CONFLICT DO NOTHING",
             table, list, table, list, list);
    if (!(r = pg_simple(d, sql, &rc)))
        return rc;
    *added += atol(PQcmdTuples(r));
    PQclear(r);
    return DB_DONE;
}

/* --- copies: pg_dump and pg_restore ------------------------------------------ */

extern char **environ;

/* Run argv (argv[0] found on PATH) with our stdin, stdout and stderr, and
 * wait for it: 0 if it exited 0, else -1 with *err naming it. */
static int run_tool(char *const argv[], const char *field, struct lf_err *err)
{
    pid_t pid;
    int status, rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);

    if (rc)
        return lf_err_set(err, LF_ERR_INTERNAL, field, "cannot run %s: %s (apt-get install "
                          "postgresql-client)", argv[0], strerror(rc));
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return lf_err_set(err, LF_ERR_INTERNAL, field, "waiting for %s: %s", argv[0],
                              strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    return lf_err_set(err, LF_ERR_INTERNAL, field, "%s failed (%s %d); its message is above",
                      argv[0], WIFEXITED(status) ? "exit" : "signal",
                      WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

/* pg_dump takes one snapshot for the whole dump (a consistent copy while
 * the city runs); the custom format keeps data, schema, sequences and
 * the schema version, and pg_restore reads it back. */
int pg_backup(const char *target, const char *out, struct lf_err *err)
{
    char *argv[] = { "pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                     "--file", (char *)out, "--dbname", (char *)target, NULL };

    if (access(out, F_OK) == 0)
        return lf_err_set(err, LF_ERR_CONFLICT, "out", "%s exists; give a new file", out);
    if (run_tool(argv, "out", err)) {
        unlink(out);
        return -1;
    }
    return 0;
}

/* Into an existing database without tables (created by the operator:
 * a restore does not drop anything), in one transaction. */
int pg_restore(const char *target, const char *from, struct lf_err *err)
{
    char *argv[] = { "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                     "--single-transaction", "--dbname", (char *)target, (char *)from, NULL };
    struct db *db;
    PGresult *r;
    int rc, n;

    if (access(from, R_OK) != 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, "from", "cannot read %s", from);
    if (!(db = pg_open(target, 0, err)))
        return -1;
    r = pg_simple(PG(db), "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()", &rc);
    n = r ? atoi(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    if (n != 0) {
        if (n > 0)
            lf_err_set(err, LF_ERR_CONFLICT, "db", "the database has tables; restore into a "
                       "new, empty one (createdb)");
        else
            db_fail(db, rc, "restore", err);
        pg_close(db);
        return -1;
    }
    pg_close(db);
    return run_tool(argv, "from", err);
}

