// The back office's inner workings, shared by its source files. Private to the admin module.
#pragma once
#include <cstdlib>
#include <map>
#include <optional>
#include <variant>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "admin/admin.h"
#include "admin/embedded.h"
#include "newsroom/newsroom.h"

namespace tapchi::admin {

namespace mustache = kainjow::mustache;

inline constexpr std::string_view kSessionCookie = "tapchi_session";
inline constexpr std::string_view kLoginCookie = "tapchi_login";  // the sign-in form's CSRF token

using Fields = std::vector<std::pair<std::string, std::string>>;

inline std::string field(const Fields& fields, std::string_view name) {
  return http::form_value(fields, name);
}

using core::parse_id;  // a row id from a path or a form field; 0 for anything but digits

inline std::string fnv_fingerprint(std::string_view text) {
  return fmt::format("{:016x}", core::fnv1a(text)).substr(0, 10);
}

// The options of a <select>: each {value, label}, the one equal to `selected` marked.
inline mustache::data choices(
    std::initializer_list<std::pair<std::string_view, std::string_view>> options,
    std::string_view selected) {
  mustache::data list(mustache::data::type::list);
  for (const auto& [value, label] : options) {
    mustache::data o;
    o.set("value", std::string(value));
    o.set("label", std::string(label));
    o.set("selected", value == selected);
    list.push_back(o);
  }
  return list;
}

struct Admin::Impl {
  AdminOptions options;
  store::Store& store;
  const core::Clock& clock;
  const site::Site& site;
  newsroom::Newsroom newsroom;
  mutable accounts::LoginThrottle throttle;
  http::Router router;
  std::map<std::string, std::string, std::less<>> templates;  // by name, without ".mustache"
  std::string css;
  std::string css_version;
  std::string js;
  std::string js_version;

  Impl(AdminOptions o, store::Store& s, const core::Clock& c, const site::Site& public_site)
      : options(std::move(o)),
        store(s),
        clock(c),
        site(public_site),
        newsroom(s, c),
        throttle(options.per_account, options.per_client) {
    for (const EmbeddedFile& f : embedded_admin_theme()) {
      const std::string name(f.name);
      if (name == "static/admin.css") {
        css = std::string(f.content);
      } else if (name == "static/admin.js") {
        js = std::string(f.content);
      } else if (name.ends_with(".mustache")) {
        templates[name.substr(0, name.size() - 9)] = std::string(f.content);
      }
    }
    css_version = fnv_fingerprint(css);
    js_version = fnv_fingerprint(js);
    add_routes();
  }

  void add_routes();

