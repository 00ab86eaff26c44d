// API keys: the secret shown once and kept only hashed, an admin key acting as an account of its
// own, revocation ending both.
#include <gtest/gtest.h>

#include "accounts/accounts.h"
#include "tests/common/test_store.h"

namespace tapchi::accounts {
namespace {

class KeysTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = open_test_store().value(); }
  const core::Instant now_ = core::parse_instant("2026-11-29T01:00:00Z").value();
  std::unique_ptr<store::Store> store_;
};

TEST_F(KeysTest, AnAdminKeyActsAsAnAccountOfItsOwnWithItsRole) {
  const auto made = add_api_key(*store_, "Wire desk", core::Role::kAuthor, 0, now_);
  ASSERT_TRUE(made) << made.error().describe();
  EXPECT_TRUE(made->secret.starts_with(kApiKeyPrefix));
  EXPECT_GT(made->secret.size(), 40u);
  EXPECT_EQ(made->key.token_hash, token_hash(made->secret));
  EXPECT_EQ(made->key.prefix, made->secret.substr(0, made->key.prefix.size()));
  const auto keys = store_->api_keys().value();
  for (const core::ApiKey& k : keys) {
    EXPECT_EQ(k.token_hash.find(made->secret), std::string::npos) << "the secret is not kept";
  }
  const auto holder = resume_api_key(*store_, made->secret);
  ASSERT_TRUE(holder);
  ASSERT_TRUE(holder->user);
  EXPECT_EQ(holder->user->role, core::Role::kAuthor);
  EXPECT_EQ(holder->user->name, "API key: Wire desk");
  EXPECT_FALSE(verify_password(holder->user->password_hash, ""));
  EXPECT_EQ(store_->audit_log(10, 0)->front().action, "key-add");
}

TEST_F(KeysTest, AContentKeyHasNoAccount) {
  const auto made = add_api_key(*store_, "App", std::nullopt, 0, now_);
  ASSERT_TRUE(made);
  EXPECT_EQ(made->key.kind, "content");
  const auto holder = resume_api_key(*store_, made->secret);
  ASSERT_TRUE(holder);
  EXPECT_FALSE(holder->user);
  EXPECT_EQ(add_api_key(*store_, " ", std::nullopt, 0, now_).error().field, "name");
}

TEST_F(KeysTest, UnknownMalformedAndRevokedKeysAreRefused) {
  const auto made = add_api_key(*store_, "Old script", core::Role::kEditor, 0, now_);
  ASSERT_TRUE(made);
  EXPECT_EQ(resume_api_key(*store_, "tapchi_nothing").error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(resume_api_key(*store_, made->secret.substr(7)).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(resume_api_key(*store_, made->secret + "x").error().code, core::ErrorCode::kNotFound);
  ASSERT_TRUE(revoke_api_key(*store_, made->key.id, 0, now_));
  EXPECT_EQ(resume_api_key(*store_, made->secret).error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(store_->user(made->key.user_id)->is_active) << "its account is disabled too";
  EXPECT_EQ(revoke_api_key(*store_, 999, 0, now_).error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace tapchi::accounts
