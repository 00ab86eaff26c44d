-- wrk script: POSTs new articles to the Admin API, each created and published at once, with a
-- title of its own (thread, counter) so that each gets its own address. $API_KEY is the key.
-- thread_id is set in each thread's state by setup(); a local here would hide it.
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"edition":"en","title":"Wire %d-%d","lead":"A lead.","body":"Some **text** of the wire.",' ..
    '"tags":["Wire"],"action":"publish"}', thread_id or 0, counter)
  return wrk.format("POST", "/api/v1/admin/articles", {
    ["Authorization"] = "Bearer " .. os.getenv("API_KEY"),
    ["Content-Type"] = "application/json",
  }, body)
end
