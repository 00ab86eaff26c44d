#include <gtest/gtest.h>

#include "http/http.h"

namespace tapchi::http {
namespace {

TEST(ParseTarget, DecodesPathAndKeepsQueryRaw) {
  auto t = parse_target("/en/tag/%C4%90i%E1%BB%87n?page=2&q=a%20b");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->first, "/en/tag/Điện");
  EXPECT_EQ(t->second, "page=2&q=a%20b");
}

TEST(ParseTarget, RejectsDotSegments) {
  for (const char* bad : {"/../etc/passwd", "/static/../../x", "/a/./b", "/%2e%2e/x", "/a/..",
                          "/media/%2E%2E/%2E%2E/etc"}) {
    EXPECT_FALSE(parse_target(bad).has_value()) << bad;
  }
  EXPECT_TRUE(parse_target("/a/..b/c.d").has_value());
}

TEST(ParseTarget, RejectsInvalidUtf8AndControls) {
  EXPECT_FALSE(parse_target("/%C3").has_value());
  EXPECT_FALSE(parse_target("/%FF%FE").has_value());
  EXPECT_FALSE(parse_target("/a%00b").has_value());
  EXPECT_FALSE(parse_target("/a%0Ab").has_value());
  EXPECT_FALSE(parse_target("/a%5C..%5Cb").has_value());  // backslashes
  EXPECT_FALSE(parse_target("/%zz").has_value());
  EXPECT_FALSE(parse_target("/%4").has_value());
  EXPECT_FALSE(parse_target("http://host/x").has_value());
  EXPECT_FALSE(parse_target("*").has_value());
}

TEST(QueryParam, DecodesValues) {
  Request r;
  r.query = "a=1&q=tr%E1%BA%A7n+ph%C3%BA&empty=&flag";
  EXPECT_EQ(r.query_param("q").value(), "trần phú");
  EXPECT_EQ(r.query_param("a").value(), "1");
  EXPECT_EQ(r.query_param("empty").value(), "");
  EXPECT_EQ(r.query_param("flag").value(), "");
  EXPECT_FALSE(r.query_param("missing").has_value());
}

TEST(Router, MatchesParamsAndSuffixes) {
  Router router;
  router.add({Method::kGet, Method::kHead}, "/en/{article}.html",
             [](const Request&, const Router::Params&) { return Response::text(200, "a"); });
  router.add({Method::kGet}, "/en/section/{slug}",
             [](const Request&, const Router::Params&) { return Response::text(200, "s"); });
  router.add({Method::kGet}, "/en/",
             [](const Request&, const Router::Params&) { return Response::text(200, "h"); });
  auto m = router.match(Method::kGet, "/en/dien-bien-phu-12.html");
  ASSERT_NE(m.handler, nullptr);
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].second, "dien-bien-phu-12");
  EXPECT_NE(router.match(Method::kGet, "/en/").handler, nullptr);
  EXPECT_EQ(router.match(Method::kGet, "/en").handler, nullptr);
  EXPECT_EQ(router.match(Method::kGet, "/en/.html").handler, nullptr);
  EXPECT_EQ(router.match(Method::kGet, "/en/section/x/y").handler, nullptr);
}

TEST(Router, ReportsAllowedMethodsForA405) {
  Router router;
  router.add({Method::kGet, Method::kHead}, "/x",
             [](const Request&, const Router::Params&) { return Response::text(200, ""); });
  auto m = router.match(Method::kPost, "/x");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(allow_header(m.allowed), "GET, HEAD");
  EXPECT_TRUE(router.match(Method::kPost, "/y").allowed.empty());
}

TEST(Router, TellsTheQueryParametersARouteVariesBy) {
  Router router;
  router.add({Method::kGet}, "/list",
             [](const Request&, const Router::Params&) { return Response::text(200, ""); },
             {"page"});
  const auto m = router.match(Method::kGet, "/list");
  ASSERT_NE(m.varies, nullptr);
  EXPECT_EQ(*m.varies, std::vector<std::string>{"page"});
  EXPECT_EQ(router.match(Method::kGet, "/none").varies, nullptr);
}

TEST(Framing, OnlyALoneChunkedOrNoTransferCodingIsAccepted) {
  EXPECT_TRUE(check_framing({}, true, 11));
  EXPECT_TRUE(check_framing({"chunked"}, false, 11));
  EXPECT_TRUE(check_framing({" Chunked "}, false, 11));
  EXPECT_FALSE(check_framing({"gzip, chunked"}, false, 11));
  EXPECT_FALSE(check_framing({"chunked, gzip"}, false, 11));
  EXPECT_FALSE(check_framing({"chunked", "chunked"}, false, 11));
  EXPECT_FALSE(check_framing({"identity"}, false, 11));
  EXPECT_FALSE(check_framing({""}, false, 11));
  EXPECT_FALSE(check_framing({"chunked"}, true, 11));   // with a Content-Length
  EXPECT_FALSE(check_framing({"chunked"}, false, 10));  // HTTP/1.0
}

}  // namespace
}  // namespace tapchi::http
