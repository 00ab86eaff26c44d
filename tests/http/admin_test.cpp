// The back office's sign-in, sessions, CSRF checks, throttling and roles, on the real binary.
#include <regex>

#include <gtest/gtest.h>

#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

TEST_F(Admin, EverythingIsNoStoreAndAnonymousReadersAreSentToSignIn) {
  const auto r = request(port(), "GET", "/admin/").value();
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/admin/login");
  EXPECT_EQ(r.header("cache-control"), "no-store");
  const auto form = request(port(), "GET", "/admin/login").value();
  EXPECT_EQ(form.status, 200);
  EXPECT_EQ(form.header("cache-control"), "no-store");
  EXPECT_EQ(form.header("x-frame-options"), "DENY");
  EXPECT_NE(form.body.find(R"(<label for="email">Email</label>)"), std::string::npos);
  EXPECT_EQ(hidden_csrf(form.body), set_cookie(form, "tapchi_login"));
  EXPECT_EQ(request(port(), "GET", "/admin/nothing-here").value().header("cache-control"),
            "no-store");
}

TEST_F(Admin, SignInSetsAStrictSessionCookieAndShowsTheDashboard) {
  const auto form = request(port(), "GET", "/admin/login").value();
  const std::string token = set_cookie(form, "tapchi_login");
  const auto r =
      request(port(), "POST", "/admin/login", kForm + "Cookie: tapchi_login=" + token + "\r\n",
              "csrf=" + token + "&email=Boss%40Example.org&password=a+long+passphrase")
          .value();
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.header("location"), "/admin/");
  const std::string cookies = r.header("set-cookie");
  EXPECT_NE(cookies.find("HttpOnly"), std::string::npos) << cookies;
  EXPECT_NE(cookies.find("SameSite=Lax"), std::string::npos) << cookies;
  EXPECT_NE(cookies.find("Path=/admin;"), std::string::npos) << cookies;
  EXPECT_EQ(cookies.find("Secure"), std::string::npos) << "http base URL: no Secure flag";
  const std::string session = set_cookie(r, "tapchi_session");
  ASSERT_EQ(session.size(), 43u);
  const auto dashboard = get("/admin/", session).value();
  EXPECT_EQ(dashboard.status, 200);
  EXPECT_NE(dashboard.body.find("boss@example.org"), std::string::npos);
  EXPECT_EQ(dashboard.header("cache-control"), "no-store");
}

TEST_F(Admin, AWrongPasswordIsRefusedKeepingTheEmailAndIsAudited) {
  const auto form = request(port(), "GET", "/admin/login").value();
  const std::string token = set_cookie(form, "tapchi_login");
  const auto r =
      request(port(), "POST", "/admin/login", kForm + "Cookie: tapchi_login=" + token + "\r\n",
              "csrf=" + token + "&email=changer%40example.org&password=guess+work+1")
          .value();
  EXPECT_EQ(r.status, 401);
  // Before signing in, the back office speaks the journal's first edition's language.
  EXPECT_NE(r.body.find("Sai email hoặc mật khẩu."), std::string::npos);
  EXPECT_NE(r.body.find(R"(value="changer@example.org")"), std::string::npos);
  EXPECT_TRUE(set_cookie(r, "tapchi_session").empty());
  const auto log = get("/admin/audit", sign_in("boss@example.org", "a+long+passphrase")).value();
  EXPECT_EQ(log.status, 200);
  EXPECT_NE(log.body.find("login-failed"), std::string::npos);
  EXPECT_NE(log.body.find("user changer@example.org"), std::string::npos);
}

TEST_F(Admin, ASignInWithoutTheFormsTokenIsRefused) {
  const auto r = request(port(), "POST", "/admin/login", kForm,
                         "email=boss%40example.org&password=a+long+passphrase")
                     .value();
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(set_cookie(r, "tapchi_session").empty());
  const auto forged = request(port(), "POST", "/admin/login",
                              kForm + "Cookie: tapchi_login=" + std::string(43, 'a') + "\r\n",
                              "csrf=" + std::string(43, 'b') +
                                  "&email=boss%40example.org&password=a+long+passphrase")
                          .value();
  EXPECT_EQ(forged.status, 403);
}

