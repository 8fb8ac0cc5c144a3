#include <string.h>

#include "core/role.h"

struct role_info {
    const char *id;
    const char *label;
    unsigned perms;
};

#define LF_ROLE_INFO(name, id, label, perms) { id, label, perms },
static const struct role_info roles[] = { LF_ROLES(LF_ROLE_INFO) };
#undef LF_ROLE_INFO

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
    return r >= 0 && r < ROLE__COUNT ? roles[r].id : "";
}

const char *role_label(enum lf_role r)
{
    return r >= 0 && r < ROLE__COUNT ? roles[r].label : "";
}

unsigned role_perms(enum lf_role r)
{
    return r >= 0 && r < ROLE__COUNT ? roles[r].perms : 0;
}
