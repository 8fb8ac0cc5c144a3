/*
 * search.c - finding persons. See search.h; the index is explained in
 * store/schema/sqlite/0013_search.sql.
 *
 * The core's part is to tell what was typed: a whole ID number (which
 * validates) is found exactly, as the import stores it (upper-case X, an
 * old 15-digit number as typed); shorter digits are a tail; in the free
 * box, digits are the tail of an ID number or of a phone, anything else a
 * part of a name. Latin letters are compared in lower case, as indexed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/search.h"
#include "core/op.h"
#include "core/scope.h"
#include "core/validate.h"
#include "store/search.h"
#include "util/utf8.h"
#include "util/banned.h"

const char *const person_sort_names[] = {
    [PERSON_SORT_ID] = "id",
    [PERSON_SORT_NAME] = "name",
    [PERSON_SORT_ID_NUMBER] = "id_number",
    [PERSON_SORT_SEX] = "sex",
    [PERSON_SORT_BIRTH] = "birth_date",
    [PERSON_SORT_PHONE] = "phone",
    [PERSON_SORT_RELATION] = "relation",
    [PERSON_SORT_ADDRESS] = "address",
    [PERSON_SORT_GRID] = "grid",
    [PERSON_SORT_UPDATED] = "updated",
    NULL
};

#define NAME_PART_CHARS 32
#define ADDRESS_PART_CHARS 64

int page_parse(long page, long per, int def_per, const char *sort,
               const char *const names[], struct page_req *out, struct lf_err *err)
{
    int i;

    memset(out, 0, sizeof(*out));
    if (page < 0 || page > PAGE_MAX)
        return lf_err_set(err, LF_ERR_INVALID, "page", "must be 1 to %d", PAGE_MAX);
    if (per < 0 || per > PAGE_PER_MAX)
        return lf_err_set(err, LF_ERR_INVALID, "per", "must be 1 to %d", PAGE_PER_MAX);
    out->page = page ? (int)page : 1;
    out->per = per ? (int)per : def_per;
    if (!sort)
        sort = "";
    if (*sort == '-') {
        out->desc = 1;
        sort++;
    }
    if (!*sort)
        return 0;
    for (i = 0; names[i]; i++)
        if (strcmp(names[i], sort) == 0) {
            out->sort = i;
            return 0;
        }
    return lf_err_set(err, LF_ERR_INVALID, "sort", "must be the name of a column of the list");
}

/* s trimmed into out; 1 if anything is left */
static int trimmed(const char *s, char *out, size_t n)
{
    validate_copy_trimmed(out, n, s);
    return out[0] != '\0';
}

static int all_digits(const char *s, int allow_x_last)
{
    size_t i, n = strlen(s);

    if (!n)
        return 0;
    for (i = 0; i < n; i++)
        if (!(s[i] >= '0' && s[i] <= '9') &&
            !(allow_x_last && i == n - 1 && (s[i] == 'X' || s[i] == 'x')))
            return 0;
    return 1;
}

static void upper_x(char *s)
{
    for (; *s; s++)
        if (*s == 'x')
            *s = 'X';
}

static void lower_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* the buffers of one search's normalised text */
struct texts {
    char q[160], name[160], id[32], phone[32], address[300];
};

/* An ID number: whole → exact, else digits (an X last) of 1-17 → tail. */
static int id_of(struct lf_ctx *ctx, const char *s, char *buf, size_t n,
                 struct person_find *f, const char *field, struct lf_err *err)
{
    struct id_number id;
    struct lf_err ignored = LF_ERR_INIT;

    if (!trimmed(s, buf, n))
        return 0;
    if (!validate_id_number(buf, lf_today_days(ctx), &id, field, &ignored)) {
        snprintf(buf, n, "%s", id.norm);
        f->id_number = buf;
        return 0;
    }
    upper_x(buf);
    if (strlen(buf) > 17 || !all_digits(buf, 1))
        return lf_err_set(err, LF_ERR_INVALID, field,
                          "must be an ID number or its last digits");
    f->id_tail = buf;
    return 0;
}

static int normalise(struct lf_ctx *ctx, const struct person_search *in, struct texts *t,
                     struct person_find *f, struct lf_err *err)
{
    long chars;

