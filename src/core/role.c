/*
 * role.c - the role and rights tables of role.h, and a role's rights.
 *
 * Roles name their rights as text so that the table reads as the product
 * describes it and a right is found by the name the API uses. The names
 * are resolved into bitsets once, on the first question (pthread_once:
 * the server's threads may ask first at the same time); a name that is
 * not a right is a broken table, found by the unit tests before it can
 * abort a server (BUG).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/role.h"
#include "util/log.h"
#include "util/banned.h"

struct role_info {
    const char *id;
    const char *label;
    const char *home;
    const char *rights;
};

#define LF_ROLE_INFO(name, id, label, home, rights) { id, label, home, rights },
static const struct role_info roles[] = { LF_ROLES(LF_ROLE_INFO) };
#undef LF_ROLE_INFO

struct right_info {
    const char *id;
    const char *label;
};

#define LF_RIGHT_INFO(name, id, label) { id, label },
static const struct right_info rights[] = { LF_RIGHTS(LF_RIGHT_INFO) };
#undef LF_RIGHT_INFO

#define LF_ROLE_LABEL(name, id, label, home, rights) { ROLE_##name, id, label, "" },
static const struct lf_label role_rows[] = { LF_ROLES(LF_ROLE_LABEL) };
#undef LF_ROLE_LABEL
const struct lf_labels role_labels = LF_LABELS_OF("role", role_rows);

#define LF_RIGHT_LABEL(name, id, label) { PERM_##name, id, label, "" },
static const struct lf_label right_rows[] = { LF_RIGHTS(LF_RIGHT_LABEL) };
#undef LF_RIGHT_LABEL
const struct lf_labels right_labels = LF_LABELS_OF("right", right_rows);

static struct lf_rights role_sets[ROLE__COUNT];
static const struct lf_rights no_rights;
static pthread_once_t resolved = PTHREAD_ONCE_INIT;

static int valid(enum lf_role r)
{
    return r >= 0 && r < ROLE__COUNT;
}

enum lf_role role_from_id(const char *id)
{
    int i;

    if (!id)
        return ROLE_NONE;
    for (i = 0; i < ROLE__COUNT; i++)
        if (strcmp(roles[i].id, id) == 0)
            return (enum lf_role)i;
    return ROLE_NONE;
}

const char *role_id(enum lf_role r)
{
    return valid(r) ? roles[r].id : "";
}

const char *role_label(enum lf_role r)
{
    return valid(r) ? roles[r].label : "";
}

const char *role_home(enum lf_role r)
{
    return valid(r) ? roles[r].home : "";
}

const char *role_rights_names(enum lf_role r)
{
    return valid(r) ? roles[r].rights : "";
}

enum lf_perm right_from_id(const char *id)
{
    int i;

    for (i = 0; id && i < PERM__COUNT; i++)
        if (strcmp(rights[i].id, id) == 0)
            return (enum lf_perm)i;
    return PERM_NONE;
}

const char *right_id(enum lf_perm p)
{
    return p >= 0 && p < PERM__COUNT ? rights[p].id : "";
}

const char *right_label(enum lf_perm p)
{
    return p >= 0 && p < PERM__COUNT ? rights[p].label : "";
}

int rights_has(const struct lf_rights *s, enum lf_perm p)
{
    return p >= 0 && p < PERM__COUNT && bitset_has(s->w, (size_t)p);
}

int rights_parse(const char *names, struct lf_rights *out, char *bad, size_t bad_len)
{
    const char *p = names;
    int i;

    memset(out, 0, sizeof(*out));
    while (*p) {
        char name[64];
        size_t n;
        enum lf_perm r;

        if (*p == ' ') {
            p++;
            continue;
        }
        n = strcspn(p, " ");
        snprintf(name, sizeof(name), "%.*s", (int)n, p);
        p += n;
        if (strcmp(name, "*") == 0) {
            for (i = 0; i < PERM__COUNT; i++)
                bitset_add(out->w, (size_t)i);
            continue;
        }
        if ((r = right_from_id(name)) == PERM_NONE || n >= sizeof(name)) {
            if (bad_len)
                snprintf(bad, bad_len, "%s", name);
            return -1;
        }
        bitset_add(out->w, (size_t)r);
    }
    return 0;
}

static void resolve(void)
{
    char bad[64];
    int r;

    for (r = 0; r < ROLE__COUNT; r++)
        if (rights_parse(roles[r].rights, &role_sets[r], bad, sizeof(bad)))
            BUG("role %s names the unknown right \"%s\" (role.h)", roles[r].id, bad);
}

const struct lf_rights *role_rights(enum lf_role r)
{
    if (!valid(r))
        return &no_rights;
    pthread_once(&resolved, resolve);
    return &role_sets[r];
}

int role_has(enum lf_role r, enum lf_perm p)
{
    return rights_has(role_rights(r), p);
}
