/*
 * store.h - the one interface to the database; the only home of SQL is
 * behind it (src/store/sqlite.c now, pg.c later).
 *
 * A struct store is one connection, used by one thread at a time. Every
 * read and write happens inside a transaction from store_begin(); nothing
 * writes outside one. One core operation is one transaction, so a rejected
 * operation changes nothing.
 *
 * Group commit: the server's writer thread opens a batch with
 * store_batch_begin(); inside it, store_begin() opens a SAVEPOINT instead of
 * a transaction, so each operation still commits or rolls back as a whole,
 * and store_batch_commit() makes the whole batch durable with one sync.
 * Nobody is told an operation succeeded before its batch commit returned.
 *
 * Errors: backend codes are mapped once here (constraint → LF_ERR_CONFLICT,
 * busy/locked → LF_ERR_BUSY, anything else → LF_ERR_INTERNAL); the backend's
 * text goes to the log, never to the client. Getters fail with
 * LF_ERR_NOTFOUND (field as given by the caller) when there is no row.
 * Lists are the caller's to free with node_list_free() etc. (core headers).
 */
#ifndef LF_STORE_H
#define LF_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/records.h"

struct store;
struct store_tx;

/* STORE_WRITE_BULK: a write that, at the top of a batch, joins the batch's
 * transaction without a SAVEPOINT. Inside a savepoint SQLite copies every
 * existing page on its first change into the sub-journal (4 KiB each, in
 * memory): for a bulk insert that touches thousands of pages that costs
 * about a tenth of the insert. The price: it cannot be rolled back alone.
 * Freed uncommitted, it dooms the batch: store_batch_commit() then rolls
 * the whole batch back and fails (LF_ERR_BUSY), so everybody in it hears
 * 503. Its caller must therefore find every error of its input before the
 * first write, leaving only store failures after it. Anywhere else (no
 * batch, or nested) it is STORE_WRITE. */
enum store_mode { STORE_READ, STORE_WRITE, STORE_WRITE_BULK };

enum store_open_flags {
    STORE_CREATE = 1 << 0,      /* create the file if missing */
    STORE_MIGRATE = 1 << 1,     /* run pending migrations */
    STORE_READONLY = 1 << 2     /* a reader connection */
};

/* Open path. WAL mode, synchronous=FULL, foreign keys on, busy timeout. */
struct store *store_open(const char *path, unsigned flags, struct lf_err *err);
void store_close(struct store *s);
int store_schema_version(struct store *s);

struct store_tx *store_begin(struct store *s, enum store_mode mode,
                             struct lf_err *err);
/* Commit (or release the savepoint); the tx stays to be freed. */
int store_commit(struct store_tx *tx, struct lf_err *err);
/* Rolls back unless committed; NULL is fine. */
void store_tx_free(struct store_tx *tx);

/* Run fn(arg) once the transaction holding tx is durable: at the
 * outermost COMMIT, or at store_batch_commit() inside a batch. If the
 * change rolls back instead (this savepoint or an outer one, or the
 * batch), fn is not run. Either way free_fn(arg) runs afterwards, if not
 * NULL. For effects outside the database that must not get ahead of it,
 * such as forgetting a cached session. */
void store_after_commit(struct store_tx *tx, void (*fn)(void *), void *arg,
                        void (*free_fn)(void *));

int store_batch_begin(struct store *s, struct lf_err *err);
int store_batch_commit(struct store *s, struct lf_err *err);
void store_batch_rollback(struct store *s);

/* Consistency check of the whole file: 0 when "ok". */
int store_integrity_check(struct store *s, struct lf_err *err);

/* --- config: key/value settings of the deployment ------------------------ */
/* Fails with LF_ERR_NOTFOUND (field "key") when the key is not set. */
int store_config_get(struct store_tx *tx, const char *key, char *value,
                     unsigned n, struct lf_err *err);
int store_config_set(struct store_tx *tx, const char *key, const char *value,
                     struct lf_err *err);

/* --- node: the jurisdiction tree ---------------------------------------- */
int store_node_insert(struct store_tx *tx, const struct node *n,
                      struct lf_err *err);
int store_node_get(struct store_tx *tx, const char *code, struct node *out,
                   const char *field, struct lf_err *err);
/* Children of code ordered by code, each with n_children filled. */
int store_node_children(struct store_tx *tx, const char *code,
                        struct node_list *out, struct lf_err *err);
