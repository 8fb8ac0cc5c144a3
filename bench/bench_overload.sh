#!/usr/bin/env bash
# bench_overload.sh - overload and floods (issue 13), each figure against
# its baseline from the same run:
#
#   /me and public scans with wrk at BENCH_CONNS (64: the baseline) and at
#   BENCH_OVERLOAD_CONNS (4000) connections from one address: served
#   requests/s (200/201), the share answered 503, wrk's p99 (of every reply,
#   503s included: wrk cannot tell them apart), the server's RSS at the end
#   of the run, and the recovery: ms from the end of the overload run until
#   a single GET /api/v1/me answers 200.
#   The slow-header flood (bench/overload_slow.mjs): BENCH_SLOW_CONNS (2000)
#   connections from 127.0.0.1 sending headers a byte a second; the share
#   of answers a normal client gets from 127.0.0.2 and one behind the
#   trusted proxy 127.0.0.1 (X-Forwarded-For); baseline: the same clients
#   without the flood.
#
# The server runs with its defaults except --no-rate-limits (wrk is one
# address: the public forms' per-address limit would answer it 429, which
# is what the limits are for, not what this measures) and --trusted-proxy
# 127.0.0.1 for the flood. Each overload figure is the median of
# BENCH_ROUNDS rounds of BENCH_SECONDS.
set -eu
BENCH_NAME=overload
. "$(dirname "$0")/lib.sh"

bench_need
bench_init
command -v sqlite3 >/dev/null 2>&1 || bench_die "sqlite3 missing: run 'scripts/deps build'"
command -v node >/dev/null 2>&1 || bench_die "node missing"
OVER=${BENCH_OVERLOAD_CONNS:-4000}
SLOW=${BENCH_SLOW_CONNS:-2000}
SLOW_SECS=${BENCH_SLOW_SECONDS:-20}

DB=$BENCH_TMP/bench.db
bench_log "demo database in $DB"
bench_lianfang_demo "$DB"
timeout 60 sqlite3 "$DB" "WITH RECURSIVE v(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM v WHERE i < 1000)
    INSERT INTO venue(id, node, name, type, address, contact_name, contact_phone, status, code, created_utc)
    SELECT i, '419001001', 'bench venue ' || i, 1, 'bench road ' || i, 'bench', '13800138000', 1,
           printf('BV%06d', i), 0 FROM v;
    PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null || bench_die "cannot add venues"
sqlite3 "$DB" "SELECT id_number FROM person WHERE length(id_number) = 18 ORDER BY id" >"$BENCH_TMP/ids.txt"
sqlite3 "$DB" "SELECT code FROM venue WHERE status = 1 ORDER BY id" >"$BENCH_TMP/venues.txt"

PORT=$(bench_free_port)
bench_lianfang_start "$DB" "$PORT" --no-rate-limits --trusted-proxy 127.0.0.1
TOKEN=$(bench_lianfang_login "$PORT" admin "$LF_PASSWORD")
AUTH="Authorization: Bearer $TOKEN"
ME=http://127.0.0.1:$PORT/api/v1/me
SCAN=http://127.0.0.1:$PORT/api/v1/public/scans

