#include <algorithm>
#include <map>
#include <string>

#include "search/search.h"
#include "search/terms.h"

namespace tapchi::search {

namespace {

constexpr std::size_t kContextWords = 4;    // words shown before the first match of a window
constexpr std::size_t kMaxCandidates = 64;  // windows tried, at the first matches of the text

std::size_t char_count(std::string_view utf8) {
  std::size_t n = 0;
  for (const char c : utf8) {
    n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  return n;
}

// Which of the query's words a token is (its index among them), or -1.
class Matcher {
 public:
  Matcher(const Query& q, std::string_view language) {
    int index = 0;
    for (const Term& t : q.terms) {
      if (t.is_excluded) {
        continue;
      }
      for (std::size_t k = 0; k < t.words.size(); ++k) {
        if (t.is_prefix && k + 1 == t.words.size()) {
          prefixes_.emplace_back(t.words[k], index);
        } else {
          terms_.emplace(term_in(t.words[k], language), index);
        }
        typed_.push_back(k < t.typed.size() ? t.typed[k] : std::string());
        ++index;
      }
    }
  }

  // Whether the token of query word `index` is written as the reader typed it (marks and all).
  bool is_as_typed(const Token& token, std::string_view text, int index) const {
    const std::string& typed = typed_[static_cast<std::size_t>(index)];
    return !typed.empty() && lowered(text.substr(token.begin, token.end - token.begin)) == typed;
  }

  int operator()(const Token& token, std::string_view text) const {
    if (const auto it = terms_.find(token.term); it != terms_.end()) {
      return it->second;
    }
    if (!prefixes_.empty()) {
      const std::string folded = core::fold(text.substr(token.begin, token.end - token.begin));
      for (const auto& [prefix, index] : prefixes_) {
        if (folded.compare(0, prefix.size(), prefix) == 0) {
          return index;
        }
      }
    }
    return -1;
  }

 private:
  std::map<std::string, int, std::less<>> terms_;
  std::vector<std::pair<std::string, int>> prefixes_;
  std::vector<std::string> typed_;  // by query word index
};

void append(std::vector<Fragment>& out, std::string_view text, bool is_match) {
  if (text.empty()) {
    return;
  }
  std::string piece(text);
  std::replace(piece.begin(), piece.end(), '\n', ' ');
  if (!is_match && !out.empty() && !out.back().is_match) {
    out.back().text += piece;
  } else {
    out.push_back({std::move(piece), is_match});
  }
}

}  // namespace

std::vector<Fragment> snippet(std::string_view text, const Query& q, std::string_view language,
                              std::size_t max_chars) {
  const std::vector<Token> tokens = tokenize(text, language);
  if (tokens.empty()) {
    return {};
  }
  const Matcher matcher(q, language);
  std::vector<int> match(tokens.size(), -1);
  std::vector<bool> as_typed(tokens.size(), false);
  std::vector<std::size_t> candidates;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    match[k] = matcher(tokens[k], text);
    as_typed[k] = match[k] >= 0 && matcher.is_as_typed(tokens[k], text, match[k]);
    if (match[k] >= 0 && candidates.size() < kMaxCandidates) {
      candidates.push_back(k >= kContextWords ? k - kContextWords : 0);
    }
  }
  if (candidates.empty()) {
    candidates.push_back(0);
  }
  // The window of each candidate start: the words that fit in max_chars from its first word.
  std::size_t best_first = 0, best_last = 0;
  long best_score = -1;
  for (const std::size_t first : candidates) {
    std::size_t last = first;
    std::map<int, int> seen;
    std::map<int, bool> seen_as_typed;
    int repeats = 0;
    for (std::size_t k = first; k < tokens.size(); ++k) {
      if (k > first && char_count(text.substr(tokens[first].begin,
                                              tokens[k].end - tokens[first].begin)) > max_chars) {
        break;
      }
      last = k;
      if (match[k] >= 0) {
        repeats += seen[match[k]]++ > 0 ? 1 : 0;
        if (as_typed[k]) {
          seen_as_typed[match[k]] = true;
        }
      }
    }
    const long score = static_cast<long>(seen.size()) * 1000 +
                       static_cast<long>(seen_as_typed.size()) * 100 + std::min(repeats, 99);
    if (score > best_score) {
      best_score = score;
      best_first = first;
      best_last = last;
    }
  }
  std::vector<Fragment> out;
  const std::size_t begin = best_first == 0 ? 0 : tokens[best_first].begin;
  const std::size_t end = best_last + 1 == tokens.size() ? text.size() : tokens[best_last].end;
  if (begin > 0) {
    append(out, "…", false);
  }
  std::size_t at = begin;
  for (std::size_t k = best_first; k <= best_last; ++k) {
    if (match[k] < 0) {
      continue;
    }
    append(out, text.substr(at, tokens[k].begin - at), false);
    append(out, text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin), true);
    at = tokens[k].end;
  }
  append(out, text.substr(at, end - at), false);
  if (end < text.size()) {
    append(out, "…", false);
  }
  return out;
}

}  // namespace tapchi::search
