/*
 * node.c - the jurisdiction tree. See node.h.
 *
 * Codes: the national table gives 2/4/6/9 digits down to towns; below a
 * town the deployment numbers its communities 001-999 (12 digits, the form
 * of the statistical village codes) and below a community its grids 001-999
 * (15 digits). A new node takes the next number after its parent's highest
 * child, so codes are never reused after a rename.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/node.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/validate.h"
#include "store/store.h"
#include "store/node.h"
#include "util/csv.h"
#include "util/banned.h"

static const struct lf_label kinds[] = {
    { NODE_PROVINCE, "province", "省", "" },
    { NODE_CITY, "city", "市", "" },
    { NODE_COUNTY, "county", "区县", "" },
    { NODE_TOWN, "town", "乡镇街道", "" },
    { NODE_COMMUNITY, "community", "村社区", "" },
    { NODE_GRID, "grid", "网格", "" },
};
const struct lf_labels node_kind_labels = LF_LABELS_OF("node_kind", kinds);

const char *node_kind_name(enum node_kind k)
{
    return labels_id(&node_kind_labels, (int)k);
}

enum node_kind node_kind_from_name(const char *s)
{
    size_t i;

    if (!s)
        return 0;
    for (i = 0; i < node_kind_labels.n; i++)
        if (strcmp(kinds[i].id, s) == 0 ||
            ((kinds[i].value == NODE_COMMUNITY || kinds[i].value == NODE_GRID) &&
             strcmp(kinds[i].label, s) == 0))
            return (enum node_kind)kinds[i].value;
    if (strcmp(s, "社区") == 0 || strcmp(s, "村") == 0)
        return NODE_COMMUNITY;
    return 0;
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

enum node_kind node_kind_of_code(const char *code)
{
    if (!code || !all_digits(code))
        return 0;
    switch (strlen(code)) {
    case 2: return NODE_PROVINCE;
    case 4: return NODE_CITY;
    case 6: return NODE_COUNTY;
    case 9: return NODE_TOWN;
    case 12: return NODE_COMMUNITY;
    case 15: return NODE_GRID;
    default: return 0;
    }
}

/* A node code from a client: digits of a valid length. */
static int check_code(const char *code, const char *field, struct lf_err *err)
{
    if (!code || !*code)
        return lf_err_set(err, LF_ERR_INVALID, field, "is required");
    if (!node_kind_of_code(code))
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must be a division code of 2, 4, 6, 9, 12 or 15 digits");
    return 0;
}

int node_get(struct lf_ctx *ctx, const struct lf_who *who, const char *code,
             struct node *out, struct lf_err *err)
{
    struct op op;
    int ret = -1;

