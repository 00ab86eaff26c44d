// The media library on the real binary: uploads checked by content with their variants served,
// hostile files refused, each role's rights, and photos in use kept.
#include <fstream>

#include <nlohmann/json.hpp>
#include <zlib.h>

#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

const std::string kBoundary = "----tapchi-test-7d1f";

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string png_chunk(const std::string& type, const std::string& data) {
  const std::string typed = type + data;
  const auto crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size())));
  return be32(static_cast<std::uint32_t>(data.size())) + typed + be32(crc);
}

// A valid grey RGB PNG of `width`×`height`.
std::string png(std::uint32_t width, std::uint32_t height) {
  std::string raw;
  for (std::uint32_t y = 0; y < height; ++y) {
    raw += '\0' + std::string(width * 3, '\x80');
  }
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(size, '\0');
  compress2(reinterpret_cast<Bytef*>(packed.data()), &size,
            reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()), 9);
  packed.resize(size);
  return std::string("\x89PNG\r\n\x1a\n", 8) +
         png_chunk("IHDR", be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5)) +
         png_chunk("IDAT", packed) + png_chunk("IEND", "");
}

// A PNG header claiming `width`×`height` pixels over a few bytes: a decompression bomb.
std::string png_claiming(std::uint32_t width, std::uint32_t height) {
  return std::string("\x89PNG\r\n\x1a\n", 8) +
         png_chunk("IHDR", be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5)) +
         png_chunk("IDAT", std::string("\x78\x9c\x63\x00\x00\x00\x01\x00\x01", 9)) +
         png_chunk("IEND", "");
}

std::string multipart(const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::string& file_name, const std::string& bytes) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  }
  body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
          file_name + "\"\r\nContent-Type: image/jpeg\r\n\r\n" + bytes + "\r\n--" + kBoundary +
          "--\r\n";
  return body;
}

class Library : public Admin {
 protected:
  static HttpResponse upload(const Who& w, const std::string& file_name, const std::string& bytes,
                             const std::string& alt = "A described photo") {
    return request(port(), "POST", "/admin/media",
                   "Content-Type: multipart/form-data; boundary=" + kBoundary +
                       "\r\nCookie: tapchi_session=" + w.session + "\r\n",
                   multipart({{"csrf", w.csrf},
                              {"alt", alt},
                              {"caption", "Cảng lúc bình minh"},
                              {"credit", "Lan"}},
                             file_name, bytes))
        .value();
  }
  static int photo_count(const Who& w) {
    const std::string html = get("/admin/media", w.session).value().body;
    std::smatch m;
    return std::regex_search(html, m, std::regex(R"((\d+) photos, newest first)")) ? std::stoi(m[1])
                                                                                   : -1;
  }
  // A photo sent as the writing view sends one pasted into the text; the JSON answer.
  static std::pair<int, nlohmann::json> upload_from_text(const Who& w, const std::string& bytes,
                                                         const std::string& alt,
                                                         const std::string& caption,
                                                         const std::string& csrf = {}) {
    const auto r =
        request(port(), "POST", "/admin/editor/photo",
                "Content-Type: multipart/form-data; boundary=" + kBoundary +
                    "\r\nAccept: application/json\r\nCookie: tapchi_session=" + w.session + "\r\n",
                multipart({{"csrf", csrf.empty() ? w.csrf : csrf},
                           {"alt", alt},
                           {"caption", caption},
                           {"credit", "Lan"}},
                          "pasted.png", bytes))
            .value();
    EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8") << r.body;
    return {r.status, nlohmann::json::parse(r.body, nullptr, false)};
  }
  static nlohmann::json photos(const Who& w, const std::string& query) {
    const auto r = get("/admin/editor/photos?" + query, w.session).value();
    EXPECT_EQ(r.status, 200) << r.body;
    return nlohmann::json::parse(r.body, nullptr, false);
  }
  // A JPEG of the demo journal's, as bytes.
  static std::string a_jpeg() { return demo_jpeg(dir_->path()); }
};

