#include "store/store.h"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "tests/common/test_store.h"

namespace tapchi::store {
namespace {

using core::Article;
using core::ArticleStatus;
using core::Instant;

Instant at(std::string_view text) { return core::parse_instant(text).value(); }

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_test_store();
    ASSERT_TRUE(opened.has_value()) << opened.error().describe();
    store_ = std::move(*opened);
    vi_ = store_->save_edition({0, "vi", "vi", "Tạp chí", "/", core::DateStyle::kVietnamese, 0})
              .value();
    en_ = store_->save_edition({0, "en", "en", "Journal", "/en/", core::DateStyle::kEnglish, 1})
              .value();
    history_ = store_->save_section({0, en_.id, "history", "History", 1}).value();
    defence_ = store_->save_section({0, en_.id, "defence", "Defence", 0}).value();
  }

  Article published(std::string slug, std::string_view when, core::Id section = 0) {
    Article a;
    a.edition_id = en_.id;
    a.slug = slug;
    a.title = "Title of " + slug;
    a.status = ArticleStatus::kPublished;
    a.published_at = at(when);
    a.section_id = section;
    return a;
  }

  std::unique_ptr<Store> store_;
  core::Edition vi_, en_;
  core::Section history_, defence_;
};

TEST_F(StoreTest, SavesAndReadsAnArticleWithEverything) {
  auto tag1 = store_->save_tag({0, en_.id, "1954", "1954"}).value();
  auto tag2 = store_->save_tag({0, en_.id, "victory", "Victory"}).value();
  auto a1 =
      store_->save_author({0, en_.id, "nguyen-van-a", "Nguyen Van A", "Colonel", "", 0}).value();
  auto a2 = store_->save_author({0, en_.id, "tran-b", "Tran B", "Reporter", "", 0}).value();
  auto photo =
      store_
          ->save_media(
              {0, "2019/08/x.jpg", "image/jpeg", 1600, 900, "alt", "A caption", "VNA", {}, 0, {}})
          .value();
  Article a = published("dien-bien-phu", "2019-08-26T07:06:00+07:00", history_.id);
  a.translation_key = "dbp";
  a.lead = "The lead";
  a.body = "## 1. First\n\nText";
  a.featured_media_id = photo.id;
  a.tag_ids = {tag2.id, tag1.id};
  a.author_ids = {a2.id, a1.id};
  a.comments_open = false;
  auto saved = store_->save_article(a);
  ASSERT_TRUE(saved.has_value()) << saved.error().describe();

  auto read = store_->article(saved->id);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->slug, "dien-bien-phu");
  EXPECT_EQ(read->translation_key, "dbp");
  EXPECT_EQ(read->lead, "The lead");
  EXPECT_EQ(read->body, "## 1. First\n\nText");
  EXPECT_EQ(read->featured_media_id, photo.id);
  EXPECT_EQ(read->section_id, history_.id);
  EXPECT_EQ(read->published_at, at("2019-08-26T00:06:00Z"));
  EXPECT_FALSE(read->updated_at.has_value());
  EXPECT_FALSE(read->comments_open);
  EXPECT_EQ(read->author_ids, (std::vector<core::Id>{a2.id, a1.id}));  // byline order kept
  EXPECT_EQ(read->tag_ids.size(), 2u);
  auto media = store_->media(photo.id).value();
  EXPECT_EQ(media.credit, "VNA");
  EXPECT_EQ(media.width, 1600);
}

TEST_F(StoreTest, UpdateReplacesTagsAndAuthors) {
  auto t1 = store_->save_tag({0, en_.id, "a", "A"}).value();
  auto t2 = store_->save_tag({0, en_.id, "b", "B"}).value();
  Article a = published("x", "2020-01-01T00:00:00Z");
  a.tag_ids = {t1.id};
  a = store_->save_article(a).value();
  a.tag_ids = {t2.id};
  a.title = "Changed";
  ASSERT_TRUE(store_->save_article(a).has_value());
  auto read = store_->article(a.id).value();
  EXPECT_EQ(read.title, "Changed");
  EXPECT_EQ(read.tag_ids, (std::vector<core::Id>{t2.id}));
}

