#include "fuzz_check.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace tapchi::fuzz {

namespace {

constexpr std::size_t kShownBytes = 2000;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// A URL as a browser sees its scheme: leading spaces and controls dropped, tabs and newlines
// anywhere removed (the URL standard strips them), lower case.
std::string scheme_view(std::string_view url) {
  std::string out;
  for (char c : url) {
    if (c == '\t' || c == '\n' || c == '\r') {
      continue;
    }
    if (out.empty() && static_cast<unsigned char>(c) <= ' ') {
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

void expect(bool holds, std::string_view what, std::string_view text) {
  if (holds) {
    return;
  }
  std::fprintf(stderr, "fuzz property broken: %.*s\n", static_cast<int>(what.size()), what.data());
  if (!text.empty()) {
    const auto shown = std::min(text.size(), kShownBytes);
    std::fprintf(stderr, "--- in (%zu bytes) ---\n", text.size());
    std::fwrite(text.data(), 1, shown, stderr);  // NULs and all
    std::fprintf(stderr, "\n---\n");
  }
  __builtin_trap();
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    lines.push_back(text.substr(0, eol));
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
  }
  return lines;
}

std::vector<Tag> tags_of(std::string_view html) {
  std::vector<Tag> tags;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    ++i;
    if (html.substr(i, 3) == "!--") {
      const auto end = html.find("-->", i + 3);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const bool is_end = i < html.size() && html[i] == '/';
    const std::size_t name_start = is_end ? i + 1 : i;
    if (name_start >= html.size() || !std::isalpha(static_cast<unsigned char>(html[name_start]))) {
      continue;
    }
    std::size_t j = name_start;
    while (j < html.size() && !is_space(html[j]) && html[j] != '/' && html[j] != '>') {
      ++j;
    }
    Tag tag{(is_end ? "/" : "") + lower(html.substr(name_start, j - name_start)), {}};
    while (j < html.size() && html[j] != '>') {
      if (is_space(html[j]) || html[j] == '/') {
        ++j;
        continue;
      }
      const std::size_t attr_start = j;
      // The first character of a name may be '='; later ones end at '=' (HTML's tokenizer).
      ++j;
      while (j < html.size() && !is_space(html[j]) && html[j] != '/' && html[j] != '>' &&
             html[j] != '=') {
        ++j;
      }
      std::string name = lower(html.substr(attr_start, j - attr_start));
      while (j < html.size() && is_space(html[j])) {
        ++j;
      }
      std::string value;
      if (j < html.size() && html[j] == '=') {
        ++j;
        while (j < html.size() && is_space(html[j])) {
          ++j;
        }
        if (j < html.size() && (html[j] == '"' || html[j] == '\'')) {
          const char quote = html[j];
          const auto end = html.find(quote, j + 1);
          const auto stop = end == std::string_view::npos ? html.size() : end;
          value = std::string(html.substr(j + 1, stop - j - 1));
          j = end == std::string_view::npos ? html.size() : end + 1;
        } else {
          const std::size_t value_start = j;
          while (j < html.size() && !is_space(html[j]) && html[j] != '>') {
            ++j;
          }
          value = std::string(html.substr(value_start, j - value_start));
        }
      }
      tag.attributes.emplace_back(std::move(name), std::move(value));
    }
    i = j;
    tags.push_back(std::move(tag));
  }
  return tags;
}

std::string active_content(std::string_view html) {
  for (const Tag& tag : tags_of(html)) {
    for (const char* banned : {"script", "iframe", "object", "embed", "style"}) {
      if (tag.name == banned) {
        return "a <" + tag.name + "> tag";
      }
    }
    for (const auto& [name, value] : tag.attributes) {
      if (name.starts_with("on")) {
        return "an event attribute '" + name + "' in <" + tag.name + ">";
      }
      if (name == "href" || name == "src" || name == "action" || name == "formaction" ||
          name == "xlink:href") {
        const std::string url = scheme_view(value);
        for (const char* scheme : {"javascript:", "vbscript:", "data:"}) {
          if (url.starts_with(scheme)) {
            return "a " + std::string(scheme) + " URL in <" + tag.name + " " + name + ">";
          }
        }
      }
    }
  }
  return {};
}

}  // namespace tapchi::fuzz
