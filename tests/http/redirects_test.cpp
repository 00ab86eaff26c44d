// Redirects kept by hand in the back office: an old address answers 301 to the page it names,
// followed by id; mistakes are refused with what is wrong.
#include <thread>
#include <tuple>

#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

class Redirects : public Admin {
 protected:
  static std::string db_value(const std::string& sql) {
    const auto rows = query(dir_->path() / "data" / "tapchi.db", sql);
    return rows.empty() || rows[0].empty() ? "" : rows[0][0];
  }
  static HttpResponse add(const Who& w, const std::string& from, const std::string& to) {
    return post(w, "/admin/redirects", "from=" + encoded(from) + "&to=" + encoded(to));
  }
};

TEST_F(Redirects, AnOldAddressLeadsToTheArticleItNamesEvenAfterItsAddressChanges) {
  const Who editor = as("changer@example.org");
  const std::string id = db_value(
      "SELECT id FROM articles WHERE status = 'published' AND edition_id = (SELECT id FROM "
      "editions WHERE code = 'vi') ORDER BY id LIMIT 1");
  const std::string slug = db_value("SELECT slug FROM articles WHERE id = " + id);
  const std::string article = "/" + slug + "-" + id + ".html";
  ASSERT_EQ(request(port(), "GET", "/2019/08/old-title/").value().status, 404);
  // A whole URL of the old site, with its tracking query and trailing slash, is its path.
  const auto added = add(editor, "https://old.example/2019/08/old-title/?utm_source=x", article);
  ASSERT_EQ(added.status, 303) << added.body;
  EXPECT_EQ(added.header("location"), "/admin/redirects?done=redirect_saved");
  EXPECT_EQ(db_value("SELECT target_kind || ':' || target_id FROM redirects WHERE path = "
                     "'/2019/08/old-title'"),
            "article:" + id);
  for (const char* asked :
       {"/2019/08/old-title/", "/2019/08/old-title", "/2019/08/old-title/?x=1"}) {
    const auto r = request(port(), "GET", asked).value();
    EXPECT_EQ(r.status, 301) << asked;
    EXPECT_EQ(r.header("location"), "http://journal.test" + article) << asked;
  }
  // The article's address changes: the old address follows it.
  query(dir_->path() / "data" / "tapchi.db",
        "UPDATE articles SET slug = 'renamed-by-hand' WHERE id = " + id);
  // (Written behind the server's back: it notices within its watch interval. On PostgreSQL a
  // writer tells the nodes what it changed, as every tapchi process does.)
  if (is_on_postgres()) {
    query(dir_->path() / "data" / "tapchi.db",
          "INSERT INTO changes (origin, kind, id, edition_id, article_id, translation_key, at) "
          "SELECT 'by-hand', 'article', id, edition_id, 0, '', 0 FROM articles WHERE id = " +
              id + "; NOTIFY tapchi_changes");
  }
  std::string location;
  for (int i = 0; i < 50 && location.find("renamed-by-hand") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    location = request(port(), "GET", "/2019/08/old-title").value().header("location");
  }
  EXPECT_EQ(location, "http://journal.test/renamed-by-hand-" + id + ".html");
  query(dir_->path() / "data" / "tapchi.db",
        "UPDATE articles SET slug = '" + slug + "' WHERE id = " + id);

  // Another site's page, as given; the list shows both, the search finds one.
  ASSERT_EQ(add(editor, "/ads", "https://example.org/advertise?from=journal").status, 303);
  const auto ads = request(port(), "GET", "/ads").value();
  EXPECT_EQ(ads.status, 301);
  EXPECT_EQ(ads.header("location"), "https://example.org/advertise?from=journal");
  const std::string list = get("/admin/redirects", editor.session).value().body;
  EXPECT_NE(list.find("<code>/2019/08/old-title</code>"), std::string::npos) << list;
  EXPECT_NE(list.find("<code>/ads</code>"), std::string::npos);
  // Each row's delete button posts the session's token with its old address.
  EXPECT_NE(list.find("name=\"csrf\" value=\"" + editor.csrf +
                      "\"><input type=\"hidden\" name=\"from\" value=\"/ads\">"),
            std::string::npos)
      << list;
  const std::string found = get("/admin/redirects?q=old-title", editor.session).value().body;
  EXPECT_NE(found.find("/2019/08/old-title"), std::string::npos);
  EXPECT_EQ(found.find("<code>/ads</code>"), std::string::npos);

  // Deleted, the old address is unknown again; both changes are audited.
  ASSERT_EQ(post(editor, "/admin/redirects/delete", "from=%2Fads").status, 303);
  EXPECT_EQ(request(port(), "GET", "/ads").value().status, 404);
  EXPECT_EQ(post(editor, "/admin/redirects/delete", "from=%2Fads").status, 404);
  EXPECT_EQ(db_value("SELECT COUNT(*) FROM audit_log WHERE subject = 'redirect /ads'"), "2");
}

TEST_F(Redirects, MistakesAreRefusedWithWhatIsWrong) {
  const Who editor = as("changer@example.org");
  const std::string section = db_value("SELECT slug FROM sections ORDER BY id LIMIT 1");
  const std::string kept = db_value("SELECT COUNT(*) FROM redirects");
  const std::vector<std::tuple<std::string, std::string, std::string>> wrong{
      {"/", "/section/" + section, "The front page cannot lead elsewhere."},
      {"no path", "/section/" + section, "An old address is a path"},
      {"/a/../b", "/section/" + section, "An old address is a path"},
      {"/section/" + section, "https://example.org/", "This address is a page of the journal"},
      {"/old", "/section/no-such-section", "This journal has no page at /section/no-such-section."},
      {"/old", "javascript:alert(1)", "Give a page of this journal"},
      {"/old", "//evil.example/", "Give a page of this journal"},
      {"/old", "https://", "Give a page of this journal"},
      {"/old", "/old/", "An address cannot lead to itself."},
  };
  for (const auto& [from, to, says] : wrong) {
    const auto r = add(editor, from, to);
    EXPECT_EQ(r.status, 422) << from << " → " << to;
    EXPECT_NE(r.body.find(says), std::string::npos) << from << " → " << to << "\n" << r.body;
    EXPECT_NE(r.body.find("aria-invalid=\"true\""), std::string::npos);
  }
  EXPECT_EQ(db_value("SELECT COUNT(*) FROM redirects"), kept);
  // Contributors and authors keep no redirects.
  for (const char* who : {"writer@example.org", "target@example.org"}) {
    const Who w = as(who);
    EXPECT_EQ(get("/admin/redirects", w.session).value().status, 403) << who;
    EXPECT_EQ(add(w, "/x", "https://example.org/").status, 403) << who;
  }
  EXPECT_EQ(db_value("SELECT COUNT(*) FROM redirects"), kept);
}

}  // namespace
}  // namespace tapchi::testing
