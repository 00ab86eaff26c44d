// The frame every back-office page shares: sessions, role gates, checked forms, the page and its
// refusals.
#include <algorithm>

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

std::string with_labels(std::string_view text, Language language) {
  std::string out;
  out.reserve(text.size());
  constexpr std::string_view kOpen = "{{t.";
  std::size_t from = 0;
  for (auto at = text.find(kOpen); at != std::string_view::npos; at = text.find(kOpen, from)) {
    const auto end = text.find("}}", at);
    if (end == std::string_view::npos) {
      break;
    }
    const std::string_view key = text.substr(at + kOpen.size(), end - at - kOpen.size());
    const auto label = std::find_if(std::begin(kLabels), std::end(kLabels),
                                    [&](const Label& l) { return l.key == key; });
    out += text.substr(from, at - from);
    if (label == std::end(kLabels)) {
      out += text.substr(at, end + 2 - at);
    } else {
      out += mustache::html_escape<std::string>(
          std::string(language == Language::kEnglish ? label->english : label->vietnamese));
    }
    from = end + 2;
  }
  out += text.substr(from);
  return out;
}

http::Response Admin::Impl::page(int status, std::string_view name, mustache::data data,
                                 const accounts::SignedIn* who, std::string title,
                                 std::string notice) const {
  const Language lang = language(who);
  const auto& templates = lang == Language::kEnglish ? templates_en : templates_vi;
  mustache::mustache body_template(templates.at(std::string(name)));
  if (who != nullptr) {
    data.set("csrf", who->session.csrf_token);  // forms of a session carry its token
  }
  data.set("js_version", js_version);
  mustache::data layout;
  layout.set("content", body_template.render(data));
  layout.set("lang", std::string(language_code(lang)));
  layout.set("title", title);
  layout.set("site_name", site.site_name());
  layout.set("css_version", css_version);
  if (!notice.empty()) {
    layout.set("notice", notice);
  }
  if (who != nullptr) {
    mustache::data user;
    user.set("name", who->user.name.empty() ? who->user.email : who->user.name);
    user.set("role", std::string(role_label(lang, who->user.role)));
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
        user.set("pending_label", say(lang, "pending_count", pending));
      }
    }
    user.set("on_" + std::string(name), true);
    layout.set("user", user);
  }
  mustache::mustache layout_template(templates.at("layout"));
  return guarded(http::Response::html(status, layout_template.render(layout)));
}

std::string Admin::Impl::notice(Language lang, const http::Request& req) const {
  const auto done = req.query_param("done");
  if (!done || done->empty()) {
    return {};
  }
  const std::string key = "done_" + *done;
  for (const Label& l : kLabels) {
    if (l.key != key) {
      continue;
    }
    const std::string_view said = lang == Language::kEnglish ? l.english : l.vietnamese;
    switch (placeholders(said)) {
      case 0:
        return std::string(said);
      case 1:
        return fmt::format(fmt::runtime(said), query_id(req, "n"));
      default:
        return {};  // needs more than a count: the page says it itself
    }
  }
  return {};
}

http::Response Admin::Impl::problem_saying(int status, const accounts::SignedIn* who,
                                           std::string message) const {
  const Language lang = language(who);
  const Text heading = status == 400   ? Text("bad_request")
                       : status == 403 ? Text("not_allowed")
                       : status == 404 ? Text("not_found")
                       : status == 409 ? Text("conflict")
                       : status == 413 ? Text("too_large")
                       : status == 422 ? Text("invalid")
                                       : Text("unavailable");
  mustache::data d;
  d.set("heading", std::string(text(lang, heading)));
  d.set("message", message);
  return page(status, "error", d, who, std::string(text(lang, heading)));
}

http::Response Admin::Impl::problem(int status, const accounts::SignedIn* who, Text message) const {
  return problem_saying(status, who, std::string(text(language(who), message)));
}

http::Response Admin::Impl::unavailable(const accounts::SignedIn* who, std::string detail) const {
  http::Response r = problem(503, who, "database_unavailable");
  r.error_detail = std::move(detail);
  return r;
}

http::Response Admin::Impl::failed(const accounts::SignedIn* who, const core::Error& e) const {
  const auto saying = [&](int status) {
    return problem_saying(status, who, translated(language(who), e.message));
  };
  switch (e.code) {
    case core::ErrorCode::kForbidden:
      return saying(403);
    case core::ErrorCode::kNotFound:
      return saying(404);
    case core::ErrorCode::kInvalid:
      return saying(422);
    case core::ErrorCode::kConflict:
      return saying(409);
    case core::ErrorCode::kTooLarge:
      return saying(413);
    case core::ErrorCode::kUnavailable:
    case core::ErrorCode::kInternal:
      break;
  }
  return unavailable(who, e.message);
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
  http::Response r =
      page(status, "login", d, nullptr, std::string(text(language(nullptr), "sign_in")));
  r.set("Set-Cookie",
        cookie_header(kLoginCookie, token, "/admin/login", std::chrono::hours{1}, "Strict"));
  return r;
}

std::variant<Fields, http::Response> Admin::Impl::checked_form(
    const http::Request& req, const accounts::SignedIn* who) const {
  if (who == nullptr) {
    return problem(403, nullptr, "sign_in_first");
  }
  auto form = http::parse_form(req.body);
  if (!form) {
    return problem_saying(400, who, translated(language(who), form.error().message));
  }
  if (!accounts::same_secret(field(*form, "csrf"), who->session.csrf_token)) {
    return problem(403, who, "form_expired");
  }
  return std::move(*form);
}

http::Response Admin::Impl::password_form(const accounts::SignedIn& who, int status,
                                          std::map<std::string, std::string> errors) const {
  mustache::data d;
  for (const auto& [name, message] : errors) {
    d.set(name + "_error", message);
  }
  const Language lang = language(&who);
  mustache::data languages(mustache::data::type::list);
  for (const auto& [code, label] : std::initializer_list<std::pair<std::string, std::string>>{
           {"",
            say(lang, "language_default",
                language_code(language_of(site.language())) == "vi" ? "Tiếng Việt" : "English")},
           {"vi", "Tiếng Việt"},
           {"en", "English"}}) {
    mustache::data o;
    o.set("value", code);
    o.set("label", label);
    o.set("selected", who.user.language == code);
    languages.push_back(o);
  }
  d.set("languages", languages);
  return page(status, "password", d, &who, std::string(text(lang, "your_account")));
}

std::variant<accounts::SignedIn, http::Response> Admin::Impl::at_least(const http::Request& req,
                                                                       core::Role role,
                                                                       Text why) const {
  auto who = signed_in(req);
  if (!who) {
    return req.method == http::Method::kPost ? problem(403, nullptr, "sign_in_first")
                                             : guarded(see_other("/admin/login"));
  }
  if (who->user.role < role) {
    return problem(403, &*who, why);
  }
  return std::move(*who);
}

std::variant<Admin::Impl::RoleForm, http::Response> Admin::Impl::form_at_least(
    const http::Request& req, core::Role role, Text why) const {
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
