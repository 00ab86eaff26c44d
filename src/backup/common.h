// Private to backup: what writing and restoring an archive share: the archive's names, an
// SQLite connection, scratch paths beside a target, and flushing a directory.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include "core/core.h"

namespace tapchi::backup {

inline constexpr std::string_view kDatabase = "tapchi.db";
inline constexpr std::string_view kConfig = "tapchi.toml";
inline constexpr std::string_view kManifest = "MANIFEST";
inline constexpr std::string_view kMediaPrefix = "media/";
inline constexpr std::string_view kFormatLine = "tapchi backup 1";
inline constexpr std::int64_t kLargestManifest = 64 << 20;

// An open SQLite connection, closed with the object.
class Connection {
 public:
  static core::Result<Connection> open(const std::filesystem::path& path, int flags) {
    Connection c;
    const int rc = sqlite3_open_v2(path.c_str(), &c.db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      return core::fail(core::unavailable(
          fmt::format("cannot open the database: {}",
                      c.db_ != nullptr ? sqlite3_errmsg(c.db_) : sqlite3_errstr(rc)),
          path.string()));
    }
    sqlite3_busy_timeout(c.db_, 10'000);
    return c;
  }
  Connection() = default;
  Connection(Connection&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Connection& operator=(Connection&&) = delete;
  Connection(const Connection&) = delete;
  ~Connection() { sqlite3_close_v2(db_); }
  sqlite3* get() const { return db_; }

  // The first column of the first row of `sql`, as text; empty when there is none.
  core::Result<std::string> value(const char* sql) const {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
      return core::fail(core::invalid(sqlite3_errmsg(db_)));
    }
    std::string text;
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      return core::fail(core::invalid(sqlite3_errmsg(db_)));
    }
    return text;
  }

 private:
  sqlite3* db_ = nullptr;
};

// A name for a file beside `path`, private to this process.
inline std::filesystem::path beside(const std::filesystem::path& path, std::string_view what) {
  return path.parent_path() /
         fmt::format(".{}.{}-{}", path.filename().string(), what, static_cast<long>(::getpid()));
}

// Flushes a directory's entries to the disk.
inline void sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Removes a path when the object goes, unless kept.
class Scratch {
 public:
  explicit Scratch(std::filesystem::path path) : path_(std::move(path)) {}
  ~Scratch() {
    if (!path_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(path_, ec);
    }
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  const std::filesystem::path& path() const { return path_; }
  void keep() { path_.clear(); }

 private:
  std::filesystem::path path_;
};

}  // namespace tapchi::backup
