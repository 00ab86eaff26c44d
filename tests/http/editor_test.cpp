// The article editor on the real binary: each role's rights, the publishing workflow, stale
// saves, revisions, scheduling and preview.
#include <cctype>
#include <chrono>
#include <ctime>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

class Editor : public Admin {
 protected:
  // The English edition's id, from the article list's "New article" links (the second edition).
  static std::string english(const Who& w) {
    const std::string list = get("/admin/articles", w.session).value().body;
    static const std::regex link(R"(/admin/articles/new\?edition=(\d+))");
    std::sregex_iterator it(list.begin(), list.end(), link);
    ++it;
    return (*it)[1];
  }

  // Writes a new English article; returns its id, or "" with the answer's status in the log.
  static std::string write(const Who& w, const std::string& title, const std::string& extra = {}) {
    const auto r = post(w, "/admin/articles/new",
                        "edition=" + english(w) + "&action=save&title=" + encoded(title) +
                            "&lead=A+lead.&body=" + encoded("First paragraph.\n\nSecond.") +
                            "&comments_open=1" + extra);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 2000);
    return first_match(r.header("location"), R"(^/admin/articles/(\d+)\?done=)");
  }

  static std::string editor(const Who& w, const std::string& id) {
    return get("/admin/articles/" + id, w.session).value().body;
  }
  static std::string version(const std::string& html) {
    return first_match(html, R"re(name="version" value="(\d+)")re");
  }
  static std::string status(const std::string& html) {
    return first_match(html, R"re(Status: <span class="status status-(\w+)")re");
  }
  // Saves the editor's fields again with `changes` appended (later fields win for single ones).
  static HttpResponse save(const Who& w, const std::string& id, const std::string& action,
                           const std::string& base_version, const std::string& changes) {
    return post(w, "/admin/articles/" + id,
                "version=" + base_version + "&action=" + action + "&edition=" + english(w) +
                    "&comments_open=1" + changes);
  }
  // The writing view's automatic save of article `id` (or "new"); its status and JSON answer.
  static std::pair<int, nlohmann::json> autosave(const Who& w, const std::string& id,
                                                 const std::string& fields) {
    const auto r = post(w, "/admin/articles/" + id + "/autosave", fields);
    EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8") << r.body;
    return {r.status, nlohmann::json::parse(r.body, nullptr, false)};
  }
  static int count_of(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
      ++n;
    }
    return n;
  }
  static int public_status(const std::string& id, const std::string& slug) {
    return request(port(), "GET", "/en/" + slug + "-" + id + ".html").value().status;
  }
};

TEST_F(Editor, AContributorWritesAndSubmitsButAForgedPublishIsRefused) {
  const Who writer = as("writer@example.org");
  const std::string id = write(writer, "Night patrol on the river");
  ASSERT_FALSE(id.empty());
  std::string html = editor(writer, id);
  EXPECT_EQ(status(html), "draft");
  EXPECT_NE(html.find(R"(value="night-patrol-on-the-river")"), std::string::npos)
      << "the address is made from the title";
  EXPECT_EQ(html.find(R"(value="publish")"), std::string::npos) << "no publish button";

  auto r = save(writer, id, "submit", version(html), "&title=Night+patrol+on+the+river");
  ASSERT_EQ(r.status, 303);
  html = editor(writer, id);
  EXPECT_EQ(status(html), "review");

  // The publish button is not there, but the request can be forged.
  r = save(writer, id, "publish", version(html), "&title=Night+patrol+on+the+river");
  EXPECT_EQ(r.status, 403);
  html = editor(writer, id);
  EXPECT_EQ(status(html), "review") << "nothing changed";
  EXPECT_EQ(public_status(id, "night-patrol-on-the-river"), 404);

  // An editor publishes it; readers see it.
  const Who editor_user = as("changer@example.org");
  html = editor(editor_user, id);
  r = save(editor_user, id, "publish", version(html), "&title=Night+patrol+on+the+river");
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  EXPECT_EQ(public_status(id, "night-patrol-on-the-river"), 200);
  // Once published, it is no longer the contributor's to change.
  EXPECT_EQ(get("/admin/articles/" + id, writer.session)->status, 403);
  r = save(writer, id, "save", version(editor(editor_user, id)), "&title=Changed");
  EXPECT_EQ(r.status, 403);
  const auto log = get("/admin/audit", as("boss@example.org").session).value().body;
  EXPECT_NE(log.find("article " + id), std::string::npos);
  EXPECT_NE(log.find(">publish<"), std::string::npos);
}

