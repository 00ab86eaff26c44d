// What the dashboard and the front page read from the store: articles by creator and soonest
// first, others' recent saves, comments per quarter hour, most read across editions, and the
// editors' pins with their lapse times.
#include <gtest/gtest.h>

#include "store/store.h"
#include "tests/common/test_store.h"

namespace tapchi::store {
namespace {

using core::Article;
using core::ArticleStatus;

core::Instant at(std::string_view text) { return core::parse_instant(text).value(); }

class NewsroomViews : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_test_store().value();
    en_ = store_->save_edition({0, "en", "en", "Journal", "/en/", core::DateStyle::kEnglish, 0})
              .value();
    vi_ = store_->save_edition({0, "vi", "vi", "Tạp chí", "/", core::DateStyle::kVietnamese, 1})
              .value();
  }

  Article saved(std::string slug, ArticleStatus status, std::optional<core::Instant> published,
                core::Id created_by = 0, core::Id edition = 0) {
    Article a;
    a.edition_id = edition != 0 ? edition : en_.id;
    a.slug = slug;
    a.title = "Title of " + slug;
    a.body = "Text.";
    a.status = status;
    a.published_at = published;
    a.created_by = created_by;
    return store_->save_article(a).value();
  }

  core::Id user(std::string email) {
    core::User u;
    u.email = std::move(email);
    u.password_hash = "x";
    return store_->save_user(u).value().id;
  }

  std::unique_ptr<Store> store_;
  core::Edition en_, vi_;
};

TEST_F(NewsroomViews, ArticlesAreFoundByCreatorAndScheduledOnesSoonestFirst) {
  const core::Id lan = user("lan@example.org");
  const Article mine = saved("mine", ArticleStatus::kDraft, std::nullopt, lan);
  saved("theirs", ArticleStatus::kDraft, std::nullopt, 0);
  const Article later = saved("later", ArticleStatus::kPublished, at("2026-12-03T00:00:00Z"));
  const Article sooner = saved("sooner", ArticleStatus::kPublished, at("2026-12-02T00:00:00Z"));
  ArticleFilter f;
  f.now = at("2026-11-29T00:00:00Z");
  f.created_by = lan;
  f.status = ArticleStatus::kDraft;
  auto found = store_->filter_articles(f).value();
  ASSERT_EQ(found.items.size(), 1u);
  EXPECT_EQ(found.items[0].id, mine.id);
  f = {};
  f.now = at("2026-11-29T00:00:00Z");
  f.status = ArticleStatus::kScheduled;
  f.is_soonest_first = true;
  found = store_->filter_articles(f).value();
  ASSERT_EQ(found.items.size(), 2u);
  EXPECT_EQ(found.items[0].id, sooner.id);
  EXPECT_EQ(found.items[1].id, later.id);
  f.is_soonest_first = false;  // newest first, by id
  EXPECT_EQ(store_->filter_articles(f).value().items[0].id, sooner.id);
}

TEST_F(NewsroomViews, RecentSavesLeaveOutTheAsker) {
  const core::Id lan = user("lan@example.org");
  const core::Id minh = user("minh@example.org");
  const Article a = saved("a", ArticleStatus::kDraft, std::nullopt);
  for (const auto& [who, version, note] : {std::tuple{lan, 1, "saved"},
                                           {minh, 2, "saved"},
                                           {lan, 0, "refused"},
                                           {lan, 3, "published"}}) {
    ASSERT_TRUE(store_->add_revision(
        {0, a.id, version, who, at("2026-11-29T01:00:00Z"), note, "Title", "Lead", "Body"}));
  }
  const auto for_minh = store_->recent_revisions(minh, 10).value();
  ASSERT_EQ(for_minh.size(), 2u);  // lan's two saves that made versions, newest first
  EXPECT_EQ(for_minh[0].version, 3);
  EXPECT_EQ(for_minh[1].version, 1);
  EXPECT_TRUE(for_minh[0].body.empty());
  EXPECT_EQ(for_minh[0].title, "Title");
  EXPECT_EQ(store_->recent_revisions(lan, 10).value().size(), 1u);
  EXPECT_EQ(store_->recent_revisions(0, 2).value().size(), 2u);
}

