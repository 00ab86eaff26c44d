// The article editor: writing, the publishing workflow with each role's rights, stale-save
// protection, revisions with their diff and restore, preview by the public page's code.
#include <algorithm>
#include <cstdio>
#include <set>

#include "admin/impl.h"

namespace tapchi::admin {

namespace {

constexpr std::size_t kMaxTitleBytes = 300;
constexpr std::size_t kMaxLeadBytes = 2000;
constexpr std::size_t kMaxBodyBytes = 512 * 1024;
constexpr std::size_t kMaxTags = 30;

using core::ArticleStatus;
using core::Role;

using newsroom::may_edit;
using newsroom::may_publish;

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// Tag names typed as "a, b, c": trimmed, without empty or repeated ones.
std::vector<std::string> tag_names(std::string_view text) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string name = trimmed(text.substr(0, comma));
    if (!name.empty() && seen.insert(core::slugify(name)).second) {
      names.push_back(std::move(name));
    }
    text.remove_prefix(comma == std::string_view::npos ? text.size() : comma + 1);
  }
  return names;
}

std::string utc(core::Instant t) {
  return fmt::format("{:%Y-%m-%d %H:%M}", std::chrono::floor<std::chrono::seconds>(t));
}

}  // namespace

// What the editor shows: the article as typed, and what the form says beyond the article.
struct Admin::Impl::EditorState {
  core::Article article;
  std::string tags_text;
  std::string translation_of;
  std::string publish_at;  // "YYYY-MM-DDTHH:MM" in the site's zone
  std::map<std::string, std::string> errors;
  std::string stale;  // why a save was refused as stale
  core::Id kept_revision = 0;
};

std::variant<core::Article, http::Response> Admin::Impl::editable(const accounts::SignedIn& who,
                                                                  std::string_view id_text) const {
  auto a = newsroom.editable_article(who.user, parse_id(id_text));
  if (!a) {
    return failed(&who, a.error());
  }
  return std::move(*a);
}

