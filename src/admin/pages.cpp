// Static pages in the back office: the list per edition, the page form, its revisions.
#include <fmt/format.h>

#include "admin/impl.h"

namespace tapchi::admin {

namespace {

std::string page_path(core::Id id) { return "/admin/pages/" + std::to_string(id); }

}  // namespace

http::Response Admin::Impl::static_pages_page(const http::Request& req) const {
  auto checked = edition_list_page(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const EditionListPage& list = std::get<EditionListPage>(checked);
  const accounts::SignedIn& who = list.who;
  const core::Edition& shown = list.shown();
  auto pages = store.static_pages(shown.id);
  if (!pages) {
    return unavailable(&who, pages.error().message);
  }
  const Language lang = language(&who);
  mustache::data rows(mustache::data::type::list);
  for (const core::StaticPage& p : *pages) {
    mustache::data row;
    row.set("id", std::to_string(p.id));
    row.set("title", p.title);
    row.set("href", site::page_href(shown, p.slug));
    row.set("is_published", p.is_published);
    row.set("status", std::string(text(
                          lang, p.is_published ? Text("status_published") : Text("status_draft"))));
    row.set("footer", p.footer_position > 0 ? std::to_string(p.footer_position) : "—");
    row.set("iso", core::format_iso8601(p.updated_at));
    row.set("when", when(lang, p.updated_at));
    rows.push_back(row);
  }
  mustache::data d;
  d.set("tabs", edition_tabs(list.editions, shown, "/admin/pages"));
  d.set("edition", std::to_string(shown.id));
  d.set("caption", std::string(text(lang, "static_pages_caption")));
  d.set("has_pages", !pages->empty());
  d.set("pages", rows);
  return page(200, "static_pages", d, &who, std::string(text(lang, "static_pages")),
              notice(lang, req));
}

http::Response Admin::Impl::static_page_form(const accounts::SignedIn& who, const PageForm& form,
                                             int status, std::string notice) const {
  const core::StaticPage& p = form.page;
  const Language lang = language(&who);
  const bool is_new = p.id == 0;
  const std::string heading =
      is_new ? std::string(text(lang, "add_a_page")) : say(lang, "page_heading", p.title);
  mustache::data d;
  d.set("heading", heading);
  d.set("action", is_new ? std::string("/admin/pages/new") : page_path(p.id));
  d.set("button", std::string(text(lang, is_new ? Text("add_the_page") : Text("save"))));
  d.set("is_existing", !is_new);
  d.set("id", std::to_string(p.id));
  d.set("edition", std::to_string(p.edition_id));
  d.set("version", std::to_string(p.version));
  d.set("title", p.title);
  d.set("slug", p.slug);
  d.set("body", p.body);
  d.set("footer_position", form.footer_text);
  d.set("is_published", p.is_published);
  if (auto editions = store.editions()) {
    for (const core::Edition& e : *editions) {
      if (e.id == p.edition_id) {
        d.set("edition_name", edition_label(e));
        if (!is_new && p.is_published) {
          d.set("public_href", site::page_href(e, p.slug));
        }
      }
    }
  }
  if (!is_new) {
    d.set("revisions_href", page_path(p.id) + "/revisions");
  }
  for (const auto& [name, message] : form.errors) {
    d.set(name + "_error", translated(lang, message));
  }
  if (!form.stale.empty()) {
    d.set("stale", say(lang, "not_saved_page_stale", form.stale));
  }
  return page(status, "static_page", d, &who, heading, std::move(notice));
}

http::Response Admin::Impl::static_page_edit(const http::Request& req,
                                             std::string_view id_text) const {
  auto checked = moderator(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<accounts::SignedIn>(checked);
  PageForm form;
  if (id_text == "new") {
    auto editions = store.editions();
    const core::Edition* e = editions ? chosen_edition(*editions, req) : nullptr;
    if (e == nullptr) {
      return problem(404, &who, "no_such_edition");
    }
    form.page.edition_id = e->id;
  } else {
    auto found = newsroom.static_page(who.user, parse_id(id_text));
    if (!found) {
      return failed(&who, found.error());
    }
    form.page = *found;
  }
  if (req.method != http::Method::kPost) {
    const int place = form.page.footer_position;
    form.footer_text = place > 0 ? std::to_string(place) : "";
    return static_page_form(who, form, 200, notice(language(&who), req));
  }
  auto posted = checked_form(req, &who);
  if (auto* refused = std::get_if<http::Response>(&posted)) {
    return std::move(*refused);
  }
  const Fields& fields = std::get<Fields>(posted);
  newsroom::PageDraft draft;
  draft.edition_id = form.page.edition_id;
  if (form.page.id == 0) {
    draft.edition_id = parse_id(field(fields, "edition"));
  }
  draft.version = static_cast<int>(parse_id(field(fields, "version")));
  draft.title = field(fields, "title");
  draft.slug = field(fields, "slug");
  draft.body = field(fields, "body");
  draft.is_published = field(fields, "published") == "1";
  draft.footer_position = field(fields, "footer_position");
  newsroom::Stale stale;
  auto saved = newsroom.save_page(who.user, form.page.id, draft, &stale);
  if (saved) {
    return guarded(see_other(page_path(saved->id) + "?done=page_saved"));
  }
  const core::Error& e = saved.error();
  const bool is_stale = e.code == core::ErrorCode::kConflict && e.field == "version";
  if (e.code != core::ErrorCode::kInvalid && !is_stale) {
    return failed(&who, e);
  }
  // What was typed, with every field's problem, or why it could not be saved.
  const int current_version = form.page.version;
  form.errors = newsroom.check_page(draft, form.page);
  form.footer_text = draft.footer_position;
  if (is_stale) {
    form.page.version = current_version;  // a save from here overwrites knowingly
    form.stale = say(language(&who), "stale", stale.version, stale.by);
  } else if (form.errors.empty()) {
    form.errors[e.field] = e.message;
  }
  return static_page_form(who, form, is_stale ? 409 : 422, {});
}

http::Response Admin::Impl::delete_static_page(const http::Request& req,
                                               std::string_view id_text) const {
  auto checked = moderator_form(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<RoleForm>(checked).who;
  auto deleted = newsroom.delete_page(who.user, parse_id(id_text));
  if (!deleted) {
    return failed(&who, deleted.error());
  }
  return guarded(
      see_other(fmt::format("/admin/pages?edition={}&done=page_deleted", deleted->edition_id)));
}

http::Response Admin::Impl::page_revisions(const http::Request& req,
                                           std::string_view id_text) const {
  auto checked = moderator(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<accounts::SignedIn>(checked);
  auto p = newsroom.static_page(who.user, parse_id(id_text));
  if (!p) {
    return failed(&who, p.error());
  }
  auto list = store.page_revisions(p->id);
  if (!list) {
    return unavailable(&who, list.error().message);
  }
  const Language lang = language(&who);
  std::map<core::Id, std::string> names;
  mustache::data items(mustache::data::type::list);
  for (const core::PageRevision& r : *list) {
    if (!names.contains(r.user_id)) {
      auto u = store.user(r.user_id);
      names[r.user_id] = u ? (u->name.empty() ? u->email : u->name) : "—";
    }
    mustache::data item;
    item.set("href", "/admin/page-revisions/" + std::to_string(r.id));
    item.set("label", say(lang, "revision_number", r.id));
    item.set("iso", core::format_iso8601(r.saved_at));
    item.set("when", when(lang, r.saved_at));
    item.set("who", names[r.user_id]);
    item.set("version", std::to_string(r.version));
    item.set("note", translated(lang, r.note));
    items.push_back(item);
  }
  mustache::data d;
  d.set("back_href", page_path(p->id));
  d.set("heading", say(lang, "revisions_of", p->title));
  d.set("caption", say(lang, "revisions_caption", list->size(), p->version));
  d.set("items", items);
  return page(200, "revisions", d, &who, std::string(text(lang, "revisions")));
}

http::Response Admin::Impl::show_page_revision(const http::Request& req,
                                               std::string_view id_text) const {
  auto checked = moderator(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<accounts::SignedIn>(checked);
  const core::Id rev_id = parse_id(id_text);
  auto rev = rev_id > 0 ? store.page_revision(rev_id) : core::fail(core::not_found("no revision"));
  if (!rev) {
    return problem(404, &who, "no_such_revision");
  }
  auto p = newsroom.static_page(who.user, rev->page_id);
  if (!p) {
    return failed(&who, p.error());
  }
  const Language lang = language(&who);
  mustache::data d;
  d.set("back_href", page_path(p->id));
  d.set("revisions_href", page_path(p->id) + "/revisions");
  d.set("restore_action", fmt::format("/admin/page-revisions/{}/restore", rev->id));
  d.set("heading", say(lang, "revision_of", rev->id, p->title));
  d.set("iso", core::format_iso8601(rev->saved_at));
  d.set("when", when(lang, rev->saved_at));
  auto u = store.user(rev->user_id);
  d.set("saved_by", say(lang, "saved_by", u ? (u->name.empty() ? u->email : u->name) : "—"));
  d.set("note", translated(lang, rev->note));
  d.set("version", say(lang, "made_version", rev->version));
  d.set("title", rev->title);
  d.set("body", rev->body);
  d.set("may_restore", true);
  bool same = true;
  d.set("diff", diff_data("# " + rev->title + "\n\n" + rev->body,
                          "# " + p->title + "\n\n" + p->body, same));
  d.set("same", same);
  return page(200, "revision", d, &who, say(lang, "revision_number", rev->id));
}

http::Response Admin::Impl::restore_page_revision(const http::Request& req,
                                                  std::string_view id_text) const {
  auto checked = moderator_form(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<RoleForm>(checked).who;
  const core::Id rev_id = parse_id(id_text);
  auto restored = newsroom.restore_page_revision(who.user, rev_id);
  if (!restored) {
    return failed(&who, restored.error());
  }
  return guarded(
      see_other(fmt::format("{}?done=page_restored&n={}", page_path(restored->id), rev_id)));
}

}  // namespace tapchi::admin
