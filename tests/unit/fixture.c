#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/node.h"
#include "fixture.h"
#include "store/store.h"
#include "store/audit.h"

int fixture_setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct lf_err err = LF_ERR_INIT;
    struct node root;
    char secret[65];
    static unsigned seq;

    snprintf(f->path, sizeof(f->path), "/tmp/lianfang-unit-%d-%u.db", (int)getpid(), seq++);
    unlink(f->path);
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
    char p[300];

    store_close(f->ctx.store);
    unlink(f->path);
    snprintf(p, sizeof(p), "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", f->path);
    unlink(p);
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

void fixture_sql(struct fixture *f, const char *fmt, ...)
{
    sqlite3 *db;
    char *msg = NULL, q[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(q, sizeof(q), fmt, ap);
    va_end(ap);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 2000);
    if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", q, msg);
    sqlite3_close(db);
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
