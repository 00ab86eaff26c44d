// A backup is written as: the database copied by SQLite's online backup API in one step (one
// read transaction, so a consistent snapshot however many writes go on meanwhile), then the
// media files, the configuration, and the manifest last. Media files are written and flushed
// before any database commit names them, so every photo the snapshot names is on the disk by
// the time the directory is walked.
#include "backup/backup.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include "backup/tar.h"

namespace tapchi::backup {

namespace {

constexpr std::string_view kDatabase = "tapchi.db";
constexpr std::string_view kConfig = "tapchi.toml";
constexpr std::string_view kManifest = "MANIFEST";
constexpr std::string_view kMediaPrefix = "media/";
constexpr std::string_view kFormatLine = "tapchi backup 1";
constexpr std::int64_t kLargestManifest = 64 << 20;

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

// Copies the live database at `from` into a new file `to`, as one snapshot. Returns the
// snapshot's schema version.
core::Result<int> copy_database(const std::filesystem::path& from,
                                const std::filesystem::path& to) {
  if (!std::filesystem::is_regular_file(from)) {
    return core::fail(core::not_found("no journal database here", from.string()));
  }
  auto source = Connection::open(from, SQLITE_OPEN_READWRITE);
  if (!source) {
    return core::fail(source.error());
  }
  auto target = Connection::open(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!target) {
    return core::fail(target.error());
  }
  // Step -1 copies every page in one read transaction. A writer holding the lock past the
  // busy timeout only delays it: try again a few times before giving up.
  int rc = SQLITE_BUSY;
  for (int attempt = 0; attempt < 6 && (rc == SQLITE_BUSY || rc == SQLITE_LOCKED); ++attempt) {
    sqlite3_backup* copy = sqlite3_backup_init(target->get(), "main", source->get(), "main");
    if (copy == nullptr) {
      return core::fail(core::internal(
          fmt::format("cannot start copying the database: {}", sqlite3_errmsg(target->get()))));
    }
    rc = sqlite3_backup_step(copy, -1);
    sqlite3_backup_finish(copy);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
  if (rc != SQLITE_DONE) {
    return core::fail(core::unavailable(
        fmt::format("cannot copy the database: {}", sqlite3_errstr(rc)), from.string()));
  }
  // One self-contained file: no write-ahead log beside it.
  if (auto mode = target->value("PRAGMA journal_mode = DELETE"); !mode) {
    return core::fail(mode.error());
  }
  auto version = target->value("SELECT MAX(version) FROM schema_migrations");
  if (!version) {
    return core::fail(
        core::invalid("not a tapchi database: " + version.error().message, from.string()));
  }
  return version->empty() ? 0 : std::stoi(*version);
}

// The regular files under `dir`, as '/'-separated paths relative to it, sorted. Hidden names
// (uploads being written, ".upload-….part") are not the journal's yet.
std::vector<std::string> media_files(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  auto it = std::filesystem::recursive_directory_iterator(dir, ec);
  for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().filename().string().starts_with('.')) {
      if (it->is_directory()) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (it->is_regular_file() && !it->is_symlink()) {
      names.push_back(std::filesystem::relative(it->path(), dir).generic_string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string now_rfc3339() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::time_point_cast<std::chrono::seconds>(
                                                  std::chrono::system_clock::now()));
}

// A name for a file beside `path`, private to this process.
std::filesystem::path beside(const std::filesystem::path& path, std::string_view what) {
  return path.parent_path() /
         fmt::format(".{}.{}-{}", path.filename().string(), what, static_cast<long>(::getpid()));
}

// Flushes a directory's entries to the disk.
void sync_directory(const std::filesystem::path& dir) {
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

struct ManifestLine {
  Fingerprint fingerprint;
  std::string name;
};

std::string manifest_text(const Report& r, const std::vector<ManifestLine>& lines) {
  std::string text = fmt::format("{}\ncreated {}\nschema {}\nfiles {}\n", kFormatLine, r.created,
                                 r.schema_version, lines.size());
  for (const ManifestLine& l : lines) {
    text += fmt::format("{} {} {}\n", l.fingerprint.sha256, l.fingerprint.size, l.name);
  }
  return text;
}

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

core::Result<Report> make_backup(const Sources& from, const std::filesystem::path& archive) {
  std::error_code ec;
  if (std::filesystem::exists(archive, ec)) {
    return core::fail(core::conflict("already exists; nothing was written", archive.string()));
  }
  Report r;
  Scratch database(beside(archive, "db"));
  r.created = now_rfc3339();
  auto version = copy_database(from.database, database.path());
  if (!version) {
    return core::fail(version.error());
  }
  r.schema_version = *version;

  Scratch partial(beside(archive, "partial"));
  auto writer = TarWriter::create(partial.path());
  if (!writer) {
    return core::fail(writer.error());
  }
  std::vector<ManifestLine> lines;
  const auto add = [&](std::string name, const std::filesystem::path& file) -> core::Result<bool> {
    auto added = (*writer)->add_file(name, file);
    if (!added) {
      if (added.error().code == core::ErrorCode::kNotFound) {
        return false;
      }
      return core::fail(added.error());
    }
    r.bytes += added->size;
    lines.push_back({*added, std::move(name)});
    return true;
  };
  if (auto added = add(std::string(kDatabase), database.path()); !added || !*added) {
    return core::fail(added ? core::internal("the database's copy vanished") : added.error());
  }
  std::filesystem::remove(database.path(), ec);
  if (!from.config_file.empty()) {
    if (auto added = add(std::string(kConfig), from.config_file); !added || !*added) {
      return core::fail(
          added ? core::not_found("cannot read the configuration file", from.config_file.string())
                : added.error());
    }
  }
  for (const std::string& name : media_files(from.media_dir)) {
    auto added = add(std::string(kMediaPrefix) + name, from.media_dir / name);
    if (!added) {
      return core::fail(added.error());
    }
    if (*added) {
      ++r.media_files;
    } else {
      r.left_out.push_back(name);
    }
  }
  if (auto written = (*writer)->add_bytes(kManifest, manifest_text(r, lines)); !written) {
    return core::fail(written.error());
  }
  TAPCHI_TRY((*writer)->finish());
  std::filesystem::rename(partial.path(), archive, ec);
  if (ec) {
    return core::fail(
        core::internal("cannot move the backup into place: " + ec.message(), archive.string()));
  }
  partial.keep();
  sync_directory(archive.parent_path());
  r.archive_bytes = static_cast<std::int64_t>(std::filesystem::file_size(archive, ec));
  return r;
}

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