/* Every node below code (not code itself), ordered by code: a parent
 * always comes before its children. */
int store_node_subtree(struct store_tx *tx, const char *code, struct node_list *out,
                       struct lf_err *err);
int store_node_rename(struct store_tx *tx, const char *code, const char *name,
                      int64_t now, struct lf_err *err);
/* The highest child code under parent, or "" if none. */
int store_node_max_child(struct store_tx *tx, const char *parent,
                         char out[NODE_CODE_MAX], struct lf_err *err);
/* 1 if a child of parent has this name, else 0; -1 on error. */
int store_node_name_taken(struct store_tx *tx, const char *parent,
                          const char *name, struct lf_err *err);
long store_node_count(struct store_tx *tx, struct lf_err *err);

/* --- division: the national county-level table -------------------------- */
int store_division_insert(struct store_tx *tx, const char *code,
                          const char *name, int level, struct lf_err *err);
/* 1 known, 0 unknown, -1 error. */
int store_division_known(struct store_tx *tx, const char *code,
                         struct lf_err *err);

/* --- user --------------------------------------------------------------- */
int store_user_insert(struct store_tx *tx, struct user *u, struct lf_err *err);
int store_user_get(struct store_tx *tx, int64_t id, struct user *out,
                   struct lf_err *err);
int store_user_get_by_name(struct store_tx *tx, const char *username,
                           struct user *out, struct lf_err *err);
/* Users whose node lies in the subtree of node_prefix, by username. */
int store_user_list(struct store_tx *tx, const char *node_prefix,
                    struct user_list *out, struct lf_err *err);
int store_user_login_state(struct store_tx *tx, int64_t id, int failed_count,
                           int64_t locked_until, struct lf_err *err);
int store_user_set_disabled(struct store_tx *tx, int64_t id, int disabled,
                            struct lf_err *err);
int store_user_set_password(struct store_tx *tx, int64_t id,
                            const char *pw_hash, int64_t now,
                            struct lf_err *err);
long store_user_count(struct store_tx *tx, struct lf_err *err);

/* --- session ------------------------------------------------------------ */
int store_session_insert(struct store_tx *tx, const struct session *s,
                         struct lf_err *err);
int store_session_get(struct store_tx *tx, const unsigned char hash[32],
                      struct session *out, struct lf_err *err);
int store_session_touch(struct store_tx *tx, const unsigned char hash[32],
                        int64_t now, struct lf_err *err);
int store_session_delete(struct store_tx *tx, const unsigned char hash[32],
                         struct lf_err *err);
int store_session_delete_user(struct store_tx *tx, int64_t user_id,
                              struct lf_err *err);

/* --- audit: append and read, nothing else -------------------------------- */
int store_audit_insert(struct store_tx *tx, struct audit_entry *a,
                       struct lf_err *err);
int store_audit_list(struct store_tx *tx, const struct audit_filter *f,
                     struct audit_list *out, struct lf_err *err);

/* Codes of every division of a level (1 province, 2 city, 3 county), in
 * code order; *out is a new array of n_out codes the caller frees. */
int store_division_codes(struct store_tx *tx, int level, char (**out)[NODE_CODE_MAX],
                         size_t *n_out, struct lf_err *err);

/* --- ledger: households, persons, arrivals ------------------------------ */
/* Inserts fill the new id. A duplicate ID number fails with
 * LF_ERR_CONFLICT, field "id_number". */
int store_household_insert(struct store_tx *tx, struct household *h,
                           struct lf_err *err);
int store_household_get(struct store_tx *tx, int64_t id, struct household *out,
                        struct lf_err *err);
/* The household of grid at exactly this address; NOTFOUND if none. */
int store_household_find(struct store_tx *tx, const char *grid, const char *address,
                         struct household *out, struct lf_err *err);
int store_household_add_members(struct store_tx *tx, int64_t id, int delta,
                                int64_t now, struct lf_err *err);
int store_person_insert(struct store_tx *tx, struct person *p, struct lf_err *err);
int store_arrival_insert(struct store_tx *tx, struct arrival *a, struct lf_err *err);

int store_person_get(struct store_tx *tx, int64_t id, struct person *out,
                     struct lf_err *err);
int store_person_list(struct store_tx *tx, const struct person_query *q,
                      struct person_list *out, struct lf_err *err);

/* --- screening rounds, visits, coverage --------------------------------- */
/* The number the next round of node gets (1 for the first). */
int store_round_next(struct store_tx *tx, const char *node, int *number,
                     struct lf_err *err);
