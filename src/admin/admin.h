// admin: the newsroom's back office under /admin. Signing in and out, server-side sessions in
// HttpOnly SameSite=Lax cookies (Secure under https), a CSRF token on every state-changing form,
// login throttling, password change, and the audit log for admins. Every answer is
// `Cache-Control: no-store`. Safe to call from every server loop at once.
#pragma once
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "accounts/accounts.h"
#include "core/core.h"
#include "http/http.h"
#include "site/site.h"
#include "store/store.h"

namespace tapchi::admin {

struct AdminOptions {
  bool secure_cookies = false;  // true when the site's base URL is https
  std::chrono::seconds session_lifetime = std::chrono::hours{12};
  accounts::LoginThrottle::Bucket per_account{5, std::chrono::seconds{60}};
  accounts::LoginThrottle::Bucket per_client{20, std::chrono::seconds{15}};
  std::filesystem::path media_dir;  // where uploads are stored (the site serves it as /media/)
  std::size_t max_upload_bytes = 20 * 1024 * 1024;  // as the server's [limits] say
};

class Admin {
 public:
  // `site` renders the editor's previews with the public page's own code, and tells the
  // journal's name and time zone as the settings make them.
  Admin(AdminOptions options, store::Store& store, const core::Clock& clock,
        const site::Site& site);
  ~Admin();
  Admin(const Admin&) = delete;
  Admin& operator=(const Admin&) = delete;

  // Whether `path` belongs to the back office ("/admin" and below).
  static bool owns(std::string_view path);
  http::Response handle(const http::Request& request) const;
  // Whether the request, known by its head alone, comes from a session that may upload to the
  // media library (every role may): only those get the server's upload size limit.
  bool may_upload(const http::Request& head) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tapchi::admin
