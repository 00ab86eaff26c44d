#include "importers/wxr.h"

#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/common/wxr_samples.h"

namespace tapchi::importers {
namespace {

using testing::wxr_comment;
using testing::wxr_head;
using testing::wxr_item;
using testing::wxr_meta;
using testing::wxr_tail;
using testing::wxr_term;

// Everything the reader hands over.
struct Collected : WxrHandler {
  std::vector<WxrChannel> channels;
  std::vector<WxrAuthor> authors;
  std::vector<WxrTerm> terms;
  std::vector<WxrItem> items;
  std::vector<std::string> problems;
  std::int64_t last_done = 0, total = 0;
  void channel(const WxrChannel& c) override { channels.push_back(c); }
  void author(const WxrAuthor& a) override { authors.push_back(a); }
  void term(const WxrTerm& t) override { terms.push_back(t); }
  void item(WxrItem& i) override { items.push_back(i); }
  void problem(int line, const std::string& message) override {
    problems.push_back(fmt::format("line {}: {}", line, message));
  }
  void progress(std::int64_t done, std::int64_t of) override {
    EXPECT_GE(done, last_done);
    last_done = done;
    total = of;
  }
};

class Wxr : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove(file_); }
  core::Result<void> read(const std::string& text, Collected& into) {
    std::ofstream(file_, std::ios::binary) << text;
    return read_wxr(file_, into);
  }
  std::filesystem::path file_ =
      std::filesystem::temp_directory_path() / fmt::format("tapchi-wxr-{}.xml", ::getpid());
};

TEST_F(Wxr, ReadsTheChannelAuthorsTermsAndEveryFieldOfAnItem) {
  const std::string text =
      wxr_head() +
      wxr_item("12", "Hà Nội &amp; giao thông", "ha-noi-giao-thong", "publish", "post",
               "<p>Đoạn một.</p>",
               wxr_term("category", "ha-noi", "Hà Nội") +
                   wxr_term("post_tag", "giao-thong", "Giao thông") +
                   wxr_meta("_thumbnail_id", "15") + wxr_comment("1", "0", "1", "Hay quá") +
                   wxr_comment("2", "1", "0", "Đồng ý")) +
      wxr_tail();
  Collected c;
  ASSERT_TRUE(read(text, c).has_value());
  ASSERT_EQ(c.channels.size(), 1u);
  EXPECT_EQ(c.channels[0].title, "Báo Cũ");
  EXPECT_EQ(c.channels[0].base_site_url, "https://bao-cu.example");
  EXPECT_EQ(c.channels[0].version, "1.2");
  EXPECT_EQ(c.channels[0].language, "vi");
  ASSERT_EQ(c.authors.size(), 2u);
  EXPECT_EQ(c.authors[0].login, "lan");
  EXPECT_EQ(c.authors[0].display_name, "Nguyễn Thị Lan");
  ASSERT_EQ(c.terms.size(), 3u);
  EXPECT_EQ(c.terms[1].taxonomy, "category");
  EXPECT_EQ(c.terms[1].slug, "ha-noi");
  EXPECT_EQ(c.terms[1].parent, "thoi-su");
  EXPECT_EQ(c.terms[2].taxonomy, "post_tag");
  EXPECT_EQ(c.terms[2].name, "Giao thông");
  ASSERT_EQ(c.items.size(), 1u);
  const WxrItem& i = c.items[0];
  EXPECT_EQ(i.title, "Hà Nội &amp; giao thông") << "as written in CDATA: WordPress's HTML";
  EXPECT_EQ(i.post_id, "12");
  EXPECT_EQ(i.creator, "lan");
  EXPECT_EQ(i.content, "<p>Đoạn một.</p>");
  EXPECT_EQ(i.excerpt, "Lead of Hà Nội &amp; giao thông");
  EXPECT_EQ(i.post_date_gmt, "2019-08-26 00:06:00");
  EXPECT_EQ(i.modified_gmt, "2019-08-27 01:00:00");
  EXPECT_EQ(i.status, "publish");
  EXPECT_EQ(i.post_type, "post");
  EXPECT_EQ(i.post_name, "ha-noi-giao-thong");
  EXPECT_EQ(i.link, "https://bao-cu.example/2019/08/26/ha-noi-giao-thong/");
  EXPECT_EQ(i.meta.at("_thumbnail_id"), "15");
  ASSERT_EQ(i.terms.size(), 2u);
  EXPECT_EQ(i.terms[0].domain, "category");
  EXPECT_EQ(i.terms[1].name, "Giao thông");
  ASSERT_EQ(i.comments.size(), 2u);
  EXPECT_EQ(i.comments[1].parent, "1");
  EXPECT_EQ(i.comments[1].approved, "0");
  EXPECT_EQ(i.comments[1].author, "Bạn đọc 2");
  EXPECT_EQ(i.comments[0].email, "reader1@mail.example");
  EXPECT_GT(i.line, 10);
  EXPECT_TRUE(c.problems.empty()) << c.problems.front();
  EXPECT_EQ(c.last_done, c.total);
}

