#include "app/access_log.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

namespace tapchi::app {
namespace {

class AccessLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("tapchi-access-" + std::to_string(::getpid()) + ".log");
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
    ASSERT_GE(fd_, 0);
  }
  void TearDown() override {
    ::close(fd_);
    std::filesystem::remove(path_);
  }
  std::vector<std::string> lines() const {
    std::ifstream in(path_);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
      out.push_back(line);
    }
    return out;
  }

  std::filesystem::path path_;
  int fd_ = -1;
};

TEST_F(AccessLogTest, EveryLineOfEveryThreadArrivesWholeAndInItsThreadsOrder) {
  constexpr int kThreads = 4;
  constexpr int kLines = 5000;  // several 64 KiB buffers per thread
  {
    AccessLog log(fd_);
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&log, t] {
        for (int i = 0; i < kLines; ++i) {
          log.write("GET /t" + std::to_string(t) + "/" + std::to_string(i) + " 200 7054 31us");
        }
      });
    }
  }  // joins the threads, then the log writes what is left
  const auto all = lines();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kThreads * kLines));
  const std::regex shape(
      R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z GET /t(\d)/(\d+) 200 7054 31us$)");
  std::vector<int> next(kThreads, 0);
  for (const std::string& line : all) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, shape)) << line;
    const int t = std::stoi(m[1]);
    EXPECT_EQ(std::stoi(m[2]), next[static_cast<std::size_t>(t)]) << "out of order: " << line;
    next[static_cast<std::size_t>(t)] = std::stoi(m[2]) + 1;
  }
}

TEST_F(AccessLogTest, AQuietServersLastLinesAppearWithinTheInterval) {
  AccessLog log(fd_, std::chrono::milliseconds{50});
  log.write("GET / 200 15858 120us");
  EXPECT_TRUE(lines().empty()) << "buffered, not written per line";
  std::this_thread::sleep_for(std::chrono::milliseconds{300});
  const auto all = lines();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_NE(all[0].find("GET / 200 15858 120us"), std::string::npos);
}

}  // namespace
}  // namespace tapchi::app