# one wrk run that tolerates non-2xx; sets R_SERVED (served/s), R_SHARE503,
# R_P99, R_RSS (MiB), R_RECOVER_MS
run() {
    local label=$1 conns=$2 url=$3 out line req secs non2xx t0 t1
    shift 3
    out=$BENCH_TMP/wrk-$label.txt
    timeout $((BENCH_SECONDS + 30)) "$WRK" -t "$BENCH_THREADS" -c "$conns" -d "${BENCH_SECONDS}s" \
        --timeout 5s --latency "$@" "$url" "${AFTER_URL[@]}" >"$out" 2>&1 || true
    t0=$(date +%s%N)
    until [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' -H "$AUTH" "$ME")" = 200 ]; do
        [ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 30000 ] || break
    done
    t1=$(date +%s%N)
    R_RECOVER_MS=$(( (t1 - t0) / 1000000 ))
    R_RSS=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$LF_PID/status")
    line=$(grep '^WRK_RESULT ' "$out" | tail -n1)
    [ -n "$line" ] || { cat "$out" >&2; bench_die "no WRK_RESULT ($label)"; }
    req=$(bench_field requests "$line"); secs=$(bench_field secs "$line")
    non2xx=$(bench_field non2xx "$line"); R_P99=$(bench_field p99_ms "$line")
    R_SERVED=$(awk -v r="$req" -v n="$non2xx" -v s="$secs" 'BEGIN { printf "%.1f", (r - n) / s }')
    R_SHARE503=$(awk -v r="$req" -v n="$non2xx" 'BEGIN { printf "%.4f", r ? n / r : 0 }')
    bench_log "$(printf '%-16s conns %5d served %8.0f/s  503 share %.3f  p99 %8.2f ms  sock errors %s  rss %s MiB  recovered %s ms' \
        "$label" "$conns" "$R_SERVED" "$R_SHARE503" "$R_P99" "$(bench_field sock_errors "$line")" "$R_RSS" "$R_RECOVER_MS")"
}

ulimit -n 20000 2>/dev/null || true
for kind in me scan; do
    if [ $kind = me ]; then AFTER_URL=(); else AFTER_URL=(-- "$BENCH_TMP/ids.txt" "$BENCH_TMP/venues.txt"); fi
    base=() over=() share=() p99b=() p99o=() rss=() rec=() rssb=()
    for ((r = 1; r <= BENCH_ROUNDS; r++)); do
        if [ $kind = me ]; then
            run "r$r-me-$BENCH_CONNS" "$BENCH_CONNS" "$ME" -H "$AUTH" -s "$BENCH_DIR/wrk/report.lua"
        else
            run "r$r-scan-$BENCH_CONNS" "$BENCH_CONNS" "$SCAN" -s "$BENCH_DIR/wrk/scan.lua"
        fi
        base+=("$R_SERVED") p99b+=("$R_P99") rssb+=("$R_RSS")
        if [ $kind = me ]; then
            run "r$r-me-$OVER" "$OVER" "$ME" -H "$AUTH" -s "$BENCH_DIR/wrk/report.lua"
        else
            run "r$r-scan-$OVER" "$OVER" "$SCAN" -s "$BENCH_DIR/wrk/scan.lua"
        fi
        over+=("$R_SERVED") share+=("$R_SHARE503") p99o+=("$R_P99") rss+=("$R_RSS") rec+=("$R_RECOVER_MS")
    done
    bench_emit overload "${kind}_served_per_s_at_$OVER" "$(bench_median "${over[@]}")" \
        "${kind}_served_per_s_at_$BENCH_CONNS" "$(bench_median "${base[@]}")" higher
    bench_emit overload "${kind}_share_503_at_$OVER" "$(bench_median "${share[@]}")" \
        "${kind}_share_503_at_$BENCH_CONNS" 0 higher
    bench_emit overload "${kind}_p99_ms_all_replies_at_$OVER" "$(bench_median "${p99o[@]}")" \
        "${kind}_p99_ms_at_$BENCH_CONNS" "$(bench_median "${p99b[@]}")" lower
    bench_emit overload "${kind}_rss_mib_at_$OVER" "$(bench_median "${rss[@]}")" \
        "${kind}_rss_mib_at_$BENCH_CONNS" "$(bench_median "${rssb[@]}")" lower
    bench_emit overload "${kind}_recovery_ms_after_$OVER" "$(bench_median "${rec[@]}")" \
        "${kind}_recovery_ms_after_$BENCH_CONNS" 1 lower
done

# the slow-header flood; the baseline without it
bench_log "slow-header flood: $SLOW connections, ${SLOW_SECS}s"
read -r bo bt bp bpt < <(timeout $((SLOW_SECS + 30)) node "$BENCH_DIR/overload_slow.mjs" "$PORT" "$TOKEN" 8 0)
read -r fo ft fp fpt < <(timeout $((SLOW_SECS + 60)) node "$BENCH_DIR/overload_slow.mjs" "$PORT" "$TOKEN" "$SLOW_SECS" "$SLOW")
bench_log "baseline: other $bo/$bt, proxied $bp/$bpt; flood: other $fo/$ft, proxied $fp/$fpt"
bench_emit overload slow_flood_other_address_answered_share "$(awk -v a="$fo" -v b="$ft" 'BEGIN { print b ? a / b : 0 }')" \
    no_flood_other_address_answered_share "$(awk -v a="$bo" -v b="$bt" 'BEGIN { print b ? a / b : 0 }')" higher
bench_emit overload slow_flood_behind_proxy_answered_share "$(awk -v a="$fp" -v b="$fpt" 'BEGIN { print b ? a / b : 0 }')" \
    no_flood_behind_proxy_answered_share "$(awk -v a="$bp" -v b="$bpt" 'BEGIN { print b ? a / b : 0 }')" higher
