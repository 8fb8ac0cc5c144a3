/*
 * duty.h - duty assignments (包抓、包保): a named official answers for a
 * node of the tree (县领导包镇、镇领导包村、村干部包组) or for a person of
 * it (4包1 carers of a person in quarantine, who reuse this module).
 *
 * An assignment names the official (name, title, work phone), what they
 * answer for, and the day it starts; it stands until ended with a reason,
 * and an ended assignment is kept, so the history of who answered for a
 * village stays. Several officials may answer for one node; the same
 * official twice for the same thing is a CONFLICT.
 *
 * Reading needs PERM_DUTY_READ, assigning and ending PERM_DUTY_ASSIGN, on
 * a node inside the caller's jurisdiction. Every read and change is
 * audited (officials' phones are personal data). Errors: 0, or -1 with
 * *err naming the field and nothing changed.
 */
#ifndef LF_DUTY_H
#define LF_DUTY_H
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/labels.h"
#include "core/types/duty.h"
#include "core/types/node.h"

/* The kinds with their labels (labels.h, GET /meta "duty_kind"). */
extern const struct lf_labels duty_kind_labels;
/* "lead", "carer" and 包抓, 包保; 0 from an unknown id. */
const char *duty_kind_id(int kind);
const char *duty_kind_label(int kind);
int duty_kind_from_id(const char *id);

struct duty_in {
    const char *node;           /* what is answered for */
    int64_t person_id;          /* 0: the node itself; else a person of it */
    const char *kind;           /* "lead" (default) or "carer" */
    const char *name;           /* the official, 1-32 characters */
    const char *title;          /* 职务, may be empty */
    const char *phone;          /* 11-digit mobile */
    const char *from;           /* "YYYY-MM-DD", NULL or "": today */
};

/* Assign: fills *out. NOTFOUND "node" / "person_id"; INVALID on a field;
 * INVALID "person_id" when the person is not of that node; CONFLICT
 * "name" when the same official already answers for it. */
int duty_assign(struct lf_ctx *ctx, const struct lf_who *who, const struct duty_in *in,
                struct duty *out, struct lf_err *err);
/* End assignment id with a reason (required): fills *out. CONFLICT "id"
 * when it has ended already. */
int duty_end(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
             const char *reason, struct duty *out, struct lf_err *err);

/* Who answers for node (NULL or "": the caller's node) and for what lies
 * around it: first the nodes above it up to the top of the tree (n_above
 * of them: whom a grid worker or a village officer reports to; the
 * officials are organisational, not the population's data, and 包抓 lists
 * are posted publicly), then node itself and its subtree down to the
 * communities (grids are left out: a village's officials answer for its
 * grids), all by code. duties[] holds the assignments in force on those
 * nodes (or all of them with with_ended), sorted by node code; a node of
 * the subtree without any is what is not yet assigned (未落实). */
struct duty_view {
    struct node_list nodes;
    size_t n_above;
    struct duty_list duties;
};
int duty_view(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
              int with_ended, struct duty_view *out, struct lf_err *err);
void duty_view_free(struct duty_view *v);

#endif
