// API keys: made with an account of their own for admin keys, found by their secret's hash,
// revoked with their account.
#include <string>

#include <fmt/format.h>

#include "accounts/accounts.h"

namespace tapchi::accounts {

namespace {

constexpr std::size_t kMaxKeyNameBytes = 120;

}  // namespace

core::Result<NewApiKey> add_api_key(store::Store& store, std::string name,
                                    std::optional<core::Role> role, core::Id by,
                                    core::Instant now) {
  if (name.find_first_not_of(" \t") == std::string::npos || name.size() > kMaxKeyNameBytes) {
    return core::fail(core::invalid(
        fmt::format("A key needs a name of 1 to {} bytes: what it is for.", kMaxKeyNameBytes),
        "name"));
  }
  NewApiKey made;
  made.secret = std::string(kApiKeyPrefix) + random_token();
  core::ApiKey& k = made.key;
  k.name = std::move(name);
  k.kind = role ? "admin" : "content";
  k.token_hash = token_hash(made.secret);
  k.prefix = made.secret.substr(0, kApiKeyPrefix.size() + 6);
  k.created_by = by;
  k.created_at = now;
  auto written = store.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (role) {
      core::User u;
      u.email = "key-" + k.token_hash.substr(0, 16) + "@api.invalid";
      u.name = "API key: " + k.name;
      u.role = *role;
      u.password_hash = "!";  // no Argon2id hash: verify_password() never accepts it
      u.created_at = now;
      auto account = s.save_user(u);
      if (!account) {
        return core::fail(account.error());
      }
      k.user_id = account->id;
    }
    auto saved = s.save_api_key(k);
    if (!saved) {
      return core::fail(saved.error());
    }
    k = *saved;
    auto logged = s.record({0, now, by, "key-add", "key " + std::to_string(k.id),
                            fmt::format("{} ({}{}{})", k.name, k.kind, role ? ", " : "",
                                        role ? core::role_name(*role) : "")});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!written) {
    return core::fail(written.error());
  }
  return made;
}

core::Result<KeyHolder> resume_api_key(store::Store& store, std::string_view secret) {
  const auto unknown = [] { return core::fail(core::not_found("unknown or revoked API key")); };
  if (!secret.starts_with(kApiKeyPrefix) || secret.size() > 200) {
    return unknown();
  }
  auto key = store.api_key_by_hash(token_hash(secret));
  if (!key) {
    return key.error().code == core::ErrorCode::kNotFound ? unknown() : core::fail(key.error());
  }
  if (key->revoked_at) {
    return unknown();
  }
  KeyHolder holder{std::move(*key), std::nullopt};
  if (holder.key.kind == "admin") {
    auto u = store.user(holder.key.user_id);
    if (!u) {
      return u.error().code == core::ErrorCode::kNotFound ? unknown() : core::fail(u.error());
    }
    if (!u->is_active) {
      return unknown();
    }
    holder.user = std::move(*u);
  }
  return holder;
}

core::Result<core::ApiKey> revoke_api_key(store::Store& store, core::Id id, core::Id by,
                                          core::Instant now) {
  auto key = id > 0 ? store.api_key(id) : core::fail(core::not_found(""));
  if (!key) {
    return key.error().code == core::ErrorCode::kNotFound
               ? core::fail(core::not_found("There is no such key."))
               : core::fail(key.error());
  }
  if (key->revoked_at) {
    return key;
  }
  key->revoked_at = now;
  auto written = store.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto saved = s.save_api_key(*key); !saved) {
      return core::fail(saved.error());
    }
    if (key->user_id != 0) {
      auto u = s.user(key->user_id);
      if (u && u->is_active) {
        u->is_active = false;
        if (auto saved = s.save_user(*u); !saved) {
          return core::fail(saved.error());
        }
      }
    }
    auto logged = s.record({0, now, by, "key-revoke", "key " + std::to_string(key->id), key->name});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!written) {
    return core::fail(written.error());
  }
  return key;
}

}  // namespace tapchi::accounts
