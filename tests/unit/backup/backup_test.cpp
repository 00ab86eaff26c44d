#include "backup/backup.h"

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>
#include <zlib.h>

namespace tapchi::backup {
namespace {

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const std::filesystem::path& file, const std::string& bytes) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << bytes;
}

// A SQLite connection for the tests, in WAL mode like the journal's.
class Db {
 public:
  explicit Db(const std::filesystem::path& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    sqlite3_busy_timeout(db_, 10'000);
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  void exec(const std::string& sql) {
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error != nullptr ? error : "") << " in " << sql;
    sqlite3_free(error);
  }
  std::vector<std::string> column(const std::string& sql) {
    std::vector<std::string> values;
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      values.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    }
    sqlite3_finalize(stmt);
    return values;
  }

 private:
  sqlite3* db_ = nullptr;
};

class Backups : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("tapchi-backup-{}-{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    journal_ = dir_ / "journal";
    std::filesystem::create_directories(journal_ / "media");
    Db db(database());
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)");
    db.exec("INSERT INTO schema_migrations VALUES (1), (2), (17)");
    db.exec("CREATE TABLE comments (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    db.exec("INSERT INTO comments (body) VALUES ('first')");
    write_all(journal_ / "media/2026/11/a.jpg", "jpeg bytes");
    write_all(journal_ / "media/2026/11/a-640.webp", "webp bytes");
    write_all(journal_ / "media/2026/11/.upload-x.part", "half written");
    write_all(journal_ / "tapchi.toml", "[site]\nname = \"Tạp chí\"\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path database() const { return journal_ / "tapchi.db"; }
  Sources sources() const { return {database(), journal_ / "media", journal_ / "tapchi.toml"}; }

  std::filesystem::path dir_, journal_;
};

TEST_F(Backups, RestoreGivesBackTheDatabaseMediaAndConfig) {
  const auto made = make_backup(sources(), dir_ / "b.tar.gz");
  ASSERT_TRUE(made.has_value()) << made.error().describe();
  EXPECT_EQ(made->schema_version, 17);
  EXPECT_EQ(made->media_files, 2) << "the half-written upload is not the journal's yet";
  EXPECT_GT(made->archive_bytes, 0);
  EXPECT_TRUE(made->left_out.empty());
  EXPECT_FALSE(std::filesystem::exists(dir_ / (".b.tar.gz.partial-" + std::to_string(::getpid()))));

  const auto restored = restore_backup(dir_ / "b.tar.gz", dir_ / "restored", 17);
  ASSERT_TRUE(restored.has_value()) << restored.error().describe();
  EXPECT_EQ(restored->created, made->created);
  EXPECT_EQ(restored->media_files, 2);
  EXPECT_EQ(restored->bytes, made->bytes);
  EXPECT_EQ(read_all(dir_ / "restored/media/2026/11/a.jpg"), "jpeg bytes");
  EXPECT_EQ(read_all(dir_ / "restored/media/2026/11/a-640.webp"), "webp bytes");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "restored/media/2026/11/.upload-x.part"));
  EXPECT_EQ(read_all(dir_ / "restored/tapchi.toml"), read_all(journal_ / "tapchi.toml"));
  Db copy(dir_ / "restored/tapchi.db");
  EXPECT_EQ(copy.column("SELECT body FROM comments"), std::vector<std::string>{"first"});
  EXPECT_EQ(copy.column("PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  EXPECT_FALSE(std::filesystem::exists(dir_ / "restored/tapchi.db-wal"));

  // Nothing overwritten: not the archive, not a journal.
  EXPECT_EQ(make_backup(sources(), dir_ / "b.tar.gz").error().code, core::ErrorCode::kConflict);
  const auto again = restore_backup(dir_ / "b.tar.gz", dir_ / "restored", 17);
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().message.find("not empty"), std::string::npos);
  // An empty directory is fine.
  std::filesystem::create_directories(dir_ / "empty");
  EXPECT_TRUE(restore_backup(dir_ / "b.tar.gz", dir_ / "empty", 17).has_value());
}

