-- Writes wrk's summary as JSON to WRK_OUT: throughput, latency percentiles in ms, errors.
local statuses = {}

function response(status, headers, body)
  if status >= 300 then
    statuses[status] = (statuses[status] or 0) + 1
    if (statuses[status] or 0) <= 1 then
      io.stderr:write("HTTP " .. status .. ": " .. string.sub(body or "", 1, 300) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local out = io.open(os.getenv("WRK_OUT"), "w")
  local seconds = summary.duration / 1e6
  local e = summary.errors
  out:write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50": %.3f, "p95": %.3f, "p99": %.3f, "max": %.3f, ' ..
    '"non2xx": %d, "socketErrors": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
  out:close()
end
