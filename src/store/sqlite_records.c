/*
 * sqlite_records.c - the SQLite form of the record operations of store.h:
 * config, node, division, user, session, audit. Each binds, steps a cached
 * statement, and maps the result; none opens a transaction of its own.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static const char *const node_kinds[] = { "", "province", "city", "county",
                                          "town", "community", "grid" };

static enum node_kind kind_from_text(const char *t)
{
    int i;
    for (i = NODE_PROVINCE; i <= NODE_GRID; i++)
        if (strcmp(node_kinds[i], t) == 0)
            return (enum node_kind)i;
    return NODE_GRID;
}

/* Step st expecting one row; LF_ERR_NOTFOUND on none. */
static int step_one(struct store *s, sqlite3_stmt *st, const char *field,
                    const char *what, struct lf_err *err)
{
    int rc = sqlite3_step(st);

    if (rc == SQLITE_ROW)
        return 0;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, field, "does not exist");
    return sqlite__fail(s, rc, what, err);
}

/* --- config -------------------------------------------------------------- */

int store_config_get(struct store_tx *tx, const char *key, char *value,
                     unsigned n, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CONFIG_GET, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, key);
    if (step_one(tx->s, st, "key", "config_get", err))
        return -1;
    sqlite__col_text(st, 0, value, n);
    sqlite3_reset(st);
    return 0;
}

int store_config_set(struct store_tx *tx, const char *key, const char *value,
                     struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_CONFIG_SET, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, key);
    sqlite__bind_text(st, 2, value);
    return sqlite__exec_stmt(tx->s, st, "config_set", err);
}

/* --- node ---------------------------------------------------------------- */

int store_node_insert(struct store_tx *tx, const struct node *n, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_NODE_INSERT, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, n->code);
    if (n->parent[0])
        sqlite__bind_text(st, 2, n->parent);
    sqlite__bind_text(st, 3, node_kinds[n->kind]);
    sqlite__bind_text(st, 4, n->name);
    sqlite3_bind_int(st, 5, n->is_real);
    sqlite3_bind_int64(st, 6, n->created_utc);
    sqlite3_bind_int64(st, 7, n->updated_utc);
    return sqlite__exec_stmt(tx->s, st, "node_insert", err);
}

static void node_from_row(sqlite3_stmt *st, struct node *n)
{
    char kind[16];

    memset(n, 0, sizeof(*n));
    sqlite__col_text(st, 0, n->code, sizeof(n->code));
    sqlite__col_text(st, 1, n->parent, sizeof(n->parent));
    sqlite__col_text(st, 2, kind, sizeof(kind));
    n->kind = kind_from_text(kind);
    sqlite__col_text(st, 3, n->name, sizeof(n->name));
    n->is_real = sqlite3_column_int(st, 4);
    n->created_utc = sqlite3_column_int64(st, 5);
    n->updated_utc = sqlite3_column_int64(st, 6);
    n->n_children = sqlite3_column_int(st, 7);
}

int store_node_get(struct store_tx *tx, const char *code, struct node *out,
                   const char *field, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_NODE_GET, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, code);
    if (step_one(tx->s, st, field, "node_get", err))
        return -1;
    node_from_row(st, out);
    sqlite3_reset(st);
    return 0;
}

static int node_rows(struct store_tx *tx, enum store_stmt stmt, const char *code,
                     struct node_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, stmt, err);
    size_t cap = 0;
    int rc;

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, code);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->items = xrealloc(out->items, cap * sizeof(*out->items));
        }
        node_from_row(st, &out->items[out->n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->items), out->items = NULL, out->n = 0;
        return sqlite__fail(tx->s, rc, "node_children", err);
    }
    return 0;
}

int store_node_children(struct store_tx *tx, const char *code,
                        struct node_list *out, struct lf_err *err)
{
    return node_rows(tx, STMT_NODE_CHILDREN, code, out, err);
}

int store_node_subtree(struct store_tx *tx, const char *code, struct node_list *out,
                       struct lf_err *err)
{
    return node_rows(tx, STMT_NODE_SUBTREE, code, out, err);
}

int store_node_rename(struct store_tx *tx, const char *code, const char *name,
                      int64_t now, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_NODE_RENAME, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, code);
    sqlite__bind_text(st, 2, name);
    sqlite3_bind_int64(st, 3, now);
    if (sqlite__exec_stmt(tx->s, st, "node_rename", err))
        return -1;
    if (sqlite3_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, "code", "does not exist");
    return 0;
}

int store_node_max_child(struct store_tx *tx, const char *parent,
                         char out[NODE_CODE_MAX], struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_NODE_MAX_CHILD, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, parent);
    if (step_one(tx->s, st, "parent", "node_max_child", err))
        return -1;
    sqlite__col_text(st, 0, out, NODE_CODE_MAX);
    sqlite3_reset(st);
    return 0;
}

