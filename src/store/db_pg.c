/*
 * db_pg.c - the PostgreSQL driver behind db.h (libpq).
 *
 * The store's statements are written once with SQLite's ?N parameters;
 * here they become $N (outside string literals and quoted names) when a
 * statement is first prepared. The server learns each parameter's type
 * from the values bound to it (int → bigint, double → double precision,
 * text → text, blob → bytea; an unbound or NULL parameter is left for the
 * server to infer), so a statement is prepared on the server at its first
 * step, not at db_prepare(): PQprepare with those types, under a name of
 * this connection. The connection keeps its prepared statements in a
 * table by SQL text and types, so a statement prepared again (an
 * appender's, a run-time one) costs no round trip the second time.
 * Values go as text, results come back as text and are read per row
 * (single-row mode): a scan of the whole scan table does not sit in memory
 * at once. If another statement runs on the connection while one is still
 * receiving rows, the rest of those rows is first read into a queue
 * (drain()), so statements interleave as freely as on SQLite.
 *
 * Transactions: readers BEGIN ISOLATION LEVEL REPEATABLE READ (one
 * snapshot for the whole transaction, as a SQLite read transaction in WAL
 * mode has); writers BEGIN and take one transaction-scoped advisory lock
 * (WRITE_LOCK_KEY), so writers run one at a time, in the order SQLite's
 * BEGIN IMMEDIATE gives them, while readers never wait. lock_timeout 5 s
 * stands for SQLite's busy timeout: past it, DB_BUSY.
 *
 * Unlike SQLite, a failed statement aborts the whole transaction (or the
 * savepoint around it): only ROLLBACK (TO) is accepted afterwards. The
 * store rolls back after every error, and a COMMIT the server turned into
 * a ROLLBACK is reported as a failure, never as success.
 *
 * Durability: the server's fsync, synchronous_commit and full_page_writes
 * must be on, or db_open() refuses the database with the reason.
 * The schema version is the one row of the table schema_version.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>

#include "store/db_pg_int.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* --- errors ---------------------------------------------------------------- */

static int map_sqlstate(const char *s)
{
    if (!s || strlen(s) != 5)
        return DB_ERROR;
    if (strcmp(s, "23505") == 0)
        return DB_UNIQUE;
    if (strcmp(s, "23503") == 0)
        return DB_FOREIGN_KEY;
    if (strncmp(s, "23", 2) == 0)
        return DB_CONSTRAINT;
    if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0 || strcmp(s, "55P03") == 0)
        return DB_BUSY;
    if (strcmp(s, "53100") == 0)
        return DB_FULL;
    return DB_ERROR;
}

/* Keep the error of r for db_errmsg(): its SQLSTATE and primary message
 * only, never the DETAIL, which quotes the row's values (an ID number in
 * a unique violation) and the log must not. */
int pg_note_error(struct pg_db *d, const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *nl;
    size_t n;

    if (!msg) {
        msg = PQerrorMessage(d->conn);
        nl = strchr(msg, '\n');
        n = nl ? (size_t)(nl - msg) : strlen(msg);
        snprintf(d->errmsg, sizeof(d->errmsg), "%.*s", (int)n, msg);
        return DB_ERROR;
    }
    snprintf(d->errmsg, sizeof(d->errmsg), "%s %s", state ? state : "", msg);
    return map_sqlstate(state);
}

/* --- the statements this connection prepared ------------------------------- */

static uint64_t hash_key(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ull;      /* FNV-1a */
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
    return h;
}

static struct pg_prep *prep_find(struct pg_db *d, const char *key, size_t n)
{
    struct pg_prep *p;

    if (!d->n_buckets)
        return NULL;
    for (p = d->buckets[hash_key(key, n) % d->n_buckets]; p; p = p->next)
        if (p->key_len == n && memcmp(p->key, key, n) == 0)
            return p;
    return NULL;
}

