// Writing as an operation: checks by field, the workflow per role, scheduling, new tags, stale
// saves refused with the text kept.
#include "tests/unit/newsroom/fixture.h"

namespace tapchi::newsroom {
namespace {

class WritingTest : public NewsroomTest {
 protected:
  ArticleDraft draft(std::string title) const {
    ArticleDraft d;
    d.edition_id = en_.id;
    d.title = std::move(title);
    d.lead = "A lead.";
    d.body = "Some **text**.";
    return d;
  }

  std::vector<core::Revision> revisions(core::Id id) const { return store_->revisions(id).value(); }

  std::vector<std::string> audit_actions() const {
    std::vector<std::string> actions;
    const auto log = store_->audit_log(100, 0).value();
    for (const core::AuditEntry& e : log) {
      actions.push_back(e.action);
    }
    return actions;
  }
};

TEST_F(WritingTest, ANewArticleGetsItsAddressTagsAndFirstRevision) {
  ArticleDraft d = draft("  Night patrol on the river ");
  d.tags = {"River", "Patrols", "river"};
  const auto saved =
      newsroom_->save_article(as(core::Role::kContributor), 0, d, ArticleAction::kSave);
  ASSERT_TRUE(saved) << saved.error().describe();
  EXPECT_EQ(saved->slug, "night-patrol-on-the-river");
  EXPECT_EQ(saved->status, core::ArticleStatus::kDraft);
  EXPECT_EQ(saved->created_by, as(core::Role::kContributor).id);
  EXPECT_EQ(saved->tag_ids.size(), 2u) << "a name given twice makes one tag";
  EXPECT_EQ(store_->tags_of(en_.id).value().size(), 2u);
  const auto kept = revisions(saved->id);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept.front().note, "saved");
  EXPECT_EQ(kept.front().version, saved->version);
  EXPECT_TRUE(audit_actions().empty()) << "a save is not audited; publishing is";
}

TEST_F(WritingTest, EveryWrongFieldIsNamedAndNothingIsWritten) {
  ArticleDraft d = draft(" ");
  d.section_id = 999;
  d.author_ids = {12345};
  d.featured_media_id = 77;
  d.comment_mode = "sometimes";
  d.lead = std::string(kMaxLeadBytes + 1, 'x');
  core::Article into;
  const FieldErrors errors = newsroom_->check_article(d, into);
  for (const char* name : {"title", "lead", "section", "authors", "featured", "comment_mode"}) {
    EXPECT_TRUE(errors.contains(name)) << name;
  }
  const auto refused =
      newsroom_->save_article(as(core::Role::kEditor), 0, d, ArticleAction::kPublish);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalid);
  EXPECT_TRUE(errors.contains(refused.error().field));
  store::ArticleFilter all;
  all.now = clock_.now();
  EXPECT_EQ(store_->filter_articles(all)->total, 1) << "only the fixture's article";
}

TEST_F(WritingTest, AContributorSubmitsButCannotPublish) {
  const core::User& contributor = as(core::Role::kContributor);
  auto saved =
      newsroom_->save_article(contributor, 0, draft("Field kitchens"), ArticleAction::kSave);
  ASSERT_TRUE(saved);
  ArticleDraft d = draft("Field kitchens");
  d.version = saved->version;
  const auto refused = newsroom_->save_article(contributor, saved->id, d, ArticleAction::kPublish);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kForbidden);
  EXPECT_EQ(store_->article(saved->id)->status, core::ArticleStatus::kDraft);

  const auto submitted = newsroom_->save_article(contributor, saved->id, d, ArticleAction::kSubmit);
  ASSERT_TRUE(submitted) << submitted.error().describe();
  EXPECT_EQ(submitted->status, core::ArticleStatus::kReview);
  EXPECT_EQ(revisions(saved->id).front().note, "submitted for review");

  ArticleDraft by_editor = draft("Field kitchens feed a brigade");
  by_editor.version = submitted->version;
  const auto published = newsroom_->save_article(as(core::Role::kEditor), saved->id, by_editor,
                                                 ArticleAction::kPublish);
  ASSERT_TRUE(published) << published.error().describe();
  EXPECT_TRUE(published->is_visible_at(clock_.now()));
  EXPECT_EQ(published->slug, "field-kitchens-feed-a-brigade");
  EXPECT_EQ(audit_actions(), std::vector<std::string>{"publish"});
}

