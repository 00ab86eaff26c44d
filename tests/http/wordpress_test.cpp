#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/common/wxr_samples.h"
#include "tests/http/admin_fixture.h"
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
    const std::string jpeg = demo_jpeg(prepared_journal());
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
        wxr_item("20", "Giới thiệu", "gioi-thieu", "publish", "page",
                 "<h2>Về chúng tôi</h2><p>Tờ báo <em>của bạn đọc</em>.</p><script>x()</script>") +
        wxr_item("17", "Ngày hỏng", "ngay-hong", "publish", "post", "x", "",
                 "2019-13-45 99:00:00") +
        wxr_item("18", "Trùng địa chỉ", "ha-noi-giao-thong", "publish", "post", "Bài khác") +
        wxr_item("19", "Bài khối", "bai-khoi", "publish", "post", blocks,
                 wxr_term("category", "thoi-su", "Thời sự")) +
        wxr_item("22", "Liên hệ", "lien-he", "draft", "page", "Chưa xong") +
        wxr_item("23", "Trang đã xoá", "trang-da-xoa", "trash", "page", "x") + wxr_tail();
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
  // Articles: 12, 13, 14, 17, 18, 19; the trashed post is skipped. Pages: 20 and 22, not the
  // trashed one.
  EXPECT_NE(r.out.find("articles          6 imported      0 updated      1 skipped"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("pages             2 imported      0 updated      1 skipped"),
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

  EXPECT_EQ(count(db_, "SELECT " + joined("status || ':' || title", "|", "n") +
                           " FROM (SELECT a.status, a.title, CAST(i.external_id AS INTEGER) AS n "
                           "FROM articles a JOIN imported_items i ON i.local_id = a.id AND "
                           "i.kind = 'post' ORDER BY n) AS posts"),
            "published:Hà Nội & giao thông|draft:Bản nháp|scheduled:Sắp đăng|draft:Ngày hỏng|"
            "published:Trùng địa chỉ|published:Bài khối");
  EXPECT_EQ(count(db_, "SELECT " + joined("status", ",", "id") +
                           " FROM (SELECT id, status FROM comments ORDER BY id) AS c"),
            "approved,approved,pending,spam,approved,approved");
  EXPECT_EQ(count(db_, "SELECT body FROM comments WHERE body LIKE '%Xin chào%'"), "Xin chào");
  EXPECT_EQ(count(db_, "SELECT email FROM comments WHERE body = 'Chờ duyệt'"),
            "reader3@mail.example");
  // The reply to comment 1 hangs under it; the reply to a lost comment stands alone.
  EXPECT_EQ(count(db_,
                  "SELECT CASE WHEN parent_id = (SELECT id FROM comments WHERE body LIKE "
                  "'Bài hay%') THEN 1 ELSE 0 END FROM comments WHERE body = 'Đồng ý với bạn'"),
            "1");
  EXPECT_EQ(count(db_, "SELECT COALESCE(parent_id, 0) FROM comments WHERE body LIKE 'Trả lời%'"),
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
  // Pages are static pages: the published one is served at its address, the draft is not.
  const auto about = request(server.port(), "GET", "/page/gioi-thieu").value();
  EXPECT_EQ(about.status, 200);
  EXPECT_NE(about.body.find("<h2>Về chúng tôi</h2>"), std::string::npos) << about.body;
  EXPECT_NE(about.body.find("<em>của bạn đọc</em>"), std::string::npos);
  EXPECT_EQ(about.body.find("x()"), std::string::npos);
  EXPECT_EQ(request(server.port(), "GET", "/page/lien-he").value().status, 404);
  EXPECT_EQ(count(db_, "SELECT " + joined("slug || ':' || is_published", ",", "id") +
                           " FROM (SELECT * FROM static_pages ORDER BY id) AS p"),
            "gioi-thieu:1,lien-he:0");
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
      {"/?page_id=20", base + "/page/gioi-thieu"},
      {"/2019/08/26/gioi-thieu/", base + "/page/gioi-thieu"},
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
  EXPECT_NE(again.out.find("pages             0 imported      2 updated      1 skipped"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(count(db_, "SELECT COUNT(*) FROM static_pages"), "2");
  EXPECT_EQ(count(db_,
                  "SELECT (SELECT COUNT(*) FROM articles) || '/' || (SELECT COUNT(*) FROM "
                  "comments) || '/' || (SELECT COUNT(*) FROM media) || '/' || (SELECT "
                  "COUNT(*) FROM sections) || '/' || (SELECT COUNT(*) FROM tags)"),
            before);
  EXPECT_EQ(count(db_, "SELECT status FROM comments WHERE body = 'Chờ duyệt'"), "approved");
  EXPECT_EQ(count(db_, "SELECT COUNT(*) FROM articles WHERE slug LIKE 'ha-noi-giao-thong%'"), "2");
}

// What a journal holds, field by field, in an order both journals share: photos by their
// words, the rest by address, and every reference to a photo, section, tag, author or comment
// written as what it is rather than its id (ids differ from one journal to the next).
std::vector<std::string> holdings(const std::filesystem::path& db) {
  std::vector<std::string> out;
  const auto add = [&](const std::string& kind, const std::string& sql) {
    for (const auto& row : query(db, sql)) {
      std::string line = kind;
      for (const std::string& field : row) {
        line += " | " + field;
      }
      out.push_back(line);
    }
  };
  add("photo", "SELECT alt, caption, credit, width, height, mime, bytes FROM media ORDER BY alt");
  // Bodies name photos by id: "media:7" becomes the photo's alt text.
  std::map<std::string, std::string> photo_alt;
  for (const auto& row : query(db, "SELECT id, alt FROM media")) {
    photo_alt[row[0]] = row[1];
  }
  const auto named = [&](std::string body) {
    static const std::regex media(R"(media:(\d+))");
    std::string text;
    auto begin = body.cbegin();
    for (std::sregex_iterator it(body.begin(), body.end(), media), end; it != end; ++it) {
      text.append(begin, (*it)[0].first);
      text += "photo:" + photo_alt[(*it)[1]];
      begin = (*it)[0].second;
    }
    text.append(begin, body.cend());
    return text;
  };
  for (const auto& row :
       query(db,
             "SELECT a.slug, a.status, a.title, a.lead, COALESCE(CAST(a.published_at AS TEXT), "
             "''), COALESCE(CAST(a.updated_at AS TEXT), ''), a.comments_open, "
             "COALESCE(s.slug || ':' || s.name, ''), COALESCE(m.alt, ''), COALESCE((SELECT " +
                 joined("t.slug || ':' || t.name", ",", "t.slug") +
                 " FROM (SELECT t.slug, t.name FROM article_tags at JOIN tags t ON t.id = "
                 "at.tag_id WHERE at.article_id = a.id ORDER BY t.slug) t), ''), "
                 "COALESCE((SELECT " +
                 joined("au.slug || ':' || au.name", ",", "aa.position") +
                 " FROM article_authors aa JOIN authors au ON au.id = "
                 "aa.author_id WHERE aa.article_id = a.id), ''), b.body FROM articles a JOIN "
                 "article_bodies b ON b.article_id = a.id LEFT JOIN sections s ON s.id = "
                 "a.section_id LEFT JOIN media m ON m.id = a.featured_media_id ORDER BY a.slug")) {
    std::string line = "article";
    for (std::size_t i = 0; i + 1 < row.size(); ++i) {
      line += " | " + row[i];
    }
    out.push_back(line + " | " + named(row.back()));
  }
  for (const auto& row : query(db,
                               "SELECT slug, title, is_published, footer_position, body FROM "
                               "static_pages ORDER BY slug")) {
    out.push_back("page | " + row[0] + " | " + row[1] + " | " + row[2] + " | " + row[3] + " | " +
                  named(row[4]));
  }
  // Comments the export carries (approved and pending), with their article and the comment
  // they answer.
  add("comment",
      "SELECT a.slug, c.name, c.email, c.body, c.status, c.created_at, COALESCE(p.body, '') FROM "
      "comments c JOIN articles a ON a.id = c.article_id LEFT JOIN comments p ON p.id = "
      "c.parent_id WHERE c.status IN ('approved', 'pending') ORDER BY a.slug, c.created_at, "
      "c.body");
  add("section", "SELECT slug, name FROM sections ORDER BY slug");
  add("tag", "SELECT slug, name FROM tags ORDER BY slug");
  add("author", "SELECT slug, name FROM authors ORDER BY slug");
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    out.push_back(line);
  }
  return out;
}

TEST_F(WordPress, AnExportImportedIntoAFreshJournalGivesTheSameJournal) {
  ASSERT_NE(import(dir_.path() / "export.xml").exit_code, -1);
  // Besides what the file brought: a comment with what HTML would read as markup, a page in
  // the footer, a photo's credit.
  query(db_,
        "UPDATE comments SET body = 'a < b && c > d\n\nsecond <p>aragraph' WHERE body = "
        "'Đồng ý với bạn'");
  query(db_, "UPDATE static_pages SET footer_position = 2 WHERE slug = 'gioi-thieu'");
  query(db_, "UPDATE media SET credit = 'Nguyễn Văn A' WHERE alt LIKE 'Cầu%'");
  const auto out = dir_.path() / "tapchi-vi.xml";
  const CommandResult exported =
      run_tapchi({"export", "wxr", out.string(), "--edition", "vi", "--config", config_});
  ASSERT_EQ(exported.exit_code, 0) << exported.out;
  // Spam stays behind: four approved comments and one pending.
  EXPECT_NE(exported.out.find("6 articles, 2 pages, 5 comments, 1 photos, 1 categories"),
            std::string::npos)
      << exported.out;
  // Nothing is overwritten.
  const CommandResult again =
      run_tapchi({"export", "wxr", out.string(), "--edition", "vi", "--config", config_});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.out.find("already exists"), std::string::npos) << again.out;

  TempDir fresh("wordpress-again");
  ASSERT_EQ(run_tapchi({"init", fresh.path().string() + "/j"}).exit_code, 0);
  const std::string fresh_config = (fresh.path() / "j" / "tapchi.toml").string();
  const CommandResult imported =
      run_tapchi({"import", "wxr", out.string(), "--edition", "vi", "--uploads",
                  (dir_.path() / "j" / "data" / "media").string(), "--config", fresh_config});
  // The one problem is the first import's: a shortcode kept as text is still there.
  EXPECT_EQ(imported.exit_code, 1) << imported.out;
  EXPECT_NE(imported.out.find("1 problems:"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("the shortcode [contact-form-7] is kept as text"), std::string::npos);
  const std::vector<std::string> before = holdings(db_);
  const std::vector<std::string> after = holdings(fresh.path() / "j" / "data" / "tapchi.db");
  ASSERT_GT(before.size(), 15U);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(after[i], before[i]);
  }
  // And the new journal's export is the same file but for the ids and the photo's stored name.
  const auto out2 = dir_.path() / "again.xml";
  ASSERT_EQ(
      run_tapchi({"export", "wxr", out2.string(), "--edition", "vi", "--config", fresh_config})
          .exit_code,
      0);
  std::ifstream first(out), second(out2);
  std::stringstream a, b;
  a << first.rdbuf();
  b << second.rdbuf();
  static const std::regex varying(R"(<pubDate>[^<]*</pubDate>|(?:-[0-9a-f]{6})+(?=\.)|\d+)");
  const auto first_lines = lines(std::regex_replace(a.str(), varying, "#"));
  const auto second_lines = lines(std::regex_replace(b.str(), varying, "#"));
  ASSERT_EQ(second_lines.size(), first_lines.size());
  for (std::size_t i = 0; i < first_lines.size(); ++i) {
    EXPECT_EQ(second_lines[i], first_lines[i]) << "line " << i + 1;
  }
}

TEST_F(WordPress, ABilingualSiteFillsBothEditionsLinksTranslationsAndPinsStickyPosts) {
  const auto in = [](const std::string& language, const std::string& group) {
    return wxr_term("language", language, language == "vi" ? "Tiếng Việt" : language) +
           (group.empty() ? "" : wxr_term("post_translations", group, group));
  };
  std::string sticky =
      wxr_item("31", "Chiến thắng Điện Biên Phủ", "dien-bien-phu", "publish", "post",
               "Bài tiếng Việt", in("vi", "pll_5f1a") + wxr_term("category", "lich-su", "Lịch sử"));
  sticky.replace(sticky.find("<wp:is_sticky>0"), 15, "<wp:is_sticky>1");
  put(dir_.path() / "bilingual.xml",
      wxr_head() + sticky +
          wxr_item("32", "The victory at Dien Bien Phu", "victory-dien-bien-phu", "publish", "post",
                   "In English",
                   in("en", "pll_5f1a") + wxr_term("category", "history", "History")) +
          wxr_item("33", "Victoire", "victoire", "publish", "post", "x", in("fr", "")) +
          wxr_item("34", "Không ngôn ngữ", "khong-ngon-ngu", "publish", "post", "x") +
          wxr_item("35", "About us", "about-us", "publish", "page", "Who we are", in("en", "")) +
          wxr_tail());
  const auto import_mapped = [&](const std::string& map) {
    return run_tapchi({"import", "wxr", (dir_.path() / "bilingual.xml").string(), "--edition-map",
                       map, "--config", config_});
  };
  for (const char* wrong : {"vi", "vi=vi,vi=en", "=vi", "vi=", "vi=vi,fr=fr"}) {
    const CommandResult r = import_mapped(wrong);
    EXPECT_EQ(r.exit_code, 2) << wrong << "\n" << r.out;
    EXPECT_NE(r.out.find("Nothing was imported"), std::string::npos) << wrong << "\n" << r.out;
  }
  EXPECT_EQ(count(db_, "SELECT COUNT(*) FROM articles"), "0");

  const CommandResult r = import_mapped("vi=vi,en=en");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("articles          2 imported      0 updated      2 skipped"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("post 33 «Victoire» (line "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("its language fr is not in --edition-map; skipped"), std::string::npos);
  EXPECT_NE(r.out.find("has no language and no --edition was given; skipped"), std::string::npos);
  EXPECT_NE(r.out.find("sticky posts      1 imported"), std::string::npos) << r.out;
  EXPECT_EQ(
      count(db_, "SELECT " +
                     joined("e.code || ':' || a.slug || ':' || a.translation_key", ",", "a.id") +
                     " FROM (SELECT * FROM articles ORDER BY id) a JOIN editions e ON e.id = "
                     "a.edition_id"),
      "vi:dien-bien-phu:pll_5f1a,en:victory-dien-bien-phu:pll_5f1a");
  EXPECT_EQ(count(db_,
                  "SELECT e.code || ':' || s.name FROM sections s JOIN editions e ON e.id = "
                  "s.edition_id WHERE s.slug = 'history'"),
            "en:History");
  EXPECT_EQ(count(db_,
                  "SELECT e.code FROM static_pages p JOIN editions e ON e.id = p.edition_id "
                  "WHERE p.slug = 'about-us'"),
            "en");
  // The sticky post leads the Vietnamese front page; each article links to its translation.
  EXPECT_EQ(count(db_,
                  "SELECT a.slug || ':' || p.place FROM front_pins p JOIN articles a ON a.id = "
                  "p.article_id"),
            "dien-bien-phu:0");
  ServerProcess server(config_);
  const std::string en_id = count(db_, "SELECT id FROM articles WHERE slug LIKE 'victory%'");
  const std::string vi = page_of("31", server.port());
  EXPECT_NE(vi.find("href=\"/en/victory-dien-bien-phu-" + en_id + ".html\""), std::string::npos);
  EXPECT_NE(request(server.port(), "GET", "/en/page/about-us").value().body.find("Who we are"),
            std::string::npos);
  // Importing again pins nothing over the editors' choice, and says so.
  const CommandResult again = import_mapped("vi=vi,en=en");
  EXPECT_NE(again.out.find("1 sticky posts are not pinned: the front page already has the "
                           "editors' choice"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(count(db_, "SELECT COUNT(*) FROM front_pins"), "1");
}

TEST_F(WordPress, AuthorsGetDisabledAccountsThatTheirOwnersClaim) {
  const auto import_with_accounts = [&] {
    return run_tapchi({"import", "wxr", (dir_.path() / "export.xml").string(), "--edition", "vi",
                       "--create-accounts", "--config", config_});
  };
  const CommandResult r = import_with_accounts();
  EXPECT_NE(r.out.find("accounts          2 imported      0 updated      0 skipped"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(
      count(db_, "SELECT " +
                     joined("email || ':' || name || ':' || role || ':' || is_active || ':' || "
                            "password_hash",
                            ",", "email") +
                     " FROM (SELECT * FROM users ORDER BY email) AS u"),
      "lan@bao-cu.example:Nguyễn Thị Lan:author:0:!,minh@bao-cu.example:Trần Minh:author:0:!");
  EXPECT_EQ(count(db_,
                  "SELECT COUNT(*) FROM audit_log WHERE action = 'user-add' AND detail "
                  "LIKE '%disabled: imported from https://bao-cu.example'"),
            "2");
  ServerProcess server(config_);
  const auto sign_in = [&](const std::string& password) {
    const auto form = request(server.port(), "GET", "/admin/login").value();
    const std::string token = set_cookie(form, "tapchi_login");
    return request(server.port(), "POST", "/admin/login",
                   kForm + "Cookie: tapchi_login=" + token + "\r\n",
                   "csrf=" + token + "&email=lan%40bao-cu.example&password=" + password)
        .value()
        .status;
  };
  EXPECT_NE(sign_in(""), 303) << "no password signs in to an account not claimed";
  // Claimed: a password from the command line, then an admin enables it.
  const CommandResult set = run_tapchi(
      {"user", "password", "Lan@Bao-Cu.example", "--config", config_}, "a long passphrase\n");
  EXPECT_EQ(set.exit_code, 0) << set.out;
  EXPECT_NE(set.out.find("The account is disabled"), std::string::npos) << set.out;
  EXPECT_NE(sign_in("a+long+passphrase"), 303) << "still disabled";
  query(db_, "UPDATE users SET is_active = 1 WHERE email = 'lan@bao-cu.example'");
  EXPECT_EQ(sign_in("a+long+passphrase"), 303);
  // No second account on a second import; no password for an address without an account.
  EXPECT_NE(import_with_accounts().out.find("accounts          0 imported      0 updated      2 "
                                            "skipped"),
            std::string::npos);
  EXPECT_EQ(count(db_, "SELECT COUNT(*) FROM users"), "2");
  const CommandResult nobody = run_tapchi(
      {"user", "password", "nobody@bao-cu.example", "--config", config_}, "a long passphrase\n");
  EXPECT_EQ(nobody.exit_code, 2) << nobody.out;
  const CommandResult short_one =
      run_tapchi({"user", "password", "minh@bao-cu.example", "--config", config_}, "short\n");
  EXPECT_EQ(short_one.exit_code, 2) << short_one.out;
  EXPECT_EQ(count(db_, "SELECT password_hash FROM users WHERE email LIKE 'minh%'"), "!");
}

TEST_F(WordPress, AFileThatIsNotAnExportOrAnUnknownEditionWritesNothing) {
  put(dir_.path() / "feed.xml",
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed</title><item><title>x"
      "</title></item></channel></rss>");
  put(dir_.path() / "photo.xml", demo_jpeg(prepared_journal()));
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
