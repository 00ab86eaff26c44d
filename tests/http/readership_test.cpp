// Readers' views counted by the real server: an article page read by browsers counts once per
// read, whether the page came from the cache or not; robots, HEAD requests and other pages do
// not count; nothing about the reader is stored; the counts reach the database within the
// write interval and when the server stops.
#include <algorithm>
#include <csignal>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

constexpr const char* kFirefox =
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n";

class Readership : public Admin {
 protected:
  static void SetUpTestSuite() {
    start_journal(
        "[readership]\nwrite_seconds = 1\nmost_read = 3\nmost_read_refresh_seconds = 1\n");
  }

  static std::filesystem::path database() { return dir_->path() / "data" / "tapchi.db"; }

  // The views the database holds for article `id`, summed over its days.
  static long long views_of(const std::string& id) {
    const auto rows = query(
        database(), "SELECT COALESCE(SUM(views), 0) FROM article_views WHERE article_id = " + id);
    return rows.empty() ? -1 : std::stoll(rows[0][0]);
  }

  // Waits up to 5 s for article `id` to have `expected` views written.
  static long long wait_for_views(const std::string& id, long long expected) {
    long long seen = views_of(id);
    for (int i = 0; i < 50 && seen != expected; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      seen = views_of(id);
    }
    return seen;
  }
};

TEST_F(Readership, BrowsersReadsOfAnArticleCountCachedOrNotAndRobotsDoNot) {
  const std::string home = request(port(), "GET", "/en/").value().body;
  const std::string path = first_match(home, R"re(href="(/en/[a-z0-9-]+-\d+\.html)")re");
  ASSERT_FALSE(path.empty()) << home.substr(0, 500);
  const std::string id = first_match(path, R"(-(\d+)\.html)");
  const long long before = views_of(id);

  for (int i = 0; i < 3; ++i) {  // the first renders the page, the others come from the cache
    const auto r = request(port(), "GET", path, kFirefox);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
  }
  for (const char* robot :
       {"User-Agent: Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)\r\n",
        "User-Agent: curl/7.88.1\r\n", ""}) {
    ASSERT_EQ(request(port(), "GET", path, robot).value().status, 200);
  }
  ASSERT_EQ(request(port(), "HEAD", path, kFirefox).value().status, 200);
  ASSERT_EQ(request(port(), "GET", "/en/", kFirefox).value().status, 200);  // no article
  ASSERT_EQ(request(port(), "GET", path, std::string(kFirefox) + "Sec-Purpose: prefetch\r\n")
                .value()
                .status,
            200);

  EXPECT_EQ(wait_for_views(id, before + 3), before + 3);
  // Only counts are kept: no address, agent or cookie of a reader.
  const auto columns =
      query(database(), is_on_postgres() ? "SELECT column_name FROM information_schema.columns "
                                           "WHERE table_name = 'article_views'"
                                         : "SELECT name FROM pragma_table_info('article_views')");
  std::set<std::string> names;
  for (const auto& row : columns) {
    names.insert(row[0]);
  }
  EXPECT_EQ(names, (std::set<std::string>{"article_id", "day", "views"}));
}

TEST_F(Readership, TheMostReadShowOnTheFrontAndSectionPagesMostFirst) {
  const std::string home = request(port(), "GET", "/en/").value().body;
  std::vector<std::string> paths;
  std::smatch m;
  for (auto it = home.cbegin();
       paths.size() < 4 &&
       std::regex_search(it, home.cend(), m,
                         std::regex(R"re(href="(/en/[a-z0-9-]+-\d+\.html)")re"));
       it = m.suffix().first) {
    if (std::find(paths.begin(), paths.end(), m[1].str()) == paths.end()) {
      paths.push_back(m[1]);
    }
  }
  ASSERT_EQ(paths.size(), 4u);
  // Read the fourth 30 times, the third 20 times, the second 10 times; the first is not read.
  for (int reads : {10, 20, 30}) {
    const std::string& path = paths[static_cast<std::size_t>(reads / 10)];
    for (int i = 0; i < reads; ++i) {
      ASSERT_EQ(request(port(), "GET", path, kFirefox).value().status, 200);
    }
  }
  std::string block;
  for (int i = 0; i < 60 && block.find(paths[1]) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::string page = request(port(), "GET", "/en/").value().body;
    const auto at = page.find("class=\"most-read\"");
    block = at == std::string::npos ? "" : page.substr(at, page.find("</section>", at) - at);
  }
  ASSERT_FALSE(block.empty()) << "no Most read block on the front page";
  EXPECT_NE(block.find(">Most read<"), std::string::npos) << block;
  const auto third = block.find(paths[3]), second = block.find(paths[2]),
             first = block.find(paths[1]);
  ASSERT_NE(first, std::string::npos) << block;
  EXPECT_LT(third, second) << "most read first: " << block;
  EXPECT_LT(second, first) << block;
  EXPECT_EQ(block.find(paths[0]), std::string::npos) << "never read" << block;

  const std::string vi_home = request(port(), "GET", "/").value().body;
  EXPECT_EQ(vi_home.find(paths[3]), std::string::npos) << "another edition's most read";
  // A section page shows the edition's most read too, in its language.
  const std::string section = first_match(home, R"re(href="(/en/section/[a-z0-9-]+)")re");
  ASSERT_FALSE(section.empty());
  const std::string listed = request(port(), "GET", section).value().body;
  EXPECT_NE(listed.find("class=\"most-read\""), std::string::npos);
  EXPECT_NE(listed.find(paths[3]), std::string::npos);
}

TEST_F(Readership, ViewsCountedAtShutdownAreWritten) {
  TempDir dir("views-stop");
  copy_journal(dir.path());
  // Written every hour: only stopping the server writes them within this test.
  std::ofstream(dir.path() / "tapchi.toml", std::ios::app)
      << "\n[readership]\nwrite_seconds = 3600\n";
  ServerProcess server(dir.path() / "tapchi.toml");
  const std::string home = request(server.port(), "GET", "/en/").value().body;
  const std::string path = first_match(home, R"re(href="(/en/[a-z0-9-]+-\d+\.html)")re");
  const std::string id = first_match(path, R"(-(\d+)\.html)");
  const auto db = dir.path() / "data" / "tapchi.db";
  const auto views = [&] {
    return query(db, "SELECT COALESCE(SUM(views), 0) FROM article_views WHERE article_id = " + id)
        .at(0)
        .at(0);
  };
  const std::string before = views();
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(request(server.port(), "GET", path, kFirefox).value().status, 200);
  }
  EXPECT_EQ(views(), before) << "not written yet";
  server.signal(SIGTERM);
  ASSERT_EQ(server.wait_exit(std::chrono::seconds(15)), 0);
  EXPECT_EQ(std::stoll(views()), std::stoll(before) + 2);
}

}  // namespace
}  // namespace tapchi::testing
