// backup: a journal's consistent copy in one file, taken while the server runs and writes go
// on, and its restoration into a fresh data directory. The archive is a gzip-compressed tar
// holding tapchi.db (SQLite's online backup of the live database), the media files, the
// configuration file and, last, a MANIFEST of SHA-256 checksums; restore checks every byte
// against it and the database's integrity before anything appears at the target, so a damaged
// or cut archive restores nothing. SQLite journals only (PostgreSQL has pg_dump). The functions
// block and share nothing: safe from any thread, and beside a running server.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/core.h"

namespace tapchi::backup {

// What a backup is made of.
struct Sources {
  std::filesystem::path database;     // the journal's SQLite file (tapchi.db)
  std::filesystem::path media_dir;    // may be missing: a journal without photos yet
  std::filesystem::path config_file;  // empty: none kept
};

// What a backup holds, as written or as restored.
struct Report {
  std::string created;  // when the database was copied, RFC 3339 in UTC
  int schema_version = 0;
  int media_files = 0;
  std::int64_t bytes = 0;          // the files' sizes, before compression
  std::int64_t archive_bytes = 0;  // the archive's size
  // Media files removed between the database's copy and their turn (a photo deleted in the
  // back office meanwhile): left out, named here.
  std::vector<std::string> left_out;
};

// Writes the backup to `archive`, which must not exist: everything committed before the call
// began is in it. The file appears only once complete and on the disk.
core::Result<Report> make_backup(const Sources& from, const std::filesystem::path& archive);

// Restores `archive` into `data_dir` (absent or empty): tapchi.db, media/ and, when the backup
// kept one, tapchi.toml. Refuses a damaged, incomplete or foreign archive, or one from a newer
// schema than this build knows (`latest_schema`), leaving `data_dir` as it was.
core::Result<Report> restore_backup(const std::filesystem::path& archive,
                                    const std::filesystem::path& data_dir, int latest_schema);

}  // namespace tapchi::backup
