// Webhooks over the real binary: events reach a local receiver signed with the webhook's
// secret, a failed delivery is retried, and an event committed before the server is killed
// arrives once after it restarts.
#include <atomic>
#include <csignal>
#include <mutex>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

using json = nlohmann::json;

// An HTTP receiver on 127.0.0.1 that answers 200 to every request and keeps them.
class Receiver {
 public:
  struct Received {
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
  };
  // Listens on `port` (0: a free one).
  explicit Receiver(int port = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::listen(fd_, 16), 0);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~Receiver() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  std::vector<Received> received() const {
    std::lock_guard lock(m_);
    return received_;
  }
  // Waits up to `timeout` for at least `n` requests.
  std::vector<Received> wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end && received().size() < n) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return received();
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) {
        continue;
      }
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) {
        continue;
      }
      std::string data;
      char buf[4096];
      std::size_t need = std::string::npos;
      while (need == std::string::npos || data.size() < need) {
        pollfd q{c, POLLIN, 0};
        if (::poll(&q, 1, 2000) <= 0) break;
        const ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        data.append(buf, static_cast<std::size_t>(n));
        const auto end = data.find("\r\n\r\n");
        if (end != std::string::npos && need == std::string::npos) {
          std::smatch m;
          const std::string head = data.substr(0, end);
          const std::size_t length =
              std::regex_search(head, m, std::regex("[Cc]ontent-[Ll]ength: *(\\d+)"))
                  ? std::stoul(m[1])
                  : 0;
          need = end + 4 + length;
        }
      }
      Received r;
      const auto end = data.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::istringstream lines(data.substr(0, end));
        std::string line;
        std::getline(lines, line);  // the request line
        while (std::getline(lines, line)) {
          const auto colon = line.find(':');
          if (colon == std::string::npos) continue;
          std::string name = line.substr(0, colon);
          for (char& ch : name)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          std::string value = line.substr(colon + 1);
          value.erase(0, value.find_first_not_of(' '));
          if (!value.empty() && value.back() == '\r') value.pop_back();
          r.headers[name] = value;
        }
        r.body = data.substr(end + 4);
        std::lock_guard lock(m_);
        received_.push_back(std::move(r));
      }
      const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      (void)!::write(c, ok.data(), ok.size());
      ::close(c);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex m_;
  std::vector<Received> received_;
};

std::string hmac_hex(const std::string& key, const std::string& message) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[sizeof mac * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

class Webhooks : public Admin {
 protected:
  static void SetUpTestSuite() { start_journal("[api]\nwebhook_retry_seconds = 1\n"); }

  static std::string admin_key() {
    const CommandResult made =
        run_tapchi({"key", "add", "--name", "hooks", "--role", "admin", "--config", config_});
    EXPECT_EQ(made.exit_code, 0) << made.out;
    return first_match(made.out, "(tapchi_[A-Za-z0-9_-]{43})");
  }
  static HttpResponse call(const std::string& method, const std::string& target,
                           const std::string& secret, const std::string& body = {}) {
    return request(port(), method, target,
                   "Authorization: Bearer " + secret + "\r\nContent-Type: application/json\r\n",
                   body)
        .value();
  }
  static json publish(const std::string& secret, const std::string& title) {
    const HttpResponse r =
        call("POST", "/api/v1/admin/articles", secret,
             json{{"edition", "en"}, {"title", title}, {"action", "publish"}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["article"];
  }
};

TEST_F(Webhooks, EventsArriveSignedWithTheWebhooksSecret) {
  ASSERT_GE(sodium_init(), 0);
  const Receiver receiver;
  const std::string key = admin_key();
  const HttpResponse made =
      call("POST", "/api/v1/admin/webhooks", key,
           json{{"url", "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook"},
                {"events", {"article.published", "article.deleted"}}}
               .dump());
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string secret = json::parse(made.body)["webhook"]["secret"];
  ASSERT_EQ(secret.size(), 64u);
  EXPECT_EQ(call("GET", "/api/v1/admin/webhooks", key).body.find(secret), std::string::npos)
      << "the secret is shown once";
  EXPECT_EQ(call("POST", "/api/v1/admin/webhooks", key,
                 json{{"url", "ftp://example.org/"}, {"events", {"article.published"}}}.dump())
                .status,
            422);
  EXPECT_EQ(call("POST", "/api/v1/admin/webhooks", key,
                 json{{"url", "http://127.0.0.1/"}, {"events", {"article.exploded"}}}.dump())
                .status,
            422);

  const json a = publish(key, "Told to the receiver");
  const auto got = receiver.wait_for(1, std::chrono::seconds(10));
  ASSERT_EQ(got.size(), 1u);
  const Receiver::Received& r = got.front();
  EXPECT_EQ(r.headers.at("x-tapchi-event"), "article.published");
  const json body = json::parse(r.body);
  EXPECT_EQ(body["article"]["id"], a["id"]);
  EXPECT_EQ(body["event"], "article.published");
  EXPECT_EQ(r.headers.at("x-tapchi-signature"),
            "sha256=" + hmac_hex(secret, r.headers.at("x-tapchi-timestamp") + "." + r.body))
      << "signed over the timestamp and the body";

  // Not asked for: an update is not sent; a deletion is.
  ASSERT_EQ(
      call("DELETE", "/api/v1/admin/articles/" + std::to_string(a["id"].get<long long>()), key)
          .status,
      204);
  const auto after = receiver.wait_for(2, std::chrono::seconds(10));
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[1].headers.at("x-tapchi-event"), "article.deleted");
  // The worker records each answer just after the receiver gave it.
  const std::string hook_path =
      "/api/v1/admin/webhooks/" +
      std::to_string(json::parse(made.body)["webhook"]["id"].get<long long>());
  json deliveries;
  for (int tries = 0; tries < 100; ++tries) {
    deliveries = json::parse(call("GET", hook_path, key).body)["webhook"]["deliveries"];
    if (deliveries.size() == 2 && deliveries[0]["status"] == "delivered" &&
        deliveries[1]["status"] == "delivered") {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(deliveries.size(), 2u);
  EXPECT_EQ(deliveries[0]["status"], "delivered");
  EXPECT_EQ(deliveries[1]["status"], "delivered");
  EXPECT_EQ(deliveries[0]["last_status"], 200);
}

TEST_F(Webhooks, AnEventCommittedBeforeTheServerIsKilledArrivesOnceAfterRestart) {
  const std::string key = admin_key();
  int port_of_receiver = 0;
  {
    const Receiver probe;  // a free port, closed again: nothing listens there for now
    port_of_receiver = probe.port();
  }
  const HttpResponse made =
      call("POST", "/api/v1/admin/webhooks", key,
           json{{"url", "http://127.0.0.1:" + std::to_string(port_of_receiver) + "/"},
                {"events", {"article.published"}}}
               .dump());
  ASSERT_EQ(made.status, 201) << made.body;
  const json a = publish(key, "Committed, then the server died");
  server_->signal(SIGKILL);
  server_->wait_exit(std::chrono::seconds(10));
  delete server_;

  const Receiver receiver(port_of_receiver);
  server_ = new ServerProcess(config_);
  const auto got = receiver.wait_for(1, std::chrono::seconds(20));
  ASSERT_EQ(got.size(), 1u) << "delivered from the outbox after the restart";
  EXPECT_EQ(json::parse(got[0].body)["article"]["id"], a["id"]);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(receiver.received().size(), 1u) << "and only once";
}

}  // namespace
}  // namespace tapchi::testing
