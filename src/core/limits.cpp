#include <algorithm>
#include <cmath>

#include "core/core.h"

namespace tapchi::core {

TokenBuckets::TokenBuckets(Rate rate, std::size_t max_keys) : rate_(rate), max_keys_(max_keys) {}

double TokenBuckets::tokens_now(const State& s, Instant now) const {
  const double refilled = static_cast<double>((now - s.at).count()) /
                          static_cast<double>(std::max<std::int64_t>(1, rate_.refill.count()));
  return std::min(static_cast<double>(rate_.burst), s.tokens + refilled);
}

std::optional<std::chrono::seconds> TokenBuckets::wait_locked(std::string_view key,
                                                              Instant now) const {
  const auto it = states_.find(key);
  const double tokens = it == states_.end() ? rate_.burst : tokens_now(it->second, now);
  if (tokens >= 1) {
    return std::nullopt;
  }
  const auto needed = static_cast<std::int64_t>(
      std::ceil((1 - tokens) * static_cast<double>(rate_.refill.count())));
  return std::chrono::seconds{std::max<std::int64_t>(1, needed)};
}

std::optional<std::chrono::seconds> TokenBuckets::wait(std::string_view key, Instant now) const {
  const std::lock_guard lock(mutex_);
  return wait_locked(key, now);
}

void TokenBuckets::take(std::string_view key, Instant now) {
  const std::lock_guard lock(mutex_);
  if (states_.size() >= max_keys_) {
    states_.clear();
  }
  auto it = states_.find(key);
  if (it == states_.end()) {
    it = states_.emplace(std::string(key), State{static_cast<double>(rate_.burst), now}).first;
  }
  it->second = {tokens_now(it->second, now) - 1, now};
}

std::optional<std::chrono::seconds> TokenBuckets::try_take(std::string_view key, Instant now) {
  {
    const std::lock_guard lock(mutex_);
    if (auto wait = wait_locked(key, now)) {
      return wait;
    }
  }
  take(key, now);
  return std::nullopt;
}

void TokenBuckets::forget(std::string_view key) {
  const std::lock_guard lock(mutex_);
  if (const auto it = states_.find(key); it != states_.end()) {
    states_.erase(it);
  }
}

}  // namespace tapchi::core
