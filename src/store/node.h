/*
 * store/node.h - the jurisdiction tree: the store's operations, their
 * SQL in store/node.c. Each takes an open transaction (store.h); errors as
 * store.h says.
 */
#ifndef LF_STORE_NODE_H
#define LF_STORE_NODE_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "core/types/node.h"

int store_node_insert(struct store_tx *tx, const struct node *n,
                      struct lf_err *err);

int store_node_get(struct store_tx *tx, const char *code, struct node *out,
                   const char *field, struct lf_err *err);

/* Children of code ordered by code, each with n_children filled. */
int store_node_children(struct store_tx *tx, const char *code,
                        struct node_list *out, struct lf_err *err);

/* Every node below code (not code itself), ordered by code: a parent
 * always comes before its children. */
int store_node_subtree(struct store_tx *tx, const char *code, struct node_list *out,
                       struct lf_err *err);

int store_node_rename(struct store_tx *tx, const char *code, const char *name,
                      int64_t now, struct lf_err *err);

/* The highest child code under parent, or "" if none. */
int store_node_max_child(struct store_tx *tx, const char *parent,
                         char out[NODE_CODE_MAX], struct lf_err *err);

/* 1 if a child of parent has this name, else 0; -1 on error. */
int store_node_name_taken(struct store_tx *tx, const char *parent,
                          const char *name, struct lf_err *err);

long store_node_count(struct store_tx *tx, struct lf_err *err);

#endif
