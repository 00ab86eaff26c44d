// Reading the Admin API's bodies and the Content API's cursors: what a client sends is accepted
// or refused with the problem that names it, never by a crash or a thrown exception.
#include <gtest/gtest.h>

#include "api/admin_body.h"
#include "api/params.h"

namespace tapchi::api {
namespace {

http::Request json_post(std::string body) {
  http::Request req;
  req.method = http::Method::kPost;
  req.headers = {{"content-type", "application/json"}};
  req.body = std::move(body);
  return req;
}

int status_of(const std::variant<json, http::Response>& read) {
  const auto* refused = std::get_if<http::Response>(&read);
  return refused == nullptr ? 200 : refused->status;
}

TEST(Body, IsOneJsonObjectWithoutNul) {
  EXPECT_EQ(status_of(body_of(json_post(R"({"title":"Tin nóng"})"))), 200);
  EXPECT_EQ(status_of(body_of(json_post("[1]"))), 400);
  EXPECT_EQ(status_of(body_of(json_post("{\"title\":\"caf\xe9\"}"))), 400) << "invalid UTF-8";
  EXPECT_EQ(status_of(body_of(json_post(R"({"title":"\ud800"})"))), 400) << "a lone surrogate";
  EXPECT_EQ(status_of(body_of(json_post(R"({"tags":["a","b\u0000"]})"))), 400) << "NUL in a list";
  EXPECT_EQ(status_of(body_of(json_post(R"({"x\u0000":1})"))), 400) << "NUL in a name";
  http::Request form = json_post("{}");
  form.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  EXPECT_EQ(status_of(body_of(form)), 415);
}

TEST(Body, ArraysNestedAsDeepAsAMegabyteAllowsAreRefusedByTheirType) {
  constexpr std::size_t kDepth = 500'000;  // a 1 MiB body, the server's default limit
  const auto read =
      body_of(json_post("{\"tags\":" + std::string(kDepth, '[') + std::string(kDepth, ']') + "}"));
  ASSERT_EQ(status_of(read), 200);
  newsroom::ArticleDraft draft;
  const auto refused = read_draft(std::get<json>(read), draft, core::Zone::locate("UTC").value());
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 422);
  EXPECT_NE(refused->body.find("\"field\":\"tags\""), std::string::npos) << refused->body;
}

TEST(Body, WholeNumbersMustBeWholeAndFit) {
  const core::Zone utc = core::Zone::locate("UTC").value();
  for (const auto& [text, field] :
       {std::pair{R"({"version":1.5})", "version"},
        {R"({"version":99999999999})", "version"},
        {R"({"section_id":7.7e23})", "section_id"},
        {R"({"featured_media_id":18446744073709551615})", "featured_media_id"},
        {R"({"author_ids":[1,2.5]})", "author_ids"},
        {R"({"author_ids":[1,-1e300]})", "author_ids"},
        {R"({"comments_open":1})", "comments_open"}}) {
    const auto read = body_of(json_post(text));
    ASSERT_EQ(status_of(read), 200) << text;
    newsroom::ArticleDraft draft;
    const auto refused = read_draft(std::get<json>(read), draft, utc);
    ASSERT_TRUE(refused.has_value()) << text;
    EXPECT_EQ(refused->status, 422) << text;
    EXPECT_NE(refused->body.find(std::string("\"field\":\"") + field + "\""), std::string::npos)
        << text << " " << refused->body;
  }
  newsroom::ArticleDraft draft;
  const auto read =
      body_of(json_post(R"({"version":3,"section_id":9007199254740993,"author_ids":[1,2]})"));
  EXPECT_FALSE(read_draft(std::get<json>(read), draft, utc).has_value());
  EXPECT_EQ(draft.version, 3);
  EXPECT_EQ(draft.section_id, 9007199254740993) << "read as an integer, not through a double";
  EXPECT_EQ(draft.author_ids, (std::vector<core::Id>{1, 2}));
}

TEST(Cursor, ReadsBackWhatItWroteAndRefusesEverythingElse) {
  for (const long long seconds : {0LL, 1'566'778'000LL, -86'400LL * 365 * 300}) {
    core::Article a;
    a.id = 42;
    a.published_at = core::Instant{std::chrono::seconds{seconds}};
    const auto back = parse_cursor(cursor_after(a));
    ASSERT_TRUE(back.has_value()) << cursor_after(a);
    EXPECT_EQ(back->first, *a.published_at);
    EXPECT_EQ(back->second, 42);
  }
  for (const char* bad : {"", "c", "c.", "c1.", "c.1", "c1.0", "c1.-2", "cA.1", "c1.1.1", "x1.1",
                          "c--1.1", "c1 .1", "cffffffffffffffffff.1", "c1.8000000000000000"}) {
    EXPECT_FALSE(parse_cursor(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace tapchi::api
