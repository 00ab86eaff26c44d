// Three nodes of one PostgreSQL journal behind nginx, as `make cluster` runs them: what one node
// writes, every node shows; a node killed under load or the database restarted under it loses no
// acknowledged write.
#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/http/admin_fixture.h"
#include "tests/http/clusters.h"
#include "tests/http/harness.h"

namespace tapchi::testing {
namespace {

using Clock = std::chrono::steady_clock;

// The lines of a node's log that name a request's error or a 500, for a failure's message.
std::string error_lines(const ServerProcess& node) {
  std::istringstream log(node.output());
  std::string out;
  for (std::string line; std::getline(log, line);) {
    if (line.find("error ") != std::string::npos || line.find(" 500 ") != std::string::npos) {
      out += line + "\n";
    }
  }
  return out;
}

class Balanced : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!is_on_postgres()) {
      GTEST_SKIP() << "several nodes share one journal only on PostgreSQL; this suite runs again "
                      "on it under ctest (http_suite.postgres.*)";
    }
  }

  // Waits up to `limit` for the page at `target` on `port` to contain `text`.
  static bool shows_within(int port, const std::string& target, const std::string& text,
                           std::chrono::milliseconds limit) {
    const auto start = Clock::now();
    do {
      const auto page = request(port, "GET", target);
      if (page && page->status == 200 && page->body.find(text) != std::string::npos) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    } while (Clock::now() - start < limit);
    return false;
  }

  // The comment form of the article at `href`: its article id and token.
  struct Form {
    std::string article, token;
  };
  static Form form_of(int port, const std::string& href) {
    const std::string html = request(port, "GET", href).value().body;
    return {first_match(html, R"re(name="article" value="(\d+)")re"),
            first_match(html, R"re(name="token" value="([^"]+)")re")};
  }
  static std::optional<HttpResponse> comment(int port, const Form& f, const std::string& name,
                                             const std::string& body) {
    return request(port, "POST", "/comments", kForm,
                   "article=" + f.article + "&token=" + encoded(f.token) +
                       "&website=&name=" + encoded(name) + "&body=" + encoded(body));
  }

  // An English article page with a comment form, from the front page.
  static std::string article_with_form(int port) {
    const std::string front = request(port, "GET", "/en/").value().body;
    static const std::regex link(R"re(href="(/en/[a-z0-9-]+-\d+\.html)")re");
    for (std::sregex_iterator it(front.begin(), front.end(), link), end; it != end; ++it) {
      const std::string href = (*it)[1];
      if (request(port, "GET", href).value().body.find("id=\"comment-form\"") !=
          std::string::npos) {
        return href;
      }
    }
    ADD_FAILURE() << "no English article with a comment form";
    return {};
  }

  // How many times each body of a comment signed `name` is stored in `database`.
  static std::map<std::string, int> stored_comments(const std::string& database,
                                                    const std::string& name) {
    std::map<std::string, int> stored;
    for (const auto& row :
         postgres_query(database, "SELECT body, COUNT(*) FROM comments WHERE name = '" + name +
                                      "' GROUP BY body")) {
      stored[row[0]] = std::stoi(row[1]);
    }
    return stored;
  }
};

std::filesystem::path with_comment_limit_raised(const std::filesystem::path& config) {
  // Every comment comes through nginx from 127.0.0.1: one client to the rate limit.
  std::ifstream in(config);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::regex table(R"(\n\[comments\][^\n]*\n((?:[a-z_]+ = [^\n]*\n)*))");
  std::smatch m;
  if (std::regex_search(text, m, table)) {
    const std::string rest =
        std::regex_replace(m[1].str(), std::regex("rate_burst = [^\n]*\n"), "");
    text.replace(static_cast<std::size_t>(m.position(1)), static_cast<std::size_t>(m.length(1)),
                 "rate_burst = 1000000\n" + rest);
  } else {
    text += "\n[comments]\nrate_burst = 1000000\n";
  }
  std::ofstream(config) << text;
  return config;
}

// Published through one node, read on the others; a comment posted through a second node,
// approved through a third, and shown by all of them and through nginx.
TEST_F(Balanced, WhatOneNodeWritesEveryNodeShows) {
  TempDir dir("balanced");
  copy_journal(dir.path());
  const auto config = dir.path() / "tapchi.toml";
  ServerProcess a(config);
  ServerProcess b(config);
  ServerProcess c(config);
  Balancer nginx(dir.path() / "nginx", {a.port(), b.port(), c.port()});
  ASSERT_NE(nginx.port(), 0) << "nginx did not start";
  const std::string title = "Tide tables for the delta";
  // Round robin: six requests leave the front page in every node's cache.
  for (int i = 0; i < 6; ++i) {
    const auto front = request(nginx.port(), "GET", "/en/");
    ASSERT_TRUE(front);
    ASSERT_EQ(front->status, 200);
    ASSERT_EQ(front->body.find(title), std::string::npos);
  }

  const CommandResult key =
      run_tapchi({"key", "add", "--name", "Desk", "--role", "editor", "--config", config.string()});
  ASSERT_EQ(key.exit_code, 0) << key.out;
  const std::string auth =
      "Authorization: Bearer " + first_match(key.out, "(tapchi_[A-Za-z0-9_-]{43})") + "\r\n";
  const auto published = request(
      a.port(), "POST", "/api/v1/admin/articles", auth + "Content-Type: application/json\r\n",
      R"({"edition":"en","title":")" + title +
          R"(","lead":"High water at dawn.","body":"The river rises.","action":"publish"})");
  ASSERT_TRUE(published);
  ASSERT_EQ(published->status, 201) << published->body;
  const auto at = Clock::now();
  for (const int port : {b.port(), c.port()}) {
    EXPECT_TRUE(shows_within(port, "/en/", title, std::chrono::milliseconds(1000))) << port;
  }
  EXPECT_LT(Clock::now() - at, std::chrono::milliseconds(1000));
  std::string href;
  for (int i = 0; i < 6; ++i) {
    const std::string front = request(nginx.port(), "GET", "/en/").value().body;
    EXPECT_NE(front.find(title), std::string::npos) << "request " << i << " through nginx";
    href = first_match(front, R"re(href="(/en/tide-tables-for-the-delta-\d+\.html)")re");
  }
  ASSERT_FALSE(href.empty());

  const std::string words = "The tide tables were right to the minute.";
  const auto sent = comment(b.port(), form_of(b.port(), href), "Lan", words);
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 303) << sent->body;
  EXPECT_EQ(sent->header("location"), href + "?comment=held#comment-form");
  const auto rows = postgres_query(database_of(dir.path()),
                                   "SELECT id FROM comments WHERE name = 'Lan' AND status = "
                                   "'pending'");
  ASSERT_EQ(rows.size(), 1u);
  for (const int port : {a.port(), b.port(), c.port()}) {
    EXPECT_EQ(request(port, "GET", href).value().body.find(words), std::string::npos);
  }
  const auto approved =
      request(c.port(), "POST", "/api/v1/admin/comments/" + rows[0][0] + "/approve", auth, "");
  ASSERT_TRUE(approved);
  ASSERT_EQ(approved->status, 200) << approved->body;
  for (const int port : {a.port(), b.port(), c.port(), nginx.port()}) {
    EXPECT_TRUE(shows_within(port, href, words, std::chrono::milliseconds(1000))) << port;
  }
  for (int i = 0; i < 6; ++i) {
    EXPECT_NE(request(nginx.port(), "GET", href).value().body.find(words), std::string::npos);
  }
}

