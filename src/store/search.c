/*
 * search.c - the SQL of finding persons (see store/search.h and the
 * migration 0013_search.sql, which explains the side table and the
 * indexes).
 *
 * The statement is put together from fixed fragments, one per condition
 * given; only values are bound, numbered as they come (PostgreSQL wants
 * every $N it is sent to appear). Each search that has an index says so
 * as "p.id IN (a subquery on that index)": an equality on the key, which
 * both planners take before the range on the grid, so a one-character
 * name in a town reads that character's rows of the town and no more.
 * The count is a second statement with the same conditions.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "store/store_int.h"
#include "store/search.h"
#include "util/banned.h"

/* The reversed ID and phone numbers, exactly as 0013_search.sql indexes
 * them (a planner matches an expression index by its text): SQLite has no
 * reverse(); PostgreSQL has, and plans it far faster than 18 substr(). */
#define REV_ID                                                                 \
    "(substr(p.id_number,18,1)||substr(p.id_number,17,1)||"                    \
    "substr(p.id_number,16,1)||substr(p.id_number,15,1)||"                     \
    "substr(p.id_number,14,1)||substr(p.id_number,13,1)||"                     \
    "substr(p.id_number,12,1)||substr(p.id_number,11,1)||"                     \
    "substr(p.id_number,10,1)||substr(p.id_number,9,1)||"                      \
    "substr(p.id_number,8,1)||substr(p.id_number,7,1)||"                       \
    "substr(p.id_number,6,1)||substr(p.id_number,5,1)||"                       \
    "substr(p.id_number,4,1)||substr(p.id_number,3,1)||"                       \
    "substr(p.id_number,2,1)||substr(p.id_number,1,1))"
#define REV_PHONE                                                              \
    "(substr(p.phone,11,1)||substr(p.phone,10,1)||substr(p.phone,9,1)||"       \
    "substr(p.phone,8,1)||substr(p.phone,7,1)||substr(p.phone,6,1)||"          \
    "substr(p.phone,5,1)||substr(p.phone,4,1)||substr(p.phone,3,1)||"          \
    "substr(p.phone,2,1)||substr(p.phone,1,1))"

#define PG_REV_ID "reverse(p.id_number)"
#define PG_REV_PHONE "reverse(p.phone)"

#define PERSON_COLS                                                            \
    "p.id, coalesce(p.household_id, 0), p.grid, p.name, "                      \
    "coalesce(p.id_number, ''), p.sex, p.birth_days, p.phone, p.relation, "    \
    "p.is_floating, p.flags, p.created_utc, p.updated_utc, "                   \
    "coalesce(h.address, '')"

/* enum person_sort → the column; NULLs made to sort alike on both engines */
static const char *const sort_col[] = {
    [PERSON_SORT_ID] = "p.id",
    [PERSON_SORT_NAME] = "p.name",
    [PERSON_SORT_ID_NUMBER] = "coalesce(p.id_number, '')",
    [PERSON_SORT_SEX] = "p.sex",
    [PERSON_SORT_BIRTH] = "coalesce(p.birth_days, -1000000)",
    [PERSON_SORT_PHONE] = "p.phone",
    [PERSON_SORT_RELATION] = "p.relation",
    [PERSON_SORT_ADDRESS] = "coalesce(h.address, '')",
    [PERSON_SORT_GRID] = "p.grid",
    [PERSON_SORT_UPDATED] = "p.updated_utc",
};

#define MAX_BINDS 16

struct query {
    char where[2048];
    size_t len;
    int n;                          /* values bound so far */
    struct { const char *text; int64_t i; int is_text; } v[MAX_BINDS];
    char gram[16];                  /* the name's first one or two characters */
    char rev[3][24];                /* the tails, reversed */
    int is_pg;
};

/* The number of the next value (?N) */
static int next_text(struct query *q, const char *s)
{
    q->v[q->n].text = s;
    q->v[q->n].is_text = 1;
    return ++q->n;
}

static int next_int(struct query *q, int64_t i)
{
    q->v[q->n].i = i;
    q->v[q->n].is_text = 0;
    return ++q->n;
}

/* One more condition: fmt is a fixed fragment, its arguments the numbers
 * of values. */
