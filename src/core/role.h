/*
 * role.h - the roles of ../shared/PRODUCT.md and what each may do.
 *
 * Access is by role AND by jurisdiction: a permission says what kind of
 * operation a role may run; scope_check() (scope.h) says on which nodes.
 * Deny by default: a role has only the permissions listed here.
 * The system administrator and the auditor are separate duties
 * (CONVENTIONS.md): the administrator manages users and the tree and may
 * read the audit log; the auditor reads only the audit log.
 */
#ifndef LF_ROLE_H
#define LF_ROLE_H

enum lf_perm {
    PERM_NODE_READ = 1 << 0,     /* browse the jurisdiction tree */
    PERM_NODE_EDIT = 1 << 1,     /* add and rename communities and grids */
    PERM_USER_ADMIN = 1 << 2,    /* add, disable users; reset passwords */
    PERM_AUDIT_READ = 1 << 3,    /* read the audit log */
    PERM_LEDGER_READ = 1 << 4,   /* read households, persons, arrivals, coverage */
    PERM_LEDGER_EDIT = 1 << 5,   /* register households and persons, record visits */
    PERM_ROUND_MANAGE = 1 << 6,  /* open and close screening rounds */
    PERM_LEDGER_EXPORT_FULL = 1 << 7, /* export unmasked ID numbers and phones */
    PERM_VENUE_APPLY = 1 << 8,   /* apply for a venue code (场所码), see one's own */
    PERM_VENUE_REVIEW = 1 << 9,  /* approve or reject venue applications */
    PERM_CHECKPOINT_MANAGE = 1 << 10, /* add checkpoints, read their daily counts */
    PERM_PASS_VERIFY = 1 << 11,  /* verify passes at a checkpoint, record temperatures */
    PERM_REFERRAL_READ = 1 << 12, /* read fever referrals (转诊) of one's nodes */
    PERM_SCAN_INGEST = 1 << 13,  /* batch-ingest venue scans from other systems */
    PERM_TRAJECTORY_READ = 1 << 14, /* read a person's scans and passes (活动轨迹) */
    PERM_CASE_READ = 1 << 15,    /* read cases, their trajectories, contacts, chains */
    PERM_CASE_WRITE = 1 << 16    /* report cases, change status, trace contacts (流调) */
};

#define STAFF_READ PERM_NODE_READ
#define LEDGER_RW (PERM_LEDGER_READ | PERM_LEDGER_EDIT)
#define MOVE_OFFICER (PERM_VENUE_REVIEW | PERM_REFERRAL_READ)
/* Cases (确诊人员、流调): the epidemiologist writes; command, officers of
 * towns and communities and medical staff read their subtree. */
#define CASE_RW (PERM_CASE_READ | PERM_CASE_WRITE)
/* The system administrator manages accounts and the tree but does not read
 * the population's personal data (separate duties); it may feed scans from
 * other systems in (PERM_SCAN_INGEST writes, it reads nothing back).
 * Command staff read everything below them and open screening rounds. */
/*  identifier            label (zh-CN)          permissions */
#define LF_ROLES(X)                                                            \
    X(ADMIN, "admin", "系统管理员",                                            \
      PERM_NODE_READ | PERM_NODE_EDIT | PERM_USER_ADMIN | PERM_AUDIT_READ |    \
      PERM_SCAN_INGEST)                                                        \
    X(AUDITOR, "auditor", "安全审计员", PERM_AUDIT_READ)                       \
    X(COMMAND, "command", "指挥部人员",                                        \
      STAFF_READ | PERM_NODE_EDIT | PERM_LEDGER_READ | PERM_ROUND_MANAGE |     \
      MOVE_OFFICER | PERM_CHECKPOINT_MANAGE | PERM_CASE_READ)                  \
    X(TOWN_OFFICER, "town_officer", "乡镇街道干部",                            \
      STAFF_READ | PERM_NODE_EDIT | LEDGER_RW | PERM_ROUND_MANAGE |            \
      MOVE_OFFICER | PERM_CHECKPOINT_MANAGE | PERM_CASE_READ)                  \
    X(COMMUNITY_OFFICER, "community_officer", "村社区干部",                    \
      STAFF_READ | PERM_NODE_EDIT | LEDGER_RW | MOVE_OFFICER | PERM_CASE_READ) \
    X(GRID_WORKER, "grid_worker", "网格员", STAFF_READ | LEDGER_RW)            \
    X(CHECKPOINT_STAFF, "checkpoint_staff", "卡点工作人员",                    \
      STAFF_READ | PERM_PASS_VERIFY)                                           \
    X(VENUE_OPERATOR, "venue_operator", "场所经营者", PERM_VENUE_APPLY)        \
    X(EPIDEMIOLOGIST, "epidemiologist", "疾控流调人员",                        \
      STAFF_READ | PERM_LEDGER_READ | PERM_REFERRAL_READ |                     \
      PERM_TRAJECTORY_READ | CASE_RW)                                          \
    X(QUARANTINE_MANAGER, "quarantine_manager", "隔离点管理员", STAFF_READ)    \
    X(MEDICAL, "medical", "医护人员",                                          \
      STAFF_READ | PERM_REFERRAL_READ | PERM_CASE_READ)                        \
    X(SAMPLER, "sampler", "采样人员", STAFF_READ)                              \
    X(LAB, "lab", "检测机构人员", STAFF_READ)                                  \
    X(SUPPLIES_OFFICER, "supplies_officer", "物资保障人员", STAFF_READ)        \
    X(ENTERPRISE_OFFICER, "enterprise_officer", "企业复工专员", STAFF_READ)    \
    X(INSPECTOR, "inspector", "督查人员", STAFF_READ)                          \
    X(SYSTEM, "system", "系统（命令行）", ~0u)

/* ROLE_SYSTEM is the command line acting for the machine's administrator:
 * every permission, and never a role of a user account. */

#define LF_ROLE_ENUM(name, id, label, perms) ROLE_##name,
enum lf_role { ROLE_NONE = -1, LF_ROLES(LF_ROLE_ENUM) ROLE__COUNT };
#undef LF_ROLE_ENUM

/* ROLE_NONE for an unknown identifier. */
enum lf_role role_from_id(const char *id);
const char *role_id(enum lf_role r);
const char *role_label(enum lf_role r);
unsigned role_perms(enum lf_role r);

#endif
