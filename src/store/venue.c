/*
 * venue.c - the venue operations of store.h.
 *
 * A venue's code is drawn here, at the moment the row becomes approved,
 * because only the UNIQUE index can say a code is free: a draw that
 * collides (80 random bits: practically never) is retried with a new one.
 * The INSERT skips a taken code (ON CONFLICT DO NOTHING: no row changed)
 * rather than failing, because a failed statement aborts the whole
 * transaction in PostgreSQL; so the retry, and a caller that goes on
 * after a refused code, run inside the caller's transaction on both
 * engines. (The UPDATE of a decision cannot skip: a collision there
 * fails the operation on PostgreSQL, once in 2^80 draws.)
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "store/store_int.h"
#include "store/venue.h"
#include "util/xmalloc.h"
#include "util/token.h"
#include "util/banned.h"

/* a venue with its node's name: "FROM" included, so a WHERE follows */
#define VENUE_COLS                                                             \
    "v.id, v.node, coalesce(n.name, ''), v.name, v.type, v.address, "          \
    "v.contact_name, v.contact_phone, v.status, v.reason, "                    \
    "coalesce(v.applicant_id, 0), coalesce(v.reviewer_id, 0), v.reviewed_utc, "    \
    "v.created_utc, coalesce(v.code, '') "                                     \
    "FROM venue v LEFT JOIN node n ON n.code = v.node"

static struct db_sql STMT_SCAN_VENUE_BY_ID = DB_SQL(
    "SELECT status FROM venue WHERE id = ?1");

static struct db_sql STMT_SCAN_VENUE_BY_CODE = DB_SQL(
    "SELECT id, status FROM venue WHERE code = ?1");

static struct db_sql STMT_VENUE_INSERT = DB_SQL(
    "INSERT INTO venue(node, name, type, address, "
    "contact_name, contact_phone, status, reason, "
    "applicant_id, reviewer_id, reviewed_utc, created_utc, "
    "code) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13) "
    "ON CONFLICT (code) DO NOTHING");

static struct db_sql STMT_VENUE_GET = DB_SQL(
    "SELECT " VENUE_COLS " WHERE v.id = ?1");

static struct db_sql STMT_VENUE_GET_BY_CODE = DB_SQL(
    "SELECT " VENUE_COLS " WHERE v.code = ?1");

static struct db_sql STMT_VENUE_EXISTS = DB_SQL(
    "SELECT 1 FROM venue WHERE node = ?1 AND name = ?2 AND "
    "address = ?3 AND status IN (0, 1) LIMIT 1");

static struct db_sql STMT_VENUE_DECIDE = DB_SQL(
    "UPDATE venue SET status = ?2, reviewer_id = ?3, "
    "reviewed_utc = ?4, reason = ?5, code = ?6 "
    "WHERE id = ?1 AND status = 0");

static struct db_sql STMT_VENUE_COUNTS = DB_SQL(
    "SELECT substr(node, 1, CAST(?2 AS integer)), status, count(*) "
    "FROM venue "
    "WHERE node >= ?1 AND node < ?1 || 'z' GROUP BY 1, 2");

int store_venue_status(struct store_tx *tx, int64_t venue_id, int *status,
                       struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_SCAN_VENUE_BY_ID, err);
    int rc;

    if (!st)
        return -1;
    db_bind_int(st, 1, venue_id);
    rc = db_step(st);
    if (rc == DB_ROW)
        *status = db_col_int(st, 0);
    db_reset(st);
    if (rc == DB_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, "venue", "no such venue");
    if (rc != DB_ROW)
        return db_fail(tx->s->db, rc, "venue_status", err);
    return 0;
}

int store_venue_by_code(struct store_tx *tx, const char *code, int64_t *venue_id,
                        int *status, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_SCAN_VENUE_BY_CODE, err);
    int rc;

    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *venue_id = db_col_int(st, 0);
        *status = db_col_int(st, 1);
    }
    db_reset(st);
    if (rc == DB_DONE)
        return lf_err_set(err, LF_ERR_NOTFOUND, "venue", "no such venue code");
    if (rc != DB_ROW)
        return db_fail(tx->s->db, rc, "venue_by_code", err);
    return 0;
}

