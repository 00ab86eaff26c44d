#include "importers/html.h"

#include <gtest/gtest.h>

namespace tapchi::importers {
namespace {

std::string keep(std::string_view src) { return std::string(src); }

std::string md(std::string_view html) { return html_to_markdown(html, keep).markdown; }

TEST(HtmlToMarkdown, TheShapesOfAnArticleBecomeTheirMarkdown) {
  EXPECT_EQ(md("<p>One <strong>bold</strong> and <em>light</em> word.</p><p>Two</p>"),
            "One **bold** and *light* word.\n\nTwo");
  EXPECT_EQ(md("<h1>Top</h1><h2>1. The situation</h2><h3>Detail</h3>"),
            "## Top\n\n## 1\\. The situation\n\n### Detail");
  EXPECT_EQ(md("<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>"), "- a\n- b\n  - c");
  EXPECT_EQ(md("<ol start=\"3\"><li>three</li><li>four</li></ol>"), "3. three\n4. four");
  EXPECT_EQ(md("<blockquote><p>Said.</p><p>Again.</p></blockquote>"), "> Said.\n>\n> Again.");
  EXPECT_EQ(md("<p>A <a href=\"https://example.org/a b\">link</a>.</p>"),
            "A [link](https://example.org/a%20b).");
  EXPECT_EQ(md("<p>x<br>y</p>"), "x\\\ny");
  EXPECT_EQ(md("<pre>int a;\n  b();</pre>"), "```\nint a;\n  b();\n```");
  EXPECT_EQ(md("<p><code>a*b</code> and <del>old</del></p>"), "`a*b` and ~~old~~");
  EXPECT_EQ(md("<table><tr><th>Year</th><th>Event</th></tr><tr><td>1954</td><td>A | B</td></tr>"
               "</table>"),
            "| Year | Event |\n| --- | --- |\n| 1954 | A \\| B |");
  EXPECT_EQ(md("<p>a</p><hr><p>b</p>"), "a\n\n* * *\n\nb");
}

TEST(HtmlToMarkdown, TextIsKeptAsTextNeverAsMarkup) {
  EXPECT_EQ(md("<p>2 * 3 = 6, [not a link](x), &lt;b&gt;, a_b, #tag, &amp;copy;</p>"),
            "2 \\* 3 = 6, \\[not a link\\](x), \\<b\\>, a\\_b, \\#tag, \\&copy;");
  EXPECT_EQ(md("<p>- not a list</p><p>1954. A year</p><p>+ plus</p>"),
            "\\- not a list\n\n1954\\. A year\n\n\\+ plus");
  EXPECT_EQ(md("<p>  spread \n\n  out   </p>"), "spread out");
  EXPECT_EQ(md("Bare text\n<p>then a paragraph</p>"), "Bare text\n\nthen a paragraph");
}

TEST(HtmlToMarkdown, FiguresKeepTheirCaptionAndImagesGoWhereTheyAreTold) {
  const auto moved = [](std::string_view src) -> std::string {
    if (src == "https://old.example/wp-content/uploads/2019/08/a.jpg") {
      return "media:7";
    }
    return src == "missing.jpg" ? "" : std::string(src);
  };
  const Converted c = html_to_markdown(
      "<figure><a href=\"https://old.example/wp-content/uploads/2019/08/a.jpg\">"
      "<img src=\"https://old.example/wp-content/uploads/2019/08/a.jpg\" alt=\"Crowds [1]\"></a>"
      "<figcaption>Volunteers, \"1989\"</figcaption></figure>"
      "<p><img src=\"missing.jpg\" alt=\"gone\">Text stays.</p>",
      moved);
  EXPECT_EQ(c.markdown, "![Crowds \\[1\\]](media:7 \"Volunteers, \\\"1989\\\"\")\n\nText stays.");
  EXPECT_EQ(md("<figure class=\"wp-block-gallery\"><figure><img src=\"a.jpg\"><figcaption>A"
               "</figcaption></figure><figure><img src=\"b.jpg\"></figure></figure>"),
            "![](a.jpg \"A\")\n\n![](b.jpg)");
}

TEST(HtmlToMarkdown, HostileHtmlLeavesNoScriptHandlerStyleOrDangerousAddress) {
  const std::vector<std::string> hostile{
      "<script>alert(1)</script>",
      "<svg onload=alert(1)><circle r=1 /></svg>",
      "<img src=x onerror=alert(1)>",
      "<a href=\"jav&#x09;ascript:alert(1)\">tab</a>",
      "<a href=\"JaVaScRiPt:alert(1)\">case</a>",
      "<a href=\"  javascript:alert(1)\">space</a>",
      "<a href=\"java\nscript:alert(1)\">newline</a>",
      "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
      "<a href=\"vbscript:msgbox(1)\">vb</a>",
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
      "<style>body{background:url(javascript:alert(1))}</style>",
      "<base href=\"javascript:alert(1)//\">",
      "<form action=\"javascript:alert(1)\"><input type=submit value=go></form>",
      "<iframe src=\"javascript:alert(1)\"></iframe>",
      "<p style=\"background:url(javascript:alert(1))\" onclick=\"alert(1)\">styled</p>",
      "<object data=\"javascript:alert(1)\"></object>",
      "<img src=\"data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=\">",
      "<a href=\"&#106;avascript:alert(1)\">entity</a>",
      "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
      "<template><script>alert(1)</script></template>",
      "<div><!-- <script>alert(1)</script> --></div>",
      "<a href=\"https://ok.example/\" onmouseover=\"alert(1)\">ok</a>",
      "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
      "<link rel=stylesheet href=\"javascript:alert(1)\">",
      "<video><source onerror=\"alert(1)\"></video>",
      "<details open ontoggle=alert(1)>",
      "<table background=\"javascript:alert(1)\"><tr><td>cell</td></tr></table>",
  };
  for (const std::string& html : hostile) {
    const std::string out = md(html);
    for (const char* bad : {"<", "javascript", "alert(", "onerror", "onload",
                            "style=", "data:", "vbscript", "onclick", "onmouseover", "ontoggle"}) {
      EXPECT_EQ(out.find(bad), std::string::npos) << html << "\n gave: " << out;
    }
  }
  // What is harmless in them stays.
  EXPECT_EQ(md("<a href=\"jav&#x09;ascript:alert(1)\">tab</a>"), "tab");
  EXPECT_EQ(md("<p style=\"x\" onclick=\"alert(1)\">styled</p>"), "styled");
  EXPECT_EQ(md("<a href=\"https://ok.example/\" onmouseover=\"alert(1)\">ok</a>"),
            "[ok](https://ok.example/)");
  EXPECT_EQ(md("<img src=x onerror=alert(1)>"), "![](x)");
}

TEST(HtmlToMarkdown, EmbedsBecomeLinksAndWhatIsDroppedIsReported) {
  const Converted c = html_to_markdown(
      "<p>Watch:</p><iframe src=\"https://www.youtube.com/embed/abc\"></iframe>"
      "<script>x()</script><script>y()</script><svg><text>t</text></svg>",
      keep);
  EXPECT_EQ(c.markdown,
            "Watch:\n\n[https://www.youtube.com/embed/abc](https://www.youtube.com/embed/abc)");
  ASSERT_EQ(c.notes.size(), 3u);
  EXPECT_EQ(c.notes[0], "an <iframe> became a link to https://www.youtube.com/embed/abc");
  EXPECT_EQ(c.notes[1], "dropped 2 <script> elements and their content");
  EXPECT_EQ(c.notes[2], "dropped 1 <svg> element and its content");
}

// gumbo turns a numeric reference past U+10FFFF into a lone byte that is not UTF-8; the importer
// hands on U+FFFD in its place, as HTML says. Found by fuzzing.
TEST(HtmlToMarkdown, AReferencePastTheLastCodePointBecomesTheReplacementCharacter) {
  const std::string huge = "&#x0DDDDDDDDDDDDDDDDDDDDDDDDDDDDD;";
  EXPECT_EQ(md("<p>a" + huge + "b</p>"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(md("<pre>" + huge + "</pre>"), "```\n\xEF\xBF\xBD\n```");
  std::string seen;
  const auto converted =
      html_to_markdown("<p><img src=\"/p" + huge + ".jpg\" alt=\"x" + huge + "\"></p>",
                       [&](std::string_view src) { return seen = std::string(src); });
  EXPECT_EQ(seen, "/p\xEF\xBF\xBD.jpg");
  EXPECT_EQ(converted.markdown, "![x\xEF\xBF\xBD](/p\xEF\xBF\xBD.jpg)");
  EXPECT_EQ(html_to_text("<p>" + huge + "</p>", false), "\xEF\xBF\xBD");
}

TEST(SafeUrl, KeepsWebMailPhoneAndRelativeAddressesOnly) {
  for (const char* ok : {"https://a.example/x?y#z", "http://a", "mailto:a@b.example", "tel:+84123",
                         "/path", "page.html", "#frag", "?q=1", "a/b:c"}) {
    EXPECT_EQ(safe_url(ok), ok);
  }
  for (const char* bad : {"javascript:x", "jav\tascript:x", " JAVASCRIPT:x", "data:x", "vbscript:x",
                          "file:///etc/passwd",
                          "a\x01"
                          "b",
                          ""}) {
    EXPECT_EQ(safe_url(bad), "") << bad;
  }
  EXPECT_EQ(safe_url(" https://a.example/ \n"), "https://a.example/");
}

}  // namespace
}  // namespace tapchi::importers
