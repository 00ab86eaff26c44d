// Static pages ("About us", "Contact"): kept by editors in the back office with revisions,
// served at their own address, listed in the footer by their place and in the sitemap.
#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

class StaticPages : public Admin {
 protected:
  static std::string edition_id() {
    const Who boss = as("boss@example.org");
    return first_match(get("/admin/pages/new", boss.session).value().body,
                       R"re(name="edition" value="(\d+)")re");
  }
  // Adds a page through the form; returns the answer.
  static HttpResponse add(const Who& w, const std::string& fields) {
    return post(w, "/admin/pages/new", "edition=" + edition_id() + "&version=0&" + fields);
  }
  static std::string public_page(const std::string& path) {
    return request(port(), "GET", path).value().body;
  }
  static std::string footer(const std::string& html) {
    const auto at = html.find("<footer");
    return at == std::string::npos ? "" : html.substr(at);
  }
};

TEST_F(StaticPages, AnEditorPublishesAPageThatReadersFindAtItsAddressInTheFooterAndSitemap) {
  const Who editor = as("changer@example.org");
  // The front page is cached before the page exists: the page's save must reach it.
  // (The demo journal lists its own pages there: "Giới thiệu", "Liên hệ".)
  EXPECT_EQ(footer(public_page("/")).find("/page/toa-soan"), std::string::npos);
  const auto made =
      add(editor,
          "title=" + encoded("Tòa soạn") + "&body=" +
              encoded("## 1. Chúng tôi là ai\n\nMột tờ báo **độc lập**.\n\n<script>x()</script>") +
              "&published=1&footer_position=2");
  ASSERT_EQ(made.status, 303) << made.body;
  EXPECT_NE(made.header("location").find("?done=page_saved"), std::string::npos);
  const auto contact =
      add(editor, "title=" + encoded("Quảng cáo") + "&body=x&published=1&footer_position=1");
  ASSERT_EQ(contact.status, 303);
  const auto draft = add(editor, "title=" + encoded("Ban biên tập") + "&body=x&footer_position=3");
  ASSERT_EQ(draft.status, 303);

  const auto page = request(port(), "GET", "/page/toa-soan").value();
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<h1>Tòa soạn</h1>"), std::string::npos);
  EXPECT_NE(page.body.find("<strong>độc lập</strong>"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;"), std::string::npos) << "raw HTML is shown as text";
  EXPECT_EQ(page.body.find("<script>x()"), std::string::npos);
  EXPECT_NE(page.body.find("<title>Tòa soạn - "), std::string::npos);
  EXPECT_NE(page.body.find("rel=\"canonical\" href=\"http://journal.test/page/toa-soan\""),
            std::string::npos);
  // The footer lists the published pages by their place, the draft not at all.
  const std::string home_footer = footer(public_page("/"));
  const auto contact_at = home_footer.find("href=\"/page/quang-cao\"");
  const auto about_at = home_footer.find("href=\"/page/toa-soan\"");
  ASSERT_NE(contact_at, std::string::npos) << home_footer;
  ASSERT_NE(about_at, std::string::npos) << home_footer;
  EXPECT_LT(contact_at, about_at);
  EXPECT_EQ(home_footer.find("ban-bien-tap"), std::string::npos);
  EXPECT_NE(footer(page.body).find("href=\"/page/toa-soan\" aria-current=\"page\""),
            std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/page/ban-bien-tap").value().status, 404);
  // Another edition has none of them.
  EXPECT_EQ(request(port(), "GET", "/en/page/toa-soan").value().status, 404);
  EXPECT_EQ(footer(public_page("/en/")).find("/page/toa-soan"), std::string::npos);

  const std::string sitemap = public_page("/sitemap-vi-pages.xml");
  EXPECT_NE(sitemap.find("<loc>http://journal.test/page/toa-soan</loc>"), std::string::npos)
      << sitemap;
  EXPECT_EQ(sitemap.find("ban-bien-tap"), std::string::npos);
  const auto audit = query(dir_->path() / "data" / "tapchi.db",
                           "SELECT " + joined("detail", "|", "id") +
                               " FROM (SELECT id, detail FROM audit_log WHERE action = "
                               "'page-add' AND detail IN ('Tòa soạn', 'Quảng cáo', 'Ban biên "
                               "tập') ORDER BY id) AS a");
  EXPECT_EQ(audit.at(0).at(0), "Tòa soạn|Quảng cáo|Ban biên tập");
}

TEST_F(StaticPages, TheDemoJournalHasItsOwnPagesInEachEditionsFooter) {
  const std::string vi = footer(public_page("/"));
  EXPECT_LT(vi.find("href=\"/page/gioi-thieu\">Giới thiệu"),
            vi.find("href=\"/page/lien-he\">Liên hệ"));
  EXPECT_NE(vi.find("href=\"/page/lien-he\">Liên hệ"), std::string::npos) << vi;
  const std::string en = footer(public_page("/en/"));
  EXPECT_NE(en.find("href=\"/en/page/about-us\">About us"), std::string::npos) << en;
  EXPECT_NE(public_page("/en/page/contact").find("newsroom@tapchi.example"), std::string::npos);
  // Written once by the demo, with its revision.
  EXPECT_EQ(query(dir_->path() / "data" / "tapchi.db",
                  "SELECT COUNT(*) || ':' || MIN(r.note) FROM static_page_revisions r JOIN "
                  "static_pages p ON p.id = r.page_id WHERE p.slug = 'gioi-thieu'")
                .at(0)
                .at(0),
            "1:demo");
}

TEST_F(StaticPages, OnlyEditorsAndAdminsKeepPages) {
  const Who writer = as("writer@example.org");
  EXPECT_EQ(get("/admin/pages", writer.session).value().status, 403);
  EXPECT_EQ(get("/admin/pages/new", writer.session).value().status, 403);
  EXPECT_EQ(add(writer, "title=Mine&body=x&published=1").status, 403);
  const Who author = as("target@example.org");
  EXPECT_EQ(add(author, "title=Mine&body=x&published=1").status, 403);
  EXPECT_EQ(request(port(), "GET", "/page/mine").value().status, 404);
  // Without the form's token nothing is saved.
  const Who editor = as("changer@example.org");
  const auto forged = request(port(), "POST", "/admin/pages/new",
                              kForm + "Cookie: tapchi_session=" + editor.session + "\r\n",
                              "edition=" + edition_id() + "&title=Forged&body=x&published=1");
  EXPECT_EQ(forged.value().status, 403);
  EXPECT_EQ(request(port(), "GET", "/page/forged").value().status, 404);
}

TEST_F(StaticPages, AFormWithMistakesSaysWhatIsWrongAndKeepsWhatWasTyped) {
  const Who editor = as("changer@example.org");
  const auto blank = add(editor, "title=+&body=" + encoded("Giữ chữ này") + "&footer_position=abc");
  EXPECT_EQ(blank.status, 422);
  EXPECT_NE(blank.body.find("A page needs a title."), std::string::npos);
  EXPECT_NE(blank.body.find("A whole number from 1 to 99, or nothing."), std::string::npos);
  EXPECT_NE(blank.body.find(">Giữ chữ này</textarea>"), std::string::npos);
  EXPECT_NE(blank.body.find("aria-invalid=\"true\""), std::string::npos);
  ASSERT_EQ(add(editor, "title=Contact+us&body=x").status, 303);
  const auto taken = add(editor, "title=Contact+us&body=y");
  EXPECT_EQ(taken.status, 422);
  EXPECT_NE(taken.body.find("Another page, Contact us, has this address."), std::string::npos)
      << taken.body;
  // A text past the form's size limit is refused before it is read.
  const auto huge = add(editor, "title=Huge&body=" + std::string(600 * 1024, 'a'));
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(query(dir_->path() / "data" / "tapchi.db",
                  "SELECT COUNT(*) FROM static_pages WHERE slug IN ('huge', '')")
                .at(0)
                .at(0),
            "0");
}

TEST_F(StaticPages, RevisionsKeepEverySaveAndAStaleSaveOverwritesNothing) {
  const Who editor = as("changer@example.org");
  const Who boss = as("boss@example.org");
  const auto made = add(editor, "title=Editorial+board&body=First+text&published=1");
  ASSERT_EQ(made.status, 303);
  const std::string path = first_match(made.header("location"), R"((/admin/pages/\d+))");
  ASSERT_FALSE(path.empty());
  const std::string edition = edition_id();
  // Two people open version 1; the first to save wins, the second is told and loses nothing.
  ASSERT_EQ(post(boss, path, "version=1&title=Editorial+board&body=Second+text&published=1").status,
            303);
  const auto stale = post(editor, path, "version=1&title=Editorial+board&body=Mine&published=1");
  EXPECT_EQ(stale.status, 409);
  EXPECT_NE(stale.body.find("It is now at version 2"), std::string::npos) << stale.body;
  EXPECT_NE(stale.body.find(">Mine</textarea>"), std::string::npos);
  EXPECT_NE(public_page("/page/editorial-board").find("Second text"), std::string::npos);

  // The revisions list both saves; restoring the first brings its text back to readers.
  const std::string list = get(path + "/revisions", editor.session).value().body;
  const std::string first = first_match(
      list,
      R"re(href="(/admin/page-revisions/\d+)"[^<]*</a></td>\s*<td><time[^<]*</time></td><td>[^<]*</td><td>1</td>)re");
  ASSERT_FALSE(first.empty()) << list;
  const auto shown = get(first, editor.session).value();
  EXPECT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("First text"), std::string::npos);
  const auto restored = post(editor, first + "/restore", "");
  ASSERT_EQ(restored.status, 303);
  EXPECT_NE(restored.header("location").find("done=page_restored"), std::string::npos);
  EXPECT_NE(public_page("/page/editorial-board").find("First text"), std::string::npos);
  EXPECT_NE(get(path + "/revisions", editor.session).value().body.find("restored revision"),
            std::string::npos);

  // Unpublished, readers no longer find it; deleted, it is gone with its revisions.
  ASSERT_EQ(post(editor, path, "version=3&title=Editorial+board&body=First+text").status, 303);
  EXPECT_EQ(request(port(), "GET", "/page/editorial-board").value().status, 404);
  const auto deleted = post(editor, path + "/delete", "");
  ASSERT_EQ(deleted.status, 303);
  EXPECT_EQ(deleted.header("location"), "/admin/pages?edition=" + edition + "&done=page_deleted");
  EXPECT_EQ(get(path, editor.session).value().status, 404);
  EXPECT_EQ(get(first, editor.session).value().status, 404);
}

}  // namespace
}  // namespace tapchi::testing
