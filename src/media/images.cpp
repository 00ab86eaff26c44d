#include <array>
#include <fstream>
#include <mutex>

#include <fmt/format.h>
#include <vips/vips8>

#include "media/disk.h"
#include "media/media.h"
#include "media/vips.h"

namespace tapchi::media {

void ensure_vips() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("tapchi") != 0) {
      throw std::runtime_error("libvips failed to start");  // failed startup
    }
    vips_concurrency_set(1);
  });
}

namespace {

// The type by magic number: the name of a file says nothing.
std::string sniff(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::array<unsigned char, 12> head{};
  in.read(reinterpret_cast<char*>(head.data()), head.size());
  const auto n = in.gcount();
  if (n >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) {
    return "image/jpeg";
  }
  if (n >= 8 && head[0] == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G' &&
      head[4] == 0x0D && head[5] == 0x0A && head[6] == 0x1A && head[7] == 0x0A) {
    return "image/png";
  }
  if (n >= 12 && std::equal(head.begin(), head.begin() + 4, "RIFF") &&
      std::equal(head.begin() + 8, head.begin() + 12, "WEBP")) {
    return "image/webp";
  }
  if (n >= 6 && (std::equal(head.begin(), head.begin() + 6, "GIF87a") ||
                 std::equal(head.begin(), head.begin() + 6, "GIF89a"))) {
    return "image/gif";
  }
  return {};
}

}  // namespace

core::Result<ImageInfo> probe(const std::filesystem::path& file) {
  const std::string mime = sniff(file);
  if (mime.empty()) {
    return core::fail(core::invalid("not a JPEG, PNG, WebP or GIF image", file.string()));
  }
  ensure_vips();
  try {
    // Only the header is read here; the size check comes before any pixel is decoded.
    vips::VImage image =
        vips::VImage::new_from_file(file.c_str(), vips::VImage::option()
                                                      ->set("access", VIPS_ACCESS_SEQUENTIAL)
                                                      ->set("fail_on", VIPS_FAIL_ON_ERROR));
    const std::int64_t pixels = static_cast<std::int64_t>(image.width()) * image.height();
    if (pixels > kMaxPixels) {
      return core::fail(core::too_large("the image has too many pixels (" +
                                            std::to_string(image.width()) + "×" +
                                            std::to_string(image.height()) + ")",
                                        file.string()));
    }
    // Decoding a few pixels catches truncated files early.
    image.avg();
    return ImageInfo{mime, image.width(), image.height()};
  } catch (const vips::VError& e) {
    vips_error_clear();
    return core::fail(core::invalid("the image cannot be decoded", file.string()));
  }
}

std::string_view extension_for(std::string_view mime) {
  if (mime == "image/png") {
    return "png";
  }
  if (mime == "image/webp") {
    return "webp";
  }
  if (mime == "image/gif") {
    return "gif";
  }
  return "jpg";
}

core::Result<std::vector<int>> make_variants(const std::filesystem::path& original,
                                             const ImageInfo& info) {
  ensure_vips();
  std::vector<int> widths;
  for (const int w : kVariantWidths) {
    if (w < info.width) {
      widths.push_back(w);
    }
  }
  if (info.width < kVariantWidths.back()) {
    widths.push_back(info.width);
  }
  const std::string path = original.string();
  const std::string_view own = extension_for(info.mime);
  std::vector<std::filesystem::path> written;
  const auto remove_written = [&] {
    for (const auto& f : written) {
      std::error_code ignored;
      std::filesystem::remove(f, ignored);
    }
  };
  // Encodes `image`, may throw vips::VError.
  const auto encoded = [&](const vips::VImage& image, std::string_view ext) {
    auto options = vips::VImage::option()->set("strip", true);
    if (ext == "jpg" || ext == "webp") {
      options->set("Q", 80);
    }
    void* buffer = nullptr;
    std::size_t size = 0;
    image.write_to_buffer(("." + std::string(ext)).c_str(), &buffer, &size, options);
    std::string bytes(static_cast<const char*>(buffer), size);
    g_free(buffer);
    return bytes;
  };
  const auto saved = [&](const std::string& bytes, std::string_view ext,
                         int width) -> core::Result<void> {
    // libvips 8.14's webpsave writes an EXIF chunk (resolution, software) despite "strip".
    auto clean = strip_metadata(bytes);
    if (!clean) {
      return core::fail(clean.error());
    }
    const std::filesystem::path out = core::variant_path(path, width, ext);
    written.push_back(out);
    return write_synced(out, *clean);
  };
  for (const int w : widths) {
    std::string webp, same;
    try {
      // thumbnail() shrinks while decoding where the format allows (JPEG), and takes the first
      // frame of an animation.
      vips::VImage small = vips::VImage::thumbnail(path.c_str(), w,
                                                   vips::VImage::option()
                                                       ->set("size", VIPS_SIZE_DOWN)
                                                       ->set("fail_on", VIPS_FAIL_ON_ERROR))
                               .copy_memory();  // decoded once, written twice
      webp = encoded(small, "webp");
      if (own != "webp") {
        same = encoded(small, own);
      }
    } catch (const vips::VError& e) {
      vips_error_clear();
      remove_written();
      return core::fail(core::invalid(
          std::string("the image's variants cannot be made: ") + e.what(), original.string()));
    }
    auto ok = saved(webp, "webp", w);
    if (ok && own != "webp") {
      ok = saved(same, own, w);
    }
    if (!ok) {
      remove_written();
      return core::fail(ok.error());
    }
  }
  return widths;
}

