// The store's side of the editor: versions that refuse stale saves, revisions, deleting
// articles, scheduled articles in the back-office list, and media in use.
#include <algorithm>

#include <gtest/gtest.h>

#include "store/store.h"
#include "tests/common/test_store.h"

namespace tapchi::store {
namespace {

using core::Article;
using core::ArticleStatus;

core::Instant at(std::string_view text) { return core::parse_instant(text).value(); }

class EditorialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_test_store().value();
    en_ = store_->save_edition({0, "en", "en", "Journal", "/en/", core::DateStyle::kEnglish, 0})
              .value();
  }

  Article draft(std::string slug) {
    Article a;
    a.edition_id = en_.id;
    a.slug = slug;
    a.title = "Title of " + slug;
    a.body = "First text.";
    return a;
  }

  core::Media photo(std::string path) {
    core::Media m;
    m.path = std::move(path);
    m.mime = "image/jpeg";
    m.width = 1600;
    m.height = 900;
    m.variant_widths = {320, 640, 1024};
    m.bytes = 123'456;
    m.created_at = at("2026-11-20T10:00:00Z");
    return store_->save_media(m).value();
  }

  std::unique_ptr<Store> store_;
  core::Edition en_;
};

TEST_F(EditorialTest, EverySaveCountsAVersion) {
  Article a = store_->save_article(draft("one")).value();
  EXPECT_EQ(a.version, 1);
  a.title = "Second";
  a = store_->save_article(a).value();
  EXPECT_EQ(a.version, 2);
  EXPECT_EQ(store_->article(a.id)->version, 2);
}

TEST_F(EditorialTest, AStaleSaveIsRefusedAndChangesNothing) {
  const Article first = store_->save_article(draft("one")).value();
  Article lan = first;
  Article minh = first;
  lan.body = "Lan's text.";
  ASSERT_TRUE(store_->save_article(lan).has_value());
  minh.body = "Minh's text.";
  const auto refused = store_->save_article(minh);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(refused.error().field, "version");
  const Article now = store_->article(first.id).value();
  EXPECT_EQ(now.body, "Lan's text.");
  EXPECT_EQ(now.version, 2);
}

TEST_F(EditorialTest, ASaveWithoutAVersionChecksNothing) {
  Article a = store_->save_article(draft("one")).value();
  store_->save_article(a).value();
  a.version = 0;
  a.title = "Imported again";
  EXPECT_EQ(store_->save_article(a)->version, 3);
}

TEST_F(EditorialTest, RevisionsAreListedNewestFirstAndReadWhole) {
  const Article a = store_->save_article(draft("one")).value();
  core::Revision r{0, a.id, 1, 0, at("2026-11-25T08:00:00Z"), "saved", "T1", "L1", "B1"};
  const auto first = store_->add_revision(r).value();
  r.version = 2;
  r.body = "B2";
  r.saved_at = at("2026-11-25T09:00:00Z");
  const auto second = store_->add_revision(r).value();
  const auto list = store_->revisions(a.id).value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, second.id);
  EXPECT_EQ(list[1].id, first.id);
  EXPECT_EQ(list[0].body, "");  // listings leave the text out
  const auto whole = store_->revision(first.id).value();
  EXPECT_EQ(whole.body, "B1");
  EXPECT_EQ(whole.lead, "L1");
  EXPECT_EQ(whole.saved_at, at("2026-11-25T08:00:00Z"));
  EXPECT_EQ(store_->revision(99999).error().code, core::ErrorCode::kNotFound);
}

TEST_F(EditorialTest, DeletingAnArticleTakesItsRevisionsAndComments) {
  const Article a = store_->save_article(draft("one")).value();
  store_->add_revision({0, a.id, 1, 0, at("2026-11-25T08:00:00Z"), "", "T", "", ""}).value();
  core::Comment c;
  c.article_id = a.id;
  c.name = "Lan";
  c.body = "Hi";
  c.created_at = at("2026-11-25T08:00:00Z");
  const auto comment = store_->save_comment(c).value();
  std::vector<store::Change> heard;
  store_->subscribe([&](const store::Change& ch) { heard.push_back(ch); });
  ASSERT_TRUE(store_->delete_article(a.id).has_value());
  EXPECT_EQ(store_->article(a.id).error().code, core::ErrorCode::kNotFound);
  EXPECT_TRUE(store_->revisions(a.id)->empty());
  EXPECT_FALSE(store_->comment(comment.id).has_value());
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_EQ(heard[0].id, a.id);
  EXPECT_EQ(store_->delete_article(a.id).error().code, core::ErrorCode::kNotFound);
}

