-- GET / (the member's home page) signed in by each member's own session cookie, round robin over
-- this thread's members. The cookie carries the same session token the API takes as a bearer token.
-- args: members-file thread-count
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

stats = {}
local members = {}
local cursor = 0

function init(args)
   local all = common.read_members(args[1])
   local nthreads = tonumber(args[2])
   for i, m in ipairs(all) do
      if (i - 1) % nthreads == tid then table.insert(members, m) end
   end
   if #members == 0 then members = all end
end

function request()
   cursor = cursor % #members + 1
   return wrk.format("GET", "/",
      { ["Cookie"] = "peerhours_session=" .. members[cursor].token, ["Accept"] = "text/html" })
end

function response(status, headers, body)
   if status == 200 then
      common.bump(stats, "ok")
   else
      common.bump(stats, "error " .. status)
   end
end