#define CODE_TRIES 4

static void bind_id_or_null(struct db_stmt *st, int i, int64_t id)
{
    if (id)
        db_bind_int(st, i, id);
    else
        db_bind_null(st, i);
}

int store_venue_insert(struct store_tx *tx, struct venue *v, struct lf_err *err)
{
    int drawn = v->status == VENUE_APPROVED && !v->code[0];
    int tries = 0, rc;
    struct db_stmt *st;

    do {
        if (drawn)
            token_base32(v->code, VENUE_CODE_LEN);
        if (!(st = db_prepare(tx->s->db, &STMT_VENUE_INSERT, err)))
            return -1;
        db_bind_text(st, 1, v->node);
        db_bind_text(st, 2, v->name);
        db_bind_int(st, 3, v->type);
        db_bind_text(st, 4, v->address);
        db_bind_text(st, 5, v->contact_name);
        db_bind_text(st, 6, v->contact_phone);
        db_bind_int(st, 7, v->status);
        db_bind_text(st, 8, v->reason);
        bind_id_or_null(st, 9, v->applicant_id);
        bind_id_or_null(st, 10, v->reviewer_id);
        db_bind_int(st, 11, v->reviewed_utc);
        db_bind_int(st, 12, v->created_utc);
        if (v->code[0])
            db_bind_text(st, 13, v->code);
        rc = db_step(st);
        db_reset(st);
        if (rc == DB_DONE && db_changes(tx->s->db) == 0)
            rc = DB_UNIQUE;     /* the code was taken */
    } while (rc == DB_UNIQUE && drawn && ++tries < CODE_TRIES);
    if (rc == DB_UNIQUE)
        return lf_err_set(err, LF_ERR_CONFLICT, "code", "is already in use");
    if (rc == DB_FOREIGN_KEY)
        return lf_err_set(err, LF_ERR_NOTFOUND, "node", "does not exist");
    if (rc != DB_DONE)
        return db_fail(tx->s->db, rc, "venue_insert", err);
    v->id = db_last_id(tx->s->db);
    return 0;
}

static void venue_from_row(struct db_stmt *st, void *row)
{
    struct venue *v = row;

    memset(v, 0, sizeof(*v));
    v->id = db_col_int(st, 0);
    db_col_copy(st, 1, v->node, sizeof(v->node));
    db_col_copy(st, 2, v->node_name, sizeof(v->node_name));
    db_col_copy(st, 3, v->name, sizeof(v->name));
    v->type = db_col_int(st, 4);
    db_col_copy(st, 5, v->address, sizeof(v->address));
    db_col_copy(st, 6, v->contact_name, sizeof(v->contact_name));
    db_col_copy(st, 7, v->contact_phone, sizeof(v->contact_phone));
    v->status = db_col_int(st, 8);
    db_col_copy(st, 9, v->reason, sizeof(v->reason));
    v->applicant_id = db_col_int(st, 10);
    v->reviewer_id = db_col_int(st, 11);
    v->reviewed_utc = db_col_int(st, 12);
    v->created_utc = db_col_int(st, 13);
    db_col_copy(st, 14, v->code, sizeof(v->code));
}

static int venue_one(struct store_tx *tx, struct db_stmt *st, struct venue *out,
                     const char *field, struct lf_err *err)
{
    int rc = db_step(st);

    if (rc != DB_ROW) {
        db_reset(st);
        if (rc == DB_DONE)
            return lf_err_set(err, LF_ERR_NOTFOUND, field, "no such venue");
        return db_fail(tx->s->db, rc, "venue_get", err);
    }
    venue_from_row(st, out);
    db_reset(st);
    return 0;
}

int store_venue_get(struct store_tx *tx, int64_t id, struct venue *out,
                    struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_VENUE_GET, err);

    if (!st)
        return -1;
    db_bind_int(st, 1, id);
    return venue_one(tx, st, out, "id", err);
}