TEST_F(Editor, AnAuthorPublishesTheirOwnButNotOthers) {
  const Who author = as("target@example.org");
  const std::string id = write(author, "Field kitchens feed a brigade");
  ASSERT_FALSE(id.empty());
  auto r =
      save(author, id, "publish", version(editor(author, id)),
           "&title=Field+kitchens+feed+a+brigade&tags=" + encoded("logistics, Field kitchens"));
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(public_status(id, "field-kitchens-feed-a-brigade"), 200);
  // The tag typed for the first time exists now and lists the article.
  const auto tag = request(port(), "GET", "/en/tag/field-kitchens").value();
  EXPECT_EQ(tag.status, 200);
  EXPECT_NE(tag.body.find("Field kitchens feed a brigade"), std::string::npos);

  const Who writer = as("writer@example.org");
  const std::string others = write(writer, "A contributor's piece");
  EXPECT_EQ(get("/admin/articles/" + others, author.session)->status, 403);
  r = save(author, others, "publish", "1", "&title=Taken");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(status(editor(writer, others)), "draft");
}

TEST_F(Editor, AStaleSaveIsRefusedAndBothTextsAreKept) {
  const Who lan = as("changer@example.org");
  const Who minh = as("moderator@example.org");
  const std::string id = write(lan, "Border guards in the rain");
  const std::string opened = version(editor(lan, id));
  ASSERT_EQ(version(editor(minh, id)), opened);

  auto r = save(lan, id, "save", opened,
                "&title=Border+guards+in+the+rain&body=" + encoded("Lan's paragraph."));
  ASSERT_EQ(r.status, 303);
  r = save(minh, id, "save", opened,
           "&title=Border+guards+in+the+rain&body=" + encoded("Minh's paragraph."));
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("Not saved: someone else saved this article"), std::string::npos);
  EXPECT_NE(r.body.find("Minh&apos;s paragraph.</textarea>"), std::string::npos)
      << "what was typed stays in the form";
  const std::string kept = first_match(r.body, R"(/admin/revisions/(\d+))");
  ASSERT_FALSE(kept.empty());

  const std::string now = editor(lan, id);
  EXPECT_NE(now.find("Lan&apos;s paragraph.</textarea>"), std::string::npos)
      << "the other save is not overwritten";
  const auto revision = get("/admin/revisions/" + kept, minh.session).value();
  EXPECT_EQ(revision.status, 200);
  EXPECT_NE(revision.body.find("− Minh&apos;s paragraph."), std::string::npos);
  EXPECT_NE(revision.body.find("+ Lan&apos;s paragraph."), std::string::npos);
}

TEST_F(Editor, RevisionsAreKeptDiffedAndRestored) {
  const Who lan = as("changer@example.org");
  const std::string id = write(lan, "Cadets graduate");
  auto r = save(lan, id, "save", version(editor(lan, id)),
                "&title=Cadets+graduate+in+Da+Lat&body=" + encoded("Rewritten text."));
  ASSERT_EQ(r.status, 303);
  const auto list = get("/admin/articles/" + id + "/revisions", lan.session).value();
  ASSERT_EQ(list.status, 200);
  std::vector<std::string> ids;
  const std::regex link(R"re(/admin/revisions/(\d+)">Revision)re");
  for (std::sregex_iterator it(list.body.begin(), list.body.end(), link), end; it != end; ++it) {
    ids.push_back((*it)[1]);
  }
  ASSERT_EQ(ids.size(), 2u) << "one revision per save";
  const std::string first = ids.back();
  const auto shown = get("/admin/revisions/" + first, lan.session).value();
  EXPECT_NE(shown.body.find("− # Cadets graduate"), std::string::npos);
  EXPECT_NE(shown.body.find("+ # Cadets graduate in Da Lat"), std::string::npos);
  EXPECT_NE(shown.body.find("+ Rewritten text."), std::string::npos);

  EXPECT_EQ(request(port(), "POST", "/admin/revisions/" + first + "/restore",
                    kForm + "Cookie: tapchi_session=" + lan.session + "\r\n", "csrf=forged")
                ->status,
            403);
  r = post(lan, "/admin/revisions/" + first + "/restore", "");
  ASSERT_EQ(r.status, 303);
  const std::string html = editor(lan, id);
  EXPECT_NE(html.find(R"(value="Cadets graduate")"), std::string::npos);
  EXPECT_NE(html.find("First paragraph."), std::string::npos);
  EXPECT_NE(get("/admin/articles/" + id + "/revisions", lan.session)
                ->body.find("restored revision " + first),
            std::string::npos);
}

