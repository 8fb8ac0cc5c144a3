/*
 * user.c - the user module's statements and rows (store/user.h).
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/user.h"
#include "util/banned.h"

#define USER_COLS                                                              \
    "id, username, display_name, role, node, pw_hash, failed_count, "         \
    "locked_until, disabled, created_utc, pw_changed_utc"

static struct db_sql STMT_USER_INSERT = DB_SQL(
    "INSERT INTO \"user\"(username, display_name, role, node, "
    "pw_hash, created_utc, pw_changed_utc) "
    "VALUES (?1,?2,?3,?4,?5,?6,?6)");

static struct db_sql STMT_USER_GET = DB_SQL(
    "SELECT " USER_COLS " FROM \"user\" WHERE id = ?1");

static struct db_sql STMT_USER_GET_BY_NAME = DB_SQL(
    "SELECT " USER_COLS " FROM \"user\" WHERE username = ?1");

static struct db_sql STMT_USER_LIST = DB_SQL(
    "SELECT " USER_COLS " FROM \"user\" "
    "WHERE node >= ?1 AND node < ?1 || 'z' ORDER BY username");

static struct db_sql STMT_USER_LOGIN_STATE = DB_SQL(
    "UPDATE \"user\" SET failed_count = ?2, "
    "locked_until = ?3 WHERE id = ?1");

static struct db_sql STMT_USER_SET_DISABLED = DB_SQL(
    "UPDATE \"user\" SET disabled = ?2 WHERE id = ?1");

static struct db_sql STMT_USER_SET_PASSWORD = DB_SQL(
    "UPDATE \"user\" SET pw_hash = ?2, pw_changed_utc = ?3, "
    "failed_count = 0, locked_until = 0 WHERE id = ?1");

static struct db_sql STMT_USER_COUNT = DB_SQL(
    "SELECT count(*) FROM \"user\"");

/* Step st expecting one row; LF_ERR_NOTFOUND on none. */
static int step_one(struct store *s, struct db_stmt *st, const char *field,
                    const char *what, struct lf_err *err)
{
    int rc = db_step(st);

    if (rc == DB_ROW)
        return 0;
    db_reset(st);
    if (rc == DB_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, field, "does not exist");
    return db_fail(s->db, rc, what, err);
}

static long count_stmt(struct store_tx *tx, struct db_sql *id, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, id, err);
    long n;

    if (!st || step_one(tx->s, st, NULL, "count", err))
        return -1;
    n = (long)db_col_int(st, 0);
    db_reset(st);
    return n;
}

static void user_from_row(struct db_stmt *st, void *row)
{
    struct user *u = row;

    memset(u, 0, sizeof(*u));
    u->id = db_col_int(st, 0);
    db_col_copy(st, 1, u->username, sizeof(u->username));
    db_col_copy(st, 2, u->display_name, sizeof(u->display_name));
    db_col_copy(st, 3, u->role, sizeof(u->role));
    db_col_copy(st, 4, u->node, sizeof(u->node));
    db_col_copy(st, 5, u->pw_hash, sizeof(u->pw_hash));
    u->failed_count = db_col_int(st, 6);
    u->locked_until = db_col_int(st, 7);
    u->disabled = db_col_int(st, 8);
    u->created_utc = db_col_int(st, 9);
    u->pw_changed_utc = db_col_int(st, 10);
}

int store_user_insert(struct store_tx *tx, struct user *u, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_USER_INSERT, err);
    int rc;

    if (!st)
        return -1;
    db_bind_text(st, 1, u->username);
    db_bind_text(st, 2, u->display_name);
    db_bind_text(st, 3, u->role);
    db_bind_text(st, 4, u->node);
    db_bind_text(st, 5, u->pw_hash);
    db_bind_int(st, 6, u->created_utc);
    rc = db_step(st);
    db_reset(st);
    if ((rc == DB_UNIQUE || rc == DB_CONSTRAINT))
        return lf_err_set(err, LF_ERR_CONFLICT, "username", "is already taken");
    if (rc != DB_DONE)
        return db_fail(tx->s->db, rc, "user_insert", err);
    u->id = db_last_id(tx->s->db);
    u->pw_changed_utc = u->created_utc;
    return 0;
}

int store_user_get(struct store_tx *tx, int64_t id, struct user *out,
                   struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_USER_GET, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    if (step_one(tx->s, st, "id", "user_get", err))
        return -1;
    user_from_row(st, out);
    db_reset(st);
    return 0;
}

int store_user_get_by_name(struct store_tx *tx, const char *username,
                           struct user *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_USER_GET_BY_NAME, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, username);
    if (step_one(tx->s, st, "username", "user_get_by_name", err))
        return -1;
    user_from_row(st, out);
    db_reset(st);
    return 0;
}

int store_user_list(struct store_tx *tx, const char *node_prefix,
                    struct user_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_USER_LIST, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_text(st, 1, node_prefix);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                        user_from_row, "user_list", err);
}

static int exec_changed(struct store_tx *tx, struct db_stmt *st, const char *what,
                        struct lf_err *err)
{
    if (db_run(st, what, err))
        return -1;
    if (db_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, "id", "does not exist");
    return 0;
}

int store_user_login_state(struct store_tx *tx, int64_t id, int failed_count,
                           int64_t locked_until, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_USER_LOGIN_STATE, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, failed_count);
    db_bind_int(st, 3, locked_until);
    return exec_changed(tx, st, "user_login_state", err);
}

int store_user_set_disabled(struct store_tx *tx, int64_t id, int disabled,
                            struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_USER_SET_DISABLED, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, disabled);
    return exec_changed(tx, st, "user_set_disabled", err);
}

int store_user_set_password(struct store_tx *tx, int64_t id, const char *pw_hash,
                            int64_t now, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_USER_SET_PASSWORD, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, pw_hash);
    db_bind_int(st, 3, now);
    return exec_changed(tx, st, "user_set_password", err);
}

long store_user_count(struct store_tx *tx, struct lf_err *err)
{
    return count_stmt(tx, &STMT_USER_COUNT, err);
}
