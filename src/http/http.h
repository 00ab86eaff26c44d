// http: the HTTP/1.1 server (Boost.Beast, one event loop per core), requests and responses as
// plain values, the router, and the limits that keep clients honest. Knows nothing of articles:
// handlers above it turn requests into responses. Server methods are safe to call from any
// thread; a Handler is called concurrently from every loop and must be thread-safe.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/core.h"

namespace tapchi::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

struct Request {
  Method method = Method::kGet;
  std::string method_name;  // as sent, e.g. "GET", "BREW"
  std::string target;       // as sent, e.g. "/en/section/history?page=2"
  std::string path;         // percent-decoded, valid UTF-8, without dot segments
  std::string query;        // raw, after '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string client;  // peer address

  // The first header named `name` (lower case), or empty.
  std::string_view header(std::string_view name) const;
  // The percent-decoded value of the first `name` query parameter.
  std::optional<std::string> query_param(std::string_view name) const;
};

// How a page may be kept in the PageCache; set by handlers of cacheable pages, never sent.
struct Cacheability {
  std::vector<std::string> tags;  // what the page shows (see PageToCache::tags)
  std::string clock_text;         // the site clock as rendered into the page
  int clock_slot = 0;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  // The body is `parts` (byte ranges kept alive by `owner`, e.g. a cached page) followed by
  // `body`; parts let a cached page go out without being copied.
  std::string body;
  std::vector<std::string_view> parts;
  std::shared_ptr<const void> owner;
  std::optional<Cacheability> cacheable;

  std::size_t body_size() const;

  void set(std::string name, std::string value);
  static Response html(int status, std::string body);
  static Response text(int status, std::string body);
  static Response redirect(int status, std::string location);
};

using Handler = std::function<Response(const Request&)>;

// Splits a request target into a decoded path and the raw query. Fails with kInvalid for a
// target that is not an absolute path, has bad percent-escapes, decodes to invalid UTF-8, holds
// NUL or control characters, or has "." or ".." segments.
core::Result<std::pair<std::string, std::string>> parse_target(std::string_view target);
// Decodes %XX escapes (and '+' as space when `plus_is_space`); nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);
// Encodes everything but unreserved characters and '/', for building URLs.
std::string percent_encode_path(std::string_view text);
Method parse_method(std::string_view name);

// The fields of an application/x-www-form-urlencoded body, in order. Fails with kInvalid for a
// malformed escape, or (when `check_text`) invalid UTF-8 or a NUL in a name or value; a caller
// that cleans text itself passes false to show a reader's mistake beside its field.
core::Result<std::vector<std::pair<std::string, std::string>>> parse_form(std::string_view body,
                                                                          bool check_text = true);
// The value of the first field called `name`, or empty.
std::string form_value(const std::vector<std::pair<std::string, std::string>>& fields,
                       std::string_view name);
// One part of a multipart/form-data body: a field, or a file when `file_name` is set.
struct FormPart {
  std::string name;
  std::string file_name;     // as the browser sent it; empty for plain fields
  std::string content_type;  // as sent; says nothing trustworthy about a file's content
  std::string data;
};

// The parts of a multipart/form-data body whose Content-Type header is `content_type`, in
// order. Fails with kInvalid for a missing or malformed boundary, a part without a name, a
// body cut short, or a field name or plain value that is not valid UTF-8 or holds a NUL; file
// data is taken as bytes.
core::Result<std::vector<FormPart>> parse_multipart(std::string_view body,
                                                    std::string_view content_type);

// The value of the first cookie named `name` in the request's Cookie headers, or empty.
std::string cookie(const Request& request, std::string_view name);
std::string_view reason_phrase(int status);

// Routes by method and path pattern. A pattern is a path whose segments are literals or
// "{name}", optionally followed by a literal suffix ("{article}.html"); a trailing "/" matters.
class Router {
 public:
  using Params = std::vector<std::pair<std::string, std::string>>;
  using RouteHandler = std::function<Response(const Request&, const Params&)>;

  void add(std::vector<Method> methods, std::string pattern, RouteHandler handler);

  struct Match {
    const RouteHandler* handler = nullptr;  // null when nothing matched
    Params params;
    std::vector<Method> allowed;  // methods of patterns that matched the path, for 405
  };
  Match match(Method method, std::string_view path) const;

 private:
  struct Route {
    std::vector<Method> methods;
    std::vector<std::string> segments;
    RouteHandler handler;
  };
  std::vector<Route> routes_;
};

