/*
 * audit.c - writing and reading the audit log. See audit.h.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/op.h"
#include "core/scope.h"
#include "store/store.h"
#include "store/audit.h"
#include "util/banned.h"

/* value is only the row's number: actions are stored as their names */
static const struct lf_label actions[] = {
    { 1, "arrival.list", "查看来返人员", "" },
    { 2, "audit.read", "查看审计日志", "" },
    { 3, "case.chains", "查看传播链", "" },
    { 4, "case.create", "报告病例", "" },
    { 5, "case.list", "查看病例列表", "" },
    { 6, "case.read", "查看病例", "" },
    { 7, "case.status", "变更病例状态", "" },
    { 8, "case.trajectory", "查看病例轨迹", "" },
    { 9, "case.trajectory_add", "补录病例轨迹", "" },
    { 10, "case.trajectory_export", "导出病例轨迹", "" },
    { 11, "case.update", "修改病例", "" },
    { 12, "checkpoint.create", "设立卡点", "" },
    { 13, "checkpoint.list", "查看卡点列表", "" },
    { 14, "checkpoint.read", "查看卡点", "" },
    { 15, "checkpoint.stats", "查看卡点统计", "" },
    { 16, "contact.confirm", "确认密接", "" },
    { 17, "contact.dismiss", "排除密接", "" },
    { 18, "contact.list", "查看密接", "" },
    { 19, "contact.propose", "推算密接", "" },
    { 20, "coverage.read", "查看排查进度", "" },
    { 21, "csrf.denied", "校验令牌错误", "" },
    { 22, "household.create", "新增住户", "" },
    { 23, "household.list", "查看待访住户", "" },
    { 24, "ledger.export", "导出台账", "" },
    { 25, "ledger.export_full", "导出台账（不脱敏）", "" },
    { 26, "ledger.import", "导入台账", "" },
    { 27, "login.ok", "登录成功", "" },
    { 28, "login.fail", "登录失败", "" },
    { 29, "login.lock", "登录失败并锁定账户", "" },
    { 30, "login.locked", "锁定期间尝试登录", "" },
    { 31, "logout", "退出登录", "" },
    { 32, "node.create", "新增辖区单位", "" },
    { 33, "node.import", "导入辖区", "" },
    { 34, "node.init", "初始化辖区", "" },
    { 35, "node.read", "查看辖区", "" },
    { 36, "node.rename", "辖区单位改名", "" },
    { 37, "pass.check", "卡点核验", "" },
    { 38, "pass.read", "查看通行码", "" },
    { 39, "pass.submit", "申领通行码", "" },
    { 40, "person.create", "登记人员", "" },
    { 41, "person.list", "查询人员", "" },
    { 42, "referral.create", "发热转诊", "" },
    { 43, "referral.list", "查看发热转诊", "" },
    { 44, "referral.update", "处置发热转诊", "" },
    { 45, "round.close", "结束排查轮次", "" },
    { 46, "round.open", "开启排查轮次", "" },
    { 47, "round.read", "查看排查轮次", "" },
    { 48, "scan.ingest", "导入扫码记录", "" },
    { 49, "scan.purge", "清理过期扫码记录", "" },
    { 50, "self_report.confirm", "确认社区报备", "" },
    { 51, "self_report.decide", "审核社区报备", "" },
    { 52, "self_report.list", "查看社区报备", "" },
    { 53, "self_report.reject", "驳回社区报备", "" },
    { 54, "self_report.submit", "群众提交报备", "" },
    { 55, "synth.movement", "生成模拟活动数据", "" },
    { 56, "synth.outbreak", "生成模拟疫情", "" },
    { 57, "synth.population", "生成模拟人口", "" },
    { 58, "tracing.rules", "修改密接判定规则", "" },
    { 59, "trajectory.read", "查看活动轨迹", "" },
    { 60, "user.create", "新增用户", "" },
    { 61, "user.disable", "停用用户", "" },
    { 62, "user.enable", "启用用户", "" },
    { 63, "user.list", "查看用户列表", "" },
    { 64, "user.password", "重置密码", "" },
    { 65, "user.update", "修改用户", "" },
    { 66, "venue.apply", "申请场所码", "" },
    { 67, "venue.approve", "通过场所码申请", "" },
    { 68, "venue.counts", "查看场所统计", "" },
    { 69, "venue.decide", "审核场所码申请", "" },
    { 70, "venue.list", "查看场所列表", "" },
    { 71, "venue.qr", "下载场所码", "" },
    { 72, "venue.read", "查看场所", "" },
    { 73, "venue.reject", "驳回场所码申请", "" },
    { 74, "visit.record", "记录走访", "" },
    { 75, "deploy.password_policy", "设置密码策略", "" },
    { 76, "duty.assign", "指定包抓责任人", "" },
    { 77, "duty.end", "结束包抓", "" },
    { 78, "duty.list", "查看包抓责任", "" },
    { 79, "audit.person", "查看谁查看过此人", "" },
    { 80, "auth.unauthorized", "令牌无效或已过期", "" },
    { 81, "auth.unauthorized_suppressed", "令牌无效（超出记录上限，合并计数）", "" },
    { 82, "person.read", "查看人员", "" },
    { 83, "person.update", "修改人员信息", "" },
    { 84, "person.move", "人员迁移（辖区内）", "" },
    { 85, "person.transfer", "人员迁出", "" },
    { 86, "person.delete", "删除人员", "" },
    { 87, "person.history", "查看人员变更记录", "" },
    { 88, "household.read", "查看住户", "" },
    { 89, "household.update", "修改住户地址", "" },
    { 90, "household.move", "住户迁移（辖区内）", "" },
    { 91, "household.delete", "删除住户", "" },
    { 92, "household.history", "查看住户变更记录", "" },
    { 93, "transfer.list", "查看迁入迁出", "" },
    { 94, "transfer.decide", "审核迁入", "" },
    { 95, "transfer.accept", "接收迁入", "" },
    { 96, "transfer.refuse", "拒绝迁入", "" },
    { 97, "arrival.create", "登记来返人员", "" },
    { 98, "arrival.place", "来返人员落地到网格", "" },
    { 99, "retention.purge", "按保存期限清理数据", "" },
};
const struct lf_labels audit_action_labels = LF_LABELS_OF("audit_action", actions);

