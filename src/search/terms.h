// Words and terms shared by the query reader and the snippet maker. Private to search.
#pragma once
#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tapchi::search {

// `word` in lower case, its marks kept, composed (NFC).
std::string lowered(std::string_view word);

// The words of `text` as the reader wrote them: folded, and lowered with their marks.
struct TypedWords {
  std::vector<std::string> folded;
  std::vector<std::string> lowered;
};
TypedWords typed_words_of(std::string_view text);

// Calls on_term(begin, end, term) for each word of `text` (as tokenize() finds them) with its
// term; `term` is valid only during the call. Allocates nothing for words seen before.
void for_each_term(std::string_view text, std::string_view language,
                   const std::function<void(std::size_t begin, std::size_t end,
                                            const std::string& term)>& on_term);

// The first characters (ASCII, lower case) of the terms a text is searched for.
using Initials = std::array<bool, 128>;

// for_each_term() for finding a few terms: a word that begins with an ASCII character whose
// lower case is not among `initials` comes with an empty term, neither folded nor stemmed
// (folding lowers ASCII, and stemmers change a word's end, never its first letter).
void for_each_term_among(std::string_view text, std::string_view language, const Initials& initials,
                         const std::function<void(std::size_t begin, std::size_t end,
                                                  const std::string& term)>& on_term);

// The index term of a folded word in `language` (its stem where the language has a stemmer).
std::string term_in(std::string_view folded_word, std::string_view language);

}  // namespace tapchi::search
