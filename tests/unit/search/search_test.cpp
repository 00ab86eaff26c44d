#include "search/search.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace tapchi::search {
namespace {

std::vector<std::string> terms(std::string_view text, std::string_view language) {
  std::vector<std::string> out;
  for (const Token& t : tokenize(text, language)) {
    out.push_back(t.term);
  }
  return out;
}

// The snippet as text, its matches in [brackets].
std::string marked(const std::vector<Fragment>& fragments) {
  std::string out;
  for (const Fragment& f : fragments) {
    out += f.is_match ? "[" + f.text + "]" : f.text;
  }
  return out;
}

TEST(Tokenize, FoldsVietnameseWritingsToOneTerm) {
  const std::vector<std::string> expected{"dien", "bien", "phu"};
  EXPECT_EQ(terms("Điện Biên Phủ", "vi"), expected);
  EXPECT_EQ(terms("ĐIỆN BIÊN PHỦ", "vi"), expected);
  EXPECT_EQ(terms("dien bien phu", "vi"), expected);
  // ộ and ệ carry two marks in one code point; đ is a letter of its own.
  EXPECT_EQ(terms("Hà Nội, độc lập", "vi"), (std::vector<std::string>{"ha", "noi", "doc", "lap"}));
}

TEST(Tokenize, StemsEnglishOnly) {
  EXPECT_EQ(terms("Soldiers marching", "en"), (std::vector<std::string>{"soldier", "march"}));
  EXPECT_EQ(terms("Soldiers marching", "en-GB"), (std::vector<std::string>{"soldier", "march"}));
  EXPECT_EQ(terms("Soldiers marching", "vi"), (std::vector<std::string>{"soldiers", "marching"}));
}

TEST(Tokenize, GivesEachWordsPlaceInTheText) {
  const std::string text = "Ngày 7/5, quân đội";
  const auto tokens = tokenize(text, "vi");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin), "Ngày");
  EXPECT_EQ(text.substr(tokens[4].begin, tokens[4].end - tokens[4].begin), "đội");
  EXPECT_EQ(tokens[4].term, "doi");
}

TEST(Tokenize, TreatsMalformedBytesAsSeparators) {
  EXPECT_EQ(terms("abc\xFF"
                  "def\xC3",
                  "vi"),
            (std::vector<std::string>{"abc", "def"}));
}

TEST(IndexText, JoinsTermsWithSingleSpaces) {
  EXPECT_EQ(index_text("  Chiến thắng — Điện Biên Phủ!  ", "vi"), "chien thang dien bien phu");
  EXPECT_EQ(index_text("The soldiers' victories", "en"), "the soldier victori");
}

TEST(PlainText, KeepsProseAndDropsMarkup) {
  const std::string text = plain_text(
      "## 1. The *first* day\n\nA [link](https://example.com/x) and `code`.\n\n"
      "![A photo of the hill](media:12)\n\n> A quote\n\n- one\n- two\n\n"
      "```\nint secret_code;\n```\n\n<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| c | d "
      "|\n");
  EXPECT_NE(text.find("1. The first day"), std::string::npos) << text;
  EXPECT_NE(text.find("A link and code."), std::string::npos) << text;
  EXPECT_NE(text.find("A photo of the hill"), std::string::npos) << text;
  EXPECT_NE(text.find("A quote"), std::string::npos) << text;
  EXPECT_NE(text.find("two"), std::string::npos) << text;
  EXPECT_NE(text.find("c"), std::string::npos) << text;
  EXPECT_EQ(text.find("example.com"), std::string::npos) << text;
  EXPECT_EQ(text.find("media:12"), std::string::npos) << text;
  EXPECT_EQ(text.find("secret_code"), std::string::npos) << text;
  EXPECT_EQ(text.find("script"), std::string::npos) << text;
  EXPECT_EQ(text.find('*'), std::string::npos) << text;
}

TEST(ParseQuery, ReadsWordsPhrasesPrefixesAndExclusions) {
  const Query q = parse_query(R"(Điện "biên phủ" soldi* -war -"cold war")");
  ASSERT_EQ(q.problem, QueryProblem::kNone);
  ASSERT_EQ(q.terms.size(), 5u);
  EXPECT_EQ(q.terms[0].words, std::vector<std::string>{"dien"});
  EXPECT_EQ(q.terms[1].words, (std::vector<std::string>{"bien", "phu"}));
  EXPECT_TRUE(q.terms[2].is_prefix);
  EXPECT_EQ(q.terms[2].words, std::vector<std::string>{"soldi"});
  EXPECT_TRUE(q.terms[3].is_excluded);
  EXPECT_TRUE(q.terms[4].is_excluded);
  EXPECT_EQ(q.terms[4].words, (std::vector<std::string>{"cold", "war"}));
  EXPECT_EQ(canonical(q), R"(dien "bien phu" soldi* -war -"cold war")");
}

TEST(ParseQuery, TreatsFts5SyntaxAsSeparators) {
  for (const std::string text :
       {"NEAR(a b)", "title:hill", "^hill", "a AND b", "a OR b", "\"", "a \"b", "(a", "a)", "{a}",
        "a + b", "hill*", "* hill", "-", "- hill", "a:b:c"}) {
    const Query q = parse_query(text);
    if (q.problem != QueryProblem::kNone) {
      continue;
    }
    const std::string match = fts5_match(q, {"en"});
    // Only quoted words, AND, OR, NOT, parentheses and prefix stars reach FTS5.
    std::string outside;
    bool quoted = false;
    for (const char c : match) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        outside += c;
      }
    }
    EXPECT_FALSE(quoted) << text << " → " << match;
    EXPECT_EQ(outside.find_first_not_of(" ANDORT()*"), std::string::npos) << text << " → " << match;
  }
}