static void prep_add(struct pg_db *d, struct pg_prep *p)
{
    size_t b;

    if (d->n_preps + 1 > d->n_buckets) {
        size_t nb = d->n_buckets ? d->n_buckets * 2 : 64, i;
        struct pg_prep **nt = xcalloc(nb, sizeof(*nt)), *q, *next;
        for (i = 0; i < d->n_buckets; i++)
            for (q = d->buckets[i]; q; q = next) {
                next = q->next;
                b = hash_key(q->key, q->key_len) % nb;
                q->next = nt[b];
                nt[b] = q;
            }
        free(d->buckets);
        d->buckets = nt;
        d->n_buckets = nb;
    }
    b = hash_key(p->key, p->key_len) % d->n_buckets;
    p->next = d->buckets[b];
    d->buckets[b] = p;
    d->n_preps++;
}

/* ?N and bare ? (numbered on from the largest so far, as SQLite does) to
 * $N, outside '...' literals and "..." names; sets *n_params, and
 * used[N - 1] for each N the text names (used: room for the largest,
 * xcalloc'd here, the caller's to free). */
static char *rewrite_params(const char *sql, int *n_params, char **used)
{
    size_t cap = strlen(sql) * 2 + 16, len = 0;
    char *out = xmalloc(cap);
    const char *p = sql;
    int max = 0;

    while (*p) {
        if (*p == '\'' || *p == '"') {
            char q = *p;
            out[len++] = *p++;
            while (*p) {
                if (*p == q && p[1] == q) {
                    out[len++] = *p++;
                    out[len++] = *p++;
                } else if (*p == q) {
                    out[len++] = *p++;
                    break;
                } else {
                    out[len++] = *p++;
                }
            }
            continue;
        }
        if (*p == '?') {
            int n = 0;
            p++;
            if (*p >= '0' && *p <= '9') {
                while (*p >= '0' && *p <= '9')
                    n = n * 10 + (*p++ - '0');
            } else {
                n = max + 1;
            }
            if (n > max) {
                *used = xrealloc(*used, (size_t)n);
                memset(*used + max, 0, (size_t)(n - max));
                max = n;
            }
            (*used)[n - 1] = 1;
            len += (size_t)snprintf(out + len, cap - len, "$%d", n);
            continue;
        }
        out[len++] = *p++;
    }
    out[len] = '\0';
    *n_params = max;
    return out;
}

/* --- results ----------------------------------------------------------------- */

void pg_set_changes(struct pg_db *d, const PGresult *r)
{
    const char *tag = PQcmdStatus((PGresult *)r);

    if (strncmp(tag, "INSERT", 6) == 0 || strncmp(tag, "UPDATE", 6) == 0 ||
        strncmp(tag, "DELETE", 6) == 0 || strncmp(tag, "MERGE", 5) == 0)
        d->changes = atoi(PQcmdTuples((PGresult *)r));
}

static void queue_push(struct pg_stmt *s, PGresult *r)
{
    if (s->q_head + s->q_len == s->q_cap) {
        if (s->q_head) {
            memmove(s->queue, s->queue + s->q_head, s->q_len * sizeof(*s->queue));
            s->q_head = 0;
        }
        if (s->q_len == s->q_cap) {
            s->q_cap = s->q_cap ? s->q_cap * 2 : 64;
            s->queue = xrealloc(s->queue, s->q_cap * sizeof(*s->queue));
        }
    }
    s->queue[s->q_head + s->q_len++] = r;
}

/* Read the rows still on the wire for the streaming statement into its
 * queue, so that the connection is free for another command. */
void pg_drain(struct pg_db *d)
{
    struct pg_stmt *s = d->streaming;
    PGresult *r;

    if (!s)
        return;
    while ((r = PQgetResult(d->conn)))
        queue_push(s, r);
    d->streaming = NULL;
}

/* The next result of s: from its queue, or from the wire. */
static PGresult *next_result(struct pg_stmt *s)
{
    struct pg_db *d = PG(s->base.db);
    PGresult *r;

    if (s->q_len) {
        s->q_len--;
        return s->queue[s->q_head++];
    }
    s->q_head = 0;
    if (d->streaming != s)
        return NULL;
    if (!(r = PQgetResult(d->conn)))
        d->streaming = NULL;
    return r;
}

