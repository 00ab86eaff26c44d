// The delivery worker: the outbox read in order, each delivery signed, sent and recorded.
#include <condition_variable>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include "hooks/hooks.h"

namespace tapchi::hooks {

std::string signature(std::string_view secret, std::int64_t timestamp, std::string_view body) {
  const std::string message = fmt::format("{}.{}", timestamp, body);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return "sha256=" + std::string(hex);
}

std::string new_secret() {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium failed to start");
  }
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

std::chrono::seconds backoff(int attempts, std::chrono::seconds first) {
  const int doublings = std::clamp(attempts - 1, 0, 16);
  const std::chrono::seconds wait{first.count() * (std::int64_t{1} << doublings)};
  return std::min(wait, std::chrono::seconds{3600});
}

struct Deliverer::Impl {
  store::Store& store;
  const core::Clock& clock;
  DelivererOptions options;
  std::map<core::Id, core::Webhook> hooks;  // read per round
  std::jthread thread;

  // Attempts `d` once and records the outcome.
  void attempt(core::Delivery d) {
    const auto hook = hooks.find(d.webhook_id);
    if (hook == hooks.end()) {
      return;  // deleted meanwhile: its deliveries went with it
    }
    const core::Instant now = clock.now();
    const std::int64_t timestamp = now.time_since_epoch().count();
    const Sent sent =
        post(hook->second.url,
             {{"Content-Type", "application/json"},
              {"X-Tapchi-Event", d.event},
              {"X-Tapchi-Delivery", std::to_string(d.id)},
              {"X-Tapchi-Timestamp", std::to_string(timestamp)},
              {"X-Tapchi-Signature", signature(hook->second.secret, timestamp, d.payload)}},
             d.payload, options.timeout);
    ++d.attempts;
    d.last_status = sent.status;
    d.last_error = sent.status >= 200 && sent.status < 300 ? ""
                   : sent.status != 0                      ? fmt::format("answered {}", sent.status)
                                                           : sent.error.substr(0, 300);
    if (sent.status >= 200 && sent.status < 300) {
      d.status = "delivered";
    } else if (clock.now() - d.created_at >= kGiveUpAfter) {
      d.status = "failed";
    } else {
      d.next_attempt_at = clock.now() + backoff(d.attempts, options.first_retry);
    }
    if (auto saved = store.save_delivery(d); !saved) {
      spdlog::warn("webhooks: delivery {} not recorded: {}", d.id, saved.error().describe());
    }
  }
};

Deliverer::Deliverer(store::Store& store, const core::Clock& clock, DelivererOptions options)
    : impl_(std::make_unique<Impl>(Impl{store, clock, options, {}, {}})) {
  impl_->thread = std::jthread([this](std::stop_token stop) {
    std::mutex m;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      deliver_due();
      std::unique_lock lock(m);
      wake.wait_for(lock, stop, impl_->options.interval, [] { return false; });
    }
  });
}

Deliverer::~Deliverer() = default;  // the thread is asked to stop and joined

int Deliverer::deliver_due() {
  Impl& impl = *impl_;
  auto due = impl.store.due_deliveries(impl.clock.now(), impl.options.batch);
  if (!due) {
    spdlog::warn("webhooks: the outbox could not be read: {}", due.error().describe());
    return 0;
  }
  if (due->empty()) {
    return 0;
  }
  auto hooks = impl.store.webhooks();
  if (!hooks) {
    return 0;
  }
  impl.hooks.clear();
  for (core::Webhook& h : *hooks) {
    impl.hooks.emplace(h.id, std::move(h));
  }
  for (core::Delivery& d : *due) {
    impl.attempt(std::move(d));
  }
  return static_cast<int>(due->size());
}

}  // namespace tapchi::hooks
