// The back office's test fixture: a copy of the suite's journal with one account of each role,
// served by the real binary, and the helpers its tests share.
#pragma once
#include <cctype>
#include <fstream>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "tests/http/harness.h"

namespace tapchi::testing {

inline const std::string kForm = "Content-Type: application/x-www-form-urlencoded\r\n";

// The value of cookie `name` set by a response, or empty.
inline std::string set_cookie(const HttpResponse& r, const std::string& name) {
  std::smatch m;
  const std::string all = r.header("set-cookie");
  if (std::regex_search(all, m, std::regex("(^|\\n)" + name + "=([^;]*)"))) {
    return m[2];
  }
  return {};
}

inline std::string hidden_csrf(const std::string& html) {
  std::smatch m;
  return std::regex_search(html, m, std::regex(R"re(name="csrf" value="([^"]*)")re")) ? m[1].str()
                                                                                      : "";
}

// `text` percent-encoded for a form or a query.
inline std::string encoded(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

// The first group of `pattern` in `text`, or empty.
inline std::string first_match(const std::string& text, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(pattern)) ? m[1].str() : "";
}

class Admin : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { start_journal(""); }

  // Serves a copy of the suite's prepared journal (the demo's articles with their approved
  // comments) with `extra_config` appended to its tapchi.toml, one account of each role whose
  // back office speaks English, and an editor (linh@) with the journal's default: Vietnamese,
  // its first edition's language.
  static void start_journal(const std::string& extra_config) {
    dir_ = new TempDir("admin");
    copy_journal(dir_->path());
    config_ = (dir_->path() / "tapchi.toml").string();
    std::ofstream(config_, std::ios::app) << "\n" << extra_config;
    for (const auto& [email, role] : {std::pair{"boss@example.org", "admin"},
                                      {"writer@example.org", "contributor"},
                                      {"changer@example.org", "editor"},
                                      {"target@example.org", "author"},
                                      {"moderator@example.org", "editor"}}) {
      ASSERT_EQ(run_tapchi(
                    {"user", "add", "--role", role, "--language", "en", email, "--config", config_},
                    "a long passphrase\n")
                    .exit_code,
                0);
    }
    ASSERT_EQ(run_tapchi({"user", "add", "--role", "editor", "--name", "Trần Thị Linh",
                          "linh@example.org", "--config", config_},
                         "a long passphrase\n")
                  .exit_code,
              0);
    server_ = new ServerProcess(config_);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static int port() { return server_->port(); }

  // Signs in through the form; returns the session cookie.
  static std::string sign_in(const std::string& email, const std::string& password) {
    const auto form = request(port(), "GET", "/admin/login").value();
    const std::string token = set_cookie(form, "tapchi_login");
    const auto r =
        request(port(), "POST", "/admin/login", kForm + "Cookie: tapchi_login=" + token + "\r\n",
                "csrf=" + token + "&email=" + email + "&password=" + password);
    return r && r->status == 303 ? set_cookie(*r, "tapchi_session") : "";
  }
  static std::optional<HttpResponse> get(const std::string& target, const std::string& session) {
    return request(port(), "GET", target, "Cookie: tapchi_session=" + session + "\r\n");
  }

  // A signed-in user: the session cookie and the session's form token.
  struct Who {
    std::string session, csrf;
  };
  static Who as(const std::string& email) {
    Who w{sign_in(email, "a+long+passphrase"), ""};
    EXPECT_FALSE(w.session.empty()) << email;
    w.csrf = hidden_csrf(get("/admin/", w.session).value().body);
    return w;
  }
  // A form POST of `w` with their token and `body` (already encoded).
  static HttpResponse post(const Who& w, const std::string& target, const std::string& body) {
    return request(port(), "POST", target, kForm + "Cookie: tapchi_session=" + w.session + "\r\n",
                   "csrf=" + w.csrf + "&" + body)
        .value();
  }

  inline static TempDir* dir_ = nullptr;
  inline static std::string config_;
  inline static ServerProcess* server_ = nullptr;
};

}  // namespace tapchi::testing
