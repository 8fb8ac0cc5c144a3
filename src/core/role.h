/*
 * role.h - the roles of ../shared/PRODUCT.md, the rights (权限) a role may
 * hold, and which role holds which.
 *
 * Access is by role AND by jurisdiction: a right says what kind of
 * operation a role may run; scope_check() (scope.h) says on which nodes.
 * Deny by default: a role has only the rights its row names.
 * The system administrator and the auditor are separate duties
 * (CONVENTIONS.md): the administrator manages users and the tree and may
 * read the audit log; the auditor reads only the audit log.
 *
 * Two tables, one row each: LF_RIGHTS names every right (an identifier for
 * the code, a stable name for the API and the pages, a label in Chinese);
 * LF_ROLES gives each role its rights by those names. A new right is one
 * row in LF_RIGHTS plus its name in the rows of the roles that hold it.
 * PERM_<NAME> is the right's index (0, 1, 2, ...): a role's rights are a
 * bitset of BITSET_WORDS(PERM__COUNT) 64-bit words (util/bitset.h), so the
 * table grows past 64 or 128 rights by adding words, not by a wider type.
 */
#ifndef LF_ROLE_H
#define LF_ROLE_H
#include <stddef.h>
#include <stdint.h>

#include "core/labels.h"
#include "util/bitset.h"

/*  identifier          name                  label (zh-CN) */
#define LF_RIGHTS(X)                                                           \
    X(NODE_READ, "node.read", "浏览辖区")                                      \
    X(NODE_EDIT, "node.edit", "新增、修改村社区和网格")                        \
    X(USER_ADMIN, "user.admin", "管理用户账户")                                \
    X(AUDIT_READ, "audit.read", "查看审计日志")                                \
    X(LEDGER_READ, "ledger.read", "查看台账、来返人员、排查进度")              \
    X(LEDGER_EDIT, "ledger.edit", "登记住户和人员、记录走访")                  \
    X(ROUND_MANAGE, "round.manage", "开启、结束排查轮次")                      \
    X(LEDGER_EXPORT_FULL, "ledger.export_full", "导出不脱敏的证件号和手机号")  \
    X(VENUE_APPLY, "venue.apply", "申请场所码、查看自己的场所")                \
    X(VENUE_REVIEW, "venue.review", "审核场所码申请")                          \
    X(CHECKPOINT_MANAGE, "checkpoint.manage", "设立卡点、查看卡点统计")        \
    X(PASS_VERIFY, "pass.verify", "卡点核验通行码、测温")                      \
    X(REFERRAL_READ, "referral.read", "查看、处置发热转诊")                    \
    X(SCAN_INGEST, "scan.ingest", "批量导入其他系统的场所扫码记录")            \
    X(TRAJECTORY_READ, "trajectory.read", "查看人员活动轨迹")                  \
    X(CASE_READ, "case.read", "查看病例、轨迹、密接、传播链")                  \
    X(CASE_WRITE, "case.write", "报告病例、流调")                               \
    X(DUTY_READ, "duty.read", "查看包抓责任")                                  \
    X(DUTY_ASSIGN, "duty.assign", "指定、结束包抓责任人")

/* What the rights mean, where the name does not say it all:
 * node.read     browse the jurisdiction tree
 * node.edit     add and rename communities and grids
 * ledger.read   households, persons, arrivals, self-reports, coverage
 * ledger.edit   register households and persons, record visits, decide
 *               self-reports
 * ledger.export_full  unmasked ID numbers and phones: the command line, and
 *               officers of towns and communities after their password again
 * venue.apply   apply for a venue code (场所码), see one's own
 * referral.read read and handle fever referrals (转诊) of one's nodes
 * scan.ingest   batch-ingest venue scans from other systems (writes only)
 * trajectory.read  a person's scans and passes (活动轨迹)
 * case.read     cases, their trajectories, contacts, chains
 * case.write    report cases, change status, trace contacts (流调)
 * duty.read     who answers for a node (包抓责任) and the nodes above it
 * duty.assign   assign an official to a node or a person, end it */

#define LF_RIGHT_ENUM(name, id, label) PERM_##name,
enum lf_perm { PERM_NONE = -1, LF_RIGHTS(LF_RIGHT_ENUM) PERM__COUNT };
#undef LF_RIGHT_ENUM

/* A set of rights: bit PERM_X of w[] (util/bitset.h). */
struct lf_rights {
    uint64_t w[BITSET_WORDS(PERM__COUNT)];
};

/* Groups of rights several roles share, as names (string pieces that the
 * compiler joins into a row's list). */
#define STAFF_READ "node.read "
#define LEDGER_RW "ledger.read ledger.edit "
#define MOVE_OFFICER "venue.review referral.read "
/* Cases (确诊人员、流调): the epidemiologist writes; command, officers of
 * towns and communities and medical staff read their subtree. */
