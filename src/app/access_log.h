// The access log: one line per request, written without making the server's loops wait on each
// other or on the disk for every line. Private to app.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace tapchi::app {

// Each thread appends to a buffer of its own (its lock is only ever shared with the flusher);
// a buffer is written out with one write(2) when it holds 64 KiB, and every `interval` by a
// flusher thread, and at destruction. Lines get a UTC timestamp with milliseconds. A thread's
// lines keep their order; lines of different threads are ordered by buffer, not by time.
class AccessLog {
 public:
  explicit AccessLog(int fd, std::chrono::milliseconds interval = std::chrono::milliseconds{200});
  ~AccessLog();  // writes what is left
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void write(std::string_view line);
  // Writes every thread's buffer now.
  void flush();

 private:
  struct Buffer {
    std::mutex mutex;
    std::string text;
    std::int64_t stamped_second = -1;  // the second `stamp` was made for
    std::string stamp;                 // "2026-11-25T09:30:12."
  };
  Buffer& local();
  void drain(Buffer& b);  // with b.mutex held

  int fd_;
  std::uint64_t serial_;      // tells logs apart in the threads' caches, even at one address
  std::mutex buffers_mutex_;  // guards buffers_ (not their contents)
  std::vector<std::unique_ptr<Buffer>> buffers_;
  std::jthread flusher_;
};

}  // namespace tapchi::app
