#include <random>

#include <gtest/gtest.h>
#include <vips/vips8>
#include <zlib.h>

#include "media/media.h"
#include "tests/common/photo_metadata.h"

namespace tapchi::media {
namespace {

using testing::kCommentMarker;
using testing::kGpsMarker;
using testing::kIptcMarker;
using testing::kXmpMarker;
using testing::kXmpNamespace;

void ensure_started() {
  static const bool started = VIPS_INIT("tapchi-test") == 0;
  ASSERT_TRUE(started);
}

bool contains(const std::string& bytes, const std::string& what) {
  return bytes.find(what) != std::string::npos;
}

// An image of `width`×`height` with a gradient (so that turning it shows), in the format of
// `suffix`, saved without metadata.
std::string plain_image(int width, int height, const char* suffix,
                        vips::VOption* options = nullptr) {
  ensure_started();
  vips::VImage xy = vips::VImage::xyz(width, height);
  vips::VImage image =
      vips::VImage::bandjoin({xy[0], xy[1], xy[0] * 0 + 90}).cast(VIPS_FORMAT_UCHAR);
  image = image.copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  if (options == nullptr) {
    options = vips::VImage::option();
  }
  void* buffer = nullptr;
  size_t size = 0;
  image.write_to_buffer(suffix, &buffer, &size, options->set("strip", true));
  std::string bytes(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return bytes;
}

struct Decoded {
  int width = 0;
  int height = 0;
  bool has_exif = false;
  bool has_xmp = false;
};

Decoded decoded(const std::string& bytes) {
  ensure_started();
  vips::VImage image = vips::VImage::new_from_buffer(
      bytes.data(), bytes.size(), "", vips::VImage::option()->set("fail_on", VIPS_FAIL_ON_ERROR));
  image.avg();  // every pixel decodes
  return {image.width(), image.height(), image.get_typeof(VIPS_META_EXIF_NAME) != 0,
          image.get_typeof(VIPS_META_XMP_NAME) != 0};
}

void expect_no_metadata(const std::string& bytes) {
  EXPECT_FALSE(contains(bytes, "Exif")) << "an Exif block is left";
  EXPECT_FALSE(contains(bytes, kGpsMarker)) << "the GPS IFD is left";
  EXPECT_FALSE(contains(bytes, kXmpNamespace)) << "XMP is left";
  EXPECT_FALSE(contains(bytes, kXmpMarker)) << "XMP is left";
  EXPECT_FALSE(contains(bytes, kIptcMarker)) << "IPTC is left";
  EXPECT_FALSE(contains(bytes, kCommentMarker)) << "a comment is left";
}

std::string png_chunk(const std::string& type, const std::string& data) {
  const std::string typed = type + data;
  const auto crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size())));
  return testing::big_endian(static_cast<std::uint32_t>(data.size()), 4) + typed +
         testing::big_endian(crc, 4);
}

std::string le32(std::uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
          static_cast<char>(v >> 24)};
}

std::string riff_chunk(const std::string& type, const std::string& data) {
  std::string out = type + le32(static_cast<std::uint32_t>(data.size())) + data;
  if (data.size() % 2 != 0) {
    out += '\0';
  }
  return out;
}

// A PNG with eXIf (GPS), tEXt, iTXt (XMP) and tIME after its IHDR.
std::string png_with_metadata(const std::string& png) {
  const std::size_t after_ihdr = 8 + 8 + 13 + 4;
  const std::string chunks =
      png_chunk("eXIf", testing::exif_tiff(0)) +
      png_chunk("tEXt", std::string("Comment\0", 8) + kCommentMarker) +
      png_chunk("iTXt", std::string("XML:com.adobe.xmp\0\0\0\0\0", 22) + testing::xmp_packet()) +
      png_chunk("tIME", std::string("\x07\xEA\x0B\x1C\x10\x00\x00", 7));
  return png.substr(0, after_ihdr) + chunks + png.substr(after_ihdr);
}

// The VP8 or VP8L chunk of `webp`, with its header and padding.
std::string webp_image_chunk(const std::string& webp) {
  for (std::size_t at = 12; at + 8 <= webp.size();) {
    const std::string type = webp.substr(at, 4);
    std::uint32_t size = 0;
    for (int i = 3; i >= 0; --i) {
      size = size << 8 | static_cast<std::uint8_t>(webp[at + 4 + static_cast<std::size_t>(i)]);
    }
    const std::size_t whole = 8 + size + (size & 1U);
    if (type == "VP8 " || type == "VP8L") {
      return webp.substr(at, whole);
    }
    at += whole;
  }
  return {};
}

