#include <gtest/gtest.h>

#include "http/http.h"

namespace tapchi::http {
namespace {

TEST(ParseForm, DecodesFieldsInOrder) {
  const auto fields = parse_form("email=lan%40example.org&password=a+long+one&&note=&flag").value();
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0], (std::pair<std::string, std::string>{"email", "lan@example.org"}));
  EXPECT_EQ(fields[1].second, "a long one");
  EXPECT_EQ(fields[2], (std::pair<std::string, std::string>{"note", ""}));
  EXPECT_EQ(fields[3], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(parse_form("name=T%E1%BA%A1p+ch%C3%AD").value()[0].second, "Tạp chí");
  EXPECT_TRUE(parse_form("").value().empty());
}

TEST(ParseForm, RefusesBrokenEscapesInvalidUtf8AndNul) {
  EXPECT_FALSE(parse_form("a=%zz").has_value());
  EXPECT_FALSE(parse_form("a=%4").has_value());
  EXPECT_FALSE(parse_form("a=%C3%28").has_value());
  EXPECT_FALSE(parse_form("a%00b=1").has_value());
  EXPECT_FALSE(parse_form("a=1%002").has_value());
}

TEST(Cookie, FindsTheNamedCookieAcrossHeaders) {
  Request r;
  r.headers = {{"cookie", "theme=dark; tapchi_session=abc"}, {"cookie", "other=1"}};
  EXPECT_EQ(cookie(r, "tapchi_session"), "abc");
  EXPECT_EQ(cookie(r, "other"), "1");
  EXPECT_EQ(cookie(r, "session"), "");
  EXPECT_EQ(cookie(r, "tapchi"), "");
}

}  // namespace
}  // namespace tapchi::http
