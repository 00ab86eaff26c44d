// Settings as an operation: admins only, every wrong field named, each change audited once.
#include "tests/unit/newsroom/fixture.h"

namespace tapchi::newsroom {
namespace {

class SettingsTest : public NewsroomTest {
 protected:
  SettingsDraft draft() const {
    return {"Quân đội Nhân dân", "Asia/Ho_Chi_Minh", "moderated", "30", true, {}};
  }
  int audit_lines() const { return static_cast<int>(store_->audit_log(100, 0)->size()); }
  const SiteNow shown{"Journal", "UTC"};
};

TEST_F(SettingsTest, OnlyAdminsChangeTheSettings) {
  const auto refused = newsroom_->save_settings(as(core::Role::kEditor), draft(), shown);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kForbidden);
  EXPECT_TRUE(store_->settings()->empty());
}

TEST_F(SettingsTest, EveryWrongFieldIsNamed) {
  SettingsDraft d{" ",     "Mars/Olympus", "sometimes",
                  "99999", false,          {{en_.id, std::string(200, 'x')}, {4242, "Nobody"}}};
  const FieldErrors errors = newsroom_->check_settings(d);
  const std::vector<std::string> wrong{
      "site_name",   "time_zone", "policy", "close_after_days", "edition_" + std::to_string(en_.id),
      "edition_4242"};
  for (const std::string& name : wrong) {
    EXPECT_TRUE(errors.contains(name)) << name;
  }
  const auto refused = newsroom_->save_settings(as(core::Role::kAdmin), d, shown);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalid);
  EXPECT_EQ(audit_lines(), 0);
}

TEST_F(SettingsTest, ChangesAreSavedAndAuditedOnceAndARepeatWritesNothing) {
  SettingsDraft d = draft();
  d.edition_names[en_.id] = "English edition";
  const auto changed = newsroom_->save_settings(as(core::Role::kAdmin), d, shown);
  ASSERT_TRUE(changed) << changed.error().describe();
  EXPECT_NE(changed->find("site.name: Journal → Quân đội Nhân dân"), std::string::npos) << *changed;
  EXPECT_NE(changed->find("edition en: English edition"), std::string::npos) << *changed;
  EXPECT_EQ(store_->settings()->at("comments.policy"), "moderated");
  EXPECT_EQ(store_->editions()->front().name, "English edition");
  EXPECT_EQ(audit_lines(), 1);

  const SiteNow now_shown{"Quân đội Nhân dân", "Asia/Ho_Chi_Minh"};
  const auto again = newsroom_->save_settings(as(core::Role::kAdmin), d, now_shown);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(audit_lines(), 1) << "nothing changed, nothing written";
}

}  // namespace
}  // namespace tapchi::newsroom
