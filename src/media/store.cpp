// Storing a media file so that a crash never leaves the database naming a file that is not on
// disk: the stripped original and its variants are written and fsynced, then their directory,
// all before the caller commits the row that names them.
#include <fstream>
#include <random>

#include <fmt/format.h>

#include "media/disk.h"
#include "media/media.h"

namespace tapchi::media {

namespace {

// "Harbour at dawn (1).JPG" → "harbour-at-dawn-1", at most 60 bytes; "photo" when nothing is left.
std::string name_stem(std::string_view file_name) {
  const auto slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) {
    file_name.remove_prefix(slash + 1);
  }
  const auto dot = file_name.rfind('.');
  std::string stem =
      core::slugify(dot == std::string_view::npos ? file_name : file_name.substr(0, dot));
  if (stem.size() > 60) {
    stem.resize(60);
    while (!stem.empty() && stem.back() == '-') {
      stem.pop_back();
    }
  }
  return stem.empty() ? "photo" : stem;
}

std::string random_suffix() {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  return fmt::format("{:06x}", generator() & 0xFFFFFF);
}

// The files of a stored image relative to the media directory: the original, then its variants.
std::vector<std::string> files_of(const StoredImage& image) {
  std::vector<std::string> files{image.path};
  const std::string_view own = extension_for(image.info.mime);
  for (const int w : image.variant_widths) {
    files.push_back(core::variant_path(image.path, w, "webp"));
    if (own != "webp") {
      files.push_back(core::variant_path(image.path, w, own));
    }
  }
  return files;
}

core::Error for_file(core::Error e, std::string_view file_name) {
  e.field = std::string(file_name);
  return e;
}

}  // namespace

core::Result<StoredImage> store_upload(std::string_view bytes, std::string_view file_name,
                                       const std::filesystem::path& media_dir, int year,
                                       int month) {
  // Stripped before anything reaches the disk: no camera or GPS data is ever public.
  auto stripped = strip_metadata(bytes);
  if (!stripped) {
    return core::fail(for_file(stripped.error(), file_name));
  }
  const std::string year_folder = fmt::format("{:04}", year);
  const std::string folder = fmt::format("{}/{:02}", year_folder, month);
  const std::filesystem::path dir = media_dir / folder;
  std::error_code ec;
  if (!std::filesystem::exists(dir)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return core::fail(core::internal("cannot create " + dir.string() + ": " + ec.message()));
    }
    // New directories are entries of their parents, which must reach the disk too.
    for (const auto& parent : {media_dir / year_folder, media_dir}) {
      if (auto synced = sync(parent); !synced) {
        return core::fail(synced.error());
      }
    }
  }
  // Written under a name no page links to, checked, then moved into place.
  const std::filesystem::path part = dir / (".upload-" + random_suffix() + ".part");
  if (auto written = write_synced(part, *stripped); !written) {
    std::filesystem::remove(part, ec);
    return core::fail(written.error());
  }
  auto info = probe(part);
  if (!info) {
    std::filesystem::remove(part, ec);
    return core::fail(for_file(info.error(), file_name));
  }
  std::string relative;
  std::filesystem::path target;
  for (int attempt = 0; attempt < 8; ++attempt) {
    relative = fmt::format("{}/{}-{}.{}", folder, name_stem(file_name), random_suffix(),
                           extension_for(info->mime));
    target = media_dir / relative;
    if (!std::filesystem::exists(target)) {
      break;
    }
  }
  std::filesystem::rename(part, target, ec);
  if (ec) {
    std::filesystem::remove(part, ec);
    return core::fail(core::internal("cannot store the upload as " + target.string()));
  }
  StoredImage stored{relative, *info, static_cast<std::int64_t>(stripped->size()), {}};
  auto widths = make_variants(target, *info);
  if (!widths) {
    std::filesystem::remove(target, ec);
    return core::fail(for_file(widths.error(), file_name));
  }
  stored.variant_widths = *widths;  // each written synced, like the original before its rename
  if (auto synced = sync(dir); !synced) {
    remove_stored(media_dir, stored);
    return core::fail(synced.error());
  }
  return stored;
}

core::Result<StoredImage> store_file(const std::filesystem::path& file,
                                     const std::filesystem::path& media_dir, int year, int month) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) {
    return core::fail(core::invalid("cannot be read: " + ec.message(), file.string()));
  }
  std::string bytes(size, '\0');
  std::ifstream in(file, std::ios::binary);
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (!in) {
    return core::fail(core::invalid("cannot be read", file.string()));
  }
  return store_upload(bytes, file.filename().string(), media_dir, year, month);
}

void remove_stored(const std::filesystem::path& media_dir, const StoredImage& image) {
  for (const std::string& file : files_of(image)) {
    std::error_code ignored;
    std::filesystem::remove(media_dir / file, ignored);
  }
}

}  // namespace tapchi::media
