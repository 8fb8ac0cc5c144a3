#!/usr/bin/env bash
# profile.sh [SECONDS [me|healthz]] - where lianfang's CPU goes under load.
#
# Not a benchmark (bench/run does not run it; it prints no JSON). It starts
# a demo server as bench_http_get.sh does, loads GET /api/v1/me (or
# /api/v1/healthz) with wrk -t2 -c64 for SECONDS (10) plus a little, and
# meanwhile, on the server's pid only:
#   1. perf stat: CPU, context switches, migrations, futex and epoll calls,
#      divided by the requests served in the same window;
#   2. perf record -e cpu-clock --call-graph dwarf (no hardware counters in
#      this VM), reported by DSO, by function (self), by function with
#      children, and by stage of a request (perf-buckets.awk: loop vs
#      worker, SQLite session lookup, hand-off, reply).
# Output: bench/out/profile-NAME/ (stages.txt, report-*.txt, stat.txt,
# stat-per-request.txt, perf.data);
# summaries on stderr. Needs perf (Debian: linux-perf) and, for function
# names inside libraries, their symbols: libsqlite3's internal functions
# are static and stripped, so they show as the nearest exported symbol or
# an address; the DSO split and the call graph through lianfang's own
# functions are exact.
set -eu
BENCH_NAME=profile
. "$(dirname "$0")/lib.sh"

SECS=${1:-10}
WHAT=${2:-me}
case "$WHAT" in me | healthz) ;; *) bench_die "usage: bench/profile.sh [SECONDS [me|healthz]]" ;; esac
command -v perf >/dev/null 2>&1 || bench_die "perf missing: apt-get install linux-perf"
OUT=${PROFILE_OUT:-$BENCH_DIR/out/profile-$WHAT}
mkdir -p "$OUT"

bench_need
bench_init
bench_lianfang_demo "$BENCH_TMP/bench.db"
PORT=$(bench_free_port)
bench_lianfang_start "$BENCH_TMP/bench.db" "$PORT"
TOKEN=$(bench_lianfang_login "$PORT" admin "$LF_PASSWORD")
URL=http://127.0.0.1:$PORT/api/v1/$WHAT
HDR=(-H "Authorization: Bearer $TOKEN")
bench_wrk warm 2 "$URL" "${HDR[@]}"

# load_for SECS LABEL - wrk in the background for SECS + 2 s; sets LOAD_PID
load_for() {
    timeout $(($1 + 25)) "$WRK" -t "$BENCH_THREADS" -c "$BENCH_CONNS" -d "$(($1 + 2))s" \
        --timeout 5s -s "$BENCH_DIR/wrk/report.lua" "${HDR[@]}" "$URL" >"$OUT/wrk-$2.txt" 2>&1 &
    LOAD_PID=$!
    bench_track "$LOAD_PID"
    sleep 1
}

# requests served during the window, from the server's own view: wrk's
# total scaled to the window is close enough (wrk runs 2 s longer)
scaled_requests() {
    awk -v secs="$1" '/^WRK_RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "=");
        if (kv[1] == "rps") printf "%d\n", kv[2] * secs } }' "$2"
}

bench_log "perf stat on pid $LF_PID for ${SECS}s under wrk load on /api/v1/$WHAT"
load_for "$SECS" stat
EVENTS=task-clock,context-switches,cpu-migrations
TRACEPOINTS=$(perf list 2>/dev/null)
for tp in futex epoll_wait epoll_ctl read write writev fcntl pread64 pwrite64; do
    case "$TRACEPOINTS" in *"syscalls:sys_enter_$tp "*) EVENTS=$EVENTS,syscalls:sys_enter_$tp ;; esac
done
timeout $((SECS + 20)) perf stat -x, -e "$EVENTS" -p "$LF_PID" -- sleep "$SECS" 2>"$OUT/stat.txt" || true
wait "$LOAD_PID" || true
N=$(scaled_requests "$SECS" "$OUT/wrk-stat.txt")
bench_log "about $N requests in the window; per request:"
awk -F, -v n="$N" '$1 ~ /^[0-9.]+$/ && n > 0 {
        unit = ($2 == "msec") ? "us CPU" : "";
        v = ($2 == "msec") ? $1 * 1000 / n : $1 / n;
        printf "  %-34s %10.3f %s\n", $3, v, unit }' "$OUT/stat.txt" | tee "$OUT/stat-per-request.txt" >&2

bench_log "perf record (cpu-clock, dwarf call graphs) on pid $LF_PID for ${SECS}s"
load_for "$SECS" record
timeout $((SECS + 60)) perf record -q -e cpu-clock -F 999 --call-graph dwarf,16384 \
    -p "$LF_PID" -o "$OUT/perf.data" -- sleep "$SECS" 2>"$OUT/record.log" || true
wait "$LOAD_PID" || true

bench_log "reports in $OUT"
perf report -i "$OUT/perf.data" --no-children --sort dso --stdio 2>/dev/null |
    grep -v '^$' >"$OUT/report-dso.txt" || true
perf report -i "$OUT/perf.data" --no-children --sort dso,symbol --stdio -g none \
    --percent-limit 0.5 2>/dev/null | grep -v '^$' >"$OUT/report-self.txt" || true
perf report -i "$OUT/perf.data" --children --sort symbol --stdio -g none \
    --percent-limit 2 2>/dev/null | grep -v '^$' >"$OUT/report-children.txt" || true
perf script -i "$OUT/perf.data" -F tid,ip,sym,dso 2>/dev/null |
    awk -f "$BENCH_DIR/perf-buckets.awk" >"$OUT/stages.txt" || true
bench_log "top functions (self):"
grep -v '^#' "$OUT/report-self.txt" | head -n 25 >&2
bench_log "CPU of the server by stage of a request (perf-buckets.awk):"
cat "$OUT/stages.txt" >&2
