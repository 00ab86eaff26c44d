// The application/x-www-form-urlencoded parser.
// Properties: with text checks on, every name and value is valid UTF-8 without NUL; a body
// that parses, re-encoded, parses to the same fields (parse ∘ serialize is stable).
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "core/core.h"
#include "fuzz_check.h"
#include "http/http.h"

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;
using tapchi::fuzz::expect;

// As a browser encodes a form: unreserved characters as they are, space as '+', the rest %XX.
std::string form_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

std::string form_body(const Fields& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) {
      body += '&';
    }
    body += form_encode(name) + "=" + form_encode(value);
  }
  return body;
}

void check(std::string_view body, bool check_text) {
  const auto fields = tapchi::http::parse_form(body, check_text);
  if (!fields) {
    expect(!fields.error().message.empty(), "parse_form failed without a message", body);
    return;
  }
  if (check_text) {
    for (const auto& [name, value] : *fields) {
      for (const std::string* text : {&name, &value}) {
        expect(tapchi::core::is_valid_utf8(*text) && text->find('\0') == std::string::npos,
               "a checked field holds invalid UTF-8 or a NUL", body);
      }
    }
  }
  const std::string encoded = form_body(*fields);
  const auto again = tapchi::http::parse_form(encoded, check_text);
  expect(again.has_value(), "a re-encoded form does not parse", encoded);
  expect(*again == *fields, "a re-encoded form parses to other fields", body);
  if (!fields->empty()) {
    const auto& [first_name, first_value] = fields->front();
    expect(tapchi::http::form_value(*fields, first_name) == first_value,
           "form_value does not answer the first field of a name", body);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = tapchi::fuzz::as_text(data, size);
  check(body, true);
  check(body, false);
  return 0;
}
