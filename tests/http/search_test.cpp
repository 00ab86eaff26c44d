// The search pages of both editions, as readers use them and as hostile queries try them.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "tests/http/harness.h"

namespace tapchi::testing {
namespace {

class Search : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir("search");
    copy_journal(dir_->path());
    server_ = new ServerProcess(dir_->path() / "tapchi.toml");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static HttpResponse get(const std::string& target) {
    auto r = request(server_->port(), "GET", target);
    EXPECT_TRUE(r.has_value()) << target;
    return r.value_or(HttpResponse{});
  }
  // The article links of a results page, in order.
  static std::vector<std::string> hits(const std::string& html) {
    std::vector<std::string> out;
    const std::regex link(R"(<h2><a href="([^"]+\.html)\">)");  // titles of hits
    for (auto it = std::sregex_iterator(html.begin(), html.end(), link);
         it != std::sregex_iterator(); ++it) {
      out.push_back((*it)[1]);
    }
    return out;
  }
  static int result_count(const std::string& html) {
    std::smatch m;
    if (std::regex_search(html, m, std::regex(R"(class="meta result-count">(\d+) )"))) {
      return std::stoi(m[1]);
    }
    return 0;
  }

  static TempDir* dir_;
  static ServerProcess* server_;
};

TempDir* Search::dir_ = nullptr;
ServerProcess* Search::server_ = nullptr;

TEST_F(Search, FindsVietnameseWithOrWithoutMarksInAnyCase) {
  const auto plain = get("/search?q=dien+bien+phu");
  ASSERT_EQ(plain.status, 200);
  const auto found = hits(plain.body);
  ASSERT_FALSE(found.empty()) << plain.body;
  // Điện Biên Phủ and ĐIỆN BIÊN PHỦ, percent-encoded.
  for (const char* q :
       {"%C4%90i%E1%BB%87n+Bi%C3%AAn+Ph%E1%BB%A7", "%C4%90I%E1%BB%86N%20BI%C3%8AN%20PH%E1%BB%A6"}) {
    const auto r = get(std::string("/search?q=") + q);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(hits(r.body), found) << q;
  }
  EXPECT_NE(plain.body.find("<mark>"), std::string::npos);
}

TEST_F(Search, StemsEnglishAndMarksTheWordsFound) {
  const auto r = get("/en/search?q=soldier");
  ASSERT_EQ(r.status, 200);
  ASSERT_GT(result_count(r.body), 0) << r.body;
  EXPECT_EQ(hits(get("/en/search?q=soldiers").body), hits(r.body));
  EXPECT_TRUE(std::regex_search(r.body, std::regex("<mark>[Ss]oldiers?</mark>"))) << r.body;
  for (const auto& href : hits(r.body)) {
    EXPECT_EQ(href.rfind("/en/", 0), 0u) << "only the English edition: " << href;
  }
}

TEST_F(Search, AnswersEveryHostileQueryWithAPageOrAClearMessage) {
  std::string ten_kb(10 * 1024, 'a');
  for (std::size_t k = 7; k < ten_kb.size(); k += 8) {
    ten_kb[k] = '+';
  }
  const std::vector<std::string> queries = {"%22",
                                            "NEAR(a+b)",
                                            "*",
                                            "%3A",
                                            "%5E",
                                            "-",
                                            "-war",
                                            "a%22b",
                                            "title%3Asoldier",
                                            "(((",
                                            "a+OR",
                                            "AND+NOT",
                                            "%2A%2A%2A",
                                            "%7Bx%7D",
                                            "col%3A%22x%22%2A",
                                            ten_kb,
                                            "%00",
                                            "%FF%FE",
                                            "%C3%28",
                                            "soldier%0D%0ASet-Cookie:x=1",
                                            "-%22cold+war%22",
                                            "%E2%80%AE",
                                            "a*b*c",
                                            "%25%25",
                                            "'+OR+1=1--"};
  for (const std::string& q : queries) {
    for (const char* edition : {"/", "/en/"}) {
      const auto r = get(std::string(edition) + "search?q=" + q);
      EXPECT_TRUE(r.status == 200 || r.status == 400)
          << edition << " q=" << q.substr(0, 40) << " → " << r.status;
      if (r.status == 200) {
        const bool answered = r.body.find("class=\"notice\"") != std::string::npos ||
                              r.body.find("result-count") != std::string::npos;
        EXPECT_TRUE(answered) << "q=" << q.substr(0, 40);
      }
    }
  }
  EXPECT_NE(get("/en/search?q=-war").body.find("cannot only leave words out"), std::string::npos);
  EXPECT_NE(get("/en/search?q=" + std::string(600, 'a')).body.find("too long"), std::string::npos);
  EXPECT_NE(get("/en/search?q=%3A%5E").body.find("Type one or more words"), std::string::npos);
}

TEST_F(Search, EscapesTheQueryExactlyOnce) {
  const auto r = get("/en/search?q=%3Cscript%3Ealert(1)%3C/script%3E+%26amp%3B");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;\""),
            std::string::npos)
      << r.body.substr(0, 3000);
  EXPECT_EQ(r.body.find("&amp;lt;"), std::string::npos) << "escaped twice";
}

TEST_F(Search, KeepsFiltersAndSortInThePager) {
  // A common word, so that there is a second page.
  const auto all = get("/en/search?q=the&sort=newest");
  ASSERT_GT(result_count(all.body), 20) << all.body.substr(0, 2000);
  std::smatch next;
  ASSERT_TRUE(std::regex_search(all.body, next, std::regex(R"(rel="next" href="([^"]+)\")")));
  EXPECT_NE(next[1].str().find("sort=newest"), std::string::npos);
  EXPECT_NE(next[1].str().find("q=the"), std::string::npos);
  EXPECT_NE(next[1].str().find("page=2"), std::string::npos);
  // Newest first: the dates of the hits never rise.
  std::vector<std::string> times;
  const std::regex time(R"(<time datetime="([^"]+)\")");
  for (auto it = std::sregex_iterator(all.body.begin(), all.body.end(), time);
       it != std::sregex_iterator(); ++it) {
    times.push_back((*it)[1]);
  }
  ASSERT_GT(times.size(), 2u);
  EXPECT_TRUE(std::is_sorted(times.rbegin(), times.rend()));

  const auto section_page = get("/en/");
  std::smatch section;
  ASSERT_TRUE(std::regex_search(section_page.body, section,
                                std::regex(R"(href="/en/section/([a-z0-9-]+)\")")));
  const std::string filtered_target = "/en/search?q=the&section=" + section[1].str();
  const auto filtered = get(filtered_target);
  ASSERT_EQ(filtered.status, 200);
  EXPECT_LT(result_count(filtered.body), result_count(all.body));
  EXPECT_NE(filtered.body.find("<option value=\"" + section[1].str() + "\" selected>"),
            std::string::npos);
  if (std::regex_search(filtered.body, next, std::regex(R"(rel="next" href="([^"]+)\")"))) {
    EXPECT_NE(next[1].str().find("section=" + section[1].str()), std::string::npos);
  }
}

TEST_F(Search, SaysWhenNothingMatchesAndOffersToDropTheFilters) {
  const auto r = get("/en/search?q=soldier&from=1990-01-01&to=1990-01-31");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("No article matches your search."), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/en/search?q=soldier\""), std::string::npos) << r.body;
  const auto bad = get("/en/search?q=soldier&from=yesterday");
  EXPECT_NE(bad.body.find("YYYY-MM-DD"), std::string::npos);
  EXPECT_GT(result_count(bad.body), 0) << "a bad date is left out, not the search";
}

TEST_F(Search, EveryPageHasTheSearchBox) {
  for (const std::string path : {"/", "/en/", "/en/archive/", "/nothing-here"}) {
    const auto r = get(path);
    const std::string action = path.rfind("/en/", 0) == 0 ? "/en/search" : "/search";
    EXPECT_NE(r.body.find("<form class=\"masthead-search\" action=\"" + action + "\""),
              std::string::npos)
        << path;
  }
}

TEST_F(Search, APageBeyondTheLastIsNotFound) {
  EXPECT_EQ(get("/en/search?q=soldier&page=999").status, 404);
  EXPECT_EQ(get("/en/search?q=soldier&page=x").status, 404);
}

// A published article is findable as soon as it is readable: the import's write reaches the
// running server, whose cached results pages are dropped with the rest.
TEST(SearchImport, FindsAnArticleImportedWhileServing) {
  TempDir dir("search-import");
  ASSERT_EQ(run_tapchi({"init", dir.path().string() + "/j"}).exit_code, 0);
  const auto config = dir.path() / "j" / "tapchi.toml";
  ServerProcess server(config);
  const auto before = request(server.port(), "GET", "/en/search?q=zanzibar");
  ASSERT_TRUE(before);
  EXPECT_NE(before->body.find("No article matches"), std::string::npos);
  std::filesystem::create_directories(dir.path() / "in");
  std::ofstream(dir.path() / "in" / "z.md")
      << "+++\ntitle = \"Harbour of Zanzibar\"\nedition = \"en\"\n"
         "published = 2021-05-04T09:30:00+07:00\n+++\nDhows in the harbour.\n";
  const auto imported =
      run_tapchi({"import", "markdown", (dir.path() / "in").string(), "--config", config.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  std::optional<HttpResponse> after;
  for (int i = 0; i < 40; ++i) {
    after = request(server.port(), "GET", "/en/search?q=zanzibar");
    if (after && after->body.find("<mark>Zanzibar</mark>") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(after);
  EXPECT_NE(after->body.find("Harbour of <mark>Zanzibar</mark>"), std::string::npos) << after->body;
}

}  // namespace
}  // namespace tapchi::testing

namespace tapchi::testing {
namespace {

TEST(SearchCli, ReindexRebuildsTheIndexAndReportsProgress) {
  TempDir dir("search-reindex");
  copy_journal(dir.path());
  const auto config = dir.path() / "tapchi.toml";
  const auto r = run_tapchi({"reindex", "--config", config.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(Indexed (\d+) articles in [0-9.]+ s\.)")))
      << r.out;
  const std::string n = m[1];
  EXPECT_GT(std::stoi(n), 0);
  EXPECT_NE(r.out.find("Indexing articles: " + n + " of " + n + " (100%)"), std::string::npos)
      << r.out;
  ServerProcess server(config);
  const auto found = request(server.port(), "GET", "/en/search?q=soldier");
  ASSERT_TRUE(found);
  EXPECT_NE(found->body.find("result-count"), std::string::npos);
}

}  // namespace
}  // namespace tapchi::testing

namespace tapchi::testing {
namespace {

// "2026-11-28T18:00:00Z"
std::string date_time_utc(std::chrono::system_clock::time_point t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm parts{};
  ::gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

// Feeds, sitemaps, robots.txt and page metadata read by real parsers (feedparser, an XML and a
// JSON parser, in tests/http/check_discovery.py), over the demo journal and one imported article
// whose title and body try to break out of XML, CDATA and <script>.
TEST(Discovery, FeedsSitemapsAndMetadataParseWithTheirFields) {
  TempDir dir("discovery");
  copy_journal(dir.path());
  const auto config = dir.path() / "tapchi.toml";
  const std::string hostile = R"(Tom & Jerry <b>"quoted"</b> ]]> </script><script>x</script>)";
  const auto published = std::chrono::system_clock::now() - std::chrono::hours{1};
  std::filesystem::create_directories(dir.path() / "in");
  std::string toml_title;
  for (const char c : hostile) {
    toml_title += c == '"' ? std::string("\\\"") : std::string(1, c);
  }
  std::ofstream(dir.path() / "in" / "hostile.md")
      << "+++\ntitle = \"" << toml_title << "\"\nedition = \"en\"\nsection = \"Defence\"\n"
      << "published = " << date_time_utc(published) << "\n+++\n"
      << "A body with ]]> and </script> and <!-- a comment --> in it, long enough to count.\n";
  const auto imported =
      run_tapchi({"import", "markdown", (dir.path() / "in").string(), "--config", config.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  ServerProcess server(config);
  const std::string command =
      "/usr/bin/python3 " + std::string(TAPCHI_SOURCE_DIR) +
      "/tests/http/check_discovery.py http://127.0.0.1:" + std::to_string(server.port()) +
      " http://journal.test '" + std::regex_replace(hostile, std::regex("'"), "'\\''") + "' 2>&1";
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
    out += buffer;
  }
  const int status = ::pclose(pipe);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("0 failed checks"), std::string::npos) << out;
}

}  // namespace
}  // namespace tapchi::testing

namespace tapchi::testing {
namespace {

TEST_F(Search, FeedsAndSitemapsAnswerConditionalRequestsLikePages) {
  for (const std::string path : {"/en/feed", "/feed/atom", "/sitemap.xml", "/sitemap-vi-1.xml"}) {
    const auto first = get(path);
    ASSERT_EQ(first.status, 200) << path;
    const auto etag = first.headers.find("etag");
    ASSERT_NE(etag, first.headers.end()) << path;
    const auto again =
        request(server_->port(), "GET", path, "If-None-Match: " + etag->second + "\r\n");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304) << path;
  }
  EXPECT_EQ(get("/sitemap-vi-2.xml").status, 404) << "past the last file";
  EXPECT_EQ(get("/sitemap-fr-1.xml").status, 404) << "no such edition";
  EXPECT_EQ(get("/en/section/no-such-section/feed").status, 404);
}

TEST_F(Search, ServesTheSiteIcons) {
  const auto ico = get("/favicon.ico");
  ASSERT_EQ(ico.status, 200);
  EXPECT_EQ(ico.headers.at("content-type"), "image/x-icon");
  EXPECT_EQ(ico.body.substr(0, 4), std::string("\0\0\1\0", 4)) << "an ICO header";
  const auto touch = get("/apple-touch-icon.png");
  ASSERT_EQ(touch.status, 200);
  EXPECT_EQ(touch.body.substr(1, 3), "PNG");
  const auto page = get("/en/");
  EXPECT_NE(page.body.find(R"(<link rel="icon" href="/favicon.ico")"), std::string::npos);
  EXPECT_NE(page.body.find(R"(<link rel="apple-touch-icon" href="/apple-touch-icon.png">)"),
            std::string::npos);
}

}  // namespace
}  // namespace tapchi::testing
