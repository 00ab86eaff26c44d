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
#include "admin/labels.h"
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

// Tabs naming each edition, linking to `path`?edition=ID, the one shown marked.
inline mustache::data edition_tabs(const std::vector<core::Edition>& editions,
                                   const core::Edition& shown, std::string_view path) {
  mustache::data tabs(mustache::data::type::list);
  for (const core::Edition& e : editions) {
    mustache::data t;
    t.set("name", e.name.empty() ? e.code : e.name);
    t.set("href", fmt::format("{}?edition={}", path, e.id));
    t.set("current", e.id == shown.id);
    tabs.push_back(t);
  }
  return tabs;
}

// The lines of a comparison of two texts for the revision template ({{kind}}, {{mark}},
// {{text}}); `same` says whether nothing changed.
mustache::data diff_data(std::string_view before, std::string_view after, bool& same);

inline std::string edition_label(const core::Edition& e) {
  return e.name.empty() ? e.code : e.name;
}

// The edition a list page shows: ?edition=ID when it names one, else the first.
inline const core::Edition* chosen_edition(const std::vector<core::Edition>& editions,
                                           const http::Request& req) {
  const core::Id wanted = parse_id(req.query_param("edition").value_or(""));
  for (const core::Edition& e : editions) {
    if (e.id == wanted) {
      return &e;
    }
  }
  return editions.empty() ? nullptr : &editions.front();
}

// A label with its placeholders filled: say(language, "too_many_attempts", 30).
template <typename... Args>
std::string say(Language language, Text t, Args&&... args) {
  return fmt::format(fmt::runtime(text(language, t)), std::forward<Args>(args)...);
}

// A template with each {{t.key}} replaced by its label in `language`, escaped as mustache
// escapes: labels are constants, so each page need not carry them as data. An unknown key is
// left for mustache, which shows nothing for it.
std::string with_labels(std::string_view text, Language language);

// A message of the modules below the back office (the newsroom's checks and refusals, written
// in English for the API too) in `language`: the English text when no translation is known.
std::string translated(Language language, std::string_view english);

std::string_view status_label(Language language, core::ArticleStatus status);
std::string_view role_label(Language language, core::Role role);

struct Admin::Impl {
  AdminOptions options;
  store::Store& store;
  const core::Clock& clock;
  const site::Site& site;
  newsroom::Newsroom newsroom;
  mutable accounts::LoginThrottle throttle;
  http::Router router;
  // By name, without ".mustache", with their labels ({{t.key}}) in place, one set per language.
  std::map<std::string, std::string, std::less<>> templates_en, templates_vi;
  std::string css;
  std::string css_version;
  std::string js;
  std::string js_version;
  std::string editor_js, editor_js_gz;  // the writing view (editor/), bundled at build time
  std::string editor_version;

  Impl(AdminOptions o, store::Store& s, const core::Clock& c, const site::Site& public_site)
      : options(std::move(o)),
        store(s),
        clock(c),
        site(public_site),
        newsroom(s, c,
                 newsroom::Library{options.media_dir, options.max_upload_bytes,
                                   [&public_site] { return public_site.zone(); }}),
        throttle(store::buckets(s, "login-account", options.per_account),
                 store::buckets(s, "login-client", options.per_client)) {
    for (const EmbeddedFile& f : embedded_admin_theme()) {
      const std::string name(f.name);
      if (name == "static/admin.css") {
        css = std::string(f.content);
      } else if (name == "static/admin.js") {
        js = std::string(f.content);
      } else if (name.ends_with(".mustache")) {
        const std::string key = name.substr(0, name.size() - 9);
        templates_en[key] = with_labels(f.content, Language::kEnglish);
        templates_vi[key] = with_labels(f.content, Language::kVietnamese);
      }
    }
    for (const EmbeddedFile& f : embedded_editor()) {
      (f.name == "editor.js" ? editor_js : editor_js_gz) = std::string(f.content);
    }
    editor_version = fnv_fingerprint(editor_js);
    css_version = fnv_fingerprint(css);
    js_version = fnv_fingerprint(js);
    add_routes();
  }

  void add_routes();

  // The site's time zone as the settings make it now.
  core::Zone zone() const { return site.zone(); }

