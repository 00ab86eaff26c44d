// accounts: the newsroom's accounts. Passwords are checked against simple rules and kept only as
// Argon2id hashes (libsodium); adding a user writes the audit log in the same transaction.
// Sessions, CSRF tokens and login throttling belong here too as the back office grows.
#pragma once
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/core.h"
#include "store/store.h"

namespace tapchi::accounts {

inline constexpr int kMinPasswordCharacters = 10;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// Fails with kInvalid (field "password") when the password is shorter than
// kMinPasswordCharacters characters, longer than kMaxPasswordBytes bytes, not valid UTF-8, or
// holds control characters.
core::Result<void> check_password(std::string_view password);

// An Argon2id hash string in libsodium's format ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"),
// with libsodium's interactive limits (64 MiB, 2 passes): about 0.1 s on one core.
core::Result<std::string> hash_password(std::string_view password);

// Whether `password` matches `hash`; false for a malformed hash.
bool verify_password(const std::string& hash, std::string_view password);

// Adds an account: the email is trimmed and lower-cased, the password checked and hashed, and
// the audit log records "user-add". Fails with kConflict when the email is taken, kInvalid for
// a bad email or password (nothing is written then).
core::Result<core::User> add_user(store::Store& store, std::string_view email, std::string name,
                                  core::Role role, std::string_view password,
                                  const core::Clock& clock, std::string language = {});

// Adds an account to be claimed (an imported site's author): disabled, with no password that
// signs in, audited as "user-add" with `detail`. Its owner claims it once set_password() gave
// it a password and an admin enabled it. kConflict when the email is taken, kInvalid for a bad
// email.
core::Result<core::User> add_unclaimed_user(store::Store& store, std::string_view email,
                                            std::string name, core::Role role,
                                            const core::Clock& clock, std::string_view detail);

// Gives the account of `email` a new password (checked and hashed) and ends its sessions, in
// one transaction audited as "password". kNotFound for no such account, kInvalid for a
// password check_password() refuses.
core::Result<core::User> set_password(store::Store& store, std::string_view email,
                                      std::string_view password, const core::Clock& clock);

// 32 random bytes as 43 characters of unpadded base64url: session tokens, CSRF tokens.
std::string random_token();
// The hex BLAKE2b-256 of a token: what the sessions table keeps instead of the token.
std::string token_hash(std::string_view token);
// Compares two secrets in time that does not depend on where they differ.
bool same_secret(std::string_view a, std::string_view b);

// API keys. A new key's secret ("tapchi_" and a random token), shown once, and the key as kept.
struct NewApiKey {
  std::string secret;
  core::ApiKey key;
};
// The prefix every key's secret starts with.
inline constexpr std::string_view kApiKeyPrefix = "tapchi_";
// Makes a key called `name` (1 to 120 bytes): a content key when `role` is empty, else an
// admin key acting as an account made for it with `role` (named "API key: <name>", with an
// address under api.invalid and no password that signs in). Audited as "key-add" by `by` (0:
// the command line), in one transaction with the account.
core::Result<NewApiKey> add_api_key(store::Store& store, std::string name,
                                    std::optional<core::Role> role, core::Id by, core::Instant now);
// What a key's secret stands for: the key and, for an admin key, its account.
struct KeyHolder {
  core::ApiKey key;
  std::optional<core::User> user;
};
// kNotFound for an unknown, malformed or revoked key, or one whose account is disabled. Only
// reads (it runs for every API request).
core::Result<KeyHolder> resume_api_key(store::Store& store, std::string_view secret);
// Revokes key `id` and disables its account, audited as "key-revoke" by `by`; kNotFound for no
// such key. Revoking a revoked key changes nothing.
core::Result<core::ApiKey> revoke_api_key(store::Store& store, core::Id id, core::Id by,
                                          core::Instant now);

// A user signed in, with the session that proves it.
struct SignedIn {
  core::User user;
  core::Session session;
};

// Opens a session of `lifetime` for `user` from `client`, and forgets every expired session, in
// one transaction (sign-ins are writes, off the event loops); returns the token for the cookie
// (only its hash is stored) and the session.
core::Result<std::pair<std::string, core::Session>> open_session(store::Store& store,
                                                                 const core::User& user,
                                                                 std::string client,
                                                                 std::chrono::seconds lifetime,
                                                                 const core::Clock& clock);
// The user and session a cookie token stands for. kNotFound when the token is unknown or
// malformed, its session has expired, or the account is disabled. Only reads: it runs on the
// event loops for every back-office page, so it never waits for the write lock (expired
// sessions are forgotten by the next sign-in).
core::Result<SignedIn> resume_session(store::Store& store, std::string_view token,
                                      const core::Clock& clock);

// Slows down password guessing: failed sign-ins drain a token bucket per account and one per
// client address; an empty bucket refuses attempts until it refills. Kept in this process's
// memory, or in the database when every node of a journal must count the same attempts
// (store::buckets). Thread-safe.
class LoginThrottle {
 public:
  using Bucket = core::TokenBuckets::Rate;  // failures allowed at once, one more per refill
  LoginThrottle(Bucket per_account, Bucket per_client);
  LoginThrottle(std::unique_ptr<core::Buckets> per_account,
                std::unique_ptr<core::Buckets> per_client);

  // How long the attempt must wait, or nullopt when it may go ahead.
  std::optional<std::chrono::seconds> wait_before(std::string_view email, std::string_view client,
                                                  core::Instant now) const;
  // Takes one attempt from the account's and the client's allowance before the password is
  // checked, so that parallel guesses cannot all pass before the first failure counts; nullopt
  // when it was taken, else how long to wait (and nothing is taken).
  std::optional<std::chrono::seconds> reserve(std::string_view email, std::string_view client,
                                              core::Instant now);
  // A good password empties the account's record and gives the client its attempt back.
  void succeeded(std::string_view email, std::string_view client, core::Instant now);

 private:
  std::unique_ptr<core::Buckets> accounts_;
  std::unique_ptr<core::Buckets> clients_;
};

// Checks an email and password, throttled (the attempt is reserved before hashing). kUnavailable
// (message says how long to wait) when throttled; kInvalid "wrong email or password" alike for an
// unknown email, a wrong password or a disabled account. Failures are in the audit log as
// "login-failed", one row per account (or per client, for unknown emails) and hour, counted.
core::Result<core::User> check_sign_in(store::Store& store, LoginThrottle& throttle,
                                       std::string_view email, std::string_view password,
                                       std::string_view client, const core::Clock& clock);

// Lower case, without surrounding blanks.
std::string normalize_email(std::string_view email);

}  // namespace tapchi::accounts
