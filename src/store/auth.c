/*
 * auth.c - the auth module's statements and rows (store/auth.h).
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/auth.h"
#include "util/banned.h"

static struct db_sql STMT_SESSION_INSERT = DB_SQL(
    "INSERT INTO session(token_hash, user_id, created_utc, "
    "last_seen_utc, addr) VALUES (?1,?2,?3,?4,?5)");

static struct db_sql STMT_SESSION_GET = DB_SQL(
    "SELECT user_id, created_utc, last_seen_utc, addr "
    "FROM session WHERE token_hash = ?1");

static struct db_sql STMT_SESSION_TOUCH = DB_SQL(
    "UPDATE session SET last_seen_utc = ?2 "
    "WHERE token_hash = ?1");

static struct db_sql STMT_SESSION_DELETE = DB_SQL(
    "DELETE FROM session WHERE token_hash = ?1");

static struct db_sql STMT_SESSION_DELETE_USER = DB_SQL(
    "DELETE FROM session WHERE user_id = ?1");

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

int store_session_insert(struct store_tx *tx, const struct session *s,
                         struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_SESSION_INSERT, err);

    if (!st)
        return -1;
    db_bind_blob(st, 1, s->token_hash, sizeof(s->token_hash));
    db_bind_int(st, 2, s->user_id);
    db_bind_int(st, 3, s->created_utc);
    db_bind_int(st, 4, s->last_seen_utc);
    db_bind_text(st, 5, s->addr);
    return db_run(st, "session_insert", err);
}

int store_session_get(struct store_tx *tx, const unsigned char hash[32],
                      struct session *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_SESSION_GET, err);

    if (!st)
        return -1;
    db_bind_blob(st, 1, hash, 32);
    if (step_one(tx->s, st, "token", "session_get", err))
        return -1;
    memset(out, 0, sizeof(*out));
    memcpy(out->token_hash, hash, 32);
    out->user_id = db_col_int(st, 0);
    out->created_utc = db_col_int(st, 1);
    out->last_seen_utc = db_col_int(st, 2);
    db_col_copy(st, 3, out->addr, sizeof(out->addr));
    db_reset(st);
    return 0;
}

int store_session_touch(struct store_tx *tx, const unsigned char hash[32],
                        int64_t now, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_SESSION_TOUCH, err);

    if (!st)
        return -1;
    db_bind_blob(st, 1, hash, 32);
    db_bind_int(st, 2, now);
    return db_run(st, "session_touch", err);
}

int store_session_delete(struct store_tx *tx, const unsigned char hash[32],
                         struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_SESSION_DELETE, err);

    if (!st)
        return -1;
    db_bind_blob(st, 1, hash, 32);
    return db_run(st, "session_delete", err);
}

int store_session_delete_user(struct store_tx *tx, int64_t user_id,
                              struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_SESSION_DELETE_USER, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, user_id);
    return db_run(st, "session_delete_user", err);
}