TEST_F(WritingTest, ALaterTimeSchedulesTheArticle) {
  ArticleDraft d = draft("Dawn drill");
  d.publish_at = at("2025-01-05T00:30:00Z");
  const auto scheduled =
      newsroom_->save_article(as(core::Role::kEditor), 0, d, ArticleAction::kPublish);
  ASSERT_TRUE(scheduled);
  EXPECT_FALSE(scheduled->is_visible_at(clock_.now()));
  EXPECT_TRUE(scheduled->is_visible_at(at("2025-01-05T00:30:00Z")));
  EXPECT_EQ(revisions(scheduled->id).front().note, "scheduled for 2025-01-05 00:30 UTC");
  EXPECT_EQ(audit_actions(), std::vector<std::string>{"schedule"});
}

TEST_F(WritingTest, WebhooksHearOfAScheduledPublicationAtItsTimeAndNotWhenItIsWithdrawn) {
  core::Webhook hook;
  hook.url = "http://127.0.0.1:9/";
  hook.events = {"article.published", "article.updated", "article.unpublished"};
  hook.secret = "s";
  hook.created_at = clock_.now();
  const core::Id hook_id = store_->save_webhook(hook).value().id;
  const auto pending = [&] {  // the webhook's deliveries still to make, oldest first
    std::vector<core::Delivery> out;
    std::vector<core::Delivery> all = store_->deliveries(hook_id, 100).value();
    for (core::Delivery& d : all) {
      if (d.status == "pending") {
        out.insert(out.begin(), std::move(d));
      }
    }
    return out;
  };
  const core::User& editor = as(core::Role::kEditor);
  ArticleDraft d = draft("Dawn drill");
  d.publish_at = at("2025-01-05T00:30:00Z");
  const auto scheduled = newsroom_->save_article(editor, 0, d, ArticleAction::kPublish);
  ASSERT_TRUE(scheduled);
  ASSERT_EQ(pending().size(), 1u);
  EXPECT_EQ(pending()[0].event, "article.published");
  EXPECT_EQ(pending()[0].next_attempt_at, at("2025-01-05T00:30:00Z")) << "due at its time";
  EXPECT_NE(pending()[0].payload.find("\"status\":\"published\""), std::string::npos);
  EXPECT_TRUE(store_->due_deliveries(clock_.now(), 100)->empty()) << "nothing is due yet";

  d.version = scheduled->version;
  d.publish_at = at("2025-01-06T00:30:00Z");
  const auto moved = newsroom_->save_article(editor, scheduled->id, d, ArticleAction::kPublish);
  ASSERT_TRUE(moved);
  ASSERT_EQ(pending().size(), 1u) << "the first time is taken back";
  EXPECT_EQ(pending()[0].next_attempt_at, at("2025-01-06T00:30:00Z"));

  d.version = moved->version;
  ASSERT_TRUE(newsroom_->save_article(editor, scheduled->id, d, ArticleAction::kUnpublish));
  EXPECT_TRUE(pending().empty()) << "withdrawn before its time: nobody is told";

  // A published article's change is told at once.
  ArticleDraft change = draft("A story, corrected");
  change.version = article_.version;
  ASSERT_TRUE(newsroom_->save_article(editor, article_.id, change, ArticleAction::kSave));
  ASSERT_EQ(pending().size(), 1u);
  EXPECT_EQ(pending()[0].event, "article.updated");
}

TEST_F(WritingTest, AStaleSaveChangesNothingAndKeepsItsText) {
  const core::User& editor = as(core::Role::kEditor);
  ArticleDraft first = draft("A story");
  first.version = article_.version;
  first.body = "First editor's text.";
  const auto saved = newsroom_->save_article(editor, article_.id, first, ArticleAction::kSave);
  ASSERT_TRUE(saved) << saved.error().describe();
  EXPECT_EQ(saved->updated_at, clock_.now()) << "a change readers see is dated";

  ArticleDraft late = first;  // still based on the version before that save
  late.body = "Second editor's text.";
  Stale stale;
  const auto refused = newsroom_->save_article(as(core::Role::kAdmin), article_.id, late,
                                               ArticleAction::kSave, &stale);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(refused.error().field, "version");
  EXPECT_EQ(stale.version, saved->version);
  EXPECT_EQ(stale.by, editor.name);
  EXPECT_NE(refused.error().message.find(editor.name), std::string::npos);
  EXPECT_EQ(store_->article(article_.id)->body, "First editor's text.");
  const auto kept = store_->revision(stale.kept_revision);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->body, "Second editor's text.");
  EXPECT_EQ(kept->version, 0) << "a refused save's revision makes no version";
}

TEST_F(WritingTest, AChangeMustSayWhichVersionItIsBasedOn) {
  const auto refused = newsroom_->save_article(as(core::Role::kEditor), article_.id,
                                               draft("No version"), ArticleAction::kSave);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalid);
  EXPECT_EQ(refused.error().field, "version");
}

}  // namespace
}  // namespace tapchi::newsroom
