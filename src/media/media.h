// media: image files on disk. Learns an image's type and size from its content (never its name)
// and draws the demo journal's photos. Never touches the store or HTTP. Safe from any thread.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

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

// Writes a JPEG of `width`×`height` to `file`: a landscape of sky, hills and sun drawn from
// `seed`, the same bytes for the same arguments. For demo content.
core::Result<ImageInfo> draw_demo_photo(const std::filesystem::path& file, int width, int height,
                                        std::uint32_t seed);

}  // namespace tapchi::media
