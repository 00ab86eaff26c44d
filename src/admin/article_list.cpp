// The back office's list of articles: filters, the search index, pages.
#include "admin/impl.h"

namespace tapchi::admin {

http::Response Admin::Impl::articles(const http::Request& req) const {
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
    return unavailable(&*who, "listing articles failed");
  }
  const Language lang = language(&*who);
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
    edition_list.push_back(option(std::to_string(e.id), edition_names[e.id], e.id == f.edition_id));
    auto sections = store.sections(e.id);
    auto authors = store.authors_of(e.id);
    if (!sections || !authors) {
      return unavailable(&*who, "listing articles failed");
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
  for (const auto status :
       {core::ArticleStatus::kDraft, core::ArticleStatus::kReview, core::ArticleStatus::kScheduled,
        core::ArticleStatus::kPublished, core::ArticleStatus::kUnpublished}) {
    const std::string name(core::status_name(status));
    statuses.push_back(option(name, std::string(status_label(lang, status)), f.status == status));
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
    const core::ArticleStatus shown = scheduled ? core::ArticleStatus::kScheduled : a.status;
    item.set("status", std::string(core::status_name(shown)));
    item.set("status_label", std::string(status_label(lang, shown)));
    std::string names;
    for (const core::Id id : a.author_ids) {
      names += (names.empty() ? "" : ", ") + author_names[id];
    }
    item.set("authors", names);
    if (a.published_at) {
      item.set("published_iso", core::format_iso8601(*a.published_at));
      item.set("published", when(lang, *a.published_at));
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
  d.set("caption", say(lang, "articles_caption", found->items.size(), found->total));
  mustache::data new_links(mustache::data::type::list);
  for (const core::Edition& e : *editions) {
    mustache::data link;
    link.set("id", std::to_string(e.id));
    link.set("label", say(lang, "new_article_in", edition_names[e.id]));
    new_links.push_back(link);
  }
  d.set("new_links", new_links);
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
  return page(200, "articles", d, &*who, std::string(text(lang, "articles")), notice(lang, req));
}

}  // namespace tapchi::admin
