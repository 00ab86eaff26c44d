#include "admin/admin.h"

#include <map>
#include <optional>
#include <variant>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "admin/embedded.h"

namespace tapchi::admin {

namespace mustache = kainjow::mustache;

namespace {

constexpr std::string_view kSessionCookie = "tapchi_session";
constexpr std::string_view kLoginCookie = "tapchi_login";  // the sign-in form's CSRF token

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string field(const Fields& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

std::string fnv_fingerprint(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (const char c : text) {
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  return fmt::format("{:016x}", h).substr(0, 10);
}

}  // namespace

struct Admin::Impl {
  AdminOptions options;
  store::Store& store;
  const core::Clock& clock;
  mutable accounts::LoginThrottle throttle;
  http::Router router;
  std::map<std::string, std::string, std::less<>> templates;  // by name, without ".mustache"
  std::string css;
  std::string css_version;

  Impl(AdminOptions o, store::Store& s, const core::Clock& c)
      : options(std::move(o)),
        store(s),
        clock(c),
        throttle(options.per_account, options.per_client) {
    for (const EmbeddedFile& f : embedded_admin_theme()) {
      const std::string name(f.name);
      if (name == "static/admin.css") {
        css = std::string(f.content);
      } else if (name.ends_with(".mustache")) {
        templates[name.substr(0, name.size() - 9)] = std::string(f.content);
      }
    }
    css_version = fnv_fingerprint(css);
    add_routes();
  }

  void add_routes();

  // Every answer of the back office: never stored by browsers or proxies, never framed.
  static http::Response guarded(http::Response r) {
    r.set("Cache-Control", "no-store");
    r.set("X-Frame-Options", "DENY");
    r.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    r.set("Referrer-Policy", "same-origin");
    r.set("X-Content-Type-Options", "nosniff");
    return r;
  }

  static http::Response see_other(std::string location) {
    return http::Response::redirect(303, std::move(location));
  }

  std::string cookie_header(std::string_view name, std::string_view value, std::string_view path,
                            std::chrono::seconds max_age, std::string_view same_site) const {
    return fmt::format("{}={}; Path={}; Max-Age={}; HttpOnly; SameSite={}{}", name, value, path,
                       max_age.count(), same_site, options.secure_cookies ? "; Secure" : "");
  }

  // The signed-in user, or nullopt.
  std::optional<accounts::SignedIn> signed_in(const http::Request& req) const {
    const std::string token = http::cookie(req, kSessionCookie);
    if (token.empty()) {
      return std::nullopt;
    }
    auto found = accounts::resume_session(store, token, clock);
    if (!found) {
      return std::nullopt;
    }
    return std::move(*found);
  }

  http::Response page(int status, std::string_view name, mustache::data data,
                      const accounts::SignedIn* who, std::string title,
                      std::string notice = {}) const {
    mustache::mustache body_template(templates.at(std::string(name)));
    if (who != nullptr) {
      data.set("csrf", who->session.csrf_token);  // forms of a session carry its token
    }
    mustache::data layout;
    layout.set("content", body_template.render(data));
    layout.set("title", title);
    layout.set("site_name", options.site_name);
    layout.set("css_version", css_version);
    if (!notice.empty()) {
      layout.set("notice", notice);
    }
    if (who != nullptr) {
      mustache::data user;
      user.set("name", who->user.name.empty() ? who->user.email : who->user.name);
      user.set("role", std::string(core::role_name(who->user.role)));
      user.set("csrf", who->session.csrf_token);
      user.set("is_admin", who->user.role == core::Role::kAdmin);
      user.set("on_" + std::string(name), true);
      layout.set("user", user);
    }
    mustache::mustache layout_template(templates.at("layout"));
    return guarded(http::Response::html(status, layout_template.render(layout)));
  }

  http::Response problem(int status, const accounts::SignedIn* who, std::string heading,
                         std::string message) const {
    mustache::data d;
    d.set("heading", heading);
    d.set("message", message);
    return page(status, "error", d, who, heading);
  }

  http::Response login_form(const http::Request& req, int status, std::string email,
                            std::string error) const {
    std::string token = http::cookie(req, kLoginCookie);
    if (token.size() != 43) {
      token = accounts::random_token();
    }
    mustache::data d;
    d.set("csrf", token);
    d.set("email", email);
    if (!error.empty()) {
      d.set("form_error", error);
    }
    http::Response r = page(status, "login", d, nullptr, "Sign in");
    r.set("Set-Cookie",
          cookie_header(kLoginCookie, token, "/admin/login", std::chrono::hours{1}, "Strict"));
    return r;
  }

  http::Response sign_in(const http::Request& req) const {
    auto form = http::parse_form(req.body);
    if (!form) {
      return problem(400, nullptr, "Bad request", form.error().message);
    }
    const std::string email = accounts::normalize_email(field(*form, "email"));
    if (!accounts::same_secret(field(*form, "csrf"), http::cookie(req, kLoginCookie))) {
      return login_form(req, 403, email, "The form had expired. Please sign in again.");
    }
    if (const auto wait = throttle.wait_before(email, req.client, clock.now())) {
      http::Response r = login_form(
          req, 429, email,
          fmt::format("Too many failed attempts. Try again in {} seconds.", wait->count()));
      r.set("Retry-After", std::to_string(wait->count()));
      return r;
    }
    auto user = accounts::check_sign_in(store, throttle, email, field(*form, "password"),
                                        req.client, clock);
    if (!user) {
      if (user.error().code == core::ErrorCode::kInvalid) {
        return login_form(req, 401, email, "Wrong email or password.");
      }
      return problem(503, nullptr, "Unavailable", user.error().message);
    }
    auto opened = accounts::open_session(store, *user, req.client, options.session_lifetime, clock);
    if (!opened) {
      return problem(503, nullptr, "Unavailable", opened.error().message);
    }
    http::Response r = guarded(see_other("/admin/"));
    r.headers.emplace_back("Set-Cookie", cookie_header(kSessionCookie, opened->first, "/admin",
                                                       options.session_lifetime, "Lax"));
    r.headers.emplace_back("Set-Cookie", cookie_header(kLoginCookie, "", "/admin/login",
                                                       std::chrono::seconds{0}, "Strict"));
    return r;
  }

  // The form of a signed-in user's POST, or the answer refusing it (no session, bad CSRF
  // token, unreadable body).
  std::variant<Fields, http::Response> checked_form(const http::Request& req,
                                                    const accounts::SignedIn* who) const {
    if (who == nullptr) {
      return problem(403, nullptr, "Not signed in", "Sign in first, then try again.");
    }
    auto form = http::parse_form(req.body);
    if (!form) {
      return problem(400, who, "Bad request", form.error().message);
    }
    if (!accounts::same_secret(field(*form, "csrf"), who->session.csrf_token)) {
      return problem(403, who, "Form expired",
                     "This form was not sent from this session's page. Reload it and try again.");
    }
    return std::move(*form);
  }

  http::Response sign_out(const http::Request& req) const {
    const auto who = signed_in(req);
    auto form = checked_form(req, who ? &*who : nullptr);
    if (auto* refused = std::get_if<http::Response>(&form)) {
      return std::move(*refused);
    }
    if (auto ended = store.delete_session(who->session.token_hash); !ended) {
      return problem(503, &*who, "Unavailable", ended.error().message);
    }
    http::Response r = guarded(see_other("/admin/login"));
    r.set("Set-Cookie",
          cookie_header(kSessionCookie, "", "/admin", std::chrono::seconds{0}, "Lax"));
    return r;
  }

  http::Response dashboard(const http::Request& req) const {
    const auto who = signed_in(req);
    if (!who) {
      return guarded(see_other("/admin/login"));
    }
    mustache::data d;
    mustache::data user;
    user.set("name", who->user.name.empty() ? who->user.email : who->user.name);
    user.set("email", who->user.email);
    user.set("role", std::string(core::role_name(who->user.role)));
    d.set("user", user);
    d.set("session_ends",
          fmt::format("{:%Y-%m-%d %H:%M} UTC",
                      std::chrono::floor<std::chrono::seconds>(who->session.expires_at)));
    const auto done = req.query_param("done");
    return page(200, "dashboard", d, &*who, "Dashboard",
                done && *done == "password" ? "Your password has been changed." : "");
  }

  http::Response password_form(const accounts::SignedIn& who, int status,
                               std::map<std::string, std::string> errors) const {
    mustache::data d;
    for (const auto& [name, message] : errors) {
      d.set(name + "_error", message);
    }
    return page(status, "password", d, &who, "Password");
  }

  http::Response change_password(const http::Request& req) const {
    const auto who = signed_in(req);
    auto form = checked_form(req, who ? &*who : nullptr);
    if (auto* refused = std::get_if<http::Response>(&form)) {
      return std::move(*refused);
    }
    const Fields& fields = std::get<Fields>(form);
    const std::string fresh = field(fields, "new");
    std::map<std::string, std::string> errors;
    if (!accounts::verify_password(who->user.password_hash, field(fields, "current"))) {
      errors["current"] = "This is not your current password.";
    }
    if (auto ok = accounts::check_password(fresh); !ok) {
      errors["new"] = "The new password " + ok.error().message + ".";
    } else if (field(fields, "again") != fresh) {
      errors["again"] = "The two new passwords differ.";
    }
    if (!errors.empty()) {
      return password_form(*who, 422, std::move(errors));
    }
    auto hash = accounts::hash_password(fresh);
    core::User user = who->user;
    user.password_hash = hash ? *hash : "";
    std::optional<std::pair<std::string, core::Session>> opened;
    auto done = store.in_transaction([&](store::Store& s) -> core::Result<void> {
      if (!hash) {
        return core::fail(hash.error());
      }
      if (auto saved = s.save_user(user); !saved) {
        return core::fail(saved.error());
      }
      if (auto ended = s.delete_sessions_of(user.id); !ended) {
        return ended;
      }
      auto session = accounts::open_session(s, user, req.client, options.session_lifetime, clock);
      if (!session) {
        return core::fail(session.error());
      }
      opened = std::move(*session);
      auto logged = s.record({0, clock.now(), user.id, "password-change", "user " + user.email,
                              "other sessions ended"});
      return logged ? core::Result<void>{} : core::fail(logged.error());
    });
    if (!done) {
      return problem(503, &*who, "Unavailable", done.error().message);
    }
    http::Response r = guarded(see_other("/admin/?done=password"));
    r.set("Set-Cookie",
          cookie_header(kSessionCookie, opened->first, "/admin", options.session_lifetime, "Lax"));
    return r;
  }

  http::Response audit(const http::Request& req) const {
    const auto who = signed_in(req);
    if (!who) {
      return guarded(see_other("/admin/login"));
    }
    if (who->user.role != core::Role::kAdmin) {
      return problem(403, &*who, "Not allowed", "Only admins can read the audit log.");
    }
    auto entries = store.audit_log(200, 0);
    if (!entries) {
      return problem(503, &*who, "Unavailable", entries.error().message);
    }
    std::map<core::Id, std::string> names;
    mustache::data list(mustache::data::type::list);
    for (const core::AuditEntry& e : *entries) {
      if (e.user_id != 0 && !names.contains(e.user_id)) {
        auto u = store.user(e.user_id);
        names[e.user_id] = u ? u->email : "user " + std::to_string(e.user_id);
      }
      mustache::data row;
      const auto at = std::chrono::floor<std::chrono::seconds>(e.at);
      row.set("iso", core::format_iso8601(e.at));
      row.set("when", fmt::format("{:%Y-%m-%d %H:%M:%S}", at));
      row.set("who", e.user_id == 0 ? std::string("—") : names[e.user_id]);
      row.set("action", e.action);
      row.set("subject", e.subject);
      row.set("detail", e.detail);
      list.push_back(row);
    }
    mustache::data d;
    d.set("entries", list);
    d.set("count", std::to_string(entries->size()));
    return page(200, "audit", d, &*who, "Audit log");
  }
};

void Admin::Impl::add_routes() {
  using http::Method;
  const std::vector<Method> read{Method::kGet, Method::kHead};
  const std::vector<Method> write{Method::kPost};
  router.add(read, "/admin", [](const http::Request&, const http::Router::Params&) {
    return guarded(http::Response::redirect(301, "/admin/"));
  });
  router.add(read, "/admin/",
             [this](const http::Request& r, const http::Router::Params&) { return dashboard(r); });
  router.add(read, "/admin/login", [this](const http::Request& r, const http::Router::Params&) {
    if (signed_in(r)) {
      return guarded(see_other("/admin/"));
    }
    return login_form(r, 200, {}, {});
  });
  router.add(write, "/admin/login",
             [this](const http::Request& r, const http::Router::Params&) { return sign_in(r); });
  router.add(write, "/admin/logout",
             [this](const http::Request& r, const http::Router::Params&) { return sign_out(r); });
  router.add(read, "/admin/password", [this](const http::Request& r, const http::Router::Params&) {
    const auto who = signed_in(r);
    return who ? password_form(*who, 200, {}) : guarded(see_other("/admin/login"));
  });
  router.add(write, "/admin/password", [this](const http::Request& r, const http::Router::Params&) {
    return change_password(r);
  });
  router.add(read, "/admin/audit",
             [this](const http::Request& r, const http::Router::Params&) { return audit(r); });
  router.add(read, "/admin/static/admin.css",
             [this](const http::Request&, const http::Router::Params&) {
               http::Response r = guarded(http::Response::text(200, css));
               r.set("Content-Type", "text/css; charset=utf-8");
               return r;
             });
}

Admin::Admin(AdminOptions options, store::Store& store, const core::Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(options), store, clock)) {}

Admin::~Admin() = default;

bool Admin::owns(std::string_view path) { return path == "/admin" || path.starts_with("/admin/"); }

http::Response Admin::handle(const http::Request& request) const {
  const auto match = impl_->router.match(request.method, request.path);
  if (match.handler != nullptr) {
    return (*match.handler)(request, match.params);
  }
  if (!match.allowed.empty()) {
    http::Response r = http::Response::text(405, "Method Not Allowed\n");
    r.set("Allow", http::allow_header(match.allowed));
    return Impl::guarded(std::move(r));
  }
  return impl_->problem(404, nullptr, "Not found", "There is no such page in the back office.");
}

}  // namespace tapchi::admin
