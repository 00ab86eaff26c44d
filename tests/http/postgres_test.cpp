// A journal on PostgreSQL served by several nodes at once: what one process commits reaches the
// pages every node serves, and what only a SQLite journal can do is refused with the way to do it.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/http/clusters.h"
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

// The database goes away under a serving node: it serves the pages it has cached, answers 503
// with Retry-After for what it must read or write, and serves again once the database is back,
// reconnecting by itself.
TEST_F(PostgresJournal, ADatabaseAwayLeavesCachedPagesServedAnd503sUntilItIsBack) {
  TempDir dir("pg-away");
  Cluster cluster(dir.path() / "cluster");
  ASSERT_FALSE(cluster.url().empty());
  const auto config = journal_on(cluster, dir.path());
  ServerProcess server(config);
  const auto front = request(server.port(), "GET", "/en/");
  ASSERT_TRUE(front);
  ASSERT_EQ(front->status, 200);
  ASSERT_NE(front->body.find("A beam across the bay"), std::string::npos);

  ASSERT_EQ(cluster.script("halt"), 0);
  const auto cached = request(server.port(), "GET", "/en/");
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->status, 200) << "a cached page is served without the database";
  EXPECT_EQ(cached->body, front->body);
  const auto away = request(server.port(), "GET", "/en/search?q=lighthouse");
  ASSERT_TRUE(away);
  EXPECT_EQ(away->status, 503) << away->body;
  EXPECT_EQ(away->header("retry-after"), "5");
  EXPECT_NE(away->body.find("unavailable for a moment"), std::string::npos);
  EXPECT_EQ(away->body.find("database"), std::string::npos) << "no detail for readers";

  ASSERT_EQ(cluster.script("resume"), 0);
  std::optional<HttpResponse> back;
  for (int i = 0; i < 100; ++i) {
    back = request(server.port(), "GET", "/en/search?q=lighthouse");
    if (back && back->status == 200) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 200) << "the node reconnected by itself";
  EXPECT_NE(back->body.find("A beam across the bay"), std::string::npos);
  // Every pooled connection was lost, and those unused meanwhile look alive until they are
  // used: readers at once, each on a connection of its own, get pages all the same.
  std::atomic<int> not_ok{0};
  std::vector<std::thread> readers;
  for (int n = 0; n < 4; ++n) {
    readers.emplace_back([&, n] {
      for (int i = 0; i < 10; ++i) {
        const auto r =
            request(server.port(), "GET", "/en/search?q=keeper+" + std::to_string(n * 10 + i));
        not_ok += r && r->status == 200 ? 0 : 1;
      }
    });
  }
  for (std::thread& t : readers) {
    t.join();
  }
  EXPECT_EQ(not_ok.load(), 0) << server.output();
}