// "GET, HEAD" for the Allow header.
std::string allow_header(const std::vector<Method>& methods);

// A page to keep in the PageCache, as rendered.
struct PageToCache {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string cache_control;
  std::string html;
  // The site clock as it appears in `html` (its first occurrence is the clock). Served pages
  // show the clock of the minute they are served in, from the cache's ClockText.
  std::string clock_text;
  int clock_slot = 0;             // whose clock: the site's edition index
  std::vector<std::string> tags;  // what the page shows; invalidating any tag drops the page
};

// The site clock's text for `slot` at `minute` (minutes since the epoch).
using ClockText = std::function<std::string(int slot, std::int64_t minute)>;

// Rendered pages kept in memory within a byte budget, least recently used first out, each with
// gzip and brotli variants, answered with ETag, Last-Modified and 304s. Entries are dropped by
// tag. Thread-safe; a hit takes one short per-shard lock and copies no body.
class PageCache {
 public:
  PageCache(std::size_t budget_bytes, ClockText clock_text);
  ~PageCache();
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  // Read before rendering a page; insert() refuses the page if anything was invalidated since.
  std::uint64_t generation() const;
  // The response to `req` from the page under `key`, or nullopt on a miss.
  std::optional<Response> serve(std::string_view key, const Request& req, std::int64_t minute);
  // Keeps the page unless an invalidation happened after `generation` was read; returns the
  // response to the request that rendered it, as serve() would.
  void insert(std::string key, PageToCache page, std::uint64_t generation, std::int64_t minute);
  // Drops every page carrying `tag`.
  void invalidate(std::string_view tag);
  // Drops every page, and the clock texts of the minute (the zone or date style may have changed).
  void clear();

  struct Stats {
    std::size_t entries = 0;
    std::size_t bytes = 0;
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::uint64_t evictions = 0;
  };
  Stats stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// "Wed, 25 Nov 2026 06:00:00 GMT".
std::string http_date(std::int64_t unix_seconds);
// The seconds of an HTTP date, or nullopt when it is not one.
std::optional<std::int64_t> parse_http_date(std::string_view text);

// Every limit the server enforces, with its config key (under [limits]) and default.
struct Limits {
  std::size_t max_header_bytes = 16 * 1024;  // max_header_bytes: request line + headers → 431
  std::size_t max_body_bytes = 1024 * 1024;  // max_body_bytes → 413
  int header_timeout_ms = 10'000;            // header_timeout_ms: a new connection's headers
  int body_timeout_ms = 30'000;              // body_timeout_ms: reading a request body
  int idle_timeout_ms = 30'000;              // idle_timeout_ms: keep-alive wait for the next one
  int max_connections = 10'000;              // max_connections: beyond it, 503 and close
  int shutdown_timeout_ms = 10'000;          // shutdown_timeout_ms: grace for requests in flight
  // max_upload_bytes: the body of a POST to an upload path (ServerOptions::upload_paths) → 413.
  std::size_t max_upload_bytes = 20 * 1024 * 1024;
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port
  int threads = 0;            // event loops; 0 means one per core
  Limits limits;
  // Path prefixes whose POSTs may carry up to max_upload_bytes rather than max_body_bytes.
  std::vector<std::string> upload_paths;
  // Requests other than GET and HEAD (writes that wait for the disk) run on this many threads
  // of their own, so that the event loops keep answering reads meanwhile.
  int blocking_threads = 8;
  // Addresses of reverse proxies (e.g. "127.0.0.1" for an nginx in front): a request from one
  // of them is taken to come from the address it names in X-Forwarded-For.
  std::vector<std::string> trusted_proxies;
  // Receives one line per request: method, target, status, body bytes, microseconds.
  std::function<void(std::string_view line)> access_log;
};

// The client's address: `peer`, or when `peer` is a trusted proxy, the rightmost address of
// `forwarded_for` (X-Forwarded-For) that is not a trusted proxy itself. A malformed entry there
// is not believed: the peer is answered.
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

// The HTTP/1.1 server: keep-alive, HEAD, limits, graceful stop.
class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds every loop's acceptor; fails with kUnavailable naming the address.
  core::Result<void> bind();
  // The bound port (after bind()).
  std::uint16_t port() const;
  // Serves until stop() or SIGTERM/SIGINT; returns when requests in flight have finished.
  void run();
  // Stops accepting, closes idle connections, lets requests in flight finish. Thread-safe.
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tapchi::http
