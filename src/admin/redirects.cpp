// Redirects in the back office: old addresses and where they lead, searched by old address,
// added and deleted by editors and admins.
#include <fmt/format.h>

#include "admin/impl.h"

namespace tapchi::admin {

namespace {

constexpr int kRedirectsPerPage = 50;

// What a redirect leads to now, as a link: its title and public address (empty when gone).
struct Target {
  std::string label;
  std::string href;
};

Target target_of(store::Store& store, const std::vector<core::Edition>& editions,
                 const store::Redirect& r) {
  const auto edition = [&](core::Id id) -> const core::Edition* {
    for (const core::Edition& e : editions) {
      if (e.id == id) {
        return &e;
      }
    }
    return nullptr;
  };
  using To = store::Redirect::To;
  switch (r.to) {
    case To::kArticle:
      if (auto a = store.article(r.id); a && edition(a->edition_id)) {
        return {a->title, site::article_href(*edition(a->edition_id), *a)};
      }
      break;
    case To::kSection:
      if (auto s = store.section(r.id); s && edition(s->edition_id)) {
        return {s->name, site::section_href(*edition(s->edition_id), s->slug)};
      }
      break;
    case To::kTag:
      if (auto t = store.tag(r.id); t && edition(t->edition_id)) {
        return {"#" + t->name, site::tag_href(*edition(t->edition_id), t->slug)};
      }
      break;
    case To::kAuthor:
      if (auto a = store.author(r.id); a && edition(a->edition_id)) {
        return {a->name, site::author_href(*edition(a->edition_id), a->slug)};
      }
      break;
    case To::kPage:
      if (auto p = store.static_page(r.id); p && edition(p->edition_id)) {
        return {p->title, site::page_href(*edition(p->edition_id), p->slug)};
      }
      break;
    case To::kMedia:
      if (auto m = store.media(r.id)) {
        return {site::media_href(m->path), site::media_href(m->path)};
      }
      break;
    case To::kAddress:
      return {r.address, r.address};
  }
  return {};
}

}  // namespace

http::Response Admin::Impl::redirects_page(const accounts::SignedIn& who, const http::Request& req,
                                           int status,
                                           const std::map<std::string, std::string>& typed,
                                           const std::map<std::string, std::string>& errors) const {
  const Language lang = language(&who);
  const std::string q = req.query_param("q").value_or("");
  const int page_number = query_page(req);
  auto list = store.redirects(q, kRedirectsPerPage + 1, (page_number - 1) * kRedirectsPerPage);
  auto editions = store.editions();
  if (!list || !editions) {
    return unavailable(&who, "listing redirects failed");
  }
  const bool has_more = static_cast<int>(list->size()) > kRedirectsPerPage;
  if (has_more) {
    list->pop_back();
  }
  mustache::data rows(mustache::data::type::list);
  for (const store::Redirect& r : *list) {
    const Target t = target_of(store, *editions, r);
    mustache::data row;
    row.set("from", r.from);
    row.set("label", t.label.empty() ? std::string(text(lang, "redirect_gone")) : t.label);
    row.set("href", t.href);
    row.set("iso", core::format_iso8601(r.created_at));
    row.set("when", when(lang, r.created_at));
    row.set("delete_label", say(lang, "delete_redirect", r.from));
    rows.push_back(row);
  }
  const auto href = [&](int n) {
    return fmt::format("/admin/redirects?page={}{}", n,
                       q.empty() ? "" : "&q=" + http::percent_encode_path(q));
  };
  mustache::data d;
  d.set("q", q);
  d.set("has_redirects", !list->empty());
  d.set("redirects", rows);
  d.set("caption", say(lang, "redirects_caption", page_number));
  d.set("no_redirect",
        q.empty() ? std::string(text(lang, "no_redirect")) : say(lang, "no_redirect_matches", q));
  if (page_number > 1) {
    d.set("prev_href", href(page_number - 1));
  }
  if (has_more) {
    d.set("next_href", href(page_number + 1));
  }
  for (const auto& [name, value] : typed) {
    d.set(name, value);
  }
  for (const auto& [name, message] : errors) {
    d.set(name + "_error", translated(lang, message));
  }
  return page(status, "redirects", d, &who, std::string(text(lang, "redirects")),
              status == 200 ? notice(lang, req) : std::string());
}

http::Response Admin::Impl::redirects(const http::Request& req) const {
  auto checked = moderator(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  return redirects_page(std::get<accounts::SignedIn>(checked), req, 200, {}, {});
}

http::Response Admin::Impl::add_redirect(const http::Request& req) const {
  auto checked = moderator_form(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& [who, fields] = std::get<RoleForm>(checked);
  const newsroom::RedirectDraft draft{field(fields, "from"), field(fields, "to")};
  store::Redirect r;
  newsroom::FieldErrors errors = newsroom.check_redirect(draft, r);
  if (!errors.contains("from") && site.serves(r.from)) {
    errors["from"] = std::string(text(language(&who), "address_is_a_page"));
  }
  if (errors.empty()) {
    auto kept = newsroom.add_redirect(who.user, draft);
    if (kept) {
      return guarded(see_other("/admin/redirects?done=redirect_saved"));
    }
    if (kept.error().code != core::ErrorCode::kInvalid) {
      return failed(&who, kept.error());
    }
    errors[kept.error().field] = kept.error().message;
  }
  return redirects_page(who, req, 422, {{"from", draft.from}, {"to", draft.to}}, errors);
}

http::Response Admin::Impl::delete_redirect(const http::Request& req) const {
  auto checked = moderator_form(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& [who, fields] = std::get<RoleForm>(checked);
  if (auto gone = newsroom.delete_redirect(who.user, field(fields, "from")); !gone) {
    return failed(&who, gone.error());
  }
  return guarded(see_other("/admin/redirects?done=redirect_deleted"));
}

}  // namespace tapchi::admin
