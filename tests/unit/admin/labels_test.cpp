// The back office speaks through its labels only: every template's words are {{t.key}} labels
// that exist in both languages, and the messages of the modules below it are translated.
#include "admin/labels.h"

#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "admin/embedded.h"
#include "admin/impl.h"

namespace tapchi::admin {
namespace {

std::set<std::string_view> label_keys() {
  std::set<std::string_view> keys;
  for (const Label& l : kLabels) {
    keys.insert(l.key);
  }
  return keys;
}

// The words a template shows that come from neither a label nor data: its text once tags,
// mustache tags, comments, code samples and scripts are taken out, as well as attribute values
// readers get (aria-label, placeholder, title, alt) once mustache tags are taken out of them.
std::string literal_words(std::string text) {
  text = std::regex_replace(text, std::regex(R"(<code>[\s\S]*?</code>)"), " ");
  text = std::regex_replace(text, std::regex(R"(<script[\s\S]*?</script>)"), " ");
  text = std::regex_replace(text, std::regex(R"(<!--[\s\S]*?-->)"), " ");
  std::string attributes;
  const std::regex shown(R"re((?:aria-label|placeholder|title|alt)="([^"]*)")re");
  for (std::sregex_iterator it(text.begin(), text.end(), shown), end; it != end; ++it) {
    attributes += " " + (*it)[1].str();
  }
  text = std::regex_replace(text, std::regex(R"(<[^>]*>)"), " ") + attributes;
  text = std::regex_replace(text, std::regex(R"(\{\{\{?[^}]*\}?\}\})"), " ");
  text = std::regex_replace(text, std::regex(R"(&[a-z]+;)"), " ");
  std::string words;
  const std::regex word(R"([A-Za-z]{2,})");
  for (std::sregex_iterator it(text.begin(), text.end(), word), end; it != end; ++it) {
    words += it->str() + " ";
  }
  return words;
}

TEST(Labels, EveryTemplateSpeaksThroughLabelsThatExist) {
  const auto keys = label_keys();
  int templates = 0;
  for (const EmbeddedFile& f : embedded_admin_theme()) {
    if (!f.name.ends_with(".mustache")) {
      continue;
    }
    ++templates;
    const std::string content(f.content);
    const std::regex label(R"(\{\{t\.([a-z_]+)\}\})");
    for (std::sregex_iterator it(content.begin(), content.end(), label), end; it != end; ++it) {
      EXPECT_TRUE(keys.contains((*it)[1].str())) << f.name << " names no label " << it->str();
    }
    EXPECT_EQ(literal_words(content), "") << f.name << " shows words that are not labels";
  }
  EXPECT_GE(templates, 20);
}

TEST(Labels, TheCheckFindsWordsOutsideLabels) {
  EXPECT_EQ(literal_words(R"(<h1>{{t.dashboard}}</h1><p class="x">{{name}} · {{{html}}}</p>)"), "");
  EXPECT_EQ(literal_words("<p>Save the settings</p>"), "Save the settings ");
  EXPECT_EQ(literal_words(R"(<button aria-label="Delete {{name}}">{{t.delete}}</button>)"),
            "Delete ");
  EXPECT_EQ(literal_words("<code>tapchi user add</code>"), "");
}

TEST(Labels, SayFillsPlaceholdersInEachLanguage) {
  EXPECT_EQ(say(Language::kEnglish, "too_many_attempts", 30),
            "Too many failed attempts. Try again in 30 seconds.");
  EXPECT_EQ(say(Language::kVietnamese, "too_many_attempts", 30),
            "Sai quá nhiều lần. Xin thử lại sau 30 giây.");
  EXPECT_EQ(text(Language::kVietnamese, "dashboard"), "Bảng tin");
  EXPECT_EQ(language_of("vi"), Language::kVietnamese);
  EXPECT_EQ(language_of("vi-VN"), Language::kVietnamese);
  EXPECT_EQ(language_of("en"), Language::kEnglish);
  EXPECT_EQ(language_of(""), Language::kEnglish);
}

TEST(Labels, MessagesOfTheNewsroomAreTranslatedWithWhatTheyCarry) {
  EXPECT_EQ(translated(Language::kVietnamese, "An article needs a title."),
            "Bài viết cần có tiêu đề.");
  EXPECT_EQ(translated(Language::kVietnamese, "At most 300 bytes; this one has 412."),
            "Tối đa 300 byte; ở đây có 412.");
  EXPECT_EQ(translated(Language::kVietnamese, "Another section, Quốc phòng, has this address."),
            "Chuyên mục “Quốc phòng” đã dùng địa chỉ này.");
  EXPECT_EQ(translated(Language::kVietnamese,
                       "“a, b” is not a tag: at most 100 bytes, with "
                       "letters or digits."),
            "“a, b” không dùng làm thẻ được: tối đa 100 byte, có chữ hoặc số.");
  // English stays as it is; an unknown message is shown in English rather than lost.
  EXPECT_EQ(translated(Language::kEnglish, "An article needs a title."),
            "An article needs a title.");
  EXPECT_EQ(translated(Language::kVietnamese, "Something new."), "Something new.");
  // A message must fit a pattern whole, not only begin like it.
  EXPECT_EQ(translated(Language::kVietnamese, "At most 300 bytes; this one has 412. Extra"),
            "At most 300 bytes; this one has 412. Extra");
}

TEST(Labels, StatusesAndRolesHaveNamesInBothLanguages) {
  EXPECT_EQ(status_label(Language::kVietnamese, core::ArticleStatus::kReview), "chờ duyệt");
  EXPECT_EQ(status_label(Language::kEnglish, core::ArticleStatus::kScheduled), "scheduled");
  EXPECT_EQ(role_label(Language::kVietnamese, core::Role::kEditor), "biên tập viên");
  EXPECT_EQ(role_label(Language::kEnglish, core::Role::kAdmin), "admin");
}

}  // namespace
}  // namespace tapchi::admin
