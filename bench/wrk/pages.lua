-- The web app's pages as a signed-in browser asks for them: one request per line, "cookie<TAB>path[<TAB>hx]",
-- sent with the session cookie and Accept: text/html; a third field "hx" sends HX-Request (an htmx swap, such
-- as picking another chat in the inbox). WRK_REQUESTS names the file, WRK_OUT the JSON file the results go to.
local requests = {}
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("WRK_REQUESTS")) do
    local cookie, path, hx = line:match("^([^\t]*)\t([^\t]*)\t?(.*)$")
    local headers = { ["Accept"] = "text/html", ["Cookie"] = cookie }
    if hx == "hx" then headers["HX-Request"] = "true" end
    table.insert(requests, wrk.format("GET", path, headers))
  end
  counter = (id * 7919) % #requests
end

function request()
  counter = counter + 1
  if counter > #requests then counter = 1 end
  return requests[counter]
end

dofile(os.getenv("WRK_LIB") .. "/report.lua")