static void stmt_discard(struct pg_stmt *s)
{
    struct pg_db *d = PG(s->base.db);
    PGresult *r;

    PQclear(s->cur);
    s->cur = NULL;
    while (s->q_len) {
        PQclear(s->queue[s->q_head++]);
        s->q_len--;
    }
    s->q_head = 0;
    if (d->streaming == s) {
        while ((r = PQgetResult(d->conn)))
            PQclear(r);
        d->streaming = NULL;
    }
    s->started = s->done = 0;
    s->rc_end = DB_DONE;
}

/* --- statements -------------------------------------------------------------- */

/* The table of "INSERT INTO name" (name as written, quotes and all) into
 * out; 0 when sql is not such an INSERT or already has a RETURNING. */
static int insert_table(const char *sql, char *out, size_t n)
{
    size_t k = 0;

    if (strncmp(sql, "INSERT INTO ", 12) != 0 || strstr(sql, "RETURNING"))
        return 0;
    for (sql += 12; *sql && *sql != '(' && *sql != ' ' && k + 1 < n; sql++)
        out[k++] = *sql;
    out[k] = '\0';
    return k > 0;
}

/* 1 when table has an identity column id (SQLite's INTEGER PRIMARY KEY),
 * asked of the catalog once per table and connection; -1 when the
 * catalog did not answer (an aborted transaction: ask again later). */
static int has_identity_id(struct pg_db *d, const char *table)
{
    static const char sql[] =
        "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = "
        "to_regclass($1) AND attname = 'id' AND attidentity <> '')";
    const char *param[1] = { table };
    PGresult *r;
    size_t i;
    int yes;

    for (i = 0; i < d->n_tables; i++)
        if (strcmp(d->tables[i].name, table) == 0)
            return d->tables[i].has_id;
    pg_drain(d);
    r = PQexecParams(d->conn, sql, 1, NULL, param, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        PQclear(r);
        return -1;              /* not remembered: asked again next time */
    }
    yes = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    d->tables = xrealloc(d->tables, (d->n_tables + 1) * sizeof(*d->tables));
    snprintf(d->tables[d->n_tables].name, sizeof(d->tables[0].name), "%s", table);
    d->tables[d->n_tables++].has_id = yes;
    return yes;
}

static struct db_stmt *pg_prepare(struct db *db, const char *sql, int persistent,
                                  struct lf_err *err)
{
    struct pg_stmt *s = xcalloc(1, sizeof(*s));

    (void)persistent;           /* every statement is kept on the server */
    (void)err;
    s->base.db = db;
    s->sql = rewrite_params(sql, &s->n_params, &s->used);
    insert_table(sql, s->table, sizeof(s->table));
    s->is_commit = strcmp(sql, "COMMIT") == 0;
    if (s->n_params) {
        s->params = xcalloc((size_t)s->n_params, sizeof(*s->params));
        s->types = xcalloc((size_t)s->n_params, sizeof(*s->types));
        s->values = xcalloc((size_t)s->n_params, sizeof(*s->values));
        s->lengths = xcalloc((size_t)s->n_params, sizeof(*s->lengths));
        s->formats = xcalloc((size_t)s->n_params, sizeof(*s->formats));
    }
    s->rc_end = DB_DONE;
    return &s->base;
}

static void unbind(struct pg_stmt *s)
{
    int i;

    for (i = 0; i < s->n_params; i++) {
        free(s->params[i].val);
        memset(&s->params[i], 0, sizeof(s->params[i]));
    }
}

static void pg_finalize(struct db_stmt *st)
{
    struct pg_stmt *s = ST(st);

    stmt_discard(s);
    unbind(s);
    free(s->queue);
    PQfreemem(s->blob);
    free(s->params);
    free(s->types);
    free(s->values);
    free(s->lengths);
    free(s->formats);
    free(s->used);
    free(s->sql);
    free(s);
}

