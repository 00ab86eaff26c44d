#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <utf8proc.h>

#include "core/core.h"

namespace tapchi::core {

namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 when it is malformed: overlong forms,
// surrogates, code points past U+10FFFF and truncated sequences are all rejected.
std::size_t sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) {
    return 1;
  }
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    lo = c == 0xE0 ? 0xA0 : 0x80;
    hi = c == 0xED ? 0x9F : 0xBF;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    lo = c == 0xF0 ? 0x90 : 0x80;
    hi = c == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (i + n > text.size()) {
    return 0;
  }
  if (byte(i + 1) < lo || byte(i + 1) > hi) {
    return 0;
  }
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) {
      return 0;
    }
  }
  return n;
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = sequence_length(text, i);
    if (n == 0) {
      return i;
    }
    i += n;
  }
  return std::string_view::npos;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) {
        return std::nullopt;
      }
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) {
        return std::nullopt;
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  return first_invalid_utf8(text) == std::string_view::npos;
}

std::string repair_utf8(std::string_view text) {
  std::string out;
  for (auto bad = first_invalid_utf8(text); bad != std::string_view::npos;
       bad = first_invalid_utf8(text)) {
    out.append(text.substr(0, bad));
    out += "\xEF\xBF\xBD";
    text.remove_prefix(bad + 1);
  }
  out.append(text);
  return out;
}

namespace {

bool is_ascii(char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; }

}  // namespace

std::optional<TextFault> ready_toml(std::string& text) {
  const auto line_at = [&](std::size_t at) {
    return static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n')) + 1;
  };
  if (const auto bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    return TextFault{line_at(bad), "the text is not valid UTF-8"};
  }
  enum class In { kStructure, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  In in = In::kStructure;
  // A string that follows a number, date or key without a space between (1"x", 2019-08-26T"x"):
  // toml++ reads a bare value on through it and asks its whitespace test about every character,
  // so such a string must hold only ASCII. None of these is valid TOML but a dotted key (a."x").
  bool is_glued = false;
  const auto is_bare = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '+' ||
           c == ':' || c == '.';
  };
  // The escapes written so far, with the text between them; `text` itself when there are none.
  std::string out;
  std::size_t copied = 0;  // all[copied..] is not in `out` yet
  const std::string_view all = text;
  // A run of `quote`s at `at`: 3 open a multi-line string, and up to 5 close one (a string may
  // end with one or two of its quotes).
  const auto run_of = [&](std::size_t at, char quote) {
    std::size_t n = 0;
    while (at + n < all.size() && all[at + n] == quote && n < 5) {
      ++n;
    }
    return n;
  };
  // A byte order mark, as some editors write, is toml++'s to skip.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  const std::size_t start = all.starts_with(kBom) ? kBom.size() : 0;
  for (std::size_t i = start; i < all.size();) {
    const char c = all[i];
    std::size_t take = 1;
    if (is_glued && in != In::kStructure && in != In::kComment && !is_ascii(c)) {
      return TextFault{line_at(i),
                       "a quoted text right after a number, date or key must be ASCII (put a "
                       "space or an = before it)"};
    }
    switch (in) {
      case In::kStructure:
        if (!is_ascii(c)) {
          return TextFault{line_at(i),
                           "only strings and comments may hold characters other than "
                           "ASCII (put the text in quotes)"};
        }
        if (c == '#') {
          in = In::kComment;
        } else if (c == '"' || c == '\'') {
          const bool is_multi = all.substr(i, 3) == std::string(3, c);
          is_glued = i > start && is_bare(all[i - 1]);
          in = c == '"' ? (is_multi ? In::kMultiBasic : In::kBasic)
                        : (is_multi ? In::kMultiLiteral : In::kLiteral);
          take = is_multi ? 3 : 1;
        }
        break;
      case In::kComment:
        in = c == '\n' ? In::kStructure : in;
        break;
      case In::kBasic:
        if (c == '\\') {
          take = std::min<std::size_t>(2, all.size() - i);  // an escape, e.g. \"
        } else if (c == '"' || c == '\n') {
          in = In::kStructure;
        }
        break;
      case In::kLiteral:
        in = c == '\'' || c == '\n' ? In::kStructure : in;
        break;
      case In::kMultiLiteral:
      case In::kMultiBasic: {
        const char quote = in == In::kMultiBasic ? '"' : '\'';
        if (c == quote) {
          take = run_of(i, quote);
          in = take >= 3 ? In::kStructure : in;
          break;
        }
        if (in == In::kMultiLiteral || c != '\\') {
          break;
        }
        std::size_t j = i + 1;
        while (j < all.size() && (all[j] == ' ' || all[j] == '\t')) {
          ++j;
        }
        if (j < all.size() && !is_ascii(all[j])) {
          return TextFault{line_at(i),
                           "a backslash in a string must end its line or begin an "
                           "escape such as \\n"};
        }
        if (j == all.size() || (all[j] != '\n' && all[j] != '\r')) {
          take = std::min<std::size_t>(2, all.size() - i);  // an escape, or toml++'s own refusal
          break;
        }
        // A line-ending backslash: what follows up to the next other character is left out. That
        // character, when not ASCII, is written as its escape.
        while (j < all.size() &&
               (all[j] == ' ' || all[j] == '\t' || all[j] == '\n' || all[j] == '\r')) {
          ++j;
        }
        i = j;
        if (i < all.size() && !is_ascii(all[i])) {
          utf8proc_int32_t cp = 0;  // the text is valid UTF-8: checked above
          const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(all.data() + i),
                                          static_cast<utf8proc_ssize_t>(all.size() - i), &cp);
          out.append(all.substr(copied, i - copied));
          out += cp > 0xFFFF ? fmt::format("\\U{:08X}", static_cast<std::uint32_t>(cp))
                             : fmt::format("\\u{:04X}", static_cast<std::uint32_t>(cp));
          i += static_cast<std::size_t>(n);
          copied = i;
        }
        continue;
      }
    }
    i += take;
  }
  if (copied > 0) {
    out.append(all.substr(copied));
    text = std::move(out);
  }
  return std::nullopt;
}

