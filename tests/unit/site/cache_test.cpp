#include <fstream>

#include <gtest/gtest.h>

#include "site/site.h"
#include "tests/common/test_store.h"

namespace tapchi::site {
namespace {

using core::Article;
using core::Instant;

Instant at(std::string_view text) { return core::parse_instant(text).value(); }

// A small journal on an in-memory store, served by a Site with its page cache, at a fixed time.
class SiteCache : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_test_store().value();
    en_ = store_->save_edition({0, "en", "en", "Journal", "/en/", core::DateStyle::kEnglish, 0})
              .value();
    vi_ = store_->save_edition({0, "vi", "vi", "Tạp chí", "/", core::DateStyle::kVietnamese, 1})
              .value();
    history_ = store_->save_section({0, en_.id, "history", "History", 0}).value();
    tag_ = store_->save_tag({0, en_.id, "victory", "Victory"}).value();
    author_ = store_->save_author({0, en_.id, "lan", "Nguyen Lan", "Reporter", "", 0}).value();
    first_ = publish("first", "First story", "2020-01-01T00:00:00Z");
    second_ = publish("second", "Second story", "2020-01-02T00:00:00Z");
    SiteOptions options{"Journal", "http://journal.test",
                        core::Zone::locate("Asia/Ho_Chi_Minh").value(), "/nonexistent", 20};
    site_ =
        Site::create(options, *store_, render::Theme::load(std::nullopt).value(), clock_).value();
  }

  Article publish(const std::string& slug, const std::string& title, std::string_view when,
                  core::Id edition = 0, const std::string& key = {}) {
    Article a;
    a.edition_id = edition ? edition : en_.id;
    a.slug = slug;
    a.title = title;
    a.translation_key = key;
    a.status = core::ArticleStatus::kPublished;
    a.published_at = at(when);
    a.section_id = edition && edition != en_.id ? 0 : history_.id;
    if (a.edition_id == en_.id) {
      a.tag_ids = {tag_.id};
      a.author_ids = {author_.id};
    }
    return store_->save_article(a).value();
  }

  http::Response get(const std::string& target) {
    http::Request r;
    r.method = http::Method::kGet;
    r.target = target;
    const auto q = target.find('?');
    r.path = target.substr(0, q);
    r.query = q == std::string::npos ? "" : target.substr(q + 1);
    return site_->handle(r);
  }

  // A request as the server makes it from a raw target: the path percent-decoded once.
  http::Response get_raw(const std::string& target) {
    auto [path, query] = http::parse_target(target).value();
    http::Request r;
    r.method = http::Method::kGet;
    r.target = target;
    r.path = std::move(path);
    r.query = std::move(query);
    return site_->handle(r);
  }

  std::string body(const std::string& target) {
    http::Response r = get(target);
    std::string out;
    for (const std::string_view part : r.parts) {
      out += part;
    }
    return out + r.body;
  }

  std::string href(const Article& a) { return article_href(a.edition_id == en_.id ? en_ : vi_, a); }

  core::Comment comment(const Article& a, core::CommentStatus status) {
    core::Comment c;
    c.article_id = a.id;
    c.name = "Reader";
    c.body = "Well written.";
    c.status = status;
    c.created_at = at("2020-01-03T00:00:00Z");
    return store_->save_comment(c).value();
  }

  core::FixedClock clock_{at("2020-06-01T03:00:00Z")};
  std::unique_ptr<store::Store> store_;
  core::Edition en_, vi_;
  core::Section history_;
  core::Tag tag_;
  core::Author author_;
  Article first_, second_;
  std::unique_ptr<Site> site_;
};

TEST_F(SiteCache, ServesTheSecondRequestFromMemory) {
  const std::string page = body(href(first_));
  const auto before = site_->cache_stats();
  EXPECT_EQ(body(href(first_)), page);
  EXPECT_EQ(site_->cache_stats().hits, before.hits + 1);
  EXPECT_EQ(site_->cache_stats().misses, before.misses);
}

TEST_F(SiteCache, ReplyFormsAndNoticesAreCachedAsTheirOwnPagesAndOtherQueriesAreNot) {
  const core::Comment c = comment(first_, core::CommentStatus::kApproved);
  const std::string plain = body(href(first_));
  const std::string reply = body(href(first_) + "?reply=" + std::to_string(c.id));
  const std::string held = body(href(first_) + "?comment=held");
  EXPECT_EQ(plain.find("name=\"parent\""), std::string::npos);
  EXPECT_NE(reply.find("name=\"parent\" value=\"" + std::to_string(c.id) + "\""),
            std::string::npos);
  EXPECT_NE(held.find("will appear once the editors have read it"), std::string::npos);
  const auto before = site_->cache_stats();
  EXPECT_EQ(body(href(first_) + "?comment=held&utm_source=x"), held);
  EXPECT_EQ(body(href(first_) + "?reply=" + std::to_string(c.id)), reply);
  EXPECT_EQ(body(href(first_) + "?comment=nonsense&reply=x"), plain);
  EXPECT_EQ(site_->cache_stats().hits, before.hits + 3);
  EXPECT_EQ(site_->cache_stats().misses, before.misses);
  // The same day's token in all of them.
  const auto token = [](const std::string& html) {
    const auto at = html.find("name=\"token\" value=\"");
    return at == std::string::npos ? std::string() : html.substr(at + 20, 40);
  };
  EXPECT_FALSE(token(plain).empty());
  EXPECT_EQ(token(reply), token(plain));
}