int store_node_name_taken(struct store_tx *tx, const char *parent,
                          const char *name, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_NODE_NAME_TAKEN, err);
    int rc;

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, parent);
    sqlite__bind_text(st, 2, name);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return sqlite__fail(tx->s, rc, "node_name_taken", err);
}

static long count_stmt(struct store_tx *tx, enum store_stmt id, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, id, err);
    long n;

    if (!st || step_one(tx->s, st, NULL, "count", err))
        return -1;
    n = (long)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return n;
}

long store_node_count(struct store_tx *tx, struct lf_err *err)
{
    return count_stmt(tx, STMT_NODE_COUNT, err);
}


/* --- division ------------------------------------------------------------ */

int store_division_insert(struct store_tx *tx, const char *code,
                          const char *name, int level, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_DIVISION_INSERT, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, code);
    sqlite__bind_text(st, 2, name);
    sqlite3_bind_int(st, 3, level);
    return sqlite__exec_stmt(tx->s, st, "division_insert", err);
}

int store_division_known(struct store_tx *tx, const char *code, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_DIVISION_KNOWN, err);
    int rc;

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, code);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return sqlite__fail(tx->s, rc, "division_known", err);
}

/* --- user ---------------------------------------------------------------- */

static void user_from_row(sqlite3_stmt *st, struct user *u)
{
    memset(u, 0, sizeof(*u));
    u->id = sqlite3_column_int64(st, 0);
    sqlite__col_text(st, 1, u->username, sizeof(u->username));
    sqlite__col_text(st, 2, u->display_name, sizeof(u->display_name));
    sqlite__col_text(st, 3, u->role, sizeof(u->role));
    sqlite__col_text(st, 4, u->node, sizeof(u->node));
    sqlite__col_text(st, 5, u->pw_hash, sizeof(u->pw_hash));
    u->failed_count = sqlite3_column_int(st, 6);
    u->locked_until = sqlite3_column_int64(st, 7);
    u->disabled = sqlite3_column_int(st, 8);
    u->created_utc = sqlite3_column_int64(st, 9);
    u->pw_changed_utc = sqlite3_column_int64(st, 10);
}

int store_user_insert(struct store_tx *tx, struct user *u, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_USER_INSERT, err);
    int rc;

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, u->username);
    sqlite__bind_text(st, 2, u->display_name);
    sqlite__bind_text(st, 3, u->role);
    sqlite__bind_text(st, 4, u->node);
    sqlite__bind_text(st, 5, u->pw_hash);
    sqlite3_bind_int64(st, 6, u->created_utc);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return lf_err_set(err, LF_ERR_CONFLICT, "username", "is already taken");
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "user_insert", err);
    u->id = sqlite3_last_insert_rowid(tx->s->db);
    u->pw_changed_utc = u->created_utc;
    return 0;
}

int store_user_get(struct store_tx *tx, int64_t id, struct user *out,
                   struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_USER_GET, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    if (step_one(tx->s, st, "id", "user_get", err))
        return -1;
    user_from_row(st, out);
    sqlite3_reset(st);
    return 0;
}

int store_user_get_by_name(struct store_tx *tx, const char *username,
                           struct user *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_USER_GET_BY_NAME, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, username);
    if (step_one(tx->s, st, "username", "user_get_by_name", err))
        return -1;
    user_from_row(st, out);
    sqlite3_reset(st);
    return 0;
}

int store_user_list(struct store_tx *tx, const char *node_prefix,
                    struct user_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_USER_LIST, err);
    size_t cap = 0;
    int rc;

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, node_prefix);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->items = xrealloc(out->items, cap * sizeof(*out->items));
        }
        user_from_row(st, &out->items[out->n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->items), out->items = NULL, out->n = 0;
        return sqlite__fail(tx->s, rc, "user_list", err);
    }
    return 0;
}

static int exec_changed(struct store_tx *tx, sqlite3_stmt *st, const char *what,
                        struct lf_err *err)
{
    if (sqlite__exec_stmt(tx->s, st, what, err))
        return -1;
    if (sqlite3_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, "id", "does not exist");
    return 0;
}

int store_user_login_state(struct store_tx *tx, int64_t id, int failed_count,
                           int64_t locked_until, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_USER_LOGIN_STATE, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, failed_count);
    sqlite3_bind_int64(st, 3, locked_until);
    return exec_changed(tx, st, "user_login_state", err);
}

