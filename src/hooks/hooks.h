// hooks: webhooks' deliveries. A background worker reads the outbox (deliveries the newsroom's
// operations wrote in the transactions of their changes), POSTs each to its webhook's URL with
// an HMAC-SHA-256 signature, and retries with exponential backoff for a day. The outbox lives
// in the database, so deliveries survive a restart; a delivery may arrive twice when the server
// stops between the receiver's answer and its record (receivers keep X-Tapchi-Delivery ids).
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/core.h"
#include "store/store.h"

namespace tapchi::hooks {

// "sha256=" and the hex HMAC-SHA-256, keyed with `secret`, of "<timestamp>.<body>": what the
// X-Tapchi-Signature header carries.
std::string signature(std::string_view secret, std::int64_t timestamp, std::string_view body);

// A new webhook secret: 32 random bytes as 64 hex characters.
std::string new_secret();

// The wait after `attempts` failed attempts: `first` (30 s by default), then twice as long
// each time, at most an hour.
std::chrono::seconds backoff(int attempts, std::chrono::seconds first = std::chrono::seconds{30});
// A delivery still failing this long after its event is given up ("failed").
inline constexpr std::chrono::hours kGiveUpAfter{24};

// Whether `url` is one a webhook may have: http:// or https://, a host, at most 2,000 bytes.
core::Result<void> check_url(std::string_view url);

// The answer to one POST: the receiver's status, or 0 and why there was none.
struct Sent {
  int status = 0;
  std::string error;
};
// POSTs `body` to `url` (http or https, the peer's certificate verified) with `headers`, within
// `timeout` for the whole exchange. Only the status is read. Never throws.
Sent post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
          const std::string& body, std::chrono::milliseconds timeout);

struct DelivererOptions {
  std::chrono::milliseconds interval{1000};   // how often the outbox is looked at
  std::chrono::milliseconds timeout{10'000};  // for each POST
  int batch = 20;                             // deliveries per look
  std::chrono::seconds first_retry{30};       // the wait after a first failed attempt
};

// The delivery worker: a thread that delivers what is due until destroyed.
class Deliverer {
 public:
  Deliverer(store::Store& store, const core::Clock& clock, DelivererOptions options = {});
  ~Deliverer();
  Deliverer(const Deliverer&) = delete;
  Deliverer& operator=(const Deliverer&) = delete;

  // Attempts every delivery due now, in order; returns how many it attempted. The thread calls
  // it; so may tests.
  int deliver_due();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tapchi::hooks