TEST_F(SiteCache, PublishingShowsOnListsAtOnce) {
  EXPECT_EQ(body("/en/").find("Third story"), std::string::npos);
  publish("third", "Third story", "2020-01-03T00:00:00Z");
  EXPECT_NE(body("/en/").find("Third story"), std::string::npos);
  EXPECT_NE(body("/en/section/history").find("Third story"), std::string::npos);
  EXPECT_NE(body("/en/tag/victory").find("Third story"), std::string::npos);
  EXPECT_NE(body("/en/author/lan").find("Third story"), std::string::npos);
  EXPECT_NE(body("/en/archive/2020/01").find("Third story"), std::string::npos);
}

TEST_F(SiteCache, EditingAnArticleRefreshesItAndTheListsAndRelated) {
  const std::string second_page = body(href(second_));
  EXPECT_NE(second_page.find("First story"), std::string::npos);  // as a related article
  body(href(first_));
  body("/en/");
  first_.title = "First story, corrected";
  ASSERT_TRUE(store_->save_article(first_).has_value());
  EXPECT_NE(body(href(first_)).find("<h1>First story, corrected</h1>"), std::string::npos);
  EXPECT_NE(body("/en/").find("First story, corrected"), std::string::npos);
  EXPECT_NE(body(href(second_)).find("First story, corrected"), std::string::npos);
}

TEST_F(SiteCache, UnpublishingRemovesThePageAndItsListings) {
  EXPECT_EQ(get(href(first_)).status, 200);
  body("/en/");
  first_.status = core::ArticleStatus::kUnpublished;
  ASSERT_TRUE(store_->save_article(first_).has_value());
  EXPECT_EQ(get(href(first_)).status, 404);
  EXPECT_EQ(body("/en/").find("First story"), std::string::npos);
}

TEST_F(SiteCache, ScheduledArticleAppearsAtItsTime) {
  publish("later", "Scheduled story", "2020-06-01T05:00:00Z");
  EXPECT_EQ(body("/en/").find("Scheduled story"), std::string::npos);
  EXPECT_EQ(body("/en/").find("Scheduled story"), std::string::npos);  // cached meanwhile
  clock_.set(at("2020-06-01T05:00:00Z"));
  EXPECT_NE(body("/en/").find("Scheduled story"), std::string::npos);
}

TEST_F(SiteCache, ApprovingOrRejectingACommentUpdatesThatArticleOnly) {
  EXPECT_NE(body(href(first_)).find("Your Comment (0)"), std::string::npos);
  body(href(second_));
  auto c = comment(first_, core::CommentStatus::kPending);
  EXPECT_NE(body(href(first_)).find("Your Comment (0)"), std::string::npos);
  c.status = core::CommentStatus::kApproved;
  ASSERT_TRUE(store_->save_comment(c).has_value());
  const auto before = site_->cache_stats();
  EXPECT_NE(body(href(first_)).find("Your Comment (1)"), std::string::npos);
  EXPECT_EQ(site_->cache_stats().misses, before.misses + 1);
  body(href(second_));
  EXPECT_EQ(site_->cache_stats().misses, before.misses + 1);  // the other page stayed cached
  c.status = core::CommentStatus::kRejected;
  ASSERT_TRUE(store_->save_comment(c).has_value());
  EXPECT_NE(body(href(first_)).find("Your Comment (0)"), std::string::npos);
}

TEST_F(SiteCache, RenamingSectionTagOrAuthorRefreshesTheirPages) {
  body(href(first_));
  body("/en/tag/victory");
  history_.name = "Military History";
  ASSERT_TRUE(store_->save_section(history_).has_value());
  EXPECT_NE(body(href(first_)).find(">Military History</a>"), std::string::npos);
  tag_.name = "Great Victory";
  ASSERT_TRUE(store_->save_tag(tag_).has_value());
  EXPECT_NE(body("/en/tag/victory").find("#Great Victory"), std::string::npos);
  EXPECT_NE(body(href(first_)).find("rel=\"tag\">Great Victory</a>"), std::string::npos);
  author_.position = "Senior Reporter";
  ASSERT_TRUE(store_->save_author(author_).has_value());
  EXPECT_NE(body(href(first_)).find("Nguyen Lan</a>, Senior Reporter"), std::string::npos);
}

TEST_F(SiteCache, PublishingATranslationLinksItFromTheOtherEdition) {
  first_.translation_key = "first";
  ASSERT_TRUE(store_->save_article(first_).has_value());
  EXPECT_EQ(body(href(first_)).find("Read in Vietnamese"), std::string::npos);
  publish("bai-dau", "Bài đầu", "2020-01-01T00:00:00Z", vi_.id, "first");
  EXPECT_NE(body(href(first_)).find("Read in Vietnamese"), std::string::npos);
}

