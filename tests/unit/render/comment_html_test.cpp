// A comment's HTML: text in paragraphs, web addresses as nofollow links, never markup from the
// text itself, whatever the text is.
#include <gtest/gtest.h>

#include "render/render.h"
#include "tests/common/hostile_comments.h"

namespace tapchi::render {
namespace {

// The text the HTML shows: tags removed, entities read.
std::string shown_text(std::string html) {
  html = std::regex_replace(html, std::regex("<br>"), "\n");
  html = std::regex_replace(html, std::regex("</p><p>"), "\n\n");
  html = std::regex_replace(html, std::regex("<[^>]*>"), "");
  for (const auto& [entity, c] :
       {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    html = std::regex_replace(html, std::regex(entity), c);
  }
  return html;
}

TEST(CommentHtml, WritesParagraphsAndLinksAddresses) {
  EXPECT_EQ(comment_to_html("One\nline\n\nTwo"), "<p>One<br>line</p><p>Two</p>");
  EXPECT_EQ(comment_to_html("See https://example.org/a?b=1&c=2."),
            "<p>See <a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">"
            "https://example.org/a?b=1&amp;c=2</a>.</p>");
  EXPECT_EQ(comment_to_html("(www.example.org)"),
            "<p>(<a href=\"http://www.example.org\" rel=\"nofollow ugc noopener\">"
            "www.example.org</a>)</p>");
  EXPECT_EQ(comment_to_html("https://example.org/wiki/Foo_(bar)"),
            "<p><a href=\"https://example.org/wiki/Foo_(bar)\" rel=\"nofollow ugc noopener\">"
            "https://example.org/wiki/Foo_(bar)</a></p>");
  EXPECT_EQ(comment_to_html("ftp://example.org javascript:alert(1)"),
            "<p>ftp://example.org javascript:alert(1)</p>");
}

TEST(CommentHtml, NeverLetsMarkupThroughAndLosesNoText) {
  const auto texts = testing::hostile_comments();
  ASSERT_GE(texts.size(), 50u);
  for (const std::string& text : texts) {
    const std::string html = comment_to_html(text);
    EXPECT_EQ(testing::comment_html_problem(html), "") << text.substr(0, 200);
    // Every character of a one-paragraph text is shown (line ends aside).
    if (text.find('\n') == std::string::npos && text.find('\r') == std::string::npos &&
        text.find_first_not_of(' ') != std::string::npos) {
      EXPECT_EQ(shown_text(html), text) << text.substr(0, 200);
    }
  }
}

}  // namespace
}  // namespace tapchi::render
