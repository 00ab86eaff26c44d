#include <fstream>
#include <regex>

#include <gtest/gtest.h>

#include "tests/common/wxr_samples.h"
#include "tests/http/harness.h"

namespace tapchi::testing {
namespace {

void put(const std::filesystem::path& file, const std::string& bytes) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << bytes;
}

std::string count(const std::filesystem::path& db, const std::string& sql) {
  const auto rows = query(db, sql);
  return rows.empty() || rows[0].empty() ? "?" : rows[0][0];
}

// A Vietnamese journal's export with everything the import must handle, and its uploads.
class WordPress : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_tapchi({"init", dir_.path().string() + "/j"}).exit_code, 0);
    config_ = (dir_.path() / "j" / "tapchi.toml").string();
    db_ = dir_.path() / "j" / "data" / "tapchi.db";
    const std::string jpeg = demo_jpeg(TAPCHI_HTTP_JOURNAL);
    ASSERT_FALSE(jpeg.empty());
    put(dir_.path() / "uploads/2019/08/cau-long-bien.jpg", jpeg);
    put(dir_.path() / "uploads/2019/08/not-a-photo.jpg", "<?php echo 'hi'; ?>");

    const std::string uploads = "https://bao-cu.example/wp-content/uploads/2019/08/";
    const std::string classic =
        "Mở đầu bài viết với <strong>chữ đậm</strong>.\n\n"
        "[caption id=\"attachment_15\" align=\"aligncenter\" width=\"300\"]<a href=\"" +
        uploads + "cau-long-bien.jpg\"><img src=\"" + uploads +
        "cau-long-bien-300x200.jpg\" alt=\"Cầu Long Biên lúc sáng\" width=\"300\" height=\"200\" "
        "onerror=\"alert(1)\" /></a> Cầu Long Biên, Hà Nội[/caption]\n\n"
        "<h2>1. Bối cảnh</h2>\n\n<ul>\n<li>Một</li>\n<li>Hai</li>\n</ul>\n\n"
        "<script>alert('xss')</script>\n\n"
        "[embed]https://www.youtube.com/watch?v=abc123[/embed]\n\n"
        "[contact-form-7 id=\"5\"]\n\n"
        "<a href=\"javascript:alert(1)\">Liên kết xấu</a> và <a href=\"https://vi.wikipedia.org/\">"
        "liên kết tốt</a>.";
    const std::string blocks =
        "<!-- wp:paragraph --><p>Đoạn <em>khối</em>.</p><!-- /wp:paragraph -->"
        "<!-- wp:table --><figure class=\"wp-block-table\"><table><tbody><tr><td>Năm</td>"
        "<td>Sự kiện</td></tr><tr><td>1954</td><td>Điện Biên Phủ</td></tr></tbody></table>"
        "</figure><!-- /wp:table -->"
        "<!-- wp:image {\"id\":15} --><figure class=\"wp-block-image\"><img src=\"" +
        uploads +
        "cau-long-bien.jpg\" alt=\"Cầu\"/><figcaption>Ảnh khối</figcaption></figure>"
        "<!-- /wp:image -->";
    const std::string comments =
        wxr_comment("1", "0", "1", "Bài hay <b>quá</b>") +
        wxr_comment("2", "1", "1", "Đồng ý với bạn") + wxr_comment("3", "0", "0", "Chờ duyệt") +
        wxr_comment("4", "0", "spam", "Mua ngay") + wxr_comment("5", "0", "trash", "Đã xoá") +
        wxr_comment("6", "0", "1", "Liên kết", "pingback") +
        wxr_comment("7", "99", "1", "Trả lời bình luận đã mất") +
        wxr_comment("8", "0", "1", "<script>alert(1)</script>Xin chào");
    export_ =
        wxr_head() +
        wxr_item("15", "Ảnh cầu", "anh-cau", "inherit", "attachment", "",
                 "\t\t<wp:attachment_url>" + uploads + "cau-long-bien.jpg</wp:attachment_url>\n" +
                     wxr_meta("_wp_attached_file", "2019/08/cau-long-bien.jpg") +
                     wxr_meta("_wp_attachment_image_alt", "Cầu Long Biên lúc sáng")) +
        wxr_item("21", "Tệp lạ", "tep-la", "inherit", "attachment", "",
                 wxr_meta("_wp_attached_file", "2019/08/not-a-photo.jpg")) +
        wxr_item("12", "Hà Nội &amp; giao thông", "ha-noi-giao-thong", "publish", "post", classic,
                 wxr_term("category", "ha-noi", "Hà Nội") +
                     wxr_term("post_tag", "giao-thong", "Giao thông") +
                     wxr_meta("_thumbnail_id", "15") + comments) +
        wxr_item("13", "Bản nháp", "", "draft", "post", "Chưa xong", "", "0000-00-00 00:00:00") +
        wxr_item("14", "Sắp đăng", "sap-dang", "future", "post", "Tương lai", "",
                 "2030-01-01 00:00:00") +
        wxr_item("16", "Đã xoá", "da-xoa", "trash", "post", "x") +
        wxr_item("20", "Giới thiệu", "gioi-thieu", "publish", "page", "Về chúng tôi") +
        wxr_item("17", "Ngày hỏng", "ngay-hong", "publish", "post", "x", "",
                 "2019-13-45 99:00:00") +
        wxr_item("18", "Trùng địa chỉ", "ha-noi-giao-thong", "publish", "post", "Bài khác") +
        wxr_item("19", "Bài khối", "bai-khoi", "publish", "post", blocks,
                 wxr_term("category", "thoi-su", "Thời sự")) +
        wxr_tail();
    put(dir_.path() / "export.xml", export_);
  }

  CommandResult import(const std::filesystem::path& file) {
    return run_tapchi({"import", "wxr", file.string(), "--edition", "vi", "--uploads",
                       (dir_.path() / "uploads").string(), "--config", config_});
  }

  // The imported post's page, found by its WordPress id.
  std::string page_of(const std::string& post_id, int port) {
    const auto rows = query(db_,
                            "SELECT a.slug, a.id FROM articles a JOIN imported_items i ON "
                            "i.local_id = a.id AND i.kind = 'post' WHERE i.external_id = '" +
                                post_id + "'");
    if (rows.empty()) {
      ADD_FAILURE() << "post " << post_id << " was not imported";
      return {};
    }
    return request(port, "GET", "/" + rows[0][0] + "-" + rows[0][1] + ".html").value().body;
  }

  TempDir dir_{"wordpress"};
  std::string config_;
  std::filesystem::path db_;
  std::string export_;
};