/* Fills r->id. */
int store_round_insert(struct store_tx *tx, struct screening_round *r,
                       struct lf_err *err);
int store_round_get(struct store_tx *tx, int64_t id, struct screening_round *out,
                    struct lf_err *err);
/* The open round whose node contains code (the deepest one); NOTFOUND if none. */
int store_round_current(struct store_tx *tx, const char *code,
                        struct screening_round *out, struct lf_err *err);
int store_round_close(struct store_tx *tx, int64_t id, int64_t now, struct lf_err *err);
/* Households of the grid with their outcome in the round; todo_only keeps
 * those not visited yet or found nobody home. */
int store_household_list(struct store_tx *tx, const char *grid, int64_t round_id,
                         int todo_only, struct household_list *out, struct lf_err *err);
/* Households of node's subtree with id > after_id, by id, with the head's
 * name and the head's ID number and phone in head_id / head_phone. */
int store_household_page(struct store_tx *tx, const char *node, int64_t after_id,
                         unsigned limit, struct household_list *out, struct lf_err *err);
int store_visit_put(struct store_tx *tx, int64_t round_id, int64_t household_id,
                    const char *grid, int outcome, int64_t visitor_id, int64_t at,
                    const char *remarks, struct lf_err *err);
/* Totals of the subtree of code, and one row per child (code length
 * child_len). Each household counts its visit in the round in force at its
 * own grid (the deepest open round above it), so a city sees the rounds
 * its towns opened. */
int store_coverage(struct store_tx *tx, const char *code, size_t child_len,
                   struct coverage *out, struct lf_err *err);

/* Arrivals in the subtree of node arriving on or after since_days, newest first. */
int store_arrival_list(struct store_tx *tx, const char *node, int64_t since_days,
                       unsigned limit, struct arrival_list *out, struct lf_err *err);
/* Name of a division (county, city or province) code; NOTFOUND if none. */
int store_division_name(struct store_tx *tx, const char *code, char *out, unsigned n,
                        struct lf_err *err);
int store_self_report_insert(struct store_tx *tx, struct self_report *r,
                             struct lf_err *err);
int store_self_report_get(struct store_tx *tx, int64_t id, struct self_report *out,
                          struct lf_err *err);
/* Reports of communities in the subtree of node with status (-1 = any). */
int store_self_report_list(struct store_tx *tx, const char *node, int status,
                           unsigned limit, struct self_report_list *out,
                           struct lf_err *err);
/* Pending → status; CONFLICT (field "id") if already decided. */
int store_self_report_decide(struct store_tx *tx, int64_t id, int status,
                             int64_t reviewer_id, int64_t at, const char *reason,
                             int64_t arrival_id, struct lf_err *err);

/* --- venue scans (sqlite_scan.c) ----------------------------------------- */
/* The person with this (normalised) ID number; NOTFOUND if none. */
int store_person_id_by_id_number(struct store_tx *tx, const char *id_number, int64_t *id,
                                 struct lf_err *err);
/* A person known to the ledger only from a scan or pass would be inserted
 * with household_id 0 (NULL). store_person_insert() of a person whose ID
 * number such a row holds gives that row the household instead (p->id is
 * the row's). */
/* Status of venue id (0 applied, 1 approved, 2 rejected); NOTFOUND. */
int store_venue_status(struct store_tx *tx, int64_t venue_id, int *status,
                       struct lf_err *err);
/* The venue of a QR code; NOTFOUND. */
int store_venue_by_code(struct store_tx *tx, const char *code, int64_t *venue_id,
                        int *status, struct lf_err *err);
/* Insert; *added 1, or 0 when the same scan is there already. */
int store_scan_insert(struct store_tx *tx, const struct scan_row *r, int *added,
                      struct lf_err *err);
/* Insert n rows, as n store_scan_insert() calls would; *added gets how
 * many were new. 32 rows go in one statement: SQLite then opens its two
 * cursors and halts once per 32 rows, not per row. */
int store_scan_insert_many(struct store_tx *tx, const struct scan_row *rows, size_t n,
                           long *added, struct lf_err *err);
/* Delete scans before before_utc; *deleted gets the count. */
int store_scan_purge(struct store_tx *tx, int64_t before_utc, long *deleted,
                     struct lf_err *err);