TEST_F(Editor, AScheduledArticleAppearsAtItsTimeWithoutARestart) {
  const Who lan = as("changer@example.org");
  const std::string id = write(lan, "Dawn drill on the coast");
  // Three seconds from now, on the site's clock (Asia/Ho_Chi_Minh, UTC+7, no daylight saving).
  const std::time_t when = std::time(nullptr) + 3 + 7 * 3600;
  std::tm fields{};
  gmtime_r(&when, &fields);
  char local[32];
  std::strftime(local, sizeof local, "%Y-%m-%dT%H:%M:%S", &fields);
  auto r = save(lan, id, "publish", version(editor(lan, id)),
                "&title=Dawn+drill+on+the+coast&publish_at=" + std::string(local));
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  EXPECT_NE(r.header("location").find("done=scheduled"), std::string::npos);
  EXPECT_NE(
      get(r.header("location"), lan.session).value().body.find("Scheduled: readers see it from "),
      std::string::npos);
  EXPECT_EQ(status(editor(lan, id)), "scheduled");
  EXPECT_EQ(public_status(id, "dawn-drill-on-the-coast"), 404);
  int seen = 404;
  for (int i = 0; i < 100 && seen != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
    seen = public_status(id, "dawn-drill-on-the-coast");
  }
  EXPECT_EQ(seen, 200);
  const auto front = request(port(), "GET", "/en/").value();
  EXPECT_NE(front.body.find("Dawn drill on the coast"), std::string::npos);
}

TEST_F(Editor, ErrorsAreShownBesideTheFieldsKeepingWhatWasTyped) {
  const Who lan = as("changer@example.org");
  auto r = post(lan, "/admin/articles/new",
                "edition=" + english(lan) + "&action=save&title=&lead=" + encoded("Kept lead") +
                    "&publish_at=tomorrow");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find(R"(id="title-error")"), std::string::npos);
  EXPECT_NE(r.body.find(R"(id="publish-at-error")"), std::string::npos);
  EXPECT_NE(r.body.find("Kept lead</textarea>"), std::string::npos);

  const std::string id = write(lan, "Same address");
  ASSERT_FALSE(id.empty());
  r = post(lan, "/admin/articles/new",
           "edition=" + english(lan) + "&action=save&title=Other&slug=same-address");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find(R"(id="slug-error")"), std::string::npos);
  EXPECT_NE(r.body.find(R"(value="Other")"), std::string::npos);
}

TEST_F(Editor, PreviewUsesThePublicPageAndSavesNothing) {
  const Who writer = as("writer@example.org");
  const std::string before = get("/admin/articles?q=Preview+only", writer.session)->body;
  const auto r = post(
      writer, "/admin/articles/preview",
      "edition=" + english(writer) +
          "&id=0&title=Preview+only&lead=The+lead&body=" + encoded("## Heading\n\nSome *text*."));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("cache-control"), "no-store");
  EXPECT_NE(r.body.find("Preview only"), std::string::npos);
  EXPECT_NE(r.body.find("<em>text</em>"), std::string::npos);
  EXPECT_NE(r.body.find(R"(<html lang="en")"), std::string::npos) << "the public layout";
  EXPECT_NE(get("/admin/articles?q=Preview+only", writer.session)->body.find("No article matches."),
            std::string::npos);
  (void)before;
}

