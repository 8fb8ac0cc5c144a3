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
#include "store/synth.h"

#include "util/banned.h"

int store_synth_persons(struct store_tx *tx, const char *node, int64_t after_id,
                        struct synth_person_row *out, size_t n, size_t *n_out,
                        struct lf_err *err)
{
    struct db_stmt *st = db_prepare_once(tx->s->db, "SELECT id, household_id, birth_days, sex, grid "
                               "FROM person WHERE id > ?2 AND household_id IS NOT NULL "
                               "AND grid >= ?1 AND grid < ?1 || 'z' ORDER BY id LIMIT ?3",
                               err);
    size_t k = 0;
    int rc;

    *n_out = 0;
    if (!st)
        return -1;
    db_bind_text(st, 1, node);
    db_bind_int(st, 2, after_id);
    db_bind_int(st, 3, (int64_t)n);
    while ((rc = db_step(st)) == DB_ROW && k < n) {
        struct synth_person_row *r = &out[k++];
        r->id = db_col_int(st, 0);
        r->household_id = db_col_int(st, 1);
        r->birth_days = db_col_int(st, 2);
        r->sex = db_col_int(st, 3);
        db_col_copy(st, 4, r->grid, sizeof(r->grid));
    }
    db_finalize(st);
    if (rc != DB_DONE && rc != DB_ROW)
        return db_fail(tx->s->db, rc, "synth_persons", err);
    *n_out = k;
    return 0;
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
    size_t k = 0;
    int rc;

    *n_out = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, venue_id);
    db_bind_int(st, 2, from_utc);
    db_bind_int(st, 3, to_utc);
    db_bind_int(st, 4, (int64_t)n);
    while ((rc = db_step(st)) == DB_ROW && k < n) {
        out[k].venue_id = venue_id;
        out[k].at_utc = db_col_int(st, 0);
        out[k++].person_id = db_col_int(st, 1);
    }
    db_finalize(st);
    if (rc != DB_DONE && rc != DB_ROW)
        return db_fail(tx->s->db, rc, "synth_copresent", err);
    *n_out = k;
    return 0;
}

int store_synth_household(struct store_tx *tx, int64_t household_id, int64_t *ids,
                          size_t n, size_t *n_out, struct lf_err *err)
{
    struct db_stmt *st = db_prepare_once(tx->s->db, "SELECT id FROM person WHERE household_id = ?1 "
                               "ORDER BY id LIMIT ?2", err);
    size_t k = 0;
    int rc;

    *n_out = 0;
    if (!st)
        return -1;
    db_bind_int(st, 1, household_id);
    db_bind_int(st, 2, (int64_t)n);
    while ((rc = db_step(st)) == DB_ROW && k < n)
        ids[k++] = db_col_int(st, 0);
    db_finalize(st);
    if (rc != DB_DONE && rc != DB_ROW)
        return db_fail(tx->s->db, rc, "synth_household", err);
    *n_out = k;
    return 0;
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
