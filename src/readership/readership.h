// readership: readers' views of articles, counted in the server itself: no cookie, no script in
// the reader's browser, nothing about the reader kept. A view is a GET of an article page (served
// from the page cache or not) by a client that is no known robot; views are counted in memory and
// written to the store in batches by a thread of their own, per article and day in the site's
// zone, so that counting never waits for the disk.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "core/core.h"
#include "http/http.h"
#include "store/store.h"

namespace tapchi::readership {

// Whether `req` comes from a reader: a User-Agent that names no known robot, crawler, link
// preview, monitor or HTTP library, and no prefetch or prerender (Sec-Purpose, Purpose).
bool is_reader(const http::Request& req);

struct CounterOptions {
  std::chrono::seconds write_every{10};  // how often the thread writes what was counted
  // Called by the thread after each write (e.g. to refresh the pages showing the most read).
  std::function<void()> after_write;
};

class Counter {
 public:
  // `zone` gives the site's zone now (it may change in the settings).
  Counter(store::Store& store, const core::Clock& clock, std::function<core::Zone()> zone,
          CounterOptions options = {});
  ~Counter();  // writes what it holds, then stops its thread
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  // Counts `response` to `req` when it is a reader's view: a GET answered 200 or 304 with a page
  // that counts for an article (http::Response::view_of). Takes one short lock.
  void count(const http::Request& req, const http::Response& response);
  // Writes the views counted since the last write, in one transaction; kept for the next write
  // when the store refuses them. The thread calls it every write_every; so may tests.
  core::Result<void> write();
  // Views counted and not written yet.
  std::int64_t pending() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tapchi::readership
