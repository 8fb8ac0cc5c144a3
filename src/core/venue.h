/*
 * venue.h - venue codes (场所码): a venue operator applies for their venue,
 * an officer of the venue's node approves or rejects it, and an approved
 * venue gets a code: a random token (16 base32 characters, util/token.h)
 * that its QR poster carries as {public_url}/scan.html?v={code}. People
 * scan it to record that they were there; tracing reads those scans.
 *
 * Who may do what (role.h, scope.h): PERM_VENUE_APPLY (venue operators)
 * apply within their jurisdiction and see only their own applications;
 * PERM_VENUE_REVIEW (command staff, town and community officers) list,
 * count and decide the venues of their subtree. A venue's status moves
 * once: applied → approved or rejected; a decision is final (a rejected
 * venue applies again). The contact name and phone are the operator's
 * personal data: lists mask the phone and every list or read is audited.
 *
 * Every call validates first, checks scope, runs in one transaction with
 * its audit row. Errors: 0, or -1 with *err set and nothing changed.
 * Lists are the caller's: venue_list_free(), venue_counts_free().
 */
#ifndef LF_VENUE_H
#define LF_VENUE_H
#include <stddef.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/venue.h"
#include "core/labels.h"

/* Venue types. The integers are stored: never renumber, only append. The
 * stay is the typical time a visitor spends there, in minutes: contact
 * tracing's default overlap window for a scan at that venue (a shopper in
 * a supermarket, a pupil's school day, a night in a hotel). They are
 * defaults from common sense, not measurements; a deployment may tune them
 * when tracing gets its settings.
 *
 *  name         id             label        stay (min) */
#define VENUE_TYPES(X)                                              \
    X(SUPERMARKET, 1, "supermarket", "超市", 30)                   \
    X(RESTAURANT, 2, "restaurant", "餐馆", 60)                     \
    X(MARKET, 3, "market", "农贸市场", 40)                         \
    X(PHARMACY, 4, "pharmacy", "药店", 10)                         \
    X(SCHOOL, 5, "school", "学校", 480)                            \
    X(FACTORY, 6, "factory", "工厂", 480)                          \
    X(OFFICE, 7, "office", "写字楼", 480)                          \
    X(HOSPITAL, 8, "hospital", "医院", 90)                         \
    X(BUS, 9, "bus", "公交线路", 30)                               \
    X(HOTEL, 10, "hotel", "宾馆", 600)                             \
    X(BANK, 11, "bank", "银行", 20)                                \
    X(BARBER, 12, "barber", "理发店", 40)                          \
    X(GYM, 13, "gym", "健身房", 90)                                \
    X(OTHER, 99, "other", "其他", 30)

#define VENUE_TYPE_ENUM(name, num, id, label, stay) VENUE_##name = num,
enum venue_type { VENUE_TYPES(VENUE_TYPE_ENUM) };
#undef VENUE_TYPE_ENUM

/* The types and the statuses of an application, labelled (labels.h). */
extern const struct lf_labels venue_type_labels, venue_status_labels;
/* "supermarket" → VENUE_SUPERMARKET; -1 if unknown. */
int venue_type_from_id(const char *id);
/* The API identifier and the zh-CN label; NULL for an unknown type. */
const char *venue_type_id(int type);
const char *venue_type_label(int type);
/* Typical stay in minutes (see above); 30 for an unknown type. */
int venue_type_stay_minutes(int type);
/* The types in table order, for listings: n_out gets the count. */
const int *venue_types(size_t *n_out);

/* "applied", "approved", "rejected"; venue_status_from_name: -1 if none. */
const char *venue_status_name(int status);
int venue_status_from_name(const char *s);

struct venue_in {
    const char *name;            /* 1-64 characters */
    const char *type;            /* a type identifier: "supermarket" ... */
    const char *address;         /* 1-128 characters */
    const char *node;            /* a town, community or grid of the tree */
    const char *contact_name;    /* 1-32 characters */
    const char *contact_phone;   /* a mobile phone (validate_phone) */
};

/* An operator applies. Fails with LF_ERR_INVALID (the field), FORBIDDEN
 * ("node" outside the caller's jurisdiction, or a role without
 * PERM_VENUE_APPLY), NOTFOUND ("node"), CONFLICT ("name": the same name
 * and address at that node is already applied for or approved). */
int venue_apply(struct lf_ctx *ctx, const struct lf_who *who,
                const struct venue_in *in, struct venue *out, struct lf_err *err);

/* Reviewers: the venues of q->node's subtree (NULL: the caller's node).
 * Operators: their own applications only (q->applicant_id is forced).
 * q->limit 0 means 50; more than 500 is cut to 500. Audited. */
int venue_list(struct lf_ctx *ctx, const struct lf_who *who,
               const struct venue_query *q, struct venue_list *out,
               struct lf_err *err);

/* One venue, for a reviewer of its node or the operator who applied.
 * NOTFOUND ("id"), FORBIDDEN ("id"). Audited. */
int venue_get(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
              struct venue *out, struct lf_err *err);

/* Approve (a code is given) or reject (reason required, 1-200
 * characters; optional on approval). CONFLICT ("id") when the venue was
 * decided already. */
int venue_decide(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                 int approve, const char *reason, struct venue *out,
                 struct lf_err *err);

/* Applied / approved / rejected in node's subtree (NULL: the caller's),
 * with one row per child of node (zeros included) and the venues at node
 * itself. Reviewers only. Holds no personal data: not audited. */
int venue_counts_get(struct lf_ctx *ctx, const struct lf_who *who,
                     const char *node, struct venue_counts *out,
                     struct lf_err *err);

/* What a venue's QR code says: the scan URL of an approved venue that the
 * caller may see (as venue_get), into url[n]; *out gets the venue.
 * CONFLICT ("id") when the venue is not approved. */
int venue_qr_text(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                  struct venue *out, char *url, size_t n, struct lf_err *err);

/* {public_url}/scan.html?v={code} into url[n]. */
void venue_scan_url(const struct lf_ctx *ctx, const char *code, char *url, size_t n);

/* For the public scan page (no account): an approved venue by its code.
 * NOTFOUND ("code") for a malformed, unknown or not approved code. Only
 * name, type and address are for the public; the caller shows no more. */
int venue_public_get(struct lf_ctx *ctx, const char *code, struct venue *out,
                     struct lf_err *err);

void venue_list_free(struct venue_list *l);
void venue_counts_free(struct venue_counts *c);

#endif