// A WebP with a VP8X header announcing EXIF and XMP, the image of `webp`, then EXIF (GPS) and
// XMP chunks.
std::string webp_with_metadata(const std::string& webp, int width, int height) {
  const std::string image = webp_image_chunk(webp);
  const auto u24 = [](int v) {
    return std::string{static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16)};
  };
  const std::string vp8x =
      riff_chunk("VP8X", std::string("\x0C\0\0\0", 4) + u24(width - 1) + u24(height - 1));
  const std::string body = vp8x + image + riff_chunk("EXIF", testing::exif_tiff(0)) +
                           riff_chunk("XMP ", testing::xmp_packet());
  return "RIFF" + le32(static_cast<std::uint32_t>(body.size() + 4)) + "WEBP" + body;
}

// A GIF with a comment extension and an XMP application extension before its first image.
std::string gif_with_metadata(const std::string& gif) {
  const auto packed = static_cast<std::uint8_t>(gif[10]);
  const std::size_t table = (packed & 0x80) != 0 ? 3U * (2U << (packed & 7)) : 0;
  const std::size_t at = 13 + table;
  std::string xmp_blocks;
  const std::string packet = testing::xmp_packet();
  for (std::size_t i = 0; i < packet.size(); i += 255) {
    const std::string part = packet.substr(i, 255);
    xmp_blocks += static_cast<char>(part.size()) + part;
  }
  const std::string extensions = std::string("\x21\xFE", 2) +
                                 static_cast<char>(kCommentMarker.size()) + kCommentMarker + '\0' +
                                 std::string("\x21\xFF\x0B", 3) + "XMP DataXMP" + xmp_blocks + '\0';
  return gif.substr(0, at) + extensions + gif.substr(at);
}

TEST(StripMetadata, JpegLosesExifGpsXmpIptcAndCommentsAndKeepsItsPixelsByteForByte) {
  const std::string plain = plain_image(120, 80, ".jpg");
  const std::string tagged = testing::jpeg_with_metadata(plain);
  ASSERT_TRUE(contains(tagged, kGpsMarker));
  ASSERT_TRUE(decoded(tagged).has_exif) << "libvips must read the test's Exif";
  auto stripped = strip_metadata(tagged);
  ASSERT_TRUE(stripped.has_value()) << stripped.error().describe();
  expect_no_metadata(*stripped);
  EXPECT_EQ(*stripped, plain);
  const Decoded d = decoded(*stripped);
  EXPECT_EQ(d.width, 120);
  EXPECT_EQ(d.height, 80);
  EXPECT_FALSE(d.has_exif);
  EXPECT_FALSE(d.has_xmp);
}

TEST(StripMetadata, JpegKeepsItsIccProfileAndAdobeSegments) {
  const std::string plain = plain_image(40, 30, ".jpg");
  const std::size_t after_jfif =
      4 + (static_cast<std::uint8_t>(plain[4]) << 8 | static_cast<std::uint8_t>(plain[5]));
  const std::string icc =
      testing::jpeg_segment(0xE2, std::string("ICC_PROFILE\0\x01\x01", 14) + "profile bytes");
  const std::string adobe =
      testing::jpeg_segment(0xEE, std::string("Adobe\x00\x64\x00\x00\x00\x00\x01", 12));
  const std::string kept = plain.substr(0, after_jfif) + icc + adobe + plain.substr(after_jfif);
  auto stripped = strip_metadata(testing::jpeg_with_metadata(kept));
  ASSERT_TRUE(stripped.has_value()) << stripped.error().describe();
  EXPECT_EQ(*stripped, kept);
}

