/*
 * labels.c - lookups in a label table and the list of the tables the pages
 * are given. See labels.h.
 *
 * The tables are small (a few to a few dozen rows) and read far more often
 * than once per request at most, so lookups walk them; the list below is
 * the one place that names them all. A module that adds an enumeration a
 * page shows adds its table here.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/arrival.h"
#include "core/audit.h"
#include "core/case.h"
#include "core/checkpoint.h"
#include "core/duty.h"
#include "core/labels.h"
#include "core/ledger.h"
#include "core/node.h"
#include "core/pass.h"
#include "core/referral.h"
#include "core/role.h"
#include "core/screening.h"
#include "core/venue.h"
#include "util/banned.h"

/* Every table a page may show, by module. */
static const struct lf_labels *const all[] = {
    &node_kind_labels, &duty_kind_labels,
    &role_labels, &right_labels,
    &sex_labels, &relation_labels, &visit_outcome_labels,
    &self_report_status_labels, &risk_level_labels, &transport_labels,
    &venue_type_labels, &venue_status_labels,
    &checkpoint_kind_labels, &check_outcome_labels, &referral_status_labels,
    &case_status_labels, &case_source_labels, &case_stop_kind_labels,
    &contact_kind_labels, &contact_status_labels,
    &audit_action_labels, &audit_group_labels, &audit_detail_labels,
};

const struct lf_label *labels_find(const struct lf_labels *t, int value)
{
    size_t i;

    for (i = 0; i < t->n; i++)
        if (t->items[i].value == value)
            return &t->items[i];
    return NULL;
}

const struct lf_label *labels_find_id(const struct lf_labels *t, const char *id)
{
    size_t i;

    for (i = 0; id && i < t->n; i++)
        if (strcmp(t->items[i].id, id) == 0)
            return &t->items[i];
    return NULL;
}

const char *labels_id(const struct lf_labels *t, int value)
{
    const struct lf_label *l = labels_find(t, value);

    return l ? l->id : "";
}

const char *labels_label(const struct lf_labels *t, int value)
{
    const struct lf_label *l = labels_find(t, value);

    return l ? l->label : "";
}

int labels_parse(const struct lf_labels *t, const char *id, int dflt)
{
    const struct lf_label *l = labels_find_id(t, id);

    return l ? l->value : dflt;
}

const struct lf_labels *const *labels_all(size_t *n)
{
    *n = sizeof(all) / sizeof(all[0]);
    return all;
}

/* FNV-1a, 64 bits, of s and its terminating NUL (so "ab","c" differs
 * from "a","bc"). */
static uint64_t fnv(uint64_t h, const char *s)
{
    do {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ull;
    } while (*s++);
    return h;
}

void labels_version(char out[17])
{
    uint64_t h = 0xcbf29ce484222325ull;
    size_t i, j;

    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        h = fnv(h, all[i]->name);
        for (j = 0; j < all[i]->n; j++) {
            char v[16];

            snprintf(v, sizeof(v), "%d", all[i]->items[j].value);
            h = fnv(fnv(fnv(fnv(h, v), all[i]->items[j].id), all[i]->items[j].label),
                    all[i]->items[j].tone);
        }
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}
