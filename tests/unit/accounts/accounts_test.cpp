#include "accounts/accounts.h"

#include <string>

#include <gtest/gtest.h>

namespace tapchi::accounts {
namespace {

TEST(CheckPassword, CountsCharactersNotBytes) {
  EXPECT_FALSE(check_password("short1234").has_value());  // 9 characters
  EXPECT_TRUE(check_password("long enough").has_value());
  // 10 characters, 16 bytes: Vietnamese letters are two or three bytes each.
  EXPECT_TRUE(check_password("mậtkhẩuđủ1").has_value());
  EXPECT_FALSE(check_password("mậtkhẩuđủ").has_value());  // 9 characters, 15 bytes
}

TEST(CheckPassword, RefusesWhatCannotBeTypedOrStored) {
  const auto invalid = check_password(std::string("valid start \xC3\x28 and more"));
  ASSERT_FALSE(invalid.has_value());
  EXPECT_EQ(invalid.error().field, "password");
  EXPECT_FALSE(check_password("tab\tinside the password").has_value());
  EXPECT_FALSE(check_password(std::string(1025, 'a')).has_value());
  EXPECT_TRUE(check_password(std::string(1024, 'a')).has_value());
}

TEST(HashPassword, IsSaltedArgon2idAndVerifies) {
  const std::string first = hash_password("correct horse battery").value();
  const std::string second = hash_password("correct horse battery").value();
  EXPECT_EQ(first.rfind("$argon2id$", 0), 0u) << first;
  EXPECT_NE(first, second) << "each hash has its own salt";
  EXPECT_TRUE(verify_password(first, "correct horse battery"));
  EXPECT_TRUE(verify_password(second, "correct horse battery"));
  EXPECT_FALSE(verify_password(first, "correct horse batterY"));
  EXPECT_FALSE(verify_password("not a hash", "correct horse battery"));
  EXPECT_FALSE(verify_password("", ""));
}

class AddUserTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = store::open_sqlite(":memory:").value(); }
  std::unique_ptr<store::Store> store_;
  core::FixedClock clock_{core::parse_instant("2026-11-25T08:00:00Z").value()};
};

TEST_F(AddUserTest, StoresALowerCasedEmailAndAHashAndAudits) {
  const auto added = add_user(*store_, "  Lan.Nguyen@Example.ORG ", "Nguyễn Lan",
                              core::Role::kEditor, "a long passphrase", clock_);
  ASSERT_TRUE(added.has_value()) << added.error().describe();
  const core::User read = store_->user_by_email("lan.nguyen@example.org").value();
  EXPECT_EQ(read.id, added->id);
  EXPECT_EQ(read.name, "Nguyễn Lan");
  EXPECT_EQ(read.role, core::Role::kEditor);
  EXPECT_TRUE(read.is_active);
  EXPECT_EQ(read.created_at, clock_.now());
  EXPECT_EQ(read.password_hash.find("a long passphrase"), std::string::npos);
  EXPECT_TRUE(verify_password(read.password_hash, "a long passphrase"));
  const auto log = store_->audit_log(10, 0).value();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "user-add");
  EXPECT_EQ(log[0].subject, "user lan.nguyen@example.org");
  EXPECT_EQ(log[0].detail, "role editor");
}

TEST_F(AddUserTest, ATakenEmailIsAConflictAndWritesNothing) {
  ASSERT_TRUE(add_user(*store_, "a@example.org", "", core::Role::kAdmin, "first password", clock_)
                  .has_value());
  const auto again =
      add_user(*store_, "A@example.org", "", core::Role::kContributor, "second password", clock_);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(store_->users().value().size(), 1u);
  EXPECT_EQ(store_->audit_log(10, 0).value().size(), 1u);
  EXPECT_EQ(store_->user_by_email("a@example.org").value().role, core::Role::kAdmin);
}

TEST_F(AddUserTest, RefusesABadEmailOrPasswordBeforeWriting) {
  for (const char* email :
       {"", "no-at-sign", "two@@example.org", "@example.org", "a@b", "a b@c.d"}) {
    const auto r = add_user(*store_, email, "", core::Role::kAuthor, "a long passphrase", clock_);
    ASSERT_FALSE(r.has_value()) << email;
    EXPECT_EQ(r.error().field, "email") << email;
  }
  const auto weak = add_user(*store_, "b@example.org", "", core::Role::kAuthor, "short", clock_);
  ASSERT_FALSE(weak.has_value());
  EXPECT_EQ(weak.error().field, "password");
  EXPECT_TRUE(store_->users().value().empty());
}

TEST(Roles, RoundTripByName) {
  for (const auto role :
       {core::Role::kContributor, core::Role::kAuthor, core::Role::kEditor, core::Role::kAdmin}) {
    EXPECT_EQ(core::parse_role(core::role_name(role)).value(), role);
  }
  EXPECT_FALSE(core::parse_role("superuser").has_value());
}

}  // namespace
}  // namespace tapchi::accounts
