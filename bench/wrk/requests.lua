-- Replays the requests of a file, one per line: "token<TAB>method<TAB>path[<TAB>json body]", each thread
-- starting at its own offset; an empty token sends no Authorization. WRK_REQUESTS names the file, WRK_OUT the JSON file the results go to.
local requests = {}
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
  for line in io.lines(os.getenv("WRK_REQUESTS")) do
    local token, method, path, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
    local headers = { ["Accept"] = "application/json" }
    if token ~= "" then headers["Authorization"] = "Bearer " .. token end
    if body ~= nil and body ~= "" then
      headers["Content-Type"] = "application/json"
    else
      body = nil
    end
    table.insert(requests, wrk.format(method, path, headers, body))
  end
  counter = (thread_id * 7919) % #requests
end

-- WRK_THINK_MS: each connection waits about that long between requests (a person at a screen), so that
-- -c sets the number of concurrent users rather than of requests in flight.
local think = tonumber(os.getenv("WRK_THINK_MS") or "0")
if think > 0 then
  function delay()
    return math.random(think / 2, think * 3 / 2)
  end
end

function request()
  counter = counter + 1
  if counter > #requests then counter = 1 end
  return requests[counter]
end

dofile(os.getenv("WRK_LIB") .. "/report.lua")