// Comments posted through nginx by several clients at once; one node is killed (SIGKILL)
// halfway: nginx sends the rest to the others, and every acknowledged comment is stored once.
TEST_F(Balanced, ANodeKilledUnderLoadLosesNoAcknowledgedComment) {
  TempDir dir("killed");
  copy_journal(dir.path());
  const auto config = with_comment_limit_raised(dir.path() / "tapchi.toml");
  ServerProcess a(config);
  ServerProcess b(config);
  ServerProcess c(config);
  Balancer nginx(dir.path() / "nginx", {a.port(), b.port(), c.port()});
  ASSERT_NE(nginx.port(), 0) << "nginx did not start";
  const std::string href = article_with_form(nginx.port());
  const Form form = form_of(nginx.port(), href);
  ASSERT_FALSE(form.token.empty());

  constexpr int kClients = 6;
  std::atomic<bool> stop{false};
  std::atomic<bool> killed{false};
  std::atomic<int> after_kill{0};
  std::mutex m;
  std::vector<std::string> acknowledged;
  std::map<int, int> statuses;
  std::vector<std::thread> clients;
  for (int n = 0; n < kClients; ++n) {
    clients.emplace_back([&, n] {
      for (int i = 0; !stop.load(); ++i) {
        const std::string body = "kept-" + std::to_string(n) + "-" + std::to_string(i);
        const auto r = comment(nginx.port(), form, "Load", body);
        const std::lock_guard lock(m);
        ++statuses[r ? r->status : 0];
        if (r && r->status == 303) {
          acknowledged.push_back(body);
          after_kill += killed.load() ? 1 : 0;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  b.signal(SIGKILL);
  ASSERT_NE(b.wait_exit(std::chrono::seconds{10}), -1);
  killed = true;
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  // Readers are served by the nodes left.
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(request(nginx.port(), "GET", "/en/").value().status, 200);
  }
  stop = true;
  for (std::thread& t : clients) {
    t.join();
  }
  ASSERT_GT(acknowledged.size(), 20u) << "the load reached the nodes";
  EXPECT_GT(after_kill.load(), 10) << "the nodes left took the comments after the kill";
  // A comment in flight on the killed node may be answered 502 by nginx (it never sends a POST
  // on to another node once one has it): not acknowledged, and stored or not.
  for (const auto& [status, count] : statuses) {
    EXPECT_TRUE(status == 303 || status == 502) << count << " answers of " << status;
  }
  const auto stored = stored_comments(database_of(dir.path()), "Load");
  for (const std::string& body : acknowledged) {
    EXPECT_EQ(stored.contains(body) ? stored.at(body) : 0, 1) << body;
  }
  for (const auto& [body, count] : stored) {
    EXPECT_EQ(count, 1) << body << " stored more than once";
  }
  RecordProperty("acknowledged", static_cast<int>(acknowledged.size()));
  RecordProperty("acknowledged_after_kill", after_kill.load());
}

// The database stops for two seconds under readers and commenters coming through nginx: cached
// pages are still served, what needs the database answers 503 with Retry-After (never 500 or a
// broken connection), every node reconnects by itself, and every acknowledged comment is stored
// once.
TEST_F(Balanced, TheDatabaseRestartedUnderLoadLosesNoAcknowledgedComment) {
  TempDir dir("restarted");
  Cluster cluster(dir.path() / "cluster");
  ASSERT_FALSE(cluster.url().empty());
  const auto config = with_comment_limit_raised(journal_on(cluster, dir.path()));
  ServerProcess a(config);
  ServerProcess b(config);
  ServerProcess c(config);
  const std::vector<int> nodes{a.port(), b.port(), c.port()};
  Balancer nginx(dir.path() / "nginx", nodes);
  ASSERT_NE(nginx.port(), 0) << "nginx did not start";
  const std::string href = article_with_form(nginx.port());
  const Form form = form_of(nginx.port(), href);
  ASSERT_FALSE(form.token.empty());
  for (int i = 0; i < 6; ++i) {
    ASSERT_EQ(request(nginx.port(), "GET", "/en/").value().status, 200);  // cached on each node
  }

  std::atomic<bool> stop{false};
  std::atomic<bool> away{false};
  std::mutex m;
  std::vector<std::string> acknowledged;
  std::map<std::string, std::map<int, int>> statuses;  // by kind: front, search, comment
  int front_not_ok_while_away = 0;
  int without_retry_after = 0;
  std::vector<std::thread> clients;
  for (int n = 0; n < 4; ++n) {
    clients.emplace_back([&, n] {
      for (int i = 0; !stop.load(); ++i) {
        const std::string body = "through-" + std::to_string(n) + "-" + std::to_string(i);
        const auto r = comment(nginx.port(), form, "Load", body);
        const std::lock_guard lock(m);
        ++statuses["comment"][r ? r->status : 0];
        if (r && r->status == 303) {
          acknowledged.push_back(body);
        }
        without_retry_after += r && r->status == 503 && r->header("retry-after").empty() ? 1 : 0;
      }
    });
  }
  clients.emplace_back([&] {
    for (int i = 0; !stop.load(); ++i) {
      const bool is_front = i % 2 == 0;
      // Searches for words never asked before are never cached: each one reads the database.
      const auto r = request(nginx.port(), "GET",
                             is_front ? "/en/" : "/en/search?q=beam+" + std::to_string(i));
      const std::lock_guard lock(m);
      ++statuses[is_front ? "front" : "search"][r ? r->status : 0];
      front_not_ok_while_away += is_front && away.load() && (!r || r->status != 200) ? 1 : 0;
      without_retry_after += r && r->status == 503 && r->header("retry-after").empty() ? 1 : 0;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  away = true;
  ASSERT_EQ(cluster.script("halt"), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  ASSERT_EQ(cluster.script("resume"), 0);
  away = false;
  const auto resumed = Clock::now();
  // Every node serves what it must read again, by itself.
  for (const int port : nodes) {
    bool is_back = false;
    for (int i = 0; !is_back && Clock::now() - resumed < std::chrono::seconds(10); ++i) {
      const auto r = request(port, "GET", "/en/search?q=keeper+" + std::to_string(i));
      is_back = r && r->status == 200;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_TRUE(is_back) << "node on port " << port;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  for (std::thread& t : clients) {
    t.join();
  }

  EXPECT_EQ(front_not_ok_while_away, 0) << "a cached page failed while the database was away";
  EXPECT_EQ(without_retry_after, 0);
  for (const auto& [kind, by_status] : statuses) {
    for (const auto& [status, count] : by_status) {
      const bool expected = status == 200 || status == 503 || (kind == "comment" && status == 303);
      EXPECT_TRUE(expected) << count << " " << kind << " answers of " << status
                            << "; the nodes said:\n"
                            << error_lines(a) << error_lines(b) << error_lines(c) << "nginx said:\n"
                            << nginx.log();
    }
  }
  EXPECT_GT(statuses["search"][503], 0) << "the database was away for uncached pages";
  EXPECT_GT(statuses["comment"][503], 0) << "the database was away for comments";
  EXPECT_GT(statuses["search"][200], 0);
  ASSERT_GT(acknowledged.size(), 10u);
  const auto stored = stored_comments(cluster.url() + "/journal", "Load");
  for (const std::string& body : acknowledged) {
    EXPECT_EQ(stored.contains(body) ? stored.at(body) : 0, 1) << body;
  }
  for (const auto& [body, count] : stored) {
    EXPECT_EQ(count, 1) << body << " stored more than once";
  }
}

}  // namespace
}  // namespace tapchi::testing
