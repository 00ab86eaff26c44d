#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>

#include "http/http.h"

namespace tapchi::http {

namespace {

constexpr std::array<std::pair<Method, std::string_view>, 7> kMethods{{
    {Method::kGet, "GET"},
    {Method::kHead, "HEAD"},
    {Method::kPost, "POST"},
    {Method::kPut, "PUT"},
    {Method::kPatch, "PATCH"},
    {Method::kDelete, "DELETE"},
    {Method::kOptions, "OPTIONS"},
}};

}  // namespace

std::string_view Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    const auto key = core::percent_decode(pair.substr(0, eq), true);
    if (key && *key == name) {
      return core::percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    }
  }
  return std::nullopt;
}

std::size_t Response::body_size() const {
  if (file) {
    return static_cast<std::size_t>(file_length);
  }
  std::size_t n = body.size();
  for (const std::string_view part : parts) {
    n += part.size();
  }
  return n;
}

void Response::set(std::string name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (key == name) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

Response Response::html(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set("Content-Type", "text/html; charset=utf-8");
  return r;
}

Response Response::text(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set("Content-Type", "text/plain; charset=utf-8");
  return r;
}

Response Response::redirect(int status, std::string location) {
  Response r = text(status, "Moved to " + location + "\n");
  r.set("Location", std::move(location));
  return r;
}

core::Result<std::vector<std::pair<std::string, std::string>>> parse_form(std::string_view body,
                                                                          bool check_text) {
  std::vector<std::pair<std::string, std::string>> fields;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    const auto eq = pair.find('=');
    auto name = core::percent_decode(pair.substr(0, eq), true);
    auto value =
        core::percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!name || !value) {
      return core::fail(core::invalid("the form holds a malformed %-escape"));
    }
    for (const std::string* text : {&*name, &*value}) {
      if (check_text && (!core::is_valid_utf8(*text) || text->find('\0') != std::string::npos)) {
        return core::fail(core::invalid("the form holds invalid UTF-8 or a NUL", *name));
      }
    }
    fields.emplace_back(std::move(*name), std::move(*value));
  }
  return fields;
}

std::string form_value(const std::vector<std::pair<std::string, std::string>>& fields,
                       std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

std::string cookie(const Request& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (header != "cookie") {
      continue;
    }
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      std::string_view item = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      while (!item.empty() && item.front() == ' ') {
        item.remove_prefix(1);
      }
      const auto eq = item.find('=');
      if (eq != std::string_view::npos && item.substr(0, eq) == name) {
        return std::string(item.substr(eq + 1));
      }
    }
  }
  return {};
}

std::string percent_encode_path(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                            (u >= '0' && u <= '9') || u == '-' || u == '_' || u == '.' ||
                            u == '~' || u == '/';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

core::Result<std::pair<std::string, std::string>> parse_target(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return core::fail(core::invalid("the request target must be an absolute path", "target"));
  }
  const auto q = target.find('?');
  const std::string_view raw_path = target.substr(0, q);
  std::string query(q == std::string_view::npos ? std::string_view{} : target.substr(q + 1));
  const auto hash = query.find('#');
  if (hash != std::string::npos) {
    query.resize(hash);
  }
  auto path = core::percent_decode(raw_path, false);
  if (!path) {
    return core::fail(core::invalid("malformed percent-escape in the path", "target"));
  }
  if (!core::is_valid_utf8(*path)) {
    return core::fail(core::invalid("the path is not valid UTF-8", "target"));
  }
  for (const char c : *path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\') {
      return core::fail(core::invalid("the path holds a control character", "target"));
    }
  }
  std::string_view rest = *path;
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the '/'
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment == "." || segment == "..") {
      return core::fail(core::invalid("the path holds a dot segment", "target"));
    }
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  }
  return std::make_pair(std::move(*path), std::move(query));
}

core::Result<void> check_framing(const std::vector<std::string_view>& transfer_encodings,
                                 bool has_content_length, unsigned version) {
  if (transfer_encodings.empty()) {
    return {};
  }
  std::vector<std::string> codings;
  for (std::string_view value : transfer_encodings) {
    while (true) {
      const auto comma = value.find(',');
      std::string_view item = value.substr(0, comma);
      while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) {
        item.remove_prefix(1);
      }
      while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) {
        item.remove_suffix(1);
      }
      std::string coding(item);
      for (char& c : coding) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      codings.push_back(std::move(coding));
      if (comma == std::string_view::npos) {
        break;
      }
      value.remove_prefix(comma + 1);
    }
  }
  if (codings.size() != 1 || codings.front() != "chunked") {
    return core::fail(
        core::invalid("only the transfer coding \"chunked\" is understood", "transfer-encoding"));
  }
  if (has_content_length) {
    return core::fail(
        core::invalid("Transfer-Encoding and Content-Length together", "content-length"));
  }
  if (version < 11) {
    return core::fail(core::invalid("Transfer-Encoding in an HTTP/1.0 request", "version"));
  }
  return {};
}

