#!/usr/bin/env bash
# bench_http_get.sh - a trivial authenticated GET against lianfang, with
# nginx serving a 100-byte static file as the baseline, in the same run.
#
#   lianfang: GET /api/v1/me, "Authorization: Bearer TOKEN", keep-alive;
#             a demo database (419001, seed 1) with the admin logged in.
#             Every request goes loop -> worker thread (session lookup in
#             SQLite) -> loop. Default threads: loops and workers = cores.
#   healthz:  GET /api/v1/healthz, answered on the event loop: the ceiling
#             of the loop alone.
#   nginx:    GET /static.txt (100 bytes), 2 workers, no access log.
#
# Figures (one JSON line each, see README.md):
#   requests_per_s                      median over rounds, higher is better
#   healthz_requests_per_s              median over rounds, higher is better
#   cpu_us_per_request                  server CPU (user+sys, all threads /
#   healthz_cpu_us_per_request          nginx master+workers) per request,
#                                       lower is better
#   p99_latency_ms_at_half_throughput   /me paced (bench/wrk/paced.lua) at
#                                       half its median rate; baseline:
#                                       nginx paced at the same rate; lower
#                                       is better
# For "higher is better" figures ratio = value / baseline; for latencies and
# CPU per request ratio = baseline / value: above 1, lianfang wins.
#
# The machine is shared and noisy: each side runs BENCH_ROUNDS times for
# BENCH_SECONDS, alternating, after a BENCH_WARMUP-second warm-up, and the
# median is reported; every run's figures go to stderr, with the cores the
# server, wrk and everything else on the machine ("others": the noise) used
# during that run.
set -eu
BENCH_NAME=http_get
. "$(dirname "$0")/lib.sh"

bench_need
bench_init

DB=$BENCH_TMP/bench.db
bench_log "demo database in $DB"
bench_lianfang_demo "$DB"

LF_PORT=$(bench_free_port)
bench_lianfang_start "$DB" "$LF_PORT"
NG_PORT=$(bench_free_port)
[ "$NG_PORT" != "$LF_PORT" ] || NG_PORT=$(bench_free_port)
bench_nginx_start "$NG_PORT"

TOKEN=$(bench_lianfang_login "$LF_PORT" admin "$LF_PASSWORD")
AUTH="Authorization: Bearer $TOKEN"
bench_http GET "$LF_PORT" /api/v1/me "" "$AUTH" | head -n1 | grep -q ' 200 ' ||
    bench_die "GET /api/v1/me with the token is not 200"

ME_URL=http://127.0.0.1:$LF_PORT/api/v1/me
HZ_URL=http://127.0.0.1:$LF_PORT/api/v1/healthz
NG_URL=http://127.0.0.1:$NG_PORT/static.txt

bench_log "wrk -t$BENCH_THREADS -c$BENCH_CONNS; warm-up ${BENCH_WARMUP}s each," \
    "then $BENCH_ROUNDS rounds x ${BENCH_SECONDS}s per side"
bench_wrk warm-me "$BENCH_WARMUP" "$ME_URL" -H "$AUTH"
bench_wrk warm-nginx "$BENCH_WARMUP" "$NG_URL"
bench_wrk warm-healthz "$BENCH_WARMUP" "$HZ_URL"

# run_measured LABEL PID URL [WRK ARGS] - one wrk run; sets RUN_RPS,
# RUN_P99, RUN_CPU (server CPU us per request)
run_measured() {
    local label=$1 pid=$2 url=$3 t0 t1
    shift 3
    t0=$(bench_cpu_ticks "$pid")
    bench_load_mark
    bench_wrk "$label" "$BENCH_SECONDS" "$url" "$@"
    t1=$(bench_cpu_ticks "$pid")
    RUN_RPS=$WRK_RPS
    RUN_P99=$WRK_P99_MS
    RUN_CPU=$(bench_cpu_us_per_req $((t1 - t0)) "$WRK_REQUESTS")
    bench_load_since $((t1 - t0))
    bench_log "$(printf '%-20s %7.0f req/s  p50 %7.3f ms  p99 %8.3f ms  server %5.2f us/req  %s' \
        "$label" "$RUN_RPS" "$WRK_P50_MS" "$RUN_P99" "$RUN_CPU" "$BENCH_LOAD")"
}

me_rps=() ng_rps=() hz_rps=() me_cpu=() ng_cpu=() hz_cpu=()
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
    run_measured "round$r-me" "$LF_PID" "$ME_URL" -H "$AUTH"
    me_rps+=("$RUN_RPS") me_cpu+=("$RUN_CPU")
    run_measured "round$r-nginx" "$NGINX_PID" "$NG_URL"
    ng_rps+=("$RUN_RPS") ng_cpu+=("$RUN_CPU")
    run_measured "round$r-healthz" "$LF_PID" "$HZ_URL"
    hz_rps+=("$RUN_RPS") hz_cpu+=("$RUN_CPU")
done

ME=$(bench_median "${me_rps[@]}")
NG=$(bench_median "${ng_rps[@]}")
HZ=$(bench_median "${hz_rps[@]}")
bench_emit http_get requests_per_s "$ME" nginx_static_requests_per_s "$NG" higher
bench_emit http_get healthz_requests_per_s "$HZ" nginx_static_requests_per_s "$NG" higher
bench_emit http_get cpu_us_per_request "$(bench_median "${me_cpu[@]}")" \
    nginx_static_cpu_us_per_request "$(bench_median "${ng_cpu[@]}")" lower
bench_emit http_get healthz_cpu_us_per_request "$(bench_median "${hz_cpu[@]}")" \
    nginx_static_cpu_us_per_request "$(bench_median "${ng_cpu[@]}")" lower

# Latency at half load: both sides paced to half of lianfang's median
# rate, same connections and threads.
RATE=$(awk -v m="$ME" 'BEGIN { printf "%d", m / 2 }')
[ "$RATE" -gt 0 ] || bench_die "no throughput measured"
PACE=(-s "$BENCH_DIR/wrk/paced.lua")
bench_log "paced at $RATE req/s (half of $ME)"
me_p99=() ng_p99=() me_got=() ng_got=()
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
    run_measured "round$r-me-paced" "$LF_PID" "$ME_URL" -H "$AUTH" "${PACE[@]}" -- "$RATE" "$BENCH_THREADS"
    me_p99+=("$RUN_P99") me_got+=("$RUN_RPS")
    run_measured "round$r-nginx-paced" "$NGINX_PID" "$NG_URL" "${PACE[@]}" -- "$RATE" "$BENCH_THREADS"
    ng_p99+=("$RUN_P99") ng_got+=("$RUN_RPS")
done
GOT=$(bench_median "${me_got[@]}")
if awk -v g="$GOT" -v t="$RATE" 'BEGIN { exit !(g < 0.9 * t) }'; then
    bench_log "warning: lianfang reached only $GOT of $RATE req/s when paced:" \
        "the p99 below is at that rate"
fi
bench_log "paced rates reached (median): lianfang $GOT, nginx $(bench_median "${ng_got[@]}") req/s"
bench_emit http_get p99_latency_ms_at_half_throughput "$(bench_median "${me_p99[@]}")" \
    nginx_static_p99_latency_ms_at_same_rate "$(bench_median "${ng_p99[@]}")" lower
