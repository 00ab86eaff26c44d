// The Content API: what readers see, as JSON, through the site's page cache. Published articles
// only, by the public site's rules (a scheduled article is invisible until its time).
#include <algorithm>

#include <fmt/format.h>

#include "api/embedded.h"
#include "api/impl.h"
#include "api/params.h"
#include "search/search.h"

namespace tapchi::api {

namespace {

// `req`'s URL with `name` set to `value` (the other parameters kept as sent).
std::string with_param(const http::Request& req, std::string_view name, std::string_view value) {
  std::string query;
  std::string_view rest = req.query;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const std::string_view key = pair.substr(0, pair.find('='));
    if (!pair.empty() && key != name) {
      query += (query.empty() ? "" : "&") + std::string(pair);
    }
    rest.remove_prefix(amp == std::string_view::npos ? rest.size() : amp + 1);
  }
  query += fmt::format("{}{}={}", query.empty() ? "" : "&", name, value);
  return http::percent_encode_path(req.path) + "?" + query;
}

// The one row of a read by id.
template <typename T>
core::Result<T> first(core::Result<std::vector<T>> rows) {
  if (!rows) {
    return core::fail(rows.error());
  }
  if (rows->empty()) {
    return core::fail(core::not_found(""));
  }
  return std::move(rows->front());
}

}  // namespace

void Api::Impl::add_content_routes() {
  using http::Method;
  const std::vector<Method> get{Method::kGet, Method::kHead};
  const std::vector<std::string> shaped{"fields", "include", "format"};
  const auto plus = [&](std::vector<std::string> names) {
    names.insert(names.end(), shaped.begin(), shaped.end());
    return names;
  };
  content.add(get, "/api/v1/openapi.json", [](const http::Request&, const Params&) {
    http::Response r;
    r.body = std::string(Api::document());
    r.set("Content-Type", "application/json; charset=utf-8");
    r.set("Cache-Control", "public, max-age=300");
    return r;
  });
  content.add(get, "/api/v1/editions",
              [this](const http::Request& r, const Params&) { return editions(r); });
  content.add(get, "/api/v1/sections",
              [this](const http::Request& r, const Params&) { return sections(r); }, {"edition"});
  content.add(get, "/api/v1/tags",
              [this](const http::Request& r, const Params&) { return tags(r); }, {"edition"});
  content.add(get, "/api/v1/authors",
              [this](const http::Request& r, const Params&) { return authors(r); }, {"edition"});
  content.add(
      get, "/api/v1/articles",
      [this](const http::Request& r, const Params&) { return articles(r); },
      plus({"edition", "section", "tag", "author", "published_after", "published_before",
            "updated_after", "limit", "cursor", "total"}));
  content.add(
      get, "/api/v1/articles/{id}",
      [this](const http::Request& r, const Params& p) { return article(r, p); }, shaped);
  content.add(
      get, "/api/v1/articles/slug/{edition}/{slug}",
      [this](const http::Request& r, const Params& p) { return article_by_slug(r, p); }, shaped);
  content.add(get, "/api/v1/articles/{id}/comments",
              [this](const http::Request& r, const Params& p) { return comments(r, p); });
  content.add(
      get, "/api/v1/search", [this](const http::Request& r, const Params&) { return search(r); },
      plus({"q", "edition", "section", "author", "sort", "limit", "page"}));
}

std::string_view Api::document() {
  for (const EmbeddedFile& f : embedded_api_doc()) {
    if (f.name == "openapi.json") {
      return f.content;
    }
  }
  return {};
}

std::vector<std::pair<std::string, std::string>> Api::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const http::Router* router : {&impl_->content, &impl_->admin}) {
    for (const auto& [methods, pattern] : router->routes()) {
      for (const http::Method m : methods) {
        if (m != http::Method::kHead) {  // every GET answers HEAD too
          out.emplace_back(http::allow_header({m}), pattern);
        }
      }
    }
  }
  return out;
}

http::Response Api::Impl::read(const http::Request& req) const {
  if (req.method == http::Method::kOptions) {  // a browser's preflight before a keyed read
    http::Response r = answer(204, nullptr, "public, max-age=86400");
    r.set("Access-Control-Allow-Origin", "*");
    r.set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
    r.set("Access-Control-Allow-Headers", "Authorization, If-None-Match");
    r.set("Access-Control-Max-Age", "86400");
    return r;
  }
  const auto match = content.match(req.method, req.path);
  http::Response r;
  if (match.handler == nullptr) {
    r = match.allowed.empty() ? problem(404, "There is no such API address.")
                              : problem(405, "This address answers GET and HEAD.");
    if (!match.allowed.empty()) {
      r.set("Allow", http::allow_header(match.allowed));
    }
  } else if (options.content_needs_key) {
    auto holder = key_of(req);
    r = std::holds_alternative<http::Response>(holder)
            ? std::get<http::Response>(std::move(holder))
            : site.cached(req, *match.varies, [&] { return (*match.handler)(req, match.params); });
  } else {
    r = site.cached(req, *match.varies, [&] { return (*match.handler)(req, match.params); });
  }
  r.set("Access-Control-Allow-Origin", "*");
  r.set("Access-Control-Expose-Headers", "ETag");
  return r;
}

