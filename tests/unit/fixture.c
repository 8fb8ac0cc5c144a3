#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/node.h"
#include "fixture.h"
#include "store/db.h"
#include "store/store.h"
#include "store/audit.h"

/* The engine under test. Without LIANFANG_TEST_PG, a SQLite file in /tmp
 * for each test. With LIANFANG_TEST_PG=postgresql://user:pw@host:port/db
 * (a database of a server on which that role may CREATE DATABASE, such
 * as the cluster scripts/pg-scratch starts), one database for this run of
 * the tests and in it a fresh schema for each test: the test's URL sets
 * search_path to it, so every connection of the test sees only its own
 * tables. A schema is made in a fraction of the time a database takes
 * (CREATE and DROP DATABASE copy and sync whole files). */
const char *fixture_pg(void)
{
    const char *u = getenv("LIANFANG_TEST_PG");

    return u && *u ? u : NULL;
}

/* base with its database name replaced by name, and options added. */
static void pg_url(const char *base, const char *name, const char *options,
                   char *out, size_t n)
{
    const char *host = strstr(base, "://"), *slash, *end;

    assert_non_null(host);
    slash = strchr(host + 3, '/');
    if (!slash)
        slash = base + strlen(base);
    end = slash + strcspn(slash, "?");
    snprintf(out, n, "%.*s/%s%s%s%s", (int)(slash - base), base, name, end,
             options ? (*end ? "&" : "?") : "", options ? options : "");
}

/* Run sql on target's database (the server's own with NULL). */
static void pg_run(const char *target, const char *sql)
{
    struct lf_err err = LF_ERR_INIT;
    struct db *db = db_open(target ? target : fixture_pg(), 0, &err);

    if (!db)
        fail_msg("LIANFANG_TEST_PG: %s", err.reason);
    if (db_exec(db, sql, &err))
        fail_msg("%s: %s", sql, db_errmsg(db));
    db_close(db);
}

static char run_db[300];        /* this process's database, "" until made */

static void drop_run_db(void)
{
    char sql[96];

    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS lf_unit_%d WITH (FORCE)", (int)getpid());
    pg_run(NULL, sql);
}

void fixture_new_db(char *out, size_t n)
{
    static unsigned seq;
    char sql[128], opt[64];

    if (!fixture_pg()) {
        snprintf(out, n, "/tmp/lianfang-unit-%d-%u.db", (int)getpid(), seq++);
        unlink(out);
        return;
    }
    if (!run_db[0]) {
        snprintf(sql, sizeof(sql), "lf_unit_%d", (int)getpid());
        pg_url(fixture_pg(), sql, NULL, run_db, sizeof(run_db));
        drop_run_db();
        snprintf(sql, sizeof(sql), "CREATE DATABASE lf_unit_%d", (int)getpid());
        pg_run(NULL, sql);
        atexit(drop_run_db);
    }
    snprintf(sql, sizeof(sql), "CREATE SCHEMA t%u", seq);
    pg_run(run_db, sql);
    snprintf(opt, sizeof(opt), "options=-csearch_path%%3Dt%u", seq++);
    snprintf(sql, sizeof(sql), "lf_unit_%d", (int)getpid());
    pg_url(fixture_pg(), sql, opt, out, n);
}

void fixture_drop_db(const char *target)
{
    char p[300];

    if (!fixture_pg()) {
        unlink(target);
        snprintf(p, sizeof(p), "%s-wal", target);
        unlink(p);
        snprintf(p, sizeof(p), "%s-shm", target);
        unlink(p);
        return;
    }
    /* the schema stays until the run's database is dropped at exit: one
     * DROP DATABASE costs less than a DROP SCHEMA for every test */
    (void)target;
}

int fixture_setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct lf_err err = LF_ERR_INIT;
    struct node root;
    char secret[65];

    fixture_new_db(f->path, sizeof(f->path));
    f->ctx.now_override = FIXTURE_NOW;
    f->ctx.store = store_open(f->path, STORE_CREATE | STORE_MIGRATE, &err);
    assert_non_null(f->ctx.store);
    auth_secret_new_hex(secret);
    assert_int_equal(auth_secret_from_hex(&f->ctx, secret), 0);
    f->admin = fixture_who(ROLE_ADMIN, "419001");
    f->admin.user_id = 0;
    if (node_load_divisions(&f->ctx, "data/divisions", "419001", &root, &err))
        fail_msg("load divisions: %s: %s", err.field, err.reason);
    assert_string_equal(root.code, "419001");
    snprintf(f->ctx.root, sizeof(f->ctx.root), "%s", root.code);
    *state = f;
    return 0;
}

int fixture_teardown(void **state)
{
    struct fixture *f = *state;

    store_close(f->ctx.store);
    fixture_drop_db(f->path);
    free(f);
    return 0;
}

struct lf_who fixture_who(enum lf_role role, const char *node)
{
    struct lf_who w;

    memset(&w, 0, sizeof(w));
    w.user_id = 1000 + (int)role;
    snprintf(w.username, sizeof(w.username), "t_%s", role_id(role));
    w.role = role;
    snprintf(w.node, sizeof(w.node), "%s", node);
    snprintf(w.addr, sizeof(w.addr), "192.0.2.1");
    return w;
}

/* After rows written with their ids, PostgreSQL's identity columns
 * would draw those ids again: move each one's sequence past the largest
 * id (SQLite draws max(id) + 1 by itself). */
static const char sync_ids[] =
    "DO $$ DECLARE r record; BEGIN "
    "FOR r IN SELECT c.relname AS t, a.attname AS col FROM pg_attribute a "
    "JOIN pg_class c ON c.oid = a.attrelid WHERE a.attidentity <> '' "
    "AND c.relnamespace = current_schema()::regnamespace LOOP "
    "EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), "
    "coalesce((SELECT max(%I) FROM %I), 0) + 1, false)', "
    "quote_ident(r.t), r.col, r.col, r.t); "
    "END LOOP; END $$";

void fixture_sql(struct fixture *f, const char *fmt, ...)
{
    struct lf_err err = LF_ERR_INIT;
    struct db *db;
    char q[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(q, sizeof(q), fmt, ap);
    va_end(ap);
    if (!(db = db_open(f->path, 0, &err)))
        fail_msg("%s: %s", f->path, err.reason);
    if (db_exec(db, q, &err))
        fail_msg("%s: %s", q, db_errmsg(db));
    if (strcmp(db_engine(db), "pg") == 0 && db_exec(db, sync_ids, &err))
        fail_msg("sync ids: %s", db_errmsg(db));
    db_close(db);
}

long fixture_count(struct fixture *f, const char *table)
{
    struct lf_err err = LF_ERR_INIT;
    struct store_tx *tx = store_begin(f->ctx.store, STORE_READ, &err);
    long n;

    assert_non_null(tx);
    n = store_count_rows(tx, table, &err);
    store_tx_free(tx);
    return n;
}

long fixture_audit_count(struct fixture *f, const char *action, int success)
{
    struct lf_err err = LF_ERR_INIT;
    struct audit_filter q = { 0, 0, action, 500 };
    struct store_tx *tx = store_begin(f->ctx.store, STORE_READ, &err);
    struct audit_list l;
    long n = 0;
    size_t i;

    assert_non_null(tx);
    assert_int_equal(store_audit_list(tx, &q, &l, &err), 0);
    store_tx_free(tx);
    for (i = 0; i < l.n; i++)
        if (strcmp(l.items[i].action, action) == 0 && l.items[i].success == success)
            n++;
    audit_list_free(&l);
    return n;
}