  // The site's time zone as the settings make it now.
  core::Zone zone() const { return site.zone(); }

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
      if (may_moderate(who->user)) {
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

  // A page saying what went wrong. A 5xx's message (a database's words) is not shown: the
  // server logs it with the request's id, which the answer carries (X-Request-Id).
  http::Response problem(int status, const accounts::SignedIn* who, std::string heading,
                         std::string message) const {
    mustache::data d;
    d.set("heading", heading);
    std::string detail;
    if (status >= 500) {
      detail = std::exchange(message,
                             "The journal's database did not answer. Please try again shortly.");
    }
    d.set("message", message);
    http::Response r = page(status, "error", d, who, heading);
    r.error_detail = std::move(detail);
    return r;
  }

  // The page for an operation's refusal or failure: the status its error code stands for.
  http::Response failed(const accounts::SignedIn* who, const core::Error& e) const {
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
      if (user.error().code == core::ErrorCode::kUnavailable && user.error().field == "email") {
        // Parallel attempts used the allowance up while this one waited.
        const auto wait =
            throttle.wait_before(email, req.client, clock.now()).value_or(std::chrono::seconds{1});
        http::Response r = login_form(
            req, 429, email,
            fmt::format("Too many failed attempts. Try again in {} seconds.", wait.count()));
        r.set("Retry-After", std::to_string(wait.count()));
        return r;
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

  static bool may_moderate(const core::User& u) { return u.role >= core::Role::kEditor; }

  // The signed-in user when their role is at least `role`, or the answer for anyone else:
  // sign in (GET) or 403 (POST) without a session, 403 with `why` below the role.
  std::variant<accounts::SignedIn, http::Response> at_least(const http::Request& req,
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

  std::variant<accounts::SignedIn, http::Response> moderator(const http::Request& req) const {
    return at_least(req, core::Role::kEditor, "Only editors and admins may do this.");
  }

  // A POST of a user of at least `role`: who and the form, once role, session token and body
  // have been checked; or the answer refusing it.
  struct RoleForm {
    accounts::SignedIn who;
    Fields fields;
  };
  std::variant<RoleForm, http::Response> form_at_least(const http::Request& req, core::Role role,
                                                       std::string_view why) const {
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
  std::variant<RoleForm, http::Response> moderator_form(const http::Request& req) const {
    return form_at_least(req, core::Role::kEditor, "Only editors and admins may do this.");
  }
  std::variant<RoleForm, http::Response> admin_form(const http::Request& req) const {
    return form_at_least(req, core::Role::kAdmin, "Only admins may see this.");
  }

  static std::optional<core::CommentStatus> tab_of(const http::Request& req) {
    const auto status = req.query_param("status");
    auto parsed = core::parse_comment_status(status ? *status : "pending");
    return parsed ? std::optional(*parsed) : std::nullopt;
  }

  http::Response comments(const http::Request& req) const {
    auto checked = moderator(req);
    if (auto* refused = std::get_if<http::Response>(&checked)) {
      return std::move(*refused);
    }
    const auto& who = std::get<accounts::SignedIn>(checked);
    const auto status = tab_of(req);
    const int page_number = query_page(req);
    if (!status) {
      return problem(404, &who, "Not found", "There is no such comment status.");
    }
    constexpr int kPerPage = 50;
    store::CommentQuery q{status, kPerPage, (page_number - 1) * kPerPage};
    auto found = store.find_comments(q);
    auto counts = store.comment_counts();
    auto editions = store.editions();
    if (!found || !counts || !editions) {
      return problem(503, &who, "Unavailable", "The database did not answer.");
    }
    const std::string status_name(core::status_name(*status));
    mustache::data tabs(mustache::data::type::list);
    for (const auto& [tab, label] : std::vector<std::pair<core::CommentStatus, std::string>>{
             {core::CommentStatus::kPending, "Pending"},
             {core::CommentStatus::kApproved, "Approved"},
             {core::CommentStatus::kSpam, "Spam"},
             {core::CommentStatus::kRejected, "Rejected"}}) {
      mustache::data t;
      t.set("status", std::string(core::status_name(tab)));
      t.set("label", label);
      t.set("count", std::to_string(counts->contains(tab) ? counts->at(tab) : 0));
      t.set("current", tab == *status);
      tabs.push_back(t);
    }
    std::map<core::Id, std::pair<std::string, std::string>> articles;  // title, public href
    mustache::data items(mustache::data::type::list);
    for (const core::Comment& c : found->items) {
      if (!articles.contains(c.article_id)) {
        auto a = store.article(c.article_id);
        std::string href;
        if (a && a->is_visible_at(clock.now())) {
          for (const core::Edition& e : *editions) {
            if (e.id == a->edition_id) {
              href = e.prefix + a->slug + "-" + std::to_string(a->id) + ".html";
            }
          }
        }
        articles[c.article_id] = {a ? a->title : "article " + std::to_string(c.article_id), href};
      }
      mustache::data item;
      item.set("id", std::to_string(c.id));
      item.set("name", c.name);
      if (!c.email.empty()) {
        item.set("email", c.email);
      }
      item.set("body", c.body);
      item.set("iso", core::format_iso8601(c.created_at));
      item.set("when", fmt::format("{:%Y-%m-%d %H:%M} UTC",
                                   std::chrono::floor<std::chrono::seconds>(c.created_at)));
      item.set("is_staff", c.is_staff);
      item.set("is_reply", c.parent_id != 0);
      item.set("article_title", articles[c.article_id].first);
      item.set("article_href", articles[c.article_id].second);
      items.push_back(item);
    }
    mustache::data d;
    d.set("tabs", tabs);
    d.set("items", items);
    d.set("has_items", !found->items.empty());
    d.set("status", status_name);
    d.set("caption",
          fmt::format("{} of {} comments, newest first", found->items.size(), found->total));
    const std::string base = "/admin/comments?status=" + status_name;
    if (page_number > 1) {
      d.set("prev_href", base + "&page=" + std::to_string(page_number - 1));
    }
    if (page_number * kPerPage < found->total) {
      d.set("next_href", base + "&page=" + std::to_string(page_number + 1));
    }
    const auto done = req.query_param("done");
    return page(200, "comments", d, &who, "Comments", done ? *done : "");
  }

  http::Response moderate(const http::Request& req) const {
    auto posted = moderator_form(req);
    if (auto* refused = std::get_if<http::Response>(&posted)) {
      return std::move(*refused);
    }
    const auto& [who, fields] = std::get<RoleForm>(posted);
    // One comment's own button ("approve:12"), or a bulk action on the ticked ones.
    std::string action = field(fields, "action");
    std::vector<core::Id> ids;
    if (const std::string one = field(fields, "one"); !one.empty()) {
      const auto colon = one.find(':');
      action = one.substr(0, colon);
      ids.push_back(colon == std::string::npos ? 0 : std::atoll(one.c_str() + colon + 1));
    } else {
      for (const auto& [name, value] : fields) {
        if (name == "id") {
          ids.push_back(std::atoll(value.c_str()));
        }
      }
    }
    const auto moderation = newsroom::parse_moderation(action);
    if (!moderation) {
      return problem(400, &who, "Bad request", "Choose what to do with the comments.");
    }
    const core::Result<int> done = newsroom.moderate(who.user, std::move(ids), *moderation);
    if (!done) {
      return failed(&who, done.error());
    }
    const std::string tab = field(fields, "status");
    const std::string back = core::parse_comment_status(tab) ? tab : "pending";
    const std::string notice = *done == 0
                                   ? "No comment was selected."
                                   : fmt::format("{} comment{} {}.", *done, *done == 1 ? "" : "s",
                                                 action == "delete"    ? "deleted"
                                                 : action == "spam"    ? "marked as spam"
                                                 : action == "reject"  ? "rejected"
                                                 : action == "pending" ? "returned to the queue"
                                                                       : "approved");
    return guarded(
        see_other("/admin/comments?status=" + back + "&done=" + http::percent_encode_path(notice)));
  }

  // The comment to reply to, or the answer when there is none or it may not be answered.
  std::variant<core::Comment, http::Response> replied(const accounts::SignedIn& who,
                                                      std::string_view id_text) const {
    auto c = newsroom.comment_to_answer(who.user, std::atoll(std::string(id_text).c_str()));
    if (!c) {
      return failed(&who, c.error());
    }
    return std::move(*c);
  }

  http::Response reply_page(const accounts::SignedIn& who, const core::Comment& c, int status,
                            const std::string& text, const std::string& error) const {
    mustache::data d;
    d.set("id", std::to_string(c.id));
    d.set("name", c.name);
    d.set("body", c.body);
    d.set("iso", core::format_iso8601(c.created_at));
    d.set("when", fmt::format("{:%Y-%m-%d %H:%M} UTC",
                              std::chrono::floor<std::chrono::seconds>(c.created_at)));
    d.set("reply", text);
    if (!error.empty()) {
      d.set("reply_error", error);
    }
    return page(status, "reply", d, &who, "Reply as staff");
  }

  http::Response reply_form(const http::Request& req, std::string_view id) const {
    auto checked = moderator(req);
    if (auto* refused = std::get_if<http::Response>(&checked)) {
      return std::move(*refused);
    }
    const auto& who = std::get<accounts::SignedIn>(checked);
    auto c = replied(who, id);
    if (auto* refused = std::get_if<http::Response>(&c)) {
      return std::move(*refused);
    }
    return reply_page(who, std::get<core::Comment>(c), 200, "", "");
  }

  http::Response reply(const http::Request& req, std::string_view id) const {
    auto posted = moderator_form(req);
    if (auto* refused = std::get_if<http::Response>(&posted)) {
      return std::move(*refused);
    }
    const auto& [who, fields] = std::get<RoleForm>(posted);
    auto found = replied(who, id);
    if (auto* refused = std::get_if<http::Response>(&found)) {
      return std::move(*refused);
    }
    const core::Comment& parent = std::get<core::Comment>(found);
    const std::string text = field(fields, "reply");
    if (auto saved = newsroom.reply(who.user, parent.id, text); !saved) {
      if (saved.error().code == core::ErrorCode::kInvalid) {
        return reply_page(who, parent, 422, text, saved.error().message);
      }
      return failed(&who, saved.error());
    }
    return guarded(
        see_other("/admin/comments?status=" + std::string(core::status_name(parent.status)) +
                  "&done=" + http::percent_encode_path("Your reply is published.")));
  }

  // A positive id from the query, or 0.
  static core::Id query_id(const http::Request& req, std::string_view name) {
    const auto v = req.query_param(name);
    if (!v || v->empty() || v->size() > 18 ||
        v->find_first_not_of("0123456789") != std::string::npos) {
      return 0;
    }
    return std::atoll(v->c_str());
  }

  static int query_page(const http::Request& req) {
    const auto n = query_id(req, "page");
    return n > 0 && n < 1'000'000 ? static_cast<int>(n) : 1;
  }

  http::Response articles(const http::Request& req) const {
    const auto who = signed_in(req);
    if (!who) {
      return guarded(see_other("/admin/login"));
    }
    constexpr int kPerPage = 30;
    store::ArticleFilter f;
    f.edition_id = query_id(req, "edition");
    f.section_id = query_id(req, "section");
    f.author_id = query_id(req, "author");
    const std::string status_text = req.query_param("status").value_or("");
    if (auto status = core::parse_status(status_text)) {
      f.status = *status;
    }
    f.text = req.query_param("q").value_or("").substr(0, 200);
    f.now = clock.now();
    if (who->user.role == core::Role::kContributor) {
      f.visible_to = who->user.id;  // others' unpublished work is not theirs to read
    }
    const int page_number = query_page(req);
    f.limit = kPerPage;
    f.offset = (page_number - 1) * kPerPage;
    auto found = store.filter_articles(f);
    auto editions = store.editions();
    if (!found || !editions) {
      return problem(503, &*who, "Unavailable", "The database did not answer.");
    }
    std::map<core::Id, std::string> section_names, author_names, edition_names;
    mustache::data edition_list(mustache::data::type::list);
    mustache::data section_list(mustache::data::type::list);
    mustache::data author_list(mustache::data::type::list);
    // One <option> of a filter's <select>.
    const auto option = [](std::string value, std::string label, bool selected) {
      mustache::data o;
      o.set("id", value);
      o.set("value", std::move(value));
      o.set("name", label);
      o.set("label", std::move(label));
      o.set("selected", selected);
      return o;
    };
    for (const core::Edition& e : *editions) {
      edition_names[e.id] = e.name.empty() ? e.code : e.name;
      edition_list.push_back(
          option(std::to_string(e.id), edition_names[e.id], e.id == f.edition_id));
      auto sections = store.sections(e.id);
      auto authors = store.authors_of(e.id);
      if (!sections || !authors) {
        return problem(503, &*who, "Unavailable", "The database did not answer.");
      }
      for (const core::Section& sec : *sections) {
        section_names[sec.id] = sec.name;
        section_list.push_back(
            option(std::to_string(sec.id), sec.name + " (" + e.code + ")", sec.id == f.section_id));
      }
      for (const core::Author& au : *authors) {
        author_names[au.id] = au.name;
        author_list.push_back(
            option(std::to_string(au.id), au.name + " (" + e.code + ")", au.id == f.author_id));
      }
    }
    mustache::data statuses(mustache::data::type::list);
    for (const auto status : {core::ArticleStatus::kDraft, core::ArticleStatus::kReview,
                              core::ArticleStatus::kScheduled, core::ArticleStatus::kPublished,
                              core::ArticleStatus::kUnpublished}) {
      const std::string name(core::status_name(status));
      statuses.push_back(option(name, name, f.status == status));
    }
    mustache::data items(mustache::data::type::list);
    for (const core::Article& a : found->items) {
      mustache::data item;
      item.set("title", a.title);
      item.set("href", "/admin/articles/" + std::to_string(a.id));
      if (a.is_visible_at(clock.now())) {
        for (const core::Edition& e : *editions) {
          if (e.id == a.edition_id) {
            item.set("public_href", site::article_href(e, a));
          }
        }
      }
      item.set("edition", edition_names[a.edition_id]);
      item.set("section", section_names[a.section_id]);
      const bool scheduled = a.status == core::ArticleStatus::kPublished && a.published_at &&
                             *a.published_at > clock.now();
      item.set("status",
               scheduled ? std::string("scheduled") : std::string(core::status_name(a.status)));
      std::string names;
      for (const core::Id id : a.author_ids) {
        names += (names.empty() ? "" : ", ") + author_names[id];
      }
      item.set("authors", names);
      if (a.published_at) {
        item.set("published_iso", core::format_iso8601(*a.published_at));
        item.set("published",
                 fmt::format("{:%Y-%m-%d %H:%M}",
                             std::chrono::floor<std::chrono::seconds>(*a.published_at)));
      }
      items.push_back(item);
    }
    mustache::data d;
    d.set("q", f.text);
    d.set("editions", edition_list);
    d.set("sections", section_list);
    d.set("authors", author_list);
    d.set("statuses", statuses);
    d.set("items", items);
    d.set("has_items", !found->items.empty());
    d.set("caption",
          fmt::format("{} of {} articles, newest first", found->items.size(), found->total));
    // The same filters, another page.
    std::string base = "/admin/articles?q=" + http::percent_encode_path(f.text);
    for (const auto& [name, value] :
         {std::pair{"edition", f.edition_id}, {"section", f.section_id}, {"author", f.author_id}}) {
      if (value != 0) {
        base += std::string("&") + name + "=" + std::to_string(value);
      }
    }
    if (f.status) {
      base += "&status=" + std::string(core::status_name(*f.status));
    }
    if (page_number > 1) {
      d.set("prev_href", base + "&page=" + std::to_string(page_number - 1));
    }
    if (page_number * kPerPage < found->total) {
      d.set("next_href", base + "&page=" + std::to_string(page_number + 1));
    }
    return page(200, "articles", d, &*who, "Articles", req.query_param("done").value_or(""));
  }

  // Sections are managed by editors and admins, like comments.
  http::Response sections_page(const http::Request& req) const {
    auto checked = moderator(req);
    if (auto* refused = std::get_if<http::Response>(&checked)) {
      return std::move(*refused);
    }
    const auto& who = std::get<accounts::SignedIn>(checked);
    auto editions = store.editions();
    if (!editions) {
      return problem(503, &who, "Unavailable", editions.error().message);
    }
    mustache::data list(mustache::data::type::list);
    for (const core::Edition& e : *editions) {
      auto sections = store.sections(e.id);
      if (!sections) {
        return problem(503, &who, "Unavailable", sections.error().message);
      }
      mustache::data rows(mustache::data::type::list);
      for (const core::Section& sec : *sections) {
        mustache::data row;
        row.set("id", std::to_string(sec.id));
        row.set("name", sec.name);
        row.set("position", std::to_string(sec.position));
        row.set("href", e.prefix + "section/" + sec.slug);
        rows.push_back(row);
      }
      mustache::data edition;
      edition.set("name", e.name.empty() ? e.code : e.name);
      edition.set("sections", rows);
      list.push_back(edition);
    }
    mustache::data d;
    d.set("editions", list);
    const auto done = req.query_param("done");
    return page(200, "sections", d, &who, "Sections", done ? *done : "");
  }

  // The section form, new (id 0) or existing, with what was typed and the errors by field.
  http::Response section_form(const accounts::SignedIn& who, const core::Section& sec, int status,
                              const std::map<std::string, std::string>& errors,
                              const std::string& position_text) const {
    mustache::data d;
    const bool is_new = sec.id == 0;
    d.set("heading", is_new ? std::string("Add a section") : "Section: " + sec.name);
    d.set("action", is_new ? std::string("/admin/sections/new")
                           : "/admin/sections/" + std::to_string(sec.id));
    d.set("button", is_new ? "Add the section" : "Save");
    d.set("name", sec.name);
    d.set("slug", sec.slug);
    d.set("position", position_text);
    for (const auto& [name, message] : errors) {
      d.set(name + "_error", message);
    }
    if (is_new) {
      mustache::data edition_options(mustache::data::type::list);
      const auto editions = store.editions();
      for (const core::Edition& e : editions ? *editions : std::vector<core::Edition>{}) {
        mustache::data o;
        o.set("id", std::to_string(e.id));
        o.set("name", e.name.empty() ? e.code : e.name);
        o.set("selected", e.id == sec.edition_id);
        edition_options.push_back(o);
      }
      d.set("choose_edition", true);
      d.set("edition_options", edition_options);
    }
    return page(status, "section", d, &who, is_new ? "Add a section" : "Section");
  }

  http::Response section_edit(const http::Request& req, std::string_view id_text) const {
    auto checked = moderator(req);
    if (auto* refused = std::get_if<http::Response>(&checked)) {
      return std::move(*refused);
    }
    const auto& who = std::get<accounts::SignedIn>(checked);
    core::Section sec;
    if (id_text != "new") {
      auto found = newsroom.section(who.user, std::atoll(std::string(id_text).c_str()));
      if (!found) {
        return failed(&who, found.error());
      }
      sec = *found;
    }
    if (req.method != http::Method::kPost) {
      return section_form(who, sec, 200, {}, std::to_string(sec.position));
    }
    auto form = checked_form(req, &who);
    if (auto* refused = std::get_if<http::Response>(&form)) {
      return std::move(*refused);
    }
    const Fields& fields = std::get<Fields>(form);
    newsroom::SectionDraft draft;
    draft.edition_id = std::atoll(field(fields, "edition").c_str());
    draft.name = field(fields, "name");
    draft.slug = field(fields, "slug");
    draft.position = field(fields, "position");
    auto saved = newsroom.save_section(who.user, sec.id, draft);
    if (!saved && saved.error().code == core::ErrorCode::kInvalid) {
      // Every field's problem at once, beside what was typed.
      newsroom::FieldErrors errors = newsroom.check_section(sec.id, draft, sec);
      if (errors.empty()) {
        errors[saved.error().field] = saved.error().message;
      }
      return section_form(who, sec, 422, errors, draft.position);
    }
    if (!saved) {
      return failed(&who, saved.error());
    }
    return guarded(see_other("/admin/sections?done=" +
                             http::percent_encode_path("Section " + saved->name + " saved.")));
  }

  std::variant<accounts::SignedIn, http::Response> admin(const http::Request& req) const {
    return at_least(req, core::Role::kAdmin, "Only admins may see this.");
  }

  http::Response users_page(const http::Request& req) const {
    auto checked = admin(req);
    if (auto* refused = std::get_if<http::Response>(&checked)) {
      return std::move(*refused);
    }
    const auto& who = std::get<accounts::SignedIn>(checked);
    auto users = store.users();
    if (!users) {
      return problem(503, &who, "Unavailable", users.error().message);
    }
    mustache::data list(mustache::data::type::list);
    for (const core::User& u : *users) {
      mustache::data row;
      row.set("id", std::to_string(u.id));
      row.set("email", u.email);
      row.set("name", u.name);
      row.set("role", std::string(core::role_name(u.role)));
      row.set("active", u.is_active);
      row.set("is_you", u.id == who.user.id);
      row.set("csrf", who.session.csrf_token);
      mustache::data roles(mustache::data::type::list);
      for (const auto role : {core::Role::kContributor, core::Role::kAuthor, core::Role::kEditor,
                              core::Role::kAdmin}) {
        mustache::data o;
        o.set("value", std::string(core::role_name(role)));
        o.set("selected", role == u.role);
        roles.push_back(o);
      }
      row.set("roles", roles);
      list.push_back(row);
    }
    mustache::data d;
    d.set("users", list);
    const auto done = req.query_param("done");
    return page(200, "users", d, &who, "Users", done ? *done : "");
  }

  http::Response change_user(const http::Request& req, std::string_view id_text) const {
    auto checked = admin_form(req);
    if (auto* refused = std::get_if<http::Response>(&checked)) {
      return std::move(*refused);
    }
    const auto& [who, fields] = std::get<RoleForm>(checked);
    auto role = core::parse_role(field(fields, "role"));
    if (!role) {
      return problem(400, &who, "Bad request", role.error().message);
    }
    auto user = newsroom.set_access(who.user, std::atoll(std::string(id_text).c_str()), *role,
                                    field(fields, "active") == "1");
    if (!user) {
      return failed(&who, user.error());
    }
    const std::string after =
        fmt::format("{}{}", core::role_name(user->role), user->is_active ? "" : ", disabled");
    return guarded(see_other("/admin/users?done=" +
                             http::percent_encode_path(user->email + ": " + after + ".")));
  }

  http::Response audit(const http::Request& req) const {
    auto checked = admin(req);
    if (auto* refused = std::get_if<http::Response>(&checked)) {
      return std::move(*refused);
    }
    const auto* who = &std::get<accounts::SignedIn>(checked);
    auto entries = store.audit_log(200, 0);
    if (!entries) {
      return problem(503, who, "Unavailable", entries.error().message);
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
      row.set("detail",
              e.repeats > 1 ? fmt::format("{} ({} times)", e.detail, e.repeats) : e.detail);
      list.push_back(row);
    }
    mustache::data d;
    d.set("entries", list);
    d.set("count", std::to_string(entries->size()));
    return page(200, "audit", d, who, "Audit log");
  }

  // The article editor, revisions and the publishing workflow (editor.cpp).
  struct EditorState;
  http::Response new_article(const http::Request& req) const;
  http::Response edit_article(const http::Request& req, std::string_view id) const;
  http::Response save_article(const http::Request& req, std::string_view id) const;
  http::Response preview_article(const http::Request& req) const;
  http::Response delete_article(const http::Request& req, std::string_view id) const;
  http::Response article_revisions(const http::Request& req, std::string_view id) const;
  http::Response show_revision(const http::Request& req, std::string_view id) const;
  http::Response restore_revision(const http::Request& req, std::string_view id) const;
  http::Response editor_page(const accounts::SignedIn& who, const EditorState& state, int status,
                             std::string notice = {}) const;
  // The article the form describes, on top of `base`, and what the form says besides; errors
  // by field in the state.
  EditorState read_editor_form(const Fields& fields, core::Article base) const;
  std::variant<core::Article, http::Response> editable(const accounts::SignedIn& who,
                                                       std::string_view id_text) const;

  // Options of a photo select: `recent` with the `selected` one first when it is not among them.
  mustache::data media_choices(const std::vector<core::Media>& recent, core::Id selected) const;

  // Site settings, tags and authors (settings.cpp).
  // A list page of one edition for editors and admins: who, the editions, and the one shown
  // (?edition=ID, else the first); or the answer refusing it.
  struct EditionListPage {
    accounts::SignedIn who;
    std::vector<core::Edition> editions;
    std::size_t shown_index = 0;
    const core::Edition& shown() const { return editions[shown_index]; }
  };
  std::variant<EditionListPage, http::Response> edition_list_page(const http::Request& req) const;
  http::Response settings_page(const http::Request& req) const;
  http::Response settings_form(const accounts::SignedIn& who, int status,
                               const std::map<std::string, std::string>& typed,
                               const std::map<std::string, std::string>& errors,
                               std::string notice) const;
  http::Response save_settings(const http::Request& req) const;
  http::Response tags_page(const http::Request& req) const;
  http::Response tag_edit(const http::Request& req, std::string_view id) const;
  http::Response delete_tag(const http::Request& req, std::string_view id) const;
  http::Response authors_page(const http::Request& req) const;
  http::Response author_edit(const http::Request& req, std::string_view id) const;
  http::Response author_form(const accounts::SignedIn& who, const core::Author& a, int status,
                             const std::map<std::string, std::string>& errors) const;

  // The media library (library.cpp).
  http::Response media_library(const http::Request& req) const;
  http::Response upload_media(const http::Request& req) const;
  http::Response medium(const http::Request& req, std::string_view id) const;
  http::Response delete_medium(const http::Request& req, std::string_view id) const;
  http::Response library_page(const accounts::SignedIn& who, int page_number, int status,
                              const std::map<std::string, std::string>& typed,
                              const std::map<std::string, std::string>& errors,
                              std::string notice) const;
  http::Response medium_page(const accounts::SignedIn& who, const core::Media& m, int status,
                             const std::map<std::string, std::string>& errors,
                             std::string notice) const;
};

}  // namespace tapchi::admin
