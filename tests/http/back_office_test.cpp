// The back office in the account's language, and the dashboard, on the real binary.
#include <regex>
#include <thread>

#include "src/admin/labels.h"
#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

constexpr const char* kFirefox =
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n";

// What a reader of the page sees: its text without tags, and the values of attributes that are
// read out (aria-label, placeholder, title, alt), with spaces collapsed.
std::string visible_text(const std::string& html) {
  std::string said;
  const std::regex read_out(R"re((?:aria-label|placeholder|title|alt)="([^"]*)")re");
  for (std::sregex_iterator it(html.begin(), html.end(), read_out), end; it != end; ++it) {
    said += " " + (*it)[1].str() + " ";
  }
  std::string body = std::regex_replace(html, std::regex(R"(<script[\s\S]*?</script>)"), " ");
  body = std::regex_replace(body, std::regex(R"(<[^>]*>)"), " ");
  return std::regex_replace(body + said, std::regex(R"(\s+)"), " ");
}

// The English labels of several words found in `text`: what an untranslated page would show.
std::vector<std::string_view> english_labels_in(const std::string& text) {
  std::vector<std::string_view> found;
  for (const admin::Label& l : admin::kLabels) {
    if (l.english == l.vietnamese || l.english.find(' ') == std::string_view::npos) {
      continue;  // a single word may be anyone's name or an article's
    }
    // The label's words up to its first placeholder, which holds data.
    std::string_view fixed = l.english.substr(0, l.english.find("{}"));
    while (fixed.ends_with(' ')) {
      fixed.remove_suffix(1);
    }
    if (fixed.find(' ') != std::string_view::npos && text.find(fixed) != std::string::npos) {
      found.push_back(l.key);
    }
  }
  return found;
}

// How many times `pattern` occurs in `text`.
long count_of(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  return std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator());
}

class BackOffice : public Admin {
 protected:
  static void SetUpTestSuite() { start_journal("[readership]\nwrite_seconds = 1\n"); }

  // The first link of `html` matching `pattern` (its group 1), or the test fails.
  static std::string link(const std::string& html, const std::string& pattern) {
    const std::string found = first_match(html, pattern);
    EXPECT_FALSE(found.empty()) << pattern << "\n" << html.substr(0, 4000);
    return found;
  }
};

TEST_F(BackOffice, SpeaksTheJournalsFirstLanguageUntilTheAccountChoosesAnother) {
  const auto login = request(port(), "GET", "/admin/login").value();
  EXPECT_NE(login.body.find("<html lang=\"vi\">"), std::string::npos);
  EXPECT_NE(login.body.find("Đăng nhập"), std::string::npos);

  const Who linh = as("linh@example.org");  // no language of her own: the journal's, vi
  auto home = get("/admin/", linh.session).value();
  EXPECT_NE(home.body.find("<html lang=\"vi\">"), std::string::npos);
  EXPECT_NE(home.body.find("<h1>Bảng tin</h1>"), std::string::npos);
  EXPECT_NE(home.body.find("biên tập viên"), std::string::npos);  // her role, in her language

  auto chosen = post(linh, "/admin/language", "language=en");
  ASSERT_EQ(chosen.status, 303);
  home = get(chosen.header("location"), linh.session).value();
  EXPECT_NE(home.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(home.body.find("<h1>Dashboard</h1>"), std::string::npos);
  EXPECT_NE(home.body.find("The back office now speaks your language."), std::string::npos);

  ASSERT_EQ(post(linh, "/admin/language", "language=").status, 303);  // back to the journal's
  EXPECT_NE(get("/admin/", linh.session).value().body.find("<h1>Bảng tin</h1>"), std::string::npos);
  EXPECT_EQ(post(linh, "/admin/language", "language=fr").status, 400);
  const auto audit = query(dir_->path() / "data" / "tapchi.db",
                           "SELECT detail FROM audit_log WHERE action = 'language' ORDER BY id");
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0][0], "default → en");
}

