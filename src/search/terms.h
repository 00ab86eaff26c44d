// Words and terms shared by the query reader and the snippet maker. Private to search.
#pragma once
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

// The index term of a folded word in `language` (its stem where the language has a stemmer).
std::string term_in(std::string_view folded_word, std::string_view language);

}  // namespace tapchi::search