core::Result<ImageInfo> draw_demo_photo(const std::filesystem::path& file, int width, int height,
                                        std::uint32_t seed) {
  ensure_vips();
  // A few palettes of sky (top, horizon), far hills and near hills.
  struct Palette {
    double sky_top[3], sky_low[3], far[3], near[3];
  };
  static constexpr std::array<Palette, 5> kPalettes{{
      {{38, 86, 140}, {222, 190, 150}, {92, 112, 120}, {40, 72, 52}},
      {{22, 40, 78}, {240, 150, 90}, {78, 70, 96}, {34, 40, 52}},
      {{120, 170, 210}, {230, 236, 240}, {110, 140, 130}, {62, 104, 60}},
      {{70, 60, 110}, {250, 200, 160}, {120, 90, 110}, {60, 50, 60}},
      {{90, 140, 170}, {200, 220, 210}, {70, 120, 110}, {30, 80, 70}},
  }};
  const Palette& p = kPalettes[seed % kPalettes.size()];
  const double phase = static_cast<double>((seed * 37) % 360);
  try {
    vips::VImage xy = vips::VImage::xyz(width, height);
    vips::VImage x = xy[0];
    vips::VImage y = xy[1];
    vips::VImage t = y / static_cast<double>(height);
    const auto blend = [&](const double* a, const double* b) {
      std::vector<vips::VImage> bands;
      for (int i = 0; i < 3; ++i) {
        bands.push_back(t * (b[i] - a[i]) + a[i]);
      }
      return vips::VImage::bandjoin(bands);
    };
    const auto flat = [&](const double* c) {
      return (x * 0.0).new_from_image(std::vector<double>{c[0], c[1], c[2]});
    };
    vips::VImage image = blend(p.sky_top, p.sky_low);
    // A sun: a soft disc.
    const double sun_x = width * (0.2 + 0.6 * ((seed * 13) % 100) / 100.0);
    const double sun_y = height * 0.3;
    vips::VImage dist = ((x - sun_x).pow(2) + (y - sun_y).pow(2)).pow(0.5);
    vips::VImage sun = (dist < height * 0.08);
    const double sun_color[3] = {255, 236, 200};
    image = sun.ifthenelse(flat(sun_color), image);
    // Two ridges of hills.
    const double w = static_cast<double>(width);
    vips::VImage far_ridge = (x * (360.0 / w * 1.7) + phase).sin() * (height * 0.06) +
                             (x * (360.0 / w * 4.3) + phase * 2).sin() * (height * 0.02) +
                             height * 0.58;
    image = (y > far_ridge).ifthenelse(flat(p.far), image);
    vips::VImage near_ridge =
        (x * (360.0 / w * 1.1) + phase * 3).sin() * (height * 0.07) + height * 0.76;
    image = (y > near_ridge).ifthenelse(flat(p.near), image);
    image = image.cast(VIPS_FORMAT_UCHAR)
                .copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
    std::filesystem::create_directories(file.parent_path());
    image.jpegsave(file.c_str(), vips::VImage::option()->set("Q", 80)->set("strip", true));
    return ImageInfo{"image/jpeg", width, height};
  } catch (const vips::VError& e) {
    vips_error_clear();
    return core::fail(
        core::internal(std::string("drawing a photo failed: ") + e.what(), file.string()));
  }
}

}  // namespace tapchi::media
