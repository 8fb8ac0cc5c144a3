/*
 * checkpoint.c - checkpoints, their codes and their daily counts. See
 * checkpoint.h.
 *
 * The codes are util/token.h's random tokens (libsodium) over Crockford's
 * base32 alphabet, which leaves out I, L, O and U so that a code read
 * aloud or typed from a phone screen cannot be mistyped into another
 * valid code; parsing maps the look-alikes back. 16 characters are 80
 * bits: the public endpoints that take a code need no rate limit to stay
 * unguessable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checkpoint.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/checkpoint.h"
#include "store/node.h"
#include "util/timeutil.h"
#include "util/token.h"
#include "util/banned.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* stored as the identifier; value is only the row's number */
static const struct lf_label kinds[] = {
    { 1, "highway", "高速路口", "" },
    { 2, "road", "国省道", "" },
    { 3, "rail", "火车站", "" },
    { 4, "bus", "汽车站", "" },
    { 5, "airport", "机场", "" },
    { 6, "village", "村口", "" },
    { 7, "other", "其他", "" },
};
const struct lf_labels checkpoint_kind_labels = LF_LABELS_OF("checkpoint_kind", kinds);

const char *checkpoint_kind_label(const char *kind)
{
    const struct lf_label *l = labels_find_id(&checkpoint_kind_labels, kind);

    return l ? l->label : NULL;
}

/* util/token.h's random base32, in capitals: the staff type these */
void checkpoint_code_new(char out[CODE_CHARS + 1])
{
    int i;

    token_base32(out, CODE_CHARS);
    for (i = 0; i < CODE_CHARS; i++)
        if (out[i] >= 'a' && out[i] <= 'z')
            out[i] = (char)(out[i] - 'a' + 'A');
}

int checkpoint_code_parse(const char *s, char out[CODE_CHARS + 1], const char *field,
                          struct lf_err *err)
{
    size_t n = 0;

    if (!s || !*s)
        return lf_err_set(err, LF_ERR_INVALID, field, "is required");
    for (; *s; s++) {
        char c = *s;
        if (c == ' ' || c == '-' || c == '\t')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c == 'O')
            c = '0';
        else if (c == 'I' || c == 'L')
            c = '1';
        if (!strchr(alphabet, c))
            return lf_err_set(err, LF_ERR_INVALID, field,
                              "must be a code of %d letters and digits", CODE_CHARS);
        if (n == CODE_CHARS)
            return lf_err_set(err, LF_ERR_INVALID, field,
                              "must be a code of %d letters and digits", CODE_CHARS);
        out[n++] = c;
    }
    if (n != CODE_CHARS)
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must be a code of %d letters and digits", CODE_CHARS);
    out[n] = '\0';
    return 0;
}

const char *checkpoint_url(const struct lf_ctx *ctx, const struct checkpoint *c, char *out,
                           size_t n)
{
    snprintf(out, n, "%s/pass.html?c=%s", ctx->public_url, c->code);
    return out;
}


int checkpoint_create(struct lf_ctx *ctx, const struct lf_who *who,
                      const struct checkpoint_in *in, struct checkpoint *out,
                      struct lf_err *err)
{
    struct op op;
    struct node node;
    int ret = -1;