http::Response Admin::Impl::editor_page(const accounts::SignedIn& who, const EditorState& state,
                                        int status, std::string notice) const {
  const core::Article& a = state.article;
  mustache::data d;
  d.set("heading", a.id == 0 ? std::string("New article") : "Edit: " + a.title);
  d.set("action",
        a.id == 0 ? std::string("/admin/articles/new") : "/admin/articles/" + std::to_string(a.id));
  d.set("id", std::to_string(a.id));
  d.set("version", std::to_string(a.version));
  if (a.id != 0) {
    d.set("version_label", std::to_string(a.version));
    d.set("revisions_href", "/admin/articles/" + std::to_string(a.id) + "/revisions");
  }
  d.set("edition_id", std::to_string(a.edition_id));
  d.set("title", a.title);
  d.set("lead", a.lead);
  d.set("body", a.body);
  d.set("slug", a.slug);
  d.set("tags", state.tags_text);
  d.set("translation_of", state.translation_of);
  d.set("publish_at", state.publish_at);
  d.set("zone", zone().name());
  d.set("comments_open", a.comments_open);
  d.set("comment_modes", choices({{"", "As the site's policy (Settings)"},
                                  {"open", "Shown at once"},
                                  {"moderated", "Held until an editor approves"}},
                                 a.comment_mode));
  const bool scheduled =
      a.status == ArticleStatus::kPublished && a.published_at && *a.published_at > clock.now();
  d.set("status", scheduled ? std::string("scheduled") : std::string(core::status_name(a.status)));
  for (const auto& [name, message] : state.errors) {
    d.set(name + "_error", message);
  }
  if (!state.stale.empty()) {
    d.set("stale", state.stale);
    d.set("kept_revision", std::to_string(state.kept_revision));
  }
  d.set("may_submit", a.status == ArticleStatus::kDraft || a.status == ArticleStatus::kUnpublished);
  d.set("may_publish", may_publish(who.user, a));
  d.set("may_unpublish", may_publish(who.user, a) && a.status == ArticleStatus::kPublished);
  d.set("may_delete", a.id != 0 && may_publish(who.user, a));

  const auto editions = store.editions();
  const auto sections = store.sections(a.edition_id);
  const auto authors = store.authors_of(a.edition_id);
  const auto tags = store.tags_of(a.edition_id);
  const auto media = store.recent_media(100, 0);
  if (!editions || !sections || !authors || !tags || !media) {
    return problem(503, &who, "Unavailable", "The database did not answer.");
  }
  for (const core::Edition& e : *editions) {
    if (e.id == a.edition_id) {
      d.set("edition_name", e.name.empty() ? e.code : e.name);
      if (a.id != 0 && a.is_visible_at(clock.now())) {
        d.set("public_href", site::article_href(e, a));
      }
    }
  }
  const auto option = [](core::Id id, std::string name, bool selected) {
    mustache::data o;
    o.set("id", std::to_string(id));
    o.set("name", std::move(name));
    o.set("selected", selected);
    return o;
  };
  mustache::data section_list(mustache::data::type::list);
  for (const core::Section& s : *sections) {
    section_list.push_back(option(s.id, s.name, s.id == a.section_id));
  }
  d.set("sections", section_list);
  // The byline's authors first, in its order, then the others by name.
  mustache::data author_list(mustache::data::type::list);
  for (const core::Id id : a.author_ids) {
    for (const core::Author& au : *authors) {
      if (au.id == id) {
        author_list.push_back(option(au.id, au.name, true));
      }
    }
  }
  for (const core::Author& au : *authors) {
    if (std::find(a.author_ids.begin(), a.author_ids.end(), au.id) == a.author_ids.end()) {
      author_list.push_back(option(au.id, au.name, false));
    }
  }
  d.set("authors", author_list);
  mustache::data tag_list(mustache::data::type::list);
  for (const core::Tag& t : *tags) {
    tag_list.push_back(mustache::data(t.name));
  }
  d.set("known_tags", tag_list);
  d.set("media", media_choices(*media, a.featured_media_id));
  if (auto linked = store.translations(a.translation_key); linked) {
    mustache::data list(mustache::data::type::list);
    for (const core::Article& other : *linked) {
      if (other.id == a.id) {
        continue;
      }
      mustache::data t;
      t.set("id", std::to_string(other.id));
      t.set("title", other.title);
      for (const core::Edition& e : *editions) {
        if (e.id == other.edition_id) {
          t.set("edition", e.code);
        }
      }
      list.push_back(t);
    }
    d.set("translations", list);
  }
  return page(status, "editor", d, &who, a.id == 0 ? "New article" : "Edit article",
              std::move(notice));
}

http::Response Admin::Impl::new_article(const http::Request& req) const {
  const auto who = signed_in(req);
  if (!who) {
    return guarded(see_other("/admin/login"));
  }
  const auto editions = store.editions();
  if (!editions || editions->empty()) {
    return problem(503, &*who, "Unavailable", "The journal has no edition.");
  }
  EditorState state;
  state.article.edition_id = editions->front().id;
  if (const core::Id asked = query_id(req, "edition"); asked != 0) {
    const bool known = std::any_of(editions->begin(), editions->end(),
                                   [&](const core::Edition& e) { return e.id == asked; });
    if (!known) {
      return problem(404, &*who, "Not found", "There is no such edition.");
    }
    state.article.edition_id = asked;
  }
  return editor_page(*who, state, 200);
}

http::Response Admin::Impl::edit_article(const http::Request& req, std::string_view id) const {
  const auto who = signed_in(req);
  if (!who) {
    return guarded(see_other("/admin/login"));
  }
  auto found = editable(*who, id);
  if (auto* refused = std::get_if<http::Response>(&found)) {
    return std::move(*refused);
  }
  EditorState state;
  state.article = std::move(std::get<core::Article>(found));
  const core::Article& a = state.article;
  if (auto tags = store.tags(a.tag_ids)) {
    for (const core::Tag& t : *tags) {
      state.tags_text += (state.tags_text.empty() ? "" : ", ") + t.name;
    }
  }
  if (a.published_at) {
    const auto local = zone().local(*a.published_at);
    state.publish_at = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", local.year, local.month,
                                   local.day, local.hour, local.minute);
  }
  return editor_page(*who, state, 200, req.query_param("done").value_or(""));
}

