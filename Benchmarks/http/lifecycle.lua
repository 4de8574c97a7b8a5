-- The exchange lifecycle, as a per-thread state machine: propose (requester) -> accept
-- (supporter) -> confirm (requester, once the session has started) -> confirm (supporter).
--
-- request() takes ready work in priority order: second confirmations, first confirmations whose
-- session has started, acceptances; otherwise it proposes a new exchange for the next member
-- pair of this thread (pairs alternate direction, so balances stay near zero). response() reads
-- the exchange from the body (id, parties, status, confirmations, start) and queues its next
-- step, so no request/response bookkeeping per connection is needed. Every non-2xx answer and
-- every unexpected state is counted under "error ..." and reported by the driver.
--
-- args: members-file thread-count minutes lead-seconds idempotency(0|1) key-prefix
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

stats = {}
local bump = common.bump
local tokens = {}      -- memberID -> bearer token
local pairs_ = {}      -- { a = member, b = member, flip = bool }
local next_pair = 0
local minutes, lead, use_keys, prefix
local sequence = 0

-- FIFO queues with head/tail indices (no table.remove shifting).
local function queue() return { head = 1, tail = 0 } end
local function push(q, item) q.tail = q.tail + 1; q[q.tail] = item end
local function peek(q) if q.head <= q.tail then return q[q.head] end end
local function pop(q)
   if q.head > q.tail then return nil end
   local item = q[q.head]
   q[q.head] = nil
   q.head = q.head + 1
   return item
end
local second_confirms, first_confirms, accepts = queue(), queue(), queue()
local confirm_body

function init(args)
   local all = common.read_members(args[1])
   local nthreads = tonumber(args[2])
   minutes = tonumber(args[3])
   lead = tonumber(args[4])
   use_keys = args[5] == "1"
   prefix = args[6] or "bench"
   for _, m in ipairs(all) do tokens[m.id] = m.token end
   for k = 0, math.floor(#all / 2) - 1 do
      if k % nthreads == tid then
         table.insert(pairs_, { a = all[2 * k + 1], b = all[2 * k + 2], flip = (k % 2 == 1) })
      end
   end
   assert(#pairs_ > 0, "no member pairs for thread " .. tid)
   confirm_body = string.format('{"minutesGiven":%d}', minutes)
end

-- Seconds since the epoch of "YYYY-MM-DDTHH:MM:SS(.fff)Z" (days from civil, proleptic Gregorian).
local function epoch(text)
   local y, mo, d, h, mi, s = text:match("(%d+)%-(%d+)%-(%d+)T(%d+):(%d+):(%d+)")
   if not y then return nil end
   y, mo, d = tonumber(y), tonumber(mo), tonumber(d)
   if mo <= 2 then y = y - 1 end
   local era = math.floor(y / 400)
   local yoe = y - era * 400
   local mp = (mo + 9) % 12
   local doy = math.floor((153 * mp + 2) / 5) + d - 1
   local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
   local days = era * 146097 + doe - 719468
   return days * 86400 + tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(s)
end

local function post(path, token, body)
   local headers = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" }
   if body ~= "" then headers["Content-Type"] = "application/json" end
   if use_keys then
      sequence = sequence + 1
      headers["Idempotency-Key"] = prefix .. "-" .. tid .. "-" .. sequence
   end
   return wrk.format("POST", path, headers, body)
end

function request()
   local item = pop(second_confirms)
   if item then
      bump(stats, "sent confirm2")
      return post("/exchanges/" .. item.id .. "/confirm", tokens[item.who], confirm_body)
   end
   item = peek(first_confirms)
   if item and item.start <= os.time() then
      pop(first_confirms)
      bump(stats, "sent confirm1")
      return post("/exchanges/" .. item.id .. "/confirm", tokens[item.who], confirm_body)
   end
   item = pop(accepts)
   if item then
      bump(stats, "sent accept")
      return post("/exchanges/" .. item.id .. "/accept", tokens[item.who], "")
   end
   next_pair = next_pair % #pairs_ + 1
   local pair = pairs_[next_pair]
   pair.flip = not pair.flip
   local requester, supporter = pair.a, pair.b
   if pair.flip then requester, supporter = pair.b, pair.a end
   local start = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() + lead)
   bump(stats, "sent propose")
   return post("/exchanges", requester.token,
      string.format('{"offerID":%d,"scheduledStart":"%s","durationMinutes":%d}', supporter.offer, start, minutes))
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      local kind = body and body:match('"type"%s*:%s*"([^"]*)"') or "?"
      kind = kind:gsub("\\/", "/")
      bump(stats, "error " .. status .. " " .. kind)
      return
   end
   bump(stats, "ok_at " .. os.time())
   local id = body:match('"exchangeID"%s*:%s*(%d+)')
   local requester = tonumber(body:match('"requesterID"%s*:%s*(%d+)') or "")
   local supporter = tonumber(body:match('"supporterID"%s*:%s*(%d+)') or "")
   local state = body:match('"status"%s*:%s*"(%a+)"')
   if not (id and requester and supporter and state) then
      bump(stats, "error unparsed-" .. status)
      return
   end
   if state == "proposed" then
      push(accepts, { id = id, who = supporter })
   elseif state == "accepted" then
      if body:find('"requesterConfirmedMinutes"', 1, true) then
         push(second_confirms, { id = id, who = supporter })
      else
         local start = epoch(body:match('"scheduledStart"%s*:%s*"([^"]+)"') or "")
         if not start then bump(stats, "error unparsed-start"); return end
         push(first_confirms, { id = id, who = requester, start = start })
      end
   elseif state == "completed" then
      bump(stats, "completed")
      bump(stats, "completed_at " .. os.time())
   else
      bump(stats, "error unexpected-status-" .. state)
   end
end