    op_init(&op, ctx, who, "checkpoint.create", in->node);
    memset(out, 0, sizeof(*out));
    if (!in->node || !*in->node) {
        lf_err_set(err, LF_ERR_INVALID, "node", "is required");
        goto out;
    }
    if (scope_check(who, PERM_CHECKPOINT_MANAGE, in->node, "node", err) ||
        validate_name(in->name, NODE_NAME_CHARS, "name", err) ||
        (in->road && *in->road && validate_name(in->road, CHECKPOINT_ROAD_CHARS, "road", err)))
        goto out;
    if (!in->kind || !*in->kind) {
        lf_err_set(err, LF_ERR_INVALID, "kind", "is required");
        goto out;
    }
    if (!checkpoint_kind_label(in->kind)) {
        lf_err_set(err, LF_ERR_INVALID, "kind",
                   "must be highway, road, rail, bus, airport, village or other");
        goto out;
    }
    snprintf(out->node, sizeof(out->node), "%s", in->node);
    validate_copy_trimmed(out->name, sizeof(out->name), in->name);
    validate_copy_trimmed(out->road, sizeof(out->road), in->road);
    snprintf(out->kind, sizeof(out->kind), "%s", in->kind);
    checkpoint_code_new(out->code);
    out->created_utc = lf_now(ctx);
    if (op_begin(&op, STORE_WRITE, err) ||
        store_node_get(op.tx, in->node, &node, "node", err) ||
        store_checkpoint_insert(op.tx, out, err))
        goto out;
    op_record(&op, "checkpoint:%lld", (long long)out->id);
    if (op_audit(&op, out->node, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

/* Staff who verify passes list checkpoints too, to pick their own. */
static int may_list(const struct lf_who *who, const char *node, struct lf_err *err)
{
    enum lf_perm perm = role_has(who->role, PERM_CHECKPOINT_MANAGE)
                            ? PERM_CHECKPOINT_MANAGE : PERM_PASS_VERIFY;

    return scope_check(who, perm, node, "node", err);
}

int checkpoint_list(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                    struct checkpoint_list *out, struct lf_err *err)
{
    struct op op;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    if (!node || !*node)
        node = who->node;
    op_init(&op, ctx, who, "checkpoint.list", node);
    if (may_list(who, node, err) ||
        op_begin(&op, STORE_READ, err) ||
        store_checkpoint_list(op.tx, node, out, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        checkpoint_list_free(out);
    return op_end(&op, ret, err);
}

int checkpoint_get(struct lf_ctx *ctx, const struct lf_who *who, int64_t id,
                   struct checkpoint *out, struct lf_err *err)
{
    struct op op;
    int ret = -1;

    op_init(&op, ctx, who, "checkpoint.read", NULL);
    op_record(&op, "checkpoint:%lld", (long long)id);
    if (scope_need(who, PERM_CHECKPOINT_MANAGE, err) ||
        op_begin(&op, STORE_READ, err) ||
        store_checkpoint_get(op.tx, id, out, "id", err) ||
        scope_check(who, PERM_CHECKPOINT_MANAGE, out->node, "id", err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int checkpoint_public_get(struct lf_ctx *ctx, const char *code, struct checkpoint *out,
                          struct lf_err *err)
{
    struct store_tx *tx = NULL;
    char norm[CODE_CHARS + 1];
    int ret = -1;

    if (checkpoint_code_parse(code, norm, "code", err) ||
        !(tx = store_begin(ctx->store, STORE_READ, err)) ||
        store_checkpoint_by_code(tx, norm, out, "code", err) ||
        store_commit(tx, err))
        goto out;
    ret = 0;
out:
    store_tx_free(tx);
    return ret;
}

int checkpoint_stats(struct lf_ctx *ctx, const struct lf_who *who, const char *node,
                     const char *day, struct checkpoint_stats *out, struct lf_err *err)
{
    struct op op;
    int64_t d = (lf_now(ctx) + TZ_SHANGHAI_OFFSET) / 86400;
    struct checkpoint_day *t = &out->total;
    size_t i;
    int ret = -1;

    memset(out, 0, sizeof(*out));
    if (!node || !*node)
        node = who->node;
    op_init(&op, ctx, who, "checkpoint.stats", node);
    if (scope_check(who, PERM_CHECKPOINT_MANAGE, node, "node", err) ||
        (day && *day && validate_date(day, &d, "day", err)) ||
        op_begin(&op, STORE_READ, err) ||
        store_checkpoint_stats(op.tx, node, d, out, err) ||
        op_commit(&op, err))
        goto out;
    snprintf(t->c.node, sizeof(t->c.node), "%s", node);
    for (i = 0; i < out->n; i++) {
        t->vehicles += out->rows[i].vehicles;
        t->persons += out->rows[i].persons;
        t->checks += out->rows[i].checks;
        t->fevers += out->rows[i].fevers;
        t->turned_back += out->rows[i].turned_back;
        t->passes += out->rows[i].passes;
    }
    ret = 0;
out:
    if (ret)
        checkpoint_stats_free(out);
    return op_end(&op, ret, err);
}

void checkpoint_list_free(struct checkpoint_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

void checkpoint_stats_free(struct checkpoint_stats *s)
{
    free(s->rows);
    s->rows = NULL;
    s->n = 0;
}
