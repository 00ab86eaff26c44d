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
          note_initial(t.words[k]);
        } else {
          note_initial(terms_.emplace(term_in(t.words[k], language), index).first->first);
        }
        typed_.push_back(k < t.typed.size() ? t.typed[k] : std::string());
        ++index;
      }
    }
  }

  // What the query's terms begin with.
  const Initials& initials() const { return initials_; }

  // Whether `word`, of query word `index`, is written as the reader typed it (marks and all).
  bool is_as_typed(std::string_view word, int index) const {
    const std::string& typed = typed_[static_cast<std::size_t>(index)];
    return !typed.empty() && lowered(word) == typed;
  }

  // Which query word `word` (whose term is `term`) is, or -1.
  int operator()(const std::string& term, std::string_view word) const {
    if (term.empty()) {
      return -1;  // passed over: begins with no query term's first letter
    }
    if (const auto it = terms_.find(term); it != terms_.end()) {
      return it->second;
    }
    if (!prefixes_.empty()) {
      const std::string folded = core::fold(word);
      for (const auto& [prefix, index] : prefixes_) {
        if (folded.compare(0, prefix.size(), prefix) == 0) {
          return index;
        }
      }
    }
    return -1;
  }

 private:
  void note_initial(std::string_view term) {
    const auto first = term.empty() ? 0x80 : static_cast<unsigned char>(term.front());
    if (first < 0x80) {
      initials_[first] = true;
    }
  }

  Initials initials_{};
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
  // The words of the text, which query word each is (or -1), and where each starts and ends in
  // characters, counted once: a window's length is then a subtraction.
  struct Word {
    std::size_t begin, end;            // bytes
    std::size_t char_begin, char_end;  // characters
    int match;
    bool is_as_typed;
  };
  const Matcher matcher(q, language);
  std::vector<Word> words;
  std::vector<std::size_t> candidates;
  std::size_t counted = 0, chars = 0;  // characters in text[0, counted)
  for_each_term_among(text, language, matcher.initials(),
                      [&](std::size_t begin, std::size_t end, const std::string& term) {
                        const std::size_t char_begin =
                            chars + char_count(text.substr(counted, begin - counted));
                        chars = char_begin + char_count(text.substr(begin, end - begin));
                        counted = end;
                        const std::string_view word = text.substr(begin, end - begin);
                        const int match = matcher(term, word);
                        words.push_back({begin, end, char_begin, chars, match,
                                         match >= 0 && matcher.is_as_typed(word, match)});
                        if (match >= 0 && candidates.size() < kMaxCandidates) {
                          const std::size_t k = words.size() - 1;
                          candidates.push_back(k >= kContextWords ? k - kContextWords : 0);
                        }
                      });
  if (words.empty()) {
    return {};
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
    for (std::size_t k = first; k < words.size(); ++k) {
      if (k > first && words[k].char_end - words[first].char_begin > max_chars) {
        break;
      }
      last = k;
      if (words[k].match >= 0) {
        repeats += seen[words[k].match]++ > 0 ? 1 : 0;
        if (words[k].is_as_typed) {
          seen_as_typed[words[k].match] = true;
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
  const std::size_t begin = best_first == 0 ? 0 : words[best_first].begin;
  const std::size_t end = best_last + 1 == words.size() ? text.size() : words[best_last].end;
  if (begin > 0) {
    append(out, "…", false);
  }
  std::size_t at = begin;
  for (std::size_t k = best_first; k <= best_last; ++k) {
    if (words[k].match < 0) {
      continue;
    }
    append(out, text.substr(at, words[k].begin - at), false);
    append(out, text.substr(words[k].begin, words[k].end - words[k].begin), true);
    at = words[k].end;
  }
  append(out, text.substr(at, end - at), false);
  if (end < text.size()) {
    append(out, "…", false);
  }
  return out;
}

}  // namespace tapchi::search
