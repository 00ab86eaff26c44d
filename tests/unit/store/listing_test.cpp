// Listings by tag and author, read snapshots, statement reuse, and the second migration.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include "store/migrations.h"
#include "store/store.h"

namespace tapchi::store {
namespace {

using core::Article;
using core::ArticleStatus;
using core::Instant;

Instant at(std::string_view text) { return core::parse_instant(text).value(); }

// A database file of its own, removed afterwards.
class ListingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("tapchi-listing-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    remove_files();
  }
  void TearDown() override { remove_files(); }
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }
  std::unique_ptr<Store> open() {
    auto opened = open_sqlite(path_.string());
    EXPECT_TRUE(opened.has_value()) << opened.error().describe();
    return opened ? std::move(*opened) : nullptr;
  }

  std::filesystem::path path_;
};

Article published(core::Id edition, std::string slug, std::string_view when) {
  Article a;
  a.edition_id = edition;
  a.slug = slug;
  a.title = "Title of " + slug;
  a.body = "Body of " + slug;
  a.status = ArticleStatus::kPublished;
  a.published_at = at(when);
  return a;
}

TEST_F(ListingTest, TagAndAuthorListingsAreNewestFirstAndCounted) {
  auto store = open();
  const auto en = store->save_edition({0, "en", "en", "J", "/", core::DateStyle::kEnglish, 0});
  ASSERT_TRUE(en.has_value());
  const auto tag = store->save_tag({0, en->id, "navy", "Navy"}).value();
  const auto other = store->save_tag({0, en->id, "army", "Army"}).value();
  const auto author = store->save_author({0, en->id, "lan", "Lan", "", "", 0}).value();
  for (int day = 1; day <= 9; ++day) {
    Article a = published(en->id, "d" + std::to_string(day),
                          "2020-01-0" + std::to_string(day) + "T08:00:00Z");
    a.tag_ids = {day % 3 == 0 ? other.id : tag.id};
    if (day % 2 == 1) {
      a.author_ids = {author.id};
    }
    ASSERT_TRUE(store->save_article(a).has_value());
  }
  // Moving an article in time moves it in its tag's listing too.
  Article moved = store->article_by_slug(en->id, "d1").value();
  moved.published_at = at("2020-01-20T00:00:00Z");
  ASSERT_TRUE(store->save_article(moved).has_value());

  ArticleQuery q;
  q.now = at("2030-01-01T00:00:00Z");
  q.tag_id = tag.id;
  q.limit = 3;
  const ArticlePage page = store->find_articles(q).value();
  EXPECT_EQ(page.total, 6);  // days 1, 2, 4, 5, 7, 8
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.items[0].slug, "d1");
  EXPECT_EQ(page.items[1].slug, "d8");
  EXPECT_EQ(page.items[2].slug, "d7");
  EXPECT_TRUE(page.items[0].body.empty()) << "listings leave bodies out";

  q.tag_id = 0;
  q.author_id = author.id;
  q.limit = 10;
  q.count_total = false;
  const ArticlePage by_author = store->find_articles(q).value();
  EXPECT_EQ(by_author.total, 0) << "not counted when not asked";
  ASSERT_EQ(by_author.items.size(), 5u);  // days 1, 3, 5, 7, 9
  EXPECT_EQ(by_author.items.front().slug, "d1");
  EXPECT_EQ(by_author.items.back().slug, "d3");

  q.now = at("2020-01-06T00:00:00Z");  // d1 has moved past it; d5 is the newest visible
  EXPECT_EQ(store->find_articles(q).value().items.front().slug, "d5");
}

TEST_F(ListingTest, ReusedStatementsReadFreshValues) {
  auto store = open();
  const auto en = store->save_edition({0, "en", "en", "J", "/", core::DateStyle::kEnglish, 0});
  const auto a = store->save_article(published(en->id, "a", "2020-01-01T00:00:00Z")).value();
  const auto b = store->save_article(published(en->id, "b", "2020-01-02T00:00:00Z")).value();
  EXPECT_EQ(store->article(a.id).value().body, "Body of a");
  EXPECT_EQ(store->article(b.id).value().body, "Body of b");
  Article edited = a;
  edited.body = "New body";
  edited.title = "New title";
  ASSERT_TRUE(store->save_article(edited).has_value());
  EXPECT_EQ(store->article(a.id).value().body, "New body");
  EXPECT_EQ(store->article_by_slug(en->id, "a").value().title, "New title");
  EXPECT_FALSE(store->article(a.id + b.id + 10).has_value());
}