TEST_F(Wxr, CdataSplitToCarryItsOwnEndMarkerIsJoinedBack) {
  // WordPress writes "]]>" inside content as "]]]]><![CDATA[>".
  Collected c;
  ASSERT_TRUE(read(wxr_head() +
                       wxr_item("1", "T", "t", "publish", "post", "<p>a]]]]><![CDATA[>b</p>") +
                       wxr_tail(),
                   c)
                  .has_value());
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].content, "<p>a]]>b</p>");
}

TEST_F(Wxr, BadBytesAreRepairedAndReportedWithTheirItemAndLine) {
  const std::string text = wxr_head() + wxr_item("1", "Good", "good", "publish", "post", "fine") +
                           wxr_item("2", "Bad \xC3\x28 byte", "bad", "publish", "post",
                                    "nul\x01here and \xED\xA0\x80 surrogate") +
                           wxr_item("3", "After", "after", "publish", "post", "also fine") +
                           wxr_tail();
  Collected c;
  ASSERT_TRUE(read(text, c).has_value());
  ASSERT_EQ(c.items.size(), 3u) << "the items after it still come";
  EXPECT_TRUE(c.items[0].repairs.empty());
  EXPECT_TRUE(c.items[2].repairs.empty());
  EXPECT_EQ(c.items[1].title, "Bad \xEF\xBF\xBD( byte");
  EXPECT_EQ(c.items[1].content, "nulhere and \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD surrogate");
  // The title's line, the content's line (a control character, then a surrogate's three
  // bytes, noted once) and the lead's line, which repeats the title.
  ASSERT_EQ(c.items[1].repairs.size(), 4u);
  EXPECT_NE(c.items[1].repairs[2].find("not UTF-8"), std::string::npos);
  EXPECT_NE(c.items[1].repairs[3].find("not UTF-8"), std::string::npos);
  EXPECT_NE(c.items[1].repairs[0].find("not UTF-8"), std::string::npos);
  EXPECT_NE(c.items[1].repairs[1].find("control character U+0001"), std::string::npos);
  EXPECT_TRUE(c.items[1].repairs[0].starts_with(fmt::format("line {}:", c.items[1].line + 1)))
      << c.items[1].repairs[0] << " (the title is on the item's second line)";
}

TEST_F(Wxr, ACutFileHandsOverWhatCameBeforeAndSaysWhere) {
  const std::string whole = wxr_head() + wxr_item("1", "First", "first", "publish", "post", "a") +
                            wxr_item("2", "Second", "second", "publish", "post", "b") + wxr_tail();
  Collected c;
  ASSERT_TRUE(read(whole.substr(0, whole.find("<wp:post_id>2")), c).has_value());
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].title, "First");
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_NE(c.problems[0].find("the reading stopped here"), std::string::npos) << c.problems[0];
}

TEST_F(Wxr, AFileThatIsNotAnExportIsRefusedBeforeAnythingIsHandedOver) {
  for (const std::string& text :
       {std::string("<html><body>no</body></html>"),
        std::string("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A feed</title>"
                    "<item><title>x</title></item></channel></rss>"),
        std::string("not xml at all"), std::string(""), std::string("\x89PNG\r\n\x1a\n binary")}) {
    Collected c;
    const auto r = read(text, c);
    ASSERT_FALSE(r.has_value()) << text;
    EXPECT_NE(r.error().message.find("not a WordPress export"), std::string::npos)
        << r.error().describe();
    EXPECT_TRUE(c.items.empty());
    EXPECT_TRUE(c.channels.empty());
  }
  Collected c;
  EXPECT_EQ(read_wxr("/nonexistent/export.xml", c).error().code, core::ErrorCode::kNotFound);
}

TEST_F(Wxr, OlderVersionsAndExternalEntitiesAreReadAsData) {
  Collected c;
  ASSERT_TRUE(
      read(wxr_head("1.0") + wxr_item("1", "Old", "old", "publish", "post", "x") + wxr_tail(), c)
          .has_value());
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.channels[0].version, "1.0");

  // An external entity is never fetched nor read: the file's contents do not appear.
  const std::string xxe =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" +
      wxr_head().substr(wxr_head().find("<rss")) + wxr_item("1", "T", "t", "publish", "post", "x") +
      "<item><title>&x;</title></item>" + wxr_tail();
  Collected x;
  (void)read(xxe, x);
  for (const WxrItem& i : x.items) {
    EXPECT_EQ(i.title.find("root:"), std::string::npos);
  }
}

}  // namespace
}  // namespace tapchi::importers
