# lib.sh - helpers shared by the benchmarks; sourced, never run.
#
# Rules every benchmark keeps (see README.md):
#   - one JSON line per figure on stdout (bench_emit), everything else on
#     stderr (bench_log);
#   - only 127.0.0.1, on ports checked to be free;
#   - every process it starts is registered with bench_track and ended by
#     the EXIT trap, by its pid;
#   - every wait and every load run is bounded in time.
#
# Tunables (environment): BENCH_ROUNDS (3), BENCH_SECONDS (5),
# BENCH_WARMUP (2), BENCH_THREADS (2), BENCH_CONNS (64), BENCH_KEEP (0:
# remove the scratch directory at exit; 1: keep it and say where),
# LIANFANG (./lianfang), WRK (wrk), NGINX (nginx).

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
BENCH_ROUNDS=${BENCH_ROUNDS:-3}
BENCH_SECONDS=${BENCH_SECONDS:-5}
BENCH_WARMUP=${BENCH_WARMUP:-2}
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_CONNS=${BENCH_CONNS:-64}
BENCH_KEEP=${BENCH_KEEP:-0}
LIANFANG=${LIANFANG:-$ROOT/lianfang}
WRK=${WRK:-$(command -v wrk || echo wrk)}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
BENCH_NAME=${BENCH_NAME:-bench}

export LC_ALL=C

bench_log() { printf '%s: %s\n' "$BENCH_NAME" "$*" >&2; }
bench_die() { bench_log "error: $*"; exit 1; }

# --- processes and clean-up -----------------------------------------------

BENCH_PIDS=()
BENCH_TMP=

bench_track() { BENCH_PIDS+=("$1"); }

# End one process we started: TERM, up to 5 s, then KILL. A process that is
# gone already (or never was ours) is left alone.
bench_stop_pid() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        bench_log "pid $pid ignored SIGTERM for 5 s; killing it"
        kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
    local rc=$? i
    trap - EXIT INT TERM
    for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
        bench_stop_pid "${BENCH_PIDS[i]}"
    done
    if [ -n "$BENCH_TMP" ] && [ -d "$BENCH_TMP" ]; then
        if [ "$BENCH_KEEP" = 1 ]; then
            bench_log "kept scratch directory $BENCH_TMP"
        else
            rm -rf "$BENCH_TMP"
        fi
    fi
    exit "$rc"
}

# Scratch directory and traps; call once at the start of a benchmark.
bench_init() {
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/lianfang-bench.XXXXXX")
    # nginx workers may run as another user: they must reach www/ below
    chmod 711 "$BENCH_TMP"
}

bench_need() {
    [ -x "$LIANFANG" ] || bench_die "$LIANFANG missing: run 'make lianfang' (or 'make bench')"
    command -v "$WRK" >/dev/null 2>&1 || bench_die "wrk missing: run 'scripts/deps bench'"
    [ -x "$NGINX" ] || command -v "$NGINX" >/dev/null 2>&1 ||
        bench_die "nginx missing: run 'scripts/deps bench'"
}

# --- ports and plain HTTP ---------------------------------------------------

# A port on 127.0.0.1 that nothing answers on (SO_REUSEPORT would let
# lianfang share a port silently, so a bind error alone is not enough).
bench_free_port() {
    local p i
    for ((i = 0; i < 100; i++)); do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        if ! timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$p" 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    bench_die "no free port found on 127.0.0.1"
}

# bench_http METHOD PORT PATH [BODY [HEADER]] - one HTTP/1.1 request to
# 127.0.0.1 with Connection: close; the whole response on stdout. Bounded
# to 5 s. Needs only bash (no curl).
bench_http() {
    timeout 5 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        {
            printf "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" "$2" "$3"
            [ -z "$5" ] || printf "%s\r\n" "$5"
            printf "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" "${#4}" "$4"
        } >&3
        cat <&3' _ "$2" "$1" "$3" "${4-}" "${5-}"
}

