/*
 * checkpoint.h - traffic checkpoints (交通检疫卡点): where drivers and
 * passengers show their daily pass (pass.h) and have their temperature
 * taken, and the counts of each checkpoint per day.
 *
 * A checkpoint belongs to a node (the town or county that staffs it) and
 * has a random, unguessable code (CODE_CHARS of Crockford's base32, 80
 * bits) printed as a QR code on its poster: {public_url}/pass.html?c=CODE,
 * the public form of the pass. The code is not a secret from those who
 * pass by; it only keeps strangers from guessing their way to a form.
 *
 * Adding checkpoints and reading their counts need PERM_CHECKPOINT_MANAGE
 * on the node; listing them needs that or PERM_PASS_VERIFY (staff pick
 * their checkpoint from the list). Checkpoints and counts hold no personal
 * data, so their reads are not audited; creation is.
 * Errors: 0, or -1 with *err set and nothing changed. Lists are the
 * caller's: checkpoint_list_free(), checkpoint_stats_free().
 */
#ifndef LF_CHECKPOINT_H
#define LF_CHECKPOINT_H
#include <stddef.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/checkpoint.h"
#include "core/types/ledger.h"
#include "core/labels.h"

#define CHECKPOINT_ROAD_CHARS ADDRESS_CHARS

/* The kinds of checkpoint, stored by identifier (labels.h). */
extern const struct lf_labels checkpoint_kind_labels;
/* The kinds of checkpoint: identifier → Chinese label (高速路口 ...); NULL
 * for an unknown identifier. */
const char *checkpoint_kind_label(const char *kind);

/* A new random code: CODE_CHARS characters of 0-9 A-Z without I L O U. */
void checkpoint_code_new(char out[CODE_CHARS + 1]);
/* A code as typed or scanned (pass or checkpoint): spaces and dashes
 * dropped, lower case raised, O read as 0 and I, L as 1 (Crockford), so
 * "abcd-efgh ..." works; INVALID (field) unless CODE_CHARS remain. */
int checkpoint_code_parse(const char *s, char out[CODE_CHARS + 1], const char *field,
                          struct lf_err *err);

/* What the checkpoint's QR code holds: "{public_url}/pass.html?c=CODE". */
const char *checkpoint_url(const struct lf_ctx *ctx, const struct checkpoint *c,
                           char *out, size_t n);

struct checkpoint_in {
    const char *node;             /* the unit running it; in the caller's scope */
    const char *name;             /* 1-64 characters, unique at the node */
    const char *road;             /* optional: road, junction, station */
    const char *kind;             /* highway, road, rail, bus, airport, village, other */
};

int checkpoint_create(struct lf_ctx *ctx, const struct lf_who *who,
                      const struct checkpoint_in *in, struct checkpoint *out,
                      struct lf_err *err);
/* Checkpoints of node's subtree (NULL or "": the caller's node). */
int checkpoint_list(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                    struct checkpoint_list *out, struct lf_err *err);
/* One checkpoint, for its QR code and poster (PERM_CHECKPOINT_MANAGE). */
int checkpoint_get(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                   struct checkpoint *out, struct lf_err *err);
/* The public form's header: the checkpoint of a code (no account). */
int checkpoint_public_get(struct lf_ctx *ctx, const char *code, struct checkpoint *out,
                          struct lf_err *err);
/* Per checkpoint of node's subtree on day ("YYYY-MM-DD"; NULL or "":
 * today in UTC+8): vehicles (distinct plates), persons (distinct ID
 * numbers), checks, fevers, turned back, passes submitted; and the sums. */
int checkpoint_stats(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                     const char *day, struct checkpoint_stats *out, struct lf_err *err);

void checkpoint_list_free(struct checkpoint_list *l);
void checkpoint_stats_free(struct checkpoint_stats *s);

#endif
