// The frame every back-office page shares: sessions, role gates, checked forms, the page and its
// refusals.
#include "admin/impl.h"

namespace tapchi::admin {

std::optional<accounts::SignedIn> Admin::Impl::signed_in(const http::Request& req) const {
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

http::Response Admin::Impl::page(int status, std::string_view name, mustache::data data,
                                 const accounts::SignedIn* who, std::string title,
                                 std::string notice) const {
  mustache::mustache body_template(templates.at(std::string(name)));
  if (who != nullptr) {
    data.set("csrf", who->session.csrf_token);  // forms of a session carry its token
  }
  data.set("js_version", js_version);
  mustache::data layout;
  layout.set("content", body_template.render(data));
  layout.set("title", title);
  layout.set("site_name", site.site_name());
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
    if (newsroom::may_keep_journal(who->user)) {
      user.set("may_moderate", true);
      const auto counts = store.comment_counts();
      const int pending = counts && counts->contains(core::CommentStatus::kPending)
                              ? counts->at(core::CommentStatus::kPending)
                              : 0;
      if (pending > 0) {
        user.set("pending", std::to_string(pending));
      }
    }
    user.set("on_" + std::string(name), true);
    layout.set("user", user);
  }
  mustache::mustache layout_template(templates.at("layout"));
  return guarded(http::Response::html(status, layout_template.render(layout)));
}

http::Response Admin::Impl::problem(int status, const accounts::SignedIn* who, std::string heading,
                                    std::string message) const {
  mustache::data d;
  d.set("heading", heading);
  std::string detail;
  if (status >= 500) {
    detail =
        std::exchange(message, "The journal's database did not answer. Please try again shortly.");
  }
  d.set("message", message);
  http::Response r = page(status, "error", d, who, heading);
  r.error_detail = std::move(detail);
  return r;
}

http::Response Admin::Impl::failed(const accounts::SignedIn* who, const core::Error& e) const {
  switch (e.code) {
    case core::ErrorCode::kForbidden:
      return problem(403, who, "Not allowed", e.message);
    case core::ErrorCode::kNotFound:
      return problem(404, who, "Not found", e.message);
    case core::ErrorCode::kInvalid:
      return problem(422, who, "Not saved", e.message);
    case core::ErrorCode::kConflict:
      return problem(409, who, "Changed meanwhile", e.message);
    case core::ErrorCode::kTooLarge:
      return problem(413, who, "Too large", e.message);
    case core::ErrorCode::kUnavailable:
    case core::ErrorCode::kInternal:
      break;
  }
  return problem(503, who, "Unavailable", e.message);
}

http::Response Admin::Impl::login_form(const http::Request& req, int status, std::string email,
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

std::variant<Fields, http::Response> Admin::Impl::checked_form(
    const http::Request& req, const accounts::SignedIn* who) const {
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

http::Response Admin::Impl::password_form(const accounts::SignedIn& who, int status,
                                          std::map<std::string, std::string> errors) const {
  mustache::data d;
  for (const auto& [name, message] : errors) {
    d.set(name + "_error", message);
  }
  return page(status, "password", d, &who, "Password");
}

std::variant<accounts::SignedIn, http::Response> Admin::Impl::at_least(const http::Request& req,
                                                                       core::Role role,
                                                                       std::string_view why) const {
  auto who = signed_in(req);
  if (!who) {
    return req.method == http::Method::kPost
               ? problem(403, nullptr, "Not signed in", "Sign in first, then try again.")
               : guarded(see_other("/admin/login"));
  }
  if (who->user.role < role) {
    return problem(403, &*who, "Not allowed", std::string(why));
  }
  return std::move(*who);
}

std::variant<Admin::Impl::RoleForm, http::Response> Admin::Impl::form_at_least(
    const http::Request& req, core::Role role, std::string_view why) const {
  auto checked = at_least(req, role, why);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  auto& who = std::get<accounts::SignedIn>(checked);
  auto form = checked_form(req, &who);
  if (auto* refused = std::get_if<http::Response>(&form)) {
    return std::move(*refused);
  }
  return RoleForm{std::move(who), std::move(std::get<Fields>(form))};
}

}  // namespace tapchi::admin
