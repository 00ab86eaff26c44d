#include <algorithm>
#include <cmath>
#include <vector>

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
  take_locked(key, now);
}

void TokenBuckets::take_locked(std::string_view key, Instant now) {
  auto it = states_.find(key);
  if (it == states_.end()) {
    if (states_.size() >= max_keys_) {
      evict_locked(now);
    }
    it = states_.emplace(std::string(key), State{static_cast<double>(rate_.burst), now}).first;
  }
  it->second = {tokens_now(it->second, now) - 1, now};
}

void TokenBuckets::evict_locked(Instant now) {
  // A full bucket tells nothing (it is what an unknown key gets); among the rest, the ones
  // with the most tokens restrict least. Ties go by age.
  std::vector<std::pair<std::pair<double, Instant>, decltype(states_)::iterator>> ranked;
  ranked.reserve(states_.size());
  for (auto it = states_.begin(); it != states_.end(); ++it) {
    ranked.push_back({{-tokens_now(it->second, now), it->second.at}, it});
  }
  const std::size_t count = std::max<std::size_t>(1, states_.size() / 10);
  std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(count - 1),
                   ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < count; ++i) {
    states_.erase(ranked[i].second);
  }
}

std::optional<std::chrono::seconds> TokenBuckets::try_take(std::string_view key, Instant now) {
  const std::lock_guard lock(mutex_);
  if (auto wait = wait_locked(key, now)) {
    return wait;
  }
  take_locked(key, now);
  return std::nullopt;
}

void TokenBuckets::refund(std::string_view key, Instant now) {
  const std::lock_guard lock(mutex_);
  if (const auto it = states_.find(key); it != states_.end()) {
    it->second = {std::min(static_cast<double>(rate_.burst), tokens_now(it->second, now) + 1), now};
  }
}

std::size_t TokenBuckets::size() const {
  const std::lock_guard lock(mutex_);
  return states_.size();
}

void TokenBuckets::forget(std::string_view key) {
  const std::lock_guard lock(mutex_);
  if (const auto it = states_.find(key); it != states_.end()) {
    states_.erase(it);
  }
}

}  // namespace tapchi::core
