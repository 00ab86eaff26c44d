// Answers kept for Idempotency-Keys: a retry within the day gets the first answer; a day later
// the key is forgotten and the same request is a new one.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "accounts/accounts.h"
#include "api/api.h"
#include "render/render.h"
#include "tests/common/test_store.h"

namespace tapchi::api {
namespace {

using std::chrono::hours;

TEST(Idempotency, ARetryGetsTheFirstAnswerForADayAndIsNewAfter) {
  auto store = open_test_store().value();
  ASSERT_TRUE(store->save_edition({0, "en", "en", "Journal", "/", core::DateStyle::kEnglish, 0}));
  auto theme = render::Theme::load(std::nullopt);
  ASSERT_TRUE(theme) << theme.error().describe();
  const core::Instant start = core::parse_instant("2026-11-29T00:00:00Z").value();
  core::FixedClock clock(start);
  site::SiteOptions options{
      "Journal", "http://127.0.0.1", core::Zone::locate("UTC").value(), "/tmp", 20, 0};
  auto site = site::Site::create(options, *store, *theme, clock);
  ASSERT_TRUE(site) << site.error().describe();
  const Api api({}, *store, clock, **site);
  auto key = accounts::add_api_key(*store, "wire feed", core::Role::kEditor, 0, start);
  ASSERT_TRUE(key) << key.error().describe();

  const auto create = [&](const std::string& idempotency_key, const std::string& title) {
    http::Request req;
    req.method = http::Method::kPost;
    req.method_name = "POST";
    req.path = req.target = "/api/v1/admin/articles";
    req.headers = {{"authorization", "Bearer " + key->secret},
                   {"content-type", "application/json"},
                   {"idempotency-key", idempotency_key}};
    req.body = nlohmann::json{{"edition", "en"}, {"title", title}}.dump();
    return api.handle(req);
  };
  const auto replayed = [](const http::Response& r) {
    for (const auto& [name, value] : r.headers) {
      if (name == "Idempotent-Replayed") {
        return value == "true";
      }
    }
    return false;
  };

  const http::Response first = create("k1", "Dawn drill");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_FALSE(replayed(first));

  clock.set(start + hours{23});
  ASSERT_EQ(create("k2", "Noon briefing").status, 201);  // an hour has passed: old ones go
  const http::Response retried = create("k1", "Dawn drill");
  EXPECT_TRUE(replayed(retried)) << "kept for a day";
  EXPECT_EQ(retried.status, 201);
  EXPECT_EQ(retried.body, first.body);

  clock.set(start + hours{25});
  ASSERT_EQ(create("k3", "Evening edition").status, 201);
  // Forgotten after a day: the same request is run again, and the first article's address is
  // taken by now.
  const http::Response late = create("k1", "Dawn drill");
  EXPECT_FALSE(replayed(late));
  EXPECT_EQ(late.status, 422) << late.body;
  EXPECT_NE(late.body.find("\"field\":\"slug\""), std::string::npos) << late.body;
  EXPECT_TRUE(replayed(create("k2", "Noon briefing"))) << "k2 is younger than a day";
}

}  // namespace
}  // namespace tapchi::api
