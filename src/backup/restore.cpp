// A backup is restored into a hidden directory beside the target and checked there (every
// entry, every checksum both ways, the database's integrity) before one rename makes it the
// journal: a damaged archive leaves nothing behind.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include "backup/backup.h"
#include "backup/common.h"
#include "backup/tar.h"

namespace tapchi::backup {

namespace {

// The manifest's header fields into `r`, its files into the returned map.
core::Result<std::map<std::string, Fingerprint>> parse_manifest(const std::string& text,
                                                                Report& r) {
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  if (line != kFormatLine) {
    return core::fail(core::invalid(line.starts_with("tapchi backup ")
                                        ? "made by a newer tapchi: its format is unknown here"
                                        : "not a tapchi backup (its manifest is foreign)",
                                    std::string(kManifest)));
  }
  std::size_t files = 0;
  std::map<std::string, Fingerprint> listed;
  const auto bad = [](const std::string& l) {
    return core::fail(
        core::invalid("damaged: unreadable line \"" + l + "\"", std::string(kManifest)));
  };
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key == "created") {
      fields >> r.created;
    } else if (key == "schema") {
      fields >> r.schema_version;
    } else if (key == "files") {
      fields >> files;
    } else {
      Fingerprint f{key, 0};
      fields >> f.size;
      std::string name;
      if (!fields || f.sha256.size() != 64 || !(fields.get() == ' ') ||
          !std::getline(fields, name) || !is_safe_name(name)) {
        return bad(line);
      }
      if (!listed.emplace(name, f).second) {
        return bad(line);
      }
      continue;
    }
    if (!fields) {
      return bad(line);
    }
  }
  if (files != listed.size()) {
    return core::fail(
        core::invalid(fmt::format("damaged: lists {} files but says {}", listed.size(), files),
                      std::string(kManifest)));
  }
  return listed;
}

// A file being restored: written as it streams in, then flushed.
class Output {
 public:
  static core::Result<Output> create(const std::filesystem::path& path) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
      return core::fail(
          core::internal(fmt::format("cannot create {}: {}", path.string(), std::strerror(errno))));
    }
    return Output(fd, path);
  }
  Output(Output&& o) noexcept : fd_(std::exchange(o.fd_, -1)), path_(std::move(o.path_)) {}
  Output& operator=(Output&&) = delete;
  Output(const Output&) = delete;
  ~Output() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  core::Result<void> write(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        return core::fail(core::internal(
            fmt::format("cannot write {}: {}", path_.string(), std::strerror(errno))));
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
  }
  core::Result<void> close() {
    const int rc = ::fsync(fd_);
    ::close(std::exchange(fd_, -1));
    if (rc != 0) {
      return core::fail(core::internal("cannot flush " + path_.string()));
    }
    return {};
  }

 private:
  Output(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::filesystem::path path_;
};

bool is_expected_name(std::string_view name) {
  return name == kDatabase || name == kConfig || name == kManifest ||
         (name.starts_with(kMediaPrefix) && name.size() > kMediaPrefix.size());
}

