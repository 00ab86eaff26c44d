#include <gtest/gtest.h>

#include "render/render.h"

namespace tapchi::render {
namespace {

std::shared_ptr<const Theme> theme() {
  auto t = Theme::load(std::nullopt);
  EXPECT_TRUE(t.has_value());
  return *t;
}

ArticleView sample() {
  ArticleView v;
  v.frame.language = "en";
  v.frame.site_name = "Journal";
  v.frame.title = "A <b>title</b>";
  v.frame.now_text = "Monday, September 28, 2020, 00:56 (GMT+7)";
  v.title = "Title with <script>alert(1)</script>";
  v.lead = "The lead";
  v.body_html = "<p>Body</p>";
  v.published_text = "Monday, August 26, 2019, 07:06 (GMT+7)";
  v.bylines.push_back({"Maj. Gen. Nguyen Hoang", "Head of the Institute", "/en/author/x"});
  v.comment_count = 1;
  CommentView c;
  c.name = "<img src=x onerror=alert(1)>";
  c.body = "First line\nsecond line\n\n<script>x</script>";
  v.comments.push_back(c);
  return v;
}

TEST(Theme, ArticleShowsTheClockTimesBylineAndCommentCount) {
  const std::string html = theme()->article(sample());
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(html.find("Monday, September 28, 2020, 00:56 (GMT+7)"), std::string::npos);
  EXPECT_NE(html.find("Monday, August 26, 2019, 07:06 (GMT+7)"), std::string::npos);
  EXPECT_NE(html.find("Maj. Gen. Nguyen Hoang</a>, Head of the Institute"), std::string::npos);
  EXPECT_NE(html.find("Your Comment (1)"), std::string::npos);
  EXPECT_NE(html.find("<p>Body</p>"), std::string::npos);
}

TEST(Theme, EscapesEveryStringOnce) {
  const std::string html = theme()->article(sample());
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_NE(html.find("Title with &lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<p>First line<br>second line</p><p>&lt;script&gt;x&lt;/script&gt;</p>"),
            std::string::npos);
  EXPECT_NE(html.find("<title>A &lt;b&gt;title&lt;/b&gt;</title>"), std::string::npos);
}

TEST(Theme, SpeaksVietnamese) {
  ArticleView v = sample();
  v.frame.language = "vi";
  const std::string html = theme()->article(v);
  EXPECT_NE(html.find("Ý kiến của bạn (1)"), std::string::npos);
  EXPECT_NE(html.find("Chuyển đến nội dung"), std::string::npos);
  EXPECT_FALSE(check_language("fr").has_value());
}

TEST(Theme, FingerprintsItsStylesheet) {
  auto t = theme();
  ASSERT_NE(t->asset("style.css"), nullptr);
  EXPECT_EQ(t->asset_href("style.css"),
            "/static/style.css?v=" + t->asset("style.css")->fingerprint);
  EXPECT_EQ(t->asset("missing.css"), nullptr);
}

TEST(Theme, ListPageLinksNeighbours) {
  ListView v;
  v.frame.language = "en";
  v.heading = "Defence";
  v.page = 2;
  v.page_count = 3;
  v.prev_href = "/en/section/defence";
  v.next_href = "/en/section/defence?page=3";
  const std::string html = theme()->list(v);
  EXPECT_NE(html.find("Page 2 of 3"), std::string::npos);
  EXPECT_NE(html.find("rel=\"prev\" href=\"/en/section/defence\""), std::string::npos);
  EXPECT_NE(html.find("rel=\"next\" href=\"/en/section/defence?page=3\""), std::string::npos);
}

}  // namespace
}  // namespace tapchi::render
