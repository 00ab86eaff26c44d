#include <fstream>
#include <regex>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>

#include "tests/http/harness.h"

namespace tapchi::testing {
namespace {

using std::chrono::milliseconds;

std::string config_text() {
  return R"(
[site]
name = "Tạp chí Thử nghiệm"
base_url = "http://journal.test"
time_zone = "Asia/Ho_Chi_Minh"

[server]
threads = 2

[limits]
max_body_bytes = 4096
header_timeout_ms = 700
idle_timeout_ms = 700
body_timeout_ms = 5000
shutdown_timeout_ms = 5000

[[editions]]
code = "vi"
language = "vi"
name = "Tạp chí Thử nghiệm"
prefix = "/"

[[editions]]
code = "en"
language = "en"
name = "Test Journal"
prefix = "/en/"
)";
}

void write(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// Twenty-five English articles in one section, for pagination.
void write_bulk_articles(const std::filesystem::path& dir) {
  for (int i = 0; i < 25; ++i) {
    write(dir / ("bulk-" + std::to_string(100 + i) + ".md"),
          "+++\ntitle = \"Bulk story " + std::to_string(i) +
              "\"\nedition = \"en\"\nsection = \"Bulk\"\ntags = [\"bulk\"]\n"
              "published = 2020-03-" +
              (i + 1 < 10 ? "0" : "") + std::to_string(i + 1) +
              "T08:00:00+07:00\n[[authors]]\nname = \"Bulk Writer\"\nposition = \"Desk editor\"\n"
              "+++\nBody of story " +
              std::to_string(i) + ".\n");
  }
}

}  // namespace

// Writes the suite's journal (demo content plus 25 imported articles) into `dir`; ctest runs this
// once, before the tests, which each copy it.
int prepare_journal(const std::filesystem::path& dir) {
  std::filesystem::remove_all(dir);
  drop_database_of(dir);
  write(dir / "tapchi.toml", config_text());
  const auto demo = run_tapchi({"demo", "--config", (dir / "tapchi.toml").string()});
  if (demo.exit_code != 0) {
    std::fprintf(stderr, "demo failed: %s\n", demo.out.c_str());
    return 1;
  }
  write_bulk_articles(dir / "bulk");
  const auto imported = run_tapchi(
      {"import", "markdown", (dir / "bulk").string(), "-c", (dir / "tapchi.toml").string()});
  if (imported.exit_code != 0) {
    std::fprintf(stderr, "import failed: %s\n", imported.out.c_str());
    return 1;
  }
  return 0;
}

namespace {

// A copy of the prepared journal, served for the tests of this process.
class Site : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir("site");
    copy_journal(dir_->path());
    config_ = dir_->path() / "tapchi.toml";
    server_ = new ServerProcess(config_);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static int port() { return server_->port(); }
  static HttpResponse get(const std::string& target) {
    auto r = request(port(), "GET", target);
    EXPECT_TRUE(r.has_value()) << target;
    return r.value_or(HttpResponse{});
  }
  // The first article link of the English front page.
  static std::string first_english_article() {
    const std::string html = get("/en/").body;
    std::smatch m;
    EXPECT_TRUE(std::regex_search(html, m, std::regex(R"(href="(/en/[a-z0-9-]+-\d+\.html)\")")));
    return m[1];
  }

