// Private to media: writing files so that they are on the disk before a database commit names
// them. POSIX calls; errors as kInternal naming the path.
#pragma once
#include <filesystem>
#include <string_view>

#include "core/core.h"

namespace tapchi::media {

// Flushes a file's or a directory's contents (for a directory: its entries) to the disk.
core::Result<void> sync(const std::filesystem::path& path);

// Creates `path` (it must not exist), writes `bytes` and flushes them to the disk.
core::Result<void> write_synced(const std::filesystem::path& path, std::string_view bytes);

}  // namespace tapchi::media