TEST_F(NewsroomViews, CommentsAreCountedPerQuarterHourLeavingOutStaffReplies) {
  const Article a = saved("a", ArticleStatus::kPublished, at("2026-11-01T00:00:00Z"));
  const auto comment = [&](std::string_view when, core::CommentStatus status, bool staff) {
    core::Comment c;
    c.article_id = a.id;
    c.name = "Reader";
    c.body = "Text";
    c.status = status;
    c.is_staff = staff;
    c.created_at = at(when);
    ASSERT_TRUE(store_->save_comment(c));
  };
  comment("2026-11-28T16:59:00Z", core::CommentStatus::kApproved, false);  // before `from`
  comment("2026-11-28T17:00:00Z", core::CommentStatus::kApproved, false);
  comment("2026-11-28T17:14:59Z", core::CommentStatus::kSpam, false);
  comment("2026-11-28T17:15:00Z", core::CommentStatus::kPending, false);
  comment("2026-11-28T17:20:00Z", core::CommentStatus::kApproved, true);  // staff
  comment("2026-11-29T09:00:00Z", core::CommentStatus::kRejected, false);
  const auto counts = store_->comments_per_quarter_hour(at("2026-11-28T17:00:00Z")).value();
  ASSERT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts[0], std::pair(at("2026-11-28T17:00:00Z"), 2));
  EXPECT_EQ(counts[1], std::pair(at("2026-11-28T17:15:00Z"), 1));
  EXPECT_EQ(counts[2], std::pair(at("2026-11-29T09:00:00Z"), 1));
}

TEST_F(NewsroomViews, MostReadAcrossEditionsWithEditionZero) {
  const Article en = saved("en", ArticleStatus::kPublished, at("2026-11-01T00:00:00Z"));
  const Article vi = saved("vi", ArticleStatus::kPublished, at("2026-11-01T00:00:00Z"), 0, vi_.id);
  ASSERT_TRUE(store_->add_views({{en.id, 20261129, 5}, {vi.id, 20261129, 9}}));
  const auto all = store_->most_read(0, 20261129, at("2026-11-29T12:00:00Z"), 5).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].first.id, vi.id);
  EXPECT_EQ(all[1].second, 5);
  EXPECT_EQ(store_->most_read(en_.id, 20261129, at("2026-11-29T12:00:00Z"), 5)->size(), 1u);
}

TEST_F(NewsroomViews, PinsAreKeptPerPageAnnouncedAndTheirLapseIsTheNextChange) {
  const Article a = saved("a", ArticleStatus::kPublished, at("2026-11-01T00:00:00Z"));
  const Article b = saved("b", ArticleStatus::kPublished, at("2026-11-02T00:00:00Z"));
  std::vector<Change> heard;
  store_->subscribe([&](const Change& c) { heard.push_back(c); });
  ASSERT_TRUE(store_->save_pins(en_.id, 0,
                                {{a.id, 0, std::nullopt}, {b.id, 1, at("2026-11-30T05:00:00Z")}}));
  ASSERT_TRUE(store_->save_pins(en_.id, 7, {{b.id, 0, std::nullopt}}));  // a section page's
  auto front = store_->pins(en_.id, 0).value();
  ASSERT_EQ(front.size(), 2u);
  EXPECT_EQ(front[0].article_id, a.id);
  EXPECT_FALSE(front[0].until.has_value());
  EXPECT_EQ(front[1].place, 1);
  EXPECT_EQ(front[1].until, at("2026-11-30T05:00:00Z"));
  EXPECT_EQ(store_->pins(en_.id, 7)->size(), 1u);
  ASSERT_EQ(heard.size(), 2u);
  EXPECT_EQ(heard[0].kind, Change::Kind::kFront);
  EXPECT_EQ(heard[0].edition_id, en_.id);
  // Pages change by themselves when the pin lapses, as when an article is published.
  EXPECT_EQ(store_->next_publication_after(at("2026-11-29T00:00:00Z")).value(),
            at("2026-11-30T05:00:00Z"));
  saved("scheduled", ArticleStatus::kPublished, at("2026-11-29T06:00:00Z"));
  EXPECT_EQ(store_->next_publication_after(at("2026-11-29T00:00:00Z")).value(),
            at("2026-11-29T06:00:00Z"));
  // Saving replaces; deleting a pinned article takes its pin.
  ASSERT_TRUE(store_->save_pins(en_.id, 0, {{b.id, 0, std::nullopt}}));
  ASSERT_EQ(store_->pins(en_.id, 0)->size(), 1u);
  ASSERT_TRUE(store_->delete_article(b.id));
  EXPECT_TRUE(store_->pins(en_.id, 0)->empty());
  EXPECT_TRUE(store_->pins(en_.id, 7)->empty());
}

}  // namespace
}  // namespace tapchi::store