namespace {

// A cacheable answer showing `tags`.
http::Response kept(http::Response r, std::vector<std::string> tags) {
  r.cacheable = http::Cacheability{std::move(tags), {}, 0};
  return r;
}

constexpr std::string_view kPublic = "public, max-age=0, must-revalidate";

}  // namespace

http::Response Api::Impl::editions(const http::Request&) const {
  auto editions = store.editions();
  if (!editions) {
    return failed(editions.error());
  }
  json list = json::array();
  std::vector<std::string> tags;
  for (const core::Edition& e : *editions) {
    list.push_back(edition_json(e));
    tags.push_back(site::Site::edition_tag(e.id));
  }
  return kept(answer(200, {{"editions", list}}, std::string(kPublic)), std::move(tags));
}

namespace {

// The editions a list is of: the one ?edition= names, or all; the 422 answer for an unknown one.
std::variant<std::vector<core::Edition>, http::Response> chosen(const http::Request& req,
                                                                const Names& names) {
  const std::string code = req.query_param("edition").value_or("");
  if (code.empty()) {
    return names.editions;
  }
  if (const core::Edition* e = names.edition(code)) {
    return std::vector<core::Edition>{*e};
  }
  return Api::Impl::problem(422, "There is no edition “" + code + "”.", "edition");
}

}  // namespace

namespace {

// One kind of row of each edition the request names (all without ?edition=), as the list
// `name`: `read(edition_id, names)` reads an edition's rows (and what they show into `names`),
// `show(row, names)` makes each one's JSON. Cached with the editions' tags.
template <typename Read, typename Show>
http::Response listing(const Api::Impl& api, const http::Request& req, const char* name,
                       Read&& read, Show&& show) {
  Names names;
  if (auto known = api.read_names({}, names); !known) {
    return Api::Impl::failed(known.error());
  }
  auto editions = chosen(req, names);
  if (auto* refused = std::get_if<http::Response>(&editions)) {
    return std::move(*refused);
  }
  json list = json::array();
  std::vector<std::string> tags;
  for (const core::Edition& e : std::get<std::vector<core::Edition>>(editions)) {
    auto rows = read(e.id, names);
    if (!rows) {
      return Api::Impl::failed(rows.error());
    }
    for (const auto& row : *rows) {
      list.push_back(show(row, names));
    }
    tags.push_back(site::Site::edition_tag(e.id));
  }
  return kept(Api::Impl::answer(200, {{name, list}}, std::string(kPublic)), std::move(tags));
}

}  // namespace

http::Response Api::Impl::sections(const http::Request& req) const {
  return listing(
      *this, req, "sections", [&](core::Id e, Names&) { return store.sections(e); },
      [&](const core::Section& s, const Names& names) { return section_json(s, names); });
}

http::Response Api::Impl::tags(const http::Request& req) const {
  return listing(
      *this, req, "tags", [&](core::Id e, Names&) { return store.tags_of(e); },
      [&](const core::Tag& t, const Names& names) { return tag_json(t, names); });
}

http::Response Api::Impl::authors(const http::Request& req) const {
  return listing(
      *this, req, "authors",
      [&](core::Id e, Names& names) -> core::Result<std::vector<core::Author>> {
        auto authors = store.authors_of(e);
        if (!authors) {
          return authors;
        }
        std::vector<core::Id> photos;
        for (const core::Author& a : *authors) {
          if (a.photo_id != 0) photos.push_back(a.photo_id);
        }
        if (!photos.empty()) {
          auto media = store.media(photos);
          if (!media) {
            return core::fail(media.error());
          }
          for (core::Media& m : *media) {
            names.media.emplace(m.id, std::move(m));
          }
        }
        return authors;
      },
      [&](const core::Author& a, const Names& names) { return author_json(a, names); });
}