TEST(StripMetadata, JpegTurnedByItsOrientationComesOutUprightWithoutExif) {
  const std::string plain = plain_image(120, 80, ".jpg");
  auto stripped = strip_metadata(testing::jpeg_with_metadata(plain, 6));
  ASSERT_TRUE(stripped.has_value()) << stripped.error().describe();
  expect_no_metadata(*stripped);
  const Decoded d = decoded(*stripped);
  EXPECT_EQ(d.width, 80);
  EXPECT_EQ(d.height, 120);
  EXPECT_FALSE(d.has_exif);
  // Orientation 6 means "turn 90° clockwise": the first column of the stored pixels, where the
  // red band (x) is 0, becomes the top row.
  ensure_started();
  vips::VImage upright = vips::VImage::new_from_buffer(stripped->data(), stripped->size(), "");
  EXPECT_LT(upright.crop(0, 0, 80, 4)[0].avg(), 8);
  EXPECT_GT(upright.crop(0, 116, 80, 4)[0].avg(), 100);
}

TEST(StripMetadata, JpegWithOrientationOneIsNotReencoded) {
  const std::string plain = plain_image(120, 80, ".jpg");
  auto stripped = strip_metadata(testing::jpeg_with_metadata(plain, 1));
  ASSERT_TRUE(stripped.has_value()) << stripped.error().describe();
  EXPECT_EQ(*stripped, plain);
}

TEST(StripMetadata, PngLosesExifAndTextChunksAndKeepsTheRest) {
  const std::string plain = plain_image(64, 48, ".png");
  const std::string tagged = png_with_metadata(plain);
  ASSERT_EQ(decoded(tagged).width, 64);
  auto stripped = strip_metadata(tagged);
  ASSERT_TRUE(stripped.has_value()) << stripped.error().describe();
  expect_no_metadata(*stripped);
  for (const char* type : {"eXIf", "tEXt", "iTXt", "tIME"}) {
    EXPECT_FALSE(contains(*stripped, type)) << type;
  }
  EXPECT_EQ(*stripped, plain);
  const Decoded d = decoded(*stripped);
  EXPECT_EQ(d.width, 64);
  EXPECT_EQ(d.height, 48);
}

TEST(StripMetadata, WebpLosesExifAndXmpChunksAndTheirFlags) {
  for (const bool lossless : {false, true}) {
    const std::string plain =
        plain_image(64, 48, ".webp", vips::VImage::option()->set("lossless", lossless));
    const std::string tagged = webp_with_metadata(plain, 64, 48);
    ASSERT_TRUE(decoded(tagged).has_exif) << "libvips must read the test's EXIF chunk";
    auto stripped = strip_metadata(tagged);
    ASSERT_TRUE(stripped.has_value()) << stripped.error().describe();
    expect_no_metadata(*stripped);
    EXPECT_FALSE(contains(*stripped, "EXIF"));
    EXPECT_FALSE(contains(*stripped, "XMP "));
    ASSERT_EQ(stripped->substr(12, 4), "VP8X");
    EXPECT_EQ(static_cast<std::uint8_t>((*stripped)[20]) & 0x0C, 0) << "VP8X still announces them";
    EXPECT_EQ(stripped->substr(4, 4), le32(static_cast<std::uint32_t>(stripped->size() - 8)));
    EXPECT_NE(stripped->find(webp_image_chunk(plain)), std::string::npos)
        << "the image chunk is kept";
    const Decoded d = decoded(*stripped);
    EXPECT_EQ(d.width, 64);
    EXPECT_EQ(d.height, 48);
    EXPECT_FALSE(d.has_exif);
  }
}

TEST(StripMetadata, GifLosesCommentsAndXmpAndKeepsItsImage) {
  const std::string plain = plain_image(64, 48, ".gif");
  const std::string tagged = gif_with_metadata(plain);
  ASSERT_EQ(decoded(tagged).width, 64);
  auto stripped = strip_metadata(tagged);
  ASSERT_TRUE(stripped.has_value()) << stripped.error().describe();
  expect_no_metadata(*stripped);
  EXPECT_FALSE(contains(*stripped, "XMP DataXMP"));
  EXPECT_EQ(*stripped, plain);
  const Decoded d = decoded(*stripped);
  EXPECT_EQ(d.width, 64);
  EXPECT_EQ(d.height, 48);
}

TEST(StripMetadata, GifKeepsItsAnimationLoop) {
  const std::string plain = plain_image(16, 16, ".gif");
  const std::size_t at = 13 + 3U * (2U << (static_cast<std::uint8_t>(plain[10]) & 7));
  const std::string loop = std::string("\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00", 19);
  const std::string looping = plain.substr(0, at) + loop + plain.substr(at);
  auto stripped = strip_metadata(looping);
  ASSERT_TRUE(stripped.has_value()) << stripped.error().describe();
  EXPECT_TRUE(contains(*stripped, "NETSCAPE2.0"));
}

