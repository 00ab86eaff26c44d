#include <filesystem>
#include <fstream>
#include <regex>

#include <gtest/gtest.h>
#include <vips/vips8>
#include <zlib.h>

#include "media/media.h"
#include "tests/common/photo_metadata.h"

namespace tapchi::media {
namespace {

void ensure_started() {
  static const bool started = VIPS_INIT("tapchi-test") == 0;
  ASSERT_TRUE(started);
}

class ImagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tapchi-media-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }
  std::filesystem::path dir_;
};

TEST_F(ImagesTest, DemoPhotoIsAJpegOfTheAskedSizeAndDeterministic) {
  auto info = draw_demo_photo(dir_ / "a.jpg", 320, 180, 7);
  ASSERT_TRUE(info.has_value()) << info.error().describe();
  auto probed = probe(dir_ / "a.jpg");
  ASSERT_TRUE(probed.has_value()) << probed.error().describe();
  EXPECT_EQ(probed->mime, "image/jpeg");
  EXPECT_EQ(probed->width, 320);
  EXPECT_EQ(probed->height, 180);
  ASSERT_TRUE(draw_demo_photo(dir_ / "b.jpg", 320, 180, 7).has_value());
  EXPECT_EQ(std::filesystem::file_size(dir_ / "a.jpg"), std::filesystem::file_size(dir_ / "b.jpg"));
}

TEST_F(ImagesTest, RefusesAScriptNamedJpg) {
  write("shell.jpg", "<?php system($_GET['c']); ?>");
  auto probed = probe(dir_ / "shell.jpg");
  ASSERT_FALSE(probed.has_value());
  EXPECT_EQ(probed.error().code, core::ErrorCode::kInvalid);
}

TEST_F(ImagesTest, RefusesATruncatedImage) {
  ASSERT_TRUE(draw_demo_photo(dir_ / "full.jpg", 640, 360, 3).has_value());
  std::ifstream in(dir_ / "full.jpg", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  write("cut.jpg", bytes.substr(0, 200));
  EXPECT_FALSE(probe(dir_ / "cut.jpg").has_value());
}

TEST_F(ImagesTest, RefusesAnSvgAndAZip) {
  write("x.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
  write("x.zip", std::string("PK\x03\x04", 4) + std::string(100, '\0'));
  EXPECT_FALSE(probe(dir_ / "x.svg").has_value());
  EXPECT_FALSE(probe(dir_ / "x.zip").has_value());
}

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// An image of `width`×`height` in the format of `extension`, as bytes.
std::string encoded_image(int width, int height, const char* extension) {
  ensure_started();
  vips::VImage image =
      vips::VImage::black(width, height, vips::VImage::option()->set("bands", 3)) + 128;
  image = image.cast(VIPS_FORMAT_UCHAR);
  void* buffer = nullptr;
  size_t size = 0;
  image.write_to_buffer(extension, &buffer, &size);
  std::string bytes(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return bytes;
}

// A PNG whose header claims `width`×`height` pixels, with a few bytes of data: what a
// decompression bomb looks like before it is decoded.
std::string png_claiming(std::uint32_t width, std::uint32_t height) {
  const auto be32 = [](std::uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
  };
  const auto chunk = [&](const std::string& type, const std::string& data) {
    const std::string typed = type + data;
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size())));
    return be32(static_cast<std::uint32_t>(data.size())) + typed + be32(crc);
  };
  const std::string header = be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", header) +
         chunk("IDAT", std::string("\x78\x9c\x63\x00\x00\x00\x01\x00\x01", 9)) + chunk("IEND", "");
}

// Files left in `dir` and below, not counting directories.
int files_in(const std::filesystem::path& dir) {
  int n = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    n += entry.is_regular_file() ? 1 : 0;
  }
  return n;
}

