#include "tests/http/harness.h"

#include <cstring>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace tapchi::testing {

namespace {

std::vector<char*> argv_of(const std::string& binary, const std::vector<std::string>& args,
                           std::vector<std::string>& storage) {
  storage.clear();
  storage.push_back(binary);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : storage) {
    argv.push_back(s.data());
  }
  argv.push_back(nullptr);
  return argv;
}

std::string postgres_server() {
  const char* file = std::getenv("TAPCHI_TEST_POSTGRES");
  if (file == nullptr || *file == '\0') {
    return {};
  }
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) {
    throw std::runtime_error(std::string("no PostgreSQL URL in ") + file);
  }
  return url;
}

// The journal directory a tapchi command works on: its --config (or migrate's --from) file's, or
// `init`'s.
std::filesystem::path journal_of(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--config" || args[i] == "-c" || args[i] == "--from") {
      return std::filesystem::absolute(args[i + 1]).parent_path();
    }
  }
  if (args.size() >= 2 && args[0] == "init") {
    return std::filesystem::absolute(args[1]);
  }
  return {};
}

// Whether the journal's tapchi.toml names its database.
bool names_database(const std::filesystem::path& journal_dir) {
  std::ifstream in(journal_dir / "tapchi.toml");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("database = ")) {
      return true;
    }
  }
  return false;
}

// Runs `sql` on the database at `url`; each row's columns as text (NULL as "").
std::vector<std::vector<std::string>> postgres_rows(const std::string& url,
                                                    const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);  // "does not exist, skipping"
  std::vector<std::vector<std::string>> rows;
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot connect to " + url + ": " + message);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    const std::string message = PQresultErrorMessage(result);
    PQclear(result);
    PQfinish(conn);
    throw std::runtime_error(sql + ": " + message);
  }
  for (int r = 0; r < PQntuples(result); ++r) {
    std::vector<std::string> row;
    for (int c = 0; c < PQnfields(result); ++c) {
      row.emplace_back(PQgetvalue(result, r, c));
    }
    rows.push_back(std::move(row));
  }
  PQclear(result);
  PQfinish(conn);
  return rows;
}

// A journal's database name: stable for its directory, so that every process finds it.
std::string database_name(const std::filesystem::path& journal_dir) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a
  for (const char c : std::filesystem::weakly_canonical(journal_dir).string()) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  char name[32];
  std::snprintf(name, sizeof name, "journal_%016llx", static_cast<unsigned long long>(hash));
  return name;
}

// Starts tapchi with stdout and stderr going to `log`.
int spawn(const std::vector<std::string>& args, const std::filesystem::path& log,
          const std::filesystem::path& input = "/dev/null") {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, input.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<std::string> storage;
  auto argv = argv_of(tapchi_binary().string(), args, storage);
  std::vector<std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) {
    if (!std::string_view(*e).starts_with("TAPCHI_DATABASE=")) {
      environment.emplace_back(*e);
    }
  }
  if (const auto journal = journal_of(args);
      is_on_postgres() && !journal.empty() && !names_database(journal)) {
    environment.push_back("TAPCHI_DATABASE=" + database_of(journal));
  }
  std::vector<char*> envp;
  for (std::string& e : environment) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error("cannot start tapchi: " + std::string(std::strerror(rc)));
  }
  return pid;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::filesystem::path tapchi_binary() { return TAPCHI_BINARY; }

bool is_on_postgres() { return !postgres_server().empty(); }

std::vector<std::vector<std::string>> postgres_query(const std::string& url,
                                                     const std::string& sql) {
  return postgres_rows(url, sql);
}

std::filesystem::path prepared_journal() {
  return is_on_postgres() ? TAPCHI_HTTP_JOURNAL "-postgres" : TAPCHI_HTTP_JOURNAL;
}

std::string database_of(const std::filesystem::path& journal_dir) {
  const std::string server = postgres_server();
  if (server.empty()) {
    return {};
  }
  const std::string name = database_name(journal_dir);
  if (postgres_rows(server + "/postgres",
                    "SELECT 1 FROM pg_database WHERE datname = '" + name + "'")
          .empty()) {
    postgres_rows(server + "/postgres", "CREATE DATABASE " + name + " TEMPLATE template0");
  }
  return server + "/" + name;
}

std::string joined(const std::string& expression, const std::string& separator,
                   const std::string& order) {
  if (!is_on_postgres()) {
    return "group_concat(" + expression + ", '" + separator + "')";
  }
  return "string_agg(" + expression + ", '" + separator + "'" +
         (order.empty() ? "" : " ORDER BY " + order) + ")";
}

void drop_database_of(const std::filesystem::path& journal_dir) {
  if (const std::string server = postgres_server(); !server.empty()) {
    postgres_rows(server + "/postgres", "DROP DATABASE IF EXISTS " + database_name(journal_dir));
  }
}

void copy_journal(const std::filesystem::path& to, const std::filesystem::path& from) {
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
  const std::string server = postgres_server();
  if (server.empty()) {
    return;
  }
  // A database made from another as its template: a file copy, no connection may be open to it.
  const std::string name = database_name(to);
  postgres_rows(server + "/postgres", "DROP DATABASE IF EXISTS " + name);
  postgres_rows(server + "/postgres",
                "CREATE DATABASE " + name + " TEMPLATE " + database_name(from));
}

