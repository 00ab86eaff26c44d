#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class Backup : public Admin {
 protected:
  static void SetUpTestSuite() { start_journal("[comments]\nrate_burst = 1000000\n"); }

  static std::filesystem::path data() { return dir_->path() / "data"; }

  void SetUp() override {
    if (is_on_postgres()) {
      GTEST_SKIP() << "tapchi backup copies a SQLite journal; a journal on PostgreSQL is backed "
                      "up with pg_dump (its refusal is tested in PostgresJournal.*)";
    }
  }

  // An English article's address and its comment form's article number and token.
  struct Form {
    std::string href, article_id, token;
  };
  static Form commentable() {
    const std::string home = request(port(), "GET", "/en/").value().body;
    static const std::regex link(R"re(href="(/en/[a-z0-9-]+-\d+\.html)")re");
    for (std::sregex_iterator it(home.begin(), home.end(), link), end; it != end; ++it) {
      const std::string html = request(port(), "GET", (*it)[1]).value().body;
      const std::string token = first_match(html, R"re(name="token" value="([^"]+)")re");
      if (!token.empty()) {
        return {(*it)[1], first_match(html, R"re(name="article" value="(\d+)")re"), token};
      }
    }
    ADD_FAILURE() << "no English article takes comments";
    return {};
  }

  static CommandResult backup(const std::filesystem::path& archive) {
    return run_tapchi({"backup", archive.string(), "--config", config_});
  }
  static CommandResult restore(const std::filesystem::path& archive,
                               const std::filesystem::path& into) {
    return run_tapchi({"restore", archive.string(), "--data-dir", into.string()});
  }
};

TEST_F(Backup, TakenWhileCommentsPourInItHoldsEveryCommentAcknowledgedBeforeItBegan) {
  const Form f = commentable();
  constexpr int kClients = 4;
  std::atomic<bool> stop{false};
  std::mutex lock;
  std::vector<std::string> acknowledged;
  std::vector<std::thread> clients;
  const int server_port = port();
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int n = 0; !stop.load(); ++n) {
        const std::string body = "stream-" + std::to_string(c) + "-" + std::to_string(n);
        const auto r = request(server_port, "POST", "/comments", kForm,
                               "article=" + f.article_id + "&token=" + encoded(f.token) +
                                   "&website=&name=Stream&body=" + body);
        if (r && r->status == 303) {
          const std::lock_guard<std::mutex> hold(lock);
          acknowledged.push_back(body);
        }
      }
    });
  }
  // Until comments pour in (a loaded machine answers slowly).
  std::vector<std::string> before;
  for (int waited = 0; before.size() <= 20 && waited < 300; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const std::lock_guard<std::mutex> hold(lock);
    before = acknowledged;
  }
  const auto archive = dir_->path() / "live.tar.gz";
  const CommandResult made = backup(archive);
  for (int waited = 0; waited < 100; ++waited) {  // and until more came after it
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const std::lock_guard<std::mutex> hold(lock);
    if (acknowledged.size() > before.size() + 5) {
      break;
    }
  }
  stop = true;
  for (std::thread& t : clients) {
    t.join();
  }
  ASSERT_EQ(made.exit_code, 0) << made.out;
  EXPECT_NE(made.out.find("Backed up the journal into"), std::string::npos) << made.out;
  ASSERT_GT(before.size(), 20u) << "comments were pouring in when the backup began";
  std::size_t after = 0;
  {
    const std::lock_guard<std::mutex> hold(lock);
    after = acknowledged.size();
  }
  EXPECT_GT(after, before.size()) << "and went on while it ran";

  const auto restored = dir_->path() / "restored-live";
  const CommandResult r = restore(archive, restored);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(query(restored / "tapchi.db", "PRAGMA integrity_check").at(0).at(0), "ok");
  std::set<std::string> kept;
  for (const auto& row :
       query(restored / "tapchi.db", "SELECT body FROM comments WHERE name = 'Stream'")) {
    kept.insert(row[0]);
  }
  for (const std::string& body : before) {
    ASSERT_TRUE(kept.contains(body)) << body << " was acknowledged before the backup began";
  }
}

TEST_F(Backup, TheRestoredJournalServesTheSamePagesPhotosAndAccounts) {
  const auto archive = dir_->path() / "still.tar.gz";
  ASSERT_EQ(backup(archive).exit_code, 0);
  const auto restored = dir_->path() / "restored";
  const CommandResult r = restore(archive, restored);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("--data-dir " + restored.string()), std::string::npos)
      << "it says how to serve it: " << r.out;
  EXPECT_EQ(read_file(restored / "tapchi.toml"), read_file(config_));

  // The restored configuration, pointed at the restored data as the message says.
  const auto config = dir_->path() / "restored.toml";
  std::ofstream(config) << std::regex_replace(read_file(restored / "tapchi.toml"),
                                              std::regex(R"(data_dir = "[^"]*")"),
                                              "data_dir = \"" + restored.string() + "\"");
  ServerProcess copy(config);
  const Form f = commentable();
  const std::string photo =
      first_match(request(port(), "GET", f.href).value().body, R"re(src="(/media/[^"]+)")re");
  ASSERT_FALSE(photo.empty());
  // The pages differ only in their comment forms' fresh tokens.
  const auto same = [](std::string html) {
    return std::regex_replace(html, std::regex(R"re(name="token" value="[^"]*")re"), "");
  };
  for (const std::string& path : {std::string("/"), std::string("/en/"), f.href, photo,
                                  std::string("/sitemap.xml"), std::string("/en/search?q=hanoi")}) {
    const auto original = request(port(), "GET", path).value();
    const auto again = request(copy.port(), "GET", path).value();
    EXPECT_EQ(again.status, original.status) << path;
    EXPECT_EQ(same(again.body), same(original.body)) << path;
  }
  for (const char* table : {"articles", "comments", "users", "media", "article_revisions"}) {
    const std::string count = std::string("SELECT COUNT(*) FROM ") + table;
    EXPECT_EQ(query(restored / "tapchi.db", count), query(data() / "tapchi.db", count)) << table;
  }
}

TEST_F(Backup, ADamagedArchiveOrAJournalInTheWayRestoresNothing) {
  const auto archive = dir_->path() / "to-damage.tar.gz";
  ASSERT_EQ(backup(archive).exit_code, 0);
  std::string bytes = read_file(archive);
  bytes[bytes.size() / 3] = static_cast<char>(bytes[bytes.size() / 3] ^ 0x10);
  const auto damaged = dir_->path() / "damaged.tar.gz";
  std::ofstream(damaged, std::ios::binary) << bytes;
  const CommandResult r = restore(damaged, dir_->path() / "never");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("damaged"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Nothing was restored"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir_->path() / "never"));

  // The live journal's directory is not empty: restore never writes over a journal.
  const auto before = query(data() / "tapchi.db", "SELECT COUNT(*) FROM comments");
  const CommandResult over = restore(archive, data());
  EXPECT_EQ(over.exit_code, 1);
  EXPECT_NE(over.out.find("not empty"), std::string::npos) << over.out;
  EXPECT_EQ(query(data() / "tapchi.db", "SELECT COUNT(*) FROM comments"), before);
  // Nor does a backup overwrite a file.
  const CommandResult twice = backup(archive);
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.out.find("already exists"), std::string::npos) << twice.out;
}

}  // namespace
}  // namespace tapchi::testing
