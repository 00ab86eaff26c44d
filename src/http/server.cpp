#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <sys/sendfile.h>

#include "http/http.h"

namespace tapchi::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;

// How long a refused request's unread body is drained before the connection closes.
constexpr int kLingerMs = 1000;

namespace {

using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

struct Connection {
  beast::tcp_stream stream;
  bool is_busy = false;  // between reading a request's headers and sending its response
};

// One event loop with its own acceptor on the shared port; its connections never leave it, so
// its bookkeeping needs no lock.
struct Worker {
  asio::io_context io{1};
  std::unique_ptr<tcp::acceptor> acceptor;
  std::set<Connection*> connections;
  std::unique_ptr<asio::steady_timer> grace;  // set while stopping with connections left
};

// A request as its head tells it: everything but the body.
Request head_of(const bhttp::request_header<>& message, std::string client, std::string path,
                std::string query) {
  Request r;
  r.method_name = std::string(message.method_string());
  r.method = parse_method(r.method_name);
  r.target = std::string(message.target());
  r.path = std::move(path);
  r.query = std::move(query);
  r.client = std::move(client);
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  return r;
}

bool is_trusted(std::string_view address, const std::vector<std::string>& trusted) {
  return std::find(trusted.begin(), trusted.end(), address) != trusted.end();
}

}  // namespace

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  if (forwarded_for.empty() || !is_trusted(peer, trusted_proxies)) {
    return std::string(peer);
  }
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    std::string_view entry =
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for =
        comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t')) {
      entry.remove_prefix(1);
    }
    while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) {
      entry.remove_suffix(1);
    }
    beast::error_code ec;
    const auto address = asio::ip::make_address(std::string(entry), ec);
    if (ec) {
      return std::string(peer);
    }
    const std::string text = address.to_string();
    if (!is_trusted(text, trusted_proxies)) {
      return text;
    }
  }
  return std::string(peer);
}

namespace {

// The status for a failed read, or 0 when the connection should just close (timeout, the
// client went away, the server is stopping).
int status_for_read_error(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) {
    return 431;
  }
  if (ec == bhttp::error::body_limit) {
    return 413;
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
    return 0;
  }
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return 400;
  }
  return 0;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  std::vector<std::unique_ptr<Worker>> workers;
  std::atomic<bool> is_stopping{false};
  std::atomic<int> open_connections{0};
  std::uint16_t port = 0;
  std::unique_ptr<asio::signal_set> signals;    // on workers[0]
  std::unique_ptr<asio::thread_pool> blocking;  // runs writes off the loops
  std::uint32_t id_prefix = 0;                  // random per process: ids differ across restarts
  std::atomic<std::uint32_t> next_id{0};

  asio::awaitable<void> accept_loop(Worker& w);
  asio::awaitable<void> serve(Worker& w, tcp::socket socket);
  asio::awaitable<void> write(Connection& c, const Response& res, bool is_head, bool keep_alive,
                              beast::error_code& ec);
  Response dispatch(Request& req);
  asio::awaitable<void> send_file(Connection& c, const OpenFile& file, std::int64_t offset,
                                  std::int64_t length, beast::error_code& ec);
  void stop_worker(Worker& w);
  void log(const Request& req, int status, std::size_t bytes,
           std::chrono::steady_clock::time_point start) const;
};

Server::Server(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  // A reader who leaves while a file is sent (sendfile to a closed socket) is an EPIPE error for
  // that connection, never a signal that ends the process.
  std::signal(SIGPIPE, SIG_IGN);
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  int threads = impl_->options.threads;
  if (threads <= 0) {
    threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }
  for (int i = 0; i < threads; ++i) {
    impl_->workers.push_back(std::make_unique<Worker>());
  }
  impl_->id_prefix = std::random_device{}();
  impl_->blocking = std::make_unique<asio::thread_pool>(
      static_cast<std::size_t>(std::max(1, impl_->options.blocking_threads)));
}

Server::~Server() = default;

core::Result<void> Server::bind() {
  const std::string where = fmt::format("{}:{}", impl_->options.address, impl_->options.port);
  try {
    const auto address = asio::ip::make_address(impl_->options.address);
    std::uint16_t port = impl_->options.port;
    for (auto& w : impl_->workers) {
      w->acceptor = std::make_unique<tcp::acceptor>(w->io);
      const tcp::endpoint endpoint(address, port);
      w->acceptor->open(endpoint.protocol());
      w->acceptor->set_option(asio::socket_base::reuse_address(true));
      // Every loop accepts on the same port; the kernel spreads connections between them.
      w->acceptor->set_option(ReusePort(true));
      w->acceptor->bind(endpoint);
      w->acceptor->listen(asio::socket_base::max_listen_connections);
      port = w->acceptor->local_endpoint().port();
    }
    impl_->port = port;
    return {};
  } catch (const std::exception& e) {
    return core::fail(core::unavailable("cannot listen on " + where + ": " + e.what(), "listen"));
  }
}

