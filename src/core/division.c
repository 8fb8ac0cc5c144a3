/*
 * division.c - loading the national division table (统计用区划代码, in
 * data/divisions/) into a fresh database: the deployment's subtree into the
 * node table, every province/city/county code into the division registry.
 * See node_load_divisions() in node.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/node.h"
#include "core/op.h"
#include "store/store.h"
#include "store/division.h"
#include "store/node.h"
#include "util/csv.h"
#include "util/fileio.h"
#include "util/banned.h"

#define DIVISION_FILE_MAX (16u << 20)

/* For each data row of dir/file, call fn(row, arg); stops at fn's -1. */
static int each_row(const char *dir, const char *file,
                    int (*fn)(const struct csv_reader *r, void *arg), void *arg,
                    struct lf_err *err)
{
    struct csv_reader *r = NULL;
    char path[1024];
    size_t len;
    char *data;
    int rc, ret = -1;

    snprintf(path, sizeof(path), "%s/%s", dir, file);
    if (!(data = file_read_all(path, DIVISION_FILE_MAX, &len)))
        return lf_err_set(err, LF_ERR_NOTFOUND, "divisions", "cannot read %s", path);
    r = malloc(sizeof(*r));
    if (!r)
        goto out;
    csv_init(r, data, len);
    if (csv_next(r) != 1) {         /* header */
        lf_err_set(err, LF_ERR_INVALID, "divisions", "%s has no header", path);
        goto out;
    }
    while ((rc = csv_next(r)) == 1)
        if (fn(r, arg))
            goto out;
    if (rc < 0) {
        lf_err_set(err, LF_ERR_INVALID, "divisions", "%s:%ld: %s", path,
                   r->row_line, r->error);
        goto out;
    }
    ret = 0;
out:
    free(r);
    free(data);
    return ret;
}

struct load {
    struct lf_ctx *ctx;
    struct op *op;                   /* the load's; its transaction is op->tx */
    struct lf_err *err;
    const char *code;           /* the deployment's root */
    struct node *root;
    int level;                  /* of the file being read: 1..4 */
    long n_nodes;
    char province_name[NODE_NAME_CHARS * 4 + 1];
};

static int add_node(struct load *l, const char *code, const char *parent,
                    enum node_kind kind, const char *name)
{
    struct node n;

    memset(&n, 0, sizeof(n));
    snprintf(n.code, sizeof(n.code), "%s", code);
    snprintf(n.parent, sizeof(n.parent), "%s", parent);
    snprintf(n.name, sizeof(n.name), "%s", name);
    n.kind = kind;
    n.is_real = 1;
    n.created_utc = n.updated_utc = lf_now(l->ctx);
    if (store_node_insert(l->op->tx, &n, l->err))
        return -1;
    if (!parent[0])
        *l->root = n;
    l->n_nodes++;
    return 0;
}

static int on_row(const struct csv_reader *r, void *arg)
{
    struct load *l = arg;
    const char *code = r->fields[0], *name = r->n_fields > 1 ? r->fields[1] : "";
    size_t rootlen = strlen(l->code), len = strlen(code);

    if (r->n_fields < 2)
        return lf_err_set(l->err, LF_ERR_INVALID, "divisions",
                          "line %ld: expected code,name", r->row_line);
    if (l->level <= 3 && store_division_insert(l->op->tx, code, name, l->level, l->err))
        return -1;
    if (l->level == 1 && strncmp(code, l->code, 2) == 0)
        snprintf(l->province_name, sizeof(l->province_name), "%s", name);
    if (len == rootlen && strcmp(code, l->code) == 0) {
        /* a city's table name may be a placeholder (市辖区 for Beijing's
         * districts, 省直辖县级行政区划): name the root after the province */
        if (strcmp(name, "市辖区") == 0 || strstr(name, "直辖"))
            name = l->province_name;
        return add_node(l, code, "", node_kind_of_code(code), name);
    }
    if (len > rootlen && strncmp(code, l->code, rootlen) == 0) {
        char parent[NODE_CODE_MAX];
        /* the parent is the code one level up: 9→6 digits, 6→4 digits */
        snprintf(parent, sizeof(parent), "%.*s", len == 9 ? 6 : 4, code);
        return add_node(l, code, parent, node_kind_of_code(code), name);
    }
    return 0;
}

int node_load_divisions(struct lf_ctx *ctx, const char *dir, const char *code,
                        struct node *root_out, struct lf_err *err)
{
    static const char *const files[] = { "provinces.csv", "cities.csv",
                                         "areas.csv", "streets.csv" };
    struct load l;
    struct op op;
    char detail[64];
    int i, ret = -1;
    size_t len = code ? strlen(code) : 0;

    memset(&l, 0, sizeof(l));
    memset(root_out, 0, sizeof(*root_out));
    if (len != 4 && len != 6)
        return lf_err_set(err, LF_ERR_INVALID, "division",
                          "must be a 4-digit city or 6-digit county code");
    if (node_kind_of_code(code) == 0)
        return lf_err_set(err, LF_ERR_INVALID, "division", "must be digits");
    l.ctx = ctx;
    l.op = &op;
    l.err = err;
    l.code = code;
    l.root = root_out;
    /* the system's, before there is anybody: no caller, nothing to deny */
    op_init(&op, ctx, NULL, "node.init", code);
    if (op_begin(&op, STORE_WRITE, err))
        goto out;
    for (i = 0; i < 4; i++) {
        l.level = i + 1;
        if (each_row(dir, files[i], on_row, &l, err))
            goto out;
    }
    if (!root_out->code[0]) {
        lf_err_set(err, LF_ERR_NOTFOUND, "division",
                   "%s is not in the national division table", code);
        goto out;
    }
    snprintf(detail, sizeof(detail), "%ld nodes", l.n_nodes);
    if (op_audit(&op, detail, err) || op_commit(&op, err))
        goto out;
    ret = 0;
out:
    return op_end(&op, ret, err);
}
