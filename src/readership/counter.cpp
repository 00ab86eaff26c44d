// Counting readers' views in memory and writing them in batches.
#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <iterator>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "readership/readership.h"

namespace tapchi::readership {

namespace {

// Lower-case pieces of the User-Agents of robots, crawlers, link previews, monitors and HTTP
// libraries. "bot", "crawl" and "spider" catch most (Googlebot, bingbot, YandexBot, AhrefsBot,
// Applebot, GPTBot, Bytespider…); the rest name themselves otherwise.
constexpr std::string_view kRobots[] = {"bot",
                                        "crawl",
                                        "spider",
                                        "slurp",
                                        "facebookexternalhit",
                                        "embedly",
                                        "quora link preview",
                                        "whatsapp",
                                        "telegram",
                                        "skype",
                                        "preview",
                                        "monitor",
                                        "pingdom",
                                        "uptime",
                                        "headless",
                                        "lighthouse",
                                        "curl/",
                                        "wget/",
                                        "python-",
                                        "go-http-client",
                                        "java/",
                                        "okhttp",
                                        "libwww",
                                        "httpclient",
                                        "axios/",
                                        "node-fetch"};

bool names_a_robot(std::string_view agent) {
  if (agent.empty()) {
    return true;  // browsers always send one
  }
  std::string lower(agent.substr(0, 512));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::any_of(std::begin(kRobots), std::end(kRobots),
                     [&](std::string_view r) { return lower.find(r) != std::string::npos; });
}

}  // namespace

bool is_reader(const http::Request& req) {
  const std::string_view purpose =
      req.header("sec-purpose").empty() ? req.header("purpose") : req.header("sec-purpose");
  if (purpose.find("prefetch") != std::string_view::npos ||
      purpose.find("prerender") != std::string_view::npos) {
    return false;  // not read yet, and perhaps never
  }
  return !names_a_robot(req.header("user-agent"));
}

struct Counter::Impl {
  Impl(store::Store& s, const core::Clock& c, std::function<core::Zone()> z, CounterOptions o)
      : store(s), clock(c), zone(std::move(z)), options(std::move(o)) {}

  store::Store& store;
  const core::Clock& clock;
  std::function<core::Zone()> zone;
  CounterOptions options;

  mutable std::mutex mutex;
  std::map<std::pair<int, core::Id>, std::int64_t> counts;  // by (day, article)
  std::int64_t pending = 0;
  int day = 0;                  // the day being counted
  core::Instant day_ends_at{};  // the site's next midnight
  std::jthread thread;

  // The day `now` falls on, rolled over at the site's midnight. Called under `mutex`.
  int today(core::Instant now) {
    if (day == 0 || now >= day_ends_at || now < day_ends_at - std::chrono::hours{25}) {
      const core::Zone z = zone();
      const core::Zone::Local l = z.local(now);
      day = core::day_number(now, z);
      // 36 hours after midnight is tomorrow, whether a day has 23, 24 or 25 hours.
      const core::Zone::Local next =
          z.local(z.from_local(l.year, l.month, l.day) + std::chrono::hours{36});
      day_ends_at = z.from_local(next.year, next.month, next.day);
    }
    return day;
  }
};

Counter::Counter(store::Store& store, const core::Clock& clock, std::function<core::Zone()> zone,
                 CounterOptions options)
    : impl_(std::make_unique<Impl>(store, clock, std::move(zone), options)) {
  impl_->thread = std::jthread([this](std::stop_token stop) {
    std::mutex m;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      std::unique_lock lock(m);
      if (wake.wait_for(lock, stop, impl_->options.write_every, [] { return false; }) ||
          stop.stop_requested()) {
        break;  // the destructor writes the rest
      }
      lock.unlock();
      if (auto written = write(); !written) {
        spdlog::warn("readership: views kept for the next write: {}", written.error().describe());
      } else if (impl_->options.after_write) {
        impl_->options.after_write();
      }
    }
  });
}

Counter::~Counter() {
  impl_->thread.request_stop();
  impl_->thread.join();
  if (auto written = write(); !written) {
    spdlog::error("readership: {} views not written: {}", impl_->pending,
                  written.error().describe());
  }
}

void Counter::count(const http::Request& req, const http::Response& response) {
  if (response.view_of == 0 || req.method != http::Method::kGet ||
      (response.status != 200 && response.status != 304) || !is_reader(req)) {
    return;
  }
  const core::Instant now = impl_->clock.now();
  const std::lock_guard lock(impl_->mutex);
  ++impl_->counts[{impl_->today(now), response.view_of}];
  ++impl_->pending;
}

core::Result<void> Counter::write() {
  std::map<std::pair<int, core::Id>, std::int64_t> taken;
  {
    const std::lock_guard lock(impl_->mutex);
    taken.swap(impl_->counts);
    impl_->pending = 0;
  }
  if (taken.empty()) {
    return {};
  }
  std::vector<store::ViewCount> batch;
  batch.reserve(taken.size());
  for (const auto& [key, views] : taken) {
    batch.push_back({key.second, key.first, views});
  }
  auto written = impl_->store.add_views(batch);
  if (!written) {
    const std::lock_guard lock(impl_->mutex);  // kept for the next write
    for (const auto& [key, views] : taken) {
      impl_->counts[key] += views;
      impl_->pending += views;
    }
  }
  return written;
}

std::int64_t Counter::pending() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->pending;
}

}  // namespace tapchi::readership