std::uint16_t Server::port() const { return impl_->port; }

void Server::run() {
  Impl& impl = *impl_;
  Worker& first = *impl.workers.front();
  impl.signals = std::make_unique<asio::signal_set>(first.io, SIGINT, SIGTERM);
  impl.signals->async_wait([this](const beast::error_code& ec, int) {
    if (!ec) {
      stop();
    }
  });
  for (auto& w : impl.workers) {
    asio::co_spawn(w->io, impl.accept_loop(*w), asio::detached);
  }
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl.workers.size(); ++i) {
    threads.emplace_back([w = impl.workers[i].get()] { w->io.run(); });
  }
  first.io.run();
  for (auto& t : threads) {
    t.join();
  }
}

void Server::stop() {
  if (impl_->is_stopping.exchange(true)) {
    return;
  }
  for (auto& w : impl_->workers) {
    asio::post(w->io, [this, worker = w.get()] { impl_->stop_worker(*worker); });
  }
}

void Server::Impl::stop_worker(Worker& w) {
  if (signals && &w == workers.front().get()) {
    signals->cancel();
  }
  beast::error_code ignored;
  w.acceptor->close(ignored);
  for (Connection* c : w.connections) {
    if (!c->is_busy) {
      c->stream.cancel();  // an idle keep-alive connection: its pending read ends now
    }
  }
  if (w.connections.empty()) {
    return;
  }
  // Requests in flight get a grace period; then their connections are cut too.
  w.grace = std::make_unique<asio::steady_timer>(w.io);
  w.grace->expires_after(milliseconds(options.limits.shutdown_timeout_ms));
  w.grace->async_wait([&w](const beast::error_code& ec) {
    if (ec) {
      return;
    }
    for (Connection* c : w.connections) {
      c->stream.cancel();
      beast::error_code ignored_close;
      c->stream.socket().close(ignored_close);
    }
  });
}