int store_user_set_disabled(struct store_tx *tx, int64_t id, int disabled,
                            struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_USER_SET_DISABLED, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, disabled);
    return exec_changed(tx, st, "user_set_disabled", err);
}

int store_user_set_password(struct store_tx *tx, int64_t id, const char *pw_hash,
                            int64_t now, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_USER_SET_PASSWORD, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite__bind_text(st, 2, pw_hash);
    sqlite3_bind_int64(st, 3, now);
    return exec_changed(tx, st, "user_set_password", err);
}

long store_user_count(struct store_tx *tx, struct lf_err *err)
{
    return count_stmt(tx, STMT_USER_COUNT, err);
}


/* --- session ------------------------------------------------------------- */

int store_session_insert(struct store_tx *tx, const struct session *s,
                         struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_SESSION_INSERT, err);

    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, s->token_hash, sizeof(s->token_hash), SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, s->user_id);
    sqlite3_bind_int64(st, 3, s->created_utc);
    sqlite3_bind_int64(st, 4, s->last_seen_utc);
    sqlite__bind_text(st, 5, s->addr);
    return sqlite__exec_stmt(tx->s, st, "session_insert", err);
}

int store_session_get(struct store_tx *tx, const unsigned char hash[32],
                      struct session *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_SESSION_GET, err);

    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
    if (step_one(tx->s, st, "token", "session_get", err))
        return -1;
    memset(out, 0, sizeof(*out));
    memcpy(out->token_hash, hash, 32);
    out->user_id = sqlite3_column_int64(st, 0);
    out->created_utc = sqlite3_column_int64(st, 1);
    out->last_seen_utc = sqlite3_column_int64(st, 2);
    sqlite__col_text(st, 3, out->addr, sizeof(out->addr));
    sqlite3_reset(st);
    return 0;
}

int store_session_touch(struct store_tx *tx, const unsigned char hash[32],
                        int64_t now, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_SESSION_TOUCH, err);

    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    return sqlite__exec_stmt(tx->s, st, "session_touch", err);
}

int store_session_delete(struct store_tx *tx, const unsigned char hash[32],
                         struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_SESSION_DELETE, err);

    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
    return sqlite__exec_stmt(tx->s, st, "session_delete", err);
}

int store_session_delete_user(struct store_tx *tx, int64_t user_id,
                              struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_SESSION_DELETE_USER, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    return sqlite__exec_stmt(tx->s, st, "session_delete_user", err);
}

/* --- audit --------------------------------------------------------------- */

int store_audit_insert(struct store_tx *tx, struct audit_entry *a,
                       struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_AUDIT_INSERT, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, a->at_utc);
    if (a->user_id)
        sqlite3_bind_int64(st, 2, a->user_id);
    sqlite__bind_text(st, 3, a->username);
    sqlite__bind_text(st, 4, a->role);
    sqlite__bind_text(st, 5, a->action);
    sqlite__bind_text(st, 6, a->record);
    sqlite3_bind_int(st, 7, a->success);
    sqlite__bind_text(st, 8, a->addr);
    sqlite__bind_text(st, 9, a->detail);
    if (sqlite__exec_stmt(tx->s, st, "audit_insert", err))
        return -1;
    a->id = sqlite3_last_insert_rowid(tx->s->db);
    return 0;
}

int store_audit_list(struct store_tx *tx, const struct audit_filter *f,
                     struct audit_list *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_AUDIT_LIST, err);
    size_t cap = 0;
    int rc;

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, f->before_id);
    sqlite3_bind_int64(st, 2, f->user_id);
    if (f->action_prefix && *f->action_prefix)
        sqlite__bind_text(st, 3, f->action_prefix);
    sqlite3_bind_int(st, 4, (int)f->limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct audit_entry *a;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 32;
            out->items = xrealloc(out->items, cap * sizeof(*out->items));
        }
        a = &out->items[out->n++];
        memset(a, 0, sizeof(*a));
        a->id = sqlite3_column_int64(st, 0);
        a->at_utc = sqlite3_column_int64(st, 1);
        a->user_id = sqlite3_column_int64(st, 2);
        sqlite__col_text(st, 3, a->username, sizeof(a->username));
        sqlite__col_text(st, 4, a->role, sizeof(a->role));
        sqlite__col_text(st, 5, a->action, sizeof(a->action));
        sqlite__col_text(st, 6, a->record, sizeof(a->record));
        a->success = sqlite3_column_int(st, 7);
        sqlite__col_text(st, 8, a->addr, sizeof(a->addr));
        sqlite__col_text(st, 9, a->detail, sizeof(a->detail));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->items), out->items = NULL, out->n = 0;
        return sqlite__fail(tx->s, rc, "audit_list", err);
    }
    return 0;
}

