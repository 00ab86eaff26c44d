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
