// Articles as operations: each role's rights, deletion audited, restoring a revision.
#include "tests/unit/newsroom/fixture.h"

namespace tapchi::newsroom {
namespace {

class ArticlesTest : public NewsroomTest {
 protected:
  core::Article written_by(core::Role role, core::ArticleStatus status, std::string slug) {
    core::Article a;
    a.edition_id = en_.id;
    a.slug = std::move(slug);
    a.title = "By the " + std::string(core::role_name(role));
    a.status = status;
    if (status == core::ArticleStatus::kPublished) {
      a.published_at = at("2025-01-01T00:00:00Z");
    }
    a.created_by = as(role).id;
    return store_->save_article(a).value();
  }
};

TEST_F(ArticlesTest, EachRoleEditsWhatItsRightsAllow) {
  const core::Article draft =
      written_by(core::Role::kContributor, core::ArticleStatus::kDraft, "draft");
  const core::Article published =
      written_by(core::Role::kContributor, core::ArticleStatus::kPublished, "published");
  const core::Article authors =
      written_by(core::Role::kAuthor, core::ArticleStatus::kPublished, "authors");
  const core::User& contributor = as(core::Role::kContributor);
  const core::User& author = as(core::Role::kAuthor);

  EXPECT_TRUE(newsroom_->editable_article(contributor, draft.id));
  EXPECT_EQ(newsroom_->editable_article(contributor, published.id).error().code,
            core::ErrorCode::kForbidden)
      << "a contributor's own article, once published, is the editors'";
  EXPECT_EQ(newsroom_->editable_article(contributor, authors.id).error().code,
            core::ErrorCode::kForbidden);
  EXPECT_TRUE(newsroom_->editable_article(author, authors.id));
  EXPECT_EQ(newsroom_->editable_article(author, draft.id).error().code,
            core::ErrorCode::kForbidden);
  for (const core::Role role : {core::Role::kEditor, core::Role::kAdmin}) {
    for (const core::Article& a : {draft, published, authors}) {
      EXPECT_TRUE(newsroom_->editable_article(as(role), a.id));
    }
  }
  EXPECT_EQ(newsroom_->editable_article(as(core::Role::kAdmin), 777'777).error().code,
            core::ErrorCode::kNotFound);

  EXPECT_FALSE(may_publish(contributor, draft));
  EXPECT_TRUE(may_publish(author, authors));
  EXPECT_FALSE(may_publish(author, draft));
  EXPECT_TRUE(may_publish(as(core::Role::kEditor), draft));
}

TEST_F(ArticlesTest, DeletingTakesThePublishingRightAndIsAudited) {
  const core::Article draft =
      written_by(core::Role::kContributor, core::ArticleStatus::kDraft, "draft");
  const auto refused = newsroom_->delete_article(as(core::Role::kContributor), draft.id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kForbidden);
  EXPECT_TRUE(store_->article(draft.id));

  const auto deleted = newsroom_->delete_article(as(core::Role::kEditor), draft.id);
  ASSERT_TRUE(deleted) << deleted.error().describe();
  EXPECT_EQ(deleted->title, "By the contributor");
  EXPECT_FALSE(store_->article(draft.id));
  const auto log = store_->audit_log(10, 0).value();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "delete");
  EXPECT_EQ(log[0].subject, "article " + std::to_string(draft.id));
  EXPECT_EQ(log[0].detail, "By the contributor");
  EXPECT_EQ(newsroom_->delete_article(as(core::Role::kEditor), draft.id).error().code,
            core::ErrorCode::kNotFound);
}

TEST_F(ArticlesTest, RestoringARevisionSavesItAgainWithARevisionOfItsOwn) {
  core::Article a = written_by(core::Role::kAuthor, core::ArticleStatus::kPublished, "story-2");
  const core::Revision first = store_
                                   ->add_revision({0, a.id, a.version, as(core::Role::kAuthor).id,
                                                   at("2025-01-01T00:00:00Z"), "saved",
                                                   "First title", "First lead", "First body"})
                                   .value();
  a.title = "Second title";
  a = store_->save_article(a).value();

  EXPECT_EQ(newsroom_->restore_revision(as(core::Role::kContributor), first.id).error().code,
            core::ErrorCode::kForbidden);
  EXPECT_EQ(newsroom_->restore_revision(as(core::Role::kAuthor), 999'999).error().code,
            core::ErrorCode::kNotFound);
  const auto restored = newsroom_->restore_revision(as(core::Role::kAuthor), first.id);
  ASSERT_TRUE(restored) << restored.error().describe();
  EXPECT_EQ(restored->title, "First title");
  EXPECT_EQ(restored->body, "First body");
  EXPECT_EQ(restored->version, a.version + 1);
  EXPECT_EQ(restored->updated_at, clock_.now()) << "a published article shows it as an update";
  const auto revisions = store_->revisions(a.id).value();
  ASSERT_FALSE(revisions.empty());
  bool noted = false;
  for (const core::Revision& r : revisions) {
    noted = noted || r.note == "restored revision " + std::to_string(first.id);
  }
  EXPECT_TRUE(noted);
}

}  // namespace
}  // namespace tapchi::newsroom
