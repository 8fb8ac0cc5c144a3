/*
 * synth.c - the bulk reads and writes of the synthetic city
 * (store.h, "synthetic city"): pages of persons for the movement
 * generator, batches of scans, and a larger page cache while it loads.
 *
 * These statements run a handful of times per run (once per page or
 * batch), so they are prepared per call (db_prepare_once) rather than
 * cached: a prepare per 8,000 rows costs nothing measurable.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"
#include "store/scan.h"
#include "store/synth.h"

#include "util/banned.h"

/* Rows into a caller's array of n (the statements say LIMIT n as well). */
struct fill {
    void *out;
    size_t k, n;
    int64_t venue_id;
};

static int person_row(struct db_stmt *st, void *p)
{
    struct fill *f = p;
    struct synth_person_row *r = (struct synth_person_row *)f->out + f->k++;

    r->id = db_col_int(st, 0);
    r->household_id = db_col_int(st, 1);
    r->birth_days = db_col_int(st, 2);
    r->sex = (int)db_col_int(st, 3);
    db_col_copy(st, 4, r->grid, sizeof(r->grid));
    return f->k == f->n;
}

static int scan_row(struct db_stmt *st, void *p)
{
    struct fill *f = p;
    struct scan_row *r = (struct scan_row *)f->out + f->k++;

    r->venue_id = f->venue_id;
    r->at_utc = db_col_int(st, 0);
    r->person_id = db_col_int(st, 1);
    return f->k == f->n;
}

static int id_row(struct db_stmt *st, void *p)
{
    struct fill *f = p;

    ((int64_t *)f->out)[f->k++] = db_col_int(st, 0);
    return f->k == f->n;
}

/* Fill up to n rows through fn; *n_out gets how many. */
static int fill(struct db_stmt *st, int (*fn)(struct db_stmt *, void *), void *out,
                size_t n, int64_t venue_id, size_t *n_out, const char *what,
                struct lf_err *err)
{
    struct fill f = { out, 0, n, venue_id };
    int rc = n ? db_each_row(st, fn, &f, what, err) : 0;

    db_finalize(st);
    if (rc < 0)
        return -1;
    *n_out = f.k;
    return 0;
}

int store_synth_persons(struct store_tx *tx, const char *node, int64_t after_id,
                        struct synth_person_row *out, size_t n, size_t *n_out,
                        struct lf_err *err)
{
    struct db_stmt *st = db_prepare_once(tx->s->db, "SELECT id, household_id, birth_days, sex, grid "
                               "FROM person WHERE id > ?2 AND household_id IS NOT NULL "
                               "AND grid >= ?1 AND grid < ?1 || 'z' ORDER BY id LIMIT ?3",
                               err);

    *n_out = 0;
    if (!st)
        return -1;
    db_bind_text(st, 1, node);
    db_bind_int(st, 2, after_id);
    db_bind_int(st, 3, (int64_t)n);
    return fill(st, person_row, out, n, 0, n_out, "synth_persons", err);
}

int store_synth_scans(struct store_tx *tx, const struct scan_row *rows, size_t n,
                      long *added, struct lf_err *err)
{
    struct db_stmt *st;
    size_t i;
    int rc = DB_DONE;

    *added = 0;
    if (n == 0)
        return 0;
    if (strcmp(db_engine(tx->s->db), "pg") == 0)   /* a round trip a row is slow: COPY */
        return store_scan_insert_many(tx, rows, n, added, err);
    if (!(st = db_prepare_once(tx->s->db, "INSERT OR IGNORE INTO scan(venue_id, at_utc, person_id) "
                       "VALUES (?1, ?2, ?3)", err)))
        return -1;
    for (i = 0; i < n && rc == DB_DONE; i++) {
        db_bind_int(st, 1, rows[i].venue_id);
        db_bind_int(st, 2, rows[i].at_utc);
        db_bind_int(st, 3, rows[i].person_id);
        rc = db_step(st);
        db_reset(st);
        *added += db_changes(tx->s->db) > 0;
    }
    db_finalize(st);
    if (rc != DB_DONE)
        return db_fail(tx->s->db, rc, "synth_scans", err);
    return 0;
}

int store_synth_cache(struct store *s, int mib, struct lf_err *err)
{
    char sql[64];

    /* negative: KiB, as SQLite counts it; -2000 is its default */
    snprintf(sql, sizeof(sql), "PRAGMA cache_size = %ld",
             mib > 0 ? -1024L * mib : -2000L);
    if (strcmp(db_engine(s->db), "sqlite") != 0)
        return 0;           /* a server engine sizes its own cache */
    return db_exec(s->db, sql, err);
}

int store_synth_copresent(struct store_tx *tx, int64_t venue_id, int64_t from_utc,
                          int64_t to_utc, struct scan_row *out, size_t n, size_t *n_out,
                          struct lf_err *err)
{
    struct db_stmt *st = db_prepare_once(tx->s->db, "SELECT at_utc, person_id FROM scan WHERE "
                               "venue_id = ?1 AND at_utc >= ?2 AND at_utc < ?3 "
                               "ORDER BY at_utc LIMIT ?4", err);

    *n_out = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, venue_id);
    db_bind_int(st, 2, from_utc);
    db_bind_int(st, 3, to_utc);
    db_bind_int(st, 4, (int64_t)n);
    return fill(st, scan_row, out, n, venue_id, n_out, "synth_copresent", err);
}

int store_synth_household(struct store_tx *tx, int64_t household_id, int64_t *ids,
                          size_t n, size_t *n_out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare_once(tx->s->db, "SELECT id FROM person WHERE household_id = ?1 "
                               "ORDER BY id LIMIT ?2", err);

    *n_out = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, household_id);
    db_bind_int(st, 2, (int64_t)n);
    return fill(st, id_row, ids, n, 0, n_out, "synth_household", err);
}

int store_synth_infection_insert(struct store_tx *tx, const struct synth_infection *in,
                                 struct lf_err *err)
{
    struct db_stmt *st = db_prepare_once(tx->s->db, "INSERT INTO infection(person_id, infector_id, "
                               "venue_id, kind, infected_utc, onset_utc, detected_utc) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);
    int rc;

    if (!st)
        return -1;
    db_bind_int(st, 1, in->person_id);
    db_bind_id(st, 2, in->infector_id);
    db_bind_id(st, 3, in->venue_id);
    db_bind_text(st, 4, in->kind);
    db_bind_int(st, 5, in->infected_utc);
    db_bind_id(st, 6, in->onset_utc);
    db_bind_id(st, 7, in->detected_utc);
    rc = db_step(st);
    db_finalize(st);
    return rc == DB_DONE ? 0 : db_fail(tx->s->db, rc, "synth_infection_insert", err);
}