static const struct lf_label groups[] = {
    { 1, "login", "登录", "" },
    { 2, "node", "辖区", "" },
    { 3, "user", "用户", "" },
    { 4, "audit", "审计", "" },
    { 5, "person", "人员台账", "" },
    { 6, "household", "住户", "" },
    { 7, "visit", "走访", "" },
    { 8, "round", "排查轮次", "" },
    { 9, "ledger", "台账导入导出", "" },
    { 10, "arrival", "来返人员", "" },
    { 11, "self_report", "社区报备", "" },
    { 12, "venue", "场所码", "" },
    { 13, "checkpoint", "卡点", "" },
    { 14, "pass", "通行码", "" },
    { 15, "referral", "发热转诊", "" },
    { 16, "case", "病例", "" },
    { 17, "contact", "密接", "" },
    { 18, "trajectory", "活动轨迹", "" },
    { 19, "scan", "扫码记录", "" },
    { 20, "transfer", "迁入迁出", "" },
};
const struct lf_labels audit_group_labels = LF_LABELS_OF("audit_group", groups);

static const struct lf_label details[] = {
    { 1, "wrong password", "密码错误", "" },
    { 2, "disabled", "账户已停用", "" },
};
const struct lf_labels audit_detail_labels = LF_LABELS_OF("audit_detail", details);