asio::awaitable<void> Server::Impl::accept_loop(Worker& w) {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket =
        co_await w.acceptor->async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (is_stopping || ec == asio::error::operation_aborted) {
        co_return;
      }
      // Out of descriptors or a transient failure: pause rather than spin.
      asio::steady_timer pause(w.io, milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    if (open_connections.load() >= options.limits.max_connections) {
      static constexpr std::string_view kBusy =
          "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nRetry-After: 1\r\n"
          "Content-Length: 20\r\nConnection: close\r\n\r\nServer at capacity.\n";
      beast::error_code write_ec;
      asio::write(socket, asio::buffer(kBusy), write_ec);
      socket.shutdown(tcp::socket::shutdown_send, write_ec);
      continue;
    }
    // Each response goes out in one gathered write; Nagle's wait for an ACK would only add
    // latency to the next one on the connection.
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(w.io, serve(w, std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> Server::Impl::serve(Worker& w, tcp::socket socket) {
  beast::error_code ec;
  const std::string client = socket.remote_endpoint(ec).address().to_string();
  Connection conn{beast::tcp_stream(std::move(socket))};
  ++open_connections;
  w.connections.insert(&conn);
  struct Unregister {
    Impl& impl;
    Worker& w;
    Connection* c;
    ~Unregister() {
      w.connections.erase(c);
      --impl.open_connections;
      if (impl.is_stopping && w.connections.empty() && w.grace) {
        w.grace->cancel();
      }
    }
  } unregister{*this, w, &conn};

  const Limits& limits = options.limits;
  beast::flat_buffer buffer;
  bool is_first = true;
  while (!is_stopping) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    // Uploads may be larger than other bodies; which one this is shows only in its header, and
    // the parser checks a declared length while reading the header, so the larger limit comes
    // first and the smaller one once the target is known.
    parser.body_limit(options.upload_paths.empty()
                          ? limits.max_body_bytes
                          : std::max(limits.max_body_bytes, limits.max_upload_bytes));
    conn.stream.expires_after(
        milliseconds(is_first ? limits.header_timeout_ms : limits.idle_timeout_ms));
    co_await bhttp::async_read_header(conn.stream, buffer, parser,
                                      asio::redirect_error(asio::use_awaitable, ec));
    const auto start = std::chrono::steady_clock::now();
    int error_status = ec ? status_for_read_error(ec) : 0;
    if (!ec) {
      conn.is_busy = true;
      const auto& header = parser.get();
      std::vector<std::string_view> codings;
      for (const auto& field : header) {
        if (field.name() == bhttp::field::transfer_encoding) {
          codings.emplace_back(field.value().data(), field.value().size());
        }
      }
      if (!check_framing(codings, header.find(bhttp::field::content_length) != header.end(),
                         header.version())) {
        ec = bhttp::error::bad_transfer_encoding;  // answered 400, and the connection closes
        error_status = 400;
      }
    }
    if (!ec) {
      const auto& header = parser.get();
      bool is_upload = header.method() == bhttp::verb::post &&
                       std::any_of(options.upload_paths.begin(), options.upload_paths.end(),
                                   [&](const std::string& prefix) {
                                     return header.target().starts_with(prefix);
                                   });
      if (is_upload && options.may_upload) {
        // Only a request that may upload gets the larger limit: the check (a session lookup)
        // runs before the body is read, on the blocking pool.
        auto target =
            parse_target(std::string_view(header.target().data(), header.target().size()));
        if (target) {
          const Request head =
              head_of(header, client, std::move(target->first), std::move(target->second));
          is_upload = co_await asio::co_spawn(
              blocking->get_executor(),
              [this, &head]() -> asio::awaitable<bool> {
                try {
                  co_return options.may_upload(head);
                } catch (const std::exception&) {
                  co_return false;  // unknown: the normal limit
                }
              },
              asio::use_awaitable);
        } else {
          is_upload = false;
        }
      }
      if (!is_upload) {
        parser.body_limit(limits.max_body_bytes);
        if (parser.content_length() && *parser.content_length() > limits.max_body_bytes) {
          ec = bhttp::error::body_limit;
          error_status = 413;
        }
      }
      if (!ec && beast::iequals(header[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> interim{bhttp::status::continue_, 11};
        co_await bhttp::async_write(conn.stream, interim,
                                    asio::redirect_error(asio::use_awaitable, ec));
      }
      if (!ec) {
        conn.stream.expires_after(milliseconds(limits.body_timeout_ms));
        co_await bhttp::async_read(conn.stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
        error_status = ec ? status_for_read_error(ec) : 0;
      }
    }
    if (ec) {
      if (error_status != 0) {
        Response res =
            Response::text(error_status, std::string(reason_phrase(error_status)) + "\n");
        beast::error_code write_ec;
        co_await write(conn, res, false, false, write_ec);
        Request shown;
        shown.method_name = "-";
        shown.target = "-";
        log(shown, error_status, res.body.size(), start);
        // A client may still be sending the body it was refused: closing now would reset the
        // connection and lose the answer it is owed, so the rest is read and dropped for a
        // moment first (a lingering close).
        conn.stream.socket().shutdown(tcp::socket::shutdown_send, write_ec);
        conn.stream.expires_after(milliseconds(kLingerMs));
        std::array<char, 64 * 1024> sink{};
        while (!write_ec) {
          co_await conn.stream.async_read_some(asio::buffer(sink),
                                               asio::redirect_error(asio::use_awaitable, write_ec));
        }
      }
      break;
    }

    const bool wants_keep_alive = parser.get().keep_alive();
    auto message = parser.release();
    auto target = parse_target(std::string_view(message.target().data(), message.target().size()));
    Request req;
    req.id = fmt::format("{:08x}{:08x}", id_prefix, ++next_id);
    Response res;
    if (!target) {
      req.method_name = std::string(message.method_string());
      req.target = std::string(message.target());
      res = Response::text(400, "Bad Request: " + target.error().message + "\n");
    } else {
      std::string id = std::move(req.id);
      req = head_of(message, client, std::move(target->first), std::move(target->second));
      req.body = std::move(message.body());
      req.id = std::move(id);
      req.client =
          client_address(req.client, req.header("x-forwarded-for"), options.trusted_proxies);
      if (req.method == Method::kGet || req.method == Method::kHead) {
        res = dispatch(req);
      } else {
        // A write waits for the disk (a durable commit): on the blocking pool, not this loop.
        res = co_await asio::co_spawn(
            blocking->get_executor(),
            [this, &req]() -> asio::awaitable<Response> { co_return dispatch(req); },
            asio::use_awaitable);
      }
    }
    const bool keep_alive = wants_keep_alive && !is_stopping && res.status != 400;
    co_await write(conn, res, req.method == Method::kHead, keep_alive, ec);
    log(req, res.status, req.method == Method::kHead ? 0 : res.body_size(), start);
    conn.is_busy = false;
    if (ec || !keep_alive) {
      break;
    }
    is_first = false;
  }
  beast::error_code ignored;
  conn.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

Response Server::Impl::dispatch(Request& req) {
  Response res;
  try {
    res = handler(req);
  } catch (const std::exception& e) {
    res = Response::text(500, fmt::format("Internal Server Error (request {})\n", req.id));
    res.error_detail = e.what();
  }
  // The detail goes to the log alone; the client sees the request's id to quote.
  if (!res.error_detail.empty() && options.access_log) {
    options.access_log(
        fmt::format("error {} {} {}: {}", req.id, req.method_name, req.target, res.error_detail));
  }
  if (res.status >= 500) {
    res.set("X-Request-Id", req.id);
  }
  return res;
}

asio::awaitable<void> Server::Impl::write(Connection& c, const Response& res, bool is_head,
                                          bool keep_alive, beast::error_code& ec) {
  c.stream.expires_after(milliseconds(options.limits.body_timeout_ms));
  // The head is written here, and the body goes out from the response's own bytes (a cached
  // page's parts, or a rendered body, never copied) in the same gathered write, or from the
  // file by the kernel after it.
  std::string head = fmt::format("HTTP/1.1 {} {}\r\n", res.status, reason_phrase(res.status));
  for (const auto& [name, value] : res.headers) {
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  // 204 and 304 have no body and no length (a 304's would have to be the full page's).
  const bool has_body = res.status != 204 && res.status != 304;
  if (has_body) {
    head += fmt::format("Content-Length: {}\r\n", res.body_size());
  }
  head += keep_alive ? "\r\n" : "Connection: close\r\n\r\n";
  std::vector<asio::const_buffer> buffers{asio::buffer(head)};
  if (has_body && !is_head && !res.file) {
    for (const std::string_view part : res.parts) {
      buffers.push_back(asio::buffer(part.data(), part.size()));
    }
    buffers.push_back(asio::buffer(res.body));
  }
  co_await asio::async_write(c.stream, buffers, asio::redirect_error(asio::use_awaitable, ec));
  if (!ec && has_body && !is_head && res.file) {
    co_await send_file(c, *res.file, res.file_offset, res.file_length, ec);
  }
}

// The kernel copies the file to the socket (sendfile), a chunk at a time: the loop waits for
// the socket, never for the bytes, and no download holds its file in memory. A client that
// takes more than body_timeout_ms to accept the next chunk is cut off.
asio::awaitable<void> Server::Impl::send_file(Connection& c, const OpenFile& file,
                                              std::int64_t offset, std::int64_t length,
                                              beast::error_code& ec) {
  constexpr std::int64_t kChunkBytes = 1 << 20;
  tcp::socket& socket = c.stream.socket();
  socket.native_non_blocking(true, ec);
  off_t at = static_cast<off_t>(offset);
  std::int64_t left = length;
  while (!ec && left > 0) {
    const ssize_t sent = ::sendfile(socket.native_handle(), file.fd(), &at,
                                    static_cast<std::size_t>(std::min(left, kChunkBytes)));
    if (sent > 0) {
      left -= sent;
      continue;
    }
    if (sent == 0) {  // the file is shorter than it was: the response cannot be completed
      ec = asio::error::eof;
      break;
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      ec = beast::error_code(errno, boost::system::system_category());
      break;
    }
    asio::steady_timer deadline(socket.get_executor(),
                                milliseconds(options.limits.body_timeout_ms));
    deadline.async_wait([&socket](const beast::error_code& timer_ec) {
      if (!timer_ec) {
        socket.cancel();
      }
    });
    co_await socket.async_wait(tcp::socket::wait_write,
                               asio::redirect_error(asio::use_awaitable, ec));
    deadline.cancel();
  }
}

void Server::Impl::log(const Request& req, int status, std::size_t bytes,
                       std::chrono::steady_clock::time_point start) const {
  if (!options.access_log) {
    return;
  }
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  options.access_log(
      fmt::format("{} {} {} {} {}us", req.method_name, req.target, status, bytes, us));
}

}  // namespace tapchi::http