namespace {

// `text` mapped by utf8proc with `options`; empty for invalid UTF-8.
std::string utf8proc_mapped(std::string_view text, int options) {
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                          static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                                          static_cast<utf8proc_option_t>(options));
  if (n < 0) {
    return {};  // callers validate input at the edge
  }
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
}

}  // namespace

std::int64_t parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string_view::npos) {
    return 0;
  }
  std::int64_t id = 0;
  for (const char c : text) {
    id = id * 10 + (c - '0');
  }
  return id;
}

bool has_prefix_at(std::string_view text, std::size_t at, std::string_view lower_prefix) {
  if (at > text.size() || text.size() - at < lower_prefix.size()) {
    return false;
  }
  for (std::size_t k = 0; k < lower_prefix.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(text[at + k])) != lower_prefix[k]) {
      return false;
    }
  }
  return true;
}

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : text) {
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  return h;
}

std::string nfc(std::string_view text) {
  return utf8proc_mapped(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

std::string fold(std::string_view text) {
  // ASCII needs only lower case: no marks, no đ (most words of English, many of Vietnamese).
  if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; })) {
    std::string out(text);
    for (char& c : out) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
  }
  const std::string folded = utf8proc_mapped(
      text, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  // đ (U+0111) is a letter of its own, not d with a mark; case folding already turned Đ into đ.
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if (folded.compare(i, 2, "\xC4\x91") == 0) {
      out += 'd';
      ++i;
    } else {
      out += folded[i];
    }
  }
  return out;
}

std::string slugify(std::string_view text) {
  const std::string folded = fold(text);
  std::string slug;
  bool pending_hyphen = false;
  for (const char c : folded) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      if (pending_hyphen && !slug.empty()) {
        slug += '-';
      }
      pending_hyphen = false;
      slug += c;
    } else {
      pending_hyphen = true;
    }
  }
  return slug;
}

std::size_t word_count(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool letter = u >= 0x80 || std::isalnum(u) != 0;
    words += letter && !in_word ? 1 : 0;
    in_word = letter;
  }
  return words;
}

std::size_t char_count(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string excerpt(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  std::size_t i = 0;
  std::size_t last_space = std::string_view::npos;
  while (i < text.size() && chars < max_chars) {
    const std::size_t n = sequence_length(text, i);
    if (n == 0) {
      return {};
    }
    if (text[i] == ' ' || text[i] == '\n') {
      last_space = i;
    }
    i += n;
    ++chars;
  }
  if (i >= text.size()) {
    return std::string(text);
  }
  std::size_t cut = (text[i] == ' ' || last_space == std::string_view::npos) ? i : last_space;
  while (cut > 0 && (text[cut - 1] == ' ' || text[cut - 1] == ',' || text[cut - 1] == ';' ||
                     text[cut - 1] == ':')) {
    --cut;
  }
  return std::string(text.substr(0, cut)) + "…";
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace tapchi::core
