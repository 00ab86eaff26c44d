#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "core/core.h"
#include "render/render.h"

namespace tapchi::render {
namespace {

std::string md(std::string_view text, MarkdownOptions options = {}) {
  return markdown_to_html(text, options);
}

// Every tag in `html` ("<a href=…>"), to inspect attributes without mistaking escaped text.
std::vector<std::string> tags_of(const std::string& html) {
  std::vector<std::string> tags;
  const std::regex tag("<[^>]*>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator();
       ++it) {
    tags.push_back(it->str());
  }
  return tags;
}

void expect_safe(const std::string& html) {
  const std::regex event_handler(R"(\son[a-z]+\s*=)", std::regex::icase);
  const std::regex bad_scheme(R"((href|src)\s*=\s*"\s*(javascript|vbscript|data):)",
                              std::regex::icase);
  for (const std::string& tag : tags_of(html)) {
    EXPECT_EQ(tag.find("<script"), std::string::npos) << html;
    EXPECT_EQ(tag.find("<iframe"), std::string::npos) << html;
    EXPECT_EQ(tag.find("<style"), std::string::npos) << html;
    EXPECT_FALSE(std::regex_search(tag, event_handler)) << tag;
    EXPECT_FALSE(std::regex_search(tag, bad_scheme)) << tag;
  }
}

TEST(Markdown, RendersNumberedHeadingsAndQuotes) {
  const std::string html = md("## 1. The campaign\n\nText.\n\n> A quotation.\n");
  EXPECT_NE(html.find("<h2>1. The campaign</h2>"), std::string::npos) << html;
  EXPECT_NE(html.find("<blockquote>\n<p>A quotation.</p>\n</blockquote>"), std::string::npos)
      << html;
}

TEST(Markdown, EscapesRawHtml) {
  const std::string html = md("<script>alert(1)</script>\n\nHi <b onclick=\"x()\">there</b>");
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;b onclick="), std::string::npos) << html;
  expect_safe(html);
}

TEST(Markdown, DropsUnsafeLinkTargets) {
  for (const char* source :
       {"[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x](vbscript:msgbox)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)", "<javascript:alert(1)>",
        "[x](java&#x09;script:alert(1))", "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)", "[x](&#106;avascript:alert(1))"}) {
    const std::string html = md(source);
    expect_safe(html);
    EXPECT_EQ(html.find("href=\"javascript"), std::string::npos) << source;
  }
  EXPECT_NE(md("[x](javascript:alert(1))").find("<p>x</p>"), std::string::npos);
}

TEST(Markdown, KeepsSafeLinks) {
  EXPECT_NE(md("[a](https://example.org/x?y=1)").find("href=\"https://example.org/x?y=1\""),
            std::string::npos);
  EXPECT_NE(md("[a](/en/section/history)").find("href=\"/en/section/history\""), std::string::npos);
  EXPECT_NE(md("[a](mailto:desk@example.org)").find("href=\"mailto:desk@example.org\""),
            std::string::npos);
}

TEST(Markdown, TurnsALoneImageIntoAFigureWithCaptionAndCredit) {
  MarkdownOptions options;
  options.language = "en";
  const std::string html =
      md("![Troops return](/media/a.jpg \"Troops return home in 1989 | VNA\")", options);
  EXPECT_NE(html.find("<figure class=\"photo\"><img src=\"/media/a.jpg\" alt=\"Troops return\""),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<figcaption>Troops return home in 1989 <span class=\"credit\">(photo: "
                      "VNA)</span></figcaption>"),
            std::string::npos)
      << html;
}

TEST(Markdown, ResolvesLibraryImagesWithTheirSize) {
  MarkdownOptions options;
  options.language = "vi";
  options.lookup_media = [](core::Id id) -> std::optional<core::Media> {
    if (id != 7) {
      return std::nullopt;
    }
    return core::Media{7,        "2019/08/p.jpg", "image/jpeg", 1600, 900, "alt",
                       "Lễ đón", "TTXVN",         {},           0,    {}};
  };
  const std::string html = md("![](media:7)", options);
  EXPECT_NE(html.find("src=\"/media/2019/08/p.jpg\" width=\"1600\" height=\"900\" alt=\"alt\""),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("Lễ đón <span class=\"credit\">(Ảnh: TTXVN)</span>"), std::string::npos);
  EXPECT_EQ(md("![](media:8)", options).find("<img"), std::string::npos);
  EXPECT_EQ(md("![](media:abc)", options).find("<img"), std::string::npos);
}

