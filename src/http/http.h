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

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

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

// Every limit the server enforces, with its config key (under [limits]) and default.
struct Limits {
  std::size_t max_header_bytes = 16 * 1024;  // max_header_bytes: request line + headers → 431
  std::size_t max_body_bytes = 1024 * 1024;  // max_body_bytes → 413
  int header_timeout_ms = 10'000;            // header_timeout_ms: a new connection's headers
  int body_timeout_ms = 30'000;              // body_timeout_ms: reading a request body
  int idle_timeout_ms = 30'000;              // idle_timeout_ms: keep-alive wait for the next one
  int max_connections = 10'000;              // max_connections: beyond it, 503 and close
  int shutdown_timeout_ms = 10'000;          // shutdown_timeout_ms: grace for requests in flight
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port
  int threads = 0;            // event loops; 0 means one per core
  Limits limits;
  // Receives one line per request: method, target, status, body bytes, microseconds.
  std::function<void(std::string_view line)> access_log;
};

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
