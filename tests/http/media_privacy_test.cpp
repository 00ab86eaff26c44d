// Photo privacy on the real binary: what a camera wrote into a photo (GPS position, XMP, IPTC)
// is in none of the files the site serves for it.
#include <fstream>
#include <regex>

#include "tests/common/photo_metadata.h"
#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

const std::string kBoundary = "----tapchi-privacy-4b2e";

class MediaPrivacy : public Admin {
 protected:
  static HttpResponse upload(const Who& w, const std::string& file_name, const std::string& bytes) {
    std::string body;
    for (const auto& [name, value] :
         {std::pair<std::string, std::string>{"csrf", w.csrf}, {"alt", "A harbour"}}) {
      body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name +
              "\"\r\n\r\n" + value + "\r\n";
    }
    body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
            file_name + "\"\r\nContent-Type: image/jpeg\r\n\r\n" + bytes + "\r\n--" + kBoundary +
            "--\r\n";
    return request(port(), "POST", "/admin/media",
                   "Content-Type: multipart/form-data; boundary=" + kBoundary +
                       "\r\nCookie: tapchi_session=" + w.session + "\r\n",
                   body)
        .value();
  }
  // One of the demo journal's JPEGs (1200×675, no metadata), as bytes.
  static std::string demo_jpeg() {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_->path())) {
      if (std::regex_match(entry.path().filename().string(),
                           std::regex(R"(demo-\d+-en(-[0-9a-f]{6})?\.jpg)"))) {
        std::ifstream in(entry.path(), std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      }
    }
    return {};
  }
};

TEST_F(MediaPrivacy, AnUploadedPhotoWithGpsTagsIsServedWithoutThemInAnyFile) {
  const Who writer = as("writer@example.org");
  const std::string plain = demo_jpeg();
  ASSERT_GT(plain.size(), 1000u);
  const std::string tagged = jpeg_with_metadata(plain);
  ASSERT_NE(tagged.find(kGpsMarker), std::string::npos);
  const auto r = upload(writer, "From the scene.jpg", tagged);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  const std::string id = first_match(r.header("location"), R"(/admin/media/(\d+))");
  const auto page = get("/admin/media/" + id, writer.session).value();
  const std::string stem =
      first_match(page.body, R"re(src="/media/(\d{4}/\d{2}/from-the-scene-[0-9a-f]{6})\.jpg")re");
  ASSERT_FALSE(stem.empty()) << page.body.substr(0, 3000);

  std::vector<std::string> served{stem + ".jpg"};
  for (const int w : {320, 640, 1024, 1200}) {
    served.push_back(stem + "-" + std::to_string(w) + ".jpg");
    served.push_back(stem + "-" + std::to_string(w) + ".webp");
  }
  for (const std::string& file : served) {
    const auto got = request(port(), "GET", "/media/" + file).value();
    ASSERT_EQ(got.status, 200) << file;
    EXPECT_GT(got.body.size(), 100u) << file;
    EXPECT_EQ(got.body.find("Exif"), std::string::npos) << file;
    EXPECT_EQ(got.body.find("EXIF"), std::string::npos) << file;
    EXPECT_EQ(got.body.find(kGpsMarker), std::string::npos) << file;
    EXPECT_EQ(got.body.find("http://ns.adobe.com/xap"), std::string::npos) << file;
    EXPECT_EQ(got.body.find(kIptcMarker), std::string::npos) << file;
    EXPECT_EQ(got.body.find(kCommentMarker), std::string::npos) << file;
  }
  const auto original = request(port(), "GET", "/media/" + stem + ".jpg").value();
  EXPECT_EQ(original.body, plain) << "only the metadata is taken out";
}

}  // namespace
}  // namespace tapchi::testing
