/*
 * sqlite_venue.c - the SQLite form of the venue operations of store.h.
 *
 * A venue's code is drawn here, at the moment the row becomes approved,
 * because only the UNIQUE index can say a code is free: a draw that
 * collides (80 random bits: practically never) is retried with a new one.
 * A failed INSERT or UPDATE aborts only its own statement in SQLite, so
 * the retry runs inside the caller's transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/token.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define CODE_TRIES 4

static void bind_id_or_null(sqlite3_stmt *st, int i, int64_t id)
{
    if (id)
        sqlite3_bind_int64(st, i, id);
    else
        sqlite3_bind_null(st, i);
}

int store_venue_insert(struct store_tx *tx, struct venue *v, struct lf_err *err)
{
    int drawn = v->status == VENUE_APPROVED && !v->code[0];
    int tries = 0, rc;
    sqlite3_stmt *st;

    do {
        if (drawn)
            token_base32(v->code, VENUE_CODE_LEN);
        if (!(st = sqlite__stmt(tx->s, STMT_VENUE_INSERT, err)))
            return -1;
        sqlite__bind_text(st, 1, v->node);
        sqlite__bind_text(st, 2, v->name);
        sqlite3_bind_int(st, 3, v->type);
        sqlite__bind_text(st, 4, v->address);
        sqlite__bind_text(st, 5, v->contact_name);
        sqlite__bind_text(st, 6, v->contact_phone);
        sqlite3_bind_int(st, 7, v->status);
        sqlite__bind_text(st, 8, v->reason);
        bind_id_or_null(st, 9, v->applicant_id);
        bind_id_or_null(st, 10, v->reviewer_id);
        sqlite3_bind_int64(st, 11, v->reviewed_utc);
        sqlite3_bind_int64(st, 12, v->created_utc);
        if (v->code[0])
            sqlite__bind_text(st, 13, v->code);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
    } while (rc == SQLITE_CONSTRAINT_UNIQUE && drawn && ++tries < CODE_TRIES);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        return lf_err_set(err, LF_ERR_CONFLICT, "code", "is already in use");
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return lf_err_set(err, LF_ERR_NOTFOUND, "node", "does not exist");
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "venue_insert", err);
    v->id = sqlite3_last_insert_rowid(tx->s->db);
    return 0;
}

static void venue_from_row(sqlite3_stmt *st, struct venue *v)
{
    memset(v, 0, sizeof(*v));
    v->id = sqlite3_column_int64(st, 0);
    sqlite__col_text(st, 1, v->node, sizeof(v->node));
    sqlite__col_text(st, 2, v->node_name, sizeof(v->node_name));
    sqlite__col_text(st, 3, v->name, sizeof(v->name));
    v->type = sqlite3_column_int(st, 4);
    sqlite__col_text(st, 5, v->address, sizeof(v->address));
    sqlite__col_text(st, 6, v->contact_name, sizeof(v->contact_name));
    sqlite__col_text(st, 7, v->contact_phone, sizeof(v->contact_phone));
    v->status = sqlite3_column_int(st, 8);
    sqlite__col_text(st, 9, v->reason, sizeof(v->reason));
    v->applicant_id = sqlite3_column_int64(st, 10);
    v->reviewer_id = sqlite3_column_int64(st, 11);
    v->reviewed_utc = sqlite3_column_int64(st, 12);
    v->created_utc = sqlite3_column_int64(st, 13);
    sqlite__col_text(st, 14, v->code, sizeof(v->code));
}

static int venue_one(struct store_tx *tx, sqlite3_stmt *st, struct venue *out,
                     const char *field, struct lf_err *err)
{
    int rc = sqlite3_step(st);

    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            return lf_err_set(err, LF_ERR_NOTFOUND, field, "no such venue");
        return sqlite__fail(tx->s, rc, "venue_get", err);
    }
    venue_from_row(st, out);
    sqlite3_reset(st);
    return 0;
}

int store_venue_get(struct store_tx *tx, int64_t id, struct venue *out,
                    struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_VENUE_GET, err);

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return venue_one(tx, st, out, "id", err);
}

int store_venue_get_by_code(struct store_tx *tx, const char *code, struct venue *out,
                            struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_VENUE_GET_BY_CODE, err);

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, code);
    return venue_one(tx, st, out, "code", err);
}

int store_venue_list(struct store_tx *tx, const struct venue_query *q,
                     struct venue_list *out, struct lf_err *err)
{
    /* fixed fragments; only values are bound. An operator's list goes by
     * the applicant index, an officer's by the node range. */
    char sql[768];
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int rc;

    out->items = NULL;
    out->n = 0;
    snprintf(sql, sizeof(sql),
             "SELECT " VENUE_COLS " WHERE v.node >= ?1 AND v.node < ?1 || 'z' "
             "AND v.id > ?2%s%s ORDER BY v.id LIMIT ?3",
             q->status >= 0 ? " AND v.status = ?4" : "",
             q->applicant_id ? " AND v.applicant_id = ?5" : "");
    rc = sqlite3_prepare_v2(tx->s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sqlite__fail(tx->s, rc, "venue_list", err);
    sqlite__bind_text(st, 1, q->node);
    sqlite3_bind_int64(st, 2, q->after_id);
    sqlite3_bind_int(st, 3, (int)q->limit);
    if (q->status >= 0)
        sqlite3_bind_int(st, 4, q->status);
    if (q->applicant_id)
        sqlite3_bind_int64(st, 5, q->applicant_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 32;
            out->items = xrealloc(out->items, cap * sizeof(*out->items));
        }
        venue_from_row(st, &out->items[out->n++]);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(out->items), out->items = NULL, out->n = 0;
        return sqlite__fail(tx->s, rc, "venue_list", err);
    }
    return 0;
}

