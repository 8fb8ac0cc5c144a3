/*
 * static.c - the pages and their files, served from the tree that
 * scripts/web-build.mjs writes (build/web): compressed ahead of time,
 * cached for good where the name carries the content's hash.
 *
 * Nothing here compresses on the fly: brotli -q 11 of the 1 MiB chart
 * library takes seconds, so the build does it once and the file handler
 * only picks the variant (H2O_FILE_FLAG_SEND_COMPRESSED: X.br for a client
 * that accepts br, else X.gz for gzip, else X).
 */
#include <limits.h>
#include <stdio.h>

#include <h2o.h>

#include "http/static.h"

/* The pages (scripts/web-build.mjs writes the tree): ROOT/s/ holds the
 * scripts and style sheets under names that carry their content's hash, so
 * they never change and are cached for a year without asking again; the
 * pages themselves (ROOT/NAME.html) are revalidated on every load (ETag, a 304
 * when unchanged). Both send the precompressed X.br or X.gz beside a file
 * to a client that accepts it, with "Vary: Accept-Encoding". The header
 * commands are kept by h2o for the server's life, hence static. */
void static_register(h2o_hostconf_t *host, const char *root,
                     int (*first)(h2o_handler_t *, h2o_req_t *))
{
    static const char *index_files[] = { "index.html", NULL };
    static h2o_headers_command_t immutable[] = {
        { H2O_HEADERS_CMD_SET, &H2O_TOKEN_CACHE_CONTROL->buf,
          { H2O_STRLIT("public, max-age=31536000, immutable") } },
        { H2O_HEADERS_CMD_NULL, NULL, { NULL, 0 } },
    };
    static h2o_headers_command_t revalidate[] = {
        { H2O_HEADERS_CMD_SET, &H2O_TOKEN_CACHE_CONTROL->buf, { H2O_STRLIT("no-cache") } },
        { H2O_HEADERS_CMD_NULL, NULL, { NULL, 0 } },
    };
    char hashed[PATH_MAX];
    h2o_pathconf_t *pc;

    snprintf(hashed, sizeof(hashed), "%s/s", root);
    pc = h2o_config_register_path(host, "/s/", 0);
    if (first)
        h2o_create_handler(pc, sizeof(h2o_handler_t))->on_req = first;
    h2o_file_register(pc, hashed, NULL, NULL, H2O_FILE_FLAG_SEND_COMPRESSED);
    h2o_headers_register(pc, immutable);
    pc = h2o_config_register_path(host, "/", 0);
    if (first)
        h2o_create_handler(pc, sizeof(h2o_handler_t))->on_req = first;
    h2o_file_register(pc, root, index_files, NULL, H2O_FILE_FLAG_SEND_COMPRESSED);
    h2o_headers_register(pc, revalidate);
}