static void pg_reset(struct db_stmt *st)
{
    stmt_discard(ST(st));
}

static void pg_clear(struct db_stmt *st)
{
    stmt_discard(ST(st));
    unbind(ST(st));
}

static struct pg_param *param(struct db_stmt *st, int i)
{
    struct pg_stmt *s = ST(st);

    if (i < 1 || i > s->n_params)
        return NULL;            /* as SQLite: SQLITE_RANGE, ignored */
    free(s->params[i - 1].val);
    memset(&s->params[i - 1], 0, sizeof(s->params[i - 1]));
    return &s->params[i - 1];
}

static void pg_bind_int(struct db_stmt *st, int i, int64_t v)
{
    struct pg_param *p = param(st, i);
    char buf[24];

    if (!p)
        return;
    p->len = snprintf(buf, sizeof(buf), "%" PRId64, v);
    p->val = xstrdup(buf);
    p->type = OID_INT8;
}

static void pg_bind_double(struct db_stmt *st, int i, double v)
{
    struct pg_param *p = param(st, i);
    char buf[32];

    if (!p)
        return;
    p->len = snprintf(buf, sizeof(buf), "%.17g", v);
    p->val = xstrdup(buf);
    p->type = OID_FLOAT8;
}

static void pg_bind_text(struct db_stmt *st, int i, const char *v)
{
    struct pg_param *p = param(st, i);

    if (!p)
        return;
    if (!v)
        return;                 /* NULL */
    p->val = xstrdup(v);
    p->len = (int)strlen(v);
    p->type = OID_TEXT;
}

static void pg_bind_blob(struct db_stmt *st, int i, const void *v, size_t n)
{
    struct pg_param *p = param(st, i);

    if (!p)
        return;
    p->val = xmalloc(n ? n : 1);
    memcpy(p->val, v, n);
    p->len = (int)n;
    p->type = OID_BYTEA;
    p->binary = 1;
}

static void pg_bind_null(struct db_stmt *st, int i)
{
    param(st, i);
}

/* db_last_id() without a round trip of its own: an INSERT into a table
 * with an identity id hands back the id it drew. Decided at the first
 * run, when the catalog can be asked (not in an aborted transaction). */
static void add_returning(struct pg_stmt *s)
{
    int yes = has_identity_id(PG(s->base.db), s->table);
    size_t len;

    if (yes < 0)
        return;                 /* this run fails anyway; ask next time */
    s->table[0] = '\0';
    if (!yes)
        return;
    len = strlen(s->sql);
    s->sql = xrealloc(s->sql, len + 16);
    memcpy(s->sql + len, " RETURNING id", 14);
    s->returning_id = 1;
}

/* The server's name for s with its parameters' current types, prepared
 * now if this connection has not prepared it yet; NULL on error. */
static const char *server_name(struct pg_stmt *s, int *rc)
{
    struct pg_db *d = PG(s->base.db);
    size_t sql_len = strlen(s->sql), n = sql_len + 1 + (size_t)s->n_params * sizeof(Oid);
    struct pg_prep *p;
    char *key;
    PGresult *r;
    int i;

    /* a number the text skips (a run-time statement without one of its
     * conditions) still needs a type: any will do for its NULL */
    for (i = 0; i < s->n_params; i++)
        s->types[i] = s->used[i] ? s->params[i].type : OID_TEXT;
    if (s->prep && s->prep_generation == d->generation && s->prep->key_len == n &&
        (!s->n_params || memcmp(s->prep->key + sql_len + 1, s->types, n - sql_len - 1) == 0))
        return s->prep->name;
    key = xmalloc(n);
    memcpy(key, s->sql, sql_len + 1);
    if (s->n_params)
        memcpy(key + sql_len + 1, s->types, (size_t)s->n_params * sizeof(Oid));
    if ((p = prep_find(d, key, n))) {
        free(key);
        s->prep = p;
        s->prep_generation = d->generation;
        return p->name;
    }
    if (d->n_preps >= PREPS_MAX) {
        free(key);
        s->prep = NULL;
        return "";              /* the unnamed statement, prepared per run */
    }
    p = xcalloc(1, sizeof(*p));
    p->key = key;
    p->key_len = n;
    snprintf(p->name, sizeof(p->name), "lf%u", ++d->next_name);
    r = PQprepare(d->conn, p->name, s->sql, s->n_params, s->types);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        *rc = pg_note_error(d, r);
        PQclear(r);
        free(p->key);
        free(p);
        return NULL;
    }
    PQclear(r);
    prep_add(d, p);
    s->prep = p;
    s->prep_generation = d->generation;
    return p->name;
}