TEST_F(Editor, DeletingIsForPublishersAndAudited) {
  const Who writer = as("writer@example.org");
  const std::string id = write(writer, "To be deleted");
  EXPECT_EQ(post(writer, "/admin/articles/" + id + "/delete", "").status, 403);
  const Who lan = as("changer@example.org");
  const auto r = post(lan, "/admin/articles/" + id + "/delete", "");
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(get("/admin/articles/" + id, lan.session)->status, 404);
  const auto log = get("/admin/audit", as("boss@example.org").session).value().body;
  EXPECT_NE(log.find("To be deleted"), std::string::npos);
}

// The article list once showed a contributor every draft, review and embargoed article.
TEST_F(Editor, AContributorListsOnlyTheirOwnWorkAndPublishedArticles) {
  const Who writer = as("writer@example.org");
  const Who lan = as("changer@example.org");
  ASSERT_FALSE(write(writer, "Contributor own draft").empty());
  ASSERT_FALSE(write(lan, "Editor unpublished draft").empty());
  const std::string theirs = get("/admin/articles?q=draft", writer.session).value().body;
  EXPECT_NE(theirs.find("Contributor own draft"), std::string::npos) << theirs;
  EXPECT_EQ(theirs.find("Editor unpublished draft"), std::string::npos);
  const std::string published = get("/admin/articles", writer.session).value().body;
  EXPECT_NE(published.find("status-published"), std::string::npos);
  const std::string editors = get("/admin/articles?q=draft", lan.session).value().body;
  EXPECT_NE(editors.find("Editor unpublished draft"), std::string::npos);
  EXPECT_NE(editors.find("Contributor own draft"), std::string::npos);
}

// "Translation of" once rewrote the other article without asking whether its author might, past
// its version check, and without a trace.
TEST_F(Editor, LinkingATranslationNeedsRightsOnBothAndLeavesARevisionAndAnAuditLine) {
  const Who lan = as("changer@example.org");
  const std::string list = get("/admin/articles", lan.session).value().body;
  const std::string vietnamese = first_match(list, R"(/admin/articles/new\?edition=(\d+))");
  const auto made =
      post(lan, "/admin/articles/new",
           "edition=" + vietnamese +
               "&action=save&title=B%C3%A0i+g%E1%BB%91c&lead=L.&body=B.&comments_open=1");
  ASSERT_EQ(made.status, 303);
  const std::string original = first_match(made.header("location"), R"(^/admin/articles/(\d+))");
  const std::string before = version(editor(lan, original));

  const Who author = as("target@example.org");
  const auto refused = post(author, "/admin/articles/new",
                            "edition=" + english(author) +
                                "&action=save&title=Translated+story&lead=L.&body=B."
                                "&comments_open=1&translation_of=" +
                                original);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("so you cannot link it"), std::string::npos);
  EXPECT_EQ(version(editor(lan, original)), before) << "the other article is untouched";

  const std::string linked = write(lan, "Translated story", "&translation_of=" + original);
  ASSERT_FALSE(linked.empty());
  EXPECT_EQ(std::stoi(version(editor(lan, original))), std::stoi(before) + 1);
  const std::string revisions =
      get("/admin/articles/" + original + "/revisions", lan.session).value().body;
  EXPECT_NE(revisions.find("linked as the translation of article " + linked), std::string::npos);
  const auto log = get("/admin/audit", as("boss@example.org").session).value().body;
  EXPECT_NE(log.find("translation of article " + original), std::string::npos);
}