/* Scans of person in [from, to), oldest first, at most limit. */
int store_scan_of_person(struct store_tx *tx, int64_t person_id, int64_t from_utc,
                         int64_t to_utc, unsigned limit, struct scan_stop_list *out,
                         struct lf_err *err);
/* --- venue: venue codes (场所码), sqlite_venue.c ------------------------- */
/* Insert v as it is (any status), fill v->id; when v->status is
 * VENUE_APPROVED and v->code is "", a new random code is drawn into
 * v->code. Cheap enough to call many times in one transaction (the
 * synthetic city registers its venues this way). */
int store_venue_insert(struct store_tx *tx, struct venue *v, struct lf_err *err);
/* By id (NOTFOUND field "id") or by code (NOTFOUND field "code"); with
 * node_name filled. */
int store_venue_get(struct store_tx *tx, int64_t id, struct venue *out,
                    struct lf_err *err);
int store_venue_get_by_code(struct store_tx *tx, const char *code, struct venue *out,
                            struct lf_err *err);
/* Venues matching q, by id, with node_name filled. */
int store_venue_list(struct store_tx *tx, const struct venue_query *q,
                     struct venue_list *out, struct lf_err *err);
/* 1 if a venue of this node, name and address is applied for or approved,
 * else 0; -1 on error. */
int store_venue_exists(struct store_tx *tx, const char *node, const char *name,
                       const char *address, struct lf_err *err);
/* Applied → status (approved or rejected); CONFLICT (field "id") if it
 * was decided already. On approval a new random code goes into code_out
 * (VENUE_CODE_LEN + 1 bytes), else code_out gets "". */
int store_venue_decide(struct store_tx *tx, int64_t id, int status,
                       int64_t reviewer_id, int64_t at, const char *reason,
                       char *code_out, struct lf_err *err);
/* Counts by status of the subtree of code: one row per prefix of length
 * child_len (code field = that prefix; venues at code itself have the
 * shorter code), in out->children; total and direct are left alone. */
int store_venue_counts(struct store_tx *tx, const char *code, size_t child_len,
                       struct venue_counts *out, struct lf_err *err);
/* --- checkpoints, passes, checks, referrals (sqlite_checkpoint.c) ------- */
/* Fills c->id. A name already used at the node: CONFLICT "name". */
int store_checkpoint_insert(struct store_tx *tx, struct checkpoint *c,
                            struct lf_err *err);
int store_checkpoint_get(struct store_tx *tx, int64_t id, struct checkpoint *out,
                         const char *field, struct lf_err *err);
int store_checkpoint_by_code(struct store_tx *tx, const char *code,
                             struct checkpoint *out, const char *field,
                             struct lf_err *err);
/* Checkpoints of node's subtree, by node then id. */
int store_checkpoint_list(struct store_tx *tx, const char *node,
                          struct checkpoint_list *out, struct lf_err *err);
/* A row per checkpoint of node's subtree with its counts on day; total
 * left to the caller. */
int store_checkpoint_stats(struct store_tx *tx, const char *node, int64_t day,
                           struct checkpoint_stats *out, struct lf_err *err);

/* Fills p->id. */
int store_pass_insert(struct store_tx *tx, struct pass *p, struct lf_err *err);
/* With checkpoint_name filled; NOTFOUND (field) if no pass has the code. */
int store_pass_by_code(struct store_tx *tx, const char *code, struct pass *out,
                       const char *field, struct lf_err *err);
/* Fills k->id. */
int store_pass_check_insert(struct store_tx *tx, struct pass_check *k,
                            struct lf_err *err);
/* The checks of a pass, oldest first, with checkpoint_name filled. */
int store_pass_checks(struct store_tx *tx, int64_t pass_id,
                      struct pass_check_list *out, struct lf_err *err);

/* The ledger's person with this (normalised) ID number; NOTFOUND if none. */
int store_person_by_id_number(struct store_tx *tx, const char *id_number,
                              struct person *out, struct lf_err *err);
/* flags |= add (enum person_flags). */
int store_person_add_flags(struct store_tx *tx, int64_t id, unsigned add,
                           int64_t now, struct lf_err *err);

/* Fills r->id. */
int store_referral_insert(struct store_tx *tx, struct referral *r,
                          struct lf_err *err);
/* With the check's checkpoint and time; NOTFOUND (field "id") if none. */
int store_referral_get(struct store_tx *tx, int64_t id, struct referral *out,
                       struct lf_err *err);