// Reads every entry of `archive` into `into`, checking each against the manifest (the last
// entry). Fills `r`.
core::Result<void> extract(const std::filesystem::path& archive, const std::filesystem::path& into,
                           Report& r) {
  auto reader = TarReader::open(archive);
  if (!reader) {
    return core::fail(reader.error());
  }
  std::map<std::string, Fingerprint> found;
  std::optional<std::string> manifest;
  for (;;) {
    auto entry = (*reader)->next();
    if (!entry) {
      return core::fail(entry.error());
    }
    if (!*entry) {
      break;
    }
    const TarEntry& e = **entry;
    if (manifest) {
      return core::fail(core::invalid("damaged: a file follows the manifest", e.name));
    }
    if (!is_expected_name(e.name)) {
      return core::fail(core::invalid("not a tapchi backup: unexpected file", e.name));
    }
    if (found.contains(e.name)) {
      return core::fail(core::invalid("damaged: the file appears twice", e.name));
    }
    if (e.name == kManifest) {
      if (e.size > kLargestManifest) {
        return core::fail(core::too_large("damaged: the manifest is too large", e.name));
      }
      std::string text;
      TAPCHI_TRY((*reader)->read([&](std::string_view piece) -> core::Result<void> {
        text += piece;
        return {};
      }));
      manifest = std::move(text);
      continue;
    }
    auto out = Output::create(into / e.name);
    if (!out) {
      return core::fail(out.error());
    }
    Digest digest;
    TAPCHI_TRY((*reader)->read([&](std::string_view piece) {
      digest.add(piece);
      return out->write(piece);
    }));
    TAPCHI_TRY(out->close());
    found.emplace(e.name, Fingerprint{digest.hex(), e.size});
  }
  if (!manifest) {
    return core::fail(core::invalid("incomplete: the archive has no manifest", archive.string()));
  }
  auto listed = parse_manifest(*manifest, r);
  if (!listed) {
    return core::fail(listed.error());
  }
  for (const auto& [name, f] : *listed) {
    auto it = found.find(name);
    if (it == found.end()) {
      return core::fail(core::invalid("incomplete: a file the manifest lists is missing", name));
    }
    if (it->second.size != f.size || it->second.sha256 != f.sha256) {
      return core::fail(core::invalid("damaged: the file differs from its checksum", name));
    }
    r.bytes += f.size;
    r.media_files += name.starts_with(kMediaPrefix) ? 1 : 0;
  }
  for (const auto& [name, f] : found) {
    if (!listed->contains(name)) {
      return core::fail(core::invalid("damaged: a file the manifest does not list", name));
    }
  }
  if (!found.contains(std::string(kDatabase))) {
    return core::fail(core::invalid("incomplete: the archive has no database", archive.string()));
  }
  return {};
}

}  // namespace

core::Result<Report> restore_backup(const std::filesystem::path& archive,
                                    const std::filesystem::path& data_dir, int latest_schema) {
  std::error_code ec;
  if (std::filesystem::exists(data_dir, ec) &&
      (!std::filesystem::is_directory(data_dir, ec) || !std::filesystem::is_empty(data_dir, ec))) {
    return core::fail(
        core::conflict("is not empty; a backup is restored only into a new or empty directory",
                       data_dir.string()));
  }
  const std::filesystem::path target = std::filesystem::absolute(data_dir).lexically_normal();
  std::filesystem::create_directories(target.parent_path(), ec);
  Scratch staging(beside(target, "restoring"));
  std::filesystem::remove_all(staging.path(), ec);
  if (!std::filesystem::create_directory(staging.path(), ec)) {
    return core::fail(
        core::internal("cannot create " + staging.path().string() + ": " + ec.message()));
  }
  Report r;
  TAPCHI_TRY(extract(archive, staging.path(), r));
  if (r.schema_version > latest_schema) {
    return core::fail(core::invalid(
        fmt::format("made by a newer tapchi (database schema {}; this one knows up to {})",
                    r.schema_version, latest_schema),
        archive.string()));
  }
  {
    auto db = Connection::open(staging.path() / kDatabase, SQLITE_OPEN_READONLY);
    if (!db) {
      return core::fail(db.error());
    }
    auto check = db->value("PRAGMA integrity_check");
    if (!check || *check != "ok") {
      return core::fail(core::invalid("damaged: the database fails its integrity check: " +
                                          (check ? *check : check.error().message),
                                      archive.string()));
    }
  }
  std::filesystem::create_directories(staging.path() / "media", ec);
  if (std::filesystem::exists(target, ec)) {
    std::filesystem::remove(target, ec);  // empty, as checked above
  }
  std::filesystem::rename(staging.path(), target, ec);
  if (ec) {
    return core::fail(core::internal("cannot move the restored journal into place: " + ec.message(),
                                     target.string()));
  }
  staging.keep();
  sync_directory(target.parent_path());
  r.archive_bytes = static_cast<std::int64_t>(std::filesystem::file_size(archive, ec));
  return r;
}

}  // namespace tapchi::backup
