// Reading the Admin API's request bodies.
#include "api/admin_body.h"

#include <map>

namespace tapchi::api {

std::variant<json, http::Response> body_of(const http::Request& req) {
  const std::string_view type = req.header("content-type");
  if (!type.starts_with("application/json")) {
    return Api::Impl::problem(415, "Send the body as application/json.");
  }
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Api::Impl::problem(400, "The body is not a JSON object.");
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

std::optional<http::Response> read_draft(const json& j, newsroom::ArticleDraft& d,
                                         const core::Zone& zone) {
  std::string wrong;
  std::string publish_at;
  if (!take(j, "version", d.version, wrong) || !take(j, "title", d.title, wrong) ||
      !take(j, "lead", d.lead, wrong) || !take(j, "body", d.body, wrong) ||
      !take(j, "slug", d.slug, wrong) || !take(j, "section_id", d.section_id, wrong) ||
      !take(j, "tags", d.tags, wrong) || !take(j, "author_ids", d.author_ids, wrong) ||
      !take(j, "featured_media_id", d.featured_media_id, wrong) ||
      !take(j, "translation_of", d.translation_of, wrong) ||
      !take(j, "comments_open", d.comments_open, wrong) ||
      !take(j, "comment_mode", d.comment_mode, wrong) ||
      !take(j, "publish_at", publish_at, wrong)) {
    return wrong_type(wrong);
  }
  if (!publish_at.empty()) {
    auto t = core::parse_instant(publish_at);
    if (!t) {
      // A wall-clock time without an offset is the site's.
      int y = 0, mo = 0, day = 0, h = 0, mi = 0;
      char tail = 0;
      if (std::sscanf(publish_at.c_str(), "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &day, &h, &mi, &tail) !=
              5 ||
          publish_at.size() != 16 || mo < 1 || mo > 12 || day < 1 || day > 31 || h > 23 ||
          mi > 59) {
        return wrong_type("publish_at");
      }
      t = zone.from_local(y, mo, day, h, mi);
    }
    d.publish_at = *t;
  }
  return std::nullopt;
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
