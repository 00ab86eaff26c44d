// Site settings, tags and authors in the back office, on the real binary: who may change them,
// errors beside the field, and changes that reach the public pages at once.
#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

class Settings : public Admin {
 protected:
  // The settings form as the admin sees it, with `changes` applied ("name=value&…", encoded).
  static std::string settings_body(const Who& w,
                                   const std::map<std::string, std::string>& changes) {
    const std::string html = get("/admin/settings", w.session).value().body;
    std::map<std::string, std::string> values;
    static const std::regex input(
        R"re(<input id="([a-z_0-9]+)" name="[a-z_0-9]+" type="text"[^>]*value="([^"]*)")re");
    for (std::sregex_iterator it(html.begin(), html.end(), input), end; it != end; ++it) {
      values[(*it)[1]] = (*it)[2];
    }
    values["policy"] = first_match(html, R"re(<option value="([a-z]+)" selected>)re");
    for (const auto& [key, value] : changes) {
      values[key] = value;
    }
    std::string body;
    for (const auto& [key, value] : values) {
      body += (body.empty() ? "" : "&") + key + "=" + encoded(value);
    }
    return body;
  }
  // The first tag of the default edition that articles carry, from the editor's tag list.
  struct TagRow {
    std::string id, name, href, count;
  };
  static TagRow used_tag(const std::string& list) {
    std::smatch m;
    const bool found = std::regex_search(
        list, m,
        std::regex(
            R"re(<a href="/admin/tags/(\d+)">([^<]+)</a></td><td><code>([^<]+)</code></td><td>([1-9]\d*)</td>)re"));
    EXPECT_TRUE(found) << list.substr(0, 2000);
    return found ? TagRow{m[1], m[2], m[3], m[4]} : TagRow{};
  }
  static std::string audit_log(const Who& admin) {
    return get("/admin/audit", admin.session).value().body;
  }
};

TEST_F(Settings, OnlyAdminsSeeOrChangeThem) {
  const Who editor = as("changer@example.org");
  EXPECT_EQ(get("/admin/settings", editor.session)->status, 403);
  const Who admin = as("boss@example.org");
  const std::string body = settings_body(admin, {{"site_name", "Forged"}});
  EXPECT_EQ(post(editor, "/admin/settings", body).status, 403);
  Who forged = admin;
  forged.csrf = "not-the-token";
  EXPECT_EQ(post(forged, "/admin/settings", body).status, 403);
  EXPECT_EQ(get("/admin/settings", admin.session)->body.find("Forged"), std::string::npos);
  EXPECT_EQ(audit_log(admin).find("<td>settings</td>"), std::string::npos);
  // Editors have no menu entry for it; admins do.
  EXPECT_EQ(get("/admin/", editor.session)->body.find("/admin/settings"), std::string::npos);
  EXPECT_NE(get("/admin/", admin.session)->body.find("/admin/settings"), std::string::npos);
}

TEST_F(Settings, ANameAndAZoneReachEveryPageAtOnce) {
  const Who admin = as("boss@example.org");
  const std::string before = request(port(), "GET", "/en/").value().body;
  ASSERT_NE(before.find("GMT+7"), std::string::npos);  // the configured Asia/Ho_Chi_Minh
  const auto saved = post(
      admin, "/admin/settings",
      settings_body(
          admin, {{"time_zone", "America/Argentina/Buenos_Aires"},
                  {"edition_" + first_match(get("/admin/settings", admin.session)->body,
                                            R"re(id="edition_(\d+)"[^>]*value="Test Journal")re"),
                   "The Morning Ledger"},
                  {"site_name", "Sông Hồng Media"}}));
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 3000);
  const std::string after = request(port(), "GET", "/en/").value().body;
  EXPECT_NE(after.find("The Morning Ledger"), std::string::npos);
  EXPECT_EQ(after.find("Test Journal"), std::string::npos);
  EXPECT_NE(after.find("GMT-3"), std::string::npos);
  EXPECT_EQ(after.find("GMT+7"), std::string::npos);
  // The back office speaks of the new name, and the log says what changed.
  EXPECT_NE(get("/admin/", admin.session)->body.find("Sông Hồng Media"), std::string::npos);
  const std::string log = audit_log(admin);
  EXPECT_NE(log.find("site.time_zone: Asia/Ho_Chi_Minh → America/Argentina/Buenos_Aires"),
            std::string::npos);
  EXPECT_NE(log.find("edition en: The Morning Ledger"), std::string::npos);
  // Saved settings survive a restart: they live in the database, not the process.
  delete server_;
  server_ = new ServerProcess(config_);
  EXPECT_NE(request(port(), "GET", "/en/").value().body.find("GMT-3"), std::string::npos);
}

TEST_F(Settings, MistakesAreShownBesideTheFieldWithWhatWasTyped) {
  const Who admin = as("boss@example.org");
  const auto r = post(admin, "/admin/settings",
                      settings_body(admin, {{"time_zone", "Mars/Olympus_Mons"},
                                            {"close_after_days", "ten"},
                                            {"site_name", "Kept <as typed>"}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find(R"(id="time_zone-error")"), std::string::npos);
  EXPECT_NE(r.body.find(R"(id="close_after_days-error")"), std::string::npos);
  EXPECT_NE(r.body.find(R"(value="Mars/Olympus_Mons")"), std::string::npos);
  EXPECT_NE(r.body.find("Kept &lt;as typed&gt;"), std::string::npos);
  // Nothing was saved.
  EXPECT_NE(request(port(), "GET", "/en/").value().body.find("GMT+7"), std::string::npos);
  const auto policy = post(admin, "/admin/settings", settings_body(admin, {{"policy", "anarchy"}}));
  EXPECT_EQ(policy.status, 422);
  EXPECT_NE(policy.body.find(R"(id="policy-error")"), std::string::npos);
}

TEST_F(Settings, EditorsRenameATagAndReadersSeeItAtItsNewAddress) {
  const Who author = as("target@example.org");
  EXPECT_EQ(get("/admin/tags", author.session)->status, 403);
  const Who editor = as("changer@example.org");
  const std::string list = get("/admin/tags", editor.session).value().body;
  const auto [id, name, href, count] = used_tag(list);
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(request(port(), "GET", href).value().status, 200);
  EXPECT_EQ(post(author, "/admin/tags/" + id, "name=Stolen&slug=").status, 403);

  const auto renamed =
      post(editor, "/admin/tags/" + id, "name=" + encoded("Đường sắt Bắc Nam") + "&slug=");
  ASSERT_EQ(renamed.status, 303) << renamed.body.substr(0, 2000);
  EXPECT_EQ(request(port(), "GET", href).value().status, 404);
  const auto page = request(port(), "GET", "/tag/duong-sat-bac-nam").value();
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Đường sắt Bắc Nam"), std::string::npos);

  // Another tag may not take the address.
  std::string other;
  static const std::regex link(R"re(<a href="/admin/tags/(\d+)">)re");
  for (std::sregex_iterator it(list.begin(), list.end(), link), end; it != end; ++it) {
    if ((*it)[1] != id) {
      other = (*it)[1];
      break;
    }
  }
  ASSERT_FALSE(other.empty());
  const auto clash = post(editor, "/admin/tags/" + other, "name=Twin&slug=duong-sat-bac-nam");
  EXPECT_EQ(clash.status, 422);
  EXPECT_NE(clash.body.find("Đường sắt Bắc Nam, has this address"), std::string::npos);
  EXPECT_NE(clash.body.find(R"(value="Twin")"), std::string::npos);
}

TEST_F(Settings, DeletingATagTakesItOffItsArticlesAndIsLogged) {
  const Who editor = as("changer@example.org");
  const std::string list = get("/admin/tags", editor.session).value().body;
  const auto [id, name, href, count] = used_tag(list);
  ASSERT_FALSE(id.empty());
  // An article that carries it, from the public tag page.
  const std::string tag_page = request(port(), "GET", href).value().body;
  const std::string article =
      first_match(tag_page, R"re(href="((?:/en)?/[a-z0-9-]+-\d+\.html)")re");
  ASSERT_FALSE(article.empty());
  ASSERT_NE(request(port(), "GET", article).value().body.find(href), std::string::npos);

  const Who writer = as("writer@example.org");
  EXPECT_EQ(post(writer, "/admin/tags/" + id + "/delete", "").status, 403);
  const auto deleted = post(editor, "/admin/tags/" + id + "/delete", "");
  ASSERT_EQ(deleted.status, 303);
  EXPECT_EQ(request(port(), "GET", href).value().status, 404);
  EXPECT_EQ(request(port(), "GET", article).value().body.find(href), std::string::npos);
  EXPECT_EQ(get("/admin/tags/" + id, editor.session)->status, 404);
  const Who admin = as("boss@example.org");
  EXPECT_NE(get("/admin/audit", admin.session)->body.find("removed from " + count + " articles"),
            std::string::npos);
  EXPECT_NE(get("/admin/audit", admin.session)->body.find("tag " + name), std::string::npos);
}

TEST_F(Settings, EditorsKeepAuthorsWithPositionBioAndPhoto) {
  const Who contributor = as("writer@example.org");
  EXPECT_EQ(get("/admin/authors", contributor.session)->status, 403);
  const Who editor = as("changer@example.org");
  const std::string list = get("/admin/authors", editor.session).value().body;
  const std::string edition = first_match(list, R"re(/admin/authors/new\?edition=(\d+))re");
  ASSERT_FALSE(edition.empty());
  EXPECT_EQ(post(contributor, "/admin/authors/new?edition=" + edition, "name=Me").status, 403);

  // A new author; then a mistake kept beside its field.
  const auto added = post(editor, "/admin/authors/new?edition=" + edition,
                          "name=" + encoded("Trần Thị Hoa") +
                              "&slug=&position=" + encoded("Phóng viên thường trú tại Huế") +
                              "&bio=" + encoded("Viết về di sản.") + "&photo=0");
  ASSERT_EQ(added.status, 303) << added.body.substr(0, 2000);
  const std::string after = get("/admin/authors", editor.session).value().body;
  const std::string id =
      first_match(after, R"re(<a href="/admin/authors/(\d+)">Trần Thị Hoa</a>)re");
  ASSERT_FALSE(id.empty());
  EXPECT_NE(after.find("Phóng viên thường trú tại Huế"), std::string::npos);
  const auto twin = post(editor, "/admin/authors/new?edition=" + edition,
                         "name=" + encoded("Tran Thi Hoa") + "&slug=&position=&bio=&photo=0");
  EXPECT_EQ(twin.status, 422);
  EXPECT_NE(twin.body.find(R"(id="slug-error")"), std::string::npos);
  const auto long_bio =
      post(editor, "/admin/authors/" + id,
           "name=" + encoded("Trần Thị Hoa") +
               "&slug=tran-thi-hoa&position=&bio=" + std::string(2001, 'x') + "&photo=0");
  EXPECT_EQ(long_bio.status, 422);
  EXPECT_NE(long_bio.body.find(R"(id="bio-error")"), std::string::npos);

  // An existing author of a published article: the new position reaches the byline at once.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      list, m,
      std::regex(
          R"re(<a href="/admin/authors/(\d+)">([^<]+)</a></td><td>[^<]*</td><td>[^<]*</td><td><code>([^<]+)</code>)re")));
  const std::string author_id = m[1], author_name = m[2], author_href = m[3];
  const std::string author_page = request(port(), "GET", author_href).value().body;
  const std::string article =
      first_match(author_page, R"re(href="((?:/en)?/[a-z0-9-]+-\d+\.html)")re");
  ASSERT_FALSE(article.empty());
  const auto edited = post(editor, "/admin/authors/" + author_id,
                           "name=" + encoded(author_name) +
                               "&slug=&position=" + encoded("Tổng biên tập") + "&bio=&photo=0");
  ASSERT_EQ(edited.status, 303) << edited.body.substr(0, 2000);
  EXPECT_NE(request(port(), "GET", article).value().body.find("Tổng biên tập"), std::string::npos);
}

}  // namespace
}  // namespace tapchi::testing
