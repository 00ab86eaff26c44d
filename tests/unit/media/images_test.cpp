#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "media/media.h"

namespace tapchi::media {
namespace {

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

}  // namespace
}  // namespace tapchi::media
