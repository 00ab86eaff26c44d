// The full-text index: written with every change, folded and stemmed per edition, ranked.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/store.h"
#include "tests/common/test_store.h"

namespace tapchi::store {
namespace {

using core::Article;
using core::ArticleStatus;
using core::Instant;

Instant at(std::string_view text) { return core::parse_instant(text).value(); }

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_test_store().value());
    vi_ = store_->save_edition({0, "vi", "vi", "Tạp chí", "/", core::DateStyle::kVietnamese, 0})
              .value();
    en_ = store_->save_edition({0, "en", "en", "Journal", "/en/", core::DateStyle::kEnglish, 1})
              .value();
  }

  Article save(const core::Edition& e, std::string slug, std::string title, std::string body,
               std::string_view when = "2024-05-07T01:00:00Z") {
    Article a;
    a.edition_id = e.id;
    a.slug = std::move(slug);
    a.title = std::move(title);
    a.lead = "";
    a.body = std::move(body);
    a.status = ArticleStatus::kPublished;
    a.published_at = at(when);
    return store_->save_article(a).value();
  }

  // Slugs of what `text` finds in edition `e` at `now`, best first.
  std::vector<std::string> find(const core::Edition& e, std::string_view text,
                                std::string_view now = "2025-01-01T00:00:00Z", SearchQuery q = {}) {
    q.query = search::parse_query(text);
    q.edition_id = e.id;
    q.now = at(now);
    std::vector<std::string> slugs;
    auto page = store_->search(q);
    EXPECT_TRUE(page.has_value()) << text;
    if (page) {
      for (const SearchHit& h : page->hits) {
        slugs.push_back(h.article.slug);
      }
      EXPECT_EQ(page->total, static_cast<int>(slugs.size())) << text;
    }
    return slugs;
  }

  std::unique_ptr<Store> store_;
  core::Edition vi_, en_;
};

using Slugs = std::vector<std::string>;

TEST_F(SearchTest, FindsVietnameseWithOrWithoutMarksAndDStroke) {
  save(vi_, "dbp", "Chiến thắng Điện Biên Phủ", "Năm 1954, quân đội ta đã chiến thắng.");
  save(vi_, "hn", "Hà Nội mùa thu", "Phố cổ Hà Nội.");
  for (const char* text : {"dien bien phu", "Điện Biên Phủ", "ĐIỆN BIÊN PHỦ", "điện biên", "doi"}) {
    EXPECT_EQ(find(vi_, text), Slugs{"dbp"}) << text;
  }
  EXPECT_EQ(find(vi_, "ha noi"), Slugs{"hn"});
  EXPECT_EQ(find(vi_, "\"bien phu\""), Slugs{"dbp"});
  EXPECT_EQ(find(vi_, "\"phu bien\""), Slugs{});
}

TEST_F(SearchTest, StemsEnglishEditionsOnly) {
  save(en_, "soldier", "A soldier remembers", "He served for years.");
  save(vi_, "vi-soldier", "A soldier remembers", "He served for years.");
  EXPECT_EQ(find(en_, "soldiers"), Slugs{"soldier"});
  EXPECT_EQ(find(en_, "serving"), Slugs{"soldier"});
  EXPECT_EQ(find(vi_, "soldiers"), Slugs{}) << "no English stemming in a Vietnamese edition";
  EXPECT_EQ(find(vi_, "soldier"), Slugs{"vi-soldier"});
}

TEST_F(SearchTest, ReadsPrefixesAndExclusions) {
  save(en_, "hill", "The hill", "Artillery on the hill.");
  save(en_, "river", "The river", "Artillery by the river.");
  EXPECT_EQ(find(en_, "artil*").size(), 2u);
  EXPECT_EQ(find(en_, "artillery -river"), Slugs{"hill"});
  EXPECT_EQ(find(en_, "artillery -\"by the river\""), Slugs{"hill"});
}

TEST_F(SearchTest, RanksTitleAboveBodyThenNewestFirst) {
  save(en_, "body", "Other words", "A long story about the tunnel and much else besides.",
       "2024-05-09T00:00:00Z");
  save(en_, "title", "The tunnel", "Nothing else here at all.", "2024-05-01T00:00:00Z");
  save(en_, "body-old", "Other words", "A long story about the tunnel and much else besides.",
       "2024-05-02T00:00:00Z");
  EXPECT_EQ(find(en_, "tunnel"), (Slugs{"title", "body", "body-old"}));
  SearchQuery newest;
  newest.is_newest_first = true;
  EXPECT_EQ(find(en_, "tunnel", "2025-01-01T00:00:00Z", newest),
            (Slugs{"body", "body-old", "title"}));
}

