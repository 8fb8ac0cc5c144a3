/*
 * sqlite_synth.c - the bulk reads and writes of the synthetic city
 * (store.h, "synthetic city"): pages of persons for the movement
 * generator, batches of scans, and a larger page cache while it loads.
 *
 * These statements run a handful of times per run (once per page or
 * batch), so they are prepared per call rather than kept in the cache of
 * sqlite_int.h: a prepare per 8,000 rows costs nothing measurable, and
 * the statement table of the server stays what the server uses.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/banned.h"

static sqlite3_stmt *prepare(struct store *s, const char *sql, struct lf_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        sqlite__fail(s, rc, sql, err);
        return NULL;
    }
    return st;
}

int store_synth_persons(struct store_tx *tx, const char *node, int64_t after_id,
                        struct synth_person_row *out, size_t n, size_t *n_out,
                        struct lf_err *err)
{
    sqlite3_stmt *st = prepare(tx->s, "SELECT id, household_id, birth_days, sex, grid "
                               "FROM person WHERE id > ?2 AND household_id IS NOT NULL "
                               "AND grid >= ?1 AND grid < ?1 || 'z' ORDER BY id LIMIT ?3",
                               err);
    size_t k = 0;
    int rc;

    *n_out = 0;
    if (!st)
        return -1;
    sqlite__bind_text(st, 1, node);
    sqlite3_bind_int64(st, 2, after_id);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)n);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < n) {
        struct synth_person_row *r = &out[k++];
        r->id = sqlite3_column_int64(st, 0);
        r->household_id = sqlite3_column_int64(st, 1);
        r->birth_days = sqlite3_column_int64(st, 2);
        r->sex = sqlite3_column_int(st, 3);
        sqlite__col_text(st, 4, r->grid, sizeof(r->grid));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sqlite__fail(tx->s, rc, "synth_persons", err);
    *n_out = k;
    return 0;
}

int store_synth_scans(struct store_tx *tx, const struct scan_row *rows, size_t n,
                      long *added, struct lf_err *err)
{
    sqlite3_stmt *st;
    size_t i;
    int rc = SQLITE_DONE;

    *added = 0;
    if (n == 0)
        return 0;
    if (!(st = prepare(tx->s, "INSERT OR IGNORE INTO scan(venue_id, at_utc, person_id) "
                       "VALUES (?1, ?2, ?3)", err)))
        return -1;
    for (i = 0; i < n && rc == SQLITE_DONE; i++) {
        sqlite3_bind_int64(st, 1, rows[i].venue_id);
        sqlite3_bind_int64(st, 2, rows[i].at_utc);
        sqlite3_bind_int64(st, 3, rows[i].person_id);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        *added += sqlite3_changes(tx->s->db) > 0;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sqlite__fail(tx->s, rc, "synth_scans", err);
    return 0;
}

int store_synth_cache(struct store *s, int mib, struct lf_err *err)
{
    char sql[64];
    int rc;

    /* negative: KiB, as SQLite counts it; -2000 is its default */
    snprintf(sql, sizeof(sql), "PRAGMA cache_size = %ld",
             mib > 0 ? -1024L * mib : -2000L);
    rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : sqlite__fail(s, rc, "synth_cache", err);
}

int store_synth_copresent(struct store_tx *tx, int64_t venue_id, int64_t from_utc,
                          int64_t to_utc, struct scan_row *out, size_t n, size_t *n_out,
                          struct lf_err *err)
{
    sqlite3_stmt *st = prepare(tx->s, "SELECT at_utc, person_id FROM scan WHERE "
                               "venue_id = ?1 AND at_utc >= ?2 AND at_utc < ?3 "
                               "ORDER BY at_utc LIMIT ?4", err);
    size_t k = 0;
    int rc;

    *n_out = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, venue_id);
    sqlite3_bind_int64(st, 2, from_utc);
    sqlite3_bind_int64(st, 3, to_utc);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)n);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < n) {
        out[k].venue_id = venue_id;
        out[k].at_utc = sqlite3_column_int64(st, 0);
        out[k++].person_id = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sqlite__fail(tx->s, rc, "synth_copresent", err);
    *n_out = k;
    return 0;
}

int store_synth_household(struct store_tx *tx, int64_t household_id, int64_t *ids,
                          size_t n, size_t *n_out, struct lf_err *err)
{
    sqlite3_stmt *st = prepare(tx->s, "SELECT id FROM person WHERE household_id = ?1 "
                               "ORDER BY id LIMIT ?2", err);
    size_t k = 0;
    int rc;

    *n_out = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, household_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)n);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < n)
        ids[k++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sqlite__fail(tx->s, rc, "synth_household", err);
    *n_out = k;
    return 0;
}

static void bind_or_null(sqlite3_stmt *st, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

int store_synth_infection_insert(struct store_tx *tx, const struct synth_infection *in,
                                 struct lf_err *err)
{
    sqlite3_stmt *st = prepare(tx->s, "INSERT INTO infection(person_id, infector_id, "
                               "venue_id, kind, infected_utc, onset_utc, detected_utc) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);
    int rc;

    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, in->person_id);
    bind_or_null(st, 2, in->infector_id);
    bind_or_null(st, 3, in->venue_id);
    sqlite__bind_text(st, 4, in->kind);
    sqlite3_bind_int64(st, 5, in->infected_utc);
    bind_or_null(st, 6, in->onset_utc);
    bind_or_null(st, 7, in->detected_utc);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : sqlite__fail(tx->s, rc, "synth_infection_insert", err);
}
