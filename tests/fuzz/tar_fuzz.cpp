// A backup archive as restore reads it: any bytes, written to a file and read entry by entry
// with the gzip and tar readers.
// Properties: every entry handed over has a safe relative name (is_safe_name) and exactly the
// size its header promised, delivered in pieces that add up to it; reading ends with an entry
// list, or with a refusal, never with a crash or an endless loop.
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "backup/tar.h"
#include "fuzz_check.h"

namespace {

using tapchi::fuzz::expect;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("tapchi-fuzz-tar-" + std::to_string(::getpid()));
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  auto reader = tapchi::backup::TarReader::open(file);
  if (!reader) {
    return 0;
  }
  // A header per 512 bytes at most: more entries than that would be a loop.
  const std::size_t most = size * 4 + 8;
  for (std::size_t entries = 0;; ++entries) {
    expect(entries <= most, "more entries than the input could hold");
    auto entry = (*reader)->next();
    if (!entry || !*entry) {
      break;
    }
    const tapchi::backup::TarEntry& e = **entry;
    expect(tapchi::backup::is_safe_name(e.name), "an unsafe name was handed over", e.name);
    expect(e.size >= 0, "a negative size");
    std::int64_t got = 0;
    const auto read = (*reader)->read([&](std::string_view piece) -> tapchi::core::Result<void> {
      got += static_cast<std::int64_t>(piece.size());
      return {};
    });
    if (!read) {
      break;
    }
    expect(got == e.size, "an entry's bytes differ from its promised size", e.name);
  }
  return 0;
}
