/*
 * types/node.h - the plain types of the jurisdiction tree: what the core,
 * the store and the front ends pass between them. No functions. Text
 * fields are fixed-size UTF-8, NUL-terminated; times are UTC seconds.
 */
#ifndef LF_TYPES_NODE_H
#define LF_TYPES_NODE_H
#include <stddef.h>
#include <stdint.h>

#define NODE_CODE_MAX 16          /* 15 digits (a grid) + NUL */

#define NODE_NAME_CHARS 64

/* The levels of the jurisdiction tree (市/区县/乡镇街道/村社区/网格); the code
 * length gives the level: 2, 4, 6, 9, 12, 15 digits. */
enum node_kind {
    NODE_PROVINCE = 1,
    NODE_CITY,
    NODE_COUNTY,
    NODE_TOWN,
    NODE_COMMUNITY,
    NODE_GRID
};

struct node {
    char code[NODE_CODE_MAX];
    char parent[NODE_CODE_MAX];   /* "" for the deployment's root */
    enum node_kind kind;
    char name[NODE_NAME_CHARS * 4 + 1];
    int is_real;                  /* from the national division table */
    int n_children;               /* filled by listings */
    int64_t created_utc;
    int64_t updated_utc;
};

struct node_list {
    struct node *items;
    size_t n;
};

#endif
