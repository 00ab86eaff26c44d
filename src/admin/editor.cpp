// The article editor: writing, the publishing workflow with each role's rights, stale-save
// protection, revisions with their diff and restore, preview by the public page's code.
#include <algorithm>
#include <set>

#include "admin/impl.h"
#include "render/render.h"

namespace tapchi::admin {

namespace {

using core::ArticleStatus;
using core::trimmed;

using newsroom::may_edit;
using newsroom::may_publish;

constexpr std::size_t kWordsPerMinute = 220;          // a reader's pace, for the reading time
constexpr std::size_t kSearchTitleChars = 60;         // what a search result shows of a title
constexpr std::size_t kSearchDescriptionChars = 160;  // and of a description

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

}  // namespace

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
  const Language lang = language(&who);
  mustache::data d;
  d.set("heading",
        a.id == 0 ? std::string(text(lang, "new_article")) : say(lang, "edit_heading", a.title));
  d.set("action",
        a.id == 0 ? std::string("/admin/articles/new") : "/admin/articles/" + std::to_string(a.id));
  d.set("id", std::to_string(a.id));
  d.set("version", std::to_string(a.version));
  // The browser keeps unsent text under the article's number, or the edition's for a new one;
  // a new article's copy is dropped once its first save shows the same text.
  const std::string new_key = "new-" + std::to_string(a.edition_id);
  d.set("keep_key", a.id == 0 ? new_key : std::to_string(a.id));
  if (a.id != 0) {
    d.set("fresh_key", new_key);
  }
  if (a.id != 0) {
    d.set("version_label", say(lang, "version_n", a.version));
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
  d.set("publication_time", say(lang, "publication_time", zone().name()));
  d.set("comments_open", a.comments_open);
  d.set("comment_modes", choices({{"", text(lang, "comment_mode_site")},
                                  {"open", text(lang, "comment_mode_open")},
                                  {"moderated", text(lang, "comment_mode_moderated")}},
                                 a.comment_mode));
  const bool scheduled =
      a.status == ArticleStatus::kPublished && a.published_at && *a.published_at > clock.now();
  const ArticleStatus shown = scheduled ? ArticleStatus::kScheduled : a.status;
  d.set("status", std::string(core::status_name(shown)));
  d.set("status_label", std::string(status_label(lang, shown)));
  if (scheduled) {
    d.set("schedule", say(lang, "publishes_at",
                          core::format_datetime(*a.published_at, zone(), date_style(lang)),
                          core::format_relative(*a.published_at, clock.now(), date_style(lang))));
  }
  for (const auto& [name, message] : state.errors) {
    const std::string said = translated(lang, message);
    d.set(name + "_error", said);
    if (name == "section" || name == "authors" || name == "featured" || name == "comment_mode") {
      d.set("form_error", said);  // chosen from lists: said above the form
    }
  }
  if (state.stale) {
    const newsroom::Stale& s = *state.stale;
    d.set("stale", s.saved_at ? say(lang, "stale_at", s.version, s.by, when(lang, *s.saved_at))
                              : say(lang, "stale", s.version, s.by));
    d.set("kept_revision", std::to_string(s.kept_revision));
    d.set("kept_link", say(lang, "kept_as_revision", s.kept_revision));
  }
  // What readers, search engines and social sites will see, by the public page's own code.
  const site::Site::Card card = site.card(a);
  d.set("words",
        say(lang, "words_reading", render::grouped_number(static_cast<std::int64_t>(card.words)),
            std::max<std::size_t>(1, (card.words + kWordsPerMinute / 2) / kWordsPerMinute)));
  if (!card.url.empty()) {  // an empty text is no "false" to mustache
    d.set("card_url", card.url);
  }
  d.set("card_title", core::excerpt(card.title, kSearchTitleChars));
  d.set("card_description", core::excerpt(card.description, kSearchDescriptionChars));
  if (!card.image_path.empty()) {
    d.set("card_image", card.image_path);
  }
  d.set("title_length", say(lang, "title_length", core::char_count(card.title), kSearchTitleChars));
  d.set("title_too_long", core::char_count(card.title) > kSearchTitleChars);
  d.set("description_length", say(lang, "description_length", core::char_count(card.description),
                                  kSearchDescriptionChars));
  d.set("may_submit", a.status == ArticleStatus::kDraft || a.status == ArticleStatus::kUnpublished);
  d.set("may_publish", may_publish(who.user, a));
  d.set("may_unpublish", may_publish(who.user, a) && a.status == ArticleStatus::kPublished);
  d.set("may_delete", a.id != 0 && may_publish(who.user, a));
  d.set("may_create_author", who.user.role >= core::Role::kEditor ? "true" : "false");
  d.set("editor_version", editor_version);
  if (state.autosave_offer) {
    const core::Revision& r = *state.autosave_offer;
    d.set("autosave_offer", say(lang, "autosave_offer", when(lang, r.saved_at)));
    d.set("autosave_href", fmt::format("/admin/articles/{}?autosave={}", a.id, r.id));
  }

  const auto editions = store.editions();
  const auto sections = store.sections(a.edition_id);
  const auto authors = store.authors_of(a.edition_id);
  const auto tags = store.tags_of(a.edition_id);
  const auto media = store.recent_media(100, 0);
  if (!editions || !sections || !authors || !tags || !media) {
    return unavailable(&who, "reading the editor's choices failed");
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
  // The writing view's editor styles itself with <style> elements: allowed with this page's
  // nonce, and no other inline style is.
  const std::string nonce = accounts::random_token();
  d.set("style_nonce", nonce);
  http::Response r =
      page(status, "editor", d, &who,
           std::string(text(lang, a.id == 0 ? Text("new_article") : Text("edit_article"))),
           std::move(notice));
  r.set("Content-Security-Policy",
        "default-src 'self'; img-src 'self' blob:; style-src 'self' 'nonce-" + nonce +
            "'; frame-ancestors 'none'");
  return r;
}

http::Response Admin::Impl::new_article(const http::Request& req) const {
  const auto who = signed_in(req);
  if (!who) {
    return guarded(see_other("/admin/login"));
  }
  const auto editions = store.editions();
  if (!editions || editions->empty()) {
    return problem(503, &*who, "no_edition");
  }
  EditorState state;
  state.article.edition_id = editions->front().id;
  if (const core::Id asked = query_id(req, "edition"); asked != 0) {
    const bool known = std::any_of(editions->begin(), editions->end(),
                                   [&](const core::Edition& e) { return e.id == asked; });
    if (!known) {
      return problem(404, &*who, "no_such_edition");
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
    state.publish_at = local_input(*a.published_at);
  }
  const Language lang = language(&*who);
  // The writer's automatic save, on this version and with text the article lacks: offered, or
  // (?autosave=ID) put in the form to be saved.
  std::optional<core::Revision> autosaved;
  if (auto list = store.revisions(a.id)) {
    for (const core::Revision& r : *list) {
      if (r.user_id == who->user.id && r.autosave_of == a.version) {
        if (auto full = store.revision(r.id)) {
          autosaved = std::move(*full);
        }
        break;
      }
    }
  }
  if (autosaved && autosaved->title == a.title && autosaved->lead == a.lead &&
      autosaved->body == a.body) {
    autosaved.reset();
  }
  if (autosaved && std::to_string(autosaved->id) == req.query_param("autosave").value_or("")) {
    state.article.title = autosaved->title;
    state.article.lead = autosaved->lead;
    state.article.body = autosaved->body;
    return editor_page(*who, state, 200,
                       say(lang, "autosave_opened", when(lang, autosaved->saved_at)));
  }
  state.autosave_offer = std::move(autosaved);
  return editor_page(*who, state, 200, done_notice(lang, req, a));
}

Admin::Impl::EditorState Admin::Impl::read_editor_form(const Fields& fields,
                                                       core::Article base) const {
  EditorState st;
  newsroom::ArticleDraft& d = st.draft;
  d.edition_id = base.edition_id;
  d.version = static_cast<int>(parse_id(field(fields, "version")));
  d.title = field(fields, "title");
  d.lead = field(fields, "lead");
  d.body = field(fields, "body");
  d.slug = field(fields, "slug");
  d.section_id = parse_id(field(fields, "section"));
  st.tags_text = field(fields, "tags");
  d.tags = tag_names(st.tags_text);
  for (const auto& [name, value] : fields) {
    if (name == "author") {
      d.author_ids.push_back(parse_id(value));
    }
  }
  d.featured_media_id = parse_id(field(fields, "featured"));
  st.translation_of = trimmed(field(fields, "translation_of"));
  if (!st.translation_of.empty()) {
    d.translation_of = parse_id(st.translation_of);
    if (d.translation_of <= 0) {
      st.errors["translation_of"] = "There is no article with this number.";
    }
  }
  d.comments_open = field(fields, "comments_open") == "1";
  d.comment_mode = field(fields, "comment_mode");
  st.publish_at = trimmed(field(fields, "publish_at"));
  if (!st.publish_at.empty()) {
    if (auto t = core::parse_instant(st.publish_at, zone())) {
      d.publish_at = *t;
    } else {
      st.errors["publish_at"] = "A date and time like 2026-12-01T07:30.";  // translated when shown
    }
  }
  st.article = std::move(base);
  for (auto& [name, message] : newsroom.check_article(d, st.article)) {
    st.errors.emplace(name, std::move(message));  // the form's own reading comes first
  }
  return st;
}

namespace {

// What the editor is told once `action` is done to `saved`, as ?done=.
std::string_view done_key(newsroom::ArticleAction action, const core::Article& saved,
                          core::Instant now) {
  switch (action) {
    case newsroom::ArticleAction::kSubmit:
      return "submitted";
    case newsroom::ArticleAction::kUnpublish:
      return "unpublished";
    case newsroom::ArticleAction::kPublish:
      return saved.published_at && *saved.published_at > now ? "scheduled" : "published";
    case newsroom::ArticleAction::kSave:
      break;
  }
  return "saved";
}

}  // namespace

std::string Admin::Impl::done_notice(Language lang, const http::Request& req,
                                     const core::Article& a) const {
  if (req.query_param("done") == "scheduled" && a.published_at) {
    return say(lang, "done_scheduled",
               core::format_datetime(*a.published_at, zone(), date_style(lang)),
               core::format_relative(*a.published_at, clock.now(), date_style(lang)));
  }
  return notice(lang, req);
}

http::Response Admin::Impl::save_article(const http::Request& req, std::string_view id) const {
  const auto who = signed_in(req);
  auto form = checked_form(req, who ? &*who : nullptr);
  if (auto* refused = std::get_if<http::Response>(&form)) {
    return std::move(*refused);
  }
  const Fields& fields = std::get<Fields>(form);
  core::Article base;
  if (id == "new") {
    base.edition_id = parse_id(field(fields, "edition"));
  } else {
    auto found = editable(*who, id);
    if (auto* refused = std::get_if<http::Response>(&found)) {
      return std::move(*refused);
    }
    base = std::move(std::get<core::Article>(found));
  }
  const auto action = newsroom::parse_article_action(field(fields, "action"));
  if (!action) {
    return problem(400, &*who, "choose_action");
  }
  const core::Article before = base;
  EditorState st = read_editor_form(fields, std::move(base));
  if (st.errors.contains("edition")) {
    return problem_saying(400, &*who, translated(language(&*who), st.errors["edition"]));
  }
  if (id != "new" && st.draft.version == 0) {
    return problem(400, &*who, "no_version");
  }
  const bool publishes = *action == newsroom::ArticleAction::kPublish ||
                         *action == newsroom::ArticleAction::kUnpublish;
  if (publishes && !may_publish(who->user, before)) {
    return problem(403, &*who, "may_not_publish");
  }
  st.article.status = before.status;
  if (!st.errors.empty()) {
    return editor_page(*who, st, 422);
  }
  newsroom::Stale stale;
  auto saved = newsroom.save_article(who->user, before.id, st.draft, *action, &stale);
  if (saved) {
    return guarded(see_other("/admin/articles/" + std::to_string(saved->id) +
                             "?done=" + std::string(done_key(*action, *saved, clock.now()))));
  }
  const core::Error& e = saved.error();
  if (e.code == core::ErrorCode::kConflict && e.field == "version") {
    st.stale = stale;
    st.article.version = stale.version;
    return editor_page(*who, st, 409);
  }
  if (!e.field.empty() &&
      (e.code == core::ErrorCode::kInvalid || e.code == core::ErrorCode::kForbidden ||
       e.code == core::ErrorCode::kConflict)) {
    st.errors[e.field] = e.message;
    return editor_page(*who, st,
                       e.code == core::ErrorCode::kForbidden  ? 403
                       : e.code == core::ErrorCode::kConflict ? 409
                                                              : 422);
  }
  return failed(&*who, e);
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
  a.published_at = st.draft.publish_at.value_or(clock.now());
  a.tag_ids.clear();
  for (const std::string& name : st.draft.tags) {
    if (auto tag = store.tag_by_slug(a.edition_id, core::slugify(name))) {
      a.tag_ids.push_back(tag->id);
    }
  }
  auto html = site.preview(a);
  if (!html) {
    if (html.error().code != core::ErrorCode::kInvalid) {
      return unavailable(&*who, html.error().message);
    }
    return problem_saying(400, &*who, translated(language(&*who), html.error().message));
  }
  // The writing view shows it in a frame of the editor's page, so this page may be framed there.
  http::Response r = guarded(http::Response::html(200, std::move(*html)));
  r.set("X-Frame-Options", "SAMEORIGIN");
  r.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'self'");
  return r;
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
  return guarded(see_other("/admin/articles?done=deleted"));
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
    return unavailable(&*who, list.error().message);
  }
  const Language lang = language(&*who);
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
    item.set("when", when(lang, r.saved_at));
    item.set("who", names[r.user_id]);
    item.set("version", r.version == 0 ? std::string("—") : std::to_string(r.version));
    item.set("note", translated(lang, r.note));
    item.set("label", say(lang, "revision_number", r.id));
    item.set("href", "/admin/revisions/" + std::to_string(r.id));
    items.push_back(item);
  }
  mustache::data d;
  d.set("back_href", "/admin/articles/" + std::to_string(a.id));
  d.set("title", a.title);
  d.set("version", std::to_string(a.version));
  d.set("heading", say(lang, "revisions_of", a.title));
  d.set("caption", say(lang, "revisions_caption", list->size(), a.version));
  d.set("items", items);
  return page(200, "revisions", d, &*who, std::string(text(lang, "revisions")));
}

namespace {

// An article's text as one document, for comparisons.
std::string document(std::string_view title, std::string_view lead, std::string_view body) {
  return "# " + std::string(title) + "\n\n" + std::string(lead) + "\n\n" + std::string(body);
}

}  // namespace

mustache::data diff_data(std::string_view before, std::string_view after, bool& same) {
  mustache::data lines(mustache::data::type::list);
  same = true;
  for (const core::DiffLine& l : core::diff_lines(before, after)) {
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
  return lines;
}

http::Response Admin::Impl::show_revision(const http::Request& req, std::string_view id) const {
  const auto who = signed_in(req);
  if (!who) {
    return guarded(see_other("/admin/login"));
  }
  const core::Id rev_id = parse_id(id);
  auto rev = rev_id > 0 ? store.revision(rev_id) : core::fail(core::not_found("no revision"));
  if (!rev) {
    return problem(404, &*who, "no_such_revision");
  }
  auto found = editable(*who, std::to_string(rev->article_id));
  if (auto* refused = std::get_if<http::Response>(&found)) {
    return std::move(*refused);
  }
  const core::Article& a = std::get<core::Article>(found);
  const Language lang = language(&*who);
  mustache::data d;
  d.set("back_href", "/admin/articles/" + std::to_string(a.id));
  d.set("revisions_href", fmt::format("/admin/articles/{}/revisions", a.id));
  d.set("restore_action", fmt::format("/admin/revisions/{}/restore", rev->id));
  d.set("heading", say(lang, "revision_of", rev->id, a.title));
  d.set("iso", core::format_iso8601(rev->saved_at));
  auto u = store.user(rev->user_id);
  const std::string by = u ? (u->name.empty() ? u->email : u->name) : std::string("—");
  d.set("when", when(lang, rev->saved_at));
  d.set("saved_by", say(lang, "saved_by", by));
  d.set("note", translated(lang, rev->note));
  if (rev->version != 0) {
    d.set("version", say(lang, "made_version", rev->version));
  }
  d.set("title", rev->title);
  d.set("lead", rev->lead);
  d.set("body", rev->body);
  d.set("may_restore", true);
  bool same = true;
  d.set("diff", diff_data(document(rev->title, rev->lead, rev->body),
                          document(a.title, a.lead, a.body), same));
  d.set("same", same);
  return page(200, "revision", d, &*who, say(lang, "revision_number", rev->id));
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
  return guarded(see_other("/admin/articles/" + std::to_string(restored->id) +
                           "?done=restored&n=" + std::to_string(rev_id)));
}

}  // namespace tapchi::admin