TEST_F(StoreTest, DuplicateSlugInEditionIsAConflictAndWritesNothing) {
  ASSERT_TRUE(store_->save_article(published("same", "2020-01-01T00:00:00Z")).has_value());
  auto t = store_->save_tag({0, en_.id, "t", "T"}).value();
  Article dup = published("same", "2020-01-02T00:00:00Z");
  dup.tag_ids = {t.id};
  auto second = store_->save_article(dup);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, core::ErrorCode::kConflict);
  store::ArticleQuery q;
  q.now = at("2030-01-01T00:00:00Z");
  q.tag_id = t.id;
  EXPECT_EQ(store_->find_articles(q).value().total, 0);
  // The same slug in the other edition is fine.
  Article other = published("same", "2020-01-02T00:00:00Z");
  other.edition_id = vi_.id;
  EXPECT_TRUE(store_->save_article(other).has_value());
}

TEST_F(StoreTest, ListingPaginatesNewestFirstAndHidesUnpublished) {
  for (int i = 0; i < 45; ++i) {
    auto a = published("a" + std::to_string(i),
                       "2020-01-" + std::string(i / 2 + 1 < 10 ? "0" : "") +
                           std::to_string(i / 2 + 1) + "T0" + std::to_string(i % 2) + ":00:00Z",
                       history_.id);
    ASSERT_TRUE(store_->save_article(a).has_value());
  }
  Article draft = published("draft", "2020-01-01T00:00:00Z", history_.id);
  draft.status = ArticleStatus::kDraft;
  ASSERT_TRUE(store_->save_article(draft).has_value());
  ASSERT_TRUE(
      store_->save_article(published("future", "2031-01-01T00:00:00Z", history_.id)).has_value());

  store::ArticleQuery q;
  q.section_id = history_.id;
  q.now = at("2030-01-01T00:00:00Z");
  q.limit = 20;
  auto first = store_->find_articles(q).value();
  EXPECT_EQ(first.total, 45);
  ASSERT_EQ(first.items.size(), 20u);
  EXPECT_EQ(first.items.front().slug, "a44");
  q.offset = 40;
  auto last = store_->find_articles(q).value();
  ASSERT_EQ(last.items.size(), 5u);
  EXPECT_EQ(last.items.back().slug, "a0");
  q.offset = 45;
  EXPECT_TRUE(store_->find_articles(q).value().items.empty());
}

TEST_F(StoreTest, ListingFiltersByMonthRange) {
  ASSERT_TRUE(store_->save_article(published("jul", "2019-07-31T23:59:59Z")).has_value());
  ASSERT_TRUE(store_->save_article(published("aug", "2019-08-01T00:00:00Z")).has_value());
  ASSERT_TRUE(store_->save_article(published("sep", "2019-09-01T00:00:00Z")).has_value());
  store::ArticleQuery q;
  q.now = at("2030-01-01T00:00:00Z");
  q.published_from = at("2019-08-01T00:00:00Z");
  q.published_until = at("2019-09-01T00:00:00Z");
  auto page = store_->find_articles(q).value();
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0].slug, "aug");
}

