/*
 * retention.c - the deletes of `lianfang purge` (store/retention.h).
 *
 * One module, the purge, that names several modules' tables: the order of
 * the deletes follows the foreign keys (a check a referral still points
 * at waits for the referral; a case's events, trajectory and contacts go
 * before it; cases that name it as their source forget it). The audit
 * table refuses a delete of a row younger than 183 days by itself.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"
#include "store/retention.h"
#include "util/banned.h"

/* ?1: the cutoff. Each list is run in order; NULL ends it. */
static struct db_sql PASSES[] = {
    DB_SQL("DELETE FROM pass_check WHERE day < ?1 AND "
           "NOT EXISTS (SELECT 1 FROM referral r WHERE r.check_id = pass_check.id)"),
    DB_SQL("DELETE FROM pass WHERE day < ?1 AND "
           "NOT EXISTS (SELECT 1 FROM pass_check c WHERE c.pass_id = pass.id)"),
    DB_SQL(NULL),
};

static struct db_sql REFERRALS[] = {
    DB_SQL("DELETE FROM referral WHERE status = 2 AND handled_utc < ?1"),
    DB_SQL(NULL),
};

static struct db_sql ARRIVALS[] = {
    DB_SQL("DELETE FROM self_report WHERE arrival_days < ?1"),
    DB_SQL("DELETE FROM arrival WHERE arrival_days < ?1 AND "
           "NOT EXISTS (SELECT 1 FROM self_report s WHERE s.arrival_id = arrival.id)"),
    DB_SQL(NULL),
};

static struct db_sql VENUES[] = {
    DB_SQL("DELETE FROM venue WHERE status = 2 AND reviewed_utc < ?1 AND "
           "NOT EXISTS (SELECT 1 FROM infection i WHERE i.venue_id = venue.id)"),
    DB_SQL(NULL),
};

/* closed: excluded (4), discharged (5), dead (6); core/case.h */
#define CLOSED_CASES "SELECT id FROM epi_case WHERE status IN (4, 5, 6) AND updated_utc < ?1"
static struct db_sql CASES[] = {
    DB_SQL("DELETE FROM contact WHERE case_id IN (" CLOSED_CASES ")"),
    DB_SQL("DELETE FROM trajectory_entry WHERE case_id IN (" CLOSED_CASES ")"),
    DB_SQL("DELETE FROM case_event WHERE case_id IN (" CLOSED_CASES ")"),
    DB_SQL("UPDATE epi_case SET source_case_id = NULL WHERE source_case_id IN (" CLOSED_CASES ")"),
    DB_SQL("DELETE FROM epi_case WHERE status IN (4, 5, 6) AND updated_utc < ?1"),
    DB_SQL(NULL),
};

static struct db_sql SESSIONS[] = {
    DB_SQL("DELETE FROM session WHERE last_seen_utc < ?1"),
    DB_SQL(NULL),
};

static struct db_sql AUDIT[] = {
    DB_SQL("DELETE FROM audit WHERE at_utc < ?1"),
    DB_SQL(NULL),
};

static struct db_sql *const lists[RETAIN__COUNT] = {
    [RETAIN_PASSES] = PASSES, [RETAIN_REFERRALS] = REFERRALS, [RETAIN_ARRIVALS] = ARRIVALS,
    [RETAIN_VENUES] = VENUES, [RETAIN_CASES] = CASES, [RETAIN_SESSIONS] = SESSIONS,
    [RETAIN_AUDIT] = AUDIT,
};

int store_retention_purge(struct store_tx *tx, enum retention_kind kind, int64_t before_days,
                          int64_t before_utc, long *deleted, struct lf_err *err)
{
    struct db_sql *q;
    int by_day = kind == RETAIN_PASSES || kind == RETAIN_ARRIVALS;

    *deleted = 0;
    for (q = lists[kind]; q->sql; q++) {
        struct db_stmt *st = db_prepare(tx->s->db, q, err);
        if (!st)
            return -1;
        db_bind_int(st, 1, by_day ? before_days : before_utc);
        if (db_run(st, "retention_purge", err))
            return -1;
        if (strncmp(q->sql, "DELETE", 6) == 0)
            *deleted += db_changes(tx->s->db);
    }
    return 0;
}