TEST_F(BackOffice, EveryPageSpeaksVietnameseToAVietnameseAccount) {
  const Who boss = as("boss@example.org");
  ASSERT_EQ(post(boss, "/admin/language", "language=vi").status, 303);
  // Links to one of each kind of page, read from the lists; an article of our own has a
  // revision.
  const std::string edition = first_match(get("/admin/articles/new", boss.session).value().body,
                                          R"re(name="edition" value="(\d+)")re");
  const auto made = post(boss, "/admin/articles/new",
                         "edition=" + edition + "&action=save&title=B%C3%A0i+m%E1%BB%9Bi&body=x");
  ASSERT_EQ(made.status, 303);
  const std::string article = link(made.header("location"), R"((/admin/articles/\d+))");
  const std::string revisions = get(article + "/revisions", boss.session).value().body;
  const std::string revision = link(revisions, R"re(href="(/admin/revisions/\d+)")re");
  const auto page_made = post(boss, "/admin/pages/new",
                              "edition=" + edition +
                                  "&version=0&title=T%C3%B2a+so%E1%BA%A1n"
                                  "&body=x&published=1&footer_position=1");
  ASSERT_EQ(page_made.status, 303);
  const std::string static_page = link(page_made.header("location"), R"((/admin/pages/\d+))");
  const std::string page_revisions = get(static_page + "/revisions", boss.session).value().body;
  const std::string media = get("/admin/media", boss.session).value().body;
  const std::string sections = get("/admin/sections", boss.session).value().body;
  const std::string tags = get("/admin/tags", boss.session).value().body;
  const std::string authors = get("/admin/authors", boss.session).value().body;
  const std::string comments = get("/admin/comments?status=approved", boss.session).value().body;
  std::vector<std::pair<std::string, int>> pages{
      {"/admin/", 200},
      {"/admin/articles", 200},
      {"/admin/articles/new", 200},
      {article, 200},
      {article + "/revisions", 200},
      {revision, 200},
      {"/admin/media", 200},
      {"/admin/front", 200},
      {link(media, R"re(href="(/admin/media/\d+)")re"), 200},
      {"/admin/sections", 200},
      {"/admin/sections/new", 200},
      {link(sections, R"re(href="(/admin/sections/\d+)")re"), 200},
      {"/admin/pages", 200},
      {"/admin/redirects", 200},
      {"/admin/pages/new", 200},
      {static_page, 200},
      {static_page + "/revisions", 200},
      {link(page_revisions, R"re(href="(/admin/page-revisions/\d+)")re"), 200},
      {"/admin/tags", 200},
      {link(tags, R"re(href="(/admin/tags/\d+)")re"), 200},
      {"/admin/authors", 200},
      {"/admin/authors/new", 200},
      {link(authors, R"re(href="(/admin/authors/\d+)")re"), 200},
      {"/admin/comments", 200},
      {"/admin/comments?status=approved", 200},
      {link(comments, R"re(href="(/admin/comments/\d+/reply)")re"), 200},
      {"/admin/users", 200},
      {"/admin/integrations", 200},
      {"/admin/settings", 200},
      {"/admin/audit", 200},
      {"/admin/password", 200},
      {"/admin/no-such-page", 404},
      {"/admin/articles/999999", 404},
  };
  for (const auto& [path, status] : pages) {
    const auto r = get(path, boss.session).value();
    EXPECT_EQ(r.status, status) << path;
    EXPECT_NE(r.body.find("<html lang=\"vi\">"), std::string::npos) << path;
    const std::string text = visible_text(r.body);
    EXPECT_NE(text.find("Bảng tin"), std::string::npos) << path;  // the menu, translated
    EXPECT_EQ(english_labels_in(text), std::vector<std::string_view>{}) << path;
  }
  // The check can fail: the same pages in English show English labels.
  ASSERT_EQ(post(boss, "/admin/language", "language=en").status, 303);
  const std::string english = visible_text(get("/admin/settings", boss.session).value().body);
  EXPECT_FALSE(english_labels_in(english).empty());
}

TEST_F(BackOffice, RefusalsAndTimesAreInTheAccountsLanguageAndTheSitesZone) {
  const Who linh = as("linh@example.org");
  const std::string edition = first_match(get("/admin/articles/new", linh.session).value().body,
                                          R"re(name="edition" value="(\d+)")re");
  const auto refused =
      post(linh, "/admin/articles/new", "edition=" + edition + "&action=save&title=&body=x");
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("Bài viết cần có tiêu đề."), std::string::npos);
  const auto forbidden = post(linh, "/admin/articles/new", "edition=" + edition + "&action=fly");
  EXPECT_EQ(forbidden.status, 400);
  EXPECT_NE(forbidden.body.find("Hãy chọn Lưu, Gửi duyệt, Đăng hoặc Gỡ bài."), std::string::npos);
  // The moderation queue's times are the site's (the suite's journal is in Asia/Ho_Chi_Minh).
  const std::string queue = get("/admin/comments?status=approved", linh.session).value().body;
  EXPECT_EQ(queue.find("UTC"), std::string::npos);
  EXPECT_TRUE(std::regex_search(queue, std::regex(R"(\d\d/\d\d/\d{4} \d\d:\d\d)"))) << queue;
}