TEST_F(Library, AnUploadIsStoredWithItsVariantsAndServed) {
  const Who author = as("target@example.org");
  const std::string jpeg = a_jpeg();
  ASSERT_GT(jpeg.size(), 1000u);
  const auto r = upload(author, "Harbour at dawn.php.jpg", jpeg);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  const std::string id = r.header("location").substr(13, r.header("location").find('?') - 13);
  const auto page = get("/admin/media/" + id, author.session).value();
  ASSERT_EQ(page.status, 200);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      page.body, m,
      std::regex(R"re(src="/media/(\d{4}/\d{2}/harbour-at-dawn-php-[0-9a-f]{6})\.jpg")re")))
      << page.body.substr(0, 3000);
  const std::string stem = m[1];
  const auto original = request(port(), "GET", "/media/" + stem + ".jpg").value();
  EXPECT_EQ(original.status, 200);
  EXPECT_EQ(original.header("content-type"), "image/jpeg");
  EXPECT_EQ(original.body, jpeg);
  const auto webp = request(port(), "GET", "/media/" + stem + "-640.webp").value();
  EXPECT_EQ(webp.status, 200);
  EXPECT_EQ(webp.header("content-type"), "image/webp");
  EXPECT_EQ(webp.body.substr(8, 4), "WEBP");
  EXPECT_NE(page.body.find("Cảng lúc bình minh"), std::string::npos);
}

TEST_F(Library, HostileUploadsAreRefusedBesideTheFieldAndStoreNothing) {
  const Who lan = as("changer@example.org");
  const int before = photo_count(lan);
  ASSERT_GT(before, 0);
  const std::string good_png = png(40, 30);
  const std::vector<std::pair<std::string, std::string>> hostile{
      {"shell.jpg", "<?php system($_GET['c']); ?>"},
      {"cut.png", good_png.substr(0, good_png.size() - 20)},
      {"bomb.png", png_claiming(30000, 30000)},
      {"photos.zip", std::string("PK\x03\x04", 4) + std::string(300, 'z')},
      {"logo.svg",
       "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>"},
  };
  for (const auto& [name, bytes] : hostile) {
    const auto r = upload(lan, name, bytes);
    EXPECT_EQ(r.status, 422) << name;
    EXPECT_NE(r.body.find(R"(id="file-error")"), std::string::npos) << name;
    EXPECT_NE(r.body.find(R"(value="A described photo")"), std::string::npos)
        << name << ": what was typed is kept";
  }
  const auto bomb = upload(lan, "bomb.png", png_claiming(30000, 30000));
  EXPECT_NE(bomb.body.find("too many pixels"), std::string::npos);
  EXPECT_EQ(photo_count(lan), before);
  // A valid PNG named .jpg is stored as the PNG it is.
  const auto ok = upload(lan, "chart.jpg", good_png);
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 2000);
  EXPECT_EQ(photo_count(lan), before + 1);
  const auto page = get(ok.header("location"), lan.session).value();
  EXPECT_NE(page.body.find(".png\""), std::string::npos);
  EXPECT_NE(page.body.find("image/png"), std::string::npos);
}

TEST_F(Library, UploadsNeedAltTextTheSessionsTokenAndFitTheLimit) {
  const Who lan = as("changer@example.org");
  auto r = upload(lan, "a.png", png(10, 10), "");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find(R"(id="alt-error")"), std::string::npos);
  Who forged = lan;
  forged.csrf = std::string(43, 'x');
  EXPECT_EQ(upload(forged, "a.png", png(10, 10)).status, 403);
  EXPECT_EQ(request(port(), "POST", "/admin/media",
                    "Content-Type: multipart/form-data; boundary=" + kBoundary + "\r\n",
                    multipart({}, "a.png", png(10, 10)))
                ->status,
            403);
  // Above [limits] max_upload_bytes (20 MiB by default) the server stops reading.
  const auto big = upload(lan, "big.jpg", std::string(21 * 1024 * 1024, 'x'));
  EXPECT_EQ(big.status, 413);
  // Other paths keep max_body_bytes (4 KiB in the suite's journal).
  const auto form = post(lan, "/admin/articles/new", "body=" + std::string(2 * 1024 * 1024, 'x'));
  EXPECT_EQ(form.status, 413);
}

