#include <gtest/gtest.h>

#include "site/site.h"

namespace tapchi::site {
namespace {

using core::Article;
using core::Instant;

Instant at(std::string_view text) { return core::parse_instant(text).value(); }

// A small journal on an in-memory store, served by a Site with its page cache, at a fixed time.
class SiteCache : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::open_sqlite(":memory:").value();
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

}  // namespace
}  // namespace tapchi::site
