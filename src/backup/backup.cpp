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

#include "backup/common.h"
#include "backup/tar.h"

namespace tapchi::backup {

namespace {

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

}  // namespace tapchi::backup
