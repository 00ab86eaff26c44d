// Signing in and out, the dashboard and changing one's password.
#include "admin/impl.h"

namespace tapchi::admin {

http::Response Admin::Impl::sign_in(const http::Request& req) const {
  const Language lang = language(nullptr);
  auto form = http::parse_form(req.body);
  if (!form) {
    return problem_saying(400, nullptr, translated(lang, form.error().message));
  }
  const std::string email = accounts::normalize_email(field(*form, "email"));
  if (!accounts::same_secret(field(*form, "csrf"), http::cookie(req, kLoginCookie))) {
    return login_form(req, 403, email, std::string(text(lang, "login_expired")));
  }
  if (const auto wait = throttle.wait_before(email, req.client, clock.now())) {
    http::Response r = login_form(req, 429, email, say(lang, "too_many_attempts", wait->count()));
    r.set("Retry-After", std::to_string(wait->count()));
    return r;
  }
  auto user =
      accounts::check_sign_in(store, throttle, email, field(*form, "password"), req.client, clock);
  if (!user) {
    if (user.error().code == core::ErrorCode::kInvalid) {
      return login_form(req, 401, email, std::string(text(lang, "wrong_password")));
    }
    if (user.error().code == core::ErrorCode::kUnavailable && user.error().field == "email") {
      // Parallel attempts used the allowance up while this one waited.
      const auto wait =
          throttle.wait_before(email, req.client, clock.now()).value_or(std::chrono::seconds{1});
      http::Response r = login_form(req, 429, email, say(lang, "too_many_attempts", wait.count()));
      r.set("Retry-After", std::to_string(wait.count()));
      return r;
    }
    return unavailable(nullptr, user.error().message);
  }
  auto opened = accounts::open_session(store, *user, req.client, options.session_lifetime, clock);
  if (!opened) {
    return unavailable(nullptr, opened.error().message);
  }
  http::Response r = guarded(see_other("/admin/"));
  r.headers.emplace_back("Set-Cookie", cookie_header(kSessionCookie, opened->first, "/admin",
                                                     options.session_lifetime, "Lax"));
  r.headers.emplace_back("Set-Cookie", cookie_header(kLoginCookie, "", "/admin/login",
                                                     std::chrono::seconds{0}, "Strict"));
  return r;
}

http::Response Admin::Impl::sign_out(const http::Request& req) const {
  const auto who = signed_in(req);
  auto form = checked_form(req, who ? &*who : nullptr);
  if (auto* refused = std::get_if<http::Response>(&form)) {
    return std::move(*refused);
  }
  if (auto ended = store.delete_session(who->session.token_hash); !ended) {
    return unavailable(&*who, ended.error().message);
  }
  http::Response r = guarded(see_other("/admin/login"));
  r.set("Set-Cookie", cookie_header(kSessionCookie, "", "/admin", std::chrono::seconds{0}, "Lax"));
  return r;
}

http::Response Admin::Impl::change_password(const http::Request& req) const {
  const auto who = signed_in(req);
  auto form = checked_form(req, who ? &*who : nullptr);
  if (auto* refused = std::get_if<http::Response>(&form)) {
    return std::move(*refused);
  }
  const Fields& fields = std::get<Fields>(form);
  const Language lang = language(&*who);
  const std::string fresh = field(fields, "new");
  std::map<std::string, std::string> errors;
  if (!accounts::verify_password(who->user.password_hash, field(fields, "current"))) {
    errors["current"] = text(lang, "not_current_password");
  }
  if (auto ok = accounts::check_password(fresh); !ok) {
    errors["new"] = say(lang, "new_password_bad", translated(lang, ok.error().message));
  } else if (field(fields, "again") != fresh) {
    errors["again"] = text(lang, "passwords_differ");
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
    auto logged = s.record(
        {0, clock.now(), user.id, "password-change", "user " + user.email, "other sessions ended"});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!done) {
    return unavailable(&*who, done.error().message);
  }
  http::Response r = guarded(see_other("/admin/?done=password"));
  r.set("Set-Cookie",
        cookie_header(kSessionCookie, opened->first, "/admin", options.session_lifetime, "Lax"));
  return r;
}

http::Response Admin::Impl::change_language(const http::Request& req) const {
  const auto who = signed_in(req);
  auto form = checked_form(req, who ? &*who : nullptr);
  if (auto* refused = std::get_if<http::Response>(&form)) {
    return std::move(*refused);
  }
  const std::string chosen = field(std::get<Fields>(form), "language");
  if (chosen != "" && chosen != "vi" && chosen != "en") {
    return problem(400, &*who, "unknown_language");
  }
  core::User user = who->user;
  const std::string before = user.language;
  user.language = chosen;
  auto done = store.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto saved = s.save_user(user); !saved) {
      return core::fail(saved.error());
    }
    auto logged = s.record(
        {0, clock.now(), user.id, "language", "user " + user.email,
         (before.empty() ? "default" : before) + " → " + (chosen.empty() ? "default" : chosen)});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!done) {
    return unavailable(&*who, done.error().message);
  }
  return guarded(see_other("/admin/?done=language"));
}

}  // namespace tapchi::admin
