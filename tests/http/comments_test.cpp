// Readers' comments on the real binary: the form in both editions, policies, every abuse check,
// safe output of hostile texts, freshness after moderation, and durability under SIGKILL.
#include <atomic>
#include <csignal>
#include <set>
#include <thread>

#include <sys/wait.h>

#include "tests/common/hostile_comments.h"
#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

int shown_count(const std::string& html) {
  const std::string n = first_match(html, R"((?:Your Comment|Ý kiến của bạn) \((\d+)\))");
  return n.empty() ? -1 : std::stoi(n);
}

class Comments : public Admin {
 protected:
  static void SetUpTestSuite() {
    start_journal(
        "[comments]\nrate_burst = 100000\nrate_refill_seconds = 1\n"
        "spam_words = [\"casino\", \"cá độ\"]\n");
  }

  static std::filesystem::path database() { return dir_->path() / "data" / "tapchi.db"; }

  // The address of an article of the edition under `prefix` whose page has the form (or not).
  static std::string article(const std::string& prefix, bool with_form = true) {
    const std::string home = request(port(), "GET", prefix).value().body;
    static const std::regex link(R"re(href="((?:/en)?/[a-z0-9-]+-\d+\.html)")re");
    std::set<std::string> seen;
    for (std::sregex_iterator it(home.begin(), home.end(), link), end; it != end; ++it) {
      const std::string href = (*it)[1];
      if (!href.starts_with(prefix) || (prefix == "/" && href.starts_with("/en/")) ||
          !seen.insert(href).second) {
        continue;
      }
      const bool has_form = request(port(), "GET", href).value().body.find("id=\"comment-form\"") !=
                            std::string::npos;
      if (has_form == with_form) {
        return href;
      }
    }
    ADD_FAILURE() << "no article " << (with_form ? "with" : "without") << " a form under "
                  << prefix;
    return {};
  }