TEST_F(StoreTest, RelatedRanksSharedTagsThenSectionThenRecency) {
  auto t1 = store_->save_tag({0, en_.id, "t1", "T1"}).value();
  auto t2 = store_->save_tag({0, en_.id, "t2", "T2"}).value();
  Article self = published("self", "2020-01-10T00:00:00Z", history_.id);
  self.tag_ids = {t1.id, t2.id};
  self = store_->save_article(self).value();
  Article two_tags = published("two-tags", "2019-01-01T00:00:00Z", defence_.id);
  two_tags.tag_ids = {t1.id, t2.id};
  ASSERT_TRUE(store_->save_article(two_tags).has_value());
  Article one_tag_other = published("one-tag-other", "2020-01-05T00:00:00Z", defence_.id);
  one_tag_other.tag_ids = {t1.id};
  ASSERT_TRUE(store_->save_article(one_tag_other).has_value());
  Article one_tag_same = published("one-tag-same", "2019-06-01T00:00:00Z", history_.id);
  one_tag_same.tag_ids = {t2.id};
  ASSERT_TRUE(store_->save_article(one_tag_same).has_value());
  ASSERT_TRUE(store_->save_article(published("same-section", "2018-01-01T00:00:00Z", history_.id))
                  .has_value());
  ASSERT_TRUE(store_->save_article(published("newest-other", "2020-01-09T00:00:00Z", defence_.id))
                  .has_value());
  Article other_edition = published("other-edition", "2020-01-09T00:00:00Z");
  other_edition.edition_id = vi_.id;
  ASSERT_TRUE(store_->save_article(other_edition).has_value());
  self.version = 0;
  self = store_->save_article(self).value();  // ranked with every other article there

  auto related = store_->related(self, at("2030-01-01T00:00:00Z"), 4, true).value();
  ASSERT_EQ(related.size(), 4u);
  EXPECT_EQ(related[0].slug, "two-tags");
  EXPECT_EQ(related[1].slug, "one-tag-same");
  EXPECT_EQ(related[2].slug, "one-tag-other");
  EXPECT_EQ(related[3].slug, "same-section");
  auto five = store_->related(self, at("2030-01-01T00:00:00Z"), 10, true).value();
  ASSERT_EQ(five.size(), 5u);
  EXPECT_EQ(five[4].slug, "newest-other");
}

TEST_F(StoreTest, RelatedRanksDistinctiveWordsAboveACommonTag) {
  auto history = store_->save_tag({0, en_.id, "history", "History"}).value();
  Article self = published("self", "2020-01-10T00:00:00Z", history_.id);
  self.title = "Artillery positions at Dien Bien Phu";
  self.tag_ids = {history.id};
  self = store_->save_article(self).value();
  Article words = published("words", "2019-01-01T00:00:00Z", defence_.id);
  words.title = "How the artillery reached Dien Bien Phu";
  ASSERT_TRUE(store_->save_article(words).has_value());
  Article tag_only = published("tag-only", "2020-01-09T00:00:00Z", defence_.id);
  tag_only.title = "Farm prices in the delta";
  tag_only.tag_ids = {history.id};
  ASSERT_TRUE(store_->save_article(tag_only).has_value());
  for (int k = 0; k < 6; ++k) {  // common words, so that rare ones stand out
    Article filler = published("filler-" + std::to_string(k), "2019-05-01T00:00:00Z", defence_.id);
    filler.title = "News at the market in the delta";
    ASSERT_TRUE(store_->save_article(filler).has_value());
  }
  // Saved first, `self` was offered each article as it came; saved again, it ranks them all.
  const auto offered = store_->related(self, at("2030-01-01T00:00:00Z"), 1, true).value();
  ASSERT_EQ(offered.size(), 1u);
  EXPECT_EQ(offered[0].slug, "words") << "a later article is offered to the lists it belongs in";
  self.version = 0;
  self = store_->save_article(self).value();
  const auto by_content = store_->related(self, at("2030-01-01T00:00:00Z"), 2, true).value();
  ASSERT_EQ(by_content.size(), 2u);
  EXPECT_EQ(by_content[0].slug, "words");
  EXPECT_EQ(by_content[1].slug, "tag-only");
  const auto by_tags = store_->related(self, at("2030-01-01T00:00:00Z"), 2, false).value();
  ASSERT_EQ(by_tags.size(), 2u);
  EXPECT_EQ(by_tags[0].slug, "tag-only") << "the baseline ranks the shared tag first";
  const auto all = store_->related(self, at("2030-01-01T00:00:00Z"), 20, true).value();
  EXPECT_EQ(all.size(), 8u);
  for (const Article& a : all) {
    EXPECT_NE(a.id, self.id) << "never the article itself";
    EXPECT_EQ(a.edition_id, self.edition_id);
  }
}