TEST_F(EditorialTest, TheBackOfficeTellsScheduledFromPublished) {
  Article soon = draft("soon");
  soon.status = ArticleStatus::kPublished;
  soon.published_at = at("2026-12-01T00:00:00Z");
  Article past = draft("past");
  past.status = ArticleStatus::kPublished;
  past.published_at = at("2026-11-01T00:00:00Z");
  soon = store_->save_article(soon).value();
  past = store_->save_article(past).value();
  ArticleFilter f;
  f.now = at("2026-11-25T00:00:00Z");
  f.status = ArticleStatus::kScheduled;
  auto found = store_->filter_articles(f).value();
  ASSERT_EQ(found.items.size(), 1u);
  EXPECT_EQ(found.items[0].id, soon.id);
  f.status = ArticleStatus::kPublished;
  found = store_->filter_articles(f).value();
  ASSERT_EQ(found.items.size(), 1u);
  EXPECT_EQ(found.items[0].id, past.id);
}

TEST_F(EditorialTest, MediaKeepsItsVariantsAndIsListedNewestFirst) {
  const auto older = photo("2026/11/a.jpg");
  core::Media m;
  m.path = "2026/11/b.png";
  m.mime = "image/png";
  m.width = 300;
  m.height = 200;
  m.created_at = at("2026-11-21T10:00:00Z");
  const auto newer = store_->save_media(m).value();
  const auto read = store_->media(older.id).value();
  EXPECT_EQ(read.variant_widths, (std::vector<int>{320, 640, 1024}));
  EXPECT_EQ(read.bytes, 123'456);
  EXPECT_EQ(read.created_at, at("2026-11-20T10:00:00Z"));
  EXPECT_TRUE(store_->media(newer.id)->variant_widths.empty());
  const auto list = store_->recent_media(10, 0).value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, newer.id);
  EXPECT_EQ(store_->media_count().value(), 2);
}

TEST_F(EditorialTest, MediaInUseCannotBeDeleted) {
  const auto featured = photo("2026/11/a.jpg");
  const auto inline_photo = photo("2026/11/b.jpg");
  const auto unused = photo("2026/11/c.jpg");
  // Another media id that merely starts with the same digits must not count.
  Article a = draft("featured");
  a.featured_media_id = featured.id;
  a = store_->save_article(a).value();
  Article b = draft("inline");
  b.body = "Text\n\n![A photo](media:" + std::to_string(inline_photo.id) + " \"caption\")\n";
  b = store_->save_article(b).value();
  Article c = draft("other");
  c.body = "![x](media:" + std::to_string(unused.id) + "0)";
  store_->save_article(c).value();

  auto users = store_->articles_using(featured.id).value();
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].id, a.id);
  users = store_->articles_using(inline_photo.id).value();
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].id, b.id);
  EXPECT_TRUE(store_->articles_using(unused.id)->empty());

  const auto refused = store_->delete_media(featured.id);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kConflict);
  EXPECT_TRUE(store_->media(featured.id).has_value());
  EXPECT_FALSE(store_->delete_media(inline_photo.id).has_value());

  core::Author au{0, en_.id, "lan", "Lan", "", "", unused.id};
  store_->save_author(au).value();
  EXPECT_EQ(store_->authors_pictured_by(unused.id)->size(), 1u);
  EXPECT_FALSE(store_->delete_media(unused.id).has_value());
  au = store_->author_by_slug(en_.id, "lan").value();
  au.photo_id = 0;
  store_->save_author(au).value();
  ASSERT_TRUE(store_->delete_media(unused.id).has_value());
  EXPECT_EQ(store_->media(unused.id).error().code, core::ErrorCode::kNotFound);
}

TEST_F(EditorialTest, SettingsAreKeptByKeyAndAnnounced) {
  EXPECT_TRUE(store_->settings()->empty());
  int heard = 0;
  store_->subscribe([&](const Change& c) { heard += c.kind == Change::Kind::kSettings ? 1 : 0; });
  ASSERT_TRUE(store_->save_settings({{std::string(setting::kSiteName), "Sông Hồng"},
                                     {std::string(setting::kTimeZone), "Asia/Ho_Chi_Minh"}}));
  ASSERT_TRUE(store_->save_settings({{std::string(setting::kSiteName), "Red River"}}));
  const auto saved = store_->settings().value();
  EXPECT_EQ(saved.size(), 2u);
  EXPECT_EQ(saved.at(std::string(setting::kSiteName)), "Red River");
  EXPECT_EQ(saved.at(std::string(setting::kTimeZone)), "Asia/Ho_Chi_Minh");
  EXPECT_EQ(heard, 2);
}

