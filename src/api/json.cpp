// The journal as JSON: editions, sections, tags, authors, photos with every variant, articles in
// the shape a request asks for, comments. Times in the site's zone with their offset and in UTC.
#include <algorithm>

#include "api/impl.h"
#include "render/render.h"
#include "search/search.h"

namespace tapchi::api {

const core::Edition* Names::edition(core::Id id) const {
  for (const core::Edition& e : editions) {
    if (e.id == id) {
      return &e;
    }
  }
  return nullptr;
}

const core::Edition* Names::edition(std::string_view code) const {
  for (const core::Edition& e : editions) {
    if (e.code == code) {
      return &e;
    }
  }
  return nullptr;
}

core::Result<void> Api::Impl::read_names(const std::vector<core::Article>& articles,
                                         Names& names) const {
  if (names.editions.empty()) {
    auto editions = store.editions();
    if (!editions) {
      return core::fail(editions.error());
    }
    names.editions = std::move(*editions);
  }
  std::set<core::Id> editions_seen;
  std::vector<core::Id> tag_ids, author_ids, media_ids;
  for (const core::Article& a : articles) {
    if (a.section_id != 0 && !names.sections.contains(a.section_id)) {
      editions_seen.insert(a.edition_id);
    }
    for (const core::Id id : a.tag_ids) {
      if (!names.tags.contains(id)) tag_ids.push_back(id);
    }
    for (const core::Id id : a.author_ids) {
      if (!names.authors.contains(id)) author_ids.push_back(id);
    }
    if (a.featured_media_id != 0 && !names.media.contains(a.featured_media_id)) {
      media_ids.push_back(a.featured_media_id);
    }
  }
  for (const core::Id e : editions_seen) {
    auto sections = store.sections(e);
    if (!sections) {
      return core::fail(sections.error());
    }
    for (core::Section& s : *sections) {
      names.sections.emplace(s.id, std::move(s));
    }
  }
  if (!tag_ids.empty()) {
    auto tags = store.tags(tag_ids);
    if (!tags) {
      return core::fail(tags.error());
    }
    for (core::Tag& t : *tags) {
      names.tags.emplace(t.id, std::move(t));
    }
  }
  if (!author_ids.empty()) {
    auto authors = store.authors(author_ids);
    if (!authors) {
      return core::fail(authors.error());
    }
    for (core::Author& a : *authors) {
      names.authors.emplace(a.id, std::move(a));
    }
    for (const auto& [id, a] : names.authors) {
      if (a.photo_id != 0 && !names.media.contains(a.photo_id)) {
        media_ids.push_back(a.photo_id);
      }
    }
  }
  if (!media_ids.empty()) {
    auto media = store.media(media_ids);
    if (!media) {
      return core::fail(media.error());
    }
    for (core::Media& m : *media) {
      names.media.emplace(m.id, std::move(m));
    }
  }
  return {};
}

void Api::Impl::put_time(json& j, std::string_view name,
                         const std::optional<core::Instant>& t) const {
  const std::string key(name);
  if (!t) {
    j[key] = nullptr;
    j[key + "_utc"] = nullptr;
    return;
  }
  j[key] = core::format_rfc3339(*t, site.zone());
  j[key + "_utc"] = core::format_iso8601(*t);
}

json Api::Impl::edition_json(const core::Edition& e) const {
  return {{"id", e.id},
          {"code", e.code},
          {"name", e.name},
          {"language", e.language},
          {"url", absolute(e.prefix)}};
}

json Api::Impl::section_json(const core::Section& s, const Names& names) const {
  json j{{"id", s.id}, {"name", s.name}, {"slug", s.slug}, {"position", s.position}};
  if (const core::Edition* e = names.edition(s.edition_id)) {
    j["edition"] = e->code;
    j["url"] = absolute(site::section_href(*e, s.slug));
  }
  return j;
}

json Api::Impl::tag_json(const core::Tag& t, const Names& names) const {
  json j{{"id", t.id}, {"name", t.name}, {"slug", t.slug}};
  if (const core::Edition* e = names.edition(t.edition_id)) {
    j["edition"] = e->code;
    j["url"] = absolute(site::tag_href(*e, t.slug));
  }
  return j;
}

json Api::Impl::author_json(const core::Author& a, const Names& names) const {
  json j{
      {"id", a.id}, {"name", a.name}, {"slug", a.slug}, {"position", a.position}, {"bio", a.bio}};
  if (const core::Edition* e = names.edition(a.edition_id)) {
    j["edition"] = e->code;
    j["url"] = absolute(site::author_href(*e, a.slug));
  }
  const auto photo = names.media.find(a.photo_id);
  j["photo"] = photo == names.media.end() ? json(nullptr) : media_json(photo->second);
  return j;
}

json Api::Impl::media_json(const core::Media& m) const {
  json variants = json::array();
  for (const int w : m.variant_widths) {
    const int h =
        m.width > 0
            ? static_cast<int>((static_cast<long long>(m.height) * w + m.width / 2) / m.width)
            : 0;
    variants.push_back({{"url", absolute(site::media_href(core::variant_path(m.path, w, "webp")))},
                        {"width", w},
                        {"height", h},
                        {"type", "image/webp"}});
    variants.push_back({{"url", absolute(site::media_href(core::variant_path(m.path, w)))},
                        {"width", w},
                        {"height", h},
                        {"type", m.mime}});
  }
  return {{"id", m.id},           {"url", absolute(site::media_href(m.path))},
          {"width", m.width},     {"height", m.height},
          {"type", m.mime},       {"alt", m.alt},
          {"caption", m.caption}, {"credit", m.credit},
          {"variants", variants}};
}

json Api::Impl::article_json(const core::Article& a, const Names& names, const Shape& shape,
                             bool with_state) const {
  json j{{"id", a.id}};
  const core::Edition* e = names.edition(a.edition_id);
  const auto put = [&](const char* field, json value) {
    if (shape.wants(field)) {
      j[field] = std::move(value);
    }
  };
  put("edition", e != nullptr ? json(e->code) : json(nullptr));
  put("slug", a.slug);
  put("url", e != nullptr && a.is_visible_at(clock.now())
                 ? json(absolute(site::article_href(*e, a)))
                 : json(nullptr));
  put("title", a.title);
  put("lead", a.lead);
  if (shape.wants("body")) {
    if (shape.format == "markdown") {
      j["body"] = a.body;
    } else if (shape.format == "plaintext") {
      j["body"] = search::plain_text(a.body);
    } else {
      render::MarkdownOptions md;
      md.language = e != nullptr ? e->language : "vi";
      md.media_url_prefix = absolute(site::media_href(""));
      md.lookup_media = [this](core::Id id) {
        auto m = store.media(id);
        return m ? std::optional<core::Media>(*m) : std::nullopt;
      };
      j["body"] = render::markdown_to_html(a.body, md);
    }
    j["format"] = shape.format;
  }
  if (shape.wants("published_at")) {
    put_time(j, "published_at", a.published_at);
  }
  if (shape.wants("updated_at")) {
    put_time(j, "updated_at", a.updated_at);
  }
  put("section_id", a.section_id == 0 ? json(nullptr) : json(a.section_id));
  put("tag_ids", a.tag_ids);
  put("author_ids", a.author_ids);
  put("featured_media_id", a.featured_media_id == 0 ? json(nullptr) : json(a.featured_media_id));
  put("comments_open", a.comments_open);
  if (shape.include.contains("section")) {
    const auto s = names.sections.find(a.section_id);
    j["section"] = s == names.sections.end() ? json(nullptr) : section_json(s->second, names);
  }
  if (shape.include.contains("tags")) {
    json list = json::array();
    for (const core::Id id : a.tag_ids) {
      if (const auto t = names.tags.find(id); t != names.tags.end()) {
        list.push_back(tag_json(t->second, names));
      }
    }
    j["tags"] = std::move(list);
  }
  if (shape.include.contains("authors")) {
    json list = json::array();
    for (const core::Id id : a.author_ids) {
      if (const auto au = names.authors.find(id); au != names.authors.end()) {
        list.push_back(author_json(au->second, names));
      }
    }
    j["authors"] = std::move(list);
  }
  if (shape.include.contains("media")) {
    const auto m = names.media.find(a.featured_media_id);
    j["featured_media"] = m == names.media.end() ? json(nullptr) : media_json(m->second);
  }
  if (with_state) {
    const bool scheduled = a.status == core::ArticleStatus::kPublished && a.published_at &&
                           *a.published_at > clock.now();
    j["status"] = scheduled ? "scheduled" : std::string(core::status_name(a.status));
    j["version"] = a.version;
    j["created_by"] = a.created_by == 0 ? json(nullptr) : json(a.created_by);
    j["comment_mode"] = a.comment_mode;
  }
  return j;
}

json Api::Impl::comment_json(const core::Comment& c, bool with_state) const {
  json j{{"id", c.id},
         {"article_id", c.article_id},
         {"parent_id", c.parent_id == 0 ? json(nullptr) : json(c.parent_id)},
         {"name", c.name},
         {"body", c.body},
         {"body_html", render::comment_to_html(c.body)},
         {"is_staff", c.is_staff}};
  put_time(j, "created_at", c.created_at);
  if (with_state) {
    j["status"] = std::string(core::status_name(c.status));
    j["email"] = c.email;
  }
  return j;
}

}  // namespace tapchi::api