TEST_F(Editor, AutomaticSavesKeepTheTextAsARevisionThatPublishesNothing) {
  const Who lan = as("changer@example.org");
  const std::string id = write(lan, "Flood gates at Thac Ba");
  ASSERT_FALSE(id.empty());
  auto r = save(lan, id, "publish", version(editor(lan, id)), "&title=Flood+gates+at+Thac+Ba");
  ASSERT_EQ(r.status, 303);
  std::string html = editor(lan, id);
  const std::string v = version(html);
  const std::string page = "/en/flood-gates-at-thac-ba-" + id + ".html";

  auto [status, saved] = autosave(
      lan, id,
      "version=" + v + "&edition=" + english(lan) +
          "&title=Flood+gates+at+Thac+Ba&lead=A+lead.&body=" + encoded("Half a sentence typed"));
  ASSERT_EQ(status, 200) << saved.dump();
  EXPECT_FALSE(saved["at"].get<std::string>().empty());
  EXPECT_EQ(saved["version"].get<int>(), std::stoi(v));
  // Readers see nothing of it, and the article is at the same version.
  EXPECT_EQ(request(port(), "GET", page).value().body.find("Half a sentence"), std::string::npos);
  html = editor(lan, id);
  EXPECT_EQ(version(html), v);
  // The writer is offered it back, and can open it in the editor to save it.
  const std::string offered =
      first_match(html, R"re(href="(/admin/articles/\d+\?autosave=\d+)")re");
  ASSERT_FALSE(offered.empty()) << "an offer of the automatic save";
  const std::string opened = get(offered, lan.session).value().body;
  EXPECT_NE(opened.find("Half a sentence typed</textarea>"), std::string::npos);
  EXPECT_NE(opened.find("This is your automatic save"), std::string::npos);
  // Another writer is offered nothing of it.
  EXPECT_EQ(editor(as("boss@example.org"), id).find("?autosave="), std::string::npos);

  // Each save replaces the writer's previous one.
  std::tie(status, saved) = autosave(lan, id,
                                     "version=" + v + "&edition=" + english(lan) +
                                         "&title=Flood+gates+at+Thac+Ba&lead=A+lead.&body=" +
                                         encoded("Half a sentence typed, and more"));
  ASSERT_EQ(status, 200);
  const std::string list = get("/admin/articles/" + id + "/revisions", lan.session).value().body;
  EXPECT_EQ(count_of(list, "saved automatically"), 1) << list;

  // The stale-save rule holds: a save typed on an older version is refused and keeps nothing.
  std::tie(status, saved) =
      autosave(lan, id,
               "version=" + std::to_string(std::stoi(v) - 1) + "&edition=" + english(lan) +
                   "&title=Old&lead=Old.&body=Old+text");
  EXPECT_EQ(status, 409);
  EXPECT_NE(saved["message"].get<std::string>().find("version " + v), std::string::npos)
      << saved.dump();
  EXPECT_EQ(count_of(get("/admin/articles/" + id + "/revisions", lan.session).value().body,
                     "saved automatically"),
            1);

  // Saving the article leaves the automatic save behind.
  r = save(lan, id, "save", v,
           "&title=Flood+gates+at+Thac+Ba&lead=A+lead.&body=" +
               encoded("Half a sentence typed, and more"));
  ASSERT_EQ(r.status, 303);
  html = editor(lan, id);
  EXPECT_EQ(html.find("?autosave="), std::string::npos);
  EXPECT_EQ(count_of(get("/admin/articles/" + id + "/revisions", lan.session).value().body,
                     "saved automatically"),
            0);
  EXPECT_NE(request(port(), "GET", page).value().body.find("and more"), std::string::npos);
}

TEST_F(Editor, AFirstAutomaticSaveMakesANewArticleADraftAndRefusalsAreSaidInJson) {
  const Who writer = as("writer@example.org");
  auto [code, answer] =
      autosave(writer, "new",
               "version=0&edition=" + english(writer) + "&title=&lead=&body=Text+without+title");
  EXPECT_EQ(code, 422);
  EXPECT_TRUE(answer["errors"].contains("title")) << answer.dump();

  std::tie(code, answer) = autosave(
      writer, "new",
      "version=0&edition=" + english(writer) + "&title=Ferry+times&lead=&body=Every+hour.");
  ASSERT_EQ(code, 201) << answer.dump();
  EXPECT_EQ(answer["created"], true);
  const std::string id = std::to_string(answer["id"].get<int>());
  const std::string html = editor(writer, id);
  EXPECT_EQ(status(html), "draft");
  EXPECT_EQ(version(html), std::to_string(answer["version"].get<int>()));
  EXPECT_NE(html.find("Every hour.</textarea>"), std::string::npos);

  // Only for the signed in with their form token, and only on articles they may change.
  const auto anonymous = request(port(), "POST", "/admin/articles/" + id + "/autosave", kForm,
                                 "version=1&title=Taken&body=x")
                             .value();
  EXPECT_EQ(anonymous.status, 403);
  EXPECT_EQ(anonymous.header("content-type"), "application/json; charset=utf-8");
  Who forged = writer;
  forged.csrf = "forged";
  EXPECT_EQ(autosave(forged, id, "version=1&title=Taken&body=x").first, 403);
  const Who other = as("target@example.org");
  EXPECT_EQ(autosave(other, id, "version=1&title=Taken&body=x").first, 403);
  EXPECT_EQ(autosave(writer, "999999", "version=1&title=Taken&body=x").first, 404);
}