TEST_F(Admin, SignOutNeedsTheSessionsTokenAndEndsTheSession) {
  const std::string session = sign_in("writer@example.org", "a+long+passphrase");
  ASSERT_FALSE(session.empty());
  const std::string csrf = hidden_csrf(get("/admin/", session).value().body);
  ASSERT_EQ(csrf.size(), 43u);
  const auto forged = request(port(), "POST", "/admin/logout",
                              kForm + "Cookie: tapchi_session=" + session + "\r\n", "csrf=nope");
  EXPECT_EQ(forged.value().status, 403);
  EXPECT_EQ(get("/admin/", session).value().status, 200) << "a forged sign-out changes nothing";
  const auto out = request(port(), "POST", "/admin/logout",
                           kForm + "Cookie: tapchi_session=" + session + "\r\n", "csrf=" + csrf)
                       .value();
  EXPECT_EQ(out.status, 303);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  const auto after = get("/admin/", session).value();
  EXPECT_EQ(after.status, 303) << "the old cookie no longer signs in";
}

TEST_F(Admin, OnlyAdminsReadTheAuditLog) {
  const std::string session = sign_in("writer@example.org", "a+long+passphrase");
  const auto r = get("/admin/audit", session).value();
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body.find("login-failed"), std::string::npos);
  EXPECT_EQ(r.body.find("Audit log</a>"), std::string::npos) << "the menu hides it too";
}

TEST_F(Admin, RepeatedFailuresAreThrottledEvenForTheRightPassword) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(sign_in("target@example.org", "wrong+password+" + std::to_string(i)).empty());
  }
  const auto form = request(port(), "GET", "/admin/login").value();
  const std::string token = set_cookie(form, "tapchi_login");
  const auto r =
      request(port(), "POST", "/admin/login", kForm + "Cookie: tapchi_login=" + token + "\r\n",
              "csrf=" + token + "&email=target%40example.org&password=a+long+passphrase")
          .value();
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.header("retry-after").empty());
  EXPECT_NE(r.body.find("Sai quá nhiều lần. Xin thử lại sau " + r.header("retry-after") + " giây."),
            std::string::npos);
}

TEST_F(Admin, ChangingThePasswordChecksTheFieldsAndEndsOtherSessions) {
  const std::string first = sign_in("changer@example.org", "a+long+passphrase");
  const std::string second = sign_in("changer@example.org", "a+long+passphrase");
  ASSERT_FALSE(first.empty());
  const std::string csrf = hidden_csrf(get("/admin/password", first).value().body);
  const auto cookie = kForm + "Cookie: tapchi_session=" + first + "\r\n";
  const auto wrong = request(port(), "POST", "/admin/password", cookie,
                             "csrf=" + csrf + "&current=not+it+at+all&new=short&again=short")
                         .value();
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("This is not your current password."), std::string::npos);
  EXPECT_NE(wrong.body.find("at least 10 characters"), std::string::npos);
  const auto done = request(port(), "POST", "/admin/password", cookie,
                            "csrf=" + csrf +
                                "&current=a+long+passphrase&new=another+long+one&again=another+"
                                "long+one")
                        .value();
  ASSERT_EQ(done.status, 303) << done.body;
  const std::string renewed = set_cookie(done, "tapchi_session");
  EXPECT_EQ(get("/admin/", renewed).value().status, 200);
  EXPECT_EQ(get("/admin/", first).value().status, 303);
  EXPECT_EQ(get("/admin/", second).value().status, 303) << "other sessions end";
  EXPECT_TRUE(sign_in("changer@example.org", "a+long+passphrase").empty());
  EXPECT_FALSE(sign_in("changer@example.org", "another+long+one").empty());
}

// The comment count an article page shows: "Your Comment (N)".
int shown_count(const std::string& html) {
  std::smatch m;
  return std::regex_search(html, m, std::regex(R"(Your Comment \((\d+)\))")) ? std::stoi(m[1]) : -1;
}

