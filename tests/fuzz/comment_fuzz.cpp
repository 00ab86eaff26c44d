// Comment intake: cleaning, one-line fields, links, the limits of comments::check, and the
// comment as HTML. The input's first line is the name, the second the email, the rest the body.
// Properties: cleaned text is valid UTF-8 without controls (other than '\n'), direction
// marks, overrides, isolates or zero-width spaces, and cleaning it again changes nothing; a
// one-line field has no line break; a draft check() passes is within its limits; comment_to_html
// writes only <p>, <br> and <a href="http(s)://…" rel="…"> (scheme in any case), and valid UTF-8
// for cleaned text.
#include <cctype>
#include <string>

#include "comments/comments.h"
#include "core/core.h"
#include "fuzz_check.h"
#include "render/render.h"

namespace {

using tapchi::fuzz::expect;

// The code point starting at `text[i]` of valid UTF-8, and its length.
std::pair<char32_t, std::size_t> decode(std::string_view text, std::size_t i) {
  const auto byte = static_cast<unsigned char>(text[i]);
  if (byte < 0x80) {
    return {byte, 1};
  }
  const std::size_t length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
  char32_t cp = byte & (0x3f >> (length - 1));
  for (std::size_t k = 1; k < length; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
  }
  return {cp, length};
}

// Zero-width joiners (U+200C, U+200D) stay: emoji sequences and some scripts need them.
bool is_forbidden(char32_t cp) {
  return (cp < 0x20 && cp != '\n') || (cp >= 0x7f && cp < 0xa0) ||            // C0 and C1 controls
         (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||  // overrides, isolates
         cp == 0x061c || cp == 0x200e || cp == 0x200f ||                      // direction marks
         cp == 0x200b || cp == 0x2060 || cp == 0xfeff;                        // invisible spaces
}

std::size_t chars_of(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); i += decode(text, i).second) {
    ++n;
  }
  return n;
}

void check_clean(std::string_view raw, const std::string& clean, bool is_line) {
  expect(tapchi::core::is_valid_utf8(clean), "cleaned text is not valid UTF-8", raw);
  for (std::size_t i = 0; i < clean.size();) {
    const auto [cp, length] = decode(clean, i);
    expect(!is_forbidden(cp), "cleaned text keeps a control, override or zero-width character",
           raw);
    i += length;
  }
  if (is_line) {
    expect(clean.find('\n') == std::string::npos, "a cleaned line keeps a line break", raw);
  }
  const auto again =
      is_line ? tapchi::comments::clean_line(clean) : tapchi::comments::clean_text(clean);
  expect(again.has_value() && *again == clean, "cleaning cleaned text changes it", raw);
}

void check_html(std::string_view text, bool is_clean) {
  const std::string html = tapchi::render::comment_to_html(text);
  if (is_clean) {
    expect(tapchi::core::is_valid_utf8(html), "a comment's HTML is not valid UTF-8", text);
  }
  for (const auto& tag : tapchi::fuzz::tags_of(html)) {
    if (tag.name == "a") {
      expect(tag.attributes.size() == 2 && tag.attributes[0].first == "href" &&
                 tag.attributes[1].first == "rel",
             "a comment's link has other attributes than href and rel", html);
      std::string scheme = tag.attributes[0].second.substr(0, 8);
      for (char& c : scheme) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      expect(scheme.starts_with("http://") || scheme.starts_with("https://"),
             "a comment's link is not to http(s)", html);
    } else {
      expect(tag.name == "p" || tag.name == "/p" || tag.name == "br" || tag.name == "/a",
             "a comment's HTML holds a tag other than p, br and a", html);
      expect(tag.attributes.empty(), "a comment's p or br has attributes", html);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = tapchi::fuzz::as_text(data, size);
  if (const auto clean = tapchi::comments::clean_text(input)) {
    check_clean(input, *clean, false);
    check_html(*clean, true);
  } else {
    expect(!tapchi::core::is_valid_utf8(input), "clean_text refused valid UTF-8", input);
  }
  if (const auto line = tapchi::comments::clean_line(input)) {
    check_clean(input, *line, true);
  }
  check_html(input, false);
  expect(tapchi::comments::count_links(input) >= 0, "count_links is negative", input);

  tapchi::comments::Draft draft;
  std::string_view rest = input;
  for (std::string* field : {&draft.name, &draft.email}) {
    const auto eol = rest.find('\n');
    *field = std::string(rest.substr(0, eol));
    rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 1);
  }
  draft.body = std::string(rest);
  tapchi::comments::Policy policy;
  policy.require_email = size % 2 == 1;
  const tapchi::comments::Limits limits;
  if (tapchi::comments::check(draft, policy, limits).empty()) {
    expect(!draft.name.empty() && !draft.body.empty(), "check passed an empty name or body", input);
    expect(chars_of(draft.name) <= limits.name_chars, "check passed a name over the limit", input);
    expect(draft.email.size() <= limits.email_bytes, "check passed an email over the limit", input);
    expect(chars_of(draft.body) <= limits.body_chars, "check passed a body over the limit", input);
    expect(tapchi::comments::count_links(draft.body) <= limits.links,
           "check passed a body with too many links", input);
    check_clean(input, draft.body, false);
    check_clean(input, draft.name, true);
    check_html(draft.body, true);
  }
  return 0;
}
