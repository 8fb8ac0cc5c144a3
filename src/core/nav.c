/*
 * nav.c - the module list and who may open what. See nav.h.
 */
#include <string.h>

#include "core/nav.h"
#include "core/node.h"
#include "util/banned.h"

#define LF_NAV_ROW(id, label, right, deepest) { id, label, right, deepest },
static const struct nav_entry modules[] = { LF_NAV(LF_NAV_ROW) };
#undef LF_NAV_ROW

const struct nav_entry *nav_table(size_t *n)
{
    *n = NAV__COUNT;
    return modules;
}

const struct nav_entry *nav_find(const char *id)
{
    size_t i;

    for (i = 0; id && i < NAV__COUNT; i++)
        if (strcmp(modules[i].id, id) == 0)
            return &modules[i];
    return NULL;
}

static int may_open(const struct lf_who *who, const struct nav_entry *m)
{
    enum node_kind k;

    if (!role_has(who->role, m->right))
        return 0;
    if (!m->deepest)
        return 1;
    k = node_kind_of_code(who->node);
    return k != 0 && (int)k <= m->deepest;
}

size_t nav_for(const struct lf_who *who, const struct nav_entry *out[NAV__COUNT])
{
    const struct nav_entry *home = nav_find(role_home(who->role));
    size_t i, n = 0;

    if (home && may_open(who, home))
        out[n++] = home;
    for (i = 0; i < NAV__COUNT; i++)
        if (&modules[i] != home && may_open(who, &modules[i]))
            out[n++] = &modules[i];
    return n;
}
