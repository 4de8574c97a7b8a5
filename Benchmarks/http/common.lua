-- Shared by the wrk scripts of http_bench.py: threads are registered in setup() (main thread)
-- and done() prints one parseable line per figure, merging each thread's flat `stats` table
-- (string keys, number values) so that the Python driver never parses wrk's own text.
local common = {}

local threads = {}
local next_id = 0

function common.setup(thread)
   thread:set("tid", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function common.bump(stats, key, n)
   stats[key] = (stats[key] or 0) + (n or 1)
end

function common.done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("WRK requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
   io.write(string.format("LATENCY p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
   local merged = {}
   for _, thread in ipairs(threads) do
      local stats = thread:get("stats")
      if stats then
         for k, v in pairs(stats) do merged[k] = (merged[k] or 0) + v end
      end
   end
   local keys = {}
   for k in pairs(merged) do table.insert(keys, k) end
   table.sort(keys)
   for _, k in ipairs(keys) do io.write(string.format("STAT %s=%d\n", k, merged[k])) end
end

-- One line per member: "memberID token offerID"; pairs are lines (1,2), (3,4), ...
function common.read_members(path)
   local members = {}
   for line in io.lines(path) do
      local id, token, offer = line:match("^(%d+)%s+(%S+)%s+(%d+)")
      if id then table.insert(members, { id = tonumber(id), token = token, offer = tonumber(offer) }) end
   end
   return members
end

return common
