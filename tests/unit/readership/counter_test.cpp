// Readers' views: who counts as a reader, which answers count, the day they count on (the
// site's), and what the store makes of them (views per day, most read, deleted articles).
#include <gtest/gtest.h>

#include "readership/readership.h"
#include "tests/common/test_store.h"

namespace tapchi::readership {
namespace {

using core::Instant;

Instant at(std::string_view text) { return core::parse_instant(text).value(); }

http::Request get(std::string agent) {
  http::Request req;
  req.method = http::Method::kGet;
  req.method_name = "GET";
  req.path = req.target = "/en/a/1";
  if (!agent.empty()) {
    req.headers.emplace_back("user-agent", std::move(agent));
  }
  return req;
}

constexpr const char* kFirefox =
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
constexpr const char* kIphone =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

TEST(IsReader, BrowsersAreReadersRobotsAndPrefetchesAreNot) {
  EXPECT_TRUE(is_reader(get(kFirefox)));
  EXPECT_TRUE(is_reader(get(kIphone)));
  for (const char* robot :
       {"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0)",
        "facebookexternalhit/1.1", "curl/7.88.1", "Wget/1.21.3", "python-requests/2.31",
        "Go-http-client/1.1", "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120.0 Safari/537.36",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0)", "TelegramBot (like TwitterBot)", ""}) {
    EXPECT_FALSE(is_reader(get(robot))) << robot;
  }
  http::Request prefetch = get(kFirefox);
  prefetch.headers.emplace_back("sec-purpose", "prefetch;prerender");
  EXPECT_FALSE(is_reader(prefetch));
}

TEST(DayNumber, IsTheLocalDateInTheZone) {
  const core::Zone hanoi = core::Zone::locate("Asia/Ho_Chi_Minh").value();
  EXPECT_EQ(core::day_number(at("2026-11-28T16:59:59Z"), hanoi), 20261128);
  EXPECT_EQ(core::day_number(at("2026-11-28T17:00:00Z"), hanoi), 20261129);
  EXPECT_EQ(core::day_number(at("2026-12-31T17:00:00Z"), hanoi), 20270101);
}

// Writes only when told (or when the counter stops), within a test's time.
CounterOptions hourly() {
  CounterOptions o;
  o.write_every = std::chrono::seconds{3600};
  return o;
}

class CounterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_test_store().value();
    en_ = store_->save_edition({0, "en", "en", "Journal", "/en/", core::DateStyle::kEnglish, 0})
              .value();
  }

  core::Article published(const std::string& slug, std::string_view when) {
    core::Article a;
    a.edition_id = en_.id;
    a.slug = slug;
    a.title = "Title of " + slug;
    a.status = core::ArticleStatus::kPublished;
    a.published_at = at(when);
    return store_->save_article(a).value();
  }

  static http::Response page_of(core::Id article, int status = 200) {
    http::Response r;
    r.status = status;
    r.view_of = article;
    return r;
  }

  std::unique_ptr<store::Store> store_;
  core::Edition en_;
  core::FixedClock clock_{at("2026-11-28T16:50:00Z")};  // 23:50 in Hanoi
  const core::Zone hanoi_ = core::Zone::locate("Asia/Ho_Chi_Minh").value();
};

TEST_F(CounterTest, CountsReadersGetsOfArticlePagesOnTheSitesDay) {
  const core::Article a = published("harbour", "2026-11-01T00:00:00Z");
  Counter views(
      *store_, clock_, [this] { return hanoi_; }, hourly());
  const http::Request reader = get(kFirefox);
  views.count(reader, page_of(a.id));
  views.count(reader, page_of(a.id, 304));  // the reader's own copy, read again
  http::Request head = get(kFirefox);
  head.method = http::Method::kHead;
  views.count(head, page_of(a.id));
  views.count(reader, page_of(a.id, 404));
  views.count(reader, page_of(0));  // a page that is no article
  views.count(get("Googlebot/2.1"), page_of(a.id));
  EXPECT_EQ(views.pending(), 2);

  clock_.set(at("2026-11-28T17:10:00Z"));  // 00:10 on the 29th in Hanoi
  views.count(reader, page_of(a.id));
  ASSERT_TRUE(views.write());
  EXPECT_EQ(views.pending(), 0);
  const auto days = store_->views_per_day(20261101, 20261130).value();
  EXPECT_EQ(days, (std::vector<std::pair<int, std::int64_t>>{{20261128, 2}, {20261129, 1}}));
  ASSERT_TRUE(views.write()) << "nothing to write is no error";
  EXPECT_EQ(store_->views_per_day(20261101, 20261130).value(), days) << "nothing twice";
}

TEST_F(CounterTest, MostReadIsOfVisibleArticlesOfTheEditionMostFirst) {
  const core::Article old_story = published("old", "2026-10-01T00:00:00Z");
  const core::Article popular = published("popular", "2026-11-27T00:00:00Z");
  const core::Article quiet = published("quiet", "2026-11-27T01:00:00Z");
  const core::Article embargoed = published("embargoed", "2027-01-01T00:00:00Z");
  ASSERT_TRUE(store_->add_views({{popular.id, 20261128, 5},
                                 {popular.id, 20261127, 4},
                                 {quiet.id, 20261128, 6},
                                 {old_story.id, 20261120, 50},
                                 {embargoed.id, 20261128, 99}}));
  const auto top = store_->most_read(en_.id, 20261127, clock_.now(), 10).value();
  ASSERT_EQ(top.size(), 2u) << "old views are before the window; the embargoed is not visible";
  EXPECT_EQ(top[0].first.id, popular.id);
  EXPECT_EQ(top[0].second, 9);
  EXPECT_EQ(top[1].first.id, quiet.id);
  EXPECT_EQ(top[1].second, 6);
  EXPECT_EQ(store_->most_read(en_.id, 20261127, clock_.now(), 1).value().size(), 1u);
}

TEST_F(CounterTest, ViewsOfAnArticleDeletedBeforeTheyAreWrittenAreDropped) {
  const core::Article kept = published("kept", "2026-11-01T00:00:00Z");
  Counter views(
      *store_, clock_, [this] { return hanoi_; }, hourly());
  views.count(get(kFirefox), page_of(kept.id));
  views.count(get(kFirefox), page_of(kept.id + 1000));  // no such article (deleted meanwhile)
  ASSERT_TRUE(views.write());
  EXPECT_EQ(store_->views_per_day(20261128, 20261128).value(),
            (std::vector<std::pair<int, std::int64_t>>{{20261128, 1}}));
}

TEST_F(CounterTest, WhatIsCountedIsWrittenWhenTheCounterStops) {
  const core::Article a = published("late", "2026-11-01T00:00:00Z");
  {
    Counter views(
        *store_, clock_, [this] { return hanoi_; }, hourly());
    views.count(get(kIphone), page_of(a.id));
  }
  EXPECT_EQ(store_->views_per_day(20261128, 20261128).value(),
            (std::vector<std::pair<int, std::int64_t>>{{20261128, 1}}));
}

}  // namespace
}  // namespace tapchi::readership