TEST_F(SearchTest, ShowsOnlyWhatReadersMaySee) {
  save(en_, "now", "Harbour news", "");
  save(en_, "later", "Harbour plans", "", "2030-01-01T00:00:00Z");
  Article draft = save(en_, "draft", "Harbour draft", "");
  draft.status = ArticleStatus::kDraft;
  ASSERT_TRUE(store_->save_article(draft).has_value());
  EXPECT_EQ(find(en_, "harbour"), Slugs{"now"});
  EXPECT_EQ(find(en_, "harbour", "2030-01-01T00:00:00Z"), (Slugs{"later", "now"}));
  EXPECT_EQ(find(vi_, "harbour"), Slugs{}) << "another edition";
}

TEST_F(SearchTest, FiltersBySectionAuthorAndDates) {
  const auto section = store_->save_section({0, en_.id, "defence", "Defence", 0}).value();
  const auto author = store_->save_author({0, en_.id, "lan", "Lan", "", "", 0}).value();
  Article a = save(en_, "a", "Bridge one", "", "2024-01-10T00:00:00Z");
  a.section_id = section.id;
  a.author_ids = {author.id};
  ASSERT_TRUE(store_->save_article(a).has_value());
  save(en_, "b", "Bridge two", "", "2024-03-10T00:00:00Z");
  SearchQuery q;
  q.section_id = section.id;
  EXPECT_EQ(find(en_, "bridge", "2025-01-01T00:00:00Z", q), Slugs{"a"});
  q = {};
  q.author_id = author.id;
  EXPECT_EQ(find(en_, "bridge", "2025-01-01T00:00:00Z", q), Slugs{"a"});
  q = {};
  q.published_from = at("2024-02-01T00:00:00Z");
  EXPECT_EQ(find(en_, "bridge", "2025-01-01T00:00:00Z", q), Slugs{"b"});
  q = {};
  q.published_until = at("2024-02-01T00:00:00Z");
  EXPECT_EQ(find(en_, "bridge", "2025-01-01T00:00:00Z", q), Slugs{"a"});
}

TEST_F(SearchTest, IndexesSectionTagAndAuthorNamesAndFollowsRenames) {
  const auto section = store_->save_section({0, en_.id, "defence", "Defence", 0}).value();
  auto tag = store_
                 ->save_tag({
                     0,
                     en_.id,
                     "navy",
                     "Navy",
                 })
                 .value();
  auto author = store_->save_author({0, en_.id, "lan", "Nguyen Lan", "", "", 0}).value();
  Article a = save(en_, "a", "Harbour", "");
  a.section_id = section.id;
  a.tag_ids = {tag.id};
  a.author_ids = {author.id};
  ASSERT_TRUE(store_->save_article(a).has_value());
  EXPECT_EQ(find(en_, "defence"), Slugs{"a"});
  EXPECT_EQ(find(en_, "navy"), Slugs{"a"});
  EXPECT_EQ(find(en_, "nguyen"), Slugs{"a"});
  tag.name = "Fleet";
  ASSERT_TRUE(store_->save_tag(tag).has_value());
  EXPECT_EQ(find(en_, "navy"), Slugs{});
  EXPECT_EQ(find(en_, "fleet"), Slugs{"a"});
  author.name = "Tran Lan";
  ASSERT_TRUE(store_->save_author(author).has_value());
  EXPECT_EQ(find(en_, "nguyen"), Slugs{});
  EXPECT_EQ(find(en_, "tran"), Slugs{"a"});
  ASSERT_TRUE(store_->delete_tag(tag.id).has_value());
  EXPECT_EQ(find(en_, "fleet"), Slugs{});
}

TEST_F(SearchTest, FollowsSavesAndDeletes) {
  Article a = save(en_, "a", "Old title", "");
  EXPECT_EQ(find(en_, "old"), Slugs{"a"});
  a.title = "New title";
  a.version = 0;
  ASSERT_TRUE(store_->save_article(a).has_value());
  EXPECT_EQ(find(en_, "old"), Slugs{});
  EXPECT_EQ(find(en_, "new"), Slugs{"a"});
  ASSERT_TRUE(store_->delete_article(a.id).has_value());
  EXPECT_EQ(find(en_, "new"), Slugs{});
}