TEST_F(Editor, EditorsAddAnAuthorToTheBylineInPlaceAndContributorsMayNot) {
  const Who writer = as("writer@example.org");
  const auto refused = post(writer, "/admin/editor/author",
                            "edition=" + english(writer) + "&name=" + encoded("Lê Văn Mới"));
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(editor(writer, write(writer, "A byline")).find(R"(data-may-create-author="false")"),
            std::string::npos);

  const Who lan = as("changer@example.org");
  const auto made = post(lan, "/admin/editor/author",
                         "edition=" + english(lan) + "&name=" + encoded("  Lê Văn Mới "));
  ASSERT_EQ(made.status, 201) << made.body;
  const auto author = nlohmann::json::parse(made.body);
  EXPECT_EQ(author["name"], "Lê Văn Mới");
  const std::string html =
      get("/admin/articles/new?edition=" + english(lan), lan.session).value().body;
  EXPECT_NE(html.find(">Lê Văn Mới</option>"), std::string::npos);
  EXPECT_NE(html.find(R"(data-may-create-author="true")"), std::string::npos);
  const auto empty = post(lan, "/admin/editor/author", "edition=" + english(lan) + "&name=+");
  EXPECT_EQ(empty.status, 422);
  EXPECT_FALSE(nlohmann::json::parse(empty.body)["message"].get<std::string>().empty());
}

TEST_F(Editor, TheWritingViewIsEmbeddedAndItsPreviewMayBeFramedByTheEditorOnly) {
  const Who lan = as("changer@example.org");
  const std::string html =
      get("/admin/articles/new?edition=" + english(lan), lan.session).value().body;
  const std::string script = first_match(html, R"re(src="(/admin/static/editor\.js\?v=\w+)")re");
  ASSERT_FALSE(script.empty());
  const auto zipped = request(port(), "GET", script, "Accept-Encoding: gzip\r\n").value();
  EXPECT_EQ(zipped.status, 200);
  EXPECT_EQ(zipped.header("content-encoding"), "gzip");
  EXPECT_EQ(zipped.header("cache-control"), "private, max-age=31536000, immutable");
  const auto plain = request(port(), "GET", script).value();
  EXPECT_EQ(plain.header("content-encoding"), "");
  EXPECT_NE(plain.body.find("cm-editor"), std::string::npos) << "CodeMirror is in the bundle";
  EXPECT_GT(plain.body.size(), zipped.body.size() * 2);
  EXPECT_EQ(request(port(), "GET", "/admin/static/editor.js?v=old").value().header("cache-control"),
            "no-store");

  // The editor's page lets only its own nonce style it; the preview may be framed by this site.
  const auto page = get("/admin/articles/new?edition=" + english(lan), lan.session).value();
  const std::string nonce = first_match(page.body, R"re(data-style-nonce="([\w-]+)")re");
  ASSERT_FALSE(nonce.empty());
  EXPECT_NE(page.header("content-security-policy").find("'nonce-" + nonce + "'"),
            std::string::npos);
  EXPECT_NE(page.header("content-security-policy").find("frame-ancestors 'none'"),
            std::string::npos);
  const auto again = get("/admin/articles/new?edition=" + english(lan), lan.session).value();
  EXPECT_NE(first_match(again.body, R"re(data-style-nonce="([\w-]+)")re"), nonce)
      << "a new nonce for every page";
  const auto preview = post(lan, "/admin/articles/preview",
                            "id=0&edition=" + english(lan) + "&title=Seen&lead=L&body=B");
  EXPECT_EQ(preview.status, 200);
  EXPECT_EQ(preview.header("x-frame-options"), "SAMEORIGIN");
  EXPECT_NE(preview.header("content-security-policy").find("frame-ancestors 'self'"),
            std::string::npos);
}

}  // namespace
}  // namespace tapchi::testing