Method parse_method(std::string_view name) {
  for (const auto& [method, text] : kMethods) {
    if (text == name) {
      return method;
    }
  }
  return Method::kOther;
}

std::string allow_header(const std::vector<Method>& methods) {
  std::string out;
  for (const auto& [method, text] : kMethods) {
    for (const Method m : methods) {
      if (m == method) {
        out += out.empty() ? "" : ", ";
        out += text;
        break;
      }
    }
  }
  return out;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

namespace {

// The value of parameter `name` in a header value like `form-data; name="a"; filename="b.jpg"`,
// unquoted (backslash escapes undone); nullopt when absent.
std::optional<std::string> header_parameter(std::string_view value, std::string_view name) {
  std::size_t i = value.find(';');
  while (i != std::string_view::npos && i < value.size()) {
    ++i;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) {
      ++i;
    }
    const auto eq = value.find('=', i);
    if (eq == std::string_view::npos) {
      return std::nullopt;
    }
    std::string key(value.substr(i, eq - i));
    for (char& c : key) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::string out;
    std::size_t j = eq + 1;
    if (j < value.size() && value[j] == '"') {
      for (++j; j < value.size() && value[j] != '"'; ++j) {
        if (value[j] == '\\' && j + 1 < value.size()) {
          ++j;
        }
        out += value[j];
      }
      if (j >= value.size()) {
        return std::nullopt;  // unterminated quote
      }
      ++j;
    } else {
      const auto end = value.find(';', j);
      out = std::string(
          value.substr(j, end == std::string_view::npos ? std::string_view::npos : end - j));
      while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) {
        out.pop_back();
      }
      j = end == std::string_view::npos ? value.size() : end;
    }
    if (key == name) {
      return out;
    }
    i = value.find(';', j);
  }
  return std::nullopt;
}

bool starts_with_icase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

}  // namespace

core::Result<std::vector<FormPart>> parse_multipart(std::string_view body,
                                                    std::string_view content_type) {
  if (!starts_with_icase(content_type, "multipart/form-data")) {
    return core::fail(core::invalid("the form is not multipart/form-data", "content-type"));
  }
  const auto boundary = header_parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) {
    return core::fail(core::invalid("the multipart form has no usable boundary", "content-type"));
  }
  const std::string delimiter = "--" + *boundary;
  const auto cut_short = [] {
    return core::fail(core::invalid("the multipart form is cut short or malformed", "body"));
  };
  // The preamble before the first delimiter is ignored, as RFC 2046 says.
  std::size_t at = body.starts_with(delimiter) ? 0 : body.find("\r\n" + delimiter);
  if (at == std::string_view::npos) {
    return cut_short();
  }
  at += body.starts_with(delimiter) ? delimiter.size() : delimiter.size() + 2;
  std::vector<FormPart> parts;
  while (true) {
    if (body.substr(at, 2) == "--") {
      return parts;  // the closing delimiter
    }
    if (body.substr(at, 2) != "\r\n") {
      return cut_short();
    }
    at += 2;
    const auto head_end = body.find("\r\n\r\n", at);
    if (head_end == std::string_view::npos) {
      return cut_short();
    }
    FormPart part;
    bool has_disposition = false;
    for (std::string_view head = body.substr(at, head_end - at); !head.empty();) {
      const auto eol = head.find("\r\n");
      const std::string_view line = head.substr(0, eol);
      head.remove_prefix(eol == std::string_view::npos ? head.size() : eol + 2);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) {
        return cut_short();
      }
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
      }
      if (starts_with_icase(line, "content-disposition:")) {
        if (!starts_with_icase(value, "form-data")) {
          return cut_short();
        }
        has_disposition = true;
        part.name = header_parameter(value, "name").value_or("");
        part.file_name = header_parameter(value, "filename").value_or("");
      } else if (starts_with_icase(line, "content-type:")) {
        part.content_type = std::string(value);
      }
    }
    if (!has_disposition || part.name.empty()) {
      return core::fail(core::invalid("a part of the multipart form has no name", "body"));
    }
    at = head_end + 4;
    const auto end = body.find("\r\n" + delimiter, at);
    if (end == std::string_view::npos) {
      return cut_short();
    }
    part.data = std::string(body.substr(at, end - at));
    at = end + 2 + delimiter.size();
    const bool is_file = !part.file_name.empty() || !part.content_type.empty();
    for (const std::string* text : {&part.name, &part.file_name}) {
      if (!core::is_valid_utf8(*text) || text->find('\0') != std::string::npos) {
        return core::fail(core::invalid("the form holds invalid UTF-8 or a NUL", part.name));
      }
    }
    if (!is_file &&
        (!core::is_valid_utf8(part.data) || part.data.find('\0') != std::string::npos)) {
      return core::fail(core::invalid("the form holds invalid UTF-8 or a NUL", part.name));
    }
    parts.push_back(std::move(part));
  }
}

}  // namespace tapchi::http
