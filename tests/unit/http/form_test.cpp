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

constexpr std::string_view kType = "multipart/form-data; boundary=----x1";

TEST(ParseMultipart, ReadsFieldsAndFilesInOrder) {
  const std::string jpeg("\xFF\xD8\xFF\x00\r\n--not-the-boundary\r\n\x01", 26);
  const std::string body =
      "preamble to ignore\r\n"
      "------x1\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken\r\n"
      "------x1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Cảng "
      "\\\"A\\\".jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n" +
      jpeg +
      "\r\n------x1\r\ncontent-disposition: form-data; name=alt\r\n\r\nTàu về cảng\r\n"
      "------x1--\r\n";
  const auto parts = parse_multipart(body, kType);
  ASSERT_TRUE(parts.has_value()) << parts.error().describe();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].name, "csrf");
  EXPECT_EQ((*parts)[0].data, "token");
  EXPECT_EQ((*parts)[1].name, "file");
  EXPECT_EQ((*parts)[1].file_name, "Cảng \"A\".jpg");
  EXPECT_EQ((*parts)[1].content_type, "image/jpeg");
  EXPECT_EQ((*parts)[1].data, jpeg) << "file bytes are kept exactly, NUL and CRLF included";
  EXPECT_EQ((*parts)[2].name, "alt");
  EXPECT_EQ((*parts)[2].data, "Tàu về cảng");
  EXPECT_TRUE(parse_multipart("------x1--\r\n", kType)->empty());
}

TEST(ParseMultipart, RefusesWhatIsBroken) {
  const std::string good =
      "------x1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n------x1--\r\n";
  ASSERT_TRUE(parse_multipart(good, kType).has_value());
  for (const std::string_view type :
       {"application/x-www-form-urlencoded", "multipart/form-data",
        "multipart/form-data; boundary=", "multipart/form-data; boundary=\"unterminated"}) {
    EXPECT_FALSE(parse_multipart(good, type).has_value()) << type;
  }
  const std::vector<std::string> broken{
      "",
      "no delimiter at all",
      good.substr(0, good.size() / 2),                                          // cut short
      "------x1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv",        // no closing
      "------x1\r\nContent-Disposition: form-data\r\n\r\nv\r\n------x1--\r\n",  // no name
      "------x1\r\nX-No-Colon\r\n\r\nv\r\n------x1--\r\n",
      "------x1\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n------x1--\r\n",
      "------x1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xC3\x28\r\n------x1--\r\n",
      std::string(
          "------x1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\0y\r\n------x1--\r\n",
          60),
  };
  for (const std::string& body : broken) {
    const auto parts = parse_multipart(body, kType);
    EXPECT_FALSE(parts.has_value()) << body;
    if (!parts) {
      EXPECT_EQ(parts.error().code, core::ErrorCode::kInvalid);
    }
  }
}

}  // namespace
}  // namespace tapchi::http
