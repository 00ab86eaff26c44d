#include "accounts/accounts.h"

#include <atomic>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/common/test_store.h"

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
  void SetUp() override { store_ = open_test_store().value(); }
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

TEST(Tokens, AreRandomUrlSafeAndStoredOnlyAsHashes) {
  const std::string a = random_token();
  const std::string b = random_token();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(token_hash(a).size(), 64u);
  EXPECT_EQ(token_hash(a), token_hash(a));
  EXPECT_NE(token_hash(a), token_hash(b));
  EXPECT_TRUE(same_secret(a, a));
  EXPECT_FALSE(same_secret(a, b));
  EXPECT_FALSE(same_secret("", "")) << "an empty token never matches";
}

TEST_F(AddUserTest, SessionsExpireAndAreForgotten) {
  const auto user =
      add_user(*store_, "e@example.org", "", core::Role::kAuthor, "a long passphrase", clock_)
          .value();
  const auto [token, session] =
      open_session(*store_, user, "127.0.0.1", std::chrono::hours{12}, clock_).value();
  EXPECT_EQ(store_->session(session.token_hash).value().user_id, user.id);
  EXPECT_FALSE(store_->session(token).has_value()) << "the token itself is not stored";
  EXPECT_EQ(resume_session(*store_, token, clock_).value().user.email, "e@example.org");
  EXPECT_FALSE(resume_session(*store_, token.substr(1), clock_).has_value());
  clock_.set(clock_.now() + std::chrono::hours{12});
  EXPECT_FALSE(resume_session(*store_, token, clock_).has_value());
  // Resuming only reads (it runs on the event loops); the next sign-in forgets expired sessions.
  EXPECT_TRUE(store_->session(session.token_hash).has_value());
  ASSERT_TRUE(open_session(*store_, user, "127.0.0.1", std::chrono::hours{12}, clock_));
  EXPECT_FALSE(store_->session(session.token_hash).has_value()) << "an expired session is gone";
}

TEST_F(AddUserTest, ADisabledAccountsSessionNoLongerSignsIn) {
  auto user =
      add_user(*store_, "d@example.org", "", core::Role::kEditor, "a long passphrase", clock_)
          .value();
  const auto opened = open_session(*store_, user, "", std::chrono::hours{1}, clock_).value();
  user.is_active = false;
  ASSERT_TRUE(store_->save_user(user).has_value());
  EXPECT_FALSE(resume_session(*store_, opened.first, clock_).has_value());
  LoginThrottle throttle({5, std::chrono::seconds{60}}, {20, std::chrono::seconds{15}});
  EXPECT_FALSE(check_sign_in(*store_, throttle, "d@example.org", "a long passphrase", "ip", clock_)
                   .has_value());
}

TEST_F(AddUserTest, SignInIsThrottledPerAccountAndPerClient) {
  ASSERT_TRUE(
      add_user(*store_, "t@example.org", "", core::Role::kAuthor, "a long passphrase", clock_)
          .has_value());
  LoginThrottle throttle({3, std::chrono::seconds{60}}, {5, std::chrono::seconds{600}});
  for (int i = 0; i < 3; ++i) {
    const auto r = check_sign_in(*store_, throttle, "T@example.org", "wrong guess", "a", clock_);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalid);
  }
  const auto blocked =
      check_sign_in(*store_, throttle, "t@example.org", "a long passphrase", "b", clock_);
  ASSERT_FALSE(blocked.has_value());
  EXPECT_EQ(blocked.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(throttle.wait_before("t@example.org", "b", clock_.now()), std::chrono::seconds{60});
  clock_.set(clock_.now() + std::chrono::seconds{60});
  EXPECT_TRUE(check_sign_in(*store_, throttle, "t@example.org", "a long passphrase", "b", clock_)
                  .has_value())
      << "one failure refilled";
  // Client "a" spent 3 of its 5; two more unknown names empty it for every account.
  for (const char* name : {"x@example.org", "y@example.org"}) {
    EXPECT_FALSE(check_sign_in(*store_, throttle, name, "guess", "a", clock_).has_value());
  }
  EXPECT_TRUE(throttle.wait_before("t@example.org", "a", clock_.now()).has_value());
  // user-add; the account's three failures on one row; the unknown emails' on another.
  const auto log = store_->audit_log(20, 0).value();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].subject, "unknown account from a");
  EXPECT_EQ(log[0].repeats, 2);
  EXPECT_EQ(log[1].subject, "user t@example.org");
  EXPECT_EQ(log[1].repeats, 3);
}

// Guesses sent at once all passed the check before the first failure was counted.
TEST_F(AddUserTest, ParallelGuessesCannotExceedTheAccountsAllowance) {
  ASSERT_TRUE(
      add_user(*store_, "p@example.org", "", core::Role::kAuthor, "a long passphrase", clock_)
          .has_value());
  LoginThrottle throttle({3, std::chrono::seconds{60}}, {100, std::chrono::seconds{1}});
  std::atomic<int> checked{0};
  std::atomic<int> throttled{0};
  std::vector<std::thread> guessers;
  for (int i = 0; i < 12; ++i) {
    guessers.emplace_back([&, i] {
      const auto r = check_sign_in(*store_, throttle, "p@example.org", "guess " + std::to_string(i),
                                   "client-" + std::to_string(i), clock_);
      ++(r.error().code == core::ErrorCode::kUnavailable ? throttled : checked);
    });
  }
  for (std::thread& t : guessers) {
    t.join();
  }
  EXPECT_EQ(checked.load(), 3);
  EXPECT_EQ(throttled.load(), 9);
}

// Past its size the throttle once forgot every account at once, so a flood of made-up emails
// gave a guessed account its attempts back.
TEST(TokenBuckets, AFloodOfNewKeysDoesNotResetAThrottledOne) {
  core::TokenBuckets buckets({5, std::chrono::seconds{60}}, 1000);
  const core::Instant now{std::chrono::seconds{1'000'000}};
  for (int i = 0; i < 5; ++i) {
    buckets.take("victim@example.org", now);
  }
  ASSERT_TRUE(buckets.wait("victim@example.org", now).has_value());
  for (int i = 0; i < 200'000; ++i) {
    buckets.take("made-up-" + std::to_string(i) + "@example.org", now + std::chrono::seconds{1});
  }
  EXPECT_TRUE(buckets.wait("victim@example.org", now + std::chrono::seconds{1}).has_value());
  EXPECT_LE(buckets.size(), 1000u);
  EXPECT_GE(buckets.size(), 800u) << "evicts a part, never all";
}

TEST_F(AddUserTest, FailedSignInsTakeOneAuditRowPerAccountOrClientAndHour) {
  LoginThrottle throttle({1000, std::chrono::seconds{1}}, {1000, std::chrono::seconds{1}});
  for (int i = 0; i < 40; ++i) {
    (void)check_sign_in(*store_, throttle, "nobody-" + std::to_string(i) + "@example.org", "guess",
                        "203.0.113.9", clock_);
  }
  auto log = store_->audit_log(100, 0).value();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].repeats, 40);
  EXPECT_EQ(log[0].detail, "last tried as nobody-39@example.org");
  clock_.set(clock_.now() + std::chrono::hours{2});  // a new hour, a new row
  (void)check_sign_in(*store_, throttle, "nobody@example.org", "guess", "203.0.113.9", clock_);
  EXPECT_EQ(store_->audit_log(100, 0).value().size(), 2u);
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