TEST_F(Library, PhotosInUseAreNotDeletedAndOnlyEditorsDelete) {
  const Who lan = as("changer@example.org");
  const Who writer = as("writer@example.org");
  // A photo the demo's articles show.
  const auto list = get("/admin/media", lan.session).value().body;
  std::smatch m;
  const std::regex item(R"re(/admin/media/(\d+)"><img)re");
  ASSERT_TRUE(std::regex_search(list, m, item));
  std::string used;
  for (std::sregex_iterator it(list.begin(), list.end(), item), end; it != end && used.empty();
       ++it) {
    const auto page = get("/admin/media/" + (*it)[1].str(), lan.session).value().body;
    if (page.find("/admin/articles/") != std::string::npos) {
      used = (*it)[1];
    }
  }
  ASSERT_FALSE(used.empty());
  auto r = post(lan, "/admin/media/" + used + "/delete", "");
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("is in use and was not deleted"), std::string::npos);
  EXPECT_NE(r.body.find("/admin/articles/"), std::string::npos) << "the articles are listed";
  EXPECT_EQ(get("/admin/media/" + used, lan.session)->status, 200);

  const auto fresh = upload(lan, "spare.png", png(50, 50));
  ASSERT_EQ(fresh.status, 303);
  const std::string id =
      fresh.header("location").substr(13, fresh.header("location").find('?') - 13);
  const auto page = get("/admin/media/" + id, lan.session).value().body;
  ASSERT_TRUE(std::regex_search(page, m, std::regex(R"re(src="(/media/[^"]+\.png)")re")));
  const std::string file = m[1];
  EXPECT_EQ(request(port(), "GET", file)->status, 200);
  EXPECT_EQ(post(writer, "/admin/media/" + id + "/delete", "").status, 403);
  EXPECT_EQ(post(writer, "/admin/media/" + id, "alt=Changed").status, 403);
  r = post(lan, "/admin/media/" + id + "/delete", "");
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(get("/admin/media/" + id, lan.session)->status, 404);
  EXPECT_EQ(request(port(), "GET", file)->status, 404) << "the files go with it";
}

TEST_F(Library, AFeaturedPhotoIsOfferedInEverySizeOnThePublicPage) {
  const Who lan = as("changer@example.org");
  const auto fresh = upload(lan, "wide.png", png(1300, 200));
  ASSERT_EQ(fresh.status, 303);
  const std::string media_id =
      fresh.header("location").substr(13, fresh.header("location").find('?') - 13);
  const std::string list = get("/admin/articles", lan.session).value().body;
  const std::regex link(R"(/admin/articles/new\?edition=(\d+))");
  std::sregex_iterator editions(list.begin(), list.end(), link);
  ++editions;
  const std::string english = (*editions)[1];
  auto r = request(port(), "POST", "/admin/articles/new",
                   kForm + "Cookie: tapchi_session=" + lan.session + "\r\n",
                   "csrf=" + lan.csrf + "&edition=" + english +
                       "&action=publish&title=Harbour+photo+story&featured=" + media_id)
               .value();
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  const std::string id = r.header("location").substr(16, r.header("location").find('?') - 16);
  const auto article = request(port(), "GET", "/en/harbour-photo-story-" + id + ".html").value();
  ASSERT_EQ(article.status, 200);
  EXPECT_TRUE(std::regex_search(
      article.body,
      std::regex(
          R"re(<source type="image/webp" srcset="/media/[^"]+-320\.webp 320w, [^"]+-640\.webp 640w, [^"]+-1024\.webp 1024w, [^"]+-1300\.webp 1300w" sizes=)re")))
      << article.body.substr(0, 4000);
  EXPECT_TRUE(
      std::regex_search(article.body, std::regex(R"re(srcset="/media/[^"]+-320\.png 320w)re")));
}

TEST_F(Library, APhotoPastedIntoTheTextIsCheckedLikeAnyUploadAndAnsweredInJson) {
  const Who author = as("target@example.org");
  const int before = photo_count(author);
  const auto [status, photo] = upload_from_text(author, png(90, 60), "Sóng vỗ kè đá", "Kè Cửa Lò");
  ASSERT_EQ(status, 201) << photo.dump();
  EXPECT_GT(photo["id"].get<int>(), 0);
  EXPECT_EQ(photo["caption"], "Kè Cửa Lò");
  EXPECT_EQ(photo["credit"], "Lan");
  EXPECT_EQ(photo["width"], 90);
  const auto thumb = request(port(), "GET", photo["thumb"].get<std::string>()).value();
  EXPECT_EQ(thumb.status, 200) << photo["thumb"];
  EXPECT_EQ(photo_count(author), before + 1);

  // Refused as the library refuses, each beside its field, in the account's language.
  const auto [no_alt, said] = upload_from_text(author, png(90, 60), "", "Kè");
  EXPECT_EQ(no_alt, 422);
  EXPECT_TRUE(said["errors"].contains("alt")) << said.dump();
  const auto [script, refused] =
      upload_from_text(author, "<svg><script>alert(1)</script></svg>", "A drawing", "Kè");
  EXPECT_EQ(script, 422);
  EXPECT_TRUE(refused["errors"].contains("file")) << refused.dump();
  const auto [bomb, too_big] = upload_from_text(author, png_claiming(30000, 30000), "A bomb", "Kè");
  EXPECT_EQ(bomb, 422);
  EXPECT_NE(too_big["message"].get<std::string>().find("too many pixels"), std::string::npos)
      << too_big.dump();
  const auto [forged, expired] = upload_from_text(author, png(90, 60), "A photo", "Kè", "forged");
  EXPECT_EQ(forged, 403);
  EXPECT_FALSE(expired["message"].get<std::string>().empty());
  EXPECT_EQ(photo_count(author), before + 1) << "nothing refused was stored";

  const Who linh = as("linh@example.org");
  const auto [vi_status, vi] = upload_from_text(linh, png(90, 60), "", "Kè");
  EXPECT_EQ(vi_status, 422);
  EXPECT_EQ(vi["errors"]["alt"].get<std::string>().find("Describe"), std::string::npos)
      << "said in Vietnamese: " << vi.dump();
}

TEST_F(Library, ThePickerFindsPhotosByTheirWordsWithoutDiacriticsNewestFirst) {
  const Who editor = as("changer@example.org");
  const auto [first, older] = upload_from_text(editor, png(80, 60), "Đò ngang", "Bến đò Đông Hà");
  const auto [second, newer] = upload_from_text(editor, png(80, 60), "Đò dọc", "Bến đò Hội An");
  ASSERT_EQ(first, 201);
  ASSERT_EQ(second, 201);
  const auto found = photos(editor, "q=ben+do");
  ASSERT_EQ(found["items"].size(), 2u) << found.dump();
  EXPECT_EQ(found["items"][0]["id"], newer["id"]) << "newest first";
  EXPECT_EQ(found["items"][1]["id"], older["id"]);
  EXPECT_EQ(found["more"], false);
  const auto one = photos(editor, "q=" + encoded("HỘI an"));
  ASSERT_EQ(one["items"].size(), 1u) << one.dump();
  EXPECT_EQ(one["items"][0]["id"], newer["id"]);
  EXPECT_TRUE(photos(editor, "q=zzqx")["items"].empty());
  // Without words, the whole library a page at a time.
  const auto page_one = photos(editor, "q=");
  EXPECT_EQ(page_one["items"][0]["id"], newer["id"]);
  const auto rest = photos(editor, "q=&offset=1");
  EXPECT_EQ(rest["items"][0]["id"], older["id"]);
  // Only for the signed in.
  const auto anonymous = request(port(), "GET", "/admin/editor/photos?q=").value();
  EXPECT_EQ(anonymous.status, 403);
  EXPECT_EQ(anonymous.body.find("Bến đò"), std::string::npos);
}

}  // namespace
}  // namespace tapchi::testing