/* Referrals of node's subtree with status (-1 = any), newest first. */
int store_referral_list(struct store_tx *tx, const char *node, int status,
                        unsigned limit, struct referral_list *out,
                        struct lf_err *err);
/* Only from status `from`; CONFLICT (field "status") if it has changed. */
int store_referral_set_status(struct store_tx *tx, int64_t id, int from, int to,
                              int64_t by, int64_t at, const char *remarks,
                              struct lf_err *err);

/* Rows of table name; for tests and checks ("nothing changed"). */
long store_count_rows(struct store_tx *tx, const char *table,
                      struct lf_err *err);


/* --- tracing: the contact engine's reads (sqlite_tracing.c) ------------- */
/* Each appends to out (types in core/tracing.h), growing it as needed. */
struct tracing_stop_list;
struct tracing_visit_list;
struct tracing_check_list;
struct tracing_id_list;

/* Scans of person_id with from_utc <= at_utc < to_utc, oldest first, with
 * the venue's type (0 if the venue is unknown). */
int store_tracing_stops(struct store_tx *tx, int64_t person_id, int64_t from_utc,
                        int64_t to_utc, struct tracing_stop_list *out,
                        struct lf_err *err);
/* Scans at venue_id with from_utc <= at_utc <= to_utc (both included): a
 * short range of the clustered key. */
int store_tracing_visits(struct store_tx *tx, int64_t venue_id, int64_t from_utc,
                         int64_t to_utc, struct tracing_visit_list *out,
                         struct lf_err *err);
/* The other members of person_id's household, by id (none without one). */
int store_tracing_household(struct store_tx *tx, int64_t person_id,
                            struct tracing_id_list *out, struct lf_err *err);
/* Checks between from_utc and to_utc (included) of person_id's passes
 * (pass.person_id, or the person's ID number) that carry a plate. */
int store_tracing_checks_of_person(struct store_tx *tx, int64_t person_id,
                                   int64_t from_utc, int64_t to_utc,
                                   struct tracing_check_list *out,
                                   struct lf_err *err);
/* Checks between from_utc and to_utc (included) of passes with plate. */
int store_tracing_checks_of_plate(struct store_tx *tx, const char *plate,
                                  int64_t from_utc, int64_t to_utc,
                                  struct tracing_check_list *out,
                                  struct lf_err *err);

/* Each scan with from_utc <= at_utc < to_utc in key order (venue, time,
 * person): fn(arg, venue_id, at_utc, person_id); a non-zero return from
 * fn stops the walk and is returned (err left to fn). For loading the
 * engine's in-memory index (tracing_index_load). */
int store_tracing_each_scan(struct store_tx *tx, int64_t from_utc, int64_t to_utc,
                            int (*fn)(void *arg, int64_t venue_id, int64_t at_utc,
                                      int64_t person_id),
                            void *arg, struct lf_err *err);
/* Each person with a household, by household then person:
 * fn(arg, household_id, person_id), stopping as above. */
int store_tracing_each_member(struct store_tx *tx,
                              int (*fn)(void *arg, int64_t household_id,
                                        int64_t person_id),
                              void *arg, struct lf_err *err);
/* --- cases, trajectories, contacts (sqlite_case.c) ----------------------- */
/* Fills c->id. A person with a case (not excluded): CONFLICT "person_id". */
int store_case_insert(struct store_tx *tx, struct epi_case *c, struct lf_err *err);
/* Writes every mutable member of c (status, dates, hospital, source, link). */
int store_case_update(struct store_tx *tx, const struct epi_case *c, struct lf_err *err);
/* With the person's name, ID number, phone and grid; NOTFOUND (field). */
int store_case_get(struct store_tx *tx, int64_t id, struct epi_case *out,
                   const char *field, struct lf_err *err);
/* Cases of node's subtree with status (0 = any), newest first. */
int store_case_list(struct store_tx *tx, const char *node, int status, unsigned limit,
                    struct epi_case_list *out, struct lf_err *err);
/* Fills e->id. */
int store_case_event_insert(struct store_tx *tx, struct case_event *e, struct lf_err *err);
/* The events of a case, oldest first, with username filled. */
int store_case_events(struct store_tx *tx, int64_t case_id, struct case_event_list *out,
                      struct lf_err *err);
/* Fills e->id. */
int store_trajectory_entry_insert(struct store_tx *tx, struct trajectory_entry *e,
                                  struct lf_err *err);