  struct Form {
    std::string article_id, token;
  };
  static Form form_of(const std::string& href) {
    const std::string html = request(port(), "GET", href).value().body;
    return {first_match(html, R"re(name="article" value="(\d+)")re"),
            first_match(html, R"re(name="token" value="([^"]+)")re")};
  }

  // Sends a comment from the article's form; `fields` (encoded) after the form's own.
  static HttpResponse send(const std::string& href, const std::string& fields,
                           const std::string& headers = {}) {
    const Form f = form_of(href);
    return request(port(), "POST", "/comments", kForm + headers,
                   "article=" + f.article_id + "&token=" + encoded(f.token) + "&website=&" + fields)
        .value();
  }

  static void set_policy(const std::string& policy, const std::string& days = "0",
                         const std::string& require_email = "0") {
    const Who boss = as("boss@example.org");
    const std::string html = get("/admin/settings", boss.session).value().body;
    std::string body = "site_name=" + encoded("Tạp chí Thử nghiệm") +
                       "&time_zone=Asia%2FHo_Chi_Minh&policy=" + policy +
                       "&close_after_days=" + days + "&require_email=" + require_email;
    static const std::regex edition(R"re(id="(edition_\d+)"[^>]*value="([^"]*)")re");
    for (std::sregex_iterator it(html.begin(), html.end(), edition), end; it != end; ++it) {
      body += "&" + (*it)[1].str() + "=" + encoded((*it)[2].str());
    }
    ASSERT_EQ(post(boss, "/admin/settings", body).status, 303);
  }

  static int count_where(const std::string& condition) {
    const auto rows = query(database(), "SELECT COUNT(*) FROM comments WHERE " + condition);
    return rows.empty() ? -1 : std::stoi(rows[0][0]);
  }
};

TEST_F(Comments, EachEditionShowsTheFormInItsLanguageWithAHiddenTrap) {
  const std::string vi = request(port(), "GET", article("/")).value().body;
  EXPECT_NE(vi.find("Gửi ý kiến"), std::string::npos);
  EXPECT_NE(vi.find("Ý kiến sẽ được đăng sau khi Ban biên tập duyệt."), std::string::npos);
  const std::string en = request(port(), "GET", article("/en/")).value().body;
  EXPECT_NE(en.find(">Send comment</button>"), std::string::npos);
  EXPECT_NE(en.find(R"(name="website" type="text" tabindex="-1")"), std::string::npos);
  EXPECT_NE(en.find(R"(<label for="comment-email">Email (never shown; optional)</label>)"),
            std::string::npos);
  // An article with comments switched off has no form and says so.
  const std::string closed = request(port(), "GET", article("/en/", false)).value().body;
  EXPECT_NE(closed.find("Comments are closed for this article."), std::string::npos);
}

TEST_F(Comments, AModeratedCommentWaitsAndAppearsOnceApproved) {
  const std::string href = article("/en/");
  const int before = shown_count(request(port(), "GET", href).value().body);
  const auto r = send(
      href, "name=Minh&email=minh%40example.org&body=" + encoded("A fine piece.\n\nThank you."));
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  EXPECT_EQ(r.header("location"), href + "?comment=held#comment-form");
  const std::string notice = request(port(), "GET", r.header("location")).value().body;
  EXPECT_NE(notice.find("will appear once the editors have read it"), std::string::npos);
  EXPECT_EQ(shown_count(notice), before);
  const std::string id = query(database(),
                               "SELECT id FROM comments WHERE name = 'Minh' AND status = "
                               "'pending'")
                             .at(0)
                             .at(0);
  // The email is kept for the editors, never shown; the address only as a keyed hash.
  const auto row =
      query(database(), "SELECT email, client_hash, body FROM comments WHERE id = " + id).at(0);
  EXPECT_EQ(row[0], "minh@example.org");
  EXPECT_EQ(row[1].size(), 32u);
  EXPECT_EQ(row[1].find("127.0.0.1"), std::string::npos);
  EXPECT_EQ(row[2], "A fine piece.\n\nThank you.");

  const Who editor = as("moderator@example.org");
  ASSERT_EQ(post(editor, "/admin/comments", "status=pending&action=approve&id=" + id).status, 303);
  const std::string after = request(port(), "GET", href).value().body;
  EXPECT_EQ(shown_count(after), before + 1);
  EXPECT_NE(after.find("<p>A fine piece.</p><p>Thank you.</p>"), std::string::npos);
  EXPECT_EQ(after.find("minh@example.org"), std::string::npos);
  ASSERT_EQ(post(editor, "/admin/comments", "status=approved&action=delete&id=" + id).status, 303);
  EXPECT_EQ(shown_count(request(port(), "GET", href).value().body), before);
}

TEST_F(Comments, AnOpenPolicyShowsTheCommentAtOnceAndRepliesNestOneLevel) {
  set_policy("open");
  const std::string href = article("/");
  const int before = shown_count(request(port(), "GET", href).value().body);
  const auto r = send(href, "name=" + encoded("Bạn đọc") + "&body=" + encoded("Rất hay."));
  ASSERT_EQ(r.status, 303);
  const std::string id = first_match(r.header("location"), R"(\?comment=shown#comment-(\d+)$)");
  ASSERT_FALSE(id.empty()) << r.header("location");
  const std::string page = request(port(), "GET", href).value().body;
  EXPECT_EQ(shown_count(page), before + 1);
  EXPECT_NE(page.find("id=\"comment-" + id + "\""), std::string::npos);

  // The reply link opens the form for that comment; a reply to the reply joins the thread.
  const std::string reply_href = href + "?reply=" + id;
  const std::string reply_page = request(port(), "GET", reply_href).value().body;
  EXPECT_NE(reply_page.find("Trả lời <strong>Bạn đọc</strong>"), std::string::npos);
  EXPECT_NE(reply_page.find(R"(name="parent" value=")" + id + "\""), std::string::npos);
  const auto reply = send(href, "parent=" + id + "&name=Lan&body=" + encoded("Đồng ý."));
  ASSERT_EQ(reply.status, 303);
  const std::string reply_id = first_match(reply.header("location"), R"(#comment-(\d+)$)");
  const auto deeper = send(href, "parent=" + reply_id + "&name=Hoa&body=" + encoded("Tôi nữa."));
  ASSERT_EQ(deeper.status, 303);
  EXPECT_EQ(query(database(), "SELECT COUNT(*) FROM comments WHERE parent_id = " + id).at(0).at(0),
            "2");
  EXPECT_EQ(shown_count(request(port(), "GET", href).value().body), before + 3);
}

TEST_F(Comments, MistakesComeBackBesideTheFieldsInTheEditionsLanguageWithTheTextKept) {
  const std::string href = article("/");
  const auto r = send(href, "name=&email=not-an-email&body=" + encoded("Giữ nguyên <b>chữ</b>"));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.header("cache-control"), "no-store");
  EXPECT_NE(r.body.find(R"(id="comment-name-error">Vui lòng nhập họ tên.)"), std::string::npos);
  EXPECT_NE(r.body.find(R"(id="comment-email-error">Địa chỉ email không hợp lệ.)"),
            std::string::npos);
  EXPECT_NE(r.body.find(R"(value="not-an-email")"), std::string::npos);
  EXPECT_NE(r.body.find("Giữ nguyên &lt;b&gt;chữ&lt;/b&gt;</textarea>"), std::string::npos);

  const auto links =
      send(article("/en/"), "name=Lan&body=" + encoded("http://a.test http://b.test www.c.test"));
  EXPECT_EQ(links.status, 422);
  EXPECT_NE(links.body.find("only a few links"), std::string::npos);
  const auto huge = send(article("/en/"), "name=Lan&body=" + std::string(5001, 'x'));
  EXPECT_EQ(huge.status, 413) << "over the server's body limit: refused before any parsing";
  const auto broken = send(article("/en/"), "name=L%C3&body=ok");
  EXPECT_EQ(broken.status, 422);
  EXPECT_NE(broken.body.find("not valid text (UTF-8)"), std::string::npos);
  EXPECT_EQ(count_where("name LIKE 'L%' AND body = 'ok'"), 0);

  set_policy("moderated", "0", "1");
  const auto no_email = send(article("/en/"), "name=Lan&body=Hello");
  EXPECT_EQ(no_email.status, 422);
  EXPECT_NE(no_email.body.find("Please give your email address"), std::string::npos);
}

TEST_F(Comments, FormsFromElsewhereOrFromAnotherArticleAreRefusedWithTheTextKept) {
  const std::string href = article("/en/");
  const Form f = form_of(href);
  const auto forged = request(port(), "POST", "/comments", kForm,
                              "article=" + f.article_id + "&token=20000.00ff&name=Lan&body=Kept")
                          .value();
  EXPECT_EQ(forged.status, 403);
  EXPECT_NE(forged.body.find("This form has expired"), std::string::npos);
  EXPECT_NE(forged.body.find(">Kept</textarea>"), std::string::npos);
  EXPECT_NE(forged.body.find(R"(name="token" value=")" + f.token), std::string::npos)
      << "a fresh token to send it again";
  // A token of another article does not open this one.
  const Form other = form_of(article("/"));
  const auto swapped =
      request(port(), "POST", "/comments", kForm,
              "article=" + f.article_id + "&token=" + encoded(other.token) + "&name=Lan&body=Kept")
          .value();
  EXPECT_EQ(swapped.status, 403);
  const auto cross_site = send(href, "name=Lan&body=Hi", "Origin: https://evil.example\r\n");
  EXPECT_EQ(cross_site.status, 403);
  const auto same_site = send(href, "name=Lan&body=" + encoded("Same site"),
                              "Origin: http://127.0.0.1\r\n");  // the Host the harness sends
  EXPECT_EQ(same_site.status, 303);
  EXPECT_EQ(count_where("body = 'Kept' OR body = 'Hi'"), 0);
  const auto no_article =
      request(port(), "POST", "/comments", kForm, "article=99999999&token=x").value();
  EXPECT_EQ(no_article.status, 404);
  const auto garbage = request(port(), "POST", "/comments", kForm, "article=%ZZ").value();
  EXPECT_EQ(garbage.status, 400);
}

TEST_F(Comments, ClosedCommentsTakeNothing) {
  const std::string off = article("/en/", false);
  const std::string off_id = first_match(off, R"(-(\d+)\.html$)");
  const Form open = form_of(article("/en/"));
  // The closed article has no form; a token for it cannot be had, and a forged post is refused.
  const auto to_off =
      request(port(), "POST", "/comments", kForm,
              "article=" + off_id + "&token=" + encoded(open.token) + "&name=Lan&body=Closed")
          .value();
  EXPECT_EQ(to_off.status, 403);
  // Closing after N days: the demo's articles are older than a day.
  set_policy("open", "1");
  const std::string href = article("/en/", false);
  EXPECT_FALSE(href.empty());
  const auto late = request(port(), "POST", "/comments", kForm,
                            "article=" + open.article_id + "&token=" + encoded(open.token) +
                                "&name=Lan&body=Late")
                        .value();
  EXPECT_EQ(late.status, 403);
  EXPECT_NE(late.body.find("Comments are closed for this article."), std::string::npos);
  set_policy("closed");
  const auto everywhere = request(port(), "POST", "/comments", kForm,
                                  "article=" + open.article_id + "&token=" + encoded(open.token) +
                                      "&name=Lan&body=Late")
                              .value();
  EXPECT_EQ(everywhere.status, 403);
  EXPECT_EQ(count_where("body IN ('Closed', 'Late')"), 0);
}

TEST_F(Comments, TrapsDuplicatesAndSpamWordsAreHandledQuietly) {
  const std::string href = article("/en/");
  const Form f = form_of(href);
  const auto bot = request(port(), "POST", "/comments", kForm,
                           "article=" + f.article_id + "&token=" + encoded(f.token) +
                               "&website=http%3A%2F%2Fspam.test&name=Bot&body=Buy")
                       .value();
  EXPECT_EQ(bot.status, 303);
  EXPECT_EQ(bot.header("location"), href + "?comment=held#comment-form");
  EXPECT_EQ(count_where("name = 'Bot'"), 0);

  const std::string twice = "name=Lan&body=" + encoded("Said once.");
  ASSERT_EQ(send(href, twice).status, 303);
  ASSERT_EQ(send(href, twice).status, 303);
  EXPECT_EQ(count_where("body = 'Said once.'"), 1);

  const auto spam = send(href, "name=Win&body=" + encoded("Best CÁ ĐỘ site"));
  EXPECT_EQ(spam.status, 303);
  EXPECT_EQ(spam.header("location"), href + "?comment=held#comment-form") << "answered alike";
  EXPECT_EQ(count_where("name = 'Win' AND status = 'spam'"), 1);
}

TEST_F(Comments, HostileTextsAreStoredCleanAndShownAsText) {
  set_policy("open");
  const std::string href = article("/en/");
  const auto texts = hostile_comments();
  ASSERT_GE(texts.size(), 50u);
  int shown = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto r =
        send(href, "name=" + encoded("Tester " + std::to_string(i)) + "&body=" + encoded(texts[i]));
    // Too long for the body limit (413) or for a comment (422); anything else is taken.
    ASSERT_TRUE(r.status == 303 || r.status == 413 || r.status == 422)
        << i << ": " << r.status << " " << texts[i].substr(0, 100);
    shown += r.status == 303 ? 1 : 0;
  }
  EXPECT_GE(shown, 50);
  const std::string html = request(port(), "GET", href).value().body;
  const auto from = html.find("<ol class=\"comment-list\">");
  const auto to = html.find("</ol>\n  \n", from);
  ASSERT_NE(from, std::string::npos);
  static const std::regex body(R"re(<div class="comment-body">(.*?)</div>)re");
  const std::string section = html.substr(from, to - from);
  int bodies = 0;
  for (std::sregex_iterator it(section.begin(), section.end(), body), end; it != end; ++it) {
    EXPECT_EQ(comment_html_problem((*it)[1]), "") << (*it)[1].str().substr(0, 300);
    ++bodies;
  }
  EXPECT_GE(bodies, shown);
  // Stored clean: no control or direction-override character survives.
  for (const std::string& bad :
       {std::string("\xE2\x80\xAE"), std::string("\xE2\x81\xA7"), std::string("\xE2\x80\x8B"),
        std::string("\x1B"), std::string("\x07"), std::string("\r")}) {
    EXPECT_EQ(count_where("instr(body, '" + bad + "') > 0"), 0);
  }
  if (!is_on_postgres()) {  // PostgreSQL's text cannot hold a NUL at all
    EXPECT_EQ(count_where("instr(body, char(0)) > 0"), 0);
  }
}

TEST_F(Comments, AnArticleMayOverrideTheSitesModeration) {
  // The site holds comments; this article shows them at once.
  const Who editor = as("moderator@example.org");
  const std::string list = get("/admin/articles", editor.session).value().body;
  static const std::regex link(R"(/admin/articles/new\?edition=(\d+))");
  std::sregex_iterator it(list.begin(), list.end(), link);
  const std::string english = (*++it)[1];
  const auto made = post(editor, "/admin/articles/new",
                         "edition=" + english + "&action=publish&title=Open+thread&lead=Lead." +
                             "&body=Text.&comments_open=1&comment_mode=open");
  ASSERT_EQ(made.status, 303) << made.body.substr(0, 2000);
  const std::string id = first_match(made.header("location"), R"(^/admin/articles/(\d+))");
  ASSERT_NE(
      get("/admin/articles/" + id, editor.session)->body.find(R"(<option value="open" selected>)"),
      std::string::npos);
  const std::string href = "/en/open-thread-" + id + ".html";
  const std::string page = request(port(), "GET", href).value().body;
  EXPECT_EQ(page.find("Comments are published once the editors have read them."),
            std::string::npos);
  const auto r = send(href, "name=Lan&body=" + encoded("At once."));
  ASSERT_EQ(r.status, 303);
  EXPECT_NE(r.header("location").find("?comment=shown#comment-"), std::string::npos);
  EXPECT_EQ(shown_count(request(port(), "GET", href).value().body), 1);
}

class CommentRate : public Comments {
 protected:
  static void SetUpTestSuite() {
    start_journal("[comments]\nrate_burst = 3\nrate_refill_seconds = 600\n");
  }
};

TEST_F(CommentRate, AClientSendingTooFastGets429WithRetryAfterAndKeepsItsText) {
  const std::string href = article("/en/");
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(send(href, "name=Lan&body=Number+" + std::to_string(i)).status, 303);
  }
  const auto r = send(href, "name=Lan&body=" + encoded("The fourth, kept"));
  EXPECT_EQ(r.status, 429);
  const std::string wait = r.header("retry-after");
  ASSERT_FALSE(wait.empty());
  EXPECT_GT(std::stoi(wait), 100);
  EXPECT_LE(std::stoi(wait), 600);
  EXPECT_NE(r.body.find("You are sending comments too quickly"), std::string::npos);
  EXPECT_NE(r.body.find(">The fourth, kept</textarea>"), std::string::npos);
  EXPECT_EQ(count_where("body = 'The fourth, kept'"), 0);
}

class CommentDurability : public Comments {
 protected:
  static void SetUpTestSuite() { start_journal("[comments]\nrate_burst = 1000000\n"); }
};

TEST_F(CommentDurability, EveryAcknowledgedCommentSurvivesSigkillExactlyOnce) {
  const std::string href = article("/en/");
  const Form f = form_of(href);
  constexpr int kClients = 16;
  std::atomic<bool> stop{false};
  std::vector<std::vector<std::string>> acknowledged(kClients), sent(kClients);
  std::vector<std::thread> clients;
  const int server_port = port();
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int n = 0; !stop.load(); ++n) {
        const std::string body = "durable-" + std::to_string(c) + "-" + std::to_string(n);
        sent[c].push_back(body);
        const auto r = request(server_port, "POST", "/comments", kForm,
                               "article=" + f.article_id + "&token=" + encoded(f.token) +
                                   "&website=&name=Load&body=" + body);
        if (!r) {
          return;  // the server is gone
        }
        if (r->status == 303) {
          acknowledged[c].push_back(body);
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  server_->signal(SIGKILL);
  ASSERT_NE(server_->wait_exit(std::chrono::seconds{10}), -1);
  stop = true;
  for (std::thread& t : clients) {
    t.join();
  }
  std::size_t total = 0;
  for (const auto& list : acknowledged) {
    total += list.size();
  }
  ASSERT_GT(total, 20u) << "the load reached the server";

  // The journal opens again, and holds each acknowledged comment once.
  delete server_;
  server_ = new ServerProcess(config_);
  EXPECT_EQ(request(port(), "GET", href).value().status, 200);
  EXPECT_EQ(query(database(),
                  is_on_postgres() ? "SELECT 'ok' FROM comments LIMIT 1" : "PRAGMA integrity_check")
                .at(0)
                .at(0),
            "ok");
  std::map<std::string, int> stored;
  for (const auto& row : query(database(),
                               "SELECT body, COUNT(*) FROM comments WHERE name = "
                               "'Load' GROUP BY body")) {
    stored[row[0]] = std::stoi(row[1]);
  }
  for (const auto& list : acknowledged) {
    for (const std::string& body : list) {
      EXPECT_EQ(stored[body], 1) << body;
    }
  }
  for (const auto& [body, n] : stored) {
    EXPECT_EQ(n, 1) << body << " stored more than once";
  }
  RecordProperty("acknowledged", static_cast<int>(total));
  RecordProperty("stored", static_cast<int>(stored.size()));
}

}  // namespace
}  // namespace tapchi::testing
