// Roles and access as an operation: admins only, never one's own, audited, sessions ended.
#include "tests/unit/newsroom/fixture.h"

namespace tapchi::newsroom {
namespace {

using AccountsTest = NewsroomTest;

TEST_F(AccountsTest, OnlyAdminsChangeAccountsAndNeverTheirOwn) {
  const core::User& author = as(core::Role::kAuthor);
  for (const core::Role role :
       {core::Role::kContributor, core::Role::kAuthor, core::Role::kEditor}) {
    const auto refused = newsroom_->set_access(as(role), author.id, core::Role::kAdmin, true);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kForbidden);
  }
  const core::User& admin = as(core::Role::kAdmin);
  const auto own = newsroom_->set_access(admin, admin.id, core::Role::kContributor, false);
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().code, core::ErrorCode::kForbidden);
  EXPECT_EQ(store_->user(admin.id).value().role, core::Role::kAdmin);
  EXPECT_EQ(store_->user(author.id).value().role, core::Role::kAuthor);
  EXPECT_TRUE(store_->audit_log(10, 0).value().empty());
  for (const core::Id missing : {core::Id{0}, core::Id{31'337}}) {
    EXPECT_EQ(newsroom_->set_access(admin, missing, core::Role::kEditor, true).error().code,
              core::ErrorCode::kNotFound);
  }
}

TEST_F(AccountsTest, ADisabledAccountLosesItsSessionsAndTheChangeIsAudited) {
  const core::User& admin = as(core::Role::kAdmin);
  const core::User& editor = as(core::Role::kEditor);
  core::Session session;
  session.token_hash = "h1";
  session.user_id = editor.id;
  session.csrf_token = "c";
  session.created_at = clock_.now();
  session.expires_at = clock_.now() + std::chrono::hours{1};
  ASSERT_TRUE(store_->save_session(session));

  const auto changed = newsroom_->set_access(admin, editor.id, core::Role::kAuthor, false);
  ASSERT_TRUE(changed) << changed.error().describe();
  EXPECT_EQ(changed->role, core::Role::kAuthor);
  EXPECT_FALSE(changed->is_active);
  EXPECT_FALSE(store_->user(editor.id).value().is_active);
  EXPECT_FALSE(store_->session("h1")) << "a disabled account is signed out everywhere";
  const auto log = store_->audit_log(10, 0).value();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "role");
  EXPECT_EQ(log[0].user_id, admin.id);
  EXPECT_EQ(log[0].subject, "user " + editor.email);
  EXPECT_EQ(log[0].detail, "editor → author, disabled");

  // The same access again writes nothing.
  ASSERT_TRUE(newsroom_->set_access(admin, editor.id, core::Role::kAuthor, false));
  EXPECT_EQ(store_->audit_log(10, 0).value().size(), 1u);
}

}  // namespace
}  // namespace tapchi::newsroom