Admin::Impl::EditorState Admin::Impl::read_editor_form(const Fields& fields,
                                                       core::Article base) const {
  EditorState st;
  core::Article& a = st.article;
  a = std::move(base);
  a.title = field(fields, "title");
  a.lead = field(fields, "lead");
  a.body = field(fields, "body");
  const std::string title = trimmed(a.title);
  if (title.empty()) {
    st.errors["title"] = "An article needs a title.";
  } else if (a.title.size() > kMaxTitleBytes) {
    st.errors["title"] =
        fmt::format("At most {} bytes; this one has {}.", kMaxTitleBytes, a.title.size());
  }
  if (a.lead.size() > kMaxLeadBytes) {
    st.errors["lead"] =
        fmt::format("At most {} bytes; this one has {}.", kMaxLeadBytes, a.lead.size());
  }
  if (a.body.size() > kMaxBodyBytes) {
    st.errors["body"] = fmt::format("At most {} KiB; this text has {} KiB.", kMaxBodyBytes / 1024,
                                    a.body.size() / 1024);
  }
  const std::string slug_text = field(fields, "slug");
  a.slug = core::slugify(slug_text.empty() ? title : slug_text);
  if (a.slug.size() > 200) {
    a.slug.resize(200);
  }
  if (a.slug.empty() && !title.empty()) {
    st.errors["slug"] = "The address needs letters or digits.";
  }
  if (a.slug.empty()) {
    a.slug = slug_text;  // shown again as typed
  }
  a.section_id = parse_id(field(fields, "section"));
  if (a.section_id != 0) {
    auto sec = store.section(a.section_id);
    if (!sec || sec->edition_id != a.edition_id) {
      a.section_id = 0;
    }
  }
  st.tags_text = field(fields, "tags");
  const auto names = tag_names(st.tags_text);
  if (names.size() > kMaxTags) {
    st.errors["tags"] = fmt::format("At most {} tags.", kMaxTags);
  }
  for (const std::string& name : names) {
    if (name.size() > 100 || core::slugify(name).empty()) {
      st.errors["tags"] = "“" + name + "” is not a tag: at most 100 bytes, with letters or digits.";
    }
  }
  a.author_ids.clear();
  const auto authors = store.authors_of(a.edition_id);
  for (const auto& [name, value] : fields) {
    const core::Id id = name == "author" ? parse_id(value) : 0;
    if (id != 0 && authors &&
        std::any_of(authors->begin(), authors->end(),
                    [&](const core::Author& au) { return au.id == id; }) &&
        std::find(a.author_ids.begin(), a.author_ids.end(), id) == a.author_ids.end()) {
      a.author_ids.push_back(id);
    }
  }
  a.featured_media_id = parse_id(field(fields, "featured"));
  if (a.featured_media_id != 0 && !store.media(a.featured_media_id)) {
    a.featured_media_id = 0;
  }
  st.translation_of = trimmed(field(fields, "translation_of"));
  if (!st.translation_of.empty()) {
    const core::Id other_id = parse_id(st.translation_of);
    auto other =
        other_id > 0 ? store.article(other_id) : core::fail(core::not_found("no such article"));
    if (!other) {
      st.errors["translation_of"] = "There is no article with this number.";
    } else if (other->edition_id == a.edition_id) {
      st.errors["translation_of"] = "A translation comes from another edition.";
    }
  }
  a.comments_open = field(fields, "comments_open") == "1";
  const std::string mode = field(fields, "comment_mode");
  a.comment_mode = mode == "open" || mode == "moderated" ? mode : "";
  st.publish_at = trimmed(field(fields, "publish_at"));
  if (!st.publish_at.empty()) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    char tail = 0;
    const int n = std::sscanf(st.publish_at.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h,
                              &mi, &sec, &tail);
    const std::size_t length = n == 5 ? 16 : 19;
    if ((n != 5 && n != 6) || st.publish_at.size() != length || y < 1900 || y > 2999 || mo < 1 ||
        mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) {
      st.errors["publish_at"] = "A date and time like 2026-12-01T07:30.";
    }
  }
  return st;
}