TEST(Markdown, OffersTheVariantsOfALibraryImage) {
  MarkdownOptions options;
  options.lookup_media = [](core::Id) -> std::optional<core::Media> {
    core::Media m;
    m.path = "2026/11/cang.jpg";
    m.width = 1200;
    m.height = 800;
    m.variant_widths = {320, 640, 1024, 1200};
    return m;
  };
  const std::string html = md("![Tàu về cảng](media:3)", options);
  EXPECT_NE(html.find("<picture><source type=\"image/webp\" srcset=\"/media/2026/11/cang-320.webp "
                      "320w, /media/2026/11/cang-640.webp 640w, /media/2026/11/cang-1024.webp "
                      "1024w, /media/2026/11/cang-1200.webp 1200w\" sizes=\""),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("srcset=\"/media/2026/11/cang-320.jpg 320w, /media/2026/11/cang-640.jpg "
                      "640w, /media/2026/11/cang-1024.jpg 1024w, /media/2026/11/cang-1200.jpg "
                      "1200w\""),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("alt=\"Tàu về cảng\""), std::string::npos) << "the text's alt wins";
  EXPECT_NE(html.find("</picture>"), std::string::npos);
}

TEST(ImageOf, AddsTheOriginalWhenNoVariantHasItsWidth) {
  core::Media m;
  m.path = "a/b.png";
  m.width = 3000;
  m.height = 2000;
  m.variant_widths = {320, 1600};
  const Image img = image_of(m, "/media/");
  EXPECT_EQ(img.srcset, "/media/a/b-320.png 320w, /media/a/b-1600.png 1600w, /media/a/b.png 3000w");
  EXPECT_EQ(img.webp_srcset, "/media/a/b-320.webp 320w, /media/a/b-1600.webp 1600w");
  m.variant_widths.clear();
  EXPECT_TRUE(image_of(m, "/media/").srcset.empty());
}

TEST(Markdown, EscapesCaptionText) {
  const std::string html = md("![a\"b](/x.jpg \"<script>x</script> | <b>\")");
  EXPECT_NE(html.find("alt=\"a&quot;b\""), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;x&lt;/script&gt;"), std::string::npos) << html;
  expect_safe(html);
}

TEST(Markdown, SurvivesHostileInputs) {
  for (const char* source :
       {"<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<a href=\"javascript:x\">y</a>",
        "<iframe src=\"https://x\"></iframe>", "<style>body{}</style>",
        "[x](\"onmouseover=alert(1))", "[x](https://a\" onclick=\"b)", "`<script>`",
        "<<script>script>alert(1)<</script>/script>", "| a |\n|---|\n| <script>x</script> |"}) {
    expect_safe(md(source));
  }
}

TEST(Markdown, ReplacesMalformedUtf8) {
  const std::string html = md("Bad \xC0\xAF bytes \xFF and a cut \xE1\xBB");
  EXPECT_TRUE(core::is_valid_utf8(html)) << html;
  EXPECT_NE(html.find("Bad \xEF\xBF\xBD"), std::string::npos) << html;
}

// Found by the markdown fuzz target: the inner image was used after the outer one was freed.
TEST(Markdown, DropsUnsafeImagesNestedInUnsafeImages) {
  const std::string html = md("![a ![b ![c](javascript:3)](data:x)](javascript:1)");
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_NE(html.find("a b c"), std::string::npos) << html;
}

// Found by the markdown fuzz target: a NUL in a library caption cut the figure's HTML short,
// leaving an attribute open for the HTML after it.
TEST(Markdown, KeepsFiguresWholeWhenLibraryTextsHoldNul) {
  MarkdownOptions options;
  options.lookup_media = [](core::Id id) -> std::optional<core::Media> {
    core::Media m;
    m.id = id;
    m.path = std::string("2019/08/p\0q.jpg", 15);
    m.width = 1600;
    m.height = 900;
    m.caption = std::string("cap\0tion", 8);
    m.variant_widths = {640};
    return m;
  };
  const std::string html = md("![a](media:7)\n\nafter", options);
  EXPECT_NE(html.find("</figure>"), std::string::npos) << html;
  EXPECT_EQ(html.find('\0'), std::string::npos) << html;
  EXPECT_NE(html.find("<p>after</p>"), std::string::npos) << html;
}

TEST(Markdown, RendersGfmTables) {
  const std::string html = md("| Year | Event |\n|---|---|\n| 1954 | Victory |\n");
  EXPECT_NE(html.find("<table>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td>1954</td>"), std::string::npos) << html;
}

TEST(SafeUrl, ClassifiesSchemes) {
  EXPECT_TRUE(is_safe_url("/a/b"));
  EXPECT_TRUE(is_safe_url("#x"));
  EXPECT_TRUE(is_safe_url("page.html?a=b:c"));
  EXPECT_TRUE(is_safe_url("HTTPS://x"));
  EXPECT_FALSE(is_safe_url("javascript:x"));
  EXPECT_FALSE(is_safe_url(" javascript:x"));
  EXPECT_FALSE(is_safe_url("jav\tascript:x"));
  EXPECT_FALSE(is_safe_url("file:///etc/passwd"));
}

}  // namespace
}  // namespace tapchi::render
