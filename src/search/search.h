// search: how text becomes searchable terms and how a reader's query becomes a query, for the
// full-text index the store keeps. Folds case and diacritics (đ → d included), stems words for
// languages that have a Snowball stemmer (English), reads the query syntax readers know (quotes,
// a trailing *, -word) and picks the snippet that shows why an article matched. Never touches
// storage, HTML or HTTP. Every function is safe to call from any thread.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"

namespace tapchi::search {

// A word of a text: its term (folded, and stemmed for the language) and where it stands in the
// text, in bytes.
struct Token {
  std::string term;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The words of `text` (runs of letters, marks and digits) as terms of `language` (a BCP 47 tag:
// "en", "en-GB" stem with English rules; "vi" and languages without a stemmer only fold).
// Invalid UTF-8 bytes separate words.
std::vector<Token> tokenize(std::string_view text, std::string_view language);

// The form the index holds: the terms of `text`, separated by single spaces.
std::string index_text(std::string_view text, std::string_view language);

// The reading text of a Markdown body: paragraphs, headings, list items, quotes, table cells and
// image descriptions, without markup, link targets or code fences; blocks on lines of their own.
std::string plain_text(std::string_view markdown);

// One thing a reader asked for: a word, a phrase (several words, in order) or a prefix (the last
// word ends with *); excluded when written with a leading '-'. Words are folded, not stemmed.
struct Term {
  std::vector<std::string> words;
  // The same words in lower case with their marks, as typed ("điện"): a snippet prefers the
  // places that hold them so, where "dien" alone would also find "diễn".
  std::vector<std::string> typed;
  bool is_prefix = false;
  bool is_excluded = false;
};

// Why a query has nothing to look for; each edition words it itself.
enum class QueryProblem {
  kNone,
  kEmpty,           // no word at all (only spaces or punctuation)
  kOnlyExclusions,  // every word was excluded with '-'
  kTooLong,         // over kMaxQueryBytes
  kNotText,         // not valid UTF-8
};

// A reader's query, parsed.
struct Query {
  std::vector<Term> terms;
  bool is_shortened = false;  // words past kMaxTerms were left out
  QueryProblem problem = QueryProblem::kNone;
};

inline constexpr std::size_t kMaxQueryBytes = 512;  // longer queries are refused
inline constexpr std::size_t kMaxTerms = 12;        // the rest of a long query is left out
inline constexpr std::size_t kMinPrefixChars = 2;   // "a*" is the word "a", not every word

// Reads `text`: words, "quoted phrases" (an unclosed quote runs to the end), word* prefixes,
// -word and -"phrase" exclusions; every other character (FTS5's own syntax among them) only
// separates words, and a run such as "covid-19" is the phrase "covid 19". When nothing can be
// looked for, `problem` says why and `terms` is empty.
Query parse_query(std::string_view text);

// The query in a canonical form ("dien bien phu" for `Điện   Biên Phủ`): equal for queries that
// find the same articles, so that it can key a cache. It is itself a query of at most
// kMaxQueryBytes: when spaces and quotes would make it longer, the terms that fit are kept.
std::string canonical(const Query& q);

// The FTS5 MATCH expression of `q` over an index whose terms come from index_text() in any of
// `languages`: each word matches its form in every one of them. Every word is quoted, so the
// expression holds no syntax of the reader's.
std::string fts5_match(const Query& q, const std::vector<std::string>& languages);

// The same query as a PostgreSQL tsquery, for to_tsquery('simple', …) over a tsvector of
// index_text() terms: every word a quoted lexeme, phrases with <->, prefixes with :*, exclusions
// with & !.
std::string tsquery(const Query& q, const std::vector<std::string>& languages);

// A piece of a snippet; `is_match` when it is one of the words searched for.
struct Fragment {
  std::string text;
  bool is_match = false;
};

// About `max_chars` characters of `text` around the densest run of `q`'s words (every distinct
// word counts more than words written with the marks the reader typed, which count more than
// repeats), cut at word boundaries, with "…" where text was left out; the start of the text
// when no word occurs.
std::vector<Fragment> snippet(std::string_view text, const Query& q, std::string_view language,
                              std::size_t max_chars);

}  // namespace tapchi::search
