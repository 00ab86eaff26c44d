#include "app/access_log.h"

#include <atomic>
#include <cerrno>
#include <condition_variable>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

namespace tapchi::app {

namespace {

constexpr std::size_t kFlushBytes = std::size_t{64} << 10;
std::atomic<std::uint64_t> next_serial{1};

void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return;  // a full disk or a closed pipe: the log loses these lines, requests go on
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

AccessLog::AccessLog(int fd, std::chrono::milliseconds interval)
    : fd_(fd), serial_(next_serial.fetch_add(1)) {
  flusher_ = std::jthread([this, interval](std::stop_token stop) {
    std::mutex m;
    std::condition_variable_any wake;
    std::unique_lock lock(m);
    while (!stop.stop_requested()) {
      wake.wait_for(lock, stop, interval, [] { return false; });
      flush();
    }
  });
}

AccessLog::~AccessLog() {
  flusher_.request_stop();
  flusher_.join();
  flush();
}

AccessLog::Buffer& AccessLog::local() {
  // One log per process in practice; the cache is per thread and per log.
  thread_local std::uint64_t owner = 0;
  thread_local Buffer* buffer = nullptr;
  if (owner != serial_) {
    auto made = std::make_unique<Buffer>();
    buffer = made.get();
    owner = serial_;
    const std::lock_guard lock(buffers_mutex_);
    buffers_.push_back(std::move(made));
  }
  return *buffer;
}

void AccessLog::write(std::string_view line) {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::int64_t second = ms.count() / 1000;
  Buffer& b = local();
  const std::lock_guard lock(b.mutex);
  if (second != b.stamped_second) {
    b.stamped_second = second;
    b.stamp = fmt::format("{:%Y-%m-%dT%H:%M:%S}.", std::chrono::floor<std::chrono::seconds>(now));
  }
  b.text += b.stamp;
  fmt::format_to(std::back_inserter(b.text), "{:03}Z ", ms.count() % 1000);
  b.text += line;
  b.text += '\n';
  if (b.text.size() >= kFlushBytes) {
    drain(b);
  }
}

void AccessLog::drain(Buffer& b) {
  write_all(fd_, b.text);
  b.text.clear();
}

void AccessLog::flush() {
  std::vector<Buffer*> all;
  {
    const std::lock_guard lock(buffers_mutex_);
    for (const auto& b : buffers_) {
      all.push_back(b.get());
    }
  }
  for (Buffer* b : all) {
    const std::lock_guard lock(b->mutex);
    drain(*b);
  }
}

}  // namespace tapchi::app
