/*
 * labels.h - the enumerations a person sees (statuses, kinds, outcomes,
 * roles, ...) with their labels in Simplified Chinese: one table each,
 * kept by the module the enumeration belongs to and used by that module
 * to read and write its values, and the list of all of them, which the
 * server hands to the pages once (GET /api/v1/meta) so that no page keeps
 * its own copy.
 *
 * A table is an array of struct lf_label in the order the pages offer the
 * values; `value` is what the core stores, `id` what the API and the pages
 * use (a word such as "suspected", or the number's digits where the API
 * sends a number, as for sex and risk levels). All strings are static.
 */
#ifndef LF_LABELS_H
#define LF_LABELS_H
#include <stddef.h>

struct lf_label {
    int value;          /* as stored */
    const char *id;     /* on the wire */
    const char *label;  /* zh-CN */
    const char *tone;   /* how a page marks it: "ok", "warn", "bad", "muted"; "" none */
};

struct lf_labels {
    const char *name;               /* "case_status": the key in /meta */
    const struct lf_label *items;
    size_t n;
};

#define LF_LABELS_OF(name, items) { name, items, sizeof(items) / sizeof((items)[0]) }

/* The row of value or of id; NULL when there is none. */
const struct lf_label *labels_find(const struct lf_labels *t, int value);
const struct lf_label *labels_find_id(const struct lf_labels *t, const char *id);
/* The id and the label of value; "" when there is none. */
const char *labels_id(const struct lf_labels *t, int value);
const char *labels_label(const struct lf_labels *t, int value);
/* The value of id, or dflt when id is NULL or not in the table. */
int labels_parse(const struct lf_labels *t, const char *id, int dflt);

/* Every table the pages are given, in a fixed order; *n their count. */
const struct lf_labels *const *labels_all(size_t *n);
/* A short digest of every table (16 hex digits and a NUL): a new label
 * anywhere gives a new version, so a page's cached copy is replaced. */
void labels_version(char out[17]);

#endif
