// Tags as operations: editors and admins rename and delete, problems by field, deletion audited.
#include "tests/unit/newsroom/fixture.h"

namespace tapchi::newsroom {
namespace {

using TagsTest = NewsroomTest;

TEST_F(TagsTest, RenamesWithChecksAndDeletesFromEveryArticleAudited) {
  const core::Tag victory = store_->save_tag({0, en_.id, "victory", "Victory"}).value();
  const core::Tag history = store_->save_tag({0, en_.id, "history", "History"}).value();
  core::Article tagged = article_;
  tagged.tag_ids = {victory.id};
  ASSERT_TRUE(store_->save_article(tagged));

  for (const core::Role role : {core::Role::kContributor, core::Role::kAuthor}) {
    EXPECT_EQ(newsroom_->save_tag(as(role), victory.id, {"Win", ""}).error().code,
              core::ErrorCode::kForbidden);
    EXPECT_EQ(newsroom_->delete_tag(as(role), victory.id).error().code,
              core::ErrorCode::kForbidden);
  }
  const core::User& editor = as(core::Role::kEditor);
  for (const auto& [bad, field] : std::vector<std::pair<TagDraft, std::string>>{
           {{"", ""}, "name"},
           {{std::string(kMaxNameBytes + 1, 'x'), ""}, "name"},
           {{"Win", "***"}, "slug"},
           {{"Win", "history"}, "slug"}}) {
    const auto refused = newsroom_->save_tag(editor, victory.id, bad);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalid);
    EXPECT_EQ(refused.error().field, field) << bad.name << " / " << bad.slug;
  }
  core::Tag shown = victory;
  EXPECT_NE(newsroom_->check_tag({"Win", "history"}, shown).at("slug").find("History"),
            std::string::npos)
      << "the message names the tag that has the address";
  EXPECT_EQ(store_->tag(victory.id).value().name, "Victory");

  const auto renamed = newsroom_->save_tag(editor, victory.id, {"Chiến thắng", ""});
  ASSERT_TRUE(renamed) << renamed.error().describe();
  EXPECT_EQ(renamed->slug, "chien-thang");
  EXPECT_EQ(renamed->edition_id, en_.id);

  const auto deleted = newsroom_->delete_tag(as(core::Role::kAdmin), victory.id);
  ASSERT_TRUE(deleted) << deleted.error().describe();
  EXPECT_EQ(deleted->articles, 1);
  EXPECT_FALSE(store_->tag(victory.id));
  EXPECT_TRUE(store_->article(article_.id).value().tag_ids.empty());
  EXPECT_TRUE(store_->tag(history.id));
  const auto log = store_->audit_log(10, 0).value();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].subject, "tag Chiến thắng");
  EXPECT_EQ(log[0].detail, "removed from 1 articles");
  EXPECT_EQ(newsroom_->delete_tag(editor, victory.id).error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace tapchi::newsroom
