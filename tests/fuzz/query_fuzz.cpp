// A reader's search: parse_query, the FTS5 expression made of it, its canonical form and the
// snippet around its words. Properties: a query either has a problem and no terms, or at least
// one wanted term of at most kMaxTerms, each with words; outside its quoted words the FTS5
// expression holds only AND, OR, NOT, parentheses, spaces and prefix stars, and the quotes pair
// up (so nothing of the reader's reaches FTS5 as syntax), and likewise in PostgreSQL's tsquery;
// the canonical form reads back to itself; a snippet's pieces are pieces of the text, in order,
// and its matches are words.
#include <string>

#include "core/core.h"
#include "fuzz_check.h"
#include "search/search.h"

namespace {

using tapchi::fuzz::expect;
namespace search = tapchi::search;

void check_expression(const std::string& match, std::string_view input) {
  std::string outside;
  bool quoted = false;
  for (const char c : match) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      outside += c;
    }
  }
  expect(!quoted, "an FTS5 expression with an unpaired quote", input);
  for (std::size_t at = 0; at < outside.size();) {
    const char c = outside[at];
    if (c == ' ' || c == '(' || c == ')' || c == '*') {
      ++at;
      continue;
    }
    bool known = false;
    for (const std::string_view word : {"AND", "OR", "NOT"}) {
      if (outside.compare(at, word.size(), word) == 0) {
        at += word.size();
        known = true;
        break;
      }
    }
    expect(known, "an FTS5 expression with the reader's syntax outside quotes", input);
  }
}

// PostgreSQL's form: lexemes in single quotes (a quote or backslash inside doubled); outside them
// only the operators tsquery() writes.
void check_tsquery(const std::string& query, std::string_view input) {
  bool quoted = false;
  for (std::size_t at = 0; at < query.size(); ++at) {
    const char c = query[at];
    if (quoted && (c == '\'' || c == '\\') && at + 1 < query.size() && query[at + 1] == c) {
      ++at;  // a doubled quote or backslash, part of the lexeme
    } else if (c == '\'') {
      quoted = !quoted;
    } else if (!quoted) {
      expect(std::string_view(" &|!()<->:*").find(c) != std::string_view::npos,
             "a tsquery with the reader's syntax outside quotes", input);
    }
  }
  expect(!quoted, "a tsquery with an unpaired quote", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = tapchi::fuzz::as_text(data, size);
  const search::Query q = search::parse_query(input);
  if (q.problem != search::QueryProblem::kNone) {
    expect(q.terms.empty(), "a query with a problem kept terms", input);
  } else {
    expect(!q.terms.empty() && q.terms.size() <= search::kMaxTerms, "terms out of bounds", input);
    bool wanted = false;
    for (const search::Term& t : q.terms) {
      expect(!t.words.empty(), "a term without words", input);
      wanted = wanted || !t.is_excluded;
    }
    expect(wanted, "a query of exclusions alone", input);
    for (const auto& languages :
         {std::vector<std::string>{"en"}, std::vector<std::string>{"vi", "en"}}) {
      check_expression(search::fts5_match(q, languages), input);
      check_tsquery(search::tsquery(q, languages), input);
    }
    const std::string canonical = search::canonical(q);
    const search::Query again = search::parse_query(canonical);
    expect(search::canonical(again) == canonical, "the canonical form reads back otherwise", input);
    if (tapchi::core::is_valid_utf8(input)) {
      std::size_t at = 0;
      for (const search::Fragment& f : search::snippet(input, q, "en", 80)) {
        // "…" marks text left out: it begins the first piece or ends the last.
        std::string expected(f.text);
        constexpr std::string_view kEllipsis = "…";
        if (std::string_view(expected).starts_with(kEllipsis)) {
          expected.erase(0, kEllipsis.size());
        }
        if (std::string_view(expected).ends_with(kEllipsis)) {
          expected.resize(expected.size() - kEllipsis.size());
        }
        if (expected.empty()) {
          continue;
        }
        const auto found = std::string(input).find(expected, at);
        // Line breaks become spaces in a snippet.
        if (expected.find(' ') == std::string::npos) {
          expect(found != std::string::npos, "a snippet piece that is not in the text", input);
          at = found == std::string::npos ? at : found;
        }
        if (f.is_match) {
          expect(!search::tokenize(f.text, "en").empty(), "a marked piece with no word", input);
        }
      }
    }
  }
  return 0;
}