namespace {

// The instant of "YYYY-MM-DDTHH:MM[:SS]" in `zone` (the form has checked it).
core::Instant local_instant(const core::Zone& zone, const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec);
  return zone.from_local(y, mo, d, h, mi) + std::chrono::seconds{sec};
}

// The tags named in `names`, created in edition `edition_id` when new.
core::Result<std::vector<core::Id>> tag_ids_for(store::Store& s, core::Id edition_id,
                                                const std::vector<std::string>& names) {
  std::vector<core::Id> ids;
  for (const std::string& name : names) {
    const std::string slug = core::slugify(name);
    auto tag = s.tag_by_slug(edition_id, slug);
    if (!tag && tag.error().code == core::ErrorCode::kNotFound) {
      tag = s.save_tag({0, edition_id, slug, name});
    }
    if (!tag) {
      return core::fail(tag.error());
    }
    ids.push_back(tag->id);
  }
  return ids;
}

}  // namespace

http::Response Admin::Impl::save_article(const http::Request& req, std::string_view id) const {
  const auto who = signed_in(req);
  auto form = checked_form(req, who ? &*who : nullptr);
  if (auto* refused = std::get_if<http::Response>(&form)) {
    return std::move(*refused);
  }
  const Fields& fields = std::get<Fields>(form);
  const core::Instant now = clock.now();
  core::Article base;
  if (id == "new") {
    base.edition_id = parse_id(field(fields, "edition"));
    const auto editions = store.editions();
    if (!editions || std::none_of(editions->begin(), editions->end(), [&](const core::Edition& e) {
          return e.id == base.edition_id;
        })) {
      return problem(400, &*who, "Bad request", "Choose an edition for the article.");
    }
    base.created_by = who->user.id;
  } else {
    auto found = editable(*who, id);
    if (auto* refused = std::get_if<http::Response>(&found)) {
      return std::move(*refused);
    }
    base = std::move(std::get<core::Article>(found));
  }
  const std::string action = field(fields, "action");
  const bool publishes = action == "publish" || action == "unpublish";
  if (publishes && !may_publish(who->user, base)) {
    return problem(403, &*who, "Not allowed",
                   "Only editors and admins, and authors for their own articles, may publish or "
                   "unpublish. Submit the article for review instead.");
  }
  if (action != "save" && action != "submit" && !publishes) {
    return problem(400, &*who, "Bad request", "Choose Save, Submit, Publish or Unpublish.");
  }
  const core::Article before = base;
  EditorState st = read_editor_form(fields, std::move(base));
  core::Article& a = st.article;
  a.version = id == "new" ? 0 : static_cast<int>(parse_id(field(fields, "version")));
  if (id != "new" && a.version == 0) {
    return problem(400, &*who, "Bad request", "The form does not say which version it edits.");
  }
  const std::optional<core::Instant> typed_time =
      st.publish_at.empty() || st.errors.contains("publish_at")
          ? std::nullopt
          : std::optional(local_instant(zone(), st.publish_at));
  std::string done = "Saved.";
  std::string audit_action;
  if (action == "submit") {
    a.status = ArticleStatus::kReview;
    done = "Submitted for review.";
  } else if (action == "unpublish") {
    a.status = ArticleStatus::kUnpublished;
    done = "Unpublished: readers no longer see it.";
    audit_action = "unpublish";
  } else if (action == "publish") {
    a.status = ArticleStatus::kPublished;
    a.published_at = typed_time ? *typed_time
                     : before.status == ArticleStatus::kPublished && before.published_at
                         ? *before.published_at
                         : now;
    const bool scheduled = *a.published_at > now;
    audit_action = scheduled ? "schedule" : "publish";
    done = scheduled
               ? "Scheduled: readers see it from " + st.publish_at + " (" + zone().name() + ")."
               : "Published.";
  } else if (typed_time && may_publish(who->user, before)) {
    a.published_at = *typed_time;  // a published article's time moves with a plain save too
  }
  // A change to what readers already see is dated.
  if (before.is_visible_at(now) && a.status == ArticleStatus::kPublished && a.published_at <= now) {
    a.updated_at = now;
  }
  if (!st.errors.empty()) {
    return editor_page(*who, st, 422);
  }
  const auto names = tag_names(st.tags_text);
  const core::Id translation_of = parse_id(st.translation_of);
  core::Article saved;
  auto written = store.in_transaction([&](store::Store& s) -> core::Result<void> {
    auto tags = tag_ids_for(s, a.edition_id, names);
    if (!tags) {
      return core::fail(tags.error());
    }
    a.tag_ids = *tags;
    // Linking a translation changes the other article too: it needs the right to edit it, its
    // save goes through its own version check, and it keeps a revision and an audit line.
    std::optional<core::Article> other;
    if (translation_of != 0) {
      auto found = s.article(translation_of);
      if (!found) {
        return core::fail(found.error());
      }
      other = std::move(*found);
      if (!may_edit(who->user, *other)) {
        return core::fail(core::forbidden(
            "You may not change article " + std::to_string(other->id) + ", so you cannot link it.",
            "translation_of"));
      }
      a.translation_key =
          other->translation_key.empty() ? "t" + std::to_string(other->id) : other->translation_key;
    }
    auto result = s.save_article(a);
    if (!result) {
      return core::fail(result.error());
    }
    saved = *result;
    if (other && (other->translation_key != saved.translation_key ||
                  before.translation_key != saved.translation_key)) {
      const std::string note = "linked as the translation of article " + std::to_string(saved.id);
      if (other->translation_key.empty()) {
        other->translation_key = saved.translation_key;
        auto linked = s.save_article(*other);  // at the version just read: a stale save fails
        if (!linked) {
          return core::fail(linked.error().field == "version"
                                ? core::conflict("Article " + std::to_string(other->id) +
                                                     " was saved meanwhile; try again.",
                                                 "translation_of")
                                : linked.error());
        }
        auto kept = s.add_revision({0, linked->id, linked->version, who->user.id, now, note,
                                    linked->title, linked->lead, linked->body});
        if (!kept) {
          return core::fail(kept.error());
        }
      }
      auto logged =
          s.record({0, now, who->user.id, "translation", "article " + std::to_string(saved.id),
                    "translation of article " + std::to_string(other->id)});
      if (!logged) {
        return core::fail(logged.error());
      }
    }
    auto kept =
        s.add_revision({0, saved.id, saved.version, who->user.id, now,
                        action == "save" ? "saved" : done, saved.title, saved.lead, saved.body});
    if (!kept) {
      return core::fail(kept.error());
    }
    if (!audit_action.empty()) {
      auto logged = s.record(
          {0, now, who->user.id, audit_action, "article " + std::to_string(saved.id), saved.title});
      if (!logged) {
        return core::fail(logged.error());
      }
    }
    return {};
  });
  if (!written) {
    const core::Error& e = written.error();
    if (e.code == core::ErrorCode::kConflict && e.field == "version") {
      // Someone saved in between: nothing is overwritten, and this text is kept as a revision.
      auto current = store.article(a.id);
      auto kept = store.add_revision({0, a.id, 0, who->user.id, now,
                                      fmt::format("not saved: based on version {}", a.version),
                                      a.title, a.lead, a.body});
      if (!current || !kept) {
        return problem(503, &*who, "Unavailable", "The database did not answer.");
      }
      std::string by = "someone";
      std::string when;
      if (auto list = store.revisions(a.id); list) {
        for (const core::Revision& r : *list) {
          if (r.version == current->version) {
            auto u = store.user(r.user_id);
            by = u ? (u->name.empty() ? u->email : u->name) : by;
            when = " at " + utc(r.saved_at) + " UTC";
            break;
          }
        }
      }
      st.stale = fmt::format("It is now at version {}, saved by {}{}.", current->version, by, when);
      st.kept_revision = kept->id;
      st.article.version = current->version;
      st.article.status = before.status;
      return editor_page(*who, st, 409);
    }
    if (e.field == "translation_of" &&
        (e.code == core::ErrorCode::kForbidden || e.code == core::ErrorCode::kConflict)) {
      st.errors["translation_of"] = e.message;
      st.article.status = before.status;
      return editor_page(*who, st, e.code == core::ErrorCode::kForbidden ? 403 : 409);
    }
    if (e.code == core::ErrorCode::kConflict) {
      st.errors["slug"] = "Another article of this edition has this address.";
      st.article.status = before.status;
      return editor_page(*who, st, 422);
    }
    return problem(503, &*who, "Unavailable", e.message);
  }
  return guarded(see_other("/admin/articles/" + std::to_string(saved.id) +
                           "?done=" + http::percent_encode_path(done)));
}