# bench_wait_http PORT PATH PID - until PATH answers 200, PID dies, or 15 s.
bench_wait_http() {
    local port=$1 path=$2 pid=$3 i
    for ((i = 0; i < 150; i++)); do
        kill -0 "$pid" 2>/dev/null || return 1
        if bench_http GET "$port" "$path" 2>/dev/null | head -n1 | grep -q ' 200 '; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# --- nginx, the baseline ----------------------------------------------------

# bench_nginx_start PORT - nginx in the foreground (daemon off) with its own
# prefix, config, pid file and error log under $BENCH_TMP/nginx, serving
# www/static.txt (100 bytes) on 127.0.0.1:PORT with 2 workers and no access
# log, files kept open (open_file_cache). Sets NGINX_PID.
bench_nginx_start() {
    local port=$1 d=$BENCH_TMP/nginx
    mkdir -p "$d/www" "$d/logs" "$d/tmp"
    chmod 755 "$d" "$d/www"
    # 99 characters and a newline: 100 bytes
    printf '%099d\n' 0 | tr 0 x >"$d/www/static.txt"
    chmod 644 "$d/www/static.txt"
    cat >"$d/nginx.conf" <<EOF
# generated by bench/lib.sh for one benchmark run
daemon off;
master_process on;
worker_processes 2;
pid $d/nginx.pid;
error_log $d/logs/error.log warn;
events {
    worker_connections 4096;
}
http {
    access_log off;
    default_type text/plain;
    # tuned for one tiny file: with sendfile and no open-file cache nginx
    # spends about twice the CPU per request (open, fstat, writev, sendfile,
    # close) and would be an easy baseline
    sendfile off;
    open_file_cache max=64 inactive=60s;
    open_file_cache_valid 60s;
    tcp_nodelay on;
    # lianfang keeps a connection for as many requests as the client sends;
    # nginx 1.22 closes it after 1000 by default, which would make wrk
    # reconnect and cost nginx a handshake per 1000 requests
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    client_body_temp_path $d/tmp/body;
    proxy_temp_path $d/tmp/proxy;
    fastcgi_temp_path $d/tmp/fastcgi;
    uwsgi_temp_path $d/tmp/uwsgi;
    scgi_temp_path $d/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        server_name localhost;
        root $d/www;
        location / { }
    }
}
EOF
    "$NGINX" -t -q -p "$d" -e "$d/logs/error.log" -c "$d/nginx.conf" ||
        bench_die "nginx rejects $d/nginx.conf (see $d/logs/error.log)"
    "$NGINX" -p "$d" -e "$d/logs/error.log" -c "$d/nginx.conf" 2>>"$d/logs/stderr.log" &
    NGINX_PID=$!
    bench_track "$NGINX_PID"
    bench_wait_http "$port" /static.txt "$NGINX_PID" ||
        { cat "$d/logs/error.log" >&2 2>/dev/null; bench_die "nginx did not start on 127.0.0.1:$port"; }
    bench_log "nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///') (pid $NGINX_PID) on 127.0.0.1:$port"
}

# --- lianfang -----------------------------------------------------------------

# bench_lianfang_demo DB - a demo database; sets LF_PASSWORD.
bench_lianfang_demo() {
    local out
    out=$(timeout 120 "$LIANFANG" demo --db "$1" --division 419001 --seed 1 --force 2>>"$BENCH_TMP/demo.log") ||
        { cat "$BENCH_TMP/demo.log" >&2; bench_die "lianfang demo failed"; }
    LF_PASSWORD=$(printf '%s\n' "$out" | sed -n 's/.*password for all: \([^)]*\)).*/\1/p')
    [ -n "$LF_PASSWORD" ] || bench_die "no password in the output of lianfang demo"
}

