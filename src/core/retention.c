/*
 * retention.c - the purge of personal data past its retention. See
 * retention.h; the periods are docs/RETENTION.md's (keep them together).
 */
#include <stdio.h>
#include <string.h>

#include "core/retention.h"
#include "core/op.h"
#include "store/store.h"
#include "store/retention.h"
#include "util/timeutil.h"
#include "util/banned.h"

const struct retention_rule retention_rules[RETAIN__COUNT] = {
    { "passes", RETAIN_PASSES, 30, 1, "通行码与核验记录（到达日起）" },
    { "referrals", RETAIN_REFERRALS, 180, 30, "已关闭的发热转诊（关闭起）" },
    { "arrivals", RETAIN_ARRIVALS, 180, 30, "来返人员与社区报备（到达日起）" },
    { "venues", RETAIN_VENUES, 180, 30, "被驳回的场所码申请（驳回起）" },
    { "cases", RETAIN_CASES, 1826, 1826, "已结案病例及其流调、轨迹、密接（结案起）" },
    { "sessions", RETAIN_SESSIONS, 1, 1, "登录会话（最后使用起）" },
    { "audit", RETAIN_AUDIT, 183, 183, "审计日志（记录起，至少 6 个月）" },
};

const struct retention_rule *retention_find(const char *name)
{
    size_t i;

    for (i = 0; name && i < RETAIN__COUNT; i++)
        if (strcmp(retention_rules[i].name, name) == 0)
            return &retention_rules[i];
    return NULL;
}

int retention_purge(struct lf_ctx *ctx, const struct lf_who *who,
                    const struct retention_rule *rule, int days, long *deleted,
                    struct lf_err *err)
{
    struct op op;
    char detail[128];
    int64_t before_days, before_utc;
    int ret = -1;

    *deleted = 0;
    if (days == 0)
        days = rule->days;
    op_init(&op, ctx, who, "retention.purge", rule->name);
    if (days < rule->min_days || days > 36500) {
        lf_err_set(err, LF_ERR_INVALID, "days", "must be from %d to %d", rule->min_days, 36500);
        goto out;
    }
    if (who->user_id != 0) {
        lf_err_set(err, LF_ERR_FORBIDDEN, NULL, "only the command line purges records");
        goto out;
    }
    /* whole days in the deployment's zone, as scan_purge() counts them */
    before_days = lf_today_days(ctx) - days;
    before_utc = before_days * 86400 - TZ_SHANGHAI_OFFSET;
    if (op_begin(&op, STORE_WRITE, err) ||
        store_retention_purge(op.tx, rule->kind, before_days, before_utc, deleted, err))
        goto out;
    snprintf(detail, sizeof(detail), "%s days=%d deleted=%ld", rule->name, days, *deleted);
    if (op_audit(&op, detail, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        *deleted = 0;
    return op_end(&op, ret, err);
}