TEST_F(ListingTest, MediaByIdsKeepsTheOrderGivenAndSkipsUnknown) {
  auto store = open();
  const auto m1 =
      store->save_media({0, "2020/01/a.jpg", "image/jpeg", 4, 3, "", "", "", {}, 0, {}}).value();
  const auto m2 =
      store->save_media({0, "2020/01/b.png", "image/png", 4, 3, "", "", "", {}, 0, {}}).value();
  const auto found = store->media({m2.id, 999, m1.id}).value();
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].path, "2020/01/b.png");
  EXPECT_EQ(found[1].path, "2020/01/a.jpg");
  EXPECT_TRUE(store->media(std::vector<core::Id>{}).value().empty());
}

TEST_F(ListingTest, SnapshotSeesOneStateAndRefusesWrites) {
  auto reader = open();
  auto writer = open();
  const auto en = reader->save_edition({0, "en", "en", "J", "/", core::DateStyle::kEnglish, 0});
  const auto a = reader->save_article(published(en->id, "a", "2020-01-01T00:00:00Z")).value();
  std::string before, during;
  const auto read = reader->in_snapshot([&](Store& s) -> core::Result<void> {
    before = s.article(a.id).value().title;
    Article changed = a;
    changed.title = "Changed elsewhere";
    EXPECT_TRUE(writer->save_article(changed).has_value());
    during = s.article(a.id).value().title;
    EXPECT_FALSE(s.save_tag({0, en->id, "t", "T"}).has_value()) << "a snapshot cannot write";
    return {};
  });
  ASSERT_TRUE(read.has_value()) << read.error().describe();
  EXPECT_EQ(before, "Title of a");
  EXPECT_EQ(during, "Title of a");
  EXPECT_EQ(reader->article(a.id).value().title, "Changed elsewhere");
  EXPECT_FALSE(reader->tag_by_slug(en->id, "t").has_value());
}

TEST_F(ListingTest, SecondMigrationKeepsBodiesAndLinks) {
  {
    // A database as the first schema left it, with one tagged article.
    soci::session sql(soci::sqlite3, "db=" + path_.string());
    const std::string text = statements_for(migrations()[0], "INTEGER PRIMARY KEY");
    for (std::size_t start = 0; start < text.size();) {
      auto end = text.find(";\n", start);
      end = end == std::string::npos ? text.size() : end;
      const std::string statement = text.substr(start, end - start);
      if (statement.find_first_not_of(" \n") != std::string::npos) {
        sql << statement;
      }
      start = end + 2;
    }
    sql << "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
           "applied_at BIGINT NOT NULL)";
    sql << "INSERT INTO schema_migrations VALUES (1, 'initial journal schema', 0)";
    sql << "INSERT INTO editions (id, code, language, name, prefix, date_style, position) "
           "VALUES (1, 'en', 'en', 'J', '/', 'en', 0)";
    sql << "INSERT INTO tags (id, edition_id, slug, name) VALUES (1, 1, 'navy', 'Navy')";
    sql << "INSERT INTO articles (id, edition_id, slug, status, title, lead, body, published_at) "
           "VALUES (7, 1, 'old', 'published', 'Old', 'Lead', 'The old body', 1500000000)";
    sql << "INSERT INTO article_tags (article_id, tag_id) VALUES (7, 1)";
  }
  auto store = open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->migrations_applied_at_open(), latest_schema_version() - 1);
  EXPECT_EQ(store->article(7).value().body, "The old body");
  ArticleQuery q;
  q.now = at("2030-01-01T00:00:00Z");
  q.tag_id = 1;
  const ArticlePage page = store->find_articles(q).value();
  EXPECT_EQ(page.total, 1);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].title, "Old");
}