# bench_lianfang_start DB PORT [ARGS...] - serve in the background; sets LF_PID.
bench_lianfang_start() {
    local db=$1 port=$2
    shift 2
    "$LIANFANG" serve --db "$db" --listen "127.0.0.1:$port" "$@" 2>>"$BENCH_TMP/lianfang.log" &
    LF_PID=$!
    bench_track "$LF_PID"
    bench_wait_http "$port" /api/v1/healthz "$LF_PID" ||
        { cat "$BENCH_TMP/lianfang.log" >&2; bench_die "lianfang did not start on 127.0.0.1:$port"; }
    bench_log "lianfang (pid $LF_PID) on 127.0.0.1:$port"
}

# bench_lianfang_login PORT USER PASSWORD - prints the bearer token.
bench_lianfang_login() {
    local resp token
    resp=$(bench_http POST "$1" /api/v1/login "{\"username\":\"$2\",\"password\":\"$3\"}") ||
        bench_die "login request failed"
    token=$(printf '%s' "$resp" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
    [ -n "$token" ] || { printf '%s\n' "$resp" >&2; bench_die "login gave no token"; }
    printf '%s\n' "$token"
}

# --- load and figures -------------------------------------------------------

# bench_wrk LABEL SECONDS URL [WRK ARGS...] - one wrk run, bounded to
# SECONDS + 20 s; its raw output goes to $BENCH_TMP/wrk-LABEL.txt and its
# WRK_RESULT line (bench/wrk/*.lua) into WRK_* variables: WRK_RPS,
# WRK_REQUESTS, WRK_P50_MS, WRK_P99_MS, WRK_NON2XX, WRK_SOCK_ERRORS,
# WRK_TIMEOUTS. Give -s SCRIPT in the args to pace (its own args after
# "--"); otherwise report.lua is used. Any non-2xx response is fatal.
bench_wrk() {
    local label=$1 secs=$2 url=$3 out line
    local opts=() script_args=() script=(-s "$BENCH_DIR/wrk/report.lua")
    shift 3
    # wrk wants its options, then the URL, then "--" and the script's args
    while [ $# -gt 0 ]; do
        if [ "$1" = -- ]; then
            script_args=("$@")
            break
        fi
        [ "$1" != -s ] || script=()
        opts+=("$1")
        shift
    done
    out=$BENCH_TMP/wrk-$label.txt
    timeout $((secs + 20)) "$WRK" -t "$BENCH_THREADS" -c "$BENCH_CONNS" -d "${secs}s" \
        --timeout 5s --latency "${script[@]}" "${opts[@]}" "$url" "${script_args[@]}" >"$out" 2>&1 ||
        { cat "$out" >&2; bench_die "wrk failed ($label)"; }
    line=$(grep '^WRK_RESULT ' "$out" | tail -n1)
    [ -n "$line" ] || { cat "$out" >&2; bench_die "no WRK_RESULT from wrk ($label)"; }
    WRK_RPS=$(bench_field rps "$line")
    WRK_REQUESTS=$(bench_field requests "$line")
    WRK_P50_MS=$(bench_field p50_ms "$line")
    WRK_P99_MS=$(bench_field p99_ms "$line")
    WRK_NON2XX=$(bench_field non2xx "$line")
    WRK_SOCK_ERRORS=$(bench_field sock_errors "$line")
    WRK_TIMEOUTS=$(bench_field timeouts "$line")
    if [ "$WRK_NON2XX" != 0 ]; then
        cat "$out" >&2
        bench_die "$label: $WRK_NON2XX responses were not 2xx"
    fi
    if [ "$WRK_SOCK_ERRORS" != 0 ] || [ "$WRK_TIMEOUTS" != 0 ]; then
        bench_log "warning: $label: $WRK_SOCK_ERRORS socket errors, $WRK_TIMEOUTS timeouts"
    fi
}

# bench_cpu_ticks PID - user+system CPU time of PID (all its threads) and
# of its child processes (nginx workers), in clock ticks.
bench_cpu_ticks() {
    local root=$1 f line pid total=0
    for f in /proc/[0-9]*/stat; do
        { read -r line <"$f"; } 2>/dev/null || continue
        pid=${line%% *}
        # after "(comm) ": state ppid pgrp ... utime is the 12th, stime the 13th
        set -- ${line##*) }
        if [ "$pid" = "$root" ] || [ "$2" = "$root" ]; then
            total=$((total + ${12} + ${13}))
        fi
    done
    echo "$total"
}

# bench_cpu_us_per_req TICKS REQUESTS
bench_cpu_us_per_req() {
    awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f\n", n ? t * 1e6 / hz / n : 0 }'
}

# bench_load_mark - remember the machine's CPU counters (/proc/stat) and
# the CPU our finished children (wrk) used, for bench_load_since.
bench_load_mark() {
    local cpu user nice sys idle iow irq sirq steal rest
    read -r cpu user nice sys idle iow irq sirq steal rest </proc/stat
    LOAD_BUSY0=$((user + nice + sys + irq + sirq + steal))
    LOAD_ALL0=$((LOAD_BUSY0 + idle + iow))
    bench_children_ms
    LOAD_CHILD0=$BENCH_CHILD_MS
}

# bench_load_since SERVER_TICKS - how busy the machine was since
# bench_load_mark, in cores: the server (its ticks), wrk (our children) and
# everything else (the other users of this shared machine: the noise);
# sets BENCH_LOAD. Call it in this shell, not in $(...).
bench_load_since() {
    local cpu user nice sys idle iow irq sirq steal rest busy all
    read -r cpu user nice sys idle iow irq sirq steal rest </proc/stat
    busy=$((user + nice + sys + irq + sirq + steal))
    all=$((busy + idle + iow))
    bench_children_ms
    BENCH_LOAD=$(awk -v b=$((busy - LOAD_BUSY0)) -v a=$((all - LOAD_ALL0)) -v s="$1" \
        -v w=$((BENCH_CHILD_MS - LOAD_CHILD0)) -v hz="$(getconf CLK_TCK)" -v n="$(nproc)" 'BEGIN {
        secs = a / n / hz; if (secs <= 0) secs = 1
        others = b / hz / secs - s / hz / secs - w / 1000 / secs; if (others < 0) others = 0
        printf "cores: server %.2f wrk %.2f others %.2f\n", s / hz / secs, w / 1000 / secs, others }')
}

# BENCH_CHILD_MS: user+system CPU of this shell's waited-for children, ms
# (the `times` builtin; run in this shell, not in $(...))
bench_children_ms() {
    local su ss cu cs
    times >"$BENCH_TMP/.times"
    { read -r su ss; read -r cu cs; } <"$BENCH_TMP/.times"
    BENCH_CHILD_MS=$(awk -v u="$cu" -v s="$cs" 'function ms(t,  m) {
        m = t; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", t); sub(/s$/, "", t)
        return m * 60000 + t * 1000 }
        BEGIN { printf "%d\n", ms(u) + ms(s) }')
}

bench_field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# bench_median V... - the median (mean of the middle two for an even count)
bench_median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# bench_emit BENCH METRIC VALUE BASELINE_METRIC BASELINE higher|lower
# One JSON line on stdout. ratio = value / baseline when higher is better
# (throughput), baseline / value when lower is better (latency), so a
# ratio above 1 always means lianfang beats the baseline.
bench_emit() {
    awk -v b="$1" -v m="$2" -v v="$3" -v bm="$4" -v bv="$5" -v dir="$6" 'BEGIN {
        if (dir == "lower") r = (v > 0) ? bv / v : 0; else r = (bv > 0) ? v / bv : 0
        prec = (dir == "lower") ? "%.3f" : "%.1f"
        printf "{\"bench\":\"%s\",\"metric\":\"%s\",\"value\":" prec ",\"baseline_metric\":\"%s\",\"baseline\":" prec ",\"ratio\":%.3f}\n",
            b, m, v, bm, bv, r
    }'
}
