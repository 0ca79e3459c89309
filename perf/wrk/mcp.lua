-- wrk script of perf/run: JSON-RPC POSTs taken in turn from a prepared sequence, each thread starting
-- at its own offset. The harness writes the sequence (e.g. get_component_api with Zipf-drawn names)
-- and passes everything through the environment:
--   MCP_REQUESTS   file, one request per line: "<path>\t<JSON-RPC body>"
--   MCP_SESSIONS   comma-separated Mcp-Session-Id values, used in turn request by request so the load
--                  looks like that many clients; empty for a stateless server or the ceiling
--   MCP_PROTOCOL   MCP-Protocol-Version header value (empty: not sent)
--   MCP_HEADERS    more headers for every request, "Name: value" joined by "|" (2026-07-28's
--                  Mcp-Method and Mcp-Name for a sequence of one method and name, or
--                  Accept-Encoding for compressed answers); empty: none
--   MCP_THREADS    wrk's -t, to split the rate and the count between threads
--   MCP_RATE       total requests/s to hold (constant-rate mode); 0 or unset: as fast as possible
--   MCP_MAX        total requests to send at most; 0 or unset: until wrk's -d ends
-- done() prints one JSON line: {"mcp_wrk":{requests, duration_us, errors, latency_us, late}}.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } mcp_timespec;
  int clock_gettime(int clock_id, mcp_timespec *tp);
  int getpid(void);
  int tgkill(int tgid, int tid, int sig);
]]

local function env_number(name)
  return tonumber(os.getenv(name) or "") or 0
end

local threads_total = math.max(1, env_number("MCP_THREADS"))
local rate = env_number("MCP_RATE")
local max_total = env_number("MCP_MAX")

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("index", #threads - 1)
end

local requests, count, position, sent = {}, 0, 0, 0
local max_here = 0
late = 0 -- global, so done() can read it with thread:get

local function split(text, separator)
  local parts = {}
  for part in string.gmatch(text, "[^" .. separator .. "]+") do table.insert(parts, part) end
  return parts
end

function init(args)
  local sessions = split(os.getenv("MCP_SESSIONS") or "", ",")
  local protocol = os.getenv("MCP_PROTOCOL") or ""
  local extra = split(os.getenv("MCP_HEADERS") or "", "|")
  local file = assert(io.open(assert(os.getenv("MCP_REQUESTS"), "MCP_REQUESTS is not set"), "r"))
  for line in file:lines() do
    local tab = string.find(line, "\t", 1, true)
    if tab then
      local headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json, text/event-stream" }
      if #sessions > 0 then headers["Mcp-Session-Id"] = sessions[count % #sessions + 1] end
      if protocol ~= "" then headers["MCP-Protocol-Version"] = protocol end
      for _, header in ipairs(extra) do
        local colon = string.find(header, ":", 1, true)
        headers[string.sub(header, 1, colon - 1)] = string.gsub(string.sub(header, colon + 1), "^%s+", "")
      end
      count = count + 1
      requests[count] = wrk.format("POST", string.sub(line, 1, tab - 1), headers, string.sub(line, tab + 1))
    end
  end
  file:close()
  assert(count > 0, "no requests in MCP_REQUESTS")
  position = math.floor(index * count / threads_total)
  if max_total > 0 then
    max_here = math.floor(max_total / threads_total) + ((index < max_total % threads_total) and 1 or 0)
  end
end

-- wrk's main thread sleeps for the whole -d; a thread that has sent its share wakes it with SIGINT
-- (wrk's own stop signal, aimed at the main thread) so the run and its duration end there.
function request()
  if max_here > 0 and sent == max_here then
    local pid = ffi.C.getpid()
    ffi.C.tgkill(pid, pid, 2)
    wrk.thread:stop()
  end
  sent = sent + 1
  position = position % count + 1
  return requests[position]
end

if rate > 0 then
  local clock = ffi.new("mcp_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
    return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
  end
  local interval = 1000 * threads_total / rate
  local next_slot
  -- Each request takes the thread's next slot on a fixed schedule, whichever connection sends it, so
  -- the offered rate stays constant while responses are fast enough. A slot found already passed by
  -- more than a millisecond counts as late: the server did not keep up with this rate.
  function delay()
    local now = now_ms()
    next_slot = (next_slot or now) + interval
    local wait = next_slot - now
    if wait < -1 then late = late + 1 end
    return math.max(0, math.floor(wait))
  end
end

function done(summary, latency, _)
  local late_total = 0
  for _, thread in ipairs(threads) do late_total = late_total + (thread:get("late") or 0) end
  local e = summary.errors
  io.write(string.format(
    '{"mcp_wrk":{"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%d,"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d},"late":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, late_total))
end
