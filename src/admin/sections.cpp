// Sections in the back office: the list per edition and the section form.
#include "admin/impl.h"

namespace tapchi::admin {

http::Response Admin::Impl::sections_page(const http::Request& req) const {
  auto checked = moderator(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<accounts::SignedIn>(checked);
  auto editions = store.editions();
  if (!editions) {
    return unavailable(&who, editions.error().message);
  }
  mustache::data list(mustache::data::type::list);
  for (const core::Edition& e : *editions) {
    auto sections = store.sections(e.id);
    if (!sections) {
      return unavailable(&who, sections.error().message);
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
  const Language lang = language(&who);
  mustache::data d;
  d.set("editions", list);
  return page(200, "sections", d, &who, std::string(text(lang, "sections")), notice(lang, req));
}

http::Response Admin::Impl::section_form(const accounts::SignedIn& who, const core::Section& sec,
                                         int status,
                                         const std::map<std::string, std::string>& errors,
                                         const std::string& position_text) const {
  mustache::data d;
  const bool is_new = sec.id == 0;
  const Language lang = language(&who);
  const std::string heading =
      is_new ? std::string(text(lang, "add_a_section")) : say(lang, "section_heading", sec.name);
  d.set("heading", heading);
  d.set("action",
        is_new ? std::string("/admin/sections/new") : "/admin/sections/" + std::to_string(sec.id));
  d.set("button", std::string(text(lang, is_new ? Text("add_the_section") : Text("save"))));
  d.set("name", sec.name);
  d.set("slug", sec.slug);
  d.set("position", position_text);
  for (const auto& [name, message] : errors) {
    d.set(name + "_error", translated(lang, message));
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
  return page(status, "section", d, &who, heading);
}

http::Response Admin::Impl::section_edit(const http::Request& req, std::string_view id_text) const {
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
  return guarded(see_other("/admin/sections?done=section_saved"));
}

}  // namespace tapchi::admin
