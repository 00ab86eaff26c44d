// The request target parser and header handling: a raw request through Beast's parser with the
// server's limits, its target through http::parse_target, its query, cookies and
// X-Forwarded-For through the functions the server and handlers use.
// Properties: a parsed path starts with '/', is valid UTF-8, has no control characters and no
// "." or ".." segment, and parses again to itself once percent-encoded; the query is the text
// between '?' and any '#'; client_address answers the peer or an address of X-Forwarded-For
// (as the address parser writes it: "A::" is "a::").
#include <cctype>
#include <string>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http.hpp>

#include "core/core.h"
#include "fuzz_check.h"
#include "http/http.h"

namespace {

namespace bhttp = boost::beast::http;
using tapchi::fuzz::expect;

constexpr std::string_view kPeer = "192.0.2.7";

void check_target(std::string_view target) {
  const auto parsed = tapchi::http::parse_target(target);
  if (!parsed) {
    expect(!parsed.error().message.empty(), "parse_target failed without a message", target);
    return;
  }
  const auto& [path, query] = *parsed;
  expect(path.starts_with('/'), "parsed path does not start with '/'", target);
  expect(tapchi::core::is_valid_utf8(path), "parsed path is not valid UTF-8", target);
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    expect(byte >= 0x20 && byte != 0x7f, "parsed path holds a control character", target);
  }
  for (std::string_view rest = path; !rest.empty();) {
    rest.remove_prefix(1);  // the '/'
    const auto segment = rest.substr(0, rest.find('/'));
    expect(segment != "." && segment != "..", "parsed path holds a dot segment", target);
    rest.remove_prefix(segment.size());
  }
  const auto question = target.find('?');
  const std::string_view after =
      question == std::string_view::npos ? "" : target.substr(question + 1);
  expect(query == after.substr(0, after.find('#')), "query is not the text between '?' and '#'",
         target);

  const std::string again_target = tapchi::http::percent_encode_path(path);
  const auto again = tapchi::http::parse_target(again_target);
  expect(again.has_value() && again->first == path, "percent_encode_path does not round-trip",
         target);

  tapchi::http::Request request;
  request.target = std::string(target);
  request.path = path;
  request.query = query;
  for (const char* name : {"page", "q", "", "a b"}) {
    (void)request.query_param(name);
  }
}

// Whether `client` is one of the comma-separated addresses of `forwarded`, as its address
// parser writes it ("A::" is "a::").
bool is_forwarded_entry(std::string_view client, std::string_view forwarded) {
  for (std::string_view rest = forwarded; !rest.empty();) {
    const auto comma = rest.find(',');
    std::string_view entry = rest.substr(0, comma);
    rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
    while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t')) {
      entry.remove_prefix(1);
    }
    while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) {
      entry.remove_suffix(1);
    }
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(entry), ec);
    if (!ec && address.to_string() == client) {
      return true;
    }
  }
  return false;
}

void check_headers(const tapchi::http::Request& request) {
  for (const char* name : {"session", "csrf", "", "a"}) {
    const std::string value = tapchi::http::cookie(request, name);
    bool is_found = value.empty();
    for (const auto& [header, text] : request.headers) {
      is_found = is_found || (header == "cookie" && text.find(value) != std::string::npos);
    }
    expect(is_found, "cookie() answered text that is in no Cookie header", value);
  }
  const std::vector<std::string> trusted = {std::string(kPeer), "::1"};
  const auto forwarded = request.header("x-forwarded-for");
  const std::string client = tapchi::http::client_address(kPeer, forwarded, trusted);
  expect(client == kPeer || is_forwarded_entry(client, forwarded),
         "client_address answered neither the peer nor an X-Forwarded-For entry", forwarded);
}

void check_raw_request(std::string_view raw) {
  const tapchi::http::Limits limits;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  parser.body_limit(limits.max_body_bytes);
  parser.eager(true);
  boost::system::error_code ec;
  std::size_t at = 0;
  while (at < raw.size() && !parser.is_done()) {
    const auto used = parser.put(boost::asio::buffer(raw.data() + at, raw.size() - at), ec);
    if (ec == bhttp::error::need_more) {
      ec = {};
      break;
    }
    if (ec || used == 0) {
      break;
    }
    at += used;
  }
  if (!parser.is_header_done()) {
    return;
  }
  const auto& message = parser.get();
  tapchi::http::Request request;
  request.method_name = std::string(message.method_string());
  request.method = tapchi::http::parse_method(request.method_name);
  request.target = std::string(message.target());
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  check_target(request.target);
  check_headers(request);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = tapchi::fuzz::as_text(data, size);
  check_raw_request(input);
  // The first line alone as a target, and the input as a Cookie and X-Forwarded-For value.
  check_target(input.substr(0, input.find('\n')));
  tapchi::http::Request request;
  request.headers.emplace_back("cookie", std::string(input));
  request.headers.emplace_back("x-forwarded-for", std::string(input));
  check_headers(request);
  return 0;
}
