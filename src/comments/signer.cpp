// Form tokens and client hashes: HMAC-SHA-256 (libsodium) keyed with the server's secret.
#include <array>

#include <fmt/format.h>
#include <sodium.h>

#include "comments/comments.h"

namespace tapchi::comments {

namespace {

constexpr std::size_t kMacBytes = 16;  // of the 32 HMAC-SHA-256 gives; 128 bits to guess

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::string hex(const unsigned char* bytes, std::size_t n) {
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += fmt::format("{:02x}", bytes[i]);
  }
  return out;
}

}  // namespace

Signer::Signer(std::string secret) : secret_(std::move(secret)) { sodium_ready(); }

std::string Signer::mac(std::string_view message) const {
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> out{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret_.data()),
                              secret_.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, out.data());
  return hex(out.data(), kMacBytes);
}

std::int64_t Signer::day_of(core::Instant now) {
  return std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
}

std::string Signer::form_token(core::Id article_id, core::Instant now) const {
  const std::int64_t day = day_of(now);
  return fmt::format("{}.{}", day, mac(fmt::format("comment-form:{}:{}", article_id, day)));
}

bool Signer::is_valid_token(std::string_view token, core::Id article_id, core::Instant now) const {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 12 ||
      token.substr(0, dot).find_first_not_of("0123456789") != std::string_view::npos) {
    return false;
  }
  const std::int64_t day = std::stoll(std::string(token.substr(0, dot)));
  const std::int64_t today = day_of(now);
  if (day != today && day != today - 1) {
    return false;
  }
  const std::string expected = mac(fmt::format("comment-form:{}:{}", article_id, day));
  const std::string_view given = token.substr(dot + 1);
  return given.size() == expected.size() &&
         sodium_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

std::string Signer::client_hash(std::string_view address) const {
  return mac(fmt::format("client:{}", address));
}

std::string new_secret() {
  sodium_ready();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return hex(bytes.data(), bytes.size());
}

}  // namespace tapchi::comments