static void add(struct query *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct query *q, const char *fmt, ...)
{
    va_list ap;
    int n;

    q->len += (size_t)snprintf(q->where + q->len, sizeof(q->where) - q->len, " AND ");
    va_start(ap, fmt);
    n = vsnprintf(q->where + q->len, sizeof(q->where) - q->len, fmt, ap);
    va_end(ap);
    q->len += (size_t)n;
}

/* The byte length of the first `chars` characters of UTF-8 s. */
static size_t utf8_prefix(const char *s, int chars)
{
    size_t n = 0;

    while (s[n] && chars-- > 0) {
        n++;
        while ((s[n] & 0xC0) == 0x80)
            n++;
    }
    return n;
}

/* s (ASCII digits and X) backwards, in out */
static const char *reversed(const char *s, char *out, size_t n)
{
    size_t len = strlen(s), i;

    if (len >= n)
        len = n - 1;
    for (i = 0; i < len; i++)
        out[i] = s[len - 1 - i];
    out[len] = '\0';
    return out;
}

static void where_of(struct query *q, const struct person_find *f)
{
    int k;

    /* a deleted person (0012_ledger_edit) is found by nobody */
    q->len = (size_t)snprintf(q->where, sizeof(q->where), "p.deleted_utc = 0");
    k = next_text(q, f->node);
    if (f->visitors)
        add(q, "(p.grid >= ?%d AND p.grid < ?%d || 'z' OR p.grid = '')", k, k);
    else
        add(q, "p.grid >= ?%d AND p.grid < ?%d || 'z'", k, k);
    if (f->name_part && *f->name_part) {
        size_t n = utf8_prefix(f->name_part, 2);
        int g;

        assert(n < sizeof(q->gram));   /* the core allows 4-byte characters at most */
        memcpy(q->gram, f->name_part, n);
        q->gram[n] = '\0';
        g = next_text(q, q->gram);
        if (f->visitors)
            add(q, "p.id IN (SELECT person_id FROM person_gram g WHERE g.gram = ?%d AND "
                   "(g.grid >= ?%d AND g.grid < ?%d || 'z' OR g.grid = ''))", g, k, k);
        else
            add(q, "p.id IN (SELECT person_id FROM person_gram g WHERE g.gram = ?%d AND "
                   "g.grid >= ?%d AND g.grid < ?%d || 'z')", g, k, k);
        if (f->name_part[n]) {       /* longer than the gram: check it all */
            g = next_text(q, f->name_part);
            add(q, q->is_pg ? "strpos(lower(p.name), ?%d) > 0"
                            : "instr(lower(p.name), ?%d) > 0", g);
        }
    }
    if (f->id_number && *f->id_number)
        add(q, "p.id_number = ?%d", next_text(q, f->id_number));
    if (f->id_tail && *f->id_tail) {
        k = next_text(q, reversed(f->id_tail, q->rev[0], sizeof(q->rev[0])));
        if (q->is_pg)
            add(q, "p.id IN (SELECT p.id FROM person p WHERE " PG_REV_ID " >= ?%d AND "
                   PG_REV_ID " < ?%d || 'z')", k, k);
        else
            add(q, "p.id IN (SELECT p.id FROM person p WHERE " REV_ID " >= ?%d AND "
                   REV_ID " < ?%d || 'z')", k, k);
    }
    if (f->phone && *f->phone)
        add(q, "p.phone = ?%d", next_text(q, f->phone));
    if (f->phone_tail && *f->phone_tail) {
        k = next_text(q, reversed(f->phone_tail, q->rev[1], sizeof(q->rev[1])));
        if (q->is_pg)
            add(q, "p.id IN (SELECT p.id FROM person p WHERE " PG_REV_PHONE " >= ?%d AND "
                   PG_REV_PHONE " < ?%d || 'z')", k, k);
        else
            add(q, "p.id IN (SELECT p.id FROM person p WHERE " REV_PHONE " >= ?%d AND "
                   REV_PHONE " < ?%d || 'z')", k, k);
    }
    if (f->digits_tail && *f->digits_tail) {
        k = next_text(q, reversed(f->digits_tail, q->rev[2], sizeof(q->rev[2])));
        if (q->is_pg)
            add(q, "p.id IN (SELECT p.id FROM person p WHERE " PG_REV_ID " >= ?%d AND "
                   PG_REV_ID " < ?%d || 'z' UNION SELECT p.id FROM person p WHERE "
                   PG_REV_PHONE " >= ?%d AND " PG_REV_PHONE " < ?%d || 'z')", k, k, k, k);
        else
            add(q, "p.id IN (SELECT p.id FROM person p WHERE " REV_ID " >= ?%d AND "
                   REV_ID " < ?%d || 'z' UNION SELECT p.id FROM person p WHERE "
                   REV_PHONE " >= ?%d AND " REV_PHONE " < ?%d || 'z')", k, k, k, k);
    }
    if (f->address && *f->address)
        add(q, q->is_pg ? "strpos(h.address, ?%d) > 0" : "instr(h.address, ?%d) > 0",
            next_text(q, f->address));
    if (f->household_id)
        add(q, "p.household_id = ?%d", next_int(q, f->household_id));
    if (f->after_id > 0)
        add(q, "p.id > ?%d", next_int(q, f->after_id));
    assert(q->n <= MAX_BINDS && q->len < sizeof(q->where) - 1);
}

