#include "search/terms.h"

#include <cctype>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include <libstemmer.h>
#include <utf8proc.h>

#include "search/search.h"

namespace tapchi::search {

namespace {

// Letters, marks and digits make words, as in FTS5's unicode61 tokenizer (which then finds the
// index's terms, already folded, unchanged).
bool is_word_char(utf8proc_int32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_CO:
      return true;
    default:
      return false;
  }
}

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// The Snowball stemmer of `language`'s primary subtag, or null when it has none. A stemmer is
// not safe to share between threads, so each thread keeps its own.
sb_stemmer* stemmer_for(std::string_view language) {
  std::string primary(language.substr(0, language.find_first_of("-_")));
  for (char& c : primary) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  thread_local std::map<std::string, std::unique_ptr<sb_stemmer, StemmerDeleter>, std::less<>>
      stemmers;
  auto it = stemmers.find(primary);
  if (it == stemmers.end()) {
    // libstemmer knows languages by ISO 639 codes too ("en", "eng"); an unknown one gives null.
    sb_stemmer* made = primary.empty() ? nullptr : sb_stemmer_new(primary.c_str(), "UTF_8");
    it = stemmers.emplace(primary, made).first;
  }
  return it->second.get();
}

std::string fold_and_stem(std::string_view word, sb_stemmer* stemmer) {
  std::string folded = core::fold(word);
  if (stemmer == nullptr || folded.empty()) {
    return folded;
  }
  const sb_symbol* stem = sb_stemmer_stem(
      stemmer, reinterpret_cast<const sb_symbol*>(folded.data()), static_cast<int>(folded.size()));
  if (stem == nullptr) {  // out of memory: the folded word is still a fine term
    return folded;
  }
  return std::string(reinterpret_cast<const char*>(stem),
                     static_cast<std::size_t>(sb_stemmer_length(stemmer)));
}

// The term of `word`, remembered per thread: a journal's vocabulary is small next to its text,
// and folding (utf8proc) and stemming cost more than a lookup. Bounded: starts over when full.
// The term returned stays valid until the thread's next call.
const std::string& term_of(std::string_view word, sb_stemmer* stemmer) {
  constexpr std::size_t kRemembered = 50'000;  // a few MB per thread at most
  struct Key {
    std::string word;
    sb_stemmer* stemmer;
    bool operator==(const Key&) const = default;
  };
  struct Hash {
    std::size_t operator()(const Key& k) const {
      return std::hash<std::string>()(k.word) ^ std::hash<const void*>()(k.stemmer);
    }
  };
  thread_local std::unordered_map<Key, std::string, Hash> terms;
  thread_local Key probe;
  probe.word.assign(word);
  probe.stemmer = stemmer;
  if (const auto it = terms.find(probe); it != terms.end()) {
    return it->second;
  }
  if (terms.size() >= kRemembered) {
    terms.clear();
  }
  return terms.emplace(probe, fold_and_stem(word, stemmer)).first->second;
}

// Calls on_word(begin, end) for each run of word characters of `text`.
template <typename OnWord>
void for_each_word(std::string_view text, OnWord&& on_word) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const auto size = static_cast<utf8proc_ssize_t>(text.size());
  std::size_t start = std::string_view::npos;
  for (utf8proc_ssize_t i = 0; i < size;) {
    utf8proc_int32_t c = bytes[i];
    utf8proc_ssize_t n = c < 0x80 ? 1 : utf8proc_iterate(bytes + i, size - i, &c);
    const bool is_word = n > 0 && is_word_char(c);
    if (n <= 0) {
      n = 1;  // a malformed byte separates words
    }
    const auto at = static_cast<std::size_t>(i);
    if (is_word && start == std::string_view::npos) {
      start = at;
    } else if (!is_word && start != std::string_view::npos) {
      on_word(start, at);
      start = std::string_view::npos;
    }
    i += n;
  }
  if (start != std::string_view::npos) {
    on_word(start, text.size());
  }
}

}  // namespace

void for_each_term(std::string_view text, std::string_view language,
                   const std::function<void(std::size_t begin, std::size_t end,
                                            const std::string& term)>& on_term) {
  sb_stemmer* stemmer = stemmer_for(language);
  for_each_word(text, [&](std::size_t begin, std::size_t end) {
    const std::string& term = term_of(text.substr(begin, end - begin), stemmer);
    if (!term.empty()) {
      on_term(begin, end, term);
    }
  });
}

void for_each_term_among(std::string_view text, std::string_view language, const Initials& initials,
                         const std::function<void(std::size_t begin, std::size_t end,
                                                  const std::string& term)>& on_term) {
  static const std::string kPassed;
  sb_stemmer* stemmer = stemmer_for(language);
  for_each_word(text, [&](std::size_t begin, std::size_t end) {
    const auto first = static_cast<unsigned char>(text[begin]);
    if (first < 0x80 && !initials[static_cast<unsigned char>(std::tolower(first))]) {
      on_term(begin, end, kPassed);
      return;
    }
    const std::string& term = term_of(text.substr(begin, end - begin), stemmer);
    if (!term.empty()) {
      on_term(begin, end, term);
    }
  });
}

std::vector<Token> tokenize(std::string_view text, std::string_view language) {
  std::vector<Token> tokens;
  for_each_term(text, language, [&](std::size_t begin, std::size_t end, const std::string& term) {
    tokens.push_back({term, begin, end});
  });
  return tokens;
}

std::string index_text(std::string_view text, std::string_view language) {
  sb_stemmer* stemmer = stemmer_for(language);
  std::string out;
  out.reserve(text.size());
  for_each_word(text, [&](std::size_t begin, std::size_t end) {
    const std::string& term = term_of(text.substr(begin, end - begin), stemmer);
    if (!term.empty()) {
      if (!out.empty()) {
        out += ' ';
      }
      out += term;
    }
  });
  return out;
}

std::string lowered(std::string_view word) {
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(word.data()),
      static_cast<utf8proc_ssize_t>(word.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
  if (n < 0) {
    return {};
  }
  std::string out(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
  std::free(mapped);
  return out;
}

TypedWords typed_words_of(std::string_view text) {
  TypedWords out;
  for_each_word(text, [&](std::size_t begin, std::size_t end) {
    const std::string_view word = text.substr(begin, end - begin);
    std::string folded = core::fold(word);
    if (!folded.empty()) {
      out.folded.push_back(std::move(folded));
      out.lowered.push_back(lowered(word));
    }
  });
  return out;
}

std::string term_in(std::string_view folded_word, std::string_view language) {
  return term_of(folded_word, stemmer_for(language));
}

}  // namespace tapchi::search