class Moderation : public Admin {
 protected:
  void SetUp() override {
    session_ = sign_in("moderator@example.org", "a+long+passphrase");
    ASSERT_FALSE(session_.empty());
    const auto queue = get("/admin/comments?status=approved", session_).value();
    ASSERT_EQ(queue.status, 200);
    csrf_ = hidden_csrf(queue.body);
    // The newest approved comment of an English article, and that article's public address.
    std::smatch m;
    const std::regex row(
        R"re(<td><a href="(/en/[^"]+\.html)">[^<]*</a></td>\s*<td><div class="actions">\s*<button name="one" value="approve:(\d+)")re");
    ASSERT_TRUE(std::regex_search(queue.body, m, row)) << queue.body.substr(0, 3000);
    article_ = m[1];
    comment_ = m[2];
  }
  HttpResponse post(const std::string& target, const std::string& body) {
    return request(port(), "POST", target, kForm + "Cookie: tapchi_session=" + session_ + "\r\n",
                   "csrf=" + csrf_ + "&" + body)
        .value();
  }
  int public_count() { return shown_count(request(port(), "GET", article_).value().body); }

  std::string session_, csrf_, article_, comment_;
};

TEST_F(Moderation, RejectingAndApprovingChangeThePublicPageAtOnce) {
  const int before = public_count();
  ASSERT_GT(before, 0);
  const auto rejected = post("/admin/comments", "status=approved&one=reject%3A" + comment_);
  ASSERT_EQ(rejected.status, 303) << rejected.body;
  EXPECT_NE(rejected.header("location").find("done=comments_rejected&n=1"), std::string::npos)
      << rejected.header("location");
  EXPECT_NE(get(rejected.header("location"), session_).value().body.find("Comments rejected: 1."),
            std::string::npos);
  EXPECT_EQ(public_count(), before - 1) << "the cached page was dropped at the commit";
  const auto back =
      post("/admin/comments", "status=rejected&action=approve&id=" + comment_ + "&id=99999999");
  ASSERT_EQ(back.status, 303);
  EXPECT_EQ(public_count(), before);
}

TEST_F(Moderation, APendingCommentShowsInTheMenuCount) {
  ASSERT_EQ(post("/admin/comments", "status=approved&one=pending%3A" + comment_).status, 303);
  const auto page = get("/admin/comments", session_).value();
  EXPECT_NE(page.body.find(R"(aria-label="1 pending">1</span>)"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"approve:" + comment_ + "\""), std::string::npos);
  ASSERT_EQ(post("/admin/comments", "status=pending&action=approve&id=" + comment_).status, 303);
}

TEST_F(Moderation, AStaffReplyIsPublishedMarkedAsStaff) {
  const int before = public_count();
  const auto form = get("/admin/comments/" + comment_ + "/reply", session_).value();
  ASSERT_EQ(form.status, 200);
  const auto empty = post("/admin/comments/" + comment_ + "/reply", "reply=+++");
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("Write the reply first."), std::string::npos);
  const auto r = post("/admin/comments/" + comment_ + "/reply",
                      "reply=Thank+you%2C+%3Cb%3Ereaders%3C%2Fb%3E.");
  ASSERT_EQ(r.status, 303) << r.body;
  const std::string html = request(port(), "GET", article_).value().body;
  EXPECT_EQ(shown_count(html), before + 1);
  EXPECT_NE(html.find("Thank you, &lt;b&gt;readers&lt;/b&gt;."), std::string::npos)
      << "shown as text";
}

TEST_F(Moderation, DeletingIsAuditedAndContributorsCannotModerate) {
  const std::string writer = sign_in("writer@example.org", "a+long+passphrase");
  EXPECT_EQ(get("/admin/comments", writer).value().status, 403);
  const std::string writer_csrf = hidden_csrf(get("/admin/", writer).value().body);
  const int before = public_count();
  const auto forged = request(port(), "POST", "/admin/comments",
                              kForm + "Cookie: tapchi_session=" + writer + "\r\n",
                              "csrf=" + writer_csrf + "&one=delete%3A" + comment_)
                          .value();
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(public_count(), before) << "a contributor's forged delete changes nothing";
  EXPECT_EQ(post("/admin/comments", "one=delete%3A" + comment_).status, 303);
  EXPECT_LT(public_count(), before);
  const auto log = get("/admin/audit", sign_in("boss@example.org", "a+long+passphrase")).value();
  EXPECT_NE(log.body.find("comment " + comment_), std::string::npos);
}

TEST_F(Admin, EveryRoleSeesTheArticleListWithFilters) {
  const std::string writer = sign_in("writer@example.org", "a+long+passphrase");
  const auto all = get("/admin/articles", writer).value();
  ASSERT_EQ(all.status, 200);
  EXPECT_NE(all.body.find(R"(<label for="q">Search</label>)"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(all.body, m, std::regex(R"((\d+) of (\d+) articles)")));
  EXPECT_EQ(m[1], "30");
  const int total = std::stoi(m[2]);
  EXPECT_GT(total, 64);
  EXPECT_NE(all.body.find(R"(rel="next")"), std::string::npos);

  const auto found = get("/admin/articles?q=combat+READINESS&status=published", writer).value();
  ASSERT_TRUE(std::regex_search(found.body, m, std::regex(R"((\d+) of (\d+) articles)")));
  EXPECT_GE(std::stoi(m[2]), 1) << "the words, searched in the full-text index";
  EXPECT_LT(std::stoi(m[2]), total);
  EXPECT_NE(found.body.find("Training close to real conditions raises combat readiness"),
            std::string::npos);
  const auto folded = get("/admin/articles?q=HUAN+LUYEN+sat+thuc+te", writer).value();
  EXPECT_NE(folded.body.find("Huấn luyện sát thực tế"), std::string::npos)
      << "case and marks fold, as readers search";
  EXPECT_NE(found.body.find(R"(<option value="published" selected>)"), std::string::npos)
      << "the filter is kept";
  const auto none = get("/admin/articles?status=draft", writer).value();
  EXPECT_NE(none.body.find("No article matches."), std::string::npos);
  const auto odd = get("/admin/articles?status=%ZZ&edition=abc&page=-3", writer).value();
  EXPECT_EQ(odd.status, 200) << "unreadable filters are ignored";
  EXPECT_NE(odd.body.find(std::to_string(total) + " articles"), std::string::npos);
}

TEST_F(Admin, EditorsRenameSectionsAndReadersSeeItAtOnce) {
  const std::string editor = sign_in("moderator@example.org", "a+long+passphrase");
  const auto list = get("/admin/sections", editor).value();
  ASSERT_EQ(list.status, 200);
  const std::string body = list.body;
  const std::regex row(
      R"re(/admin/sections/(\d+)">[^<]+</a></td><td><code>/en/section/([a-z0-9-]+)</code>)re");
  std::vector<std::pair<std::string, std::string>> english;  // id, slug
  for (std::sregex_iterator it(body.begin(), body.end(), row), end; it != end; ++it) {
    english.emplace_back((*it)[1], (*it)[2]);
  }
  ASSERT_GE(english.size(), 2u) << body.substr(0, 2000);
  const std::string csrf =
      hidden_csrf(get("/admin/sections/" + english[0].first, editor).value().body);
  const auto cookie = kForm + "Cookie: tapchi_session=" + editor + "\r\n";

  const auto taken =
      request(port(), "POST", "/admin/sections/" + english[0].first, cookie,
              "csrf=" + csrf + "&name=Anything&slug=" + english[1].second + "&position=3")
          .value();
  EXPECT_EQ(taken.status, 422);
  EXPECT_NE(taken.body.find("has this address"), std::string::npos);
  EXPECT_NE(taken.body.find(R"(value="Anything")"), std::string::npos) << "what was typed stays";

  const auto renamed =
      request(port(), "POST", "/admin/sections/" + english[0].first, cookie,
              "csrf=" + csrf + "&name=Renamed+desk&slug=" + english[0].second + "&position=0")
          .value();
  EXPECT_EQ(renamed.status, 303) << renamed.body;
  EXPECT_NE(request(port(), "GET", "/en/").value().body.find("Renamed desk"), std::string::npos)
      << "the cached front page was dropped";

  const auto added =
      request(port(), "POST", "/admin/sections/new", cookie,
              "csrf=" + csrf + "&edition=2&name=Letters+from+readers&slug=&position=9")
          .value();
  EXPECT_EQ(added.status, 303) << added.body;
  EXPECT_NE(get("/admin/sections", editor).value().body.find("/en/section/letters-from-readers"),
            std::string::npos);
}

TEST_F(Admin, ContributorsCannotTouchSections) {
  const std::string writer = sign_in("writer@example.org", "a+long+passphrase");
  EXPECT_EQ(get("/admin/sections", writer).value().status, 403);
  const std::string csrf = hidden_csrf(get("/admin/", writer).value().body);
  const auto forged = request(port(), "POST", "/admin/sections/new",
                              kForm + "Cookie: tapchi_session=" + writer + "\r\n",
                              "csrf=" + csrf + "&edition=2&name=Forged&position=1")
                          .value();
  EXPECT_EQ(forged.status, 403);
  const std::string editor = sign_in("moderator@example.org", "a+long+passphrase");
  EXPECT_EQ(get("/admin/sections", editor).value().body.find("Forged"), std::string::npos);
}

TEST_F(Admin, AdminsChangeRolesAndAccessAuditedButNotTheirOwn) {
  const std::string boss = sign_in("boss@example.org", "a+long+passphrase");
  const auto users = get("/admin/users", boss).value();
  ASSERT_EQ(users.status, 200);
  const std::string csrf = hidden_csrf(users.body);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      users.body, m,
      std::regex(R"re(target@example\.org</td>[\s\S]*?action="/admin/users/(\d+)")re")));
  const std::string target = m[1];
  const std::string target_session = sign_in("target@example.org", "a+long+passphrase");
  ASSERT_FALSE(target_session.empty());
  EXPECT_EQ(get("/admin/comments", target_session).value().status, 403) << "an author";