http::Response Api::Impl::articles(const http::Request& req) const {
  auto shaped = shape_of(req, true);
  if (auto* refused = std::get_if<http::Response>(&shaped)) {
    return std::move(*refused);
  }
  const Shape& shape = std::get<Shape>(shaped);
  Names names;
  if (auto read = read_names({}, names); !read) {
    return failed(read.error());
  }
  store::ArticleQuery q;
  q.now = clock.now();
  q.with_body = shape.wants("body");
  q.count_total = req.query_param("total") == "true";
  const std::string code = req.query_param("edition").value_or("");
  const core::Edition* edition = code.empty() ? nullptr : names.edition(code);
  if (!code.empty() && edition == nullptr) {
    return problem(422, "There is no edition “" + code + "”.", "edition");
  }
  q.edition_id = edition != nullptr ? edition->id : 0;
  // section, tag and author: an id, or a slug of the edition named.
  const auto pick = [&](const char* name, auto&& by_id, auto&& by_slug,
                        core::Id& into) -> std::optional<http::Response> {
    const std::string value = req.query_param(name).value_or("");
    if (value.empty()) {
      return std::nullopt;
    }
    if (value.find_first_not_of("0123456789") == std::string::npos) {
      auto found = by_id(core::parse_id(value));
      if (!found) {
        return found.error().code == core::ErrorCode::kNotFound
                   ? problem(422, fmt::format("There is no {} {}.", name, value), name)
                   : failed(found.error());
      }
      into = found->id;
      return std::nullopt;
    }
    if (edition == nullptr) {
      return problem(422, fmt::format("A {} by its slug needs an edition.", name), name);
    }
    auto found = by_slug(edition->id, value);
    if (!found) {
      return found.error().code == core::ErrorCode::kNotFound
                 ? problem(422, fmt::format("There is no {} “{}” in this edition.", name, value),
                           name)
                 : failed(found.error());
    }
    into = found->id;
    return std::nullopt;
  };
  if (auto refused = pick(
          "section", [&](core::Id id) { return store.section(id); },
          [&](core::Id e, const std::string& s) { return store.section_by_slug(e, s); },
          q.section_id)) {
    return std::move(*refused);
  }
  if (auto refused = pick(
          "tag", [&](core::Id id) { return first(store.tags({id})); },
          [&](core::Id e, const std::string& s) { return store.tag_by_slug(e, s); }, q.tag_id)) {
    return std::move(*refused);
  }
  if (auto refused = pick(
          "author", [&](core::Id id) { return first(store.authors({id})); },
          [&](core::Id e, const std::string& s) { return store.author_by_slug(e, s); },
          q.author_id)) {
    return std::move(*refused);
  }
  for (const auto& [name, into, shift] :
       {std::tuple{"published_after", &q.published_from, std::chrono::seconds{1}},
        std::tuple{"published_before", &q.published_until, std::chrono::seconds{0}},
        std::tuple{"updated_after", &q.changed_after, std::chrono::seconds{0}}}) {
    auto t = time_param(req, name);
    if (auto* refused = std::get_if<http::Response>(&t)) {
      return std::move(*refused);
    }
    if (const auto& value = std::get<std::optional<core::Instant>>(t)) {
      *into = *value + shift;  // "after" is strict: from the next second
    }
  }
  const auto limited = limit_of(req);
  if (const auto* refused = std::get_if<http::Response>(&limited)) {
    return *refused;
  }
  const int limit = std::get<int>(limited);
  if (const auto cursor = req.query_param("cursor"); cursor && !cursor->empty()) {
    q.after = parse_cursor(*cursor);
    if (!q.after) {
      return problem(422, "This cursor is not one the API gave.", "cursor");
    }
  }
  q.limit = limit + 1;  // one more tells whether there is a next page
  auto page = store.find_articles(q);
  if (!page) {
    return failed(page.error());
  }
  const bool has_more = static_cast<int>(page->items.size()) > limit;
  if (has_more) {
    page->items.resize(static_cast<std::size_t>(limit));
  }
  if (auto read = read_names(page->items, names); !read) {
    return failed(read.error());
  }
  json list = json::array();
  for (const core::Article& a : page->items) {
    list.push_back(article_json(a, names, shape));
  }
  json body{{"articles", list},
            {"next",
             has_more ? json(absolute(with_param(req, "cursor", cursor_after(page->items.back()))))
                      : json(nullptr)}};
  if (q.count_total) {
    body["total"] = page->total;
  }
  std::vector<std::string> tags;
  for (const core::Edition& e : names.editions) {
    if (q.edition_id == 0 || e.id == q.edition_id) {
      tags.push_back(site::Site::edition_tag(e.id));
    }
  }
  return kept(answer(200, body, std::string(kPublic)), std::move(tags));
}