TEST_F(ListingTest, ModerationMovesAndDeletesCommentsAndTellsTheirArticles) {
  auto store = open();
  const auto en = store->save_edition({0, "en", "en", "J", "/", core::DateStyle::kEnglish, 0});
  const auto a = store->save_article(published(en->id, "a", "2020-01-01T00:00:00Z")).value();
  std::vector<core::Id> ids;
  for (int i = 0; i < 4; ++i) {
    core::Comment c;
    c.article_id = a.id;
    c.name = "Reader " + std::to_string(i);
    c.email = "r" + std::to_string(i) + "@example.org";
    c.body = "Comment " + std::to_string(i);
    c.created_at = at("2020-01-02T00:00:00Z") + std::chrono::minutes{i};
    ids.push_back(store->save_comment(c).value().id);
  }
  std::vector<Change> heard;
  store->subscribe([&](const Change& c) { heard.push_back(c); });

  EXPECT_EQ(store->comment_counts().value().at(core::CommentStatus::kPending), 4);
  CommentQuery q;
  q.status = core::CommentStatus::kPending;
  q.limit = 3;
  const CommentPage pending = store->find_comments(q).value();
  EXPECT_EQ(pending.total, 4);
  ASSERT_EQ(pending.items.size(), 3u);
  EXPECT_EQ(pending.items.front().body, "Comment 3") << "newest first";
  EXPECT_EQ(pending.items.front().email, "r3@example.org") << "moderators see the email";

  EXPECT_EQ(
      store->set_comment_status({ids[0], ids[1], 999}, core::CommentStatus::kApproved).value(), 2);
  ASSERT_EQ(heard.size(), 2u);
  EXPECT_EQ(heard[0].kind, Change::Kind::kComment);
  EXPECT_EQ(heard[0].article_id, a.id);
  EXPECT_EQ(store->approved_comment_count(a.id).value(), 2);
  EXPECT_EQ(store->comment(ids[0]).value().status, core::CommentStatus::kApproved);

  EXPECT_EQ(store->delete_comments({ids[1], ids[2]}).value(), 2);
  EXPECT_EQ(heard.size(), 4u);
  EXPECT_FALSE(store->comment(ids[2]).has_value());
  const auto counts = store->comment_counts().value();
  EXPECT_EQ(counts.at(core::CommentStatus::kApproved), 1);
  EXPECT_EQ(counts.at(core::CommentStatus::kPending), 1);
  EXPECT_EQ(store->find_comments({}).value().total, 2);
}

TEST_F(ListingTest, TheBackOfficeListsEveryStatusWithFilters) {
  auto store = open();
  const auto en = store->save_edition({0, "en", "en", "J", "/", core::DateStyle::kEnglish, 0});
  const auto vi =
      store->save_edition({0, "vi", "vi", "T", "/vi/", core::DateStyle::kVietnamese, 1});
  const auto author = store->save_author({0, en->id, "lan", "Lan", "", "", 0}).value();
  Article draft = published(en->id, "draft-plan", "2020-01-01T00:00:00Z");
  draft.status = ArticleStatus::kDraft;
  draft.title = "A 100% draft_plan";
  draft.author_ids = {author.id};
  ASSERT_TRUE(store->save_article(draft).has_value());
  ASSERT_TRUE(store->save_article(published(en->id, "news", "2020-01-02T00:00:00Z")).has_value());
  ASSERT_TRUE(store->save_article(published(vi->id, "tin", "2020-01-03T00:00:00Z")).has_value());

  EXPECT_EQ(store->filter_articles({}).value().total, 3);
  EXPECT_EQ(store->filter_articles({}).value().items.front().slug, "tin") << "newest first";
  ArticleFilter f;
  f.status = ArticleStatus::kDraft;
  const auto drafts = store->filter_articles(f).value();
  ASSERT_EQ(drafts.total, 1);
  EXPECT_EQ(drafts.items[0].author_ids, std::vector<core::Id>{author.id});
  f = {};
  f.edition_id = vi->id;
  EXPECT_EQ(store->filter_articles(f).value().items.at(0).slug, "tin");
  f = {};
  f.author_id = author.id;
  EXPECT_EQ(store->filter_articles(f).value().total, 1);
  f = {};
  // The text is searched for as words in the full-text index, as readers search.
  f.text = "DRAFT";
  EXPECT_EQ(store->filter_articles(f).value().total, 1) << "case-insensitive";
  f.text = "100%";
  EXPECT_EQ(store->filter_articles(f).value().total, 1);
  f.text = "plan";
  EXPECT_EQ(store->filter_articles(f).value().total, 1) << "_ separates words";
  f.text = "dra";
  EXPECT_EQ(store->filter_articles(f).value().total, 0) << "a part of a word is no word";
  f.text = "dra*";
  EXPECT_EQ(store->filter_articles(f).value().total, 1) << "a prefix";
  f.text = "-draft";
  EXPECT_EQ(store->filter_articles(f).value().total, 0) << "only exclusions find nothing";
  f.text = "% _ :";
  EXPECT_EQ(store->filter_articles(f).value().total, 3) << "no word: no text filter";
}

}  // namespace
}  // namespace tapchi::store
