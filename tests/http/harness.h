// Drives the real tapchi binary: runs its commands, starts `tapchi serve` on an ephemeral port,
// and talks raw HTTP/1.1 to it over sockets, so that malformed requests can be sent too.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tapchi::testing {

std::filesystem::path tapchi_binary();

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

// Runs tapchi with `args` and `input` on its standard input, and waits for it.
CommandResult run_tapchi(const std::vector<std::string>& args, const std::string& input = {});

// A fresh directory under /tmp, removed with the object.
class TempDir {
 public:
  explicit TempDir(const std::string& tag);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// `tapchi serve` as a child process.
class ServerProcess {
 public:
  // Starts the server with the config file and waits until it listens.
  explicit ServerProcess(const std::filesystem::path& config);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  // The server's resident memory, from /proc.
  std::int64_t resident_bytes() const;
  void signal(int sig) const;
  // Waits for the process to exit and returns its status (-1 on timeout).
  int wait_exit(std::chrono::milliseconds timeout);
  std::string output() const;  // what it printed so far

 private:
  int pid_ = -1;
  int port_ = 0;
  std::filesystem::path log_;
  bool is_exited_ = false;
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case; repeats joined by '\n'
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
  }
};

// One TCP connection to the server.
class Connection {
 public:
  explicit Connection(int port);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool is_open() const { return fd_ >= 0; }
  void send(const std::string& bytes);
  // Reads one response; `is_head` when it answers a HEAD (no body follows its headers).
  std::optional<HttpResponse> read_response(
      bool is_head = false, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True when the server closes the connection within `timeout` (reads return end of file).
  bool is_closed_by_peer(std::chrono::milliseconds timeout);

 private:
  bool fill(std::chrono::milliseconds timeout);
  int fd_ = -1;
  std::string buffer_;
};

// GET (or another method) on a fresh connection.
std::optional<HttpResponse> request(int port, const std::string& method, const std::string& target,
                                    const std::string& extra_headers = {},
                                    const std::string& body = {});

// One query's rows, each as text columns, on the journal database at `db` (opened for this
// query alone, waiting up to 5 s for the server's writes).
std::vector<std::vector<std::string>> query(const std::filesystem::path& db,
                                            const std::string& sql);

// The bytes of one of the demo journal's English photos under `journal_dir` (a JPEG), or empty.
std::string demo_jpeg(const std::filesystem::path& journal_dir);

}  // namespace tapchi::testing
