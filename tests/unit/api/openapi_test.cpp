// The API's OpenAPI document: served as written, and naming every route the server answers
// with its method, and no route the server does not answer.
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/api.h"
#include "render/render.h"
#include "tests/common/test_store.h"

namespace tapchi::api {
namespace {

TEST(OpenApi, DocumentsEveryRouteTheServerAnswersAndNoOther) {
  auto store = open_test_store().value();
  ASSERT_TRUE(store->save_edition({0, "en", "en", "Journal", "/", core::DateStyle::kEnglish, 0}));
  auto theme = render::Theme::load(std::nullopt);
  ASSERT_TRUE(theme) << theme.error().describe();
  const core::FixedClock clock(core::parse_instant("2026-11-29T00:00:00Z").value());
  site::SiteOptions options{
      "Journal", "http://127.0.0.1", core::Zone::locate("UTC").value(), "/tmp", 20, 0};
  auto site = site::Site::create(options, *store, *theme, clock);
  ASSERT_TRUE(site) << site.error().describe();
  const Api api({}, *store, clock, **site);

  const auto doc = nlohmann::json::parse(Api::document(), nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << "the document is JSON";
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.1", 0), 0u);
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters" || method == "summary" || method == "description") {
        continue;
      }
      std::string upper = method;
      for (char& c : upper) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      documented.emplace(upper, path);
      EXPECT_TRUE(operation.contains("operationId")) << upper << " " << path;
    }
  }
  std::set<std::pair<std::string, std::string>> answered;
  for (const auto& route : api.routes()) {
    answered.insert(route);
    EXPECT_TRUE(documented.contains(route))
        << route.first << " " << route.second << " is answered but not documented";
  }
  for (const auto& route : documented) {
    EXPECT_TRUE(answered.contains(route))
        << route.first << " " << route.second << " is documented but not answered";
  }
  EXPECT_GT(answered.size(), 30u);
}

}  // namespace
}  // namespace tapchi::api
