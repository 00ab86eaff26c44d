// Authors as operations: editors and admins add and change them, every problem by its field.
#include "tests/unit/newsroom/fixture.h"

namespace tapchi::newsroom {
namespace {

using AuthorsTest = NewsroomTest;

AuthorDraft draft(core::Id edition, std::string name, std::string slug = {}) {
  AuthorDraft d;
  d.edition_id = edition;
  d.name = std::move(name);
  d.slug = std::move(slug);
  return d;
}

TEST_F(AuthorsTest, EditorsAddAndChangeAuthorsWithEveryProblemNamed) {
  for (const core::Role role : {core::Role::kContributor, core::Role::kAuthor}) {
    EXPECT_EQ(newsroom_->save_author(as(role), 0, draft(en_.id, "Nguyễn Văn A")).error().code,
              core::ErrorCode::kForbidden);
  }
  const core::User& editor = as(core::Role::kEditor);
  AuthorDraft a = draft(en_.id, "Nguyễn Văn A");
  a.position = "Colonel";
  const auto added = newsroom_->save_author(editor, 0, a);
  ASSERT_TRUE(added) << added.error().describe();
  EXPECT_EQ(added->slug, "nguyen-van-a");
  EXPECT_EQ(added->position, "Colonel");
  EXPECT_EQ(newsroom_->author(as(core::Role::kAuthor), added->id).error().code,
            core::ErrorCode::kForbidden);

  AuthorDraft wrong = draft(en_.id, "Trần B", "nguyen-van-a");
  wrong.position = std::string(kMaxPositionBytes + 1, 'p');
  wrong.bio = std::string(kMaxBioBytes + 1, 'b');
  wrong.photo_id = 4242;
  core::Author shown;
  const FieldErrors errors = newsroom_->check_author(wrong, shown);
  EXPECT_EQ(errors.size(), 4u);
  for (const char* field : {"slug", "position", "bio", "photo"}) {
    EXPECT_TRUE(errors.contains(field)) << field;
  }
  EXPECT_NE(errors.at("slug").find("Nguyễn Văn A"), std::string::npos);
  EXPECT_EQ(shown.photo_id, 0) << "a photo gone from the library is dropped";
  const auto refused = newsroom_->save_author(editor, 0, wrong);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalid);
  EXPECT_EQ(store_->authors_of(en_.id).value().size(), 1u);

  const auto renamed = newsroom_->save_author(as(core::Role::kAdmin), added->id,
                                              draft(0, "Nguyễn Văn An", "nguyen-van-a"));
  ASSERT_TRUE(renamed) << renamed.error().describe();
  EXPECT_EQ(renamed->edition_id, en_.id) << "an author keeps its edition";
  EXPECT_EQ(store_->author(added->id).value().name, "Nguyễn Văn An");
  EXPECT_EQ(newsroom_->save_author(editor, 99'999, draft(0, "X")).error().code,
            core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace tapchi::newsroom
