-- paced.lua - wrk script that holds the request rate near a target:
--   wrk -t T -c C ... -s paced.lua URL -- RATE T
-- RATE is the total for the run (requests/s), T the number of wrk threads.
--
-- wrk (unlike wrk2) has no rate option; it only calls delay() before each
-- request and waits that many milliseconds. Each thread keeps a schedule of
-- send slots 1000*T/RATE ms apart on CLOCK_MONOTONIC (LuaJIT's ffi: wrk in
-- Debian is built with LuaJIT) and delays every request to its slot. A slot
-- that is already past is sent at once, so after a stall the schedule
-- catches up and the long-run rate stays RATE as long as the server keeps
-- up and enough connections are idle. wrk truncates the delay to whole
-- milliseconds, so single requests go out up to 1 ms early; the rate is
-- still right on average.
--
-- What this is not: wrk measures latency from the moment it actually sends
-- a request, not from its slot, and each connection has one request in
-- flight (closed loop). A stalled server therefore delays later requests
-- instead of showing up in their latency (coordinated omission): the p99
-- here is the latency of requests actually sent at about RATE, a lower
-- bound of what an open-loop client would see. bench/lib.sh reports the
-- rate achieved next to the target.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } lf_bench_timespec;
int clock_gettime(int clk_id, lf_bench_timespec *tp);
]]
local ts = ffi.new("lf_bench_timespec")
local CLOCK_MONOTONIC = 1

local function now_ms()
   ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
   return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local interval_ms = 1.0
local next_slot = nil

function init(args)
   local rate = tonumber(args[1])
   local threads = tonumber(args[2]) or 1
   if not rate or rate <= 0 then
      error("paced.lua: usage: -- RATE THREADS")
   end
   interval_ms = 1000 * threads / rate
end

function delay()
   local now = now_ms()
   if next_slot == nil then
      next_slot = now
   end
   local slot = next_slot
   next_slot = next_slot + interval_ms
   if slot <= now then
      return 0
   end
   return math.floor(slot - now + 0.5)
end

function done(summary, latency, requests)
   local secs = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "WRK_RESULT rps=%.1f requests=%d secs=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f " ..
      "max_ms=%.3f non2xx=%d sock_errors=%d timeouts=%d\n",
      summary.requests / secs, summary.requests, secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000,
      e.status, e.connect + e.read + e.write, e.timeout))
end