TEST_F(ImagesTest, AnUploadIsStoredByMonthWithItsVariants) {
  ASSERT_TRUE(draw_demo_photo(dir_ / "src.jpg", 1200, 675, 5).has_value());
  const std::string bytes = read_all(dir_ / "src.jpg");
  std::filesystem::remove(dir_ / "src.jpg");
  auto stored = store_upload(bytes, "C:\\Photos\\Harbour at dawn.JPG", dir_, 2026, 11);
  ASSERT_TRUE(stored.has_value()) << stored.error().describe();
  EXPECT_TRUE(
      std::regex_match(stored->path, std::regex(R"(2026/11/harbour-at-dawn-[0-9a-f]{6}\.jpg)")))
      << stored->path;
  EXPECT_EQ(stored->info.mime, "image/jpeg");
  EXPECT_EQ(stored->info.width, 1200);
  EXPECT_EQ(stored->bytes, static_cast<std::int64_t>(bytes.size()));
  EXPECT_EQ(stored->variant_widths, (std::vector<int>{320, 640, 1024, 1200}));
  EXPECT_EQ(read_all(dir_ / stored->path), bytes) << "a photo without metadata is stored as sent";
  for (const int w : stored->variant_widths) {
    auto webp = probe(dir_ / core::variant_path(stored->path, w, "webp"));
    ASSERT_TRUE(webp.has_value()) << w;
    EXPECT_EQ(webp->mime, "image/webp");
    EXPECT_EQ(webp->width, w);
    auto jpeg = probe(dir_ / core::variant_path(stored->path, w));
    ASSERT_TRUE(jpeg.has_value()) << w;
    EXPECT_EQ(jpeg->mime, "image/jpeg");
  }
  EXPECT_EQ(files_in(dir_), 9);
}

TEST_F(ImagesTest, TheContentNotTheNameDecidesTheType) {
  auto png = store_upload(encoded_image(400, 300, ".png"), "holiday.jpg", dir_, 2026, 1);
  ASSERT_TRUE(png.has_value()) << png.error().describe();
  EXPECT_TRUE(png->path.ends_with(".png")) << png->path;
  EXPECT_EQ(png->variant_widths, (std::vector<int>{320, 400}));
  EXPECT_EQ(probe(dir_ / core::variant_path(png->path, 320))->mime, "image/png");

  auto gif = store_upload(encoded_image(700, 100, ".gif"), "banner", dir_, 2026, 1);
  ASSERT_TRUE(gif.has_value()) << gif.error().describe();
  EXPECT_TRUE(gif->path.ends_with(".gif"));
  EXPECT_EQ(probe(dir_ / core::variant_path(gif->path, 640))->mime, "image/gif");

  auto webp = store_upload(encoded_image(2000, 1000, ".webp"), "wide.webp", dir_, 2026, 1);
  ASSERT_TRUE(webp.has_value()) << webp.error().describe();
  EXPECT_EQ(webp->variant_widths, (std::vector<int>{320, 640, 1024, 1600}));
}

TEST_F(ImagesTest, HostileUploadsAreRefusedAndLeaveNothing) {
  ASSERT_TRUE(draw_demo_photo(dir_ / "src.jpg", 640, 360, 3).has_value());
  const std::string jpeg = read_all(dir_ / "src.jpg");
  std::filesystem::remove(dir_ / "src.jpg");
  const std::string png = encoded_image(300, 200, ".png");
  const std::vector<std::pair<std::string, std::string>> cases{
      {"shell.jpg", "<?php system($_GET['c']); ?>"},
      {"polyglot.jpg", std::string("\xFF\xD8\xFF\xE0", 4) + "<?php system($_GET['c']); ?>"},
      {"cut.png", png.substr(0, png.size() / 2)},
      {"cut.jpg", jpeg.substr(0, jpeg.size() / 3)},
      {"bomb.png", png_claiming(30000, 30000)},
      {"archive.zip", std::string("PK\x03\x04", 4) + std::string(200, '\0')},
      {"drawing.svg",
       "<svg xmlns=\"http://www.w3.org/2000/svg\" "
       "onload=\"alert(1)\"><script>alert(1)</script></svg>"},
      {"empty.jpg", ""},
  };
  for (const auto& [name, bytes] : cases) {
    auto stored = store_upload(bytes, name, dir_, 2026, 11);
    ASSERT_FALSE(stored.has_value()) << name;
    EXPECT_EQ(stored.error().field, name);
    if (name == "bomb.png") {
      EXPECT_EQ(stored.error().code, core::ErrorCode::kTooLarge);
      EXPECT_NE(stored.error().message.find("30000×30000"), std::string::npos);
    } else {
      EXPECT_EQ(stored.error().code, core::ErrorCode::kInvalid) << name;
    }
  }
  EXPECT_EQ(files_in(dir_), 0);
}