  // The language the back office speaks to `who`: their choice, else the journal's first
  // edition's (also before signing in).
  Language language(const accounts::SignedIn* who) const {
    return language_of(who != nullptr && !who->user.language.empty() ? who->user.language
                                                                     : site.language());
  }
  static core::DateStyle date_style(Language l) {
    return l == Language::kEnglish ? core::DateStyle::kEnglish : core::DateStyle::kVietnamese;
  }
  // "YYYY-MM-DDTHH:MM" of `t` in the site's zone, as a datetime-local field shows it.
  std::string local_input(core::Instant t) const {
    const auto l = zone().local(t);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", l.year, l.month, l.day, l.hour, l.minute);
  }
  // The smallest variant of a library photo (WebP), or the photo itself when it has none.
  static std::string thumb_href(const core::Media& m) {
    return "/media/" + (m.variant_widths.empty()
                            ? m.path
                            : core::variant_path(m.path, m.variant_widths.front(), "webp"));
  }

  // A time in a table, in the site's zone: "Aug 26, 2019 07:06" / "26/08/2019 07:06".
  std::string when(Language l, core::Instant t) const {
    return core::format_compact(t, zone(), date_style(l));
  }

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
  std::optional<accounts::SignedIn> signed_in(const http::Request& req) const;

  http::Response page(int status, std::string_view name, mustache::data data,
                      const accounts::SignedIn* who, std::string title,
                      std::string notice = {}) const;

  // A page saying what went wrong, headed by what the status means.
  http::Response problem(int status, const accounts::SignedIn* who, Text message) const;
  // The same with a message already in the viewer's language.
  http::Response problem_saying(int status, const accounts::SignedIn* who,
                                std::string message) const;
  // 503: the database did not answer. Its words are not shown: the server logs `detail` with
  // the request's id, which the answer carries (X-Request-Id).
  http::Response unavailable(const accounts::SignedIn* who, std::string detail) const;

  // The page for an operation's refusal or failure: the status its error code stands for.
  http::Response failed(const accounts::SignedIn* who, const core::Error& e) const;

  http::Response login_form(const http::Request& req, int status, std::string email,
                            std::string error) const;

  http::Response sign_in(const http::Request& req) const;

  // The form of a signed-in user's POST, or the answer refusing it (no session, bad CSRF
  // token, unreadable body).
  std::variant<Fields, http::Response> checked_form(const http::Request& req,
                                                    const accounts::SignedIn* who) const;

  http::Response sign_out(const http::Request& req) const;

  http::Response dashboard(const http::Request& req) const;
  http::Response change_language(const http::Request& req) const;

  http::Response password_form(const accounts::SignedIn& who, int status,
                               std::map<std::string, std::string> errors) const;

  http::Response change_password(const http::Request& req) const;

  // The signed-in user when their role is at least `role`, or the answer for anyone else:
  // sign in (GET) or 403 (POST) without a session, 403 with `why` below the role.
  std::variant<accounts::SignedIn, http::Response> at_least(const http::Request& req,
                                                            core::Role role, Text why) const;

  std::variant<accounts::SignedIn, http::Response> moderator(const http::Request& req) const {
    return at_least(req, core::Role::kEditor, "only_editors");
  }

  // A POST of a user of at least `role`: who and the form, once role, session token and body
  // have been checked; or the answer refusing it.
  struct RoleForm {
    accounts::SignedIn who;
    Fields fields;
  };
  std::variant<RoleForm, http::Response> form_at_least(const http::Request& req, core::Role role,
                                                       Text why) const;
  std::variant<RoleForm, http::Response> moderator_form(const http::Request& req) const {
    return form_at_least(req, core::Role::kEditor, "only_editors");
  }
  std::variant<RoleForm, http::Response> admin_form(const http::Request& req) const {
    return form_at_least(req, core::Role::kAdmin, "only_admins");
  }

  static std::optional<core::CommentStatus> tab_of(const http::Request& req);

  http::Response comments(const http::Request& req) const;

  http::Response moderate(const http::Request& req) const;

  // The comment to reply to, or the answer when there is none or it may not be answered.
  std::variant<core::Comment, http::Response> replied(const accounts::SignedIn& who,
                                                      std::string_view id_text) const;

  http::Response reply_page(const accounts::SignedIn& who, const core::Comment& c, int status,
                            const std::string& typed, const std::string& error) const;

  http::Response reply_form(const http::Request& req, std::string_view id) const;

  http::Response reply(const http::Request& req, std::string_view id) const;

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

  http::Response articles(const http::Request& req) const;

  // Sections are managed by editors and admins, like comments.
  http::Response sections_page(const http::Request& req) const;

  // The section form, new (id 0) or existing, with what was typed and the errors by field.
  http::Response section_form(const accounts::SignedIn& who, const core::Section& sec, int status,
                              const std::map<std::string, std::string>& errors,
                              const std::string& position_text) const;

