#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "search/search.h"
#include "search/terms.h"

namespace tapchi::search {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::size_t char_count(std::string_view utf8) {
  std::size_t n = 0;
  for (const char c : utf8) {
    n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  return n;
}

// `term` as one FTS5 phrase in `language`: its words' index terms quoted, a prefix's last word
// left unstemmed (a stem is no prefix of what it came from: "soldi*" must reach "soldier").
std::string phrase_in(const Term& term, std::string_view language) {
  std::string out = "\"";
  for (std::size_t k = 0; k < term.words.size(); ++k) {
    const bool is_last = k + 1 == term.words.size();
    out += k == 0 ? "" : " ";
    out += term.is_prefix && is_last ? term.words[k] : term_in(term.words[k], language);
  }
  out += '"';
  if (term.is_prefix) {
    out += " *";
  }
  return out;
}

// `term` as one tsquery phrase in `language`: the same terms as phrase_in(), each quoted as a
// lexeme, followed by each other (<->), a prefix's last one with :*.
std::string tsquery_phrase_in(const Term& term, std::string_view language) {
  std::string out;
  for (std::size_t k = 0; k < term.words.size(); ++k) {
    const bool is_last = k + 1 == term.words.size();
    out += k == 0 ? "'" : " <-> '";
    for (const char c :
         term.is_prefix&& is_last ? term.words[k] : term_in(term.words[k], language)) {
      out += c == '\'' || c == '\\' ? std::string(2, c) : std::string{c};  // doubled
    }
    out += term.is_prefix && is_last ? "':*" : "'";
  }
  return term.words.size() > 1 ? "(" + out + ")" : out;
}

// Every form of `term` in `languages`, made by `phrase`, joined by `either` (in parentheses when
// more than one).
template <typename Phrase>
std::string expression(const Term& term, const std::vector<std::string>& languages, Phrase&& phrase,
                       std::string_view either) {
  std::set<std::string> forms;
  for (const std::string& language : languages) {
    forms.insert(phrase(term, language));
  }
  if (languages.empty()) {
    forms.insert(phrase(term, ""));
  }
  if (forms.size() == 1) {
    return *forms.begin();
  }
  std::string out = "(";
  for (const std::string& form : forms) {
    out += out.size() == 1 ? "" : either;
    out += form;
  }
  return out + ")";
}

}  // namespace

Query parse_query(std::string_view text) {
  Query q;
  if (text.size() > kMaxQueryBytes) {
    q.problem = QueryProblem::kTooLong;
    return q;
  }
  if (!core::is_valid_utf8(text)) {
    q.problem = QueryProblem::kNotText;
    return q;
  }
  const auto add = [&](std::string_view chunk, bool is_excluded, bool is_prefix) {
    Term term;
    TypedWords words = typed_words_of(chunk);
    term.words = std::move(words.folded);
    term.typed = std::move(words.lowered);
    if (term.words.empty()) {
      return;
    }
    term.is_excluded = is_excluded;
    term.is_prefix = is_prefix && char_count(term.words.back()) >= kMinPrefixChars;
    if (q.terms.size() == kMaxTerms) {
      q.is_shortened = true;
      return;
    }
    q.terms.push_back(std::move(term));
  };
  for (std::size_t i = 0; i < text.size();) {
    if (is_space(text[i])) {
      ++i;
      continue;
    }
    bool is_excluded = false;
    if (text[i] == '-') {
      is_excluded = true;
      while (i < text.size() && text[i] == '-') {
        ++i;
      }
    }
    if (i < text.size() && text[i] == '"') {
      const std::size_t close = text.find('"', i + 1);
      const std::size_t end = close == std::string_view::npos ? text.size() : close;
      std::size_t next = close == std::string_view::npos ? text.size() : close + 1;
      const bool is_prefix = next < text.size() && text[next] == '*';
      next += is_prefix ? 1 : 0;
      add(text.substr(i + 1, end - i - 1), is_excluded, is_prefix);
      i = next;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && !is_space(text[end]) && text[end] != '"') {
      ++end;
    }
    std::string_view chunk = text.substr(i, end - i);
    const bool is_prefix = !chunk.empty() && chunk.back() == '*';
    add(chunk, is_excluded, is_prefix);
    i = end;
  }
  bool has_wanted = false;
  for (const Term& t : q.terms) {
    has_wanted = has_wanted || !t.is_excluded;
  }
  if (!has_wanted) {
    q.problem = q.terms.empty() ? QueryProblem::kEmpty : QueryProblem::kOnlyExclusions;
    q.terms.clear();
  }
  return q;
}

std::string canonical(const Query& q) {
  std::vector<std::string> written;
  std::size_t total = 0;
  for (const Term& t : q.terms) {
    std::string term = t.is_excluded ? "-" : "";
    const bool is_phrase = t.words.size() > 1;
    term += is_phrase ? "\"" : "";
    for (std::size_t k = 0; k < t.words.size(); ++k) {
      term += k == 0 ? "" : " ";
      term += t.words[k];
    }
    term += is_phrase ? "\"" : "";
    term += t.is_prefix ? "*" : "";
    total += term.size() + (written.empty() ? 0 : 1);
    written.push_back(std::move(term));
  }
  // The canonical form is itself a query, so it stays within kMaxQueryBytes (spaces, quotes and
  // stars may make it longer than what was typed): whole terms are kept in their order, the
  // wanted ones first served, so that what is kept still looks for something.
  std::vector<bool> kept(written.size(), total <= kMaxQueryBytes);
  if (total > kMaxQueryBytes) {
    std::size_t size = 0;
    for (const bool excluded : {false, true}) {
      for (std::size_t i = 0; i < written.size(); ++i) {
        const std::size_t more = written[i].size() + (size == 0 ? 0 : 1);
        if (q.terms[i].is_excluded == excluded && size + more <= kMaxQueryBytes &&
            (excluded ? size > 0 : true)) {
          kept[i] = true;
          size += more;
        }
      }
    }
  }
  std::string out;
  for (std::size_t i = 0; i < written.size(); ++i) {
    if (kept[i]) {
      out += out.empty() ? "" : " ";
      out += written[i];
    }
  }
  return out;
}

std::string fts5_match(const Query& q, const std::vector<std::string>& languages) {
  std::string wanted, unwanted;
  for (const Term& t : q.terms) {
    if (t.is_excluded) {
      unwanted += " NOT " + expression(t, languages, phrase_in, " OR ");
    } else {
      wanted += wanted.empty() ? "" : " AND ";
      wanted += expression(t, languages, phrase_in, " OR ");
    }
  }
  if (wanted.empty()) {
    return {};
  }
  return unwanted.empty() ? wanted : fmt::format("({}){}", wanted, unwanted);
}

std::string tsquery(const Query& q, const std::vector<std::string>& languages) {
  std::string wanted, unwanted;
  for (const Term& t : q.terms) {
    const std::string form = expression(t, languages, tsquery_phrase_in, " | ");
    if (t.is_excluded) {
      unwanted += " & !" + form;
    } else {
      wanted += wanted.empty() ? "" : " & ";
      wanted += form;
    }
  }
  if (wanted.empty()) {
    return {};
  }
  return unwanted.empty() ? wanted : fmt::format("({}){}", wanted, unwanted);
}

}  // namespace tapchi::search
