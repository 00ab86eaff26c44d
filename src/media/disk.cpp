#include "media/disk.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

namespace tapchi::media {

namespace {

core::Error os_error(std::string_view what, const std::filesystem::path& path, int error) {
  return core::internal(fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(error)));
}

// Flushes `fd` (open on `path`) to the disk and closes it.
core::Result<void> sync_and_close(int fd, const std::filesystem::path& path) {
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) {
    return core::fail(os_error("sync", path, error));
  }
  return {};
}

}  // namespace

core::Result<void> sync(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return core::fail(os_error("open", path, errno));
  }
  return sync_and_close(fd, path);
}

core::Result<void> write_synced(const std::filesystem::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return core::fail(os_error("create", path, errno));
  }
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      return core::fail(os_error("write", path, error));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return sync_and_close(fd, path);
}

}  // namespace tapchi::media