#define CASE_RW "case.read case.write "
/* 包抓: who answers for a node; read and assigned by the administrator, the
 * headquarters and the officers of towns and villages, read by grid workers
 * (whom they report to). */
#define DUTY_RW "duty.read duty.assign "
/* The system administrator manages accounts and the tree but does not read
 * the population's personal data (separate duties); it may feed scans from
 * other systems in (scan.ingest writes, it reads nothing back).
 * Command staff read everything below them and open screening rounds.
 * home: the module (nav.h) a role's page opens on, "" = the first it may
 * use; rights: names from LF_RIGHTS separated by spaces, "*" = all. */
/*  identifier            label (zh-CN)          home       rights */
#define LF_ROLES(X)                                                            \
    X(ADMIN, "admin", "系统管理员", "",                                        \
      "node.read node.edit user.admin audit.read scan.ingest " DUTY_RW)        \
    X(AUDITOR, "auditor", "安全审计员", "", "audit.read")                      \
    X(COMMAND, "command", "指挥部人员", "",                                    \
      STAFF_READ "node.edit ledger.read round.manage "                        \
      MOVE_OFFICER "checkpoint.manage case.read " DUTY_RW)                     \
    X(TOWN_OFFICER, "town_officer", "乡镇街道干部", "",                        \
      STAFF_READ "node.edit " LEDGER_RW "round.manage ledger.export_full "      \
      MOVE_OFFICER "checkpoint.manage case.read " DUTY_RW)                     \
    X(COMMUNITY_OFFICER, "community_officer", "村社区干部", "",                \
      STAFF_READ "node.edit " LEDGER_RW "ledger.export_full round.manage "     \
      MOVE_OFFICER "case.read " DUTY_RW)                                       \
    X(GRID_WORKER, "grid_worker", "网格员", "visits",                          \
      STAFF_READ LEDGER_RW "duty.read")                                        \
    X(CHECKPOINT_STAFF, "checkpoint_staff", "卡点工作人员", "verify",          \
      STAFF_READ "pass.verify")                                                \
    X(VENUE_OPERATOR, "venue_operator", "场所经营者", "", "venue.apply")       \
    X(EPIDEMIOLOGIST, "epidemiologist", "疾控流调人员", "",                    \
      STAFF_READ "ledger.read referral.read trajectory.read " CASE_RW)        \
    X(QUARANTINE_MANAGER, "quarantine_manager", "隔离点管理员", "", STAFF_READ) \
    X(MEDICAL, "medical", "医护人员", "",                                      \
      STAFF_READ "referral.read case.read")                                    \
    X(SAMPLER, "sampler", "采样人员", "", STAFF_READ)                          \
    X(LAB, "lab", "检测机构人员", "", STAFF_READ)                              \
    X(SUPPLIES_OFFICER, "supplies_officer", "物资保障人员", "", STAFF_READ)    \
    X(ENTERPRISE_OFFICER, "enterprise_officer", "企业复工专员", "", STAFF_READ) \
    X(INSPECTOR, "inspector", "督查人员", "", STAFF_READ)                      \
    X(SYSTEM, "system", "系统（命令行）", "", "*")

/* ROLE_SYSTEM is the command line acting for the machine's administrator:
 * every right, and never a role of a user account. */

#define LF_ROLE_ENUM(name, id, label, home, rights) ROLE_##name,
enum lf_role { ROLE_NONE = -1, LF_ROLES(LF_ROLE_ENUM) ROLE__COUNT };
#undef LF_ROLE_ENUM

/* The roles (the command line's "system" too, for the audit log) and the
 * rights with their labels, from the tables above (labels.h). */
extern const struct lf_labels role_labels, right_labels;

/* ROLE_NONE for an unknown identifier. */
enum lf_role role_from_id(const char *id);
const char *role_id(enum lf_role r);
const char *role_label(enum lf_role r);
/* The nav id of the module the role's page opens on; "" = the first. */
const char *role_home(enum lf_role r);
/* The rights of role r, resolved from its names once (thread-safe); the
 * empty set for ROLE_NONE or an unknown value. Never NULL; borrowed. */
const struct lf_rights *role_rights(enum lf_role r);
/* 1 if role r holds right p. */
int role_has(enum lf_role r, enum lf_perm p);

/* PERM_NONE for an unknown name. */
enum lf_perm right_from_id(const char *id);
/* "case.write", "报告病例、流调"; "" for an unknown value. */
const char *right_id(enum lf_perm p);
const char *right_label(enum lf_perm p);
/* 1 if p is in s. */
int rights_has(const struct lf_rights *s, enum lf_perm p);
/* Fill *out from a list of names separated by spaces ("*" = every right).
 * Returns 0, or -1 with the first unknown name copied into bad[bad_len]
 * (out then holds the names before it). */
int rights_parse(const char *names, struct lf_rights *out, char *bad, size_t bad_len);
/* The rights row of role r as written in LF_ROLES (for tests). */
const char *role_rights_names(enum lf_role r);

#endif
