// Site settings (admins), tags and authors (editors and admins). Settings override the config
// file's values and reach public pages at once through the store's change events.
#include <algorithm>

#include "admin/impl.h"
#include "comments/comments.h"

namespace tapchi::admin {

namespace {

using newsroom::kMaxNameBytes;
constexpr int kTagsPerPage = 100;

void set_errors(mustache::data& d, const std::map<std::string, std::string>& errors,
                Language lang) {
  for (const auto& [name, message] : errors) {
    d.set(name + "_error", translated(lang, message));
  }
}

}  // namespace

// --- settings -------------------------------------------------------------------------------

http::Response Admin::Impl::settings_form(const accounts::SignedIn& who, int status,
                                          const std::map<std::string, std::string>& typed,
                                          const std::map<std::string, std::string>& errors,
                                          std::string notice) const {
  auto editions = store.editions();
  if (!editions) {
    return unavailable(&who, editions.error().message);
  }
  const Language lang = language(&who);
  mustache::data d;
  d.set("site_name", typed.at("site_name"));
  d.set("time_zone", typed.at("time_zone"));
  d.set("close_after_days", typed.at("close_after_days"));
  d.set("require_email", typed.at("require_email") == "1");
  d.set("policies", choices({{"open", text(lang, "policy_open")},
                             {"moderated", text(lang, "policy_moderated")},
                             {"closed", text(lang, "policy_closed")}},
                            typed.at("policy")));
  mustache::data edition_list(mustache::data::type::list);
  for (const core::Edition& e : *editions) {
    const std::string key = "edition_" + std::to_string(e.id);
    mustache::data row;
    row.set("key", key);
    row.set("label", say(lang, "masthead_of", e.code, e.prefix));
    row.set("name", typed.contains(key) ? typed.at(key) : e.name);
    if (errors.contains(key)) {
      row.set("error", translated(lang, errors.at(key)));
    }
    edition_list.push_back(row);
  }
  d.set("editions", edition_list);
  mustache::data zones(mustache::data::type::list);
  for (const std::string& name : core::Zone::names()) {
    zones.push_back(mustache::data(name));
  }
  d.set("zones", zones);
  set_errors(d, errors, lang);
  return page(status, "settings", d, &who, std::string(text(lang, "settings")), std::move(notice));
}

http::Response Admin::Impl::settings_page(const http::Request& req) const {
  auto checked = admin(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<accounts::SignedIn>(checked);
  auto values = store.settings();
  if (!values) {
    return unavailable(&who, values.error().message);
  }
  const comments::Policy policy = comments::site_policy(*values);  // with its defaults
  const std::map<std::string, std::string> typed{
      {"site_name", site.site_name()},
      {"time_zone", site.zone().name()},
      {"policy", std::string(comments::mode_name(policy.mode))},
      {"close_after_days", std::to_string(policy.close_after_days)},
      {"require_email", policy.require_email ? "1" : "0"}};
  return settings_form(who, 200, typed, {}, notice(language(&who), req));
}

http::Response Admin::Impl::save_settings(const http::Request& req) const {
  auto checked = admin_form(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& [who, fields] = std::get<RoleForm>(checked);
  auto editions = store.editions();
  if (!editions) {
    return unavailable(&who, editions.error().message);
  }
  std::map<std::string, std::string> typed{
      {"site_name", field(fields, "site_name")},
      {"time_zone", field(fields, "time_zone")},
      {"policy", field(fields, "policy")},
      {"close_after_days", field(fields, "close_after_days")},
      {"require_email", field(fields, "require_email") == "1" ? "1" : "0"}};
  newsroom::SettingsDraft draft{typed["site_name"],
                                typed["time_zone"],
                                typed["policy"],
                                typed["close_after_days"],
                                typed["require_email"] == "1",
                                {}};
  for (const core::Edition& e : *editions) {
    const std::string key = "edition_" + std::to_string(e.id);
    typed[key] = field(fields, key);
    draft.edition_names[e.id] = typed[key];
  }
  if (const auto errors = newsroom.check_settings(draft); !errors.empty()) {
    return settings_form(who, 422, typed, errors, {});
  }
  auto changes = newsroom.save_settings(who.user, draft, {site.site_name(), site.zone().name()});
  if (!changes) {
    return failed(&who, changes.error());
  }
  return guarded(see_other(std::string("/admin/settings?done=") +
                           (changes->empty() ? "nothing_changed" : "settings_saved")));
}

// --- tags -----------------------------------------------------------------------------------

std::variant<Admin::Impl::EditionListPage, http::Response> Admin::Impl::edition_list_page(
    const http::Request& req) const {
  auto checked = moderator(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  auto& who = std::get<accounts::SignedIn>(checked);
  auto editions = store.editions();
  const core::Edition* shown = editions ? chosen_edition(*editions, req) : nullptr;
  if (shown == nullptr) {
    return unavailable(&who, "the journal's editions could not be read");
  }
  const auto index = static_cast<std::size_t>(shown - editions->data());
  return EditionListPage{std::move(who), std::move(*editions), index};
}

http::Response Admin::Impl::tags_page(const http::Request& req) const {
  auto checked = edition_list_page(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const EditionListPage& list = std::get<EditionListPage>(checked);
  const accounts::SignedIn& who = list.who;
  const core::Edition& shown = list.shown();
  auto tags = store.tags_of(shown.id);
  auto usage = store.tag_usage(shown.id);
  if (!tags || !usage) {
    return unavailable(&who, "listing tags failed");
  }
  const Language lang = language(&who);
  const std::string q = req.query_param("q").value_or("");
  const std::string folded = core::fold(q);
  // By name as readers sort it: case and diacritics set aside ("Bạch Đằng" among the b's).
  std::vector<std::pair<std::string, const core::Tag*>> sorted;
  for (const core::Tag& t : *tags) {
    sorted.emplace_back(core::fold(t.name), &t);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const core::Tag*> matching;
  for (const auto& [key, t] : sorted) {
    if (folded.empty() || key.find(folded) != std::string::npos) {
      matching.push_back(t);
    }
  }
  const int page_number =
      std::max(1, static_cast<int>(parse_id(req.query_param("page").value_or("1"))));
  const std::size_t first = static_cast<std::size_t>(page_number - 1) * kTagsPerPage;
  mustache::data rows(mustache::data::type::list);
  for (std::size_t i = first; i < matching.size() && i < first + kTagsPerPage; ++i) {
    const core::Tag& t = *matching[i];
    const auto used = usage->find(t.id);
    mustache::data row;
    row.set("id", std::to_string(t.id));
    row.set("name", t.name);
    row.set("slug", t.slug);
    row.set("href", site::tag_href(shown, t.slug));
    row.set("count", std::to_string(used == usage->end() ? 0 : used->second));
    rows.push_back(row);
  }
  mustache::data d;
  d.set("tabs", edition_tabs(list.editions, shown, "/admin/tags"));
  d.set("edition", std::to_string(shown.id));
  d.set("edition_name", edition_label(shown));
  d.set("q", q);
  d.set("tags", rows);
  d.set("has_tags", !matching.empty());
  d.set("caption", say(lang, "tags_caption", matching.size(), tags->size(), edition_label(shown)));
  d.set("no_tag", say(lang, "no_tag_matches", edition_label(shown)));
  const std::string base =
      fmt::format("/admin/tags?edition={}&q={}", shown.id, http::percent_encode_path(q));
  if (page_number > 1) {
    d.set("prev_href", base + "&page=" + std::to_string(page_number - 1));
  }
  if (first + kTagsPerPage < matching.size()) {
    d.set("next_href", base + "&page=" + std::to_string(page_number + 1));
  }
  return page(200, "tags", d, &who, std::string(text(lang, "tags")), notice(lang, req));
}

http::Response Admin::Impl::tag_edit(const http::Request& req, std::string_view id_text) const {
  auto checked = moderator(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<accounts::SignedIn>(checked);
  auto tag = newsroom.tag(who.user, parse_id(id_text));
  if (!tag) {
    return failed(&who, tag.error());
  }
  auto usage = store.tag_usage(tag->edition_id);
  const int used = usage && usage->contains(tag->id) ? usage->at(tag->id) : 0;
  const Language lang = language(&who);
  const auto form_page = [&](const core::Tag& t, int status,
                             const std::map<std::string, std::string>& errors) {
    mustache::data d;
    d.set("id", std::to_string(t.id));
    d.set("edition", std::to_string(t.edition_id));
    d.set("name", t.name);
    d.set("slug", t.slug);
    d.set("carried_by", say(lang, "carried_by", used));
    d.set("deleting_removes", say(lang, "deleting_tag_removes", used));
    const std::string heading = say(lang, "tag_heading", tag->name);
    d.set("heading", heading);
    set_errors(d, errors, lang);
    return page(status, "tag", d, &who, heading);
  };
  if (req.method != http::Method::kPost) {
    return form_page(*tag, 200, {});
  }
  auto form = checked_form(req, &who);
  if (auto* refused = std::get_if<http::Response>(&form)) {
    return std::move(*refused);
  }
  const Fields& fields = std::get<Fields>(form);
  const newsroom::TagDraft draft{field(fields, "name"), field(fields, "slug")};
  auto saved = newsroom.save_tag(who.user, tag->id, draft);
  if (!saved && saved.error().code == core::ErrorCode::kInvalid) {
    core::Tag edited = *tag;
    newsroom::FieldErrors errors = newsroom.check_tag(draft, edited);
    if (errors.empty()) {
      errors[saved.error().field] = saved.error().message;
    }
    return form_page(edited, 422, errors);
  }
  if (!saved) {
    return failed(&who, saved.error());
  }
  return guarded(
      see_other(fmt::format("/admin/tags?edition={}&done=tag_saved", saved->edition_id)));
}

http::Response Admin::Impl::delete_tag(const http::Request& req, std::string_view id_text) const {
  auto checked = moderator_form(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& [who, fields] = std::get<RoleForm>(checked);
  auto deleted = newsroom.delete_tag(who.user, parse_id(id_text));
  if (!deleted) {
    return failed(&who, deleted.error());
  }
  return guarded(see_other(fmt::format("/admin/tags?edition={}&done=tag_deleted&n={}",
                                       deleted->tag.edition_id, deleted->articles)));
}

// --- authors --------------------------------------------------------------------------------

http::Response Admin::Impl::authors_page(const http::Request& req) const {
  auto checked = edition_list_page(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const EditionListPage& list = std::get<EditionListPage>(checked);
  const accounts::SignedIn& who = list.who;
  const core::Edition& shown = list.shown();
  auto authors = store.authors_of(shown.id);
  if (!authors) {
    return unavailable(&who, authors.error().message);
  }
  const Language lang = language(&who);
  mustache::data rows(mustache::data::type::list);
  for (const core::Author& a : *authors) {
    mustache::data row;
    row.set("id", std::to_string(a.id));
    row.set("name", a.name);
    row.set("position", a.position);
    row.set("href", site::author_href(shown, a.slug));
    row.set("has_photo", a.photo_id != 0);
    rows.push_back(row);
  }
  mustache::data d;
  d.set("tabs", edition_tabs(list.editions, shown, "/admin/authors"));
  d.set("edition", std::to_string(shown.id));
  d.set("edition_name", edition_label(shown));
  d.set("authors", rows);
  d.set("has_authors", !authors->empty());
  d.set("caption", say(lang, "authors_caption", edition_label(shown)));
  d.set("no_author", say(lang, "no_author_yet", edition_label(shown)));
  d.set("add_author", say(lang, "add_author_to", edition_label(shown)));
  return page(200, "authors", d, &who, std::string(text(lang, "authors")), notice(lang, req));
}

http::Response Admin::Impl::author_form(const accounts::SignedIn& who, const core::Author& a,
                                        int status,
                                        const std::map<std::string, std::string>& errors) const {
  auto media = store.recent_media(100, 0);
  auto editions = store.editions();
  if (!media || !editions) {
    return unavailable(&who, "reading the author form's choices failed");
  }
  const bool is_new = a.id == 0;
  const Language lang = language(&who);
  const std::string heading =
      is_new ? std::string(text(lang, "add_an_author")) : say(lang, "author_heading", a.name);
  mustache::data d;
  d.set("heading", heading);
  d.set("action", is_new ? fmt::format("/admin/authors/new?edition={}", a.edition_id)
                         : fmt::format("/admin/authors/{}", a.id));
  d.set("button", std::string(text(lang, is_new ? Text("add_the_author") : Text("save"))));
  d.set("edition", std::to_string(a.edition_id));
  for (const core::Edition& e : *editions) {
    if (e.id == a.edition_id) {
      d.set("edition_name", edition_label(e));
      if (!is_new) {
        d.set("public_href", site::author_href(e, a.slug));
      }
    }
  }
  d.set("name", a.name);
  d.set("slug", a.slug);
  d.set("position", a.position);
  d.set("bio", a.bio);
  d.set("media", media_choices(*media, a.photo_id));
  if (a.photo_id != 0) {
    if (auto photo = store.media(a.photo_id)) {
      d.set("photo_src",
            "/media/" +
                (photo->variant_widths.empty()
                     ? photo->path
                     : core::variant_path(photo->path, photo->variant_widths.front(), "webp")));
      d.set("photo_alt", photo->alt);
    }
  }
  set_errors(d, errors, lang);
  return page(status, "author", d, &who, heading);
}

http::Response Admin::Impl::author_edit(const http::Request& req, std::string_view id_text) const {
  auto checked = moderator(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<accounts::SignedIn>(checked);
  core::Author author;
  if (id_text == "new") {
    auto editions = store.editions();
    const core::Edition* e = editions ? chosen_edition(*editions, req) : nullptr;
    if (e == nullptr) {
      return problem(404, &who, "no_such_edition");
    }
    author.edition_id = e->id;
  } else {
    auto found = newsroom.author(who.user, parse_id(id_text));
    if (!found) {
      return failed(&who, found.error());
    }
    author = *found;
  }
  if (req.method != http::Method::kPost) {
    return author_form(who, author, 200, {});
  }
  auto form = checked_form(req, &who);
  if (auto* refused = std::get_if<http::Response>(&form)) {
    return std::move(*refused);
  }
  const Fields& fields = std::get<Fields>(form);
  newsroom::AuthorDraft draft;
  draft.edition_id = author.edition_id;
  draft.name = field(fields, "name");
  draft.slug = field(fields, "slug");
  draft.position = field(fields, "position");
  draft.bio = field(fields, "bio");
  draft.photo_id = parse_id(field(fields, "photo"));
  auto saved = newsroom.save_author(who.user, author.id, draft);
  if (!saved && saved.error().code == core::ErrorCode::kInvalid) {
    newsroom::FieldErrors errors = newsroom.check_author(draft, author);
    if (errors.empty()) {
      errors[saved.error().field] = saved.error().message;
    }
    return author_form(who, author, 422, errors);
  }
  if (!saved) {
    return failed(&who, saved.error());
  }
  return guarded(
      see_other(fmt::format("/admin/authors?edition={}&done=author_saved", saved->edition_id)));
}

}  // namespace tapchi::admin
