#include <string.h>

#include "core/scope.h"
#include "util/timeutil.h"

int64_t lf_now(const struct lf_ctx *ctx)
{
    return ctx->now_override ? ctx->now_override : time_now_utc();
}

int64_t lf_today_days(const struct lf_ctx *ctx)
{
    return (lf_now(ctx) + TZ_SHANGHAI_OFFSET) / 86400;
}

int scope_contains(const char *root, const char *code)
{
    size_t n = strlen(root);

    return n > 0 && strncmp(root, code, n) == 0;
}

int scope_need(const struct lf_who *who, enum lf_perm perm, struct lf_err *err)
{
    if (!role_has(who->role, perm))
        return lf_err_set(err, LF_ERR_FORBIDDEN, NULL,
                          "your role (%s) may not do this", role_id(who->role));
    return 0;
}

int scope_check(const struct lf_who *who, enum lf_perm perm, const char *code,
                const char *field, struct lf_err *err)
{
    if (scope_need(who, perm, err))
        return -1;
    if (!scope_contains(who->node, code))
        return lf_err_set(err, LF_ERR_FORBIDDEN, field,
                          "is outside your jurisdiction");
    return 0;
}
