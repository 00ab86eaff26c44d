// The media library as operations: uploads checked by content, each role's rights, photos in
// use kept, and no file left behind by a refusal or a deletion.
#include "media/media.h"

#include <fstream>
#include <iterator>

#include <unistd.h>

#include "tests/unit/newsroom/fixture.h"

namespace tapchi::newsroom {
namespace {

class MediaTest : public NewsroomTest {
 protected:
  void SetUp() override {
    NewsroomTest::SetUp();
    dir_ = std::filesystem::temp_directory_path() /
           ("tapchi-newsroom-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    library_ = std::make_unique<Newsroom>(*store_, clock_, Library{dir_ / "media", 1 << 20, {}});
    ASSERT_TRUE(media::draw_demo_photo(dir_ / "photo.jpg", 640, 360, 3));
    std::ifstream in(dir_ / "photo.jpg", std::ios::binary);
    photo_.assign(std::istreambuf_iterator<char>(in), {});
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // How many files the library's directory holds.
  int files() const {
    int n = 0;
    if (std::filesystem::exists(dir_ / "media")) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(dir_ / "media")) {
        n += e.is_regular_file() ? 1 : 0;
      }
    }
    return n;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Newsroom> library_;
  std::string photo_;
};

TEST_F(MediaTest, AnyAccountUploadsAPhotoWithItsVariants) {
  const auto m = library_->upload_media(as(core::Role::kContributor), photo_, "Harbour.JPG",
                                        {"Boats at dawn", "The harbour", "Photo: Lan"});
  ASSERT_TRUE(m) << m.error().describe();
  EXPECT_EQ(m->mime, "image/jpeg");
  EXPECT_EQ(m->width, 640);
  EXPECT_EQ(m->path.rfind("2025/01/", 0), 0u) << m->path << ": filed by year and month";
  EXPECT_FALSE(m->variant_widths.empty());
  EXPECT_GT(files(), 1) << "the original and its variants";
  EXPECT_EQ(store_->media(m->id)->alt, "Boats at dawn");
}

TEST_F(MediaTest, RefusalsNameTheFieldAndLeaveNothing) {
  const core::User& editor = as(core::Role::kEditor);
  auto no_alt = library_->upload_media(editor, photo_, "a.jpg", {" ", "", ""});
  ASSERT_FALSE(no_alt);
  EXPECT_EQ(no_alt.error().field, "alt");
  auto script = library_->upload_media(editor, "<script>alert(1)</script>", "a.jpg", {"x", "", ""});
  ASSERT_FALSE(script);
  EXPECT_EQ(script.error().code, core::ErrorCode::kInvalid);
  EXPECT_EQ(script.error().field, "file");
  auto big =
      library_->upload_media(editor, std::string((1 << 20) + 1, 'x'), "a.jpg", {"x", "", ""});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, core::ErrorCode::kTooLarge);
  auto empty = library_->upload_media(editor, "", "a.jpg", {"x", "", ""});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "file");
  EXPECT_EQ(files(), 0);
  EXPECT_EQ(store_->media_count().value(), 0);
}

TEST_F(MediaTest, EditorsDescribeAndDeleteButNotAPhotoInUse) {
  const auto m = library_->upload_media(as(core::Role::kAuthor), photo_, "a.jpg", {"A", "", ""});
  ASSERT_TRUE(m);
  EXPECT_EQ(library_->describe_media(as(core::Role::kAuthor), m->id, {"B", "", ""}).error().code,
            core::ErrorCode::kForbidden);
  const auto described =
      library_->describe_media(as(core::Role::kEditor), m->id, {"B", std::string(900, 'c'), "Lan"});
  ASSERT_TRUE(described);
  EXPECT_EQ(described->caption.size(), kMaxCaptionBytes) << "a long caption is cut";
  EXPECT_EQ(store_->media(m->id)->alt, "B");

  core::Article a = store_->article(article_.id).value();
  a.featured_media_id = m->id;
  ASSERT_TRUE(store_->save_article(a));
  const auto in_use = library_->delete_media(as(core::Role::kEditor), m->id);
  ASSERT_FALSE(in_use);
  EXPECT_EQ(in_use.error().code, core::ErrorCode::kConflict);
  EXPECT_GT(files(), 0);

  a = store_->article(article_.id).value();
  a.featured_media_id = 0;
  ASSERT_TRUE(store_->save_article(a));
  const auto deleted = library_->delete_media(as(core::Role::kAdmin), m->id);
  ASSERT_TRUE(deleted) << deleted.error().describe();
  EXPECT_EQ(files(), 0) << "the original and every variant removed";
  EXPECT_EQ(library_->delete_media(as(core::Role::kAdmin), m->id).error().code,
            core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace tapchi::newsroom