int store_venue_get_by_code(struct store_tx *tx, const char *code, struct venue *out,
                            struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_VENUE_GET_BY_CODE, err);

    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    return venue_one(tx, st, out, "code", err);
}

int store_venue_list(struct store_tx *tx, const struct venue_query *q,
                     struct venue_list *out, struct lf_err *err)
{
    /* fixed fragments; only values are bound. An operator's list goes by
     * the applicant index, an officer's by the node range. */
    char sql[768];
    struct db_stmt *st = NULL;
    int rc;

    out->items = NULL;
    out->n = 0;
    snprintf(sql, sizeof(sql),
             "SELECT " VENUE_COLS " WHERE v.node >= ?1 AND v.node < ?1 || 'z' "
             "AND v.id > ?2%s%s ORDER BY v.id LIMIT ?3",
             q->status >= 0 ? " AND v.status = ?4" : "",
             q->applicant_id ? " AND v.applicant_id = ?5" : "");
    if (!(st = db_prepare_once(tx->s->db, sql, err)))
        return -1;
    db_bind_text(st, 1, q->node);
    db_bind_int(st, 2, q->after_id);
    db_bind_int(st, 3, (int)q->limit);
    if (q->status >= 0)
        db_bind_int(st, 4, q->status);
    if (q->applicant_id)
        db_bind_int(st, 5, q->applicant_id);
    rc = db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items),
                      venue_from_row, "venue_list", err);
    db_finalize(st);
    return rc;
}

int store_venue_exists(struct store_tx *tx, const char *node, const char *name,
                       const char *address, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_VENUE_EXISTS, err);
    int rc;

    if (!st)
        return -1;
    db_bind_text(st, 1, node);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, address);
    rc = db_step(st);
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    if (rc == DB_DONE)
        return 0;
    return db_fail(tx->s->db, rc, "venue_exists", err);
}

int store_venue_decide(struct store_tx *tx, int64_t id, int status, int64_t reviewer_id,
                       int64_t at, const char *reason, char *code_out, struct lf_err *err)
{
    int tries = 0, rc;
    struct db_stmt *st;

    code_out[0] = '\0';
    do {
        if (status == VENUE_APPROVED)
            token_base32(code_out, VENUE_CODE_LEN);
        if (!(st = db_prepare(tx->s->db, &STMT_VENUE_DECIDE, err)))
            return -1;
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, status);
        bind_id_or_null(st, 3, reviewer_id);
        db_bind_int(st, 4, at);
        db_bind_text(st, 5, reason ? reason : "");
        if (code_out[0])
            db_bind_text(st, 6, code_out);
        rc = db_step(st);
        db_reset(st);
    } while (rc == DB_UNIQUE && ++tries < CODE_TRIES);
    if (rc != DB_DONE)
        return db_fail(tx->s->db, rc, "venue_decide", err);
    if (db_changes(tx->s->db) == 0)
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

/* A row (node prefix, status, count) into its node's figures. */
static int add_count(struct db_stmt *st, void *arg)
{
    char key[NODE_CODE_MAX];
    struct venue_count_row *r;
    long n = (long)db_col_int(st, 2);

    db_col_copy(st, 0, key, sizeof(key));
    r = count_row(arg, key);
    switch (db_col_int(st, 1)) {
    case VENUE_APPLIED: r->applied += n; break;
    case VENUE_APPROVED: r->approved += n; break;
    case VENUE_REJECTED: r->rejected += n; break;
    default: break;
    }
    return 0;
}

int store_venue_counts(struct store_tx *tx, const char *code, size_t child_len,
                       struct venue_counts *out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare(tx->s->db, &STMT_VENUE_COUNTS, err);

    out->children = NULL;
    out->n_children = 0;
    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    db_bind_int(st, 2, (int)child_len);
    if (db_each_row(st, add_count, out, "venue_counts", err)) {
        free(out->children);
        out->children = NULL;
        out->n_children = 0;
        return -1;
    }
    return 0;
}