    if (in->name && trimmed(in->name, t->name, sizeof(t->name))) {
        chars = utf8_count(t->name);
        if (chars < 0 || chars > NAME_PART_CHARS)
            return lf_err_set(err, LF_ERR_INVALID, "name", "must be at most %d characters",
                              NAME_PART_CHARS);
        lower_ascii(t->name);
        f->name_part = t->name;
    }
    if (in->id_number && id_of(ctx, in->id_number, t->id, sizeof(t->id), f, "id_number", err))
        return -1;
    if (in->phone && trimmed(in->phone, t->phone, sizeof(t->phone))) {
        if (strlen(t->phone) > 11 || !all_digits(t->phone, 0))
            return lf_err_set(err, LF_ERR_INVALID, "phone",
                              "must be a phone number or its last digits");
        if (strlen(t->phone) == 11)
            f->phone = t->phone;
        else
            f->phone_tail = t->phone;
    }
    if (in->address && trimmed(in->address, t->address, sizeof(t->address))) {
        chars = utf8_count(t->address);
        if (chars < 0 || chars > ADDRESS_PART_CHARS)
            return lf_err_set(err, LF_ERR_INVALID, "address", "must be at most %d characters",
                              ADDRESS_PART_CHARS);
        f->address = t->address;
    }
    if (in->q && trimmed(in->q, t->q, sizeof(t->q))) {
        struct id_number id;
        struct lf_err ignored = LF_ERR_INIT;

        chars = utf8_count(t->q);
        if (chars < 0 || chars > NAME_PART_CHARS)
            return lf_err_set(err, LF_ERR_INVALID, "q", "must be at most %d characters",
                              NAME_PART_CHARS);
        if (all_digits(t->q, 1) &&
            !validate_id_number(t->q, lf_today_days(ctx), &id, "q", &ignored)) {
            snprintf(t->q, sizeof(t->q), "%s", id.norm);
            f->id_number = t->q;
        } else if (all_digits(t->q, 0) && strlen(t->q) == 11 && t->q[0] == '1') {
            f->phone = t->q;
        } else if (all_digits(t->q, 1) && strlen(t->q) <= 17) {
            upper_x(t->q);
            f->digits_tail = t->q;
        } else {
            if (f->name_part)
                return lf_err_set(err, LF_ERR_INVALID, "q", "must not be given with name");
            lower_ascii(t->q);
            f->name_part = t->q;
        }
    }
    return 0;
}

/* Who looked at whom (op.h): every person of the page. */
static int person_page_subjects(struct op *op, const struct person_page *pg)
{
    size_t i;

    for (i = 0; i < pg->n; i++)
        op_subject(op, pg->items[i].p.id, pg->items[i].p.id_number);
    return 0;
}

int person_search(struct lf_ctx *ctx, const struct lf_who *who,
                  const struct person_search *in, struct person_page *out,
                  struct lf_err *err)
{
    struct op op;
    struct person_find f = { 0 };
    struct texts t;
    struct page_req pg;
    char detail[200];
    int ret = -1;

    memset(out, 0, sizeof(*out));
    f.node = in->node && *in->node ? in->node : who->node;
    f.household_id = in->household_id;
    f.after_id = in->after_id;
    op_init(&op, ctx, who, "person.list", f.node);
    if (in->household_id < 0) {
        lf_err_set(err, LF_ERR_INVALID, "household_id", "must be a positive integer");
        goto out;
    }
    if (page_parse(in->page, in->per, 50, in->sort, person_sort_names, &pg, err) ||
        normalise(ctx, in, &t, &f, err))
        goto out;
    if (f.after_id < 0 || (f.after_id && (pg.sort != PERSON_SORT_ID || pg.desc))) {
        lf_err_set(err, LF_ERR_INVALID, "after", "goes with the order of registration only");
        goto out;
    }
    if (scope_check(who, PERM_LEDGER_READ, f.node, "node", err))
        goto out;
    /* a visitor (no grid) is in nobody's grid: the top of the tree sees
     * them, as for their trajectory and cases (scan.c, case.c) */
    f.visitors = strcmp(f.node, ctx->root) == 0;
    snprintf(detail, sizeof(detail), "node=%s%s%s%s%s%s sort=%s%s page=%d", f.node,
             f.name_part ? " name" : "", f.id_number || f.id_tail ? " id_number" : "",
             f.phone || f.phone_tail ? " phone" : "", f.digits_tail ? " digits" : "",
             f.address ? " address" : "", pg.desc ? "-" : "", person_sort_names[pg.sort],
             pg.page);
    if (f.id_number)        /* found or not: who looked for this number */
        op_subject(&op, 0, f.id_number);
    if (op_begin(&op, STORE_WRITE, err) ||
        store_person_find(op.tx, &f, &pg, out, err) ||
        person_page_subjects(&op, out) ||
        op_audit(&op, detail, err) ||
        op_commit(&op, err))
        goto out;
    ret = 0;
out:
    if (ret)
        person_page_free(out);
    return op_end(&op, ret, err);
}

void person_page_free(struct person_page *p)
{
    free(p->items);
    p->items = NULL;
    p->n = 0;
}