TempDir::TempDir(const std::string& tag) {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("tapchi-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

CommandResult run_tapchi(const std::vector<std::string>& args, const std::string& input) {
  TempDir dir("cmd");
  const auto log = dir.path() / "out.log";
  const auto in = dir.path() / "in.txt";
  std::ofstream(in, std::ios::binary) << input;
  const int pid = spawn(args, log, in);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(log)};
}

ServerProcess::ServerProcess(const std::filesystem::path& config) {
  log_ = config.parent_path() / ("serve-" + std::to_string(std::random_device{}()) + ".log");
  pid_ = spawn({"serve", "--config", config.string(), "--listen", "127.0.0.1:0"}, log_);
  const std::regex listening(R"(serving http://127\.0\.0\.1:(\d+)/)");
  for (int i = 0; i < 600 && port_ == 0; ++i) {
    std::smatch m;
    const std::string out = read_file(log_);
    if (std::regex_search(out, m, listening)) {
      port_ = std::stoi(m[1]);
      break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      is_exited_ = true;
      throw std::runtime_error("tapchi serve exited at start: " + out);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (port_ == 0) {
    throw std::runtime_error("tapchi serve did not start: " + read_file(log_));
  }
}

std::int64_t ServerProcess::resident_bytes() const {
  std::ifstream statm("/proc/" + std::to_string(pid_) + "/statm");
  std::int64_t pages = 0;
  std::int64_t resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

ServerProcess::~ServerProcess() {
  if (!is_exited_) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

void ServerProcess::signal(int sig) const { kill(pid_, sig); }

int ServerProcess::wait_exit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      is_exited_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

std::string ServerProcess::output() const { return read_file(log_); }

Connection::Connection(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

Connection::~Connection() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

void Connection::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      return;  // the server closed: the next read tells the test
    }
    sent += static_cast<std::size_t>(n);
  }
}

bool Connection::fill(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) {
    return false;
  }
  char chunk[65536];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) {
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::optional<HttpResponse> Connection::read_response(bool is_head,
                                                      std::chrono::milliseconds timeout) {
  std::size_t end = 0;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(timeout)) {
      return std::nullopt;
    }
  }
  HttpResponse r;
  std::istringstream head(buffer_.substr(0, end));
  std::string line;
  std::getline(head, line);
  if (line.rfind("HTTP/1.1 ", 0) != 0) {
    return std::nullopt;
  }
  r.status = std::stoi(line.substr(9, 3));
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    std::string name = line.substr(0, colon);
    for (char& c : name) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const std::string value = line.substr(line.find_first_not_of(' ', colon + 1));
    auto [it, is_new] = r.headers.emplace(name, value);
    if (!is_new) {
      it->second += "\n" + value;  // repeated headers (Set-Cookie), one per line
    }
  }
  buffer_.erase(0, end + 4);
  const std::size_t length =
      is_head || r.header("content-length").empty() ? 0 : std::stoul(r.header("content-length"));
  while (buffer_.size() < length) {
    if (!fill(timeout)) {
      return std::nullopt;
    }
  }
  r.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return r;
}

bool Connection::is_closed_by_peer(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) > 0) {
      char c;
      const ssize_t n = ::recv(fd_, &c, 1, 0);
      if (n <= 0) {
        return true;
      }
    }
  }
  return false;
}

std::optional<HttpResponse> request(int port, const std::string& method, const std::string& target,
                                    const std::string& extra_headers, const std::string& body) {
  Connection c(port);
  std::string message = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers;
  if (!body.empty()) {
    message += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  message += "Connection: close\r\n\r\n" + body;
  c.send(message);
  return c.read_response(method == "HEAD");
}

std::string demo_jpeg(const std::filesystem::path& journal_dir) {
  const std::regex english_photo(R"(demo-\d+-en(-[0-9a-f]{6})?\.jpg)");
  for (const auto& entry : std::filesystem::recursive_directory_iterator(journal_dir)) {
    if (std::regex_match(entry.path().filename().string(), english_photo)) {
      std::ifstream in(entry.path(), std::ios::binary);
      return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
  }
  return {};
}

// One query's rows, each as text columns, on the journal's database.
std::vector<std::vector<std::string>> query(const std::filesystem::path& db,
                                            const std::string& sql) {
  if (is_on_postgres()) {
    try {
      return postgres_rows(database_of(db.parent_path().parent_path()), sql);
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
      return {};
    }
  }
  sqlite3* handle = nullptr;
  std::vector<std::vector<std::string>> rows;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db;
    sqlite3_close(handle);
    return rows;
  }
  sqlite3_busy_timeout(handle, 5000);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(handle, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
  while (st != nullptr && sqlite3_step(st) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      const auto* text = sqlite3_column_text(st, i);
      row.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(st);
  sqlite3_close(handle);
  return rows;
}

}  // namespace tapchi::testing
