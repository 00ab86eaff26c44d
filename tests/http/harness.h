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
  int pid() const { return pid_; }
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

// The suite runs on SQLite, or on PostgreSQL when the environment's TAPCHI_TEST_POSTGRES names
// the file holding a throwaway cluster's URL (ctest's `postgres` fixture): each journal directory
// then has a database of its own there, which every tapchi the harness starts with a --config
// (or `init`) in that directory is given as TAPCHI_DATABASE, unless its tapchi.toml names a
// database of its own.
bool is_on_postgres();
// The URL of the database of the journal in `journal_dir` (empty on SQLite), created if missing.
std::string database_of(const std::filesystem::path& journal_dir);

// Runs `sql` on the PostgreSQL database at `url` (libpq's URI); each row's columns as text.
std::vector<std::vector<std::string>> postgres_query(const std::string& url,
                                                     const std::string& sql);

// Drops the database of the journal in `journal_dir` (nothing on SQLite).
void drop_database_of(const std::filesystem::path& journal_dir);

// The suite's journal, written once before the tests (ctest's http_journal fixture, or its
// PostgreSQL twin's, in a directory of its own).
std::filesystem::path prepared_journal();

// Copies the journal in `from` (the prepared one by default) into `to`, its database with it.
void copy_journal(const std::filesystem::path& to,
                  const std::filesystem::path& from = prepared_journal());

// SQL that joins `expression` over a query's rows with `separator`, in SQLite's or PostgreSQL's
// words: in the order of `order` on PostgreSQL, in the rows' order on SQLite (whose
// group_concat takes no order: give it an ordered subquery).
std::string joined(const std::string& expression, const std::string& separator,
                   const std::string& order = {});

// One query's rows, each as text columns, on the journal database at `db`, a journal's
// data/tapchi.db (opened for this query alone, waiting up to 5 s for the server's writes; on
// PostgreSQL, that journal's database).
std::vector<std::vector<std::string>> query(const std::filesystem::path& db,
                                            const std::string& sql);

// The bytes of one of the demo journal's English photos under `journal_dir` (a JPEG), or empty.
std::string demo_jpeg(const std::filesystem::path& journal_dir);

}  // namespace tapchi::testing