TEST_F(Backups, EverythingCommittedBeforeTheBackupBeganIsInItWhileWritesGoOn) {
  std::atomic<bool> stop{false};
  std::mutex lock;
  std::vector<std::string> committed;
  std::thread writer([&] {
    Db db(database());
    for (int n = 0; !stop.load(); ++n) {
      const std::string body = fmt::format("comment {}", n);
      db.exec(fmt::format("INSERT INTO comments (body) VALUES ('{}')", body));
      const std::lock_guard<std::mutex> hold(lock);
      committed.push_back(body);
    }
  });
  // Until the writes are well under way (a loaded machine commits slowly).
  std::vector<std::string> before;
  for (int waited = 0; before.size() <= 100 && waited < 200; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const std::lock_guard<std::mutex> hold(lock);
    before = committed;
  }
  const auto made = make_backup(sources(), dir_ / "live.tar.gz");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  stop = true;
  writer.join();
  ASSERT_TRUE(made.has_value()) << made.error().describe();
  ASSERT_GT(before.size(), 100u) << "the writes were under way";

  ASSERT_TRUE(restore_backup(dir_ / "live.tar.gz", dir_ / "r", 17).has_value());
  Db copy(dir_ / "r/tapchi.db");
  EXPECT_EQ(copy.column("PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  const auto kept = copy.column("SELECT body FROM comments");
  const std::set<std::string> in_backup(kept.begin(), kept.end());
  for (const std::string& body : before) {
    ASSERT_TRUE(in_backup.contains(body)) << body << " was committed before the backup began";
  }
  EXPECT_LT(kept.size(), committed.size() + 1) << "a snapshot, not a later state";
}

TEST_F(Backups, ADamagedArchiveRestoresNothing) {
  ASSERT_TRUE(make_backup(sources(), dir_ / "b.tar.gz").has_value());
  const std::string good = read_all(dir_ / "b.tar.gz");
  std::string bad = good;
  bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 0x01);
  write_all(dir_ / "bad.tar.gz", bad);
  const auto refused = restore_backup(dir_ / "bad.tar.gz", dir_ / "r", 17);
  ASSERT_FALSE(refused.has_value());
  EXPECT_TRUE(refused.error().message.starts_with("damaged")) << refused.error().describe();
  EXPECT_FALSE(std::filesystem::exists(dir_ / "r"));
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().filename().string().find("restoring"), std::string::npos)
        << "the staging directory is gone";
  }
  write_all(dir_ / "cut.tar.gz", good.substr(0, good.size() - 40));
  EXPECT_FALSE(restore_backup(dir_ / "cut.tar.gz", dir_ / "r", 17).has_value());
  EXPECT_FALSE(std::filesystem::exists(dir_ / "r"));
  write_all(dir_ / "notes.txt", "not an archive");
  EXPECT_NE(restore_backup(dir_ / "notes.txt", dir_ / "r", 17).error().message.find("not gzip"),
            std::string::npos);
  EXPECT_FALSE(restore_backup(dir_ / "missing.tar.gz", dir_ / "r", 17).has_value());
}

TEST_F(Backups, ANewerSchemaOrAForeignArchiveIsRefused) {
  ASSERT_TRUE(make_backup(sources(), dir_ / "b.tar.gz").has_value());
  const auto newer = restore_backup(dir_ / "b.tar.gz", dir_ / "r", 16);
  ASSERT_FALSE(newer.has_value());
  EXPECT_NE(newer.error().message.find("newer tapchi"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "r"));

  // Some other tar.gz: system tar's archive of a photo.
  ASSERT_EQ(std::system(fmt::format("tar -czf '{}' -C '{}' 2026/11/a.jpg",
                                    (dir_ / "other.tar.gz").string(), (journal_ / "media").string())
                            .c_str()),
            0);
  const auto foreign = restore_backup(dir_ / "other.tar.gz", dir_ / "r", 17);
  ASSERT_FALSE(foreign.has_value());
  EXPECT_NE(foreign.error().message.find("not a tapchi backup"), std::string::npos)
      << foreign.error().describe();
  EXPECT_FALSE(std::filesystem::exists(dir_ / "r"));
}

TEST_F(Backups, ADatabaseThatIsNotAJournalIsNotBackedUp) {
  EXPECT_EQ(
      make_backup({dir_ / "nothing.db", journal_ / "media", {}}, dir_ / "n.tar.gz").error().code,
      core::ErrorCode::kNotFound);
  write_all(dir_ / "other.db", "");
  Db other(dir_ / "other.db");
  other.exec("CREATE TABLE t (x)");
  const auto refused = make_backup({dir_ / "other.db", journal_ / "media", {}}, dir_ / "o.tar.gz");
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("not a tapchi database"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "o.tar.gz"));
}

}  // namespace
}  // namespace tapchi::backup
