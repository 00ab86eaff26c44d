-- wrk script: posts readers' comments to one article, each with a text no other request has.
-- $COMMENT_ARTICLE is the article's id, $COMMENT_TOKEN its form's token of the day.
local next_thread = 0
local run = tostring(os.time())  -- texts differ from every earlier run's, so none is a duplicate

function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_id", run .. "-" .. next_thread)
end

local sent = 0
local prefix = ""

function init(args)
  prefix = "article=" .. os.getenv("COMMENT_ARTICLE") .. "&token=" .. os.getenv("COMMENT_TOKEN") ..
    "&website=&name=Bench+reader&body=Comment+number+" .. tostring(thread_id) .. "-"
end

function request()
  sent = sent + 1
  return wrk.format("POST", "/comments",
    { ["Content-Type"] = "application/x-www-form-urlencoded" },
    prefix .. tostring(sent) .. "+posted+while+the+page+is+read")
end