/* Send s with its parameters; its rows then arrive one by one. */
static int start(struct pg_stmt *s)
{
    struct pg_db *d = PG(s->base.db);
    const char *name;
    int i, rc = DB_ERROR, ok;

    pg_drain(d);
    if (s->table[0])
        add_returning(s);
    if (!(name = server_name(s, &rc)))
        return rc;
    for (i = 0; i < s->n_params; i++) {
        s->values[i] = s->used[i] ? s->params[i].val : NULL;
        s->lengths[i] = s->params[i].len;
        s->formats[i] = s->used[i] ? s->params[i].binary : 0;
    }
    if (*name)
        ok = PQsendQueryPrepared(d->conn, name, s->n_params, s->values, s->lengths,
                                 s->formats, 0);
    else
        ok = PQsendQueryParams(d->conn, s->sql, s->n_params, s->types, s->values,
                               s->lengths, s->formats, 0);
    if (!ok)
        return pg_note_error(d, NULL);
    PQsetSingleRowMode(d->conn);
    d->streaming = s;
    return DB_DONE;
}

static int pg_step(struct db_stmt *st)
{
    struct pg_stmt *s = ST(st);
    struct pg_db *d = PG(st->db);
    PGresult *r;
    int rc;

    if (s->done)
        return s->rc_end;
    if (s->cur) {
        if (++s->cur_row < PQntuples(s->cur))
            return DB_ROW;
        PQclear(s->cur);
        s->cur = NULL;
    } else if (!s->started) {
        s->started = 1;
        if ((rc = start(s)) < 0) {
            s->done = 1;
            return s->rc_end = rc;
        }
    }
    while ((r = next_result(s))) {
        switch (PQresultStatus(r)) {
        case PGRES_SINGLE_TUPLE:
        case PGRES_TUPLES_OK:
            pg_set_changes(d, r);
            if (s->returning_id && PQntuples(r) > 0) {
                d->last_id = strtoll(PQgetvalue(r, PQntuples(r) - 1, 0), NULL, 10);
                d->has_last_id = 1;
            } else if (PQntuples(r) > 0) {
                s->cur = r;
                s->cur_row = 0;
                return DB_ROW;
            }
            break;
        case PGRES_COMMAND_OK:
            pg_set_changes(d, r);
            if (s->is_commit && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
                /* the transaction had failed: nothing was committed */
                snprintf(d->errmsg, sizeof(d->errmsg),
                         "COMMIT rolled back a failed transaction");
                s->rc_end = DB_ERROR;
            }
            break;
        default:
            if (s->rc_end == DB_DONE)
                s->rc_end = pg_note_error(d, r);
            break;
        }
        PQclear(r);
    }
    s->done = 1;                /* until reset, each step answers the same */
    return s->rc_end;
}

static const char *value(struct db_stmt *st, int i)
{
    struct pg_stmt *s = ST(st);

    if (!s->cur || i < 0 || i >= PQnfields(s->cur) || PQgetisnull(s->cur, s->cur_row, i))
        return NULL;
    return PQgetvalue(s->cur, s->cur_row, i);
}

