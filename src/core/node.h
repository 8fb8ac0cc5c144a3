/*
 * node.h - the jurisdiction tree (市/区县/乡镇街道/村社区/网格).
 *
 * The tree's top is the deployment's division (a county like 419001 济源市,
 * or a city); below it the real towns and streets of the national table
 * (node_load_divisions), and below those the communities (村/社区) and grids
 * (网格) that the deployment adds. Codes extend the parent's by 3 digits
 * for communities and grids, so code prefix = subtree (scope.h).
 *
 * Every call checks the caller's permission and jurisdiction first, runs
 * in one transaction and writes its audit row in it. Errors: 0, or -1 with
 * *err set and nothing changed. Lists are the caller's: node_list_free().
 */
#ifndef LF_NODE_H
#define LF_NODE_H
#include <stddef.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/types/node.h"
#include "core/labels.h"

/* The levels: "province" 省 ... "grid" 网格 (labels.h). */
extern const struct lf_labels node_kind_labels;
/* "county", "grid", ...; node_kind_from_name returns 0 if unknown (it
 * also takes the labels 村社区, 网格 and the words 社区, 村). */
const char *node_kind_name(enum node_kind k);
enum node_kind node_kind_from_name(const char *s);
/* The kind a code of this length is: 2→province ... 15→grid; 0 if none. */
enum node_kind node_kind_of_code(const char *code);

struct node_in {
    const char *code;   /* optional: the deployment's own code (3 digits
                           longer than parent); NULL = next free */
    const char *kind;   /* "community" or "grid" */
    const char *name;   /* 1-64 characters */
    const char *parent; /* a town for a community, a community for a grid */
};

void node_list_free(struct node_list *l);

int node_get(struct lf_ctx *ctx, const struct lf_who *who, const char *code,
             struct node *out, struct lf_err *err);
/* The node and its children, in code order. */
int node_children(struct lf_ctx *ctx, const struct lf_who *who,
                  const char *code, struct node *parent_out,
                  struct node_list *out, struct lf_err *err);
int node_create(struct lf_ctx *ctx, const struct lf_who *who,
                const struct node_in *in, struct node *out,
                struct lf_err *err);
/* Rename a community or grid (real divisions keep their official names). */
int node_rename(struct lf_ctx *ctx, const struct lf_who *who,
                const char *code, const char *name, struct node *out,
                struct lf_err *err);
/* Import communities and grids from CSV text with a header row naming the
 * columns code (optional), kind, name, parent (or 编码, 类型, 名称, 上级编码;
 * kind also as 社区/村/网格). All rows or none; an error names the line:
 * field "line 7.name". *n_created gets the number of rows. */
int node_import_csv(struct lf_ctx *ctx, const struct lf_who *who,
                    const char *data, size_t len, long *n_created,
                    struct lf_err *err);

/* For the public self-report page (no account): the children of a county,
 * city or town, as code, name and kind only. Refused below a town, so the
 * deployment's grids are not listed to anyone. */
int node_public_children(struct lf_ctx *ctx, const char *code, struct node_list *out,
                         struct lf_err *err);

/* Initialise the tree of a fresh database from the national table in dir
 * (provinces.csv, cities.csv, areas.csv, streets.csv): the division code
 * (4-digit city or 6-digit county) as root with everything below it down
 * to towns and streets, and every province, city and county code into the
 * division registry. Runs as one transaction. */
int node_load_divisions(struct lf_ctx *ctx, const char *dir,
                        const char *code, struct node *root_out,
                        struct lf_err *err);

#endif
