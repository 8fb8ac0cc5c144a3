/*
 * cmd_serve.c - lianfang serve --db FILE [--listen HOST:PORT] [--web DIR]
 *     [--threads N] [--workers N] [--max-conns N] [--max-conns-per-addr N]
 *     [--max-pending-per-addr N] [--max-inflight N] [--trusted-proxy ADDR[,ADDR]]
 *     [--no-rate-limits] [--request-timeout MS] [--idle-timeout MS]
 *     [--secure-cookies] [--public-url URL]
 *
 * Listens on 127.0.0.1:8080 unless told otherwise: a public address is a
 * decision someone makes on purpose.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/server.h"
#include "util/banned.h"

static unsigned num_opt(int argc, char **argv, const char *name, unsigned dflt)
{
    const char *v = cli_opt(argc, argv, name);
    return v ? (unsigned)strtoul(v, NULL, 10) : dflt;
}

int cmd_serve(int argc, char **argv)
{
    static const char *const opts[] = { "--db", "--listen", "--web", "--threads",
                                        "--workers", "--max-conns", "--max-conns-per-addr",
                                        "--request-timeout", "--idle-timeout",
                                        "--secure-cookies!", "--public-url",
                                        "--max-pending-per-addr", "--max-inflight",
                                        "--trusted-proxy", "--no-rate-limits!", NULL };
    static const char usage[] = "serve --db FILE [--listen HOST:PORT] [--web DIR] "
                                "[--threads N] [--workers N] [--max-conns N] "
                                "[--max-conns-per-addr N] [--max-pending-per-addr N] "
                                "[--max-inflight N] [--trusted-proxy ADDR[/BITS][,...]] "
                                "[--no-rate-limits] [--request-timeout MS] "
                                "[--idle-timeout MS] [--secure-cookies] "
                                "[--public-url URL]";
    struct server_config cfg;
    struct lf_err err = LF_ERR_INIT;
    struct lf_ctx ctx;
    struct lf_who who;
    int rc = cli_check_opts("serve", argc, argv, opts, usage);

    if (rc)
        return rc;
    server_config_defaults(&cfg);
    cfg.db_path = cli_opt(argc, argv, "--db");
    if (!cfg.db_path) {
        fprintf(stderr, "usage: lianfang %s\n", usage);
        return 2;
    }
    if (cli_opt(argc, argv, "--listen"))
        cfg.listen = cli_opt(argc, argv, "--listen");
    cfg.web_root = cli_opt(argc, argv, "--web");
    cfg.n_loops = num_opt(argc, argv, "--threads", 0);
    cfg.n_workers = num_opt(argc, argv, "--workers", 0);
    cfg.max_connections = num_opt(argc, argv, "--max-conns", cfg.max_connections);
    cfg.max_connections_per_addr =
        num_opt(argc, argv, "--max-conns-per-addr", cfg.max_connections_per_addr);
    cfg.max_pending_per_addr =
        num_opt(argc, argv, "--max-pending-per-addr", cfg.max_pending_per_addr);
    cfg.max_inflight = num_opt(argc, argv, "--max-inflight", cfg.max_inflight);
    cfg.trusted_proxy = cli_opt(argc, argv, "--trusted-proxy");
    cfg.rate_limits = !cli_flag(argc, argv, "--no-rate-limits");
    cfg.req_timeout_ms = num_opt(argc, argv, "--request-timeout", cfg.req_timeout_ms);
    cfg.idle_timeout_ms = num_opt(argc, argv, "--idle-timeout", cfg.idle_timeout_ms);
    if (!cfg.max_connections || !cfg.max_connections_per_addr || !cfg.req_timeout_ms ||
        !cfg.idle_timeout_ms || !cfg.max_pending_per_addr || !cfg.max_inflight) {
        fprintf(stderr, "lianfang serve: limits and timeouts must be positive numbers\n");
        return 2;
    }
    cfg.secure_cookies = cli_flag(argc, argv, "--secure-cookies");
    /* migrations run here, once, before any thread opens the file */
    if (cli_open(cfg.db_path, DEPLOY_MIGRATE, &ctx, &who, &err))
        return cli_fail("serve", &err);
    deploy_close(&ctx);
    /* the address printed in QR codes; behind a proxy, the proxy's */
    if (cli_opt(argc, argv, "--public-url")) {
        const char *u = cli_opt(argc, argv, "--public-url");
        size_t n = strlen(u);

        while (n && u[n - 1] == '/')
            n--;
        if ((strncmp(u, "http://", 7) && strncmp(u, "https://", 8)) ||
            n >= sizeof(ctx.public_url)) {
            fprintf(stderr, "lianfang serve: --public-url must be an http:// or https:// "
                            "address of under %zu bytes\n", sizeof(ctx.public_url));
            return 2;
        }
        memcpy(ctx.public_url, u, n);
        ctx.public_url[n] = '\0';
    } else {
        snprintf(ctx.public_url, sizeof(ctx.public_url), "http://%s", cfg.listen);
    }
    if (server_run(&cfg, &ctx, &err))
        return cli_fail("serve", &err);
    return 0;
}