static void bind_all(struct db_stmt *st, const struct query *q)
{
    int i;

    for (i = 0; i < q->n; i++) {
        if (q->v[i].is_text)
            db_bind_text(st, i + 1, q->v[i].text);
        else
            db_bind_int(st, i + 1, q->v[i].i);
    }
}

static void row_from(struct db_stmt *st, void *row)
{
    struct person_row *r = row;
    struct person *p = &r->p;

    memset(r, 0, sizeof(*r));
    p->id = db_col_int(st, 0);
    p->household_id = db_col_int(st, 1);
    db_col_copy(st, 2, p->grid, sizeof(p->grid));
    db_col_copy(st, 3, p->name, sizeof(p->name));
    db_col_copy(st, 4, p->id_number, sizeof(p->id_number));
    p->sex = (int)db_col_int(st, 5);
    p->birth_days = db_col_is_null(st, 6) ? BIRTH_UNKNOWN : db_col_int(st, 6);
    db_col_copy(st, 7, p->phone, sizeof(p->phone));
    db_col_copy(st, 8, p->relation, sizeof(p->relation));
    p->is_floating = (int)db_col_int(st, 9);
    p->flags = (unsigned)db_col_int(st, 10);
    p->created_utc = db_col_int(st, 11);
    p->updated_utc = db_col_int(st, 12);
    db_col_copy(st, 13, r->address, sizeof(r->address));
}

int store_person_find(struct store_tx *tx, const struct person_find *f,
                      const struct page_req *pg, struct person_page *out,
                      struct lf_err *err)
{
    struct query q;
    char sql[4096];
    struct db_stmt *st = NULL;
    int need_h = f->address && *f->address, rc, ret = -1;
    int64_t offset;

    memset(out, 0, sizeof(*out));
    memset(&q, 0, sizeof(q));
    q.is_pg = strcmp(db_engine(tx->s->db), "pg") == 0;
    where_of(&q, f);

    /* the total */
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM person p%s WHERE %s",
             need_h ? " LEFT JOIN household h ON h.id = p.household_id" : "", q.where);
    if (!(st = db_prepare_once(tx->s->db, sql, err)))
        goto out;
    bind_all(st, &q);
    rc = db_step(st);
    if (rc != DB_ROW) {
        db_fail(tx->s->db, rc, "person_find_count", err);
        goto out;
    }
    out->info.total = (long)db_col_int(st, 0);
    db_finalize(st);
    st = NULL;

    out->info.per = pg->per;
    out->info.pages = out->info.total ? (int)((out->info.total + pg->per - 1) / pg->per) : 1;
    out->info.page = pg->page > out->info.pages ? out->info.pages : pg->page;
    offset = (int64_t)(out->info.page - 1) * pg->per;
    if (!out->info.total) {
        ret = 0;
        goto out;
    }
    snprintf(sql, sizeof(sql),
             "SELECT " PERSON_COLS " FROM person p "
             "LEFT JOIN household h ON h.id = p.household_id WHERE %s "
             "ORDER BY %s %s, p.id %s LIMIT %d OFFSET %lld",
             q.where, sort_col[pg->sort], pg->desc ? "DESC" : "ASC",
             pg->desc ? "DESC" : "ASC", pg->per, (long long)offset);
    if (!(st = db_prepare_once(tx->s->db, sql, err)))
        goto out;
    bind_all(st, &q);
    ret = db_read_rows(st, (void **)&out->items, &out->n, sizeof(*out->items), row_from,
                       "person_find", err);
out:
    if (st)
        db_finalize(st);
    return ret;
}