static int write_row(struct store_tx *tx, const struct lf_ctx *ctx,
                     const struct lf_who *who, const char *action,
                     const char *record, int success, const char *detail,
                     const struct audit_subject *subj, size_t n, struct lf_err *err)
{
    struct audit_entry a;

    memset(&a, 0, sizeof(a));
    a.at_utc = lf_now(ctx);
    if (who) {
        a.user_id = who->user_id;
        snprintf(a.username, sizeof(a.username), "%s", who->username);
        snprintf(a.role, sizeof(a.role), "%s", role_id(who->role));
        snprintf(a.addr, sizeof(a.addr), "%s", who->addr);
    }
    snprintf(a.action, sizeof(a.action), "%s", action);
    snprintf(a.record, sizeof(a.record), "%s", record ? record : "");
    snprintf(a.detail, sizeof(a.detail), "%s", detail ? detail : "");
    a.success = success;
    return store_audit_insert(tx, &a, err) ||
           store_audit_subjects_insert(tx, a.id, subj, n, err);
}

int audit_write(struct store_tx *tx, const struct lf_ctx *ctx,
                const struct lf_who *who, const char *action,
                const char *record, int success, const char *detail,
                struct lf_err *err)
{
    return write_row(tx, ctx, who, action, record, success, detail, NULL, 0, err);
}

int audit_write_subjects(struct store_tx *tx, const struct lf_ctx *ctx,
                         const struct lf_who *who, const char *action,
                         const char *record, const char *detail,
                         const struct audit_subject *subj, size_t n,
                         struct lf_err *err)
{
    return write_row(tx, ctx, who, action, record, 1, detail, subj, n, err);
}

int64_t audit_id_key(const struct lf_ctx *ctx, const char *id_number)
{
    static const char domain[] = "lianfang audit subject\n";
    unsigned char in[sizeof(domain) + 32], out[16];
    size_t i, n = sizeof(domain) - 1, len = id_number ? strlen(id_number) : 0;
    uint64_t k = 0;

    if (!len || len > 32)
        return 0;
    memcpy(in, domain, n);
    for (i = 0; i < len; i++)
        in[n + i] = id_number[i] == 'x' ? 'X' : (unsigned char)id_number[i];
    crypto_generichash(out, sizeof(out), in, n + len, ctx->secret, sizeof(ctx->secret));
    for (i = 0; i < 8; i++)
        k = k << 8 | out[i];
    k &= 0x7fffffffffffffffULL;
    return k ? (int64_t)k : 1;
}