static int64_t pg_col_int(struct db_stmt *st, int i)
{
    const char *v = value(st, i);

    if (!v)
        return 0;
    if (v[0] == 't' && !v[1])
        return 1;               /* a boolean */
    if (v[0] == 'f' && !v[1])
        return 0;
    return strtoll(v, NULL, 10);
}

static double pg_col_double(struct db_stmt *st, int i)
{
    const char *v = value(st, i);

    return v ? strtod(v, NULL) : 0.0;
}

static const char *pg_col_text(struct db_stmt *st, int i)
{
    const char *v = value(st, i);

    return v ? v : "";
}

static const void *pg_col_blob(struct db_stmt *st, int i, size_t *n)
{
    struct pg_stmt *s = ST(st);
    const char *v = value(st, i);

    *n = 0;
    PQfreemem(s->blob);
    s->blob = NULL;
    if (!v)
        return NULL;
    s->blob = PQunescapeBytea((const unsigned char *)v, n);
    return s->blob;
}

static int pg_col_is_null(struct db_stmt *st, int i)
{
    struct pg_stmt *s = ST(st);

    return !s->cur || i < 0 || i >= PQnfields(s->cur) || PQgetisnull(s->cur, s->cur_row, i);
}

/* The id the last INSERT drew from an identity column: handed back by
 * its RETURNING, or else asked of the session's sequences. */
static int64_t pg_last_id(struct db *db)
{
    int rc;
    PGresult *r;
    int64_t id;

    if (PG(db)->has_last_id)
        return PG(db)->last_id;
    if (!(r = pg_simple(PG(db), "SELECT lastval()", &rc)))
        return 0;
    id = PQntuples(r) ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
    PQclear(r);
    return id;
}

static int pg_changes(struct db *db) { return PG(db)->changes; }
static const char *pg_errmsg(struct db *db) { return PG(db)->errmsg; }

int pg_exec(struct db *db, const char *sql)
{
    int rc;
    PGresult *r = pg_simple(PG(db), sql, &rc);

    PQclear(r);
    return rc;
}

static int pg_in_transaction(struct db *db)
{
    pg_drain(PG(db));
    return PQtransactionStatus(PG(db)->conn) != PQTRANS_IDLE;
}

static int pg_begin(struct db *db, int write)
{
    struct pg_db *d = PG(db);
    int rc;

    /* a connection the server closed (a restart, a failover, an
     * administrator's pg_terminate_backend) is opened again before a
     * transaction, never inside one: nothing was sent on it yet */
    if ((d->broken || PQstatus(d->conn) == CONNECTION_BAD) && pg_reconnect(d))
        return DB_ERROR;
    if (!write) {
        rc = pg_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
        if (rc < 0 && PQstatus(d->conn) == CONNECTION_BAD && pg_reconnect(d) == 0)
            rc = pg_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
        return rc;
    }
    rc = pg_exec(db, "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")");
    if (rc < 0 && PQstatus(d->conn) == CONNECTION_BAD && pg_reconnect(d) == 0)
        rc = pg_exec(db, "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")");
    if (rc < 0 && PQtransactionStatus(d->conn) != PQTRANS_IDLE) {
        char keep[sizeof(d->errmsg)];
        memcpy(keep, d->errmsg, sizeof(keep));
        pg_exec(db, "ROLLBACK");
        memcpy(d->errmsg, keep, sizeof(keep));
    }
    return rc;
}

const struct db_driver db_pg_driver = {
    .name = "pg",
    .open = pg_open,
    .close = pg_close,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .clear = pg_clear,
    .bind_int = pg_bind_int,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .reset = pg_reset,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .col_is_null = pg_col_is_null,
    .last_id = pg_last_id,
    .changes = pg_changes,
    .errmsg = pg_errmsg,
    .exec = pg_exec,
    .in_transaction = pg_in_transaction,
    .begin = pg_begin,
    .schema_version = pg_schema_version,
    .set_schema_version = pg_set_schema_version,
    .integrity_check = pg_integrity_check,
    .copy_rows = pg_copy_rows,
    .backup = pg_backup,
    .restore = pg_restore,
};
