// A journal in memory with one published article and an account of every role, for the
// newsroom's operations.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "newsroom/newsroom.h"
#include "tests/common/test_store.h"

namespace tapchi::newsroom {

inline core::Instant at(std::string_view text) { return core::parse_instant(text).value(); }

class NewsroomTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_test_store();
    ASSERT_TRUE(opened.has_value()) << opened.error().describe();
    store_ = std::move(*opened);
    newsroom_ = std::make_unique<Newsroom>(*store_, clock_);
    en_ =
        store_->save_edition({0, "en", "en", "Journal", "/", core::DateStyle::kEnglish, 0}).value();
    core::Article a;
    a.edition_id = en_.id;
    a.slug = "story";
    a.title = "A story";
    a.status = core::ArticleStatus::kPublished;
    a.published_at = at("2025-01-01T00:00:00Z");
    article_ = store_->save_article(a).value();
    for (const core::Role role :
         {core::Role::kContributor, core::Role::kAuthor, core::Role::kEditor, core::Role::kAdmin}) {
      core::User u;
      u.email = std::string(core::role_name(role)) + "@example.org";
      u.name = "The " + std::string(core::role_name(role));
      u.role = role;
      u.password_hash = "x";
      users_.push_back(store_->save_user(u).value());
    }
  }

  const core::User& as(core::Role role) const { return users_.at(static_cast<std::size_t>(role)); }

  std::unique_ptr<store::Store> store_;
  core::FixedClock clock_{at("2025-01-03T08:00:00Z")};
  std::unique_ptr<Newsroom> newsroom_;
  core::Edition en_;
  core::Article article_;
  std::vector<core::User> users_;
};

}  // namespace tapchi::newsroom