TEST_F(StoreTest, CountsOnlyApprovedComments) {
  auto a = store_->save_article(published("c", "2020-01-01T00:00:00Z")).value();
  const auto add = [&](core::CommentStatus s, std::string_view when) {
    core::Comment c;
    c.article_id = a.id;
    c.name = "Reader";
    c.body = "Text";
    c.status = s;
    c.created_at = at(when);
    return store_->save_comment(c).value();
  };
  add(core::CommentStatus::kApproved, "2020-01-03T00:00:00Z");
  add(core::CommentStatus::kApproved, "2020-01-02T00:00:00Z");
  add(core::CommentStatus::kPending, "2020-01-02T00:00:00Z");
  add(core::CommentStatus::kSpam, "2020-01-02T00:00:00Z");
  EXPECT_EQ(store_->approved_comment_count(a.id).value(), 2);
  auto shown = store_->approved_comments(a.id).value();
  ASSERT_EQ(shown.size(), 2u);
  EXPECT_LT(shown[0].created_at, shown[1].created_at);  // oldest first
}

TEST_F(StoreTest, SectionUpsertKeepsOneRowPerSlug) {
  auto again = store_->save_section({0, en_.id, "history", "Military History", 5}).value();
  EXPECT_EQ(again.id, history_.id);
  EXPECT_EQ(store_->section(history_.id).value().name, "Military History");
  EXPECT_EQ(store_->sections(en_.id).value().size(), 2u);
  EXPECT_EQ(store_->section_by_slug(en_.id, "nope").error().code, core::ErrorCode::kNotFound);
}