TEST_F(SiteCache, ClockStaysRightOnCachedPages) {
  EXPECT_NE(body("/en/").find("Monday, June 1, 2020, 10:00 (GMT+7)"), std::string::npos);
  clock_.set(at("2020-06-01T03:07:30Z"));
  const std::string later = body("/en/");
  EXPECT_NE(later.find("Monday, June 1, 2020, 10:07 (GMT+7)"), std::string::npos);
  EXPECT_EQ(later.find("10:00 (GMT+7)"), std::string::npos);
  EXPECT_GT(site_->cache_stats().hits, 0u);
}

TEST_F(SiteCache, UnrelatedQueryParametersShareTheCachedPage) {
  body("/en/");
  const auto before = site_->cache_stats();
  body("/en/?utm_source=feed");
  EXPECT_EQ(site_->cache_stats().misses, before.misses);
}

// A path that decodes to a '?' (or '&', '=', '@', '#') once took the key of the page with that
// query, so its 404 was served in place of the reply form until the edition changed.
TEST_F(SiteCache, EscapedQueryCharactersInAPathCannotTakeAPagesKey) {
  const std::string day = std::to_string(clock_.now().time_since_epoch().count() / 86400);
  for (const std::string escape : {"%3F", "%26", "%3D", "%40", "%23"}) {
    SCOPED_TRACE(escape);
    // A new approved comment: a reply form not cached yet, and the article's pages dropped.
    const std::string id = std::to_string(comment(first_, core::CommentStatus::kApproved).id);
    const std::string page = href(first_);
    const std::vector<std::string> attacks{
        page + escape + "reply=" + id,
        page + "%3F" + "reply" + escape + id,
        page + "%3Freply=" + id + escape + day,
        page + "%3Fcomment=held" + escape + "reply=" + id,
    };
    for (const std::string& attack : attacks) {
      EXPECT_EQ(get_raw(attack).status, 404) << attack;
    }
    const http::Response real = get(page + "?reply=" + id);
    EXPECT_EQ(real.status, 200);
    EXPECT_NE(body(page + "?reply=" + id).find("name=\"parent\" value=\"" + id + "\""),
              std::string::npos);
    EXPECT_EQ(get(page + "?comment=held").status, 200);
  }
  // The same for a list's later page.
  for (int i = 0; i < 25; ++i) {
    publish("more-" + std::to_string(i), "More " + std::to_string(i), "2020-02-01T00:00:00Z");
  }
  EXPECT_EQ(get_raw("/en/section/history%3Fpage=2").status, 404);
  EXPECT_EQ(get("/en/section/history?page=2").status, 200);
}

std::int64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t pages = 0;
  std::int64_t resident = 0;
  statm >> pages >> resident;
  return resident * 4096;
}

// Unknown paths, made-up page numbers, reply ids and articles, and unrelated query parameters
// once took a cache entry each, pushing the real pages out.
TEST_F(SiteCache, FiftyThousandJunkUrlsTakeNoEntriesAndRealPagesStayCached) {
  const std::vector<std::string> real{
      "/en/", href(first_), href(second_), "/en/section/history", "/en/tag/victory", "/"};
  for (int round = 0; round < 2; ++round) {
    for (const std::string& target : real) {
      ASSERT_EQ(get(target).status, 200) << target;
    }
  }
  const auto warm = site_->cache_stats();
  std::int64_t rss_warm = 0;  // after the allocator (and the sanitizer's quarantine) warmed up
  std::uint64_t real_misses = 0;
  for (int i = 0; i < 50'000; ++i) {
    if (i == 10'000) {
      rss_warm = resident_bytes();
    }
    const std::string n = std::to_string(i);
    switch (i % 6) {
      case 0:
        get("/en/no-such-page-" + n);
        break;
      case 1:
        get(href(first_) + "?utm_source=" + n);
        break;
      case 2:
        get("/en/section/history?page=" + std::to_string(2 + i));
        break;
      case 3:
        get(href(first_) + "?reply=" + std::to_string(100'000 + i));
        break;
      case 4:
        get("/en/missing-story-" + std::to_string(100'000 + i) + ".html");
        break;
      default:
        get("/junk/" + n + "/page");
        break;
    }
    if (i % 1000 == 999) {  // readers keep reading the real pages meanwhile
      const auto before = site_->cache_stats().misses;
      for (const std::string& target : real) {
        get(target);
      }
      real_misses += site_->cache_stats().misses - before;
    }
  }
  const auto after = site_->cache_stats();
  EXPECT_EQ(real_misses, 0u);
  EXPECT_LE(after.entries, warm.entries + 2);  // the two editions' 404 pages
  EXPECT_EQ(after.evictions, warm.evictions);
  EXPECT_LT(after.bytes, warm.bytes + (256u << 10));
  EXPECT_LT(resident_bytes() - rss_warm, std::int64_t{16} << 20);
}

}  // namespace
}  // namespace tapchi::site
