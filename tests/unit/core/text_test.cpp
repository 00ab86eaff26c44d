#include <gtest/gtest.h>

#include "core/core.h"

namespace tapchi::core {
namespace {

TEST(Slugify, FoldsVietnameseIncludingDStroke) {
  EXPECT_EQ(slugify("Điện Biên Phủ"), "dien-bien-phu");
  EXPECT_EQ(slugify("Chiến thắng Điện Biên Phủ: 70 năm nhìn lại"),
            "chien-thang-dien-bien-phu-70-nam-nhin-lai");
  EXPECT_EQ(slugify("  Đường   Trường Sơn — huyền thoại!  "), "duong-truong-son-huyen-thoai");
  EXPECT_EQ(slugify("Quốc phòng toàn dân"), "quoc-phong-toan-dan");
}

TEST(Slugify, EmptyForTextWithoutLettersOrDigits) {
  EXPECT_EQ(slugify("—!?"), "");
  EXPECT_EQ(slugify(""), "");
}

TEST(Fold, MatchesWithoutDiacriticsOrCase) {
  EXPECT_EQ(fold("ĐIỆN"), "dien");
  EXPECT_EQ(fold("Hồ Chí Minh"), "ho chi minh");
  EXPECT_EQ(fold("Ångström"), "angstrom");
}

TEST(Utf8, RepairsMalformedBytesIntoReplacementCharacters) {
  EXPECT_EQ(repair_utf8("Vi\xE1\xBB\x87t"), "Vi\xE1\xBB\x87t");
  EXPECT_EQ(repair_utf8("a\xFF"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(repair_utf8("\xC3"), "\xEF\xBF\xBD");
  EXPECT_TRUE(is_valid_utf8(repair_utf8("\xE1\xBB\xC0\x80\xED\xA0\x80")));
}

TEST(Nfc, ComposesVietnameseMarks) {
  // "ệ" typed as e + dot below + circumflex, and as ê + dot below, both become U+1EC7.
  EXPECT_EQ(nfc("e\xCC\xA3\xCC\x82"), "\xE1\xBB\x87");
  EXPECT_EQ(nfc("\xC3\xAA\xCC\xA3"), "\xE1\xBB\x87");
  EXPECT_EQ(nfc("plain"), "plain");
}

// toml++ 3.3 asks its whitespace table about the first character after a line-ending backslash,
// and about any character outside strings; the table has holes (U+00A1-U+0499, U+2CFE-U+30F7,
// U+FB26-U+FEFE), where it reaches undefined behaviour. ready_toml keeps those characters away.
TEST(ReadyToml, LeavesADocumentWithoutSuchCharactersAsItIs) {
  const std::string document =
      "# Tạp chí, ấn bản tiếng Việt\n"
      "[site]\n"
      "name = \"Tạp chí \\\"Đà Nẵng\\\"\" # tên\n"
      "lead = 'Nẵng \\ é'\n"
      "about = \"\"\"\nĐà Nẵng \"quoted\" \"\"\n\\tend\"\"\"\"\n"
      "note = '''Đà\\\n  é'''\n"
      "after = \"\"\"a\\\n   b\"\"\"\n"
      "last = \"é\"\n";
  for (const std::string& doc : {document, "\xEF\xBB\xBF" + document}) {  // with a byte order mark
    std::string text = doc;
    EXPECT_FALSE(ready_toml(text).has_value());
    EXPECT_EQ(text, doc);
  }
}

TEST(ReadyToml, WritesTheLetterAfterALineEndingBackslashAsItsEscape) {
  std::string text = "s = \"\"\"Tin \\\n   \r\n  Đà Nẵng \\  \n\t😀\\\n\"\"\"\n";
  EXPECT_FALSE(ready_toml(text).has_value());
  EXPECT_EQ(text, "s = \"\"\"Tin \\\n   \r\n  \\u0110à Nẵng \\  \n\t\\U0001F600\\\n\"\"\"\n");
}

TEST(ReadyToml, RefusesWhatTomlForbidsNamingTheLine) {
  const auto refused = [](std::string text) {
    const auto fault = ready_toml(text);
    return fault ? std::to_string(fault->line) + ": " + fault->reason : std::string("accepted");
  };
  EXPECT_EQ(refused("a = 1\nb = 1é\n"),
            "2: only strings and comments may hold characters other than ASCII (put the text in "
            "quotes)");
  EXPECT_EQ(refused("[ấn]\n").substr(0, 3), "1: ");
  EXPECT_EQ(refused("a = \"x\" é\n").substr(0, 3), "1: ");
  EXPECT_EQ(refused("a = \"\"\"x\n\\é\"\"\"\n"),
            "2: a backslash in a string must end its line or begin an escape such as \\n");
  EXPECT_EQ(refused("a = \"\"\"x\\   é\"\"\"\n").substr(0, 3), "1: ");
  EXPECT_EQ(refused("a = 1\n\nb = \"\xC3\x28\"\n"), "3: the text is not valid UTF-8");
  // A multi-line string ends at its third quote of a run of up to five; a sixth opens a string.
  EXPECT_EQ(refused("a = \"\"\"x\"\"\"\"\" é\n").substr(0, 3), "1: ");
  EXPECT_EQ(refused("a = '''x''''' é\n").substr(0, 3), "1: ");
  EXPECT_EQ(refused("a = \"\"\"x\"\"\"\"\"\" é\"\n"), "accepted");
  // toml++ reads a number or date on through a string glued to it: that string must be ASCII.
  for (const char* glued : {"a = 1\"é\"\n", "a = 1.'é'\n", "d = 2019-08-26T\"é\"\n",
                            "a = [1\"\"\"é\"\"\"]\n", "a = -\"é\"\n"}) {
    EXPECT_EQ(refused(glued),
              "1: a quoted text right after a number, date or key must be ASCII (put a space or "
              "an = before it)")
        << glued;
  }
  for (const char* apart : {"a=\"é\"\n", "a = [\"é\",'é']\n", "t = {x=\"é\"}\n",
                            "a.\"b\" = \"é\" # é\n", "\"é\".b = 1\n"}) {
    EXPECT_EQ(refused(apart), "accepted") << apart;
  }
}

TEST(Utf8, AcceptsValidAndRejectsMalformed) {
  EXPECT_TRUE(is_valid_utf8("Tạp chí Quốc phòng 🇻🇳"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("a\xFFz"));
}

TEST(WordCount, CountsRunsOfLettersAndDigitsVietnameseSyllablesAsWords) {
  EXPECT_EQ(word_count(""), 0u);
  EXPECT_EQ(word_count("  ## 1. The catch -- squid, mostly!  "), 5u);
  EXPECT_EQ(word_count("Chiến dịch Điện Biên Phủ năm 1954"), 7u);
  EXPECT_EQ(char_count("Điện"), 4u);
  EXPECT_EQ(char_count("abc"), 3u);
}

TEST(Excerpt, CutsOnWordBoundary) {
  EXPECT_EQ(excerpt("The quick brown fox jumps", 12), "The quick…");
  EXPECT_EQ(excerpt("The quick brown fox", 100), "The quick brown fox");
  EXPECT_EQ(excerpt("Chiến thắng lịch sử", 13), "Chiến thắng…");
}

TEST(Excerpt, CutsAWordLongerThanTheLimit) {
  EXPECT_EQ(excerpt("Supercalifragilistic", 5), "Super…");
}

TEST(VariantPath, PutsTheWidthBeforeTheExtension) {
  EXPECT_EQ(variant_path("2026/11/a.jpg", 640, "webp"), "2026/11/a-640.webp");
  EXPECT_EQ(variant_path("2026/11/a.jpg", 640), "2026/11/a-640.jpg");
  EXPECT_EQ(variant_path("2026/11.d/noext", 320), "2026/11.d/noext-320");
}

}  // namespace
}  // namespace tapchi::core
