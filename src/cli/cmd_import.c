/*
 * cmd_import.c - lianfang import scans FILE --db DB
 *
 * A CSV of venue scans from another system, with a header naming the
 * columns venue_id, id_number, at (and optionally name, phone), UTF-8 with
 * or without BOM; all rows or none, each bad row reported as
 * "FILE:LINE: field: reason". Other kinds of import join as their own
 * "import KIND" functions here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/scan.h"
#include "util/csv.h"
#include "util/fileio.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define IMPORT_MAX_BYTES (4UL << 30)

/* Rows of the file as scan_in, strings owned by *arena (one per row). */
struct rows {
    struct scan_in *in;
    char **arena;
    long *lines;
    size_t n, cap;
};

static void rows_free(struct rows *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->arena[i]);
    free(r->in);
    free(r->arena);
    free(r->lines);
}

static const char *cell(struct csv_reader *r, int col)
{
    return col >= 0 && col < r->n_fields ? r->fields[col] : "";
}

static int read_rows(const char *path, const char *data, size_t len, struct rows *out)
{
    struct csv_reader *r = xmalloc(sizeof(*r));
    int c_venue, c_id, c_at, c_name, c_phone, got, bad = 0;

    csv_init(r, data, len);
    if (csv_next(r) != 1) {
        fprintf(stderr, "lianfang import: %s: no header row\n", path);
        free(r);
        return -1;
    }
    c_venue = csv_column(r, "venue_id");
    c_id = csv_column(r, "id_number");
    c_at = csv_column(r, "at");
    c_name = csv_column(r, "name");
    c_phone = csv_column(r, "phone");
    if (c_venue < 0 || c_id < 0 || c_at < 0) {
        fprintf(stderr, "lianfang import: %s:1: header must name venue_id, id_number "
                        "and at\n", path);
        free(r);
        return -1;
    }
    while ((got = csv_next(r)) != 0) {
        struct scan_in *in;
        char *end, *p;
        const char *f[4];
        size_t lens[4], total = 0;

        if (got < 0) {
            fprintf(stderr, "%s:%ld: %s\n", path, r->row_line, r->error);
            bad++;
            continue;
        }
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 4096;
            out->in = xrealloc(out->in, out->cap * sizeof(*out->in));
            out->arena = xrealloc(out->arena, out->cap * sizeof(*out->arena));
            out->lines = xrealloc(out->lines, out->cap * sizeof(*out->lines));
        }
        in = &out->in[out->n];
        memset(in, 0, sizeof(*in));
        in->venue_id = strtoll(cell(r, c_venue), &end, 10);
        if (*end || in->venue_id <= 0) {
            fprintf(stderr, "%s:%ld: venue_id: must be a venue id\n", path, r->row_line);
            bad++;
            continue;
        }
        f[0] = cell(r, c_id), f[1] = cell(r, c_at), f[2] = cell(r, c_name),
        f[3] = cell(r, c_phone);
        for (int k = 0; k < 4; k++)
            total += (lens[k] = strlen(f[k])) + 1;
        p = out->arena[out->n] = xmalloc(total);
        in->id_number = p, memcpy(p, f[0], lens[0] + 1), p += lens[0] + 1;
        in->at = p, memcpy(p, f[1], lens[1] + 1), p += lens[1] + 1;
        in->name = p, memcpy(p, f[2], lens[2] + 1), p += lens[2] + 1;
        in->phone = p, memcpy(p, f[3], lens[3] + 1);
        out->lines[out->n++] = r->row_line;
    }
    free(r);
    return bad ? -1 : 0;
}

static int import_scans(int argc, char **argv)
{
    static const char *const opts[] = { "--db", NULL };
    static const char usage[] = "import scans FILE --db DB";
    struct lf_err err = LF_ERR_INIT;
    struct rows rows = { 0 };
    struct scan_batch batch = { 0 };
    struct scan_result res;
    struct lf_ctx ctx;
    struct lf_who who;
    const char *db = cli_opt(argc, argv, "--db"), *path = argc > 2 ? argv[2] : NULL;
    char *data;
    size_t len, done = 0;
    int rc;

    if ((rc = cli_check_opts("import", argc - 2, argv + 2, opts, usage)))
        return rc;
    if (!db || !path || path[0] == '-') {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    if (!(data = file_read_all(path, IMPORT_MAX_BYTES, &len))) {
        fprintf(stderr, "lianfang import: %s: cannot read\n", path);
        return 1;
    }
    if (!csv_is_utf8(data, len)) {
        fprintf(stderr, "lianfang import: %s: not UTF-8 (a GBK file?); save it as "
                        "UTF-8 CSV\n", path);
        free(data);
        return 1;
    }
    rc = read_rows(path, data, len, &rows);
    free(data);
    if (rc) {
        rows_free(&rows);
        fprintf(stderr, "lianfang import: nothing imported\n");
        return 1;
    }
    if (cli_open(db, 0, &ctx, &who, &err)) {
        rows_free(&rows);
        return cli_fail("import", &err);
    }
    /* validate everything first, then one transaction in chunks of the
     * batch limit: all rows or none */
    if (rows.n == 0) {
        lf_err_set(&err, LF_ERR_INVALID, "scans", "the file has no rows");
    } else if (scan_batch_validate(&ctx, rows.in, rows.n, &batch, &err) == 0 &&
               scan_batch_store(&ctx, &who, &batch, &res, &err) == 0) {
        done = 1;
    }
    if (!done && strncmp(err.field, "scans[", 6) == 0) {
        /* name the line of the file, not the index */
        size_t i = strtoul(err.field + 6, NULL, 10);
        const char *dot = strchr(err.field, '.');
        fprintf(stderr, "%s:%ld: %s: %s\n", path, i < rows.n ? rows.lines[i] : 0L,
                dot ? dot + 1 : "row", lf_err_zh(&err));
    } else if (!done) {
        cli_fail("import", &err);
    }
    scan_batch_free(&batch);
    rows_free(&rows);
    deploy_close(&ctx);
    if (!done) {
        fprintf(stderr, "lianfang import: nothing imported\n");
        return 1;
    }
    printf("imported %ld scans (%ld already there, %ld persons new to the ledger)\n",
           res.added, res.duplicates, res.new_persons);
    return 0;
}

int cmd_import(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "scans") == 0)
        return import_scans(argc, argv);
    fprintf(stderr, "usage: lianfang import scans FILE --db DB\n");
    return 2;
}