http::Response Admin::Impl::preview_article(const http::Request& req) const {
  const auto who = signed_in(req);
  auto form = checked_form(req, who ? &*who : nullptr);
  if (auto* refused = std::get_if<http::Response>(&form)) {
    return std::move(*refused);
  }
  const Fields& fields = std::get<Fields>(form);
  core::Article base;
  base.edition_id = parse_id(field(fields, "edition"));
  if (const std::string id = field(fields, "id"); !id.empty() && id != "0") {
    auto found = editable(*who, id);
    if (auto* refused = std::get_if<http::Response>(&found)) {
      return std::move(*refused);
    }
    base = std::move(std::get<core::Article>(found));
  }
  EditorState st = read_editor_form(fields, std::move(base));
  core::Article& a = st.article;
  a.published_at = st.publish_at.empty() || st.errors.contains("publish_at")
                       ? clock.now()
                       : local_instant(zone(), st.publish_at);
  a.tag_ids.clear();
  for (const std::string& name : tag_names(st.tags_text)) {
    if (auto tag = store.tag_by_slug(a.edition_id, core::slugify(name))) {
      a.tag_ids.push_back(tag->id);
    }
  }
  auto html = site.preview(a);
  if (!html) {
    return problem(html.error().code == core::ErrorCode::kInvalid ? 400 : 503, &*who,
                   "Cannot preview", html.error().message);
  }
  return guarded(http::Response::html(200, std::move(*html)));
}