TEST_F(SearchTest, ARolledBackSaveLeavesTheIndexAsItWas) {
  const auto failed = store_->in_transaction([&](Store& s) -> core::Result<void> {
    Article a;
    a.edition_id = en_.id;
    a.slug = "ghost";
    a.title = "Ghost";
    a.status = ArticleStatus::kPublished;
    a.published_at = at("2024-01-01T00:00:00Z");
    if (auto saved = s.save_article(a); !saved) {
      return core::fail(saved.error());
    }
    return core::fail(core::invalid("changed my mind"));
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(find(en_, "ghost"), Slugs{});
}

TEST_F(SearchTest, GivesTheBodysReadingTextForSnippets) {
  save(en_, "a", "Title", "## 1. Heading\n\nThe **valley** was [quiet](https://example.com).");
  SearchQuery q;
  q.query = search::parse_query("valley");
  q.edition_id = en_.id;
  q.now = at("2025-01-01T00:00:00Z");
  const auto page = store_->search(q).value();
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_EQ(page.hits[0].text, "1. Heading\nThe valley was quiet.");
}

TEST_F(SearchTest, RefusesAQueryWithNothingToLookFor) {
  SearchQuery q;
  q.query = search::parse_query("-war");
  const auto page = store_->search(q);
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code, core::ErrorCode::kInvalid);
}

TEST_F(SearchTest, ReindexRebuildsEveryRowAndCountsProgress) {
  for (int k = 0; k < 300; ++k) {
    save(en_, "a" + std::to_string(k), "Lighthouse " + std::to_string(k), "");
  }
  std::vector<std::pair<int, int>> steps;
  const auto n = store_->reindex([&](std::string_view step, int done, int total) {
    if (step == "Indexing") {
      steps.emplace_back(done, total);
    }
  });
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(*n, 300);
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.back(), std::make_pair(300, 300));
  EXPECT_GT(steps.size(), 1u) << "progress comes in batches";
  SearchQuery q;
  q.query = search::parse_query("lighthouse");
  q.edition_id = en_.id;
  q.now = at("2025-01-01T00:00:00Z");
  q.limit = 5;
  EXPECT_EQ(store_->search(q).value().total, 300);
}

}  // namespace
}  // namespace tapchi::store

namespace tapchi::store {
namespace {

TEST_F(SearchTest, RanksTheNewestThousandMatchesAndSaysThereAreMore) {
  ASSERT_TRUE(store_
                  ->in_transaction([&](Store&) -> core::Result<void> {
                    for (int k = 0; k < 1005; ++k) {
                      save(en_, "a" + std::to_string(k), "Lighthouse " + std::to_string(k), "");
                    }
                    return {};
                  })
                  .has_value());
  SearchQuery q;
  q.query = search::parse_query("lighthouse");
  q.edition_id = en_.id;
  q.now = at("2025-01-01T00:00:00Z");
  q.limit = 20;
  const auto page = store_->search(q).value();
  EXPECT_EQ(page.total, 1000);
  EXPECT_TRUE(page.is_more);
  EXPECT_EQ(page.hits.size(), 20u);
  // The last ranked page holds the oldest of the thousand; past it nothing, and still the count.
  q.offset = 980;
  const auto last = store_->search(q).value();
  EXPECT_EQ(last.hits.size(), 20u);
  EXPECT_EQ(last.total, 1000);
  for (const SearchHit& hit : last.hits) {
    EXPECT_NE(hit.article.slug, "a4")
        << "the 1,001st newest (read to tell there are more) is never shown";
  }
  q.offset = 1000;
  const auto past = store_->search(q).value();
  EXPECT_TRUE(past.hits.empty());
  EXPECT_EQ(past.total, 1000);
  EXPECT_TRUE(past.is_more);
  q.offset = 0;
  q.query = search::parse_query("lighthouse 7");
  const auto narrow = store_->search(q).value();
  EXPECT_FALSE(narrow.is_more);
  ASSERT_EQ(narrow.total, 1);
  EXPECT_EQ(narrow.hits.at(0).article.slug, "a7") << "older articles are reached by narrowing";
}

}  // namespace
}  // namespace tapchi::store
