// Reading the Admin API's request bodies.
#include "api/admin_body.h"

#include <map>
#include <vector>

namespace tapchi::api {

core::Id path_id(const http::Router::Params& p) { return core::parse_id(p.front().second); }

std::variant<int, http::Response> page_of(const http::Request& req) {
  const auto page = id_param(req, "page");
  if (!page || *page > 100'000) {
    return Api::Impl::problem(422, "page is a whole number from 1.", "page");
  }
  return *page == 0 ? 1 : static_cast<int>(*page);
}

std::variant<core::Id, http::Response> edition_of(const json& j, const Names& names) {
  std::string code;
  std::string wrong;
  if (!take(j, "edition", code, wrong)) {
    return wrong_type(wrong);
  }
  const core::Edition* e =
      code.empty() && names.editions.size() == 1 ? &names.editions.front() : names.edition(code);
  if (e == nullptr) {
    return Api::Impl::problem(422, "Name the edition by its code (\"vi\", \"en\").", "edition");
  }
  return e->id;
}

namespace {

// Whether a name or text in `j` holds a NUL (written "\u0000" in JSON), which no field takes.
// Walked with a stack of its own: a body may nest arrays as deep as its size allows.
bool holds_nul(const json& j) {
  const auto has_nul = [](const std::string& text) { return text.find('\0') != std::string::npos; };
  std::vector<const json*> open{&j};
  while (!open.empty()) {
    const json& v = *open.back();
    open.pop_back();
    if (v.is_string() && has_nul(v.get_ref<const std::string&>())) {
      return true;
    }
    if (v.is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (has_nul(it.key())) {
          return true;
        }
        open.push_back(&*it);
      }
    } else if (v.is_array()) {
      for (const json& item : v) {
        open.push_back(&item);
      }
    }
  }
  return false;
}

}  // namespace

std::variant<json, http::Response> body_of(const http::Request& req) {
  const std::string_view type = req.header("content-type");
  if (!type.starts_with("application/json")) {
    return Api::Impl::problem(415, "Send the body as application/json.");
  }
  // The parser refuses invalid UTF-8 and lone surrogates.
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Api::Impl::problem(400, "The body is not a JSON object.");
  }
  if (holds_nul(j)) {
    return Api::Impl::problem(400, "The body holds a NUL character (\\u0000).");
  }
  return j;
}

http::Response wrong_type(const std::string& field) {
  static const std::map<std::string, std::string, std::less<>> kTypes{
      {"version", "a whole number"},
      {"section_id", "an id"},
      {"featured_media_id", "an id"},
      {"translation_of", "an id"},
      {"author_ids", "a list of ids"},
      {"tags", "a list of names"},
      {"comments_open", "true or false"},
      {"publish_at", "a time such as 2026-11-29T07:30:00+07:00"},
      {"photo_id", "an id"},
      {"ids", "a list of ids"}};
  const auto it = kTypes.find(field);
  return Api::Impl::problem(
      422, "“" + field + "” should be " + (it == kTypes.end() ? "text" : it->second) + ".", field);
}

std::optional<http::Response> read_publish_at(const json& j, newsroom::ArticleDraft& d,
                                              const core::Zone& zone) {
  std::string text;
  std::string wrong;
  if (!take(j, "publish_at", text, wrong)) {
    return wrong_type(wrong);
  }
  if (!text.empty()) {
    auto t = core::parse_instant(text, zone);  // without an offset: the site's time
    if (!t) {
      return wrong_type("publish_at");
    }
    d.publish_at = *t;
  }
  return std::nullopt;
}

std::optional<http::Response> read_draft(const json& j, newsroom::ArticleDraft& d,
                                         const core::Zone& zone) {
  std::string wrong;
  if (!take(j, "version", d.version, wrong) || !take(j, "title", d.title, wrong) ||
      !take(j, "lead", d.lead, wrong) || !take(j, "body", d.body, wrong) ||
      !take(j, "slug", d.slug, wrong) || !take(j, "section_id", d.section_id, wrong) ||
      !take(j, "tags", d.tags, wrong) || !take(j, "author_ids", d.author_ids, wrong) ||
      !take(j, "featured_media_id", d.featured_media_id, wrong) ||
      !take(j, "translation_of", d.translation_of, wrong) ||
      !take(j, "comments_open", d.comments_open, wrong) ||
      !take(j, "comment_mode", d.comment_mode, wrong)) {
    return wrong_type(wrong);
  }
  return read_publish_at(j, d, zone);
}

core::Result<newsroom::ArticleDraft> draft_of(store::Store& store, const core::Article& a) {
  newsroom::ArticleDraft d;
  d.edition_id = a.edition_id;
  d.title = a.title;
  d.lead = a.lead;
  d.body = a.body;
  d.slug = a.slug;
  d.section_id = a.section_id;
  d.author_ids = a.author_ids;
  d.featured_media_id = a.featured_media_id;
  d.comments_open = a.comments_open;
  d.comment_mode = a.comment_mode;
  if (!a.tag_ids.empty()) {
    auto tags = store.tags(a.tag_ids);
    if (!tags) {
      return core::fail(tags.error());
    }
    for (const core::Id id : a.tag_ids) {  // in the article's order
      for (const core::Tag& t : *tags) {
        if (t.id == id) {
          d.tags.push_back(t.name);
        }
      }
    }
  }
  return d;
}

std::variant<newsroom::ArticleAction, http::Response> action_of(const json& j,
                                                                std::string_view fallback) {
  std::string name(fallback);
  std::string wrong;
  if (!take(j, "action", name, wrong)) {
    return wrong_type(wrong);
  }
  if (auto action = newsroom::parse_article_action(name)) {
    return *action;
  }
  return Api::Impl::problem(422, "action is save, submit, publish or unpublish.", "action");
}

}  // namespace tapchi::api
