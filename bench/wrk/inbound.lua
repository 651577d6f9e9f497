-- Delivers inbound customer messages: each with a new external id; nine in ten from a known contact's phone,
-- one in ten from a new number. WRK_TOKEN is an admin's API token; WRK_PHONE_LOW and WRK_PHONE_HIGH the range
-- of contact ids whose phones (bench/generate.py's phone()) are picked from.
local thread_id = 0
local counter = 0
local threads = {}
local token = os.getenv("WRK_TOKEN")
local run = os.getenv("WRK_RUN") or tostring(os.time())
local low = tonumber(os.getenv("WRK_PHONE_LOW") or "1")
local high = tonumber(os.getenv("WRK_PHONE_HIGH") or "1000")
local words = { "hello", "my", "order", "has", "not", "arrived", "yet", "can", "you", "check", "please",
  "thanks", "the", "parcel", "is", "damaged", "refund", "when" }

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
  math.randomseed(os.time() + thread_id * 1000)
end

function request()
  counter = counter + 1
  local phone
  if math.random() < 0.9 then
    local contact = math.random(low, high)
    phone = string.format("+3519%d%07d", 1 + math.floor(contact / 10000000), contact % 10000000)
  else
    phone = string.format("+35196%d%06d", thread_id % 10, counter % 1000000)
  end
  local text = {}
  for i = 1, math.random(3, 12) do text[i] = words[math.random(#words)] end
  local body = string.format(
    '{"externalId": "bench-%s-%d-%d", "from": {"phone": "%s", "name": "Customer %s"}, "body": "%s"}',
    run, thread_id, counter, phone, phone, table.concat(text, " "))
  return wrk.format("POST", "/api/v1/inbound/messages", {
    ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json",
    ["Accept"] = "application/json" }, body)
end

dofile(os.getenv("WRK_LIB") .. "/report.lua")
