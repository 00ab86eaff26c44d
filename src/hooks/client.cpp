// One POST to a webhook's URL over http or https, with a deadline for the whole exchange.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>

#include "hooks/hooks.h"

namespace tapchi::hooks {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

struct Target {
  bool is_tls = false;
  std::string host;
  std::string port;
  std::string path;
};

std::optional<Target> parse_url(std::string_view url) {
  Target t;
  if (url.starts_with("https://")) {
    t.is_tls = true;
    url.remove_prefix(8);
  } else if (url.starts_with("http://")) {
    url.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  const auto slash = url.find_first_of("/?#");
  std::string_view authority = url.substr(0, slash);
  t.path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  if (const auto hash = t.path.find('#'); hash != std::string::npos) {
    t.path.resize(hash);
  }
  if (!t.path.starts_with('/')) {
    t.path = "/" + t.path;
  }
  if (authority.empty() || authority.find('@') != std::string_view::npos) {
    return std::nullopt;  // no userinfo: secrets belong in the signature, not the URL
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {  // an IPv6 address
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    host = authority.substr(1, close - 1);
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && (rest.front() != ':' || rest.size() == 1)) {
      return std::nullopt;
    }
    port = rest.empty() ? rest : rest.substr(1);
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) {
      return std::nullopt;
    }
  }
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos ||
      (!port.empty() &&
       (std::stoi(std::string(port)) < 1 || std::stoi(std::string(port)) > 65535))) {
    return std::nullopt;
  }
  t.port = port.empty() ? (t.is_tls ? "443" : "80") : std::string(port);
  t.host = std::string(host);
  if (t.host.empty() || t.host.find_first_of(" \t\r\n/\\") != std::string::npos) {
    return std::nullopt;
  }
  return t;
}

template <typename Stream>
Sent exchange(Stream& stream, const Target& t,
              const std::vector<std::pair<std::string, std::string>>& headers,
              const std::string& body) {
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, t.path, 11};
  req.set(bhttp::field::host, t.host);
  req.set(bhttp::field::user_agent, "tapchi-webhooks/1");
  for (const auto& [name, value] : headers) {
    req.set(name, value);
  }
  req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::empty_body> parser;
  parser.skip(true);  // the status is all that is read
  bhttp::read_header(stream, buffer, parser);
  return {static_cast<int>(parser.get().result_int()), {}};
}

}  // namespace

core::Result<void> check_url(std::string_view url) {
  if (url.size() > 2000 || !parse_url(url)) {
    return core::fail(core::invalid(
        "A webhook's address is an http:// or https:// URL with a host, without a user or "
        "password.",
        "url"));
  }
  return {};
}

Sent post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
          const std::string& body, std::chrono::milliseconds timeout) {
  const auto target = parse_url(url);
  if (!target) {
    return {0, "not an http:// or https:// URL"};
  }
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(target->host, target->port);
    if (!target->is_tls) {
      beast::tcp_stream stream(io);
      stream.expires_after(timeout);
      stream.connect(endpoints);
      Sent sent = exchange(stream, *target, headers, body);
      beast::error_code ignored;
      stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      return sent;
    }
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, tls);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), target->host.c_str())) {
      return {0, "the TLS host name could not be set"};
    }
    stream.set_verify_callback(asio::ssl::host_name_verification(target->host));
    beast::get_lowest_layer(stream).expires_after(timeout);
    beast::get_lowest_layer(stream).connect(endpoints);
    stream.handshake(asio::ssl::stream_base::client);
    Sent sent = exchange(stream, *target, headers, body);
    beast::error_code ignored;
    stream.shutdown(ignored);
    return sent;
  } catch (const std::exception& e) {
    return {0, e.what()};
  }
}

}  // namespace tapchi::hooks