TEST_F(ImagesTest, AnUploadWithGpsTagsIsStoredWithoutThemInAnyFile) {
  ASSERT_TRUE(draw_demo_photo(dir_ / "src.jpg", 900, 600, 4).has_value());
  const std::string tagged = testing::jpeg_with_metadata(read_all(dir_ / "src.jpg"), 6);
  std::filesystem::remove(dir_ / "src.jpg");
  auto stored = store_upload(tagged, "camera.jpg", dir_, 2026, 11);
  ASSERT_TRUE(stored.has_value()) << stored.error().describe();
  EXPECT_EQ(stored->info.width, 600) << "turned upright by its orientation";
  EXPECT_EQ(stored->info.height, 900);
  EXPECT_EQ(stored->bytes,
            static_cast<std::int64_t>(std::filesystem::file_size(dir_ / stored->path)));
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    ++files;
    const std::string bytes = read_all(entry.path());
    const std::string name = entry.path().filename().string();
    EXPECT_EQ(bytes.find("Exif"), std::string::npos) << name;
    EXPECT_EQ(bytes.find(testing::kGpsMarker), std::string::npos) << name;
    EXPECT_EQ(bytes.find(testing::kXmpNamespace), std::string::npos) << name;
    EXPECT_EQ(bytes.find(testing::kIptcMarker), std::string::npos) << name;
    EXPECT_EQ(bytes.find(testing::kCommentMarker), std::string::npos) << name;
  }
  EXPECT_EQ(files, 1 + 2 * static_cast<int>(stored->variant_widths.size()));
}

TEST_F(ImagesTest, TwoFilesOfTheSameNameInOneMonthKeepTwoFiles) {
  ASSERT_TRUE(draw_demo_photo(dir_ / "a" / "photo.jpg", 400, 300, 1).has_value());
  ASSERT_TRUE(draw_demo_photo(dir_ / "b" / "photo.jpg", 400, 300, 2).has_value());
  const auto media = dir_ / "media";
  auto first = store_file(dir_ / "a" / "photo.jpg", media, 2021, 5);
  auto second = store_file(dir_ / "b" / "photo.jpg", media, 2021, 5);
  ASSERT_TRUE(first.has_value()) << first.error().describe();
  ASSERT_TRUE(second.has_value()) << second.error().describe();
  EXPECT_NE(first->path, second->path);
  EXPECT_TRUE(std::regex_match(first->path, std::regex(R"(2021/05/photo-[0-9a-f]{6}\.jpg)")));
  EXPECT_EQ(read_all(media / first->path), read_all(dir_ / "a" / "photo.jpg"));
  EXPECT_EQ(read_all(media / second->path), read_all(dir_ / "b" / "photo.jpg"));
}

TEST_F(ImagesTest, RemovingAStoredImageRemovesItsOriginalAndVariants) {
  auto stored = store_upload(encoded_image(700, 500, ".png"), "chart.png", dir_, 2026, 2);
  ASSERT_TRUE(stored.has_value()) << stored.error().describe();
  ASSERT_EQ(files_in(dir_), 7);
  remove_stored(dir_, *stored);
  EXPECT_EQ(files_in(dir_), 0);
}

}  // namespace
}  // namespace tapchi::media