http::Response Admin::Impl::delete_article(const http::Request& req, std::string_view id) const {
  const auto who = signed_in(req);
  auto form = checked_form(req, who ? &*who : nullptr);
  if (auto* refused = std::get_if<http::Response>(&form)) {
    return std::move(*refused);
  }
  auto deleted = newsroom.delete_article(who->user, parse_id(id));
  if (!deleted) {
    return failed(&*who, deleted.error());
  }
  return guarded(see_other("/admin/articles?done=" +
                           http::percent_encode_path("Deleted “" + deleted->title + "”.")));
}

http::Response Admin::Impl::article_revisions(const http::Request& req, std::string_view id) const {
  const auto who = signed_in(req);
  if (!who) {
    return guarded(see_other("/admin/login"));
  }
  auto found = editable(*who, id);
  if (auto* refused = std::get_if<http::Response>(&found)) {
    return std::move(*refused);
  }
  const core::Article& a = std::get<core::Article>(found);
  auto list = store.revisions(a.id);
  if (!list) {
    return problem(503, &*who, "Unavailable", list.error().message);
  }
  std::map<core::Id, std::string> names;
  mustache::data items(mustache::data::type::list);
  for (const core::Revision& r : *list) {
    if (!names.contains(r.user_id)) {
      auto u = store.user(r.user_id);
      names[r.user_id] = u ? (u->name.empty() ? u->email : u->name) : "—";
    }
    mustache::data item;
    item.set("id", std::to_string(r.id));
    item.set("iso", core::format_iso8601(r.saved_at));
    item.set("when", utc(r.saved_at));
    item.set("who", names[r.user_id]);
    item.set("version", r.version == 0 ? std::string("—") : std::to_string(r.version));
    item.set("note", r.note);
    items.push_back(item);
  }
  mustache::data d;
  d.set("id", std::to_string(a.id));
  d.set("title", a.title);
  d.set("version", std::to_string(a.version));
  d.set("count", std::to_string(list->size()));
  d.set("items", items);
  return page(200, "revisions", d, &*who, "Revisions");
}