// A node with a read replica reads its public pages there, and drops the pages a change touches
// only once the replica has the change: never a page older than what the replica holds.
TEST_F(PostgresJournal, AReadReplicaServesPublicPagesAndNoneStaleOnceItHasAChange) {
  TempDir dir("pg-replica");
  Cluster primary(dir.path() / "primary");
  ASSERT_FALSE(primary.url().empty());
  Cluster standby(dir.path() / "standby", &primary);
  ASSERT_FALSE(standby.url().empty());
  const auto config =
      journal_on(primary, dir.path(), "replica = \"" + standby.url() + "/journal\"\n");
  const std::string replica = standby.url() + "/journal";
  const auto on_replica = [&](const std::string& title) {
    try {
      return postgres_query(replica, "SELECT COUNT(*) FROM articles WHERE title = '" + title + "'")
                 .at(0)
                 .at(0) == "1";
    } catch (const std::runtime_error&) {
      return false;  // the journal's database has not reached the standby yet
    }
  };
  for (int i = 0; i < 500 && !on_replica("A beam across the bay"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ServerProcess node(config);
  const auto front = request(node.port(), "GET", "/en/");
  ASSERT_TRUE(front);
  ASSERT_EQ(front->status, 200);
  ASSERT_NE(front->body.find("A beam across the bay"), std::string::npos);

  // The standby stops replaying: what the primary commits now, only the primary has.
  postgres_query(replica, "SELECT pg_wal_replay_pause()");
  import_markdown(dir.path(), config, "keeper.md",
                  "+++\ntitle = \"Logbook of the keeper\"\nedition = \"en\"\n"
                  "published = 2021-05-05T09:30:00+07:00\n+++\nWind from the north.\n");
  EXPECT_EQ(postgres_query(primary.url() + "/journal",
                           "SELECT COUNT(*) FROM articles WHERE title = 'Logbook of the keeper'")
                .at(0)
                .at(0),
            "1");
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // more than the watch interval
  ASSERT_FALSE(on_replica("Logbook of the keeper"));
  // Whether a page shows the new article (a search marks the words it matched).
  const auto shows_logbook = [&](const std::string& target) {
    const auto page = request(node.port(), "GET", target);
    EXPECT_TRUE(page && page->status == 200) << target;
    return page && page->body.find(target.starts_with("/en/search")
                                       ? "Logbook</mark> of the keeper"
                                       : "Logbook of the keeper") != std::string::npos;
  };
  const std::vector<std::string> targets{"/en/", "/en/search?q=logbook"};
  for (const std::string& target : targets) {
    EXPECT_FALSE(shows_logbook(target)) << target << ": read from the primary, not the replica";
  }

  // Replaying again: once the replica has the article, every page shows it.
  postgres_query(replica, "SELECT pg_wal_replay_resume()");
  for (int i = 0; i < 5000 && !on_replica("Logbook of the keeper"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const auto replayed = std::chrono::steady_clock::now();
  for (const std::string& target : targets) {
    bool is_shown = false;
    while (!is_shown && std::chrono::steady_clock::now() - replayed < std::chrono::seconds(5)) {
      is_shown = shows_logbook(target);
    }
    EXPECT_TRUE(is_shown) << target;
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - replayed);
  // The follower looks at the replica every 2 ms while it is behind the primary.
  EXPECT_LT(took.count(), 200);
  for (int i = 0; i < 20; ++i) {
    for (const std::string& target : targets) {
      EXPECT_TRUE(shows_logbook(target)) << target;
    }
  }
}

// tapchi migrate copies the journal from PostgreSQL into a SQLite file and from there into a new
// PostgreSQL database: each copy serves the same pages, and a copy never lands on a journal.
TEST_F(PostgresJournal, MigrateCopiesTheJournalToSqliteAndBackServingTheSamePages) {
  TempDir dir("migrate");
  copy_journal(dir.path() / "pg");
  const auto pg_config = dir.path() / "pg" / "tapchi.toml";
  // Served while it is copied (its first start also makes the secret the copies share, which
  // signs the comment forms).
  ServerProcess original(pg_config);
  const auto file = dir.path() / "copy.db";
  const auto there = run_tapchi({"migrate", "--from", pg_config.string(), "--to", file.string()});
  ASSERT_EQ(there.exit_code, 0) << there.out;
  EXPECT_NE(there.out.find("each table counted on both sides"), std::string::npos) << there.out;
  const std::string articles =
      query(dir.path() / "pg" / "data" / "tapchi.db", "SELECT COUNT(*) FROM articles").at(0).at(0);
  EXPECT_NE(there.out.find("articles" + std::string(24 - 8, ' ') +
                           std::string(10 - articles.size(), ' ') + articles + " rows"),
            std::string::npos)
      << there.out;

  // A SQLite journal on the copy, with the same configuration and media.
  const auto sqlite_dir = dir.path() / "sqlite";
  std::filesystem::create_directories(sqlite_dir / "data");
  std::filesystem::copy(dir.path() / "pg" / "data" / "media", sqlite_dir / "data" / "media",
                        std::filesystem::copy_options::recursive);
  std::filesystem::rename(file, sqlite_dir / "data" / "tapchi.db");
  std::filesystem::copy_file(pg_config, sqlite_dir / "tapchi.toml");
  std::ofstream(sqlite_dir / "tapchi.toml", std::ios::app) << "\n[storage]\ndatabase = \"\"\n";

  // And back into a new PostgreSQL database, a journal of its own.
  const auto back_dir = dir.path() / "back";
  std::filesystem::create_directories(back_dir / "data");
  std::filesystem::copy(dir.path() / "pg" / "data" / "media", back_dir / "data" / "media",
                        std::filesystem::copy_options::recursive);
  std::filesystem::copy_file(pg_config, back_dir / "tapchi.toml");
  const auto back = run_tapchi(
      {"migrate", "--from", (sqlite_dir / "tapchi.toml").string(), "--to", database_of(back_dir)});
  ASSERT_EQ(back.exit_code, 0) << back.out;
  const auto again = run_tapchi(
      {"migrate", "--from", (sqlite_dir / "tapchi.toml").string(), "--to", database_of(back_dir)});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.out.find("already holds a journal"), std::string::npos) << again.out;

  ServerProcess on_sqlite(sqlite_dir / "tapchi.toml");
  ServerProcess moved_back(back_dir / "tapchi.toml");
  const std::string front = request(original.port(), "GET", "/en/").value().body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(front, m, std::regex(R"(href="(/en/[a-z0-9-]+-\d+\.html)\")")));
  for (const std::string& target :
       {std::string("/"), std::string("/en/"), m[1].str(), std::string("/en/search?q=war"),
        std::string("/sitemap.xml"), std::string("/news-sitemap.xml")}) {
    const auto want = request(original.port(), "GET", target);
    ASSERT_TRUE(want);
    EXPECT_EQ(want->status, 200) << target;
    for (const ServerProcess* copy : {&on_sqlite, &moved_back}) {
      const auto got = request(copy->port(), "GET", target);
      ASSERT_TRUE(got);
      EXPECT_EQ(got->status, want->status) << target;
      const auto differ =
          std::mismatch(got->body.begin(), got->body.end(), want->body.begin(), want->body.end());
      const auto at = static_cast<std::size_t>(differ.first - got->body.begin());
      EXPECT_TRUE(got->body == want->body)
          << target << " on port " << copy->port() << " differs at byte " << at << ": "
          << got->body.substr(at > 80 ? at - 80 : 0, 200) << "\n--- where the original has ---\n"
          << want->body.substr(at > 80 ? at - 80 : 0, 200);
    }
  }
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