  static TempDir* dir_;
  static std::filesystem::path config_;
  static ServerProcess* server_;
};

TempDir* Site::dir_ = nullptr;
std::filesystem::path Site::config_;
ServerProcess* Site::server_ = nullptr;

// Asserts that `needles` occur in `html` in this order.
void expect_in_order(const std::string& html, const std::vector<std::string>& needles) {
  std::size_t at = 0;
  for (const std::string& needle : needles) {
    const auto found = html.find(needle, at);
    ASSERT_NE(found, std::string::npos) << "missing (in order): " << needle;
    at = found + needle.size();
  }
}

TEST_F(Site, FrontPagesAnswerInTheirLanguageWithTheSiteClock) {
  const auto vi = get("/");
  EXPECT_EQ(vi.status, 200);
  EXPECT_EQ(vi.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(vi.body.find("<html lang=\"vi\">"), std::string::npos);
  EXPECT_TRUE(std::regex_search(
      vi.body,
      std::regex(
          R"(class="site-clock">(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d\d/\d\d/\d{4}, \d\d:\d\d \(GMT\+7\)<)")));
  const auto en = get("/en/");
  EXPECT_EQ(en.status, 200);
  EXPECT_NE(en.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_TRUE(std::regex_search(
      en.body,
      std::regex(
          R"(class="site-clock">[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4}, \d\d:\d\d \(GMT\+7\)<)")));
  EXPECT_NE(en.body.find("class=\"lead-story\""), std::string::npos);
  EXPECT_NE(en.body.find("href=\"/en/section/defence\""), std::string::npos);
  EXPECT_EQ(get("/en").status, 301);
}

TEST_F(Site, ArticlePageShowsTheReferenceElementsInOrder) {
  const std::string href = first_english_article();
  const auto page = get(href);
  ASSERT_EQ(page.status, 200);
  expect_in_order(page.body, {"class=\"site-clock\"",
                              "<p class=\"dateline\"><time datetime=\"",
                              "(GMT+7)</time>",
                              "<h1>",
                              "<p class=\"lead\">",
                              "<figure class=\"photo featured\">",
                              "<figcaption>",
                              "<span class=\"credit\">(photo: ",
                              "<div class=\"body\">",
                              "<h2>1. ",
                              "<blockquote>",
                              "<h2>2. ",
                              "<p class=\"byline\">",
                              "rel=\"author\">",
                              ", ",
                              "rel=\"tag\"",
                              "Read in Vietnamese",
                              "Your Comment (",
                              "<section class=\"related\"",
                              "class=\"excerpt\""});
  EXPECT_TRUE(std::regex_search(
      page.body,
      std::regex(
          R"(<img src="/media/[^"]+" srcset="[^"]+-320\.jpg 320w, [^"]+" sizes="[^"]+" width="\d+" height="\d+" alt="[^"]+")")))
      << "the photo, offered in its variants";
  EXPECT_NE(page.body.find("<link rel=\"alternate\" hreflang=\"vi\""), std::string::npos);
  EXPECT_NE(page.body.find("<link rel=\"canonical\" href=\"http://journal.test" + href + "\">"),
            std::string::npos);
}

TEST_F(Site, VietnameseArticleWritesDatesTheVietnameseWay) {
  const std::string html = get("/").body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(html, m, std::regex(R"(href="(/[a-z0-9-]+-\d+\.html)\")")));
  const auto page = get(m[1]);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(std::regex_search(
      page.body,
      std::regex(
          R"(<time datetime="[^"]+">(Thứ [^,]+|Chủ Nhật), \d\d/\d\d/\d{4}, \d\d:\d\d \(GMT\+7\)</time>)")));
  EXPECT_NE(page.body.find("Ý kiến của bạn ("), std::string::npos);
  EXPECT_NE(page.body.find("(Ảnh: "), std::string::npos);
}

TEST_F(Site, ArticleCountsAndShowsApprovedComments) {
  // Demo stories 0, 3, 6… carry two reader comments and a staff reply.
  const auto page = get(first_english_article());
  EXPECT_NE(page.body.find("Your Comment (3)"), std::string::npos);
  EXPECT_NE(page.body.find("<span class=\"staff\">Editorial staff</span>"), std::string::npos);
  EXPECT_NE(page.body.find("<ol class=\"replies\">"), std::string::npos);
}

TEST_F(Site, OldSlugRedirectsToTheCurrentUrl) {
  const std::string href = first_english_article();
  const std::string id = std::regex_replace(href, std::regex(R"(.*-(\d+)\.html)"), "$1");
  const auto moved = get("/en/an-old-title-" + id + ".html");
  EXPECT_EQ(moved.status, 301);
  EXPECT_EQ(moved.header("location"), href);
  EXPECT_EQ(get("/en/an-old-title-999999.html").status, 404);
  EXPECT_EQ(get("/en/no-id-here.html").status, 404);
  // An article of the other edition is not found under this prefix.
  const std::string vi_html = get("/").body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(vi_html, m, std::regex(R"(href="/([a-z0-9-]+-\d+\.html)\")")));
  EXPECT_EQ(get("/en/" + std::string(m[1])).status, 404);
}

TEST_F(Site, SectionPaginatesByTwenty) {
  const auto first = get("/en/section/bulk");
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(first.body.find("Page 1 of 2"), std::string::npos);
  EXPECT_NE(first.body.find("rel=\"next\" href=\"/en/section/bulk?page=2\""), std::string::npos);
  EXPECT_EQ(first.body.find("rel=\"prev\""), std::string::npos);
  EXPECT_NE(first.body.find("Bulk story 24"), std::string::npos);
  const auto second = get("/en/section/bulk?page=2");
  ASSERT_EQ(second.status, 200);
  EXPECT_NE(second.body.find("rel=\"prev\" href=\"/en/section/bulk\""), std::string::npos);
  EXPECT_EQ(second.body.find("rel=\"next\""), std::string::npos);
  EXPECT_NE(second.body.find("Bulk story 0<"), std::string::npos);
  for (const char* bad : {"?page=3", "?page=0", "?page=-1", "?page=abc", "?page="}) {
    EXPECT_EQ(get(std::string("/en/section/bulk") + bad).status, 404) << bad;
  }
  EXPECT_EQ(get("/en/section/no-such-section").status, 404);
}

TEST_F(Site, TagAuthorAndArchivePagesList) {
  const auto tag = get("/en/tag/bulk");
  EXPECT_EQ(tag.status, 200);
  EXPECT_NE(tag.body.find("#bulk"), std::string::npos);
  const auto author = get("/en/author/bulk-writer");
  EXPECT_EQ(author.status, 200);
  EXPECT_NE(author.body.find("<p class=\"position\">Desk editor</p>"), std::string::npos);
  EXPECT_NE(author.body.find("Bulk story 24<"), std::string::npos);
  const auto archive = get("/en/archive/");
  EXPECT_EQ(archive.status, 200);
  EXPECT_NE(archive.body.find("href=\"/en/archive/2020/03\">March 2020</a>"), std::string::npos);
  EXPECT_NE(archive.body.find("(25 articles)"), std::string::npos);
  const auto month = get("/en/archive/2020/03");
  EXPECT_EQ(month.status, 200);
  EXPECT_NE(month.body.find("Bulk story 5<"), std::string::npos);
  EXPECT_NE(month.body.find("rel=\"next\" href=\"/en/archive/2020/03?page=2\""), std::string::npos);
  EXPECT_EQ(get("/en/archive/2020/13").status, 404);
  EXPECT_EQ(get("/en/archive/20/03").status, 404);
  EXPECT_EQ(get("/archive/").status, 200);
}

TEST_F(Site, UnknownPathAnswersTheThemes404) {
  const auto en = get("/en/no/such/page");
  EXPECT_EQ(en.status, 404);
  EXPECT_NE(en.body.find("Page not found"), std::string::npos);
  EXPECT_NE(en.body.find("<html lang=\"en\">"), std::string::npos);
  const auto vi = get("/khong-co-trang-nay");
  EXPECT_EQ(vi.status, 404);
  EXPECT_NE(vi.body.find("Không tìm thấy trang"), std::string::npos);
}

TEST_F(Site, UnsupportedMethodAnswers405WithAllow) {
  auto r = request(port(), "POST", "/en/", "", "x=1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->header("allow"), "GET, HEAD");
  auto brew = request(port(), "BREW", "/");
  ASSERT_TRUE(brew);
  EXPECT_EQ(brew->status, 405);
  auto unknown = request(port(), "DELETE", "/nothing-here");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(Site, MalformedRequestsAnswer400) {
  for (const std::string raw :
       {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
        "GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"}) {
    Connection c(port());
    c.send(raw);
    auto r = c.read_response();
    ASSERT_TRUE(r) << raw;
    EXPECT_EQ(r->status, 400) << raw;
  }
}

TEST_F(Site, InvalidUtf8AndDotSegmentsAnswer400) {
  for (const char* target :
       {"/%C3%28", "/en/%FF", "/../etc/passwd", "/static/..%2F..%2Fetc%2Fpasswd",
        "/media/2020/03/..%2f..%2f..%2ftapchi.db", "/en/%2e%2e/"}) {
    auto r = request(port(), "GET", target);
    ASSERT_TRUE(r) << target;
    EXPECT_EQ(r->status, 400) << target;
  }
}

TEST_F(Site, BodyOverTheLimitAnswers413) {
  auto r = request(port(), "POST", "/en/", "", std::string(4097, 'x'));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  Connection c(port());
  c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n");
  auto declared = c.read_response();
  ASSERT_TRUE(declared);
  EXPECT_EQ(declared->status, 413);
  // At the limit the body is read and the route answers.
  auto at_limit = request(port(), "POST", "/en/", "", std::string(4096, 'x'));
  ASSERT_TRUE(at_limit);
  EXPECT_EQ(at_limit->status, 405);
}

TEST_F(Site, HeadersOver16KiBAnswer431) {
  auto r = request(port(), "GET", "/", "X-Big: " + std::string(17 * 1024, 'a') + "\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  auto under = request(port(), "GET", "/", "X-Big: " + std::string(15 * 1024, 'a') + "\r\n");
  ASSERT_TRUE(under);
  EXPECT_EQ(under->status, 200);
}

TEST_F(Site, HeadSendsGetsHeadersWithoutBody) {
  const std::string href = first_english_article();
  const auto full = get(href);
  auto head = request(port(), "HEAD", href);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("content-length"), std::to_string(full.body.size()));
  EXPECT_TRUE(head->body.empty());
}

TEST_F(Site, ServesAHundredRequestsOnOneConnection) {
  Connection c(port());
  for (int i = 0; i < 100; ++i) {
    c.send(std::string("GET ") + (i % 2 ? "/en/" : "/healthz") + " HTTP/1.1\r\nHost: x\r\n\r\n");
    auto r = c.read_response();
    ASSERT_TRUE(r) << "request " << i;
    ASSERT_EQ(r->status, 200) << "request " << i;
  }
}

TEST_F(Site, SlowClientIsDisconnected) {
  Connection partial(port());
  partial.send("GET / HTTP/1.1\r\nHost: x\r\n");  // never finishes its headers
  EXPECT_TRUE(partial.is_closed_by_peer(milliseconds(3000)));
  Connection idle(port());
  idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(idle.read_response());
  EXPECT_TRUE(idle.is_closed_by_peer(milliseconds(3000)));  // idle on keep-alive
}

TEST_F(Site, StaticAssetsAreFingerprintedAndMediaServed) {
  const std::string home = get("/en/").body;
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(home, m, std::regex(R"(href="(/static/style\.css\?v=[0-9a-f]+)\")")));
  const auto css = get(m[1]);
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
  ASSERT_TRUE(std::regex_search(home, m, std::regex(R"(src="(/media/[^"]+\.jpg)\")")));
  const auto photo = get(m[1]);
  EXPECT_EQ(photo.status, 200);
  EXPECT_EQ(photo.header("content-type"), "image/jpeg");
  EXPECT_EQ(photo.body.substr(0, 3), "\xFF\xD8\xFF");
  EXPECT_EQ(get("/media/2020/03/none.jpg").status, 404);
  EXPECT_EQ(get("/static/none.css").status, 404);
  EXPECT_EQ(get("/healthz").body, "ok\n");
}

TEST(Serve, SigtermLetsARequestInFlightFinishAndExitsZero) {
  TempDir dir("sigterm");
  write(dir.path() / "tapchi.toml", config_text());
  ServerProcess server(dir.path() / "tapchi.toml");
  Connection idle(server.port());
  idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(idle.read_response());
  Connection slow(server.port());
  slow.send("POST /en/ HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345");
  std::this_thread::sleep_for(milliseconds(200));
  server.signal(SIGTERM);
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_TRUE(idle.is_closed_by_peer(milliseconds(2000)));  // idle connections close at once
  slow.send("67890");
  auto r = slow.read_response();
  ASSERT_TRUE(r) << server.output();
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_EQ(server.wait_exit(milliseconds(5000)), 0) << server.output();
  EXPECT_FALSE(Connection(server.port()).is_open());
}

TEST(Serve, RefusesConnectionsBeyondTheMaximum) {
  TempDir dir("maxconn");
  std::string text = config_text();
  text.replace(text.find("header_timeout_ms = 700"), 23, "header_timeout_ms = 5000");
  text.replace(text.find("idle_timeout_ms = 700"), 21,
               "idle_timeout_ms = 5000\nmax_connections = 2");
  write(dir.path() / "tapchi.toml", text);
  ServerProcess server(dir.path() / "tapchi.toml");
  Connection a(server.port());
  Connection b(server.port());
  std::this_thread::sleep_for(milliseconds(300));
  Connection c(server.port());
  auto refused = c.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->header("retry-after"), "1");
  a.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto served = a.read_response();
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
}

TEST(Serve, BadConfigurationStopsTheStartNamingTheKey) {
  TempDir dir("badconfig");
  std::string text = config_text();
  text.replace(text.find("max_body_bytes"), 14, "max_body_byte");
  write(dir.path() / "tapchi.toml", text);
  auto r = run_tapchi({"serve", "--config", (dir.path() / "tapchi.toml").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("limits.max_body_byte"), std::string::npos) << r.out;
  text = config_text();
  text.replace(text.find("Asia/Ho_Chi_Minh"), 16, "Asia/Atlantis");
  write(dir.path() / "tapchi.toml", text);
  r = run_tapchi({"serve", "--config", (dir.path() / "tapchi.toml").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("site.time_zone"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace tapchi::testing

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--prepare") {
    return tapchi::testing::prepare_journal(argv[2]);
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
