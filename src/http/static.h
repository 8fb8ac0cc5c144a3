/*
 * static.h - the static file handler of the pages (web/, built into
 * build/web by scripts/web-build.mjs).
 */
#ifndef LF_HTTP_STATIC_H
#define LF_HTTP_STATIC_H

#include <h2o.h>

/* Serve the directory root under "/" of host: ROOT/s/ (content-hashed
 * names) with "Cache-Control: public, max-age=31536000, immutable", the
 * rest with "Cache-Control: no-cache"; both hand out a file's
 * precompressed .br or .gz twin by the request's Accept-Encoding. Call
 * before nothing else claims "/" (h2o takes the first path that matches). */
/* first, if not NULL, runs before the file handler on every request for a
 * file (returning -1 passes it on): the server settles the connection's
 * request deadline there. */
void static_register(h2o_hostconf_t *host, const char *root,
                     int (*first)(h2o_handler_t *, h2o_req_t *));

#endif