TEST(StripMetadata, EveryTruncationOfEachFormatIsRefusedCleanly) {
  const std::vector<std::string> images{
      testing::jpeg_with_metadata(plain_image(40, 30, ".jpg")),
      png_with_metadata(plain_image(40, 30, ".png")),
      webp_with_metadata(plain_image(40, 30, ".webp"), 40, 30),
      gif_with_metadata(plain_image(40, 30, ".gif")),
  };
  for (const std::string& image : images) {
    ASSERT_TRUE(strip_metadata(image).has_value());
    for (std::size_t n = 0; n < image.size(); ++n) {
      auto stripped = strip_metadata(std::string_view(image).substr(0, n));
      ASSERT_FALSE(stripped.has_value()) << image.substr(0, 4) << " cut at " << n;
      EXPECT_EQ(stripped.error().code, core::ErrorCode::kInvalid);
    }
  }
}

TEST(StripMetadata, MalformedLengthsAreRefusedCleanly) {
  const std::string jpeg = plain_image(40, 30, ".jpg");
  const std::string png = plain_image(40, 30, ".png");
  const std::string webp = plain_image(40, 30, ".webp");
  const std::string gif = plain_image(40, 30, ".gif");
  const std::vector<std::pair<std::string, std::string>> cases{
      {"jpeg segment longer than the file", std::string("\xFF\xD8\xFF\xE1\xFF\xFF", 6) + "Exif"},
      {"jpeg segment length 1", std::string("\xFF\xD8\xFF\xE1\x00\x01", 6) + jpeg.substr(2)},
      {"jpeg without markers", std::string("\xFF\xD8\xFF", 3) + std::string(100, '\0')},
      {"png chunk of 4 GiB",
       png.substr(0, 8) + std::string("\xFF\xFF\xFF\xF0IHDR", 8) + png.substr(16)},
      {"png without IHDR first", png.substr(0, 8) + png_chunk("tEXt", "a\0b") + png.substr(8)},
      {"webp RIFF size beyond the file", "RIFF" + le32(0xFFFFFFF0U) + webp.substr(8)},
      {"webp chunk beyond the RIFF", webp.substr(0, 16) + le32(0x7FFFFFF0U) + webp.substr(20)},
      {"webp without an image", "RIFF" + le32(4 + 8) + "WEBP" + riff_chunk("EXIF", "")},
      {"gif colour table cut", gif.substr(0, 14)},
      {"gif unknown block", gif.substr(0, gif.size() - 1) + "\x99"},
      {"gif application extension cut", gif.substr(0, gif.size() - 1) + "\x21\xFF\x0B" + "XMP"},
      {"text", "<?php system($_GET['c']); ?>"},
      {"empty", ""},
  };
  for (const auto& [name, bytes] : cases) {
    auto stripped = strip_metadata(bytes);
    ASSERT_FALSE(stripped.has_value()) << name;
    EXPECT_EQ(stripped.error().code, core::ErrorCode::kInvalid) << name;
  }
}

TEST(StripMetadata, MutatedImagesAreStrippedOrRefusedNeverMisread) {
  const std::vector<std::string> images{
      testing::jpeg_with_metadata(plain_image(40, 30, ".jpg"), 6),
      png_with_metadata(plain_image(40, 30, ".png")),
      webp_with_metadata(plain_image(40, 30, ".webp"), 40, 30),
      gif_with_metadata(plain_image(40, 30, ".gif")),
  };
  std::mt19937 random(20261128);  // fixed: the same mutations every run
  for (const std::string& image : images) {
    for (int round = 0; round < 300; ++round) {
      std::string mutated = image;
      const int changes = 1 + static_cast<int>(random() % 4);
      for (int c = 0; c < changes; ++c) {
        mutated[random() % mutated.size()] = static_cast<char>(random() % 256);
      }
      auto stripped = strip_metadata(mutated);  // under the sanitizers: no read out of bounds
      if (stripped) {
        EXPECT_LE(stripped->size(), mutated.size() + 64 * 1024) << image.substr(0, 4);
      } else {
        EXPECT_NE(stripped.error().code, core::ErrorCode::kInternal) << image.substr(0, 4);
      }
    }
  }
}

}  // namespace
}  // namespace tapchi::media
