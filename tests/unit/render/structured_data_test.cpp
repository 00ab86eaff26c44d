#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "render/render.h"

namespace tapchi::render {
namespace {

TEST(JsonLd, ATitleCannotEndTheScriptElement) {
  NewsArticleData a;
  a.headline = "</script><script>alert(1)</script> & <!-- more";
  a.url = "https://journal.test/en/a-1.html";
  a.published_rfc3339 = "2019-08-26T07:06:00+07:00";
  a.publisher = {
      "Journal", "https://journal.test/", {}, JsonImage{"https://journal.test/l.png", 512, 512}};
  const std::string text = news_article_json_ld(a);
  EXPECT_EQ(text.find('<'), std::string::npos) << text;
  EXPECT_EQ(text.find('>'), std::string::npos) << text;
  EXPECT_EQ(text.find('&'), std::string::npos) << text;
  const auto parsed = nlohmann::json::parse(text);
  EXPECT_EQ(parsed["headline"], a.headline) << "the escapes mean the same characters";
  EXPECT_EQ(parsed["@type"], "NewsArticle");
  EXPECT_EQ(parsed["dateModified"], a.published_rfc3339) << "unmodified: the publication time";
  EXPECT_EQ(parsed["author"][0]["@type"], "Organization") << "no byline: the publisher";
  EXPECT_EQ(parsed["publisher"]["logo"]["width"], 512);
}

TEST(JsonLd, NamesAuthorsWithTheirPositionsAndImagesWithTheirSizes) {
  NewsArticleData a;
  a.headline = "Điện Biên Phủ";
  a.authors = {{"Nguyễn Lan", "https://journal.test/author/lan", "Thiếu tướng", std::nullopt}};
  a.images = {{"https://journal.test/media/a.jpg", 1600, 900},
              {"https://journal.test/media/a-640.jpg", 640, 360}};
  const auto parsed = nlohmann::json::parse(news_article_json_ld(a));
  EXPECT_EQ(parsed["headline"], "Điện Biên Phủ");
  EXPECT_EQ(parsed["author"][0]["@type"], "Person");
  EXPECT_EQ(parsed["author"][0]["jobTitle"], "Thiếu tướng");
  ASSERT_EQ(parsed["image"].size(), 2u);
  EXPECT_EQ(parsed["image"][1]["width"], 640);
}

TEST(JsonLd, BreadcrumbsArePositionedInOrder) {
  const auto parsed = nlohmann::json::parse(breadcrumb_json_ld(
      {{"https://j.test/en/", "Journal"}, {"https://j.test/en/section/x", "X"}}));
  ASSERT_EQ(parsed["itemListElement"].size(), 2u);
  EXPECT_EQ(parsed["itemListElement"][1]["position"], 2);
  EXPECT_EQ(parsed["itemListElement"][1]["item"], "https://j.test/en/section/x");
}

TEST(Feeds, EscapeTextAndKeepCdataWhole) {
  Feed f;
  f.title = "Tom & Jerry <b>";
  f.language = "en";
  FeedEntry e;
  e.id = "https://j.test/?p=1";
  e.title = "A \"quoted\" <title> & more\x01";
  e.content_html = "<p>a ]]> b</p>";
  f.entries.push_back(e);
  const std::string rss_text = rss(f);
  EXPECT_NE(rss_text.find("<title>Tom &amp; Jerry &lt;b&gt;</title>"), std::string::npos);
  EXPECT_NE(rss_text.find("<title>A &quot;quoted&quot; &lt;title&gt; &amp; more</title>"),
            std::string::npos)
      << "control characters XML forbids are dropped";
  EXPECT_NE(rss_text.find("<![CDATA[<p>a ]]]]><![CDATA[> b</p>]]>"), std::string::npos) << rss_text;
  const std::string atom_text = atom(f);
  EXPECT_NE(atom_text.find("<content type=\"html\">&lt;p&gt;a ]]&gt; b&lt;/p&gt;</content>"),
            std::string::npos)
      << atom_text;
}

TEST(Feeds, EscapeXmlOnceAndDropWhatXmlForbids) {
  EXPECT_EQ(escape_xml("a&b<c>\"d'e\tf\ng\x01h\x1f"), "a&amp;b&lt;c&gt;&quot;d&#39;e\tf\ngh");
  EXPECT_EQ(escape_xml("&amp;"), "&amp;amp;");
  EXPECT_EQ(escape_xml("Điện Biên Phủ"), "Điện Biên Phủ");
  EXPECT_EQ(escape_xml(""), "");
}

TEST(Sitemaps, ListUrlsWithImagesAndTranslations) {
  const std::string text =
      sitemap({{"https://j.test/a-1.html",
                "2019-08-26T07:06:00+07:00",
                {"https://j.test/media/a.jpg"},
                {{"vi", "https://j.test/a-1.html"}, {"en", "https://j.test/en/a-2.html"}}}});
  EXPECT_NE(
      text.find("<loc>https://j.test/a-1.html</loc><lastmod>2019-08-26T07:06:00+07:00</lastmod>"),
      std::string::npos);
  EXPECT_NE(
      text.find(
          "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://j.test/en/a-2.html\"/>"),
      std::string::npos);
  EXPECT_NE(
      text.find("<image:image><image:loc>https://j.test/media/a.jpg</image:loc></image:image>"),
      std::string::npos);
}

}  // namespace
}  // namespace tapchi::render