    op_init(&op, ctx, who, "node.read", code);
    if (check_code(code, "code", err) ||
        scope_check(who, PERM_NODE_READ, code, "code", err))
        goto out;
    if (op_begin(&op, STORE_READ, err) ||
        store_node_get(op.tx, code, out, "code", err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int node_children(struct lf_ctx *ctx, const struct lf_who *who, const char *code,
                  struct node *parent_out, struct node_list *out,
                  struct lf_err *err)
{
    struct op op;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    op_init(&op, ctx, who, "node.read", code);
    if (check_code(code, "code", err) ||
        scope_check(who, PERM_NODE_READ, code, "code", err))
        goto out;
    if (op_begin(&op, STORE_READ, err) ||
        store_node_get(op.tx, code, parent_out, "code", err) ||
        store_node_children(op.tx, code, out, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        node_list_free(out);
    return op_end(&op, ret, err);
}

/* The name without the spaces validate_name() allows around it, so that
 * " 幸福社区 " and "幸福社区" are the same name. */
static void trim_name(const char *in, char *out, size_t n)
{
    const char *end;

    while (*in == ' ')
        in++;
    end = in + strlen(in);
    while (end > in && end[-1] == ' ')
        end--;
    snprintf(out, n, "%.*s", (int)(end - in), in);
}

/* Validate in and insert it inside tx; fills *out. */
static int create_in_tx(struct store_tx *tx, struct lf_ctx *ctx,
                        const struct lf_who *who, const struct node_in *in,
                        struct node *out, struct lf_err *err)
{
    enum node_kind kind = node_kind_from_name(in->kind);
    struct node parent;
    char max[NODE_CODE_MAX];
    size_t plen;
    int taken;

    if (!in->kind || !*in->kind)
        return lf_err_set(err, LF_ERR_INVALID, "kind", "is required");
    if (kind != NODE_COMMUNITY && kind != NODE_GRID)
        return lf_err_set(err, LF_ERR_INVALID, "kind",
                          "must be \"community\" or \"grid\"");
    if (validate_name(in->name, NODE_NAME_CHARS, "name", err) ||
        check_code(in->parent, "parent", err) ||
        scope_check(who, PERM_NODE_EDIT, in->parent, "parent", err) ||
        store_node_get(tx, in->parent, &parent, "parent", err))
        return -1;
    if (parent.kind != kind - 1)
        return lf_err_set(err, LF_ERR_INVALID, "parent",
                          "a %s belongs under a %s, not a %s", node_kind_name(kind),
                          node_kind_name(kind - 1), node_kind_name(parent.kind));
    memset(out, 0, sizeof(*out));
    trim_name(in->name, out->name, sizeof(out->name));
    taken = store_node_name_taken(tx, in->parent, out->name, err);
    if (taken < 0)
        return -1;
    if (taken)
        return lf_err_set(err, LF_ERR_CONFLICT, "name",
                          "%s already has a %s of this name", in->parent,
                          node_kind_name(kind));
    plen = strlen(in->parent);
    if (in->code && *in->code) {
        struct node existing;
        struct lf_err probe = LF_ERR_INIT;
        if (!all_digits(in->code) || strlen(in->code) != plen + 3 ||
            strncmp(in->code, in->parent, plen) != 0 ||
            strcmp(in->code + plen, "000") == 0)
            return lf_err_set(err, LF_ERR_INVALID, "code",
                              "must be the parent's code followed by 3 digits (001-999)");
        if (store_node_get(tx, in->code, &existing, "code", &probe) == 0)
            return lf_err_set(err, LF_ERR_CONFLICT, "code", "is already in use");
        if (probe.code != LF_ERR_NOTFOUND)
            return lf_err_set(err, probe.code, probe.field, "%s", probe.reason);
        snprintf(out->code, sizeof(out->code), "%s", in->code);
    } else {
        long next = 1;
        if (store_node_max_child(tx, in->parent, max, err))
            return -1;
        if (max[0])
            next = strtol(max + plen, NULL, 10) + 1;
        if (next > 999)
            return lf_err_set(err, LF_ERR_CONFLICT, "parent",
                              "has no free codes left (999 children)");
        snprintf(out->code, sizeof(out->code), "%s%03ld", in->parent, next);
    }
    snprintf(out->parent, sizeof(out->parent), "%s", in->parent);
    out->kind = kind;
    out->created_utc = out->updated_utc = lf_now(ctx);
    return store_node_insert(tx, out, err);
}

int node_create(struct lf_ctx *ctx, const struct lf_who *who,
                const struct node_in *in, struct node *out, struct lf_err *err)
{
    struct op op;
    int ret = -1;

    op_init(&op, ctx, who, "node.create", in->parent);
    if (op_begin(&op, STORE_WRITE, err) ||
        create_in_tx(op.tx, ctx, who, in, out, err))
        goto out;
    op_record(&op, "node:%s", out->code);
    if (op_audit(&op, out->name, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

int node_rename(struct lf_ctx *ctx, const struct lf_who *who, const char *code,
                const char *name, struct node *out, struct lf_err *err)
{
    struct op op;
    char clean[sizeof(out->name)];
    int ret = -1, taken;

    op_init(&op, ctx, who, "node.rename", code);
    if (check_code(code, "code", err) ||
        scope_check(who, PERM_NODE_EDIT, code, "code", err) ||
        validate_name(name, NODE_NAME_CHARS, "name", err))
        goto out;
    trim_name(name, clean, sizeof(clean));
    if (op_begin(&op, STORE_WRITE, err) ||
        store_node_get(op.tx, code, out, "code", err))
        goto out;
    if (out->is_real) {
        lf_err_set(err, LF_ERR_INVALID, "code",
                   "is a national division; its name is official");
        goto out;
    }
    if (strcmp(out->name, clean) != 0) {
        taken = store_node_name_taken(op.tx, out->parent, clean, err);
        if (taken < 0)
            goto out;
        if (taken) {
            lf_err_set(err, LF_ERR_CONFLICT, "name",
                       "%s already has a child of this name", out->parent);
            goto out;
        }
    }
    op_record(&op, "node:%s", code);
    if (store_node_rename(op.tx, code, clean, lf_now(ctx), err) ||
        store_node_get(op.tx, code, out, "code", err) ||
        op_audit(&op, clean, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}

static int header_column(const struct csv_reader *r, const char *en, const char *zh)
{
    int i = csv_column(r, en);
    return i >= 0 ? i : csv_column(r, zh);
}

static const char *cell(const struct csv_reader *r, int col)
{
    return col >= 0 && col < r->n_fields ? r->fields[col] : "";
}

int node_import_csv(struct lf_ctx *ctx, const struct lf_who *who, const char *data,
                    size_t len, long *n_created, struct lf_err *err)
{
    struct csv_reader *r = malloc(sizeof(*r));
    struct op op;
    int c_code, c_kind, c_name, c_parent, rc;
    char where[32], detail[64];
    long n = 0;
    int ret = -1;

    *n_created = 0;
    if (!r)
        return lf_err_set(err, LF_ERR_INTERNAL, NULL, "out of memory");
    op_init(&op, ctx, who, "node.import", "node");
    if (scope_need(who, PERM_NODE_EDIT, err))
        goto out;
    if (!csv_is_utf8(data, len)) {
        lf_err_set(err, LF_ERR_INVALID, "file",
                   "is not UTF-8 (GBK?): save it as CSV UTF-8 and try again");
        goto out;
    }
    csv_init(r, data, len);
    rc = csv_next(r);
    if (rc <= 0) {
        lf_err_set(err, LF_ERR_INVALID, "file", rc ? r->error : "is empty");
        goto out;
    }
    c_code = header_column(r, "code", "编码");
    c_kind = header_column(r, "kind", "类型");
    c_name = header_column(r, "name", "名称");
    c_parent = header_column(r, "parent", "上级编码");
    if (c_kind < 0 || c_name < 0 || c_parent < 0) {
        lf_err_set(err, LF_ERR_INVALID, "line 1",
                   "header must name the columns kind, name and parent");
        goto out;
    }
    if (op_begin(&op, STORE_WRITE, err))
        goto out;
    while ((rc = csv_next(r)) == 1) {
        struct node_in in = { cell(r, c_code), cell(r, c_kind), cell(r, c_name),
                              cell(r, c_parent) };
        struct node made;
        if (create_in_tx(op.tx, ctx, who, &in, &made, err)) {
            snprintf(where, sizeof(where), "line %ld", r->row_line);
            lf_err_nest(err, where);
            goto out;
        }
        n++;
    }
    if (rc < 0) {
        snprintf(where, sizeof(where), "line %ld", r->row_line);
        lf_err_set(err, LF_ERR_INVALID, where, "%s", r->error);
        goto out;
    }
    snprintf(detail, sizeof(detail), "%ld rows", n);
    if (op_audit(&op, detail, err) || op_commit(&op, err))
        goto out;
    *n_created = n;
    ret = 0;
out:
    free(r);
    return op_end(&op, ret, err);
}

void node_list_free(struct node_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

int node_public_children(struct lf_ctx *ctx, const char *code, struct node_list *out,
                         struct lf_err *err)
{
    struct store_tx *tx = NULL;
    enum node_kind kind = node_kind_of_code(code);
    size_t i;
    int ret = -1;

    out->items = NULL;
    out->n = 0;
    if (check_code(code, "code", err))
        return -1;
    if (kind > NODE_TOWN)
        return lf_err_set(err, LF_ERR_FORBIDDEN, "code",
                          "only towns and above are listed publicly");
    if (!(tx = store_begin(ctx->store, STORE_READ, err)) ||
        store_node_children(tx, code, out, err))
        goto out;
    for (i = 0; i < out->n; i++)          /* nothing but what the page shows */
        out->items[i].n_children = 0, out->items[i].created_utc = 0,
        out->items[i].updated_utc = 0;
    ret = 0;
out:
    store_tx_free(tx);
    return ret;
}
