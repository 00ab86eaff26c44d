// The multipart/form-data parser. The input's first line is the Content-Type header's value,
// the rest is the body, byte for byte.
// Properties: every part has a non-empty name; names, file names and plain values are valid
// UTF-8 without NUL; parts written out again with a fresh boundary parse to the same parts.
#include <string>
#include <vector>

#include "core/core.h"
#include "fuzz_check.h"
#include "http/http.h"

namespace {

using tapchi::fuzz::expect;
using tapchi::http::FormPart;

bool is_same_part(const FormPart& a, const FormPart& b) {
  return a.name == b.name && a.file_name == b.file_name && a.content_type == b.content_type &&
         a.data == b.data;
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

// Whether a part can be written back: header text on one line, a content type that does not
// start with the spaces the parser trims.
bool is_writable(const FormPart& p) {
  for (const std::string* text : {&p.name, &p.file_name, &p.content_type}) {
    if (text->find_first_of("\r\n") != std::string::npos) {
      return false;
    }
  }
  return p.content_type.empty() ||
         (p.content_type.front() != ' ' && p.content_type.front() != '\t');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = tapchi::fuzz::as_text(data, size);
  const auto eol = input.find('\n');
  const std::string_view content_type = input.substr(0, eol);
  const std::string_view body =
      eol == std::string_view::npos ? std::string_view{} : input.substr(eol + 1);
  const auto parts = tapchi::http::parse_multipart(body, content_type);
  if (!parts) {
    expect(!parts.error().message.empty(), "parse_multipart failed without a message", input);
    return 0;
  }
  bool is_every_part_writable = true;
  for (const FormPart& p : *parts) {
    expect(!p.name.empty(), "a part has no name", input);
    for (const std::string* text : {&p.name, &p.file_name}) {
      expect(tapchi::core::is_valid_utf8(*text) && text->find('\0') == std::string::npos,
             "a part's name or file name holds invalid UTF-8 or a NUL", input);
    }
    if (p.file_name.empty() && p.content_type.empty()) {
      expect(tapchi::core::is_valid_utf8(p.data) && p.data.find('\0') == std::string::npos,
             "a plain field's value holds invalid UTF-8 or a NUL", input);
    }
    is_every_part_writable = is_every_part_writable && is_writable(p);
  }
  if (!is_every_part_writable) {
    return 0;
  }

  std::string boundary = "tapchi-fuzz-boundary";
  while (body.find(boundary) != std::string_view::npos) {
    boundary += "x";
  }
  std::string again_body;
  for (const FormPart& p : *parts) {
    again_body += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(p.name);
    if (!p.file_name.empty()) {
      again_body += "; filename=" + quoted(p.file_name);
    }
    again_body += "\r\n";
    if (!p.content_type.empty()) {
      again_body += "Content-Type: " + p.content_type + "\r\n";
    }
    again_body += "\r\n" + p.data + "\r\n";
  }
  again_body += "--" + boundary + "--\r\n";
  if (boundary.size() > 70) {
    return 0;  // the parser's limit on a boundary; a body full of "tapchi-fuzz-boundary"s
  }
  const auto again =
      tapchi::http::parse_multipart(again_body, "multipart/form-data; boundary=" + boundary);
  expect(again.has_value(), "parts written out again do not parse", again_body);
  expect(again->size() == parts->size(), "parts written out again parse to another count", input);
  for (std::size_t i = 0; i < parts->size(); ++i) {
    expect(is_same_part((*again)[i], (*parts)[i]), "parts written out again parse differently",
           input);
  }
  return 0;
}
