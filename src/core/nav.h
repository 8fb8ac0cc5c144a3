/*
 * nav.h - the modules (功能模块) of the app page and who may open them:
 * the one list the page builds its tabs from (GET /api/v1/me, "nav").
 *
 * A module is shown to a caller whose role holds its right (role.h) and,
 * for a module whose records live at one level of the tree, whose node is
 * at that level or above (self-reports wait at communities: a grid worker
 * has none). The server checks every call again; this list only spares a
 * page the tabs its caller cannot use. The order of the rows is the order
 * of the tabs, except that a role's home module (role.h) comes first.
 * A new module adds one row here and its page (web/js/app.js).
 */
#ifndef LF_NAV_H
#define LF_NAV_H
#include <stddef.h>

#include "core/ctx.h"

/*  id               label (zh-CN)   right                   deepest node (0: any) */
#define LF_NAV(X)                                                                 \
    X("tree",         "辖区管理",   PERM_NODE_READ,         0)                     \
    X("duty",         "包抓责任",   PERM_DUTY_READ,         0)                     \
    X("visits",       "入户排查",   PERM_LEDGER_EDIT,       0)                     \
    X("coverage",     "排查进度",   PERM_LEDGER_READ,       0)                     \
    X("persons",      "人员台账",   PERM_LEDGER_READ,       0)                     \
    X("arrivals",     "来返人员",   PERM_LEDGER_READ,       0)                     \
    X("reports",      "社区报备",   PERM_LEDGER_READ,       NODE_COMMUNITY)        \
    X("venue-apply",  "场所码申请", PERM_VENUE_APPLY,       0)                     \
    X("venue-review", "场所审核",   PERM_VENUE_REVIEW,      0)                     \
    X("verify",       "卡点核验",   PERM_PASS_VERIFY,       0)                     \
    X("checkpoints",  "卡点管理",   PERM_CHECKPOINT_MANAGE, 0)                     \
    X("referrals",    "发热转诊",   PERM_REFERRAL_READ,     0)                     \
    X("cases",        "病例管理",   PERM_CASE_READ,         0)                     \
    X("users",        "用户管理",   PERM_USER_ADMIN,        0)                     \
    X("audit",        "审计日志",   PERM_AUDIT_READ,        0)

struct nav_entry {
    const char *id;         /* the page's hash: #/<id> */
    const char *label;
    enum lf_perm right;
    int deepest;            /* enum node_kind, 0 = any level */
};

#define LF_NAV_COUNT(id, label, right, deepest) +1
enum { NAV__COUNT = 0 LF_NAV(LF_NAV_COUNT) };
#undef LF_NAV_COUNT

/* Every module in table order; *n their count. */
const struct nav_entry *nav_table(size_t *n);
/* The module called id, or NULL. */
const struct nav_entry *nav_find(const char *id);
/* The modules who may open, the role's home first, then in table order:
 * fills out[NAV__COUNT] with borrowed rows, returns their count. */
size_t nav_for(const struct lf_who *who, const struct nav_entry *out[NAV__COUNT]);

#endif
