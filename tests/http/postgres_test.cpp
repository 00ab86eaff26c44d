// A journal on PostgreSQL served by several nodes at once: what one process commits reaches the
// pages every node serves, and what only a SQLite journal can do is refused with the way to do it.
#include <chrono>
#include <ctime>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "tests/http/harness.h"

namespace tapchi::testing {
namespace {

class PostgresJournal : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!is_on_postgres()) {
      GTEST_SKIP() << "several nodes share one journal only on PostgreSQL; this suite runs again "
                      "on it under ctest (http_suite.postgres.*)";
    }
  }
};

// Two nodes on one database (and one media directory) and a third process, the CLI: an article
// it imports appears on both nodes' cached front pages, each dropping the pages it touches.
TEST_F(PostgresJournal, TwoNodesServeOneJournalAndEachFollowsTheOthersChanges) {
  TempDir dir("nodes");
  copy_journal(dir.path());
  const auto config = dir.path() / "tapchi.toml";
  ServerProcess a(config);
  ServerProcess b(config);
  ASSERT_NE(a.port(), b.port());
  for (const ServerProcess* node : {&a, &b}) {
    const auto front = request(node->port(), "GET", "/en/");
    ASSERT_TRUE(front);
    ASSERT_EQ(front->status, 200);
    EXPECT_EQ(front->body.find("Lighthouse of Cape Cod"), std::string::npos);
    // Asked again, it comes from the node's page cache, which the import must reach.
    EXPECT_EQ(request(node->port(), "GET", "/en/").value().body, front->body);
  }
  std::filesystem::create_directories(dir.path() / "in");
  // Published a minute ago: the newest article, at the top of the front page.
  const std::time_t a_minute_ago = std::time(nullptr) - 60;
  char published[32];
  std::strftime(published, sizeof published, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&a_minute_ago));
  std::ofstream(dir.path() / "in" / "lighthouse.md")
      << "+++\ntitle = \"Lighthouse of Cape Cod\"\nedition = \"en\"\npublished = " << published
      << "\n+++\nA beam across the bay.\n";
  const auto imported =
      run_tapchi({"import", "markdown", (dir.path() / "in").string(), "--config", config.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  const auto committed = std::chrono::steady_clock::now();
  for (const ServerProcess* node : {&a, &b}) {
    bool is_shown = false;
    while (!is_shown && std::chrono::steady_clock::now() - committed < std::chrono::seconds(5)) {
      const auto front = request(node->port(), "GET", "/en/");
      is_shown = front && front->body.find("Lighthouse of Cape Cod") != std::string::npos;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_TRUE(is_shown) << "node on port " << node->port();
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - committed);
  // LISTEN/NOTIFY wakes each node at once; the watch interval (250 ms) is the bound without it.
  EXPECT_LT(took.count(), 1000);
}

TEST_F(PostgresJournal, BackupRefusesAndNamesPgDump) {
  TempDir dir("pg-backup");
  copy_journal(dir.path());
  const auto archive = dir.path() / "journal.tapchi";
  const auto r =
      run_tapchi({"backup", archive.string(), "--config", (dir.path() / "tapchi.toml").string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("pg_dump"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(archive));
}

}  // namespace
}  // namespace tapchi::testing
