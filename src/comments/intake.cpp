// Cleaning and checking what a reader sends, and the policy that applies to it.
#include <algorithm>
#include <cctype>

#include "comments/comments.h"
#include "store/store.h"

namespace tapchi::comments {

namespace {

// The code point at `i` of valid UTF-8 and its length in bytes.
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (b(0) < 0x80) {
    return {b(0), 1};
  }
  if (b(0) < 0xE0) {
    return {static_cast<char32_t>((b(0) & 0x1F) << 6 | (b(1) & 0x3F)), 2};
  }
  if (b(0) < 0xF0) {
    return {static_cast<char32_t>((b(0) & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F)), 3};
  }
  return {static_cast<char32_t>((b(0) & 0x07) << 18 | (b(1) & 0x3F) << 12 | (b(2) & 0x3F) << 6 |
                                (b(3) & 0x3F)),
          4};
}

// Characters a comment never keeps: controls, direction marks, overrides and isolates (which
// can make text read in another order than it is stored), invisible separators.
bool is_dropped(char32_t c) {
  return (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200B ||
         c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || c == 0x2060 ||
         (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB);
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || (c & 0x80) != 0;
}

bool is_email_shape(std::string_view e) {
  const auto at = e.find('@');
  if (at == 0 || at == e.npos || e.find('@', at + 1) != e.npos) {
    return false;
  }
  const std::string_view domain = e.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == 0 || dot == domain.npos || domain.back() == '.') {
    return false;
  }
  return std::none_of(e.begin(), e.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0 || c == '<' || c == '>' || c == '"' ||
           c == ',' || c == ';' || c == '(' || c == ')' || c == '\\';
  });
}

}  // namespace

std::string_view mode_name(Mode m) {
  switch (m) {
    case Mode::kOpen:
      return "open";
    case Mode::kModerated:
      return "moderated";
    case Mode::kClosed:
      return "closed";
  }
  return "moderated";
}

std::optional<Mode> parse_mode(std::string_view name) {
  for (const Mode m : {Mode::kOpen, Mode::kModerated, Mode::kClosed}) {
    if (mode_name(m) == name) {
      return m;
    }
  }
  return std::nullopt;
}

Policy site_policy(const std::map<std::string, std::string>& settings) {
  Policy p;
  if (const auto it = settings.find(std::string(store::setting::kCommentPolicy));
      it != settings.end()) {
    p.mode = parse_mode(it->second).value_or(p.mode);
  }
  if (const auto it = settings.find(std::string(store::setting::kCommentsCloseAfterDays));
      it != settings.end() && !it->second.empty() && it->second.size() <= 4 &&
      it->second.find_first_not_of("0123456789") == std::string::npos) {
    p.close_after_days = std::stoi(it->second);
  }
  if (const auto it = settings.find(std::string(store::setting::kCommentsRequireEmail));
      it != settings.end()) {
    p.require_email = it->second == "1";
  }
  return p;
}

Mode effective_mode(const Policy& site, const core::Article& a, core::Instant now) {
  if (!a.comments_open || site.mode == Mode::kClosed) {
    return Mode::kClosed;
  }
  if (site.close_after_days > 0 && a.published_at &&
      now >= *a.published_at + std::chrono::days{site.close_after_days}) {
    return Mode::kClosed;
  }
  return parse_mode(a.comment_mode).value_or(site.mode);
}

