// tapchi backup and tapchi restore: the backup module's work, told to the operator.
#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "app/commands.h"
#include "backup/backup.h"
#include "store/store.h"

namespace tapchi::app {

namespace {

std::string megabytes(std::int64_t bytes) {
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
}

}  // namespace

int run_backup(const Config& config, const std::filesystem::path& config_file,
               const std::filesystem::path& archive) {
  if (config.is_postgres()) {
    return report(core::invalid(
        "tapchi backup copies a SQLite journal; a journal on PostgreSQL is backed up with "
        "pg_dump and a copy of its media directory (" +
        config.media_dir().string() + "), see docs/DEPLOYING.md"));
  }
  const auto started = std::chrono::steady_clock::now();
  auto made = backup::make_backup(
      {config.database_path(), config.media_dir(), std::filesystem::absolute(config_file)},
      archive);
  if (!made) {
    return report(made.error());
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::cout << fmt::format(
      "Backed up the journal into {}: the database (schema {}, as of {}), {} media files and "
      "the configuration; {} ({} compressed) in {:.1f} s.\n",
      archive.string(), made->schema_version, made->created, made->media_files,
      megabytes(made->bytes), megabytes(made->archive_bytes), took.count());
  if (!made->left_out.empty()) {
    std::cout << fmt::format("Left out {} media files deleted while the backup ran:\n",
                             made->left_out.size());
    for (const std::string& name : made->left_out) {
      std::cout << "  " << name << "\n";
    }
  }
  return kExitOk;
}

int run_restore(const std::filesystem::path& archive, const std::filesystem::path& data_dir) {
  auto restored = backup::restore_backup(archive, data_dir, store::latest_schema_version());
  if (!restored) {
    std::cerr << "Nothing was restored.\n";
    return report(restored.error());
  }
  const std::filesystem::path dir = std::filesystem::absolute(data_dir).lexically_normal();
  std::cout << fmt::format(
      "Restored {} (made {}, schema {}) into {}: the database, {} media files, {}; every file "
      "matched its checksum and the database passed its integrity check.\n",
      archive.string(), restored->created, restored->schema_version, dir.string(),
      restored->media_files, megabytes(restored->bytes));
  if (std::filesystem::exists(dir / "tapchi.toml")) {
    std::cout << fmt::format("Serve it: tapchi serve --config {} --data-dir {}\n",
                             (dir / "tapchi.toml").string(), dir.string());
  } else {
    std::cout << fmt::format("Serve it with your configuration: tapchi serve --data-dir {}\n",
                             dir.string());
  }
  return kExitOk;
}

}  // namespace tapchi::app