namespace {

// An article's text as one document, for comparisons.
std::string document(std::string_view title, std::string_view lead, std::string_view body) {
  return "# " + std::string(title) + "\n\n" + std::string(lead) + "\n\n" + std::string(body);
}

}  // namespace

http::Response Admin::Impl::show_revision(const http::Request& req, std::string_view id) const {
  const auto who = signed_in(req);
  if (!who) {
    return guarded(see_other("/admin/login"));
  }
  const core::Id rev_id = parse_id(id);
  auto rev = rev_id > 0 ? store.revision(rev_id) : core::fail(core::not_found("no revision"));
  if (!rev) {
    return problem(404, &*who, "Not found", "There is no such revision.");
  }
  auto found = editable(*who, std::to_string(rev->article_id));
  if (auto* refused = std::get_if<http::Response>(&found)) {
    return std::move(*refused);
  }
  const core::Article& a = std::get<core::Article>(found);
  mustache::data d;
  d.set("id", std::to_string(rev->id));
  d.set("article_id", std::to_string(a.id));
  d.set("article_title", a.title);
  d.set("iso", core::format_iso8601(rev->saved_at));
  d.set("when", utc(rev->saved_at) + " UTC");
  auto u = store.user(rev->user_id);
  d.set("who", u ? (u->name.empty() ? u->email : u->name) : std::string("—"));
  d.set("note", rev->note);
  if (rev->version != 0) {
    d.set("version", std::to_string(rev->version));
  }
  d.set("title", rev->title);
  d.set("lead", rev->lead);
  d.set("body", rev->body);
  d.set("may_restore", true);
  const auto diff = core::diff_lines(document(rev->title, rev->lead, rev->body),
                                     document(a.title, a.lead, a.body));
  mustache::data lines(mustache::data::type::list);
  bool same = true;
  for (const core::DiffLine& l : diff) {
    mustache::data line;
    const bool kept = l.kind == core::DiffLine::Kind::kSame;
    same = same && kept;
    line.set("kind", kept                                       ? "same"
                     : l.kind == core::DiffLine::Kind::kRemoved ? "removed"
                                                                : "added");
    line.set("mark", kept ? " " : l.kind == core::DiffLine::Kind::kRemoved ? "−" : "+");
    line.set("text", l.text);
    lines.push_back(line);
  }
  d.set("same", same);
  d.set("diff", lines);
  return page(200, "revision", d, &*who, "Revision " + std::to_string(rev->id));
}

http::Response Admin::Impl::restore_revision(const http::Request& req, std::string_view id) const {
  const auto who = signed_in(req);
  auto form = checked_form(req, who ? &*who : nullptr);
  if (auto* refused = std::get_if<http::Response>(&form)) {
    return std::move(*refused);
  }
  const core::Id rev_id = parse_id(id);
  auto restored = newsroom.restore_revision(who->user, rev_id);
  if (!restored) {
    return failed(&*who, restored.error());
  }
  return guarded(see_other(
      "/admin/articles/" + std::to_string(restored->id) +
      "?done=" + http::percent_encode_path("Revision " + std::to_string(rev_id) + " restored.")));
}

}  // namespace tapchi::admin
