// media: image files on disk. Learns an image's type and size from its content (never its name),
// strips camera and GPS metadata before a file is stored, and draws the demo journal's photos.
// Never touches the store or HTTP. Safe from any thread.
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"

namespace tapchi::media {

struct ImageInfo {
  std::string mime;  // image/jpeg, image/png, image/webp or image/gif
  int width = 0;
  int height = 0;
};

// Most pixels an image may have; more is refused (decompression bombs).
inline constexpr std::int64_t kMaxPixels = 50'000'000;

// The type and size of the image in `file`, read from its content. Fails with kInvalid for a
// file that is not a JPEG, PNG, WebP or GIF image, cannot be decoded, or is too large.
core::Result<ImageInfo> probe(const std::filesystem::path& file);

// The widths of responsive variants: each one narrower than the original is made, and one at the
// original's own width when it is narrower than the widest, so that WebP is offered at every size.
inline constexpr std::array<int, 4> kVariantWidths{320, 640, 1024, 1600};

// Writes the responsive variants of the image `original` (of `info`, as probe() found it) beside
// it: "<stem>-<width>.webp" and "<stem>-<width>.<its extension>", without metadata (no camera or
// GPS data leaves the newsroom), the first frame of an animation only, each flushed to the disk
// (their directory is not). Returns the widths made, narrowest first; on failure removes what it
// wrote.
core::Result<std::vector<int>> make_variants(const std::filesystem::path& original,
                                             const ImageInfo& info);

// The file extension for an image type: "jpg", "png", "webp", "gif".
std::string_view extension_for(std::string_view mime);

// A stored image: its path under the media directory, what it is, and its variants.
struct StoredImage {
  std::string path;  // "2026/11/harbour-at-dawn-3f9a1c.jpg"
  ImageInfo info;
  std::int64_t bytes = 0;  // of the stored original, metadata removed
  std::vector<int> variant_widths;
};

// The image `bytes` without EXIF, XMP, IPTC, comments and text: JPEG keeps only its JFIF,
// ICC profile and Adobe segments, PNG loses eXIf, tEXt, zTXt, iTXt and tIME, WebP its EXIF and
// XMP chunks, GIF its comments and application extensions other than animation loops. The pixels
// are untouched unless the EXIF orientation is not 1: then the image is turned upright and saved
// again (JPEG at quality 92, PNG, WebP at 90 or lossless as the source was); animations are never
// turned. A file that is not a well-formed JPEG, PNG, WebP or GIF fails with kInvalid, one that
// must be turned but has more than kMaxPixels pixels with kTooLarge.
core::Result<std::string> strip_metadata(std::string_view bytes);

// Stores the image `bytes` (sent as `file_name`) in `media_dir`/YYYY/MM/ for `year` and `month`
// as "<name>-<6 random hex>.<ext>", the extension its content calls for, metadata stripped, and
// makes its variants. The original and its variants are written, fsynced and their directory
// fsynced before this returns, so a database row naming them may be committed next. The type
// comes from the content alone; a file that is not a JPEG, PNG, WebP or GIF image, is cut short,
// or has more than kMaxPixels pixels is refused with kInvalid or kTooLarge (field: `file_name`)
// and leaves nothing behind.
core::Result<StoredImage> store_upload(std::string_view bytes, std::string_view file_name,
                                       const std::filesystem::path& media_dir, int year, int month);

// store_upload() for the image in `file`, named after it: two files called photo.jpg stored in
// the same month keep two names. Fails with kInvalid too when `file` cannot be read.
core::Result<StoredImage> store_file(const std::filesystem::path& file,
                                     const std::filesystem::path& media_dir, int year, int month);

// Removes a stored image's original and variants from `media_dir`: for an upload or an import
// whose database write did not commit. Files already gone are no error.
void remove_stored(const std::filesystem::path& media_dir, const StoredImage& image);

// Writes a JPEG of `width`×`height` to `file`: a landscape of sky, hills and sun drawn from
// `seed`, the same bytes for the same arguments. For demo content.
core::Result<ImageInfo> draw_demo_photo(const std::filesystem::path& file, int width, int height,
                                        std::uint32_t seed);

}  // namespace tapchi::media
