#include <fstream>
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "tests/http/harness.h"

namespace tapchi::testing {
namespace {

void put(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

std::string article(const std::string& title, const std::string& extra = {}) {
  return "+++\ntitle = \"" + title +
         "\"\nedition = \"en\"\nsection = \"Imports\"\npublished = 2021-05-04T09:30:00+07:00\n" +
         extra + "+++\nThe body of " + title + ".\n";
}

// The demo journal's photo number `n` (English edition) in `dir`.
std::filesystem::path demo_photo(const std::filesystem::path& dir, int n) {
  const std::regex name("demo-0" + std::to_string(n) + R"(-en(-[0-9a-f]{6})?\.jpg)");
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (std::regex_match(entry.path().filename().string(), name)) {
      return entry.path();
    }
  }
  return dir / "missing.jpg";
}

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The regular files under `dir` (none when it does not exist).
std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) {
      files.push_back(it->path());
    }
  }
  return files;
}

class Import : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_tapchi({"init", dir_.path().string() + "/j"}).exit_code, 0);
    config_ = dir_.path() / "j" / "tapchi.toml";
  }
  CommandResult import(const std::filesystem::path& from) {
    return run_tapchi({"import", "markdown", from.string(), "--config", config_.string()});
  }
  TempDir dir_{"import"};
  std::filesystem::path config_;
};

TEST_F(Import, ReportsEachBadFileWithNameLineAndReasonAndImportsTheRest) {
  const auto in = dir_.path() / "in";
  put(in / "a-good.md", article("A good story"));
  put(in / "b-no-front-matter.md", "# Just a heading\n");
  put(in / "c-bad-date.md",
      article("Bad date")
          .replace(article("Bad date").find("2021-05-04T09:30:00+07:00"), 25, "\"yesterday\""));
  put(in / "d-unknown-key.md", article("Unknown", "colour = \"red\"\n"));
  put(in / "e-bad-utf8.md", article("Broken \xC3\x28 text"));
  put(in / "f-unknown-edition.md",
      std::regex_replace(article("Edition"), std::regex("\"en\""), "\"fr\""));
  put(in / "g-missing-image.md", article("Image", "[image]\nfile = \"nope.jpg\"\n"));
  put(in / "h-not-an-image.md", article("Fake", "[image]\nfile = \"fake.jpg\"\n"));
  put(in / "fake.jpg", "<?php echo 1; ?>");
  const auto r = import(in);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("Imported 1 new and 0 updated articles; skipped 7 files."),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(b-no-front-matter\.md:1: the file must start with a \+\+\+ line)")))
      << r.out;
  EXPECT_TRUE(
      std::regex_search(r.out, std::regex(R"(c-bad-date\.md:5: 'yesterday' is not a time)")))
      << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(d-unknown-key\.md:6: unknown key 'colour')")))
      << r.out;
  EXPECT_TRUE(
      std::regex_search(r.out, std::regex(R"(e-bad-utf8\.md:2: the file is not valid UTF-8)")))
      << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(f-unknown-edition\.md:1: edition: unknown edition 'fr')")))
      << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(g-missing-image\.md:6: image file 'nope\.jpg' does not exist)")))
      << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out,
      std::regex(R"(h-not-an-image\.md:1: image .*fake\.jpg: not a JPEG, PNG, WebP or GIF image)")))
      << r.out;
}