core::Result<std::string> clean_text(std::string_view text) {
  if (!core::is_valid_utf8(text)) {
    return core::fail(core::invalid("the text is not valid UTF-8"));
  }
  // Characters kept, line ends made LF, tabs spaces. Dropping comes before NFC: a dropped
  // character between a letter and its combining mark would otherwise keep them apart, and a
  // second cleaning would compose them.
  std::string filtered;
  filtered.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto [c, n] = decode(text, i);
    if (c == '\r') {
      filtered += '\n';
      i += text.compare(i, 2, "\r\n") == 0 ? 2 : 1;
      continue;
    }
    if (c == '\t') {
      filtered += ' ';
    } else if (c == 0x2028 || c == 0x2029) {
      filtered += '\n';
    } else if (!is_dropped(c)) {
      filtered.append(text, i, n);
    }
    i += n;
  }
  const std::string kept = core::nfc(filtered);
  // Lines without trailing spaces; at most one blank line in a row; none at either end.
  std::string out;
  out.reserve(kept.size());
  int blank_run = 0;
  std::size_t start = 0;
  while (start <= kept.size()) {
    auto end = kept.find('\n', start);
    if (end == std::string::npos) {
      end = kept.size();
    }
    std::string_view line(kept.data() + start, end - start);
    while (!line.empty() && line.back() == ' ') {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      ++blank_run;
    } else {
      if (!out.empty()) {
        out += blank_run > 0 ? "\n\n" : "\n";
      }
      out += line;
      blank_run = 0;
    }
    start = end + 1;
  }
  const auto first = out.find_first_not_of(' ');
  return first == std::string::npos ? std::string() : out.substr(first);
}

core::Result<std::string> clean_line(std::string_view text) {
  auto cleaned = clean_text(text);
  if (!cleaned) {
    return cleaned;
  }
  // Line breaks become spaces, and runs of spaces one.
  std::string line;
  for (const char c : *cleaned) {
    const bool is_space = c == '\n' || c == ' ';
    if (!is_space) {
      line += c;
    } else if (!line.empty() && line.back() != ' ') {
      line += ' ';
    }
  }
  return line;
}

int count_links(std::string_view text) {
  int links = 0;
  for (std::size_t i = 0; i < text.size();) {
    const bool at_word_start = i == 0 || !is_word_char(text[i - 1]);
    if (at_word_start &&
        (core::has_prefix_at(text, i, "http://") || core::has_prefix_at(text, i, "https://") ||
         core::has_prefix_at(text, i, "www."))) {
      ++links;
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0) {
        ++i;
      }
    } else {
      ++i;
    }
  }
  return links;
}

bool has_listed_word(std::string_view text, const std::vector<std::string>& folded_words) {
  const std::string folded = core::fold(text);
  for (const std::string& word : folded_words) {
    if (word.empty()) {
      continue;
    }
    for (auto at = folded.find(word); at != std::string::npos; at = folded.find(word, at + 1)) {
      const std::size_t end = at + word.size();
      if ((at == 0 || !is_word_char(folded[at - 1])) &&
          (end == folded.size() || !is_word_char(folded[end]))) {
        return true;
      }
    }
  }
  return false;
}

std::vector<FieldProblem> check(Draft& draft, const Policy& policy, const Limits& limits) {
  std::vector<FieldProblem> problems;
  // Cleans a field in place; malformed text is named and kept, repaired, to be shown back.
  const auto clean = [&](const char* field, std::string& text, bool is_one_line) {
    auto cleaned = is_one_line ? clean_line(text) : clean_text(text);
    if (!cleaned) {
      problems.push_back({field, Problem::kMalformed});
      text = core::repair_utf8(text);
      return false;
    }
    text = std::move(*cleaned);
    return true;
  };
  if (clean("name", draft.name, true)) {
    if (draft.name.empty()) {
      problems.push_back({"name", Problem::kMissing});
    } else if (code_points(draft.name) > limits.name_chars) {
      problems.push_back({"name", Problem::kTooLong});
    }
  }
  if (clean("email", draft.email, true)) {
    if (draft.email.empty()) {
      if (policy.require_email) {
        problems.push_back({"email", Problem::kMissing});
      }
    } else if (draft.email.size() > limits.email_bytes) {
      problems.push_back({"email", Problem::kTooLong});
    } else if (!is_email_shape(draft.email)) {
      problems.push_back({"email", Problem::kMalformed});
    }
  }
  if (clean("body", draft.body, false)) {
    if (draft.body.empty()) {
      problems.push_back({"body", Problem::kMissing});
    } else if (code_points(draft.body) > limits.body_chars) {
      problems.push_back({"body", Problem::kTooLong});
    } else if (count_links(draft.body) > limits.links) {
      problems.push_back({"body", Problem::kTooManyLinks});
    }
  }
  return problems;
}

}  // namespace tapchi::comments