http::Response Api::Impl::one_article(const http::Request& req,
                                      core::Result<core::Article> found) const {
  auto shaped = shape_of(req, false);
  if (auto* refused = std::get_if<http::Response>(&shaped)) {
    return std::move(*refused);
  }
  if (!found && found.error().code != core::ErrorCode::kNotFound) {
    return failed(found.error());
  }
  if (!found || !found->is_visible_at(clock.now())) {
    return problem(404, "There is no published article here.");
  }
  Names names;
  if (auto read = read_names({*found}, names); !read) {
    return failed(read.error());
  }
  return kept(answer(200, {{"article", article_json(*found, names, std::get<Shape>(shaped))}},
                     std::string(kPublic)),
              {site::Site::article_tag(found->id), site::Site::edition_tag(found->edition_id)});
}

http::Response Api::Impl::article(const http::Request& req, const Params& p) const {
  const core::Id id = core::parse_id(p.front().second);
  return one_article(req, id > 0 ? store.article(id) : core::fail(core::not_found("")));
}

http::Response Api::Impl::article_by_slug(const http::Request& req, const Params& p) const {
  auto editions = store.editions();
  if (!editions) {
    return failed(editions.error());
  }
  for (const core::Edition& e : *editions) {
    if (e.code == p[0].second) {
      return one_article(req, store.article_by_slug(e.id, p[1].second));
    }
  }
  return problem(404, "There is no edition “" + p[0].second + "”.");
}

http::Response Api::Impl::comments(const http::Request&, const Params& p) const {
  const core::Id id = core::parse_id(p.front().second);
  auto a = id > 0 ? store.article(id) : core::fail(core::not_found(""));
  if (!a && a.error().code != core::ErrorCode::kNotFound) {
    return failed(a.error());
  }
  if (!a || !a->is_visible_at(clock.now())) {
    return problem(404, "There is no published article here.");
  }
  auto list = store.approved_comments(id);
  if (!list) {
    return failed(list.error());
  }
  json items_json = json::array();
  for (const core::Comment& c : *list) {
    items_json.push_back(comment_json(c));
  }
  return kept(answer(200, {{"comments", items_json}}, std::string(kPublic)),
              {site::Site::comments_tag(id), site::Site::article_tag(id)});
}

http::Response Api::Impl::search(const http::Request& req) const {
  auto shaped = shape_of(req, true);
  if (auto* refused = std::get_if<http::Response>(&shaped)) {
    return std::move(*refused);
  }
  const Shape& shape = std::get<Shape>(shaped);
  Names names;
  if (auto read = read_names({}, names); !read) {
    return failed(read.error());
  }
  store::SearchQuery q;
  q.now = clock.now();
  q.query = search::parse_query(req.query_param("q").value_or(""));
  if (q.query.problem != search::QueryProblem::kNone) {
    return problem(422, "Give words to look for (at most 512 bytes, not only exclusions).", "q");
  }
  const std::string code = req.query_param("edition").value_or("");
  if (!code.empty()) {
    const core::Edition* e = names.edition(code);
    if (e == nullptr) {
      return problem(422, "There is no edition “" + code + "”.", "edition");
    }
    q.edition_id = e->id;
  }
  const auto section = id_param(req, "section");
  const auto author = id_param(req, "author");
  if (!section || !author) {
    return problem(422, "section and author are given by their id.",
                   !section ? "section" : "author");
  }
  q.section_id = *section;
  q.author_id = *author;
  q.is_newest_first = req.query_param("sort") == "newest";
  const auto limited = limit_of(req);
  if (const auto* refused = std::get_if<http::Response>(&limited)) {
    return *refused;
  }
  const auto page_no = id_param(req, "page");
  if (!page_no || *page_no > 1000) {
    return problem(422, "page is a whole number from 1.", "page");
  }
  q.limit = std::get<int>(limited);
  q.offset = (*page_no <= 1 ? 0 : static_cast<int>(*page_no) - 1) * q.limit;
  auto found = store.search(q);
  if (!found) {
    return failed(found.error());
  }
  std::vector<core::Article> articles;
  for (const store::SearchHit& hit : found->hits) {
    articles.push_back(hit.article);
  }
  if (auto read = read_names(articles, names); !read) {
    return failed(read.error());
  }
  json list = json::array();
  for (const core::Article& a : articles) {
    list.push_back(article_json(a, names, shape));
  }
  std::vector<std::string> tags;
  for (const core::Edition& e : names.editions) {
    tags.push_back(site::Site::edition_tag(e.id));
  }
  return kept(answer(200, {{"articles", list}, {"total", found->total}, {"more", found->is_more}},
                     std::string(kPublic)),
              std::move(tags));
}

}  // namespace tapchi::api