TEST_F(BackOffice, TheDashboardShowsWhatNeedsDoingForEachRole) {
  const Who writer = as("writer@example.org");  // a contributor
  const std::string edition = first_match(get("/admin/articles/new", writer.session).value().body,
                                          R"re(name="edition" value="(\d+)")re");
  ASSERT_EQ(post(writer, "/admin/articles/new",
                 "edition=" + edition + "&action=save&title=A+draft+of+mine&body=Text")
                .status,
            303);
  ASSERT_EQ(post(writer, "/admin/articles/new",
                 "edition=" + edition + "&action=submit&title=Waiting+for+an+editor&body=Text")
                .status,
            303);
  std::string mine = get("/admin/", writer.session).value().body;
  EXPECT_NE(mine.find("My drafts"), std::string::npos);
  EXPECT_NE(mine.find("A draft of mine"), std::string::npos);
  EXPECT_NE(mine.find("My articles waiting for review"), std::string::npos);
  EXPECT_EQ(mine.find("Comments waiting"), std::string::npos);  // not a contributor's to do

  const Who editor = as("changer@example.org");
  // Something scheduled, two days ahead.
  const auto scheduled = post(editor, "/admin/articles/new",
                              "edition=" + edition +
                                  "&action=publish&title=Tomorrow%27s+story&body=Text"
                                  "&publish_at=2099-01-01T07%3A00");
  ASSERT_EQ(scheduled.status, 303);
  // A reader comments on a published article, which waits for moderation.
  const std::string home = request(port(), "GET", "/en/").value().body;
  const std::string path = first_match(home, R"re(href="(/en/[a-z0-9-]+-\d+\.html)")re");
  ASSERT_FALSE(path.empty());
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(request(port(), "GET", path, kFirefox).value().status, 200);
  }
  const std::string page = request(port(), "GET", path).value().body;
  const std::string comment_form =
      "article=" + first_match(page, R"re(name="article" value="(\d+)")re") +
      "&token=" + encoded(first_match(page, R"re(name="token" value="([^"]+)")re")) +
      "&name=Reader&email=&body=A+question+for+the+editors&website=";
  const auto sent = request(port(), "POST", "/comments", kForm, comment_form);
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 303) << sent->body.substr(0, 400);

  std::string board;
  for (int i = 0; i < 50; ++i) {  // the views are written every second
    board = get("/admin/", editor.session).value().body;
    if (board.find("views: 3") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(board.find("Waiting for review"), std::string::npos);
  EXPECT_NE(board.find("Waiting for an editor"), std::string::npos);  // the writer's submission
  EXPECT_NE(board.find("Next scheduled"), std::string::npos);
  EXPECT_NE(board.find("Tomorrow&apos;s story"), std::string::npos) << first_match(
      board,
      R"re((<section class="card" aria-labelledby="scheduled-heading">[\s\S]*?</section>))re");
  EXPECT_NE(board.find("publishes Thursday, January 1, 2099, 07:00 (GMT+7), in "),
            std::string::npos);
  EXPECT_TRUE(std::regex_search(board, std::regex(R"(\d+ waiting; the oldest came )")))
      << board.substr(0, 2000);
  // Readership: two charts drawn on the server, their numbers in a table, the most read.
  EXPECT_EQ(count_of(board, R"(<svg class="chart")"), 2);
  EXPECT_EQ(count_of(board, R"(<tr><th scope="row">)"), 30);
  EXPECT_NE(board.find("Most read today"), std::string::npos);
  EXPECT_NE(board.find("views: 3"), std::string::npos);
  EXPECT_NE(board.find("In all: 3"), std::string::npos);  // the views of the 30 days
  // Others' edits: the writer's saves, not the editor's own.
  EXPECT_NE(board.find("Recent edits by others"), std::string::npos);
  EXPECT_NE(board.find("A draft of mine"), std::string::npos);
}

}  // namespace
}  // namespace tapchi::testing

namespace tapchi::testing {
namespace {

TEST_F(BackOffice, TheEditorShowsWhatReadersSearchEnginesAndSocialSitesWillSee) {
  const Who editor = as("changer@example.org");
  const std::string edition = first_match(get("/admin/articles/new", editor.session).value().body,
                                          R"re(name="edition" value="(\d+)")re");
  std::string body;
  for (int i = 0; i < 300; ++i) {
    body += "word ";
  }
  const auto made = post(editor, "/admin/articles/new",
                         "edition=" + edition + "&action=save&slug=harbour-at-dawn" +
                             "&title=" + encoded(std::string(70, 'T')) +
                             "&lead=" + encoded("Boats come home before six.") + "&body=" + body);
  ASSERT_EQ(made.status, 303);
  const std::string page = get(made.header("location"), editor.session).value().body;
  // 1 title word, 5 of the lead, 300 of the text: about a minute and a half, said as 1.
  EXPECT_NE(page.find("306 words · about 1 min to read"), std::string::npos);
  const std::string id = first_match(made.header("location"), R"(/admin/articles/(\d+))");
  EXPECT_TRUE(std::regex_search(
      page, std::regex(R"re(<code class="address">https?://[^<]*/harbour-at-dawn-)re" + id +
                       R"(\.html</code>)")))
      << page.substr(page.find("previews"), 1500);
  EXPECT_NE(page.find("Title: 70 characters; search results show 60."), std::string::npos);
  EXPECT_NE(page.find("hint warn"), std::string::npos);  // too long for a search result
  EXPECT_NE(page.find(R"(<p class="serp-description">Boats come home before six.</p>)"),
            std::string::npos);
  EXPECT_NE(page.find("Without a featured photo the card has no picture."), std::string::npos);
}

}  // namespace
}  // namespace tapchi::testing