/* Manual entries of a case overlapping [from, to), by from_utc. */
int store_trajectory_entries(struct store_tx *tx, int64_t case_id, int64_t from_utc,
                             int64_t to_utc, struct trajectory_entry_list *out,
                             struct lf_err *err);
/* Passes submitted and checks of passes of a person (by person_id, or by
 * id_number when the pass was made before the ledger knew them) in
 * [from, to), oldest first, at most limit. */
int store_pass_stops(struct store_tx *tx, int64_t person_id, const char *id_number,
                     int64_t from_utc, int64_t to_utc, unsigned limit,
                     struct pass_stop_list *out, struct lf_err *err);
/* A proposal for (case_id, person_id): inserted (*added 1), or its
 * evidence refreshed while still proposed, or left alone once decided. */
int store_contact_put(struct store_tx *tx, const struct contact *c, int *added,
                      struct lf_err *err);
/* Contacts of a case, close ones first, with the names filled. */
int store_contact_list(struct store_tx *tx, int64_t case_id, struct contact_list *out,
                       struct lf_err *err);
int store_contact_get(struct store_tx *tx, int64_t id, struct contact *out,
                      struct lf_err *err);
/* Proposed → status; CONFLICT (field "id") if decided already. */
int store_contact_decide(struct store_tx *tx, int64_t id, int status, int64_t by,
                         int64_t at, const char *reason, struct lf_err *err);
/* --- synthetic city: bulk reads and writes (sqlite_synth.c) -------------- */
/* A person as the movement generator (core/synth_move.c) needs them. */
struct synth_person_row {
    int64_t id;
    int64_t household_id;
    int64_t birth_days;
    int sex;
    char grid[NODE_CODE_MAX];
};
/* Persons with a household in node's subtree and id > after_id, by id, at
 * most n into out[]; *n_out gets how many (0: no more). */
int store_synth_persons(struct store_tx *tx, const char *node, int64_t after_id,
                        struct synth_person_row *out, size_t n, size_t *n_out,
                        struct lf_err *err);
/* Insert n scans (INSERT OR IGNORE, as store_scan_insert); *added gets
 * how many were new. One statement for the whole batch. */
int store_synth_scans(struct store_tx *tx, const struct scan_row *rows, size_t n,
                      long *added, struct lf_err *err);
/* The connection's page cache for a bulk load: mib MiB; 0 restores the
 * default. Outside a transaction or inside, either is fine. */
int store_synth_cache(struct store *s, int mib, struct lf_err *err);
/* Scans at venue_id in [from_utc, to_utc), by time, at most n into out[];
 * *n_out gets how many (the co-present of a synthetic outbreak). */
int store_synth_copresent(struct store_tx *tx, int64_t venue_id, int64_t from_utc,
                          int64_t to_utc, struct scan_row *out, size_t n, size_t *n_out,
                          struct lf_err *err);
/* Ids of the persons of household_id, by id, at most n. */
int store_synth_household(struct store_tx *tx, int64_t household_id, int64_t *ids,
                          size_t n, size_t *n_out, struct lf_err *err);
/* One infection of the synthetic outbreak (0008_outbreak.sql); 0 stands
 * for NULL in infector_id, venue_id, onset_utc and detected_utc. */
struct synth_infection {
    int64_t person_id, infector_id, venue_id;
    const char *kind;                 /* "seed", "venue", "household" */
    int64_t infected_utc, onset_utc, detected_utc;
};
int store_synth_infection_insert(struct store_tx *tx, const struct synth_infection *in,
                                 struct lf_err *err);

/* --- eval: the synthetic outbreak's truth (sqlite_eval.c) --------------- */
/* Types in core/tracing_eval.h; lists are appended to, as above. */
struct infection_list;

/* Whether the database has an infection table (0: no outbreak was ever
 * made, or an older schema) and, if so, how many infections are detected. */
int store_eval_outbreak(struct store_tx *tx, int *has_table, long *n_detected,
                        struct lf_err *err);
/* Up to limit detected infections after the key (after_utc, after_id), in
 * order of detected_utc, then person_id. */
int store_eval_cases(struct store_tx *tx, int64_t after_utc, int64_t after_id,
                     long limit, struct infection_list *out, struct lf_err *err);
/* The infections whose infector is person_id, by person id. */
int store_eval_infectees(struct store_tx *tx, int64_t person_id,
                         struct infection_list *out, struct lf_err *err);

#endif
