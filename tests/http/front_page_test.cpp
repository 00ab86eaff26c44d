// The front page is the editors' choice: a pinned lead and ordered top stories, pins that lapse
// at their time, and a lead with a photo when nothing is pinned.
#include <chrono>
#include <regex>
#include <thread>

#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

class FrontPage : public Admin {
 protected:
  // The lead story's link on a front page, and the top stories' links in order.
  static std::string lead_of(const std::string& html) {
    return first_match(html, R"re(<article class="lead-story">[\s\S]*?<h2><a href="([^"]+)")re");
  }
  static std::vector<std::string> latest_of(const std::string& html) {
    const std::string list =
        first_match(html, R"re(<ul class="teasers compact">([\s\S]*?)</ul>)re");
    std::vector<std::string> out;
    const std::regex link(R"re(<h3><a href="([^"]+)")re");
    for (std::sregex_iterator it(list.begin(), list.end(), link), end; it != end; ++it) {
      out.push_back((*it)[1].str());
    }
    return out;
  }
  static std::string id_of(const std::string& href) { return first_match(href, R"(-(\d+)\.html)"); }

  // The site's wall clock (Asia/Ho_Chi_Minh) `seconds` from now, as a datetime-local field.
  static std::string local_in(int seconds) {
    const auto t =
        std::chrono::system_clock::now() + std::chrono::seconds{seconds} + std::chrono::hours{7};
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    return text;
  }

  static std::string en_edition(const Who& w) {
    const std::string tabs = get("/admin/front", w.session).value().body;
    return first_match(tabs, R"re(href="/admin/front\?edition=(\d+)">Test Journal)re");
  }
};

TEST_F(FrontPage, WithoutPinsTheLeadIsTheNewestArticleWithAPhoto) {
  const Who editor = as("changer@example.org");
  const std::string edition = en_edition(editor);
  ASSERT_FALSE(edition.empty());
  const auto made =
      post(editor, "/admin/articles/new",
           "edition=" + edition + "&action=publish&title=A+story+without+a+photo&body=Text+only");
  ASSERT_EQ(made.status, 303);
  const std::string home = request(port(), "GET", "/en/").value().body;
  const std::string lead =
      first_match(home, R"re(<article class="lead-story">([\s\S]*?)</article>)re");
  EXPECT_NE(lead.find("<img"), std::string::npos) << lead;
  EXPECT_EQ(lead.find("A story without a photo"), std::string::npos);
  // The newest article is still among the latest, first.
  const auto latest = latest_of(home);
  ASSERT_FALSE(latest.empty());
  EXPECT_NE(latest.front().find("a-story-without-a-photo"), std::string::npos);
}

TEST_F(FrontPage, EditorsPinTheLeadAndTopStoriesUntilThePinsLapse) {
  const Who editor = as("changer@example.org");
  const std::string edition = en_edition(editor);
  const std::string before = request(port(), "GET", "/en/").value().body;
  const auto latest = latest_of(before);
  ASSERT_GE(latest.size(), 4u);
  // The oldest of the latest becomes the lead; another goes first among the top stories
  // for a few seconds only.
  const std::string chosen_lead = id_of(latest[3]);
  const std::string chosen_top = id_of(latest[2]);
  const std::string until = local_in(4);
  const auto saved = post(editor, "/admin/front?edition=" + edition + "&section=0",
                          "article_0=" + chosen_lead + "&until_0=&article_1=" + chosen_top +
                              "&until_1=" + encoded(until));
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 2000);
  std::string home = request(port(), "GET", "/en/").value().body;
  EXPECT_EQ(id_of(lead_of(home)), chosen_lead);
  auto top = latest_of(home);
  ASSERT_FALSE(top.empty());
  EXPECT_EQ(id_of(top.front()), chosen_top);
  for (const std::string& href : top) {
    EXPECT_NE(id_of(href), chosen_lead);  // shown once
  }
  // The back office shows the choice; the audit log has it.
  const std::string form =
      get("/admin/front?edition=" + edition + "&section=0", editor.session).value().body;
  EXPECT_NE(form.find("value=\"" + chosen_lead + "\" selected"), std::string::npos);
  const auto audit = query(dir_->path() / "data" / "tapchi.db",
                           "SELECT detail FROM audit_log WHERE action = 'front'");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_NE(audit[0][0].find("lead: article " + chosen_lead), std::string::npos);

  // The top story's pin lapses: the cached front page changes by itself.
  std::this_thread::sleep_for(std::chrono::seconds{5});
  home = request(port(), "GET", "/en/").value().body;
  EXPECT_EQ(id_of(lead_of(home)), chosen_lead);  // pinned without a time
  top = latest_of(home);
  ASSERT_FALSE(top.empty());
  EXPECT_NE(id_of(top.front()), chosen_top);
}

TEST_F(FrontPage, ChoicesThatCannotHoldAreRefusedBesideTheirPlace) {
  const Who editor = as("changer@example.org");
  const std::string edition = en_edition(editor);
  const auto pins = [&] {
    return query(dir_->path() / "data" / "tapchi.db", "SELECT * FROM front_pins");
  };
  const auto before = pins();
  const std::string vi_article = first_match(request(port(), "GET", "/").value().body,
                                             R"re(href="/[a-z0-9-]+-(\d+)\.html")re");
  const auto refused =
      post(editor, "/admin/front?edition=" + edition + "&section=0",
           "article_0=" + vi_article + "&article_1=999999&until_1=2001-01-01T00%3A00");
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("There is no article with this number in this edition."),
            std::string::npos);
  EXPECT_NE(refused.body.find("This time has passed."), std::string::npos);
  EXPECT_EQ(pins(), before);
  // Contributors and authors do not choose the front page.
  const Who writer = as("writer@example.org");
  EXPECT_EQ(get("/admin/front", writer.session).value().status, 403);
  EXPECT_EQ(post(writer, "/admin/front?edition=" + edition + "&section=0", "article_0=1").status,
            403);
}

TEST_F(FrontPage, ASectionPageStartsWithItsPins) {
  const Who editor = as("changer@example.org");
  const std::string edition = en_edition(editor);
  const std::string pages = get("/admin/front?edition=" + edition, editor.session).value().body;
  const std::string section =
      first_match(pages, R"re(href="/admin/front\?edition=\d+&amp;section=([1-9]\d*)")re");
  ASSERT_FALSE(section.empty()) << pages.substr(0, 3000);
  const std::string form =
      get("/admin/front?edition=" + edition + "&section=" + section, editor.session).value().body;
  const std::string public_href = first_match(form, R"re(<a href="(/en/section/[^"]+)">)re");
  ASSERT_FALSE(public_href.empty());
  const std::string list = request(port(), "GET", public_href).value().body;
  std::vector<std::string> ids;
  const std::regex link(R"re(<h2><a href="/en/[a-z0-9-]+-(\d+)\.html")re");
  for (std::sregex_iterator it(list.begin(), list.end(), link), end; it != end; ++it) {
    ids.push_back((*it)[1].str());
  }
  ASSERT_GE(ids.size(), 2u) << list.substr(0, 3000);
  const std::string last = ids.back();
  ASSERT_EQ(
      post(editor, "/admin/front?edition=" + edition + "&section=" + section, "article_0=" + last)
          .status,
      303);
  const std::string after = request(port(), "GET", public_href).value().body;
  EXPECT_EQ(first_match(after, R"re(<h2><a href="/en/[a-z0-9-]+-(\d+)\.html")re"), last);
}

}  // namespace
}  // namespace tapchi::testing