TEST_F(StoreTest, TransactionCommitsAllOrNothing) {
  auto failed = store_->in_transaction([&](Store& s) -> core::Result<void> {
    if (auto t = s.save_tag({0, en_.id, "kept", "Kept"}); !t) {
      return core::fail(t.error());
    }
    return core::fail(core::invalid("a later step failed"));
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(store_->tag_by_slug(en_.id, "kept").error().code, core::ErrorCode::kNotFound);

  auto done = store_->in_transaction([&](Store& s) -> core::Result<void> {
    auto t = s.save_tag({0, en_.id, "kept", "Kept"});
    Article a = published("in-tx", "2020-01-01T00:00:00Z");
    a.tag_ids = {t->id};
    if (auto saved = s.save_article(a); !saved) {  // nested write joins the transaction
      return core::fail(saved.error());
    }
    return {};
  });
  ASSERT_TRUE(done.has_value()) << done.error().describe();
  EXPECT_TRUE(store_->tag_by_slug(en_.id, "kept").has_value());
  EXPECT_TRUE(store_->article_by_slug(en_.id, "in-tx").has_value());
}

TEST_F(StoreTest, ListenersHearCommittedChangesOnly) {
  std::vector<Change> heard;
  store_->subscribe([&](const Change& c) { heard.push_back(c); });
  auto a = store_->save_article(published("heard", "2020-01-01T00:00:00Z")).value();
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_EQ(heard[0].kind, Change::Kind::kArticle);
  EXPECT_EQ(heard[0].id, a.id);
  EXPECT_EQ(heard[0].edition_id, en_.id);

  heard.clear();
  auto rolled_back = store_->in_transaction([&](Store& s) -> core::Result<void> {
    (void)s.save_tag({0, en_.id, "gone", "Gone"});
    EXPECT_TRUE(heard.empty());  // not before the commit
    return core::fail(core::invalid("abandon"));
  });
  ASSERT_FALSE(rolled_back.has_value());
  EXPECT_TRUE(heard.empty());

  auto committed = store_->in_transaction([&](Store& s) -> core::Result<void> {
    core::Comment c;
    c.article_id = a.id;
    c.name = "R";
    c.body = "B";
    c.status = core::CommentStatus::kApproved;
    (void)s.save_comment(c);
    EXPECT_TRUE(heard.empty());
    return {};
  });
  ASSERT_TRUE(committed.has_value());
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_EQ(heard[0].kind, Change::Kind::kComment);
  EXPECT_EQ(heard[0].article_id, a.id);
}

TEST_F(StoreTest, FindsTheNextScheduledPublication) {
  const Instant now = at("2020-06-01T00:00:00Z");
  EXPECT_FALSE(store_->next_publication_after(now).value().has_value());
  ASSERT_TRUE(store_->save_article(published("past", "2020-05-01T00:00:00Z")).has_value());
  ASSERT_TRUE(store_->save_article(published("later", "2020-07-01T00:00:00Z")).has_value());
  ASSERT_TRUE(store_->save_article(published("soon", "2020-06-02T00:00:00Z")).has_value());
  EXPECT_EQ(store_->next_publication_after(now).value(), at("2020-06-02T00:00:00Z"));
}

TEST(Migrations, SecondOpenAppliesNone) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("tapchi-migrate-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  const std::string database = is_testing_postgres() ? test_database() : path.string();
  {
    auto first = open(database).value();
    EXPECT_EQ(first->migrations_applied_at_open(), latest_schema_version());
    EXPECT_EQ(first->schema_version(), latest_schema_version());
  }
  {
    auto second = open(database).value();
    EXPECT_EQ(second->migrations_applied_at_open(), 0);
    EXPECT_EQ(second->schema_version(), latest_schema_version());
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

TEST(OpenSqlite, FailsWithAMessageForAnUnwritablePath) {
  auto opened = open_sqlite("/nonexistent-dir/x/tapchi.db");
  ASSERT_FALSE(opened.has_value());
  EXPECT_NE(opened.error().message.find("/nonexistent-dir/x/tapchi.db"), std::string::npos);
}

}  // namespace
}  // namespace tapchi::store

namespace tapchi::store {
namespace {

TEST(Redirects, AreFoundByTheirOldPathAndReplacedWhenKeptAgain) {
  auto store = open_test_store().value();
  EXPECT_EQ(store->redirect_count().value(), 0);
  EXPECT_FALSE(store->redirect("/2019/08/a").value().has_value());
  ASSERT_TRUE(store->save_redirect({"/2019/08/a", Redirect::To::kArticle, 7, "", {}}).has_value());
  ASSERT_TRUE(store->save_redirect({"/old", Redirect::To::kAddress, 0, "https://x.example/", {}})
                  .has_value());
  const auto found = store->redirect("/2019/08/a").value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->to, Redirect::To::kArticle);
  EXPECT_EQ(found->id, 7);
  EXPECT_EQ(store->redirect("/old").value()->address, "https://x.example/");
  ASSERT_TRUE(store->save_redirect({"/2019/08/a", Redirect::To::kTag, 3, "", {}}).has_value());
  EXPECT_EQ(store->redirect("/2019/08/a").value()->to, Redirect::To::kTag);
  EXPECT_EQ(store->redirect_count().value(), 2);
}

TEST(StaticPages, KeepARevisionPerSaveAndRefuseAStaleSaveOrATakenAddress) {
  auto store = open_test_store().value();
  const core::Id vi = store->save_edition({0, "vi", "vi", "Báo", "/", {}, 0}).value().id;
  const core::Id en = store->save_edition({0, "en", "en", "Journal", "/en/", {}, 1}).value().id;
  std::vector<Change> heard;
  store->subscribe([&](const Change& c) { heard.push_back(c); });
  const core::Instant t1{std::chrono::seconds{1'700'000'000}};
  core::StaticPage about{0, vi, "gioi-thieu", "Giới thiệu", "Về **chúng tôi**", true, 2, t1, 0};
  auto saved = store->save_static_page(about, {0, 0, 0, 0, t1, "saved", "", ""});
  ASSERT_TRUE(saved.has_value()) << saved.error().describe();
  EXPECT_EQ(saved->version, 1);
  ASSERT_EQ(heard.size(), 1U);
  EXPECT_EQ(heard[0].kind, Change::Kind::kPage);
  EXPECT_EQ(heard[0].edition_id, vi);

  // Another edition may use the same address; the same edition may not.
  core::StaticPage same_en{0, en, "gioi-thieu", "About", "", false, 0, t1, 0};
  EXPECT_TRUE(store->save_static_page(same_en, {0, 0, 0, 0, t1, "saved", "", ""}).has_value());
  core::StaticPage taken{0, vi, "gioi-thieu", "Khác", "", false, 0, t1, 0};
  EXPECT_EQ(store->save_static_page(taken, {0, 0, 0, 0, t1, "saved", "", ""}).error().code,
            core::ErrorCode::kConflict);

  // A save based on version 1 moves it to 2; another based on 1 changes nothing.
  core::StaticPage edit = *saved;
  edit.body = "Mới";
  const auto second = store->save_static_page(edit, {0, 0, 0, 0, t1, "saved", "", ""});
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->version, 2);
  edit.body = "Cũ hơn";
  const auto stale = store->save_static_page(edit, {0, 0, 0, 0, t1, "saved", "", ""});
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().field, "version");
  EXPECT_EQ(store->static_page(saved->id).value().body, "Mới");
  EXPECT_EQ(store->static_page_by_slug(vi, "gioi-thieu").value().id, saved->id);

  const auto revisions = store->page_revisions(saved->id).value();
  ASSERT_EQ(revisions.size(), 2U);
  EXPECT_EQ(revisions[0].version, 2);
  EXPECT_EQ(revisions[0].body, "") << "listed without their text";
  EXPECT_EQ(store->page_revision(revisions[1].id).value().body, "Về **chúng tôi**");

  // Listed without bodies, the footer's first.
  core::StaticPage contact{0, vi, "lien-he", "Liên hệ", "x", true, 1, t1, 0};
  ASSERT_TRUE(store->save_static_page(contact, {0, 0, 0, 0, t1, "saved", "", ""}).has_value());
  core::StaticPage board{0, vi, "ban-bien-tap", "Ban biên tập", "x", true, 0, t1, 0};
  ASSERT_TRUE(store->save_static_page(board, {0, 0, 0, 0, t1, "saved", "", ""}).has_value());
  const auto listed = store->static_pages(vi).value();
  ASSERT_EQ(listed.size(), 3U);
  EXPECT_EQ(listed[0].slug, "lien-he");
  EXPECT_EQ(listed[1].slug, "gioi-thieu");
  EXPECT_EQ(listed[2].slug, "ban-bien-tap");
  EXPECT_EQ(listed[0].body, "");
  EXPECT_EQ(store->static_pages(0).value().size(), 4U);

  ASSERT_TRUE(store->delete_static_page(saved->id).has_value());
  EXPECT_EQ(store->static_page(saved->id).error().code, core::ErrorCode::kNotFound);
  EXPECT_TRUE(store->page_revisions(saved->id).value().empty());
  EXPECT_EQ(store->delete_static_page(saved->id).error().code, core::ErrorCode::kNotFound);
}

TEST(ImportedItems, AreFoundBySourceKindAndIdAndMoveWhenRecordedAgain) {
  auto store = open_test_store().value();
  EXPECT_FALSE(store->imported("https://old.example", "post", "12").value().has_value());
  ASSERT_TRUE(store->remember_import("https://old.example", "post", "12", 7).has_value());
  EXPECT_EQ(store->imported("https://old.example", "post", "12").value(),
            std::optional<core::Id>(7));
  // Another site's post 12 and this site's comment 12 are other items.
  EXPECT_FALSE(store->imported("https://other.example", "post", "12").value().has_value());
  EXPECT_FALSE(store->imported("https://old.example", "comment", "12").value().has_value());
  ASSERT_TRUE(store->remember_import("https://old.example", "post", "12", 9).has_value());
  EXPECT_EQ(store->imported("https://old.example", "post", "12").value(),
            std::optional<core::Id>(9));
}

}  // namespace
}  // namespace tapchi::store
