// accounts: the newsroom's accounts. Passwords are checked against simple rules and kept only as
// Argon2id hashes (libsodium); adding a user writes the audit log in the same transaction.
// Sessions, CSRF tokens and login throttling belong here too as the back office grows.
#pragma once
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
                                  const core::Clock& clock);

}  // namespace tapchi::accounts