int store_venue_exists(struct store_tx *tx, const char *node, const char *name,
                       const char *address, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_VENUE_EXISTS, err);
    int rc;

    if (!st)
        return -1;
    sqlite__bind_text(st, 1, node);
    sqlite__bind_text(st, 2, name);
    sqlite__bind_text(st, 3, address);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return sqlite__fail(tx->s, rc, "venue_exists", err);
}

int store_venue_decide(struct store_tx *tx, int64_t id, int status, int64_t reviewer_id,
                       int64_t at, const char *reason, char *code_out, struct lf_err *err)
{
    int tries = 0, rc;
    sqlite3_stmt *st;

    code_out[0] = '\0';
    do {
        if (status == VENUE_APPROVED)
            token_base32(code_out, VENUE_CODE_LEN);
        if (!(st = sqlite__stmt(tx->s, STMT_VENUE_DECIDE, err)))
            return -1;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, status);
        bind_id_or_null(st, 3, reviewer_id);
        sqlite3_bind_int64(st, 4, at);
        sqlite__bind_text(st, 5, reason ? reason : "");
        if (code_out[0])
            sqlite__bind_text(st, 6, code_out);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
    } while (rc == SQLITE_CONSTRAINT_UNIQUE && ++tries < CODE_TRIES);
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "venue_decide", err);
    if (sqlite3_changes(tx->s->db) == 0)
        return lf_err_set(err, LF_ERR_CONFLICT, "id", "has already been decided");
    return 0;
}

/* The row for code in out->children, created if new. */
static struct venue_count_row *count_row(struct venue_counts *out, const char *code)
{
    size_t i;

    for (i = 0; i < out->n_children; i++)
        if (strcmp(out->children[i].code, code) == 0)
            return &out->children[i];
    out->children = xrealloc(out->children, (out->n_children + 1) * sizeof(*out->children));
    memset(&out->children[out->n_children], 0, sizeof(out->children[0]));
    snprintf(out->children[out->n_children].code, NODE_CODE_MAX, "%s", code);
    return &out->children[out->n_children++];
}

int store_venue_counts(struct store_tx *tx, const char *code, size_t child_len,
                       struct venue_counts *out, struct lf_err *err)
{
    sqlite3_stmt *st = sqlite__stmt(tx->s, STMT_VENUE_COUNTS, err);
    char key[NODE_CODE_MAX];
    int rc;

    out->children = NULL;
    out->n_children = 0;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, code);
    sqlite3_bind_int(st, 2, (int)child_len);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct venue_count_row *r;
        long n = (long)sqlite3_column_int64(st, 2);
        sqlite__col_text(st, 0, key, sizeof(key));
        r = count_row(out, key);
        switch (sqlite3_column_int(st, 1)) {
        case VENUE_APPLIED: r->applied += n; break;
        case VENUE_APPROVED: r->approved += n; break;
        case VENUE_REJECTED: r->rejected += n; break;
        default: break;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->children);
        out->children = NULL;
        out->n_children = 0;
        return sqlite__fail(tx->s, rc, "venue_counts", err);
    }
    return 0;
}
