/*
 * tracing.h - the contact tracing engine (密接、次密接): from one person's
 * whereabouts in a time window, the people who were with them, each with
 * the reason.
 *
 * Inputs, all from the store: venue scans (scan: venue, time, person; a
 * scan is a stay of the venue type's typical length unless the rules say
 * otherwise), checkpoint passes with their checks (same plate, checks
 * close in time: same vehicle), households (person.household_id), and the
 * epidemiologist's manual trajectory entries (cases module) when they name
 * a venue.
 *
 * The engine proposes; it stores nothing. The cases module keeps the
 * proposals, and the epidemiologist confirms or dismisses each.
 */
#ifndef LF_CORE_TRACING_H
#define LF_CORE_TRACING_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/types/tracing.h"

struct lf_ctx;
struct store_tx;

void tracing_rules_default(struct tracing_rules *r);

/* The rules as text, "name=value" separated by spaces or commas, e.g.
 * "min_overlap_minutes=30 secondary=0": the deployment's setting (the
 * config "tracing_rules", `lianfang tracing-rules`). Parse starts from *r
 * (names not given keep their value) and changes *r only when the whole
 * text is valid: INVALID "rules" for a malformed or unknown name, else the
 * field of the bad value. Format writes every rule. */
int tracing_rules_parse(const char *text, struct tracing_rules *r, struct lf_err *err);
void tracing_rules_format(const struct tracing_rules *r, char *buf, size_t n);
#define TRACING_RULES_TEXT_MAX 200

/* The close and secondary contacts of person_id between from_utc and
 * to_utc (the infectious window, computed by the caller from the case),
 * one proposal per person (the index person excluded), close contacts
 * first, then by person id. Reads only; the caller holds the transaction
 * and checks permissions. 0 or -1 with err. */
int tracing_find(struct store_tx *tx, int64_t person_id, int64_t from_utc,
                 int64_t to_utc, const struct tracing_rules *rules,
                 struct contact_proposal_list *out, struct lf_err *err);

void contact_proposal_list_free(struct contact_proposal_list *l);

/* The longest stay a scan can stand for under rules, in minutes: the
 * override, else the longest typical stay of any venue type. */
int tracing_longest_stay_minutes(const struct tracing_rules *rules);

/* The stay a scan at a venue of this type stands for, in minutes. */
int tracing_stay_minutes(const struct tracing_rules *rules, int venue_type);

/* Check the rules (each field in range): 0, or -1 with LF_ERR_INVALID
 * naming the field ("min_overlap_minutes", ...). */
int tracing_rules_check(const struct tracing_rules *r, struct lf_err *err);

/* --- the in-memory index (tracing_index.c) --------------------------------
 * An immutable copy of the scans of [from_utc, to_utc) (whole past days)
 * and of the households, for a server that traces many cases: a probe is
 * a binary search in one venue's slice of two arrays instead of a SQLite
 * range scan, and a household a slice of another. About 8 bytes a scan
 * (50 million scans: 400 MB) plus 8 bytes a person; loading refuses to go
 * beyond max_bytes (LF_ERR_TOOLARGE, field "tracing_index"). Scans outside
 * [from_utc, to_utc), people the index has not seen, and every other read
 * still go to the store, so a stale index misses only what changed inside
 * its range after loading (late scans of a past day, a person moved to
 * another household): reload it daily. Read-only once loaded, so threads
 * may share it. tracing_index_free(NULL) is fine. */
struct tracing_index;

int tracing_index_load(struct store_tx *tx, int64_t from_utc, int64_t to_utc,
                       size_t max_bytes, struct tracing_index **out,
                       struct lf_err *err);
void tracing_index_free(struct tracing_index *ix);
/* Memory held, and scans held. */
size_t tracing_index_bytes(const struct tracing_index *ix);
size_t tracing_index_scans(const struct tracing_index *ix);

/* tracing_find() reading venue scans and households through ix where it
 * covers them (ix NULL: the store alone; the results are the same). */
int tracing_find_with(const struct tracing_index *ix, struct store_tx *tx,
                      int64_t person_id, int64_t from_utc, int64_t to_utc,
                      const struct tracing_rules *rules,
                      struct contact_proposal_list *out, struct lf_err *err);

/* A stay of the index person known otherwise than by a scan: a manual
 * trajectory entry that names a venue ("at the market 9:00-10:30").
 * [from_utc, to_utc) is the stay itself; to_utc == from_utc means "seen
 * there then", a stay of the venue type's length, like a scan. */
struct tracing_stay_in {
    int64_t venue_id;
    int venue_type;             /* enum venue_type; 0 unknown */
    int64_t from_utc, to_utc;
};

/* tracing_find_with() with these stays added to the index person's scans
 * (clipped to the window and merged with them per venue). */
int tracing_find_stays(const struct tracing_index *ix, struct store_tx *tx,
                       int64_t person_id, int64_t from_utc, int64_t to_utc,
                       const struct tracing_stay_in *stays, size_t n_stays,
                       const struct tracing_rules *rules,
                       struct contact_proposal_list *out, struct lf_err *err);

/* Internal to the module (tracing.c, tracing_index.c): the scans at venue_id
 * with lo <= at_utc <= hi, and the other members of person_id's household,
 * from ix where it covers them, else the store; appended to out. */
int tracing__visits(const struct tracing_index *ix, struct store_tx *tx,
                    int64_t venue_id, int64_t lo, int64_t hi,
                    struct tracing_visit_list *out, struct lf_err *err);
int tracing__household(const struct tracing_index *ix, struct store_tx *tx,
                       int64_t person_id, struct tracing_id_list *out,
                       struct lf_err *err);
/* For each of the n contacts in order, (member, contact) for every other
 * member of its household except skip, appended to out. */
int tracing__household_pairs(const struct tracing_index *ix, struct store_tx *tx,
                             const struct contact_proposal *contacts, size_t n,
                             int64_t skip, struct tracing_pair_list *out,
                             struct lf_err *err);

#endif