TEST_F(Import, RunningAgainUpdatesInsteadOfDuplicating) {
  const auto in = dir_.path() / "in";
  put(in / "story.md", article("Second run", "tags = [\"one\"]\n"));
  auto first = import(in);
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_NE(first.out.find("Imported 1 new and 0 updated"), std::string::npos) << first.out;
  ServerProcess server(config_);
  auto before = request(server.port(), "GET", "/en/section/imports");  // now cached
  ASSERT_TRUE(before);
  EXPECT_EQ(before->body.find("Now with a lead"), std::string::npos);
  put(in / "story.md", article("Second run", "lead = \"Now with a lead\"\ntags = [\"two\"]\n"));
  auto second = import(in);
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_NE(second.out.find("Imported 0 new and 1 updated"), std::string::npos) << second.out;

  // The running server notices the other process's write within its watch interval.
  std::optional<HttpResponse> section;
  for (int i = 0; i < 40; ++i) {
    section = request(server.port(), "GET", "/en/section/imports");
    if (section && section->body.find("Now with a lead") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(section);
  ASSERT_EQ(section->status, 200);
  EXPECT_NE(section->body.find("Page 1 of 1"), std::string::npos);
  EXPECT_NE(section->body.find("Now with a lead"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(section->body, m, std::regex(R"(href="(/en/second-run-\d+\.html)\")")));
  auto page = request(server.port(), "GET", m[1]);
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("rel=\"tag\">two</a>"), std::string::npos);
  EXPECT_EQ(page->body.find("rel=\"tag\">one</a>"), std::string::npos);
}

TEST_F(Import, ImportsImagesAsFiguresWithCaptionAndCredit) {
  const auto in = dir_.path() / "in";
  // A real image: the prepared journal's demo photos are JPEGs drawn by tapchi itself.
  const auto photos = prepared_journal() / "data" / "media" / "2026" / "11";
  std::filesystem::create_directories(in);
  std::filesystem::copy_file(demo_photo(photos, 0), in / "ferry.jpg");
  std::filesystem::copy_file(demo_photo(photos, 1), in / "inside.jpg");
  put(in / "photo.md",
      article("With photo",
              "[image]\nfile = \"ferry.jpg\"\nalt = \"A ferry\"\ncaption = \"The "
              "ferry at dawn\"\ncredit = \"VNA\"\n[[images]]\nfile = \"inside.jpg\"\n"
              "caption = \"Inside\"\ncredit = \"Staff\"\n") +
          "\n![The ferry](inside.jpg)\n");
  const auto r = import(in);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  ServerProcess server(config_);
  auto section = request(server.port(), "GET", "/en/section/imports");
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(section->body, m, std::regex(R"(href="(/en/with-photo-\d+\.html)\")")));
  auto page = request(server.port(), "GET", m[1]);
  ASSERT_TRUE(page);
  EXPECT_TRUE(std::regex_search(
      page->body, std::regex(R"re(<figure class="photo"><picture><source type="image/webp" )re"
                             R"re(srcset="/media/2021/05/inside-[0-9a-f]{6}-320\.webp 320w)re")))
      << page->body;
  EXPECT_TRUE(std::regex_search(
      page->body, std::regex(R"re(<img src="/media/2021/05/(inside-[0-9a-f]{6})\.jpg" )re"
                             R"re(srcset="/media/2021/05/\1-320\.jpg 320w)re")))
      << page->body;
  EXPECT_NE(page->body.find("width=\"1200\" height=\"675\""), std::string::npos) << page->body;
  EXPECT_NE(page->body.find("Inside <span class=\"credit\">(photo: Staff)</span>"),
            std::string::npos);
}

TEST_F(Import, TwoArticlesOfAMonthUsingPhotoJpgKeepTheirOwnPhotos) {
  const auto in = dir_.path() / "in";
  const auto photos = prepared_journal() / "data" / "media" / "2026" / "11";
  std::filesystem::create_directories(in / "one");
  std::filesystem::create_directories(in / "two");
  std::filesystem::copy_file(demo_photo(photos, 0), in / "one" / "photo.jpg");
  std::filesystem::copy_file(demo_photo(photos, 1), in / "two" / "photo.jpg");
  ASSERT_NE(read_all(in / "one" / "photo.jpg"), read_all(in / "two" / "photo.jpg"));
  put(in / "one" / "story.md", article("First photo story", "[image]\nfile = \"photo.jpg\"\n"));
  put(in / "two" / "story.md", article("Second photo story", "[image]\nfile = \"photo.jpg\"\n"));
  const auto r = import(in);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(files_under(dir_.path() / "j" / "data" / "media" / "2021" / "05").size(), 2u * 9u)
      << "two originals, each with 4 widths in WebP and JPEG";
  ServerProcess server(config_);
  const auto section = request(server.port(), "GET", "/en/section/imports").value();
  for (const auto& [title, source] : {std::pair{"first-photo-story", in / "one" / "photo.jpg"},
                                      {"second-photo-story", in / "two" / "photo.jpg"}}) {
    std::smatch m;
    ASSERT_TRUE(std::regex_search(
        section.body, m, std::regex(std::string(R"(href="(/en/)") + title + R"(-\d+\.html)\")")))
        << title;
    const auto page = request(server.port(), "GET", m[1]).value();
    ASSERT_TRUE(std::regex_search(
        page.body, m, std::regex(R"re(<img src="(/media/2021/05/photo-[0-9a-f]{6}\.jpg)")re")))
        << page.body;
    const auto photo = request(server.port(), "GET", m[1]).value();
    ASSERT_EQ(photo.status, 200) << m[1];
    EXPECT_EQ(photo.body, read_all(source)) << title << " shows " << m[1];
  }
}

TEST_F(Import, AnImportThatFailsAfterStoringAnImageLeavesNoFile) {
  const auto in = dir_.path() / "in";
  const auto photos = prepared_journal() / "data" / "media" / "2026" / "11";
  std::filesystem::create_directories(in);
  std::filesystem::copy_file(demo_photo(photos, 0), in / "good.jpg");
  put(in / "fake.jpg", "<?php echo 1; ?>");
  // The first image is stored; the second then fails the whole article.
  put(in / "story.md", article("Half stored",
                               "[[images]]\nfile = \"good.jpg\"\n"
                               "[[images]]\nfile = \"fake.jpg\"\n"));
  const auto r = import(in);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("skipped 1 files."), std::string::npos) << r.out;
  const auto left = files_under(dir_.path() / "j" / "data" / "media" / "2021");
  EXPECT_TRUE(left.empty()) << left.size() << " files left, the first "
                            << (left.empty() ? "" : left.front().string());
}

TEST(Init, RefusesToOverwriteAJournal) {
  TempDir dir("init");
  ASSERT_EQ(run_tapchi({"init", (dir.path() / "j").string()}).exit_code, 0);
  const auto again = run_tapchi({"init", (dir.path() / "j").string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.out.find("already exists"), std::string::npos);
}

}  // namespace
}  // namespace tapchi::testing
