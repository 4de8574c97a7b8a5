-- GET a path as each member in turn, round robin over this thread's members: with their bearer
-- token (the API) or their session cookie (the web pages; the cookie carries the same token).
-- args: members-file thread-count path bearer|cookie
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

stats = {}
local members = {}
local cursor = 0
local path = "/"
local by_cookie = false

function init(args)
   local all = common.read_members(args[1])
   local nthreads = tonumber(args[2])
   path = args[3]
   by_cookie = args[4] == "cookie"
   for i, m in ipairs(all) do
      if (i - 1) % nthreads == tid then table.insert(members, m) end
   end
   if #members == 0 then members = all end
end

function request()
   cursor = cursor % #members + 1
   if by_cookie then
      return wrk.format("GET", path, { ["Cookie"] = "peerhours_session=" .. members[cursor].token, ["Accept"] = "text/html" })
   end
   return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. members[cursor].token, ["Accept"] = "application/json" })
end

function response(status, headers, body)
   if status == 200 then
      common.bump(stats, "ok")
   else
      local kind = body and body:match('"type"%s*:%s*"([^"]*)"') or ""
      kind = kind:gsub("\\/", "/")
      common.bump(stats, "error " .. status .. (kind ~= "" and (" " .. kind) or ""))
   end
end
