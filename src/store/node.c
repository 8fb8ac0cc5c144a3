/*
 * node.c - the node module's statements and rows (store/node.h).
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/node.h"
#include "util/banned.h"

static struct db_sql STMT_NODE_INSERT = DB_SQL(
    "INSERT INTO node(code, parent, kind, name, is_real, "
    "created_utc, updated_utc) VALUES (?1,?2,?3,?4,?5,?6,?7)");

static struct db_sql STMT_NODE_GET = DB_SQL(
    "SELECT code, coalesce(parent,''), kind, name, is_real, "
    "created_utc, updated_utc, "
    "(SELECT count(*) FROM node c WHERE c.parent = n.code) "
    "FROM node n WHERE code = ?1");

static struct db_sql STMT_NODE_CHILDREN = DB_SQL(
    "SELECT code, coalesce(parent,''), kind, name, is_real, "
    "created_utc, updated_utc, "
    "(SELECT count(*) FROM node c WHERE c.parent = n.code) "
    "FROM node n WHERE parent = ?1 ORDER BY code");

static struct db_sql STMT_NODE_SUBTREE = DB_SQL(
    "SELECT code, coalesce(parent,''), kind, name, is_real, "
    "created_utc, updated_utc, "
    "(SELECT count(*) FROM node c WHERE c.parent = n.code) "
    "FROM node n WHERE code > ?1 AND code < ?1 || 'z' "
    "ORDER BY code");

static struct db_sql STMT_NODE_RENAME = DB_SQL(
    "UPDATE node SET name = ?2, updated_utc = ?3 "
    "WHERE code = ?1");

static struct db_sql STMT_NODE_MAX_CHILD = DB_SQL(
    "SELECT max(code) FROM node WHERE parent = ?1");

static struct db_sql STMT_NODE_NAME_TAKEN = DB_SQL(
    "SELECT 1 FROM node WHERE parent = ?1 AND name = ?2");

static struct db_sql STMT_NODE_COUNT = DB_SQL(
    "SELECT count(*) FROM node");

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

int store_node_insert(struct store_tx *tx, const struct node *n, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_NODE_INSERT, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, n->code);
    if (n->parent[0])
        db_bind_text(st, 2, n->parent);
    db_bind_text(st, 3, node_kinds[n->kind]);
    db_bind_text(st, 4, n->name);
    db_bind_int(st, 5, n->is_real);
    db_bind_int(st, 6, n->created_utc);
    db_bind_int(st, 7, n->updated_utc);
    return db_run(st, "node_insert", err);
}

static void node_from_row(struct db_stmt *st, void *row)
{
    struct node *n = row;

    char kind[16];

    memset(n, 0, sizeof(*n));
    db_col_copy(st, 0, n->code, sizeof(n->code));
    db_col_copy(st, 1, n->parent, sizeof(n->parent));
    db_col_copy(st, 2, kind, sizeof(kind));
    n->kind = kind_from_text(kind);
    db_col_copy(st, 3, n->name, sizeof(n->name));
    n->is_real = db_col_int(st, 4);
    n->created_utc = db_col_int(st, 5);
    n->updated_utc = db_col_int(st, 6);
    n->n_children = db_col_int(st, 7);
}

int store_node_get(struct store_tx *tx, const char *code, struct node *out,
                   const char *field, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_NODE_GET, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    if (step_one(tx->s, st, field, "node_get", err))
        return -1;
    node_from_row(st, out);
    db_reset(st);
    return 0;
}

static int node_rows(struct store_tx *tx, struct db_sql *stmt, const char *code,
                     struct node_list *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, stmt, err);

    out->items = NULL;
    out->n = 0;
    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    return db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                        node_from_row, "node_children", err);
}

int store_node_children(struct store_tx *tx, const char *code,
                        struct node_list *out, struct lf_err *err)
{
    return node_rows(tx, &STMT_NODE_CHILDREN, code, out, err);
}

int store_node_subtree(struct store_tx *tx, const char *code, struct node_list *out,
                       struct lf_err *err)
{
    return node_rows(tx, &STMT_NODE_SUBTREE, code, out, err);
}

int store_node_rename(struct store_tx *tx, const char *code, const char *name,
                      int64_t now, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_NODE_RENAME, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    db_bind_text(st, 2, name);
    db_bind_int(st, 3, now);
    if (db_run(st, "node_rename", err))
        return -1;
    if (db_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_NOTFOUND, "code", "does not exist");
    return 0;
}

int store_node_max_child(struct store_tx *tx, const char *parent,
                         char out[NODE_CODE_MAX], struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_NODE_MAX_CHILD, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, parent);
    if (step_one(tx->s, st, "parent", "node_max_child", err))
        return -1;
    db_col_copy(st, 0, out, NODE_CODE_MAX);
    db_reset(st);
    return 0;
}

int store_node_name_taken(struct store_tx *tx, const char *parent,
                          const char *name, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_NODE_NAME_TAKEN, err);
    int rc;

    if (!st)
        return -1;
    db_bind_text(st, 1, parent);
    db_bind_text(st, 2, name);
    rc = db_step(st);
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    if (rc == DB_DONE)
        return 0;
    return db_fail(tx->s->db, rc, "node_name_taken", err);
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

long store_node_count(struct store_tx *tx, struct lf_err *err)
{
    return count_stmt(tx, &STMT_NODE_COUNT, err);
}
