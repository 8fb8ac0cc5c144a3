/*
 * scope.h - the one place where access is decided: a right of the
 * caller's role (role.h) and the caller's jurisdiction.
 *
 * Node codes nest by prefix (419001 → 419001001 → 419001001001 → ...), so
 * a node is inside the caller's jurisdiction exactly when its code starts
 * with the caller's node code. Every core call that touches a node or a
 * person's data calls scope_check() before it reads anything; failures are
 * LF_ERR_FORBIDDEN and are written to the audit log by the operation's
 * op_end() (op.h).
 */
#ifndef LF_SCOPE_H
#define LF_SCOPE_H

#include "core/ctx.h"
#include "core/err.h"

/* 1 if code lies in the subtree rooted at root (root itself included). */
int scope_contains(const char *root, const char *code);
/* The caller's role holds the right perm (role.h). */
int scope_need(const struct lf_who *who, enum lf_perm perm, struct lf_err *err);
/* The caller holds perm and code is in the caller's jurisdiction. field
 * names the input that carried code. */
int scope_check(const struct lf_who *who, enum lf_perm perm, const char *code,
                const char *field, struct lf_err *err);

#endif
