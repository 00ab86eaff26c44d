#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>
#include <sodium.h>

#include "accounts/accounts.h"

namespace tapchi::accounts {

bool sodium_ready();  // passwords.cpp

namespace {

// A real hash of a password nobody has, verified against when the email is unknown, so that
// the answer takes as long as for a known email.
const std::string& decoy_hash() {
  static const std::string hash = hash_password("decoy password for unknown accounts").value();
  return hash;
}

}  // namespace

std::string random_token() {
  sodium_ready();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string token_hash(std::string_view token) {
  sodium_ready();
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

core::Result<std::pair<std::string, core::Session>> open_session(store::Store& store,
                                                                 const core::User& user,
                                                                 std::string client,
                                                                 std::chrono::seconds lifetime,
                                                                 const core::Clock& clock) {
  const std::string token = random_token();
  core::Session s{token_hash(token), user.id,     random_token(),
                  std::move(client), clock.now(), clock.now() + lifetime};
  auto saved = store.in_transaction([&](store::Store& t) -> core::Result<void> {
    if (auto purged = t.delete_expired_sessions(s.created_at); !purged) {
      return purged;
    }
    if (auto kept = t.save_session(s); !kept) {
      return core::fail(kept.error());
    }
    return {};
  });
  if (!saved) {
    return core::fail(saved.error());
  }
  return std::pair{token, std::move(s)};
}

core::Result<SignedIn> resume_session(store::Store& store, std::string_view token,
                                      const core::Clock& clock) {
  if (token.size() != 43) {
    return core::fail(core::not_found("no session"));
  }
  auto s = store.session(token_hash(token));
  if (!s) {
    return core::fail(s.error());
  }
  if (s->expires_at <= clock.now()) {
    return core::fail(core::not_found("the session has expired"));
  }
  auto user = store.user(s->user_id);
  if (!user) {
    return core::fail(user.error());
  }
  if (!user->is_active) {
    return core::fail(core::not_found("the account is disabled"));
  }
  return SignedIn{std::move(*user), std::move(*s)};
}

LoginThrottle::LoginThrottle(Bucket per_account, Bucket per_client)
    : LoginThrottle(std::make_unique<core::TokenBuckets>(per_account),
                    std::make_unique<core::TokenBuckets>(per_client)) {}

LoginThrottle::LoginThrottle(std::unique_ptr<core::Buckets> per_account,
                             std::unique_ptr<core::Buckets> per_client)
    : accounts_(std::move(per_account)), clients_(std::move(per_client)) {}

std::optional<std::chrono::seconds> LoginThrottle::wait_before(std::string_view email,
                                                               std::string_view client,
                                                               core::Instant now) const {
  const auto account = accounts_->wait(email, now);
  const auto from_client = clients_->wait(client, now);
  if (!account && !from_client) {
    return std::nullopt;
  }
  return std::max(account.value_or(std::chrono::seconds{0}),
                  from_client.value_or(std::chrono::seconds{0}));
}

std::optional<std::chrono::seconds> LoginThrottle::reserve(std::string_view email,
                                                           std::string_view client,
                                                           core::Instant now) {
  if (auto wait = accounts_->try_take(email, now)) {
    return wait;
  }
  if (auto wait = clients_->try_take(client, now)) {
    accounts_->refund(email, now);
    return wait;
  }
  return std::nullopt;
}

void LoginThrottle::succeeded(std::string_view email, std::string_view client, core::Instant now) {
  accounts_->forget(email);
  clients_->refund(client, now);
}

core::Result<core::User> check_sign_in(store::Store& store, LoginThrottle& throttle,
                                       std::string_view email_text, std::string_view password,
                                       std::string_view client, const core::Clock& clock) {
  const std::string email = normalize_email(email_text);
  const core::Instant now = clock.now();
  if (const auto wait = throttle.reserve(email, client, now)) {
    return core::fail(core::unavailable(
        fmt::format("too many failed attempts; try again in {} s", wait->count()), "email"));
  }
  auto user = store.user_by_email(email);
  if (!user && user.error().code != core::ErrorCode::kNotFound) {
    return core::fail(user.error());
  }
  const bool matches = verify_password(user ? user->password_hash : decoy_hash(), password);
  if (user && matches && user->is_active) {
    throttle.succeeded(email, client, now);
    return std::move(*user);
  }
  // One row per account and hour, or per client and hour for emails no account has: a flood of
  // guesses, or of made-up emails, cannot grow the log by a row each.
  constexpr auto kAuditWindow = std::chrono::hours{1};
  const std::string shown_email = email.substr(0, 254);
  core::AuditEntry entry{
      0, now, 0, "login-failed", "user " + shown_email, "from " + std::string(client)};
  if (!user) {
    entry.subject = "unknown account from " + std::string(client).substr(0, 64);
    entry.detail = "last tried as " + shown_email;
  }
  (void)store.record_repeat(std::move(entry), now - kAuditWindow);
  return core::fail(core::invalid("wrong email or password", "password"));
}

}  // namespace tapchi::accounts
