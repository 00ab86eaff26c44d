// Sections as operations: who may, what a draft must be, every problem named by its field.
#include "tests/unit/newsroom/fixture.h"

namespace tapchi::newsroom {
namespace {

using SectionsTest = NewsroomTest;

SectionDraft draft(core::Id edition, std::string name, std::string slug, std::string position) {
  return {edition, std::move(name), std::move(slug), std::move(position)};
}

TEST_F(SectionsTest, OnlyEditorsAndAdminsAddOrChangeSections) {
  for (const core::Role role : {core::Role::kContributor, core::Role::kAuthor}) {
    const auto refused = newsroom_->save_section(as(role), 0, draft(en_.id, "Defence", "", "1"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kForbidden);
  }
  EXPECT_TRUE(store_->sections(en_.id).value().empty());
  const auto added =
      newsroom_->save_section(as(core::Role::kEditor), 0, draft(en_.id, "Quốc phòng", "", "2"));
  ASSERT_TRUE(added) << added.error().describe();
  EXPECT_EQ(added->slug, "quoc-phong") << "the address is made from the name";
  EXPECT_EQ(added->position, 2);
  EXPECT_EQ(newsroom_->section(as(core::Role::kAuthor), added->id).error().code,
            core::ErrorCode::kForbidden);

  const auto renamed = newsroom_->save_section(as(core::Role::kAdmin), added->id,
                                               draft(0, "Defence", "defence", "0"));
  ASSERT_TRUE(renamed) << renamed.error().describe();
  EXPECT_EQ(renamed->edition_id, en_.id) << "a section keeps its edition";
  EXPECT_EQ(store_->section(added->id).value().name, "Defence");
}

TEST_F(SectionsTest, NamesEveryProblemByItsFieldAndChangesNothing) {
  core::Section shown;
  const FieldErrors errors = newsroom_->check_section(0, draft(en_.id, "   ", "", "-1"), shown);
  EXPECT_EQ(errors.size(), 2u);
  EXPECT_TRUE(errors.contains("name"));
  EXPECT_TRUE(errors.contains("position"));
  EXPECT_EQ(shown.name, "   ") << "what was typed comes back";

  for (const auto& [bad, field] : std::vector<std::pair<SectionDraft, std::string>>{
           {draft(en_.id, "", "", "1"), "name"},
           {draft(en_.id, std::string(101, 'x'), "", "1"), "name"},
           {draft(en_.id, "Defence", "!!!", "1"), "slug"},
           {draft(en_.id, "Defence", "", ""), "position"},
           {draft(en_.id, "Defence", "", "1.5"), "position"},
           {draft(en_.id, "Defence", "", "1234567"), "position"}}) {
    const auto refused = newsroom_->save_section(as(core::Role::kEditor), 0, bad);
    ASSERT_FALSE(refused) << bad.name;
    EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalid);
    EXPECT_EQ(refused.error().field, field) << bad.name << " / " << bad.position;
  }
  EXPECT_TRUE(store_->sections(en_.id).value().empty());
}

TEST_F(SectionsTest, AnAddressTakenInTheEditionIsRefusedNamingTheOtherSection) {
  const auto first =
      newsroom_->save_section(as(core::Role::kEditor), 0, draft(en_.id, "Defence", "", "0"));
  ASSERT_TRUE(first);
  const auto second = newsroom_->save_section(as(core::Role::kEditor), 0,
                                              draft(en_.id, "Defence news", "defence", "1"));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().field, "slug");
  EXPECT_NE(second.error().message.find("Defence"), std::string::npos) << second.error().message;
  // Saving a section under its own address is no conflict.
  EXPECT_TRUE(newsroom_->save_section(as(core::Role::kEditor), first->id,
                                      draft(0, "Defence", "defence", "3")));
}

TEST_F(SectionsTest, AnIdOfNoSectionIsNotFound) {
  for (const core::Id id : {core::Id{-3}, core::Id{424'242}}) {
    const auto missing =
        newsroom_->save_section(as(core::Role::kAdmin), id, draft(0, "X", "", "0"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  }
}

}  // namespace
}  // namespace tapchi::newsroom
