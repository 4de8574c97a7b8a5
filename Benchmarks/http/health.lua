-- GET /health: wrk's static request (no request() here, so wrk does not call Lua per request);
-- only the summary line comes from Lua.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

wrk.method = "GET"
wrk.path = "/health"
wrk.headers["Accept"] = "application/json"

setup = common.setup
done = common.done
