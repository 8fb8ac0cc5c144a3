/*
 * contact.h - the contacts of a case (密接、次密接, module 6): proposed by
 * the tracing engine (tracing.h) over the case's infectious window under
 * the deployment's rules, then confirmed or dismissed one by one by an
 * epidemiologist.
 *
 * A proposal run keeps what was decided: new persons are added as
 * proposed, proposed rows get the new evidence, decided rows stay. Reads
 * need PERM_CASE_READ on the case's node, changes PERM_CASE_WRITE; every
 * read and change is audited. Errors: 0, or -1 with *err naming the field
 * and nothing changed. Returned lists are the caller's (contact_list_free).
 */
#ifndef LF_CONTACT_H
#define LF_CONTACT_H
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/case.h"
#include "core/types/contact.h"
#include "core/types/tracing.h"

/* "venue", "household", "vehicle", "secondary" and 同场所, 同住, 同车, 次密接. */
const char *contact_kind_id(int kind);
const char *contact_kind_label(int kind);
const char *contact_status_id(int status);   /* proposed, confirmed, dismissed */

/* The infectious window of c under rules: from days_before_onset days
 * before onset (else before the positive sample) until the end of the
 * isolation day, or now. INVALID "onset_date" when the case has neither
 * date. */
int case_infectious_window(const struct lf_ctx *ctx, const struct epi_case *c,
                           const struct tracing_rules *rules, int64_t *from_utc,
                           int64_t *to_utc, struct lf_err *err);
/* The deployment's tracing rules (docs/TRACING.md): the defaults changed
 * by the config "tracing_rules". Set changes the rules named in text
 * (tracing_rules_parse) for every later proposal; PERM_CASE_WRITE at the
 * root; audited; nothing changes when text is invalid. */
int case_tracing_rules_get(struct lf_ctx *ctx, struct tracing_rules *out, struct lf_err *err);
int case_tracing_rules_set(struct lf_ctx *ctx, const struct lf_who *who, const char *text,
                           struct tracing_rules *out, struct lf_err *err);
/* Run the tracing engine over the window and keep its proposals: new
 * persons are added as proposed, proposed rows get the new evidence,
 * decided rows stay as they are (PERM_CASE_WRITE). *n_new = added;
 * *rules (unless NULL) = the deployment's rules it used. */
int contact_propose(struct lf_ctx *ctx, const struct lf_who *who, int64_t case_id,
                    long *n_new, struct tracing_rules *rules, struct lf_err *err);
/* The contacts of a case, close before secondary (audited). */
int contact_list(struct lf_ctx *ctx, const struct lf_who *who, int64_t case_id,
                 struct contact_list *out, struct lf_err *err);
/* Confirm or dismiss a proposed contact (reason required to dismiss);
 * CONFLICT "id" when it was decided already. */
int contact_decide(struct lf_ctx *ctx, const struct lf_who *who, int64_t contact_id,
                   int confirm, const char *reason, struct contact *out, struct lf_err *err);
void contact_list_free(struct contact_list *l);

#endif