  const auto cookie = kForm + "Cookie: tapchi_session=" + boss + "\r\n";
  const auto promoted = request(port(), "POST", "/admin/users/" + target, cookie,
                                "csrf=" + csrf + "&role=editor&active=1")
                            .value();
  EXPECT_EQ(promoted.status, 303);
  EXPECT_EQ(get("/admin/comments", target_session).value().status, 200)
      << "the new role applies at once";

  const auto disabled =
      request(port(), "POST", "/admin/users/" + target, cookie, "csrf=" + csrf + "&role=editor")
          .value();
  EXPECT_EQ(disabled.status, 303);
  EXPECT_EQ(get("/admin/", target_session).value().status, 303) << "its sessions ended";
  EXPECT_TRUE(sign_in("target@example.org", "a+long+passphrase").empty());

  const auto log = get("/admin/audit", boss).value();
  EXPECT_NE(log.body.find("author → editor"), std::string::npos);
  EXPECT_NE(log.body.find("editor → editor, disabled"), std::string::npos);

  ASSERT_TRUE(std::regex_search(users.body, m, std::regex(R"re(boss@example\.org \(you\))re")));
  // The first account added is the admin's own (id 1): no form for it, and the server refuses.
  const auto self = request(port(), "POST", "/admin/users/1", cookie,
                            "csrf=" + csrf + "&role=contributor&active=1")
                        .value();
  EXPECT_EQ(self.status, 403);
  EXPECT_NE(self.body.find("your own role"), std::string::npos);
  const std::string writer = sign_in("writer@example.org", "a+long+passphrase");
  EXPECT_EQ(get("/admin/users", writer).value().status, 403);
  const auto forged =
      request(port(), "POST", "/admin/users/" + target,
              kForm + "Cookie: tapchi_session=" + writer + "\r\n",
              "csrf=" + hidden_csrf(get("/admin/", writer).value().body) + "&role=admin&active=1")
          .value();
  EXPECT_EQ(forged.status, 403);
}

}  // namespace
}  // namespace tapchi::testing
