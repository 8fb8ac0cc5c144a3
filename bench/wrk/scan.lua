-- scan.lua - wrk script: one venue scan per request on the public scan
-- route, cycling through the persons and venues of the database:
--   wrk ... -s scan.lua http://HOST:PORT/api/v1/public/scans -- IDS VENUES
-- IDS and VENUES are files with one ID number / venue code a line.
--
-- The requests are formatted once per thread in init() (one per ID number,
-- each thread starting its venues elsewhere); request() only hands the next
-- one out. The server records a scan at its own time, so the same person
-- at the same venue in the same second is a duplicate (still 201); with
-- 20,000 persons a cycle of one thread takes longer than a second.

local reqs = {}
local n = 0
local i = 0
local tid = 0
local threads = 0

local function lines(path)
   local out = {}
   for l in io.lines(path) do
      if l ~= "" then out[#out + 1] = l end
   end
   return out
end

function setup(thread)
   thread:set("tid", threads)
   threads = threads + 1
end

function init(args)
   local ids = lines(args[1])
   local venues = lines(args[2])
   if #ids == 0 or #venues == 0 then
      error("scan.lua: usage: -- IDS_FILE VENUES_FILE")
   end
   local t = tonumber(tid) or 0
   local headers = { ["Content-Type"] = "application/json" }
   for j = 1, #ids do
      local v = venues[((j + t * 7919) % #venues) + 1]
      local body = string.format('{"venue":"%s","name":"扫码","id_number":"%s"}', v, ids[j])
      reqs[j] = wrk.format("POST", nil, headers, body)
   end
   n = #reqs
   i = (t * 997) % n
end

function request()
   i = i + 1
   if i > n then i = 1 end
   return reqs[i]
end

-- done(): the WRK_RESULT line of report.lua, next to this file
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