TEST(ParseQuery, SaysWhyNothingCanBeLookedFor) {
  EXPECT_EQ(parse_query("").problem, QueryProblem::kEmpty);
  EXPECT_EQ(parse_query("  -  \"\" * : ^ ").problem, QueryProblem::kEmpty);
  EXPECT_EQ(parse_query("-war -peace").problem, QueryProblem::kOnlyExclusions);
  EXPECT_EQ(parse_query(std::string(kMaxQueryBytes + 1, 'a')).problem, QueryProblem::kTooLong);
  EXPECT_EQ(parse_query(std::string(kMaxQueryBytes, 'a')).problem, QueryProblem::kNone);
  EXPECT_EQ(parse_query("hill \xC3\x28").problem, QueryProblem::kNotText);
}

TEST(ParseQuery, KeepsTheFirstTermsOfALongQuery) {
  std::string text;
  for (std::size_t k = 0; k < kMaxTerms + 5; ++k) {
    text += "w" + std::to_string(k) + " ";
  }
  const Query q = parse_query(text);
  EXPECT_EQ(q.terms.size(), kMaxTerms);
  EXPECT_TRUE(q.is_shortened);
  EXPECT_FALSE(parse_query("a b c").is_shortened);
}

TEST(ParseQuery, JoinsAWordWithInnerPunctuationIntoAPhrase) {
  const Query q = parse_query("covid-19");
  ASSERT_EQ(q.terms.size(), 1u);
  EXPECT_EQ(q.terms[0].words, (std::vector<std::string>{"covid", "19"}));
  EXPECT_FALSE(q.terms[0].is_excluded);
}

TEST(ParseQuery, NeedsTwoCharactersForAPrefix) {
  EXPECT_FALSE(parse_query("a*").terms.at(0).is_prefix);
  EXPECT_TRUE(parse_query("đi*").terms.at(0).is_prefix);
}

TEST(Fts5Match, StemsForEachLanguageAndQuotesEveryWord) {
  const Query q = parse_query("Soldiers -\"cold war\" soldi*");
  EXPECT_EQ(fts5_match(q, {"en"}), R"(("soldier" AND "soldi" *) NOT "cold war")");
  EXPECT_EQ(fts5_match(q, {"vi"}), R"(("soldiers" AND "soldi" *) NOT "cold war")");
  EXPECT_EQ(fts5_match(parse_query("soldiers"), {"en", "vi"}), R"(("soldier" OR "soldiers"))");
  EXPECT_EQ(fts5_match(parse_query("hill"), {"en", "vi"}), R"("hill")");
}

TEST(Snippet, MarksTheWordsFoundAroundTheDensestPlace) {
  const std::string text =
      "The campaign began in spring. Many things happened that year in the north and in the "
      "south, far from the valley. Later, soldiers of the 308th division reached Điện Biên Phủ "
      "and dug in around the valley for weeks.";
  const auto fragments = snippet(text, parse_query("dien bien phu soldier"), "en", 80);
  const std::string s = marked(fragments);
  EXPECT_NE(s.find("[soldiers]"), std::string::npos) << s;
  EXPECT_NE(s.find("[Điện] [Biên] [Phủ]"), std::string::npos) << s;
  EXPECT_EQ(s.rfind("…", 0), 0u) << s;  // text before it was left out
  EXPECT_EQ(s.find("campaign"), std::string::npos) << s;
}

TEST(Snippet, StartsAtTheBeginningWhenNothingMatches) {
  const auto fragments = snippet("One two three four five six", parse_query("seven"), "en", 12);
  EXPECT_EQ(marked(fragments), "One two…");
}

TEST(Snippet, MarksPrefixMatches) {
  EXPECT_EQ(marked(snippet("The soldiers rested", parse_query("soldi*"), "en", 100)),
            "The [soldiers] rested");
}

TEST(Snippet, IsEmptyForTextWithoutWords) {
  EXPECT_TRUE(snippet("— … !", parse_query("war"), "en", 100).empty());
}

}  // namespace
}  // namespace tapchi::search

namespace tapchi::search {
namespace {

TEST(Snippet, PrefersTheWordsWithTheMarksTheReaderTyped) {
  const std::string text =
      "Diễn biến của trận đánh rất phức tạp và kéo dài nhiều ngày liền ở vùng núi phía Bắc. "
      "Sau đó quân ta tiến về Điện Biên, nơi chiến dịch quyết định diễn ra.";
  std::string marked_text;
  for (const Fragment& f : snippet(text, parse_query("điện biên"), "vi", 40)) {
    marked_text += f.is_match ? "[" + f.text + "]" : f.text;
  }
  EXPECT_NE(marked_text.find("[Điện] [Biên]"), std::string::npos) << marked_text;
  const Query bare = parse_query("dien bien");
  EXPECT_EQ(bare.terms.at(0).typed, std::vector<std::string>{"dien"});
  EXPECT_EQ(parse_query("ĐIỆN").terms.at(0).typed, std::vector<std::string>{"điện"});
}

}  // namespace
}  // namespace tapchi::search
