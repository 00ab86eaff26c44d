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
  std::string id;      // this request's id, made by the server: for logs and error pages

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

// An open file whose bytes a response sends (see Response::file); closed with the last owner.
class OpenFile {
 public:
  // Opens a regular file for reading; fails with kNotFound when there is none at `path`.
  static core::Result<std::shared_ptr<const OpenFile>> open(const std::string& path);
  explicit OpenFile(int fd, std::int64_t size, std::int64_t modified_ns)
      : fd_(fd), size_(size), modified_ns_(modified_ns) {}
  ~OpenFile();
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  int fd() const { return fd_; }
  std::int64_t size() const { return size_; }
  std::int64_t modified_ns() const { return modified_ns_; }  // since the epoch

 private:
  int fd_;
  std::int64_t size_;
  std::int64_t modified_ns_;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  // The body is `parts` (byte ranges kept alive by `owner`, e.g. a cached page) followed by
  // `body`; parts let a cached page go out without being copied.
  std::string body;
  std::vector<std::string_view> parts;
  std::shared_ptr<const void> owner;
  // When set, the body is `file_length` bytes of `file` from `file_offset` instead (sent by the
  // kernel with sendfile(2): a download never sits in memory, however large or many).
  std::shared_ptr<const OpenFile> file;
  std::int64_t file_offset = 0;
  std::int64_t file_length = 0;
  std::optional<Cacheability> cacheable;
  // Why a 5xx answer failed (e.g. a database error), never sent: the server logs it with the
  // request's id, and the page shows the id alone.
  std::string error_detail;
  // The article a reader's view of this answer counts for (0: none), never sent. Kept with a
  // cached page, so that a page served from the cache counts too.
  std::int64_t view_of = 0;

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
// Encodes everything but unreserved characters and '/', for building URLs.
std::string percent_encode_path(std::string_view text);
Method parse_method(std::string_view name);
// Checks a request's body framing (RFC 9112 §6): the values of its Transfer-Encoding fields, in
// order, and whether it has a Content-Length. Fails with kInvalid unless the transfer codings are
// none or exactly "chunked" (no other coding is understood, and a chunked not last would leave
// the body's end to the connection's), without a Content-Length beside them and not in HTTP/1.0.
core::Result<void> check_framing(const std::vector<std::string_view>& transfer_encodings,
                                 bool has_content_length, unsigned version);

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

  // `varies` names the query parameters that change what the route answers (e.g. "page"); a
  // page cache keys the route's pages by those alone.
  void add(std::vector<Method> methods, std::string pattern, RouteHandler handler,
           std::vector<std::string> varies = {});

  struct Match {
    const RouteHandler* handler = nullptr;  // null when nothing matched
    Params params;
    const std::vector<std::string>* varies = nullptr;  // the matched route's; null with no match
    std::vector<Method> allowed;  // methods of patterns that matched the path, for 405
    std::size_t index = 0;        // the matched route's position in the order of add()
  };
  Match match(Method method, std::string_view path) const;

  // Every route as added: its methods and pattern (to document or check them).
  std::vector<std::pair<std::vector<Method>, std::string>> routes() const;

 private:
  struct Route {
    std::vector<Method> methods;
    std::string pattern;
    std::vector<std::string> segments;
    RouteHandler handler;
    std::vector<std::string> varies;
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
  std::int64_t view_of = 0;       // as Response::view_of, given back with every serve()
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

// Whether the client's copy, as If-None-Match or (without it) If-Modified-Since tell, is the
// representation with `etag` last modified at `modified` (unix seconds): a 304 then.
bool is_fresh(const Request& req, std::string_view etag, std::int64_t modified);

// A file as a GET or HEAD answer: 200 with ETag and Last-Modified (from its size and time), 304
// when the client's copy is fresh, 206 for one satisfiable `Range: bytes=` (If-Range honoured),
// 416 with `Content-Range: bytes */size` for an unsatisfiable one; several ranges or a malformed
// Range get the whole file. The body is sent from the file (Response::file), never read here.
Response file_response(const Request& req, std::shared_ptr<const OpenFile> file,
                       std::string content_type, std::string cache_control);

// Whether `accept` (an Accept-Encoding value) admits `coding` ("gzip", "br") with a non-zero q.
bool accepts_coding(std::string_view accept, std::string_view coding);

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
  // Path prefixes whose POSTs may carry up to max_upload_bytes rather than max_body_bytes, when
  // `may_upload` (if set) accepts the request's head (its body empty): anyone else gets the
  // normal limit before a byte of the body is read. Called on the blocking pool.
  std::vector<std::string> upload_paths;
  std::function<bool(const Request& head)> may_upload;
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