  http::Response section_edit(const http::Request& req, std::string_view id_text) const;

  std::variant<accounts::SignedIn, http::Response> admin(const http::Request& req) const {
    return at_least(req, core::Role::kAdmin, "only_admins");
  }

  http::Response users_page(const http::Request& req) const;

  http::Response change_user(const http::Request& req, std::string_view id_text) const;

  http::Response audit(const http::Request& req) const;

  // The article editor, revisions and the publishing workflow (editor.cpp).
  // What the editor shows: the article as typed, and what the form says beyond the article.
  struct EditorState {
    newsroom::ArticleDraft draft;
    core::Article article;  // the draft on top of the article it changes
    std::string tags_text;
    std::string translation_of;
    std::string publish_at;                        // "YYYY-MM-DDTHH:MM" in the site's zone
    std::map<std::string, std::string> errors;     // in English, as the newsroom says them
    std::optional<newsroom::Stale> stale;          // why a save was refused as stale
    std::optional<core::Revision> autosave_offer;  // the writer's automatic save with newer text
  };
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

  // The writing view's requests (writing.cpp), answered in JSON.
  // The signed-in caller, with `form`'s token checked when given; else a JSON 403.
  std::variant<accounts::SignedIn, http::Response> json_caller(const http::Request& req,
                                                               const Fields* form) const;
  // A form POST of the writing view: who and the form, once session and token are checked.
  struct JsonForm {
    accounts::SignedIn who;
    Fields fields;
  };
  std::variant<JsonForm, http::Response> json_form(const http::Request& req) const;
  http::Response editor_script(const http::Request& req) const;
  http::Response editor_photos(const http::Request& req) const;
  http::Response editor_photo(const http::Request& req) const;
  http::Response editor_author(const http::Request& req) const;
  http::Response autosave_article(const http::Request& req, std::string_view id) const;
  // The article the form describes, on top of `base`, and what the form says besides; errors
  // by field in the state.
  EditorState read_editor_form(const Fields& fields, core::Article base) const;
  std::variant<core::Article, http::Response> editable(const accounts::SignedIn& who,
                                                       std::string_view id_text) const;
  // The notice a page shows after an action: the label "done_<key>" of ?done=<key>, its
  // placeholder filled with ?n=; empty for anything else.
  std::string notice(Language lang, const http::Request& req) const;
  // The notice of ?done= after an action on article `a` ("saved", "scheduled", …).
  std::string done_notice(Language lang, const http::Request& req, const core::Article& a) const;

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

  // Static pages (pages.cpp, editors and admins): the list per edition, the form, revisions.
  http::Response static_pages_page(const http::Request& req) const;
  http::Response static_page_edit(const http::Request& req, std::string_view id_text) const;
  struct PageForm {
    core::StaticPage page;  // as typed, on top of the page it changes
    std::string footer_text;
    std::map<std::string, std::string> errors;  // in English, as the newsroom says them
    std::string stale;                          // why a save was refused as stale
  };
  http::Response static_page_form(const accounts::SignedIn& who, const PageForm& form, int status,
                                  std::string notice) const;
  http::Response delete_static_page(const http::Request& req, std::string_view id_text) const;
  http::Response page_revisions(const http::Request& req, std::string_view id_text) const;
  http::Response show_page_revision(const http::Request& req, std::string_view id_text) const;
  http::Response restore_page_revision(const http::Request& req, std::string_view id_text) const;

  // Redirects (redirects.cpp, editors and admins): the list with its search, the form to add
  // one (with what was typed and the errors by field), deletion.
  http::Response redirects_page(const accounts::SignedIn& who, const http::Request& req, int status,
                                const std::map<std::string, std::string>& typed,
                                const std::map<std::string, std::string>& errors) const;
  http::Response redirects(const http::Request& req) const;
  http::Response add_redirect(const http::Request& req) const;
  http::Response delete_redirect(const http::Request& req) const;

  // Front pages: the editors' choice of lead and top stories (front.cpp, editors and admins).
  http::Response front_page(const http::Request& req) const;

  // Integrations: API keys and webhooks (integrations.cpp, admins).
  http::Response integrations_page(const accounts::SignedIn& who, int status, mustache::data shown,
                                   std::string notice) const;
  http::Response integrations(const http::Request& req) const;
  http::Response add_key(const http::Request& req) const;
  http::Response revoke_key(const http::Request& req, std::string_view id) const;
  http::Response add_webhook(const http::Request& req) const;
  http::Response delete_webhook(const http::Request& req, std::string_view id) const;

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
