// Webhook deliveries' parts: the signature, the backoff, the addresses a webhook may have, and
// a POST to a receiver that is not there.
#include "hooks/hooks.h"

#include <gtest/gtest.h>

namespace tapchi::hooks {
namespace {

TEST(Signature, IsTheHmacSha256OfTheTimestampAndBodyInHex) {
  // As Python's hmac.new(b"Jefe", b'1700000000.{"event":"article.published"}', sha256) computes.
  EXPECT_EQ(signature("Jefe", 1700000000, R"({"event":"article.published"})"),
            "sha256=28c2ffe893867b098ff41c40795d03d460697f95495d25ee9f1430a377570c33");
  EXPECT_NE(signature("Jefe", 1700000001, R"({"event":"article.published"})"),
            signature("Jefe", 1700000000, R"({"event":"article.published"})"))
      << "the timestamp is signed too";
}

TEST(NewSecret, IsSixtyFourHexCharactersAndNeverTheSame) {
  const std::string a = new_secret();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, new_secret());
}

TEST(Backoff, DoublesFromTheFirstWaitUpToAnHour) {
  using std::chrono::seconds;
  EXPECT_EQ(backoff(1), seconds{30});
  EXPECT_EQ(backoff(2), seconds{60});
  EXPECT_EQ(backoff(3), seconds{120});
  EXPECT_EQ(backoff(8), seconds{3600});
  EXPECT_EQ(backoff(50), seconds{3600});
  EXPECT_EQ(backoff(1, seconds{1}), seconds{1});
  EXPECT_EQ(backoff(4, seconds{1}), seconds{8});
}

TEST(CheckUrl, TakesHttpAndHttpsAddressesWithAHostOnly) {
  for (const char* good : {"http://127.0.0.1:8080/hook", "https://hooks.example.org/tapchi?x=1",
                           "http://[::1]:9000/", "https://example.org"}) {
    EXPECT_TRUE(check_url(good)) << good;
  }
  for (const char* bad :
       {"ftp://example.org/", "javascript:alert(1)", "http://", "https:///x",
        "http://user:pass@example.org/", "http://example.org:99999/", "http://example.org:/",
        "http://[::1/", "example.org/hook", "http://exa mple.org/"}) {
    const auto refused = check_url(bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().field, "url");
  }
  EXPECT_FALSE(check_url("http://example.org/" + std::string(2000, 'a')));
}

TEST(Post, SaysWhyWhenNobodyAnswers) {
  // Port 9 (discard) on the loopback: nothing listens there on a test machine.
  const Sent sent = post("http://127.0.0.1:9/hook", {}, "{}", std::chrono::milliseconds(2000));
  EXPECT_EQ(sent.status, 0);
  EXPECT_FALSE(sent.error.empty());
  EXPECT_EQ(post("gopher://x/", {}, "{}", std::chrono::milliseconds(100)).status, 0);
}

}  // namespace
}  // namespace tapchi::hooks