TEST_F(WordPress, PostsPhotosTermsAuthorsAndThreadedCommentsComeAcross) {
  const CommandResult r = import(dir_.path() / "export.xml");
  EXPECT_EQ(r.exit_code, 1) << "problems were reported\n" << r.out;
  EXPECT_NE(r.out.find("Imported https://bao-cu.example (WXR 1.2) into the edition vi"),
            std::string::npos)
      << r.out;
  // Articles: 12, 13, 14, 17, 18, 19; the trashed post and the page are skipped.
  EXPECT_NE(r.out.find("articles          6 imported      0 updated      1 skipped"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("pages             0 imported      0 updated      1 skipped"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("photos            1 imported      0 updated      1 skipped"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("comments          6 imported      0 updated      1 skipped"),
            std::string::npos)
      << r.out;
  // Each problem names its item and line.
  for (const char* says :
       {"post 12 «Hà Nội & giao thông» (line ", "the shortcode [contact-form-7] is kept as text",
        "dropped 1 <script> element", "post 17 «Ngày hỏng»", "is not a time; imported as a draft",
        "the address ha-noi-giao-thong is taken; it becomes ha-noi-giao-thong-18",
        "attachment 21 «Tệp lạ»"}) {
    EXPECT_NE(r.out.find(says), std::string::npos) << says << "\n" << r.out;
  }

  EXPECT_EQ(count(db_,
                  "SELECT group_concat(status || ':' || title, '|') FROM (SELECT a.status, "
                  "a.title FROM articles a JOIN imported_items i ON i.local_id = a.id AND "
                  "i.kind = 'post' ORDER BY CAST(i.external_id AS INTEGER))"),
            "published:Hà Nội & giao thông|draft:Bản nháp|scheduled:Sắp đăng|draft:Ngày hỏng|"
            "published:Trùng địa chỉ|published:Bài khối");
  EXPECT_EQ(count(db_,
                  "SELECT group_concat(status, ',') FROM (SELECT status FROM comments "
                  "ORDER BY id)"),
            "approved,approved,pending,spam,approved,approved");
  EXPECT_EQ(count(db_, "SELECT body FROM comments WHERE body LIKE '%Xin chào%'"), "Xin chào");
  EXPECT_EQ(count(db_, "SELECT email FROM comments WHERE body = 'Chờ duyệt'"),
            "reader3@mail.example");
  // The reply to comment 1 hangs under it; the reply to a lost comment stands alone.
  EXPECT_EQ(count(db_,
                  "SELECT parent_id = (SELECT id FROM comments WHERE body LIKE 'Bài hay%') "
                  "FROM comments WHERE body = 'Đồng ý với bạn'"),
            "1");
  EXPECT_EQ(count(db_, "SELECT IFNULL(parent_id, 0) FROM comments WHERE body LIKE 'Trả lời%'"),
            "0");

  ServerProcess server(config_);
  const std::string html = page_of("12", server.port());
  for (const char* shown :
       {"Hà Nội &amp; giao thông", "Lead of Hà Nội", "Thời sự", "Giao thông", "Nguyễn Thị Lan",
        "<strong>chữ đậm</strong>", "Cầu Long Biên, Hà Nội", "alt=\"Cầu Long Biên lúc sáng\"",
        "<h2>1. Bối cảnh</h2>", "<li>Một</li>", "href=\"https://www.youtube.com/watch?v=abc123\"",
        "href=\"https://vi.wikipedia.org/\"", "Liên kết xấu", "Đồng ý với bạn"}) {
    EXPECT_NE(html.find(shown), std::string::npos) << shown;
  }
  for (const char* never :
       {"alert(", "onerror", "javascript:", "Chờ duyệt", "Mua ngay", "wp-content/uploads"}) {
    EXPECT_EQ(html.find(never), std::string::npos) << never;
  }
  // The child category "Hà Nội" is a tag; the photo is the journal's own.
  EXPECT_NE(html.find("/tag/ha-noi"), std::string::npos);
  EXPECT_NE(html.find("src=\"/media/2019/08/cau-long-bien-"), std::string::npos);
  const std::string blocks = page_of("19", server.port());
  EXPECT_NE(blocks.find("<td>Điện Biên Phủ</td>"), std::string::npos);
  EXPECT_NE(blocks.find("Ảnh khối"), std::string::npos);
  EXPECT_NE(blocks.find("<em>khối</em>"), std::string::npos);
}

TEST_F(WordPress, OldAddressesLeadToTheirNewPagesWithAPermanentRedirect) {
  ASSERT_NE(import(dir_.path() / "export.xml").exit_code, -1);
  ServerProcess server(config_);
  const std::string base = "http://127.0.0.1:8080";  // the journal's base_url
  const auto article = [&](const std::string& post_id) {
    const auto rows = query(db_,
                            "SELECT a.slug || '-' || a.id FROM articles a JOIN imported_items i "
                            "ON i.local_id = a.id AND i.kind = 'post' WHERE i.external_id = '" +
                                post_id + "'");
    return rows.empty() ? std::string("?") : base + "/" + rows[0][0] + ".html";
  };
  const std::string photo =
      count(db_, "SELECT path FROM media WHERE path LIKE '2019/08/cau-long-bien-%'");
  const std::vector<std::pair<std::string, std::string>> moved{
      {"/?p=12", article("12")},
      {"/2019/08/26/ha-noi-giao-thong/", article("12")},
      {"/2019/08/26/ha-noi-giao-thong", article("12")},
      {"/?p=19", article("19")},
      {"/category/thoi-su/", base + "/section/thoi-su"},
      {"/category/thoi-su/ha-noi/", base + "/tag/ha-noi"},
      {"/category/ha-noi/", base + "/tag/ha-noi"},
      {"/tag/giao-thong/", base + "/tag/giao-thong"},
      {"/author/lan/", base + "/author/nguyen-thi-lan"},
      {"/?attachment_id=15", base + "/media/" + photo},
      {"/feed/", base + "/feed"},
  };
  for (const auto& [from, to] : moved) {
    const auto r = request(server.port(), "GET", from).value();
    EXPECT_EQ(r.status, 301) << from;
    EXPECT_EQ(r.header("location"), to) << from;
    // Where it leads is a page.
    const std::string target = to.substr(base.size());
    EXPECT_EQ(request(server.port(), "GET", target).value().status, 200) << target;
  }
  // A scheduled post's old address leads nowhere yet; an address never known is a 404.
  EXPECT_EQ(request(server.port(), "GET", "/2019/08/26/sap-dang/").value().status, 404);
  EXPECT_EQ(request(server.port(), "GET", "/2019/08/26/never-was/").value().status, 404);
  EXPECT_EQ(request(server.port(), "GET", "/?p=99999").value().status, 200)
      << "an unknown id is the front page it names";
}

TEST_F(WordPress, ImportingAgainUpdatesInPlaceAndDuplicatesNothing) {
  ASSERT_NE(import(dir_.path() / "export.xml").exit_code, -1);
  const std::string before =
      count(db_,
            "SELECT (SELECT COUNT(*) FROM articles) || '/' || (SELECT COUNT(*) FROM "
            "comments) || '/' || (SELECT COUNT(*) FROM media) || '/' || (SELECT COUNT(*) "
            "FROM sections) || '/' || (SELECT COUNT(*) FROM tags)");
  // Moderation done since is kept.
  query(db_, "UPDATE comments SET status = 'approved' WHERE body = 'Chờ duyệt'");
  const CommandResult again = import(dir_.path() / "export.xml");
  EXPECT_NE(again.out.find("articles          0 imported      6 updated      1 skipped"),
            std::string::npos)
      << again.out;
  EXPECT_NE(again.out.find("photos            0 imported      1 updated      1 skipped"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(count(db_,
                  "SELECT (SELECT COUNT(*) FROM articles) || '/' || (SELECT COUNT(*) FROM "
                  "comments) || '/' || (SELECT COUNT(*) FROM media) || '/' || (SELECT "
                  "COUNT(*) FROM sections) || '/' || (SELECT COUNT(*) FROM tags)"),
            before);
  EXPECT_EQ(count(db_, "SELECT status FROM comments WHERE body = 'Chờ duyệt'"), "approved");
  EXPECT_EQ(count(db_, "SELECT COUNT(*) FROM articles WHERE slug LIKE 'ha-noi-giao-thong%'"), "2");
}

TEST_F(WordPress, AFileThatIsNotAnExportOrAnUnknownEditionWritesNothing) {
  put(dir_.path() / "feed.xml",
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed</title><item><title>x"
      "</title></item></channel></rss>");
  put(dir_.path() / "photo.xml", demo_jpeg(TAPCHI_HTTP_JOURNAL));
  for (const char* name : {"feed.xml", "photo.xml"}) {
    const CommandResult r = import(dir_.path() / name);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("not a WordPress export"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Nothing was imported"), std::string::npos) << r.out;
  }
  const CommandResult unknown = run_tapchi({"import", "wxr", (dir_.path() / "export.xml").string(),
                                            "--edition", "fr", "--config", config_});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.out.find("unknown edition 'fr'"), std::string::npos) << unknown.out;
  EXPECT_EQ(count(db_, "SELECT COUNT(*) FROM articles"), "0");
  EXPECT_EQ(count(db_, "SELECT COUNT(*) FROM imported_items"), "0");
}

TEST_F(WordPress, ACutExportImportsWhatCameBeforeTheCut) {
  const std::string cut = export_.substr(0, export_.find("<wp:post_id>17"));
  put(dir_.path() / "cut.xml", cut);
  const CommandResult r = import(dir_.path() / "cut.xml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("the reading stopped here"), std::string::npos) << r.out;
  EXPECT_EQ(count(db_, "SELECT COUNT(*) FROM imported_items WHERE kind = 'post'"), "3")
      << "posts 12, 13 and 14 came before the cut\n"
      << r.out;
}

}  // namespace
}  // namespace tapchi::testing
