/*
 * fixture.h - a fresh database for a core test: the real tree of 419001
 * 济源市 from data/divisions, a context with a fixed clock, and callers of
 * several roles. Tests run from the repository root (make unit does).
 */
#ifndef LF_TEST_FIXTURE_H
#define LF_TEST_FIXTURE_H

#include "core/ctx.h"
#include "core/err.h"

#define FIXTURE_NOW 1700000000  /* 2023-11-14T22:13:20Z */
#define FIXTURE_PASSWORD "correct horse 9"

struct fixture {
    char path[256];             /* the database: a file or a URL */
    struct lf_ctx ctx;
    struct lf_who admin;        /* the system caller at 419001 */
};

/* The PostgreSQL server under test (LIANFANG_TEST_PG), or NULL: SQLite. */
const char *fixture_pg(void);
/* A fresh, empty database of the engine under test: its path or URL in
 * out; fixture_drop_db() removes it. */
void fixture_new_db(char *out, size_t n);
void fixture_drop_db(const char *target);

/* cmocka setup/teardown: *state = struct fixture *. */
int fixture_setup(void **state);
int fixture_teardown(void **state);

/* A caller of role at node (user_id made up, nothing in the store). */
struct lf_who fixture_who(enum lf_role role, const char *node);
/* Run SQL made from fmt on the fixture's database through a connection of
 * its own (rows the store has no call for: a hand-built timeline); fails
 * the test on error. Write SQL both engines take. */
void fixture_sql(struct fixture *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Rows in table, or -1. */
long fixture_count(struct fixture *f, const char *table);
/* Audit rows with this action and success flag. */
long fixture_audit_count(struct fixture *f, const char *action, int success);

#endif
