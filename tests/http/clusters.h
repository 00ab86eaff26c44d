// What the tests of several nodes share: PostgreSQL clusters of a test's own, a journal on one,
// and nginx balancing over nodes as `make cluster` sets it up.
#pragma once
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>

#include "tests/http/harness.h"

namespace tapchi::testing {

// A cluster of this test's own, which it stops and starts again under a running node; or a
// streaming hot standby of another.
class Cluster {
 public:
  explicit Cluster(std::filesystem::path dir, const Cluster* primary = nullptr)
      : dir_(std::move(dir)) {
    EXPECT_EQ(
        primary == nullptr ? script("start") : script("standby", "--of " + primary->dir_.string()),
        0);
    std::ifstream in(dir_ / "url");
    std::getline(in, url_);
  }
  ~Cluster() { script("stop"); }
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;
  int script(const std::string& action, const std::string& options = "") const {
    return std::system(("bash " TAPCHI_SOURCE_DIR "/scripts/postgres.sh " + action + " " +
                        dir_.string() + " " + options + " >/dev/null 2>&1")
                           .c_str());
  }
  const std::string& url() const { return url_; }

 private:
  std::filesystem::path dir_;
  std::string url_;
};

// Writes `text` as the Markdown file `name` in DIR/in and imports that directory into the
// journal of `config`.
inline void import_markdown(const std::filesystem::path& dir, const std::filesystem::path& config,
                            const std::string& name, const std::string& text) {
  std::filesystem::create_directories(dir / "in");
  std::ofstream(dir / "in" / name) << text;
  const auto imported =
      run_tapchi({"import", "markdown", (dir / "in").string(), "--config", config.string()});
  EXPECT_EQ(imported.exit_code, 0) << imported.out;
}

// A new journal in DIR/j on the database "journal" of `cluster`, holding one article, "A beam
// across the bay"; `storage` is added to its [storage] table. Returns its configuration file.
inline std::filesystem::path journal_on(const Cluster& cluster, const std::filesystem::path& dir,
                                        const std::string& storage = "") {
  postgres_query(cluster.url() + "/postgres", "CREATE DATABASE journal");
  EXPECT_EQ(run_tapchi({"init", (dir / "j").string()}).exit_code, 0);
  const auto config = dir / "j" / "tapchi.toml";
  std::ifstream in(config);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string data_dir = "data_dir = \"data\"";
  const auto at = text.find(data_dir);
  EXPECT_NE(at, std::string::npos);
  text.insert(at + data_dir.size(), "\ndatabase = \"" + cluster.url() + "/journal\"\n" + storage);
  std::ofstream(config) << text;
  import_markdown(dir, config, "beam.md",
                  "+++\ntitle = \"A beam across the bay\"\nedition = \"en\"\n"
                  "published = 2021-05-04T09:30:00+07:00\n+++\nThe lighthouse keeper's night.\n");
  return config;
}

// nginx on a free port of 127.0.0.1, balancing over the nodes on `ports` with the configuration
// `make cluster` uses (scripts/cluster-nginx.conf.in). port() is 0 when it could not start.
class Balancer {
 public:
  Balancer(std::filesystem::path dir, const std::vector<int>& ports) : dir_(std::move(dir)) {
    std::filesystem::create_directories(dir_);
    std::ifstream in(TAPCHI_SOURCE_DIR "/scripts/cluster-nginx.conf.in");
    std::stringstream text;
    text << in.rdbuf();
    std::string upstreams;
    for (const int port : ports) {
      upstreams +=
          "    server 127.0.0.1:" + std::to_string(port) + " max_fails=1 fail_timeout=5s;\n";
    }
    std::random_device random;
    for (int attempt = 0; attempt < 10 && port_ == 0; ++attempt) {
      const int port = 20000 + static_cast<int>(random() % 30000);
      std::string conf = text.str();
      for (const auto& [from, to] :
           std::vector<std::pair<std::string, std::string>>{{"@UPSTREAMS@\n", upstreams},
                                                            {"@PORT@", std::to_string(port)},
                                                            {"@PREFIX@", dir_.string()}}) {
        for (auto at = conf.find(from); at != std::string::npos; at = conf.find(from, at)) {
          conf.replace(at, from.size(), to);
          at += to.size();
        }
      }
      std::ofstream(dir_ / "nginx.conf") << conf;
      const std::string command = "nginx -e " + (dir_ / "nginx-error.log").string() + " -c " +
                                  (dir_ / "nginx.conf").string() + " -p " + dir_.string() + " >>" +
                                  (dir_ / "start.log").string() + " 2>&1";
      if (std::system(command.c_str()) == 0) {
        port_ = port;
      }
    }
  }
  ~Balancer() {
    std::ifstream in(dir_ / "nginx.pid");
    int pid = 0;
    if (in >> pid && pid > 0) {
      ::kill(pid, SIGTERM);
      for (int i = 0; i < 200 && ::kill(pid, 0) == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
  }
  Balancer(const Balancer&) = delete;
  Balancer& operator=(const Balancer&) = delete;
  int port() const { return port_; }
  // What nginx wrote to its error log.
  std::string log() const {
    std::ifstream in(dir_ / "nginx-error.log");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

 private:
  std::filesystem::path dir_;
  int port_ = 0;
};

}  // namespace tapchi::testing