TEST_F(EditorialTest, DeletingATagUnlinksItsArticlesAndTellsEachOfThem) {
  const core::Tag rail = store_->save_tag({0, en_.id, "rail", "Rail"}).value();
  const core::Tag port = store_->save_tag({0, en_.id, "port", "Port"}).value();
  Article one = draft("one");
  one.tag_ids = {rail.id, port.id};
  one = store_->save_article(one).value();
  Article two = draft("two");
  two.tag_ids = {rail.id};
  two = store_->save_article(two).value();
  const auto usage = store_->tag_usage(en_.id).value();
  EXPECT_EQ(usage.at(rail.id), 2);
  EXPECT_EQ(usage.at(port.id), 1);

  std::vector<core::Id> told;
  store_->subscribe([&](const Change& c) {
    if (c.kind == Change::Kind::kArticle) {
      told.push_back(c.id);
    }
  });
  ASSERT_TRUE(store_->delete_tag(rail.id));
  EXPECT_EQ(store_->tag(rail.id).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(store_->article(one.id)->tag_ids, std::vector<core::Id>{port.id});
  EXPECT_TRUE(store_->article(two.id)->tag_ids.empty());
  std::sort(told.begin(), told.end());
  EXPECT_EQ(told, (std::vector<core::Id>{one.id, two.id}));
  EXPECT_FALSE(store_->tag_usage(en_.id)->contains(rail.id));
  EXPECT_EQ(store_->delete_tag(rail.id).error().code, core::ErrorCode::kNotFound);
}

TEST_F(EditorialTest, AReadersCommentIsKeptOnceAndAnnouncedWhenShown) {
  const Article a = store_->save_article(draft("one")).value();
  std::vector<core::Id> told;
  store_->subscribe([&](const Change& c) {
    if (c.kind == Change::Kind::kComment) {
      told.push_back(c.article_id);
    }
  });
  core::Comment c;
  c.article_id = a.id;
  c.name = "Lan";
  c.body = "Once.";
  c.client_hash = "0123456789abcdef0123456789abcdef";
  c.created_at = at("2026-11-28T10:00:00Z");
  c.status = core::CommentStatus::kPending;
  const auto first = store_->add_reader_comment(c, at("2026-11-27T10:00:00Z")).value();
  EXPECT_FALSE(first.is_duplicate);
  EXPECT_TRUE(told.empty()) << "a held comment changes no page";
  c.created_at = at("2026-11-28T10:05:00Z");
  const auto again = store_->add_reader_comment(c, at("2026-11-27T10:05:00Z")).value();
  EXPECT_TRUE(again.is_duplicate);
  EXPECT_EQ(again.comment.id, first.comment.id);
  // From another client, or after the window, it is a new comment.
  c.client_hash = "fedcba9876543210fedcba9876543210";
  c.status = core::CommentStatus::kApproved;
  const auto other = store_->add_reader_comment(c, at("2026-11-27T10:05:00Z")).value();
  EXPECT_FALSE(other.is_duplicate);
  EXPECT_EQ(told, std::vector<core::Id>{a.id});
  EXPECT_EQ(store_->approved_comment_count(a.id).value(), 1);
}

TEST_F(EditorialTest, CountsItsOwnCommitsAndNotItsReads) {
  if (is_testing_postgres()) {
    GTEST_SKIP() << "commit counts tell a SQLite journal's cache of other processes' writes; "
                    "PostgreSQL nodes are to hear of each other's changes by LISTEN/NOTIFY";
  }
  const std::int64_t before = store_->own_commits();
  ASSERT_TRUE(store_->save_tag({0, en_.id, "rail", "Rail"}));
  ASSERT_TRUE(store_->save_settings({{"site.name", "Journal"}}));
  EXPECT_EQ(store_->own_commits(), before + 2);
  ASSERT_TRUE(store_->tags_of(en_.id));
  EXPECT_EQ(store_->own_commits(), before + 2);
}

}  // namespace
}  // namespace tapchi::store
