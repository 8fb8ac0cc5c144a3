/*
 * pass.h - the daily pass (一码通行: 当日提交、全市通行) and its checks at
 * checkpoints.
 *
 * A driver or passenger scans a checkpoint's QR code and fills the public
 * form once a day (no account): name, ID number, phone, plate (empty for
 * passengers and pedestrians), where they come from, remarks. The pass
 * they get has a random code (CODE_CHARS, shown as a QR code) and is valid
 * on the day it was submitted (the local day, UTC+8) at every checkpoint
 * of the deployment, not only the one where it was made.
 *
 * Staff (PERM_PASS_VERIFY) look a pass up by its code, see the full ID
 * number to compare it with the ID card (that read is audited), take the
 * temperature and let the person pass (放行) or turn them back (劝返) at
 * a checkpoint in their jurisdiction. A pass of another day is refused
 * with LF_ERR_CONFLICT on field "day". A temperature of 37.3 °C or more
 * (FEVER_THRESHOLD_C) marks the check as a fever, sets PERSON_FEVER on the
 * ledger's person with that ID number, and refers the person to their
 * community (referral.h) - all in the check's transaction.
 *
 * Errors: 0, or -1 with *err set and nothing changed.
 */
#ifndef LF_PASS_H
#define LF_PASS_H

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/pass.h"
#include "core/types/referral.h"
#include "core/labels.h"

#define PASS_FEVER_TENTHS 373     /* FEVER_THRESHOLD_C in 0.1 °C */

/* Days since 1970-01-01 of utc in the deployment's zone (UTC+8). */
int64_t pass_day_of(int64_t utc);
/* 1 if a temperature (0.1 °C) is a fever: 373 (37.3 °C) and above. */
int pass_is_fever(int temp_tenths);
/* 0 if p may be used on today; else LF_ERR_CONFLICT, field "day". */
int pass_valid_on(const struct pass *p, int64_t today, struct lf_err *err);

struct pass_in {
    const char *checkpoint;       /* the code from the checkpoint's QR */
    const char *name;             /* 1-32 characters */
    const char *id_number;        /* GB 11643, required */
    const char *phone;            /* 11 digits, required */
    const char *plate;            /* optional: 豫U12345, 豫UD12345 */
    const char *origin_code;      /* a division code, or */
    const char *origin_name;      /* a named place: one of them required */
    const char *remarks;          /* optional, up to 200 characters */
};

/* Everything about in that needs no database, into *out (normalised ID
 * number, phone and plate; day = today). For the form and for tests. */
int pass_prepare(const struct lf_ctx *ctx, const struct pass_in *in, struct pass *out,
                 struct lf_err *err);
/* The public form (no account); addr is the client's, for the audit log.
 * Unknown checkpoint code: NOTFOUND "checkpoint". */
int pass_submit(struct lf_ctx *ctx, const char *addr, const struct pass_in *in,
                struct pass *out, struct lf_err *err);
/* The holder's own view by code (no account, nothing audited: the caller
 * masks the ID number and phone). NOTFOUND "code". */
int pass_public_get(struct lf_ctx *ctx, const char *code, struct pass *out,
                    struct lf_err *err);
/* Staff: the pass with full values and its checks so far (audited as a
 * read of personal data). checks is the caller's: pass_check_list_free(). */
int pass_load(struct lf_ctx *ctx, const struct lf_who *who, const char *code,
              struct pass *out, struct pass_check_list *checks, struct lf_err *err);

struct verify_in {
    int64_t checkpoint_id;        /* where the staff member stands */
    const char *temperature_text; /* "36.5", "36.5℃"; or NULL and: */
    double temperature;           /* °C, used when has_temperature */
    int has_temperature;
    int id_confirmed;             /* the ID card matched: 1, 0; -1 not given */
    const char *outcome;          /* "passed" (放行) or "turned_back" (劝返) */
    const char *remarks;          /* optional, up to 200 characters */
};

struct verify_out {
    struct pass pass;
    struct pass_check check;
    struct referral referral;     /* id 0 when there was no fever */
};

/* Check what needs no database into *out: temperature (34.0-43.0 °C,
 * field "temperature"), outcome, a confirmed ID to let a person pass,
 * remarks; sets fever. */
int pass_verify_prepare(const struct verify_in *in, struct pass_check *out,
                        struct lf_err *err);
/* Record a check of the pass with this code. */
int pass_verify(struct lf_ctx *ctx, const struct lf_who *who, const char *code,
                const struct verify_in *in, struct verify_out *out, struct lf_err *err);

/* The outcomes of a check: "passed" 放行, "turned_back" 劝返 (labels.h). */
extern const struct lf_labels check_outcome_labels;
const char *pass_outcome_name(int outcome);   /* "passed", "turned_back" */
void pass_check_list_free(struct pass_check_list *l);

#endif