int audit_person(struct lf_ctx *ctx, const struct lf_who *who, const char *id_number,
                 int64_t person_id, struct audit_list *out, struct lf_err *err)
{
    struct audit_subject s = { person_id, audit_id_key(ctx, id_number) };
    struct op op;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    op_init(&op, ctx, who, "audit.person", "audit");
    if (!s.person_id && !s.id_key) {
        lf_err_set(err, LF_ERR_INVALID, "id_number", "is required");
        goto out;
    }
    op_subject(&op, s.person_id, id_number);
    if (scope_need(who, PERM_AUDIT_READ, err) ||
        op_begin(&op, STORE_WRITE, err) ||
        store_audit_by_subject(op.tx, s.person_id, s.id_key, 500, out, err) ||
        op_audit(&op, NULL, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        audit_list_free(out);
    return op_end(&op, ret, err);
}

/* The 401 limiter: a slot per address (hashed; a collision shares one),
 * the minute it counts and the 401s it has seen in it. */
#define UNAUTH_SLOTS 1024
static struct {
    char addr[ADDR_MAX];
    int64_t minute;
    unsigned n;
} unauth[UNAUTH_SLOTS];
static pthread_mutex_t unauth_lock = PTHREAD_MUTEX_INITIALIZER;

void audit_unauthorized(struct lf_ctx *ctx, const char *addr, const char *token,
                        const char *route)
{
    struct lf_err err = LF_ERR_INIT;
    struct lf_who who;
    struct store_tx *tx = NULL;
    unsigned char h[32];
    char detail[128], record[64], prev_addr[ADDR_MAX] = "";
    int64_t minute = lf_now(ctx) / 60, prev_minute = 0;
    unsigned slot, prev_n = 0, seen;
    uint32_t fnv = 2166136261u;
    const char *p;

    for (p = addr; *p; p++)
        fnv = (fnv ^ (unsigned char)*p) * 16777619u;
    slot = fnv % UNAUTH_SLOTS;
    pthread_mutex_lock(&unauth_lock);
    if (unauth[slot].minute != minute || strcmp(unauth[slot].addr, addr)) {
        if (unauth[slot].n > AUDIT_401_PER_MINUTE) {
            snprintf(prev_addr, sizeof(prev_addr), "%s", unauth[slot].addr);
            prev_minute = unauth[slot].minute;
            prev_n = unauth[slot].n - AUDIT_401_PER_MINUTE;
        }
        snprintf(unauth[slot].addr, sizeof(unauth[slot].addr), "%s", addr);
        unauth[slot].minute = minute;
        unauth[slot].n = 0;
    }
    seen = ++unauth[slot].n;
    pthread_mutex_unlock(&unauth_lock);
    if (seen > AUDIT_401_PER_MINUTE && !prev_n)
        return;

    memset(&who, 0, sizeof(who));
    who.role = ROLE_NONE;
    if (!(tx = store_begin(ctx->store, STORE_WRITE, &err)))
        goto out;
    if (prev_n) {
        snprintf(who.addr, sizeof(who.addr), "%s", prev_addr);
        snprintf(detail, sizeof(detail), "suppressed=%u minute=%lld", prev_n,
                 (long long)prev_minute * 60);
        if (audit_write(tx, ctx, &who, "auth.unauthorized_suppressed", "", 0, detail, &err))
            goto out;
    }
    if (seen <= AUDIT_401_PER_MINUTE) {
        snprintf(who.addr, sizeof(who.addr), "%s", addr);
        crypto_generichash(h, sizeof(h), (const unsigned char *)(token ? token : ""),
                           token ? strlen(token) : 0, NULL, 0);
        snprintf(detail, sizeof(detail), "token=%02x%02x%02x%02x%02x%02x", h[0], h[1], h[2],
                 h[3], h[4], h[5]);
        if (!token || !*token)
            snprintf(detail, sizeof(detail), "token=none");
        snprintf(record, sizeof(record), "%s", route ? route : "");
        if (audit_write(tx, ctx, &who, "auth.unauthorized", record, 0, detail, &err))
            goto out;
    }
    store_commit(tx, &err);
out:
    store_tx_free(tx);               /* the store has logged a failure */
}

void audit_failure(struct lf_ctx *ctx, const struct lf_who *who,
                   const char *action, const char *record,
                   const struct lf_err *failed)
{
    struct lf_err err = LF_ERR_INIT;
    struct store_tx *tx;
    char detail[256];

    if (failed->code != LF_ERR_FORBIDDEN && failed->code != LF_ERR_UNAUTHORIZED &&
        failed->code != LF_ERR_LOCKED)
        return;
    lf_err_message(failed, detail, sizeof(detail));
    if (!(tx = store_begin(ctx->store, STORE_WRITE, &err)) ||
        audit_write(tx, ctx, who, action, record, 0, detail, &err) ||
        store_commit(tx, &err)) {
        /* the store has logged why; the operation's own error stands */
    }
    store_tx_free(tx);
}

int audit_list(struct lf_ctx *ctx, const struct lf_who *who,
               const struct audit_filter *f, struct audit_list *out,
               struct lf_err *err)
{
    struct op op;
    struct audit_filter q = *f;
    char detail[96];
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    if (q.limit == 0 || q.limit > 500)
        q.limit = q.limit ? 500 : 100;
    op_init(&op, ctx, who, "audit.read", "audit");
    if (scope_need(who, PERM_AUDIT_READ, err))
        goto out;
    snprintf(detail, sizeof(detail), "before=%lld user=%lld action=%s",
             (long long)q.before_id, (long long)q.user_id,
             q.action_prefix ? q.action_prefix : "");
    if (op_begin(&op, STORE_WRITE, err) ||
        store_audit_list(op.tx, &q, out, err) ||
        op_audit(&op, detail, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        audit_list_free(out);
    return op_end(&op, ret, err);
}

void audit_list_free(struct audit_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
