#include <algorithm>
#include <map>
#include <string>

#include <fmt/format.h>

#include "site/site_impl.h"

namespace tapchi::site {

namespace {

constexpr int kFeedEntries = 20;
constexpr int kUrlsPerSitemap = 50'000;  // the sitemap protocol's limit
constexpr int kNewsArticles = 1'000;     // Google News sitemaps list at most this many…
constexpr auto kNewsWindow = std::chrono::hours{48};  // …of this many hours

// "en-GB" → "en": the news sitemap wants an ISO 639 code.
std::string primary_language(std::string_view tag) {
  return std::string(tag.substr(0, tag.find_first_of("-_")));
}

}  // namespace

http::Response Site::Impl::xml(const core::Edition* e, std::string body,
                               std::string content_type) const {
  http::Response r;
  r.body = std::move(body);
  r.set("Content-Type", std::move(content_type));
  r.set("Cache-Control", "public, max-age=300");
  // Feeds and sitemaps show articles of their edition (of every edition without one).
  std::vector<std::string> tags;
  if (e != nullptr) {
    tags.push_back("edition:" + std::to_string(e->id));
  } else {
    for (const core::Edition& each : editions) {
      tags.push_back(Site::edition_tag(each.id));
    }
  }
  r.cacheable = http::Cacheability{std::move(tags), {}, 0};
  return r;
}

http::Response Site::Impl::feed(const core::Edition& e, FeedScope scope, const Params& params,
                                bool is_atom) const {
  store::ArticleQuery q;
  q.edition_id = e.id;
  q.now = clock.now();
  q.limit = kFeedEntries;
  q.count_total = false;
  const SectionMap sections = section_map(e);
  const auto settings = current();
  render::Feed f;
  const auto named = settings->edition_names.find(e.id);
  const std::string site_name = named != settings->edition_names.end() && !named->second.empty()
                                    ? named->second
                                    : settings->site_name;
  f.title = site_name;
  std::string page_path = e.prefix;
  const std::string slug = params.empty() ? std::string() : params.front().second;
  switch (scope) {
    case FeedScope::kEdition:
      break;
    case FeedScope::kSection: {
      auto s = store.section_by_slug(e.id, slug);
      if (!s) {
        return not_found(e);
      }
      q.section_id = s->id;
      f.title = s->name + " - " + site_name;
      page_path = section_href(e, s->slug);
      break;
    }
    case FeedScope::kTag: {
      auto t = store.tag_by_slug(e.id, slug);
      if (!t) {
        return not_found(e);
      }
      q.tag_id = t->id;
      f.title = "#" + t->name + " - " + site_name;
      page_path = tag_href(e, t->slug);
      break;
    }
    case FeedScope::kAuthor: {
      auto a = store.author_by_slug(e.id, slug);
      if (!a) {
        return not_found(e);
      }
      q.author_id = a->id;
      f.title = a->name + " - " + site_name;
      page_path = author_href(e, a->slug);
      break;
    }
  }
  const core::Zone zone = settings->zone;
  const std::string feed_path = feed_href(page_path);
  f.language = e.language;
  f.site_url = options.base_url + page_path;
  f.rss_url = options.base_url + feed_path;
  f.atom_url = options.base_url + feed_path + "/atom";
  f.icon_url = options.base_url + theme->asset_href("icon-512.png");
  const auto found = need(store.find_articles(q)).items;
  const core::Instant newest =
      found.empty() ? q.now : found.front().updated_at.value_or(*found.front().published_at);
  f.updated_rfc3339 = core::format_rfc3339(newest, zone);
  f.updated_rfc822 = core::format_rfc822(newest, zone);

  render::MarkdownOptions md = markdown_options(e);
  md.media_url_prefix = options.base_url + media_href("");
  std::vector<core::Id> pictured;
  for (const core::Article& listed : found) {
    pictured.push_back(listed.featured_media_id);
  }
  std::map<core::Id, core::Media> media;
  for (core::Media& m : need(store.media(pictured))) {
    media.emplace(m.id, std::move(m));
  }
  for (const core::Article& listed : found) {
    const core::Article a = need(store.article(listed.id));  // with its body
    render::FeedEntry entry;
    entry.id = article_guid(a.id);
    entry.url = options.base_url + article_href(e, a);
    entry.title = a.title;
    entry.summary = a.lead;
    entry.content_html = render::markdown_to_html(a.body, md);
    entry.published_rfc3339 = core::format_rfc3339(*a.published_at, zone);
    entry.published_rfc822 = core::format_rfc822(*a.published_at, zone);
    if (a.updated_at && *a.updated_at > *a.published_at) {
      entry.updated_rfc3339 = core::format_rfc3339(*a.updated_at, zone);
    }
    for (const core::Author& au : need(store.authors(a.author_ids))) {
      entry.authors.push_back(au.name);
    }
    if (const auto s = sections.find(a.section_id); s != sections.end()) {
      entry.categories.push_back(s->second.name);
    }
    for (const core::Tag& t : need(store.tags(a.tag_ids))) {
      entry.categories.push_back(t.name);
    }
    if (const auto m = media.find(a.featured_media_id); m != media.end()) {
      entry.image = render::FeedEntry::Enclosure{
          options.base_url + media_href(m->second.path), media_content_type(m->second.path),
          m->second.bytes, m->second.width, m->second.height};
    }
    f.entries.push_back(std::move(entry));
  }
  return is_atom ? xml(&e, render::atom(f), "application/atom+xml; charset=utf-8")
                 : xml(&e, render::rss(f), "application/rss+xml; charset=utf-8");
}

http::Response Site::Impl::sitemap_index() const {
  const core::Instant now = clock.now();
  const core::Zone zone = current()->zone;
  std::vector<std::pair<std::string, std::string>> maps;
  for (const core::Edition& e : editions) {
    store::ArticleQuery q;
    q.edition_id = e.id;
    q.now = now;
    q.limit = 1;
    const store::ArticlePage newest = need(store.find_articles(q));
    const std::string lastmod =
        newest.items.empty() ? std::string()
                             : core::format_rfc3339(*newest.items.front().published_at, zone);
    maps.emplace_back(options.base_url + fmt::format("/sitemap-{}-pages.xml", e.code), lastmod);
    const int parts = (newest.total + kUrlsPerSitemap - 1) / kUrlsPerSitemap;
    for (int n = 1; n <= parts; ++n) {
      maps.emplace_back(options.base_url + fmt::format("/sitemap-{}-{}.xml", e.code, n), lastmod);
    }
  }
  return xml(nullptr, render::sitemap_index(maps), "application/xml; charset=utf-8");
}

// "/sitemap-{code}-pages.xml" (front page, sections, tags, authors, archive, static pages) or
// "/sitemap-{code}-{n}.xml" (articles n*50,000 … by id, with photos and translations).
http::Response Site::Impl::sitemap(const http::Request& req) const {
  const std::string_view name =
      std::string_view(req.path).substr(std::string_view("/sitemap-").size());
  const std::string_view stem = name.substr(0, name.size() - std::string_view(".xml").size());
  const auto dash = stem.rfind('-');
  const core::Edition* e = nullptr;
  for (const core::Edition& each : editions) {
    if (dash != std::string_view::npos && stem.substr(0, dash) == each.code) {
      e = &each;
    }
  }
  if (e == nullptr) {
    return not_found(editions.front());
  }
  const std::string_view part = stem.substr(dash + 1);
  const core::Instant now = clock.now();
  const core::Zone zone = current()->zone;
  std::vector<render::SitemapUrl> urls;
  if (part == "pages") {
    urls.push_back({options.base_url + e->prefix, {}, {}, {}});
    const SectionMap sections = section_map(*e);
    for (const core::Section* s : ordered(sections)) {
      urls.push_back({options.base_url + section_href(*e, s->slug), {}, {}, {}});
    }
    for (const core::Author& a : need(store.authors_of(e->id))) {
      urls.push_back({options.base_url + author_href(*e, a.slug), {}, {}, {}});
    }
    const auto used = need(store.tag_usage(e->id));
    for (const core::Tag& t : need(store.tags_of(e->id))) {
      if (used.contains(t.id)) {
        urls.push_back({options.base_url + tag_href(*e, t.slug), {}, {}, {}});
      }
    }
    urls.push_back({options.base_url + archive_href(*e), {}, {}, {}});
    for (const core::StaticPage& p : need(store.static_pages(e->id))) {
      if (p.is_published) {
        urls.push_back({options.base_url + page_href(*e, p.slug),
                        core::format_rfc3339(p.updated_at, zone),
                        {},
                        {}});
      }
    }
    return xml(e, render::sitemap(urls), "application/xml; charset=utf-8");
  }
  const core::Id n = core::parse_id(part);
  if (n == 0 || n > 100'000) {
    return not_found(*e);
  }
  store::SitemapQuery q;
  q.edition_id = e->id;
  q.now = now;
  q.offset = static_cast<int>((n - 1) * kUrlsPerSitemap);
  q.limit = kUrlsPerSitemap;
  const auto entries = need(store.sitemap_entries(q));
  if (entries.empty()) {
    return not_found(*e);
  }
  urls.reserve(entries.size());
  for (const store::SitemapEntry& entry : entries) {
    render::SitemapUrl u;
    u.loc = options.base_url + article_href(*e, entry.slug, entry.id);
    u.lastmod = core::format_rfc3339(entry.updated_at.value_or(entry.published_at), zone);
    if (!entry.image_path.empty()) {
      u.images.push_back(options.base_url + media_href(entry.image_path));
    }
    // hreflang alternates name every language version, this one included.
    for (const store::SitemapEntry::Translation& t : entry.translations) {
      if (const core::Edition* te = edition_by_id(t.edition_id)) {
        if (u.alternates.empty()) {
          u.alternates.push_back({e->language, u.loc});
        }
        u.alternates.push_back({te->language, options.base_url + article_href(*te, t.slug, t.id)});
      }
    }
    urls.push_back(std::move(u));
  }
  return xml(e, render::sitemap(urls), "application/xml; charset=utf-8");
}

http::Response Site::Impl::news_sitemap() const {
  const core::Instant now = clock.now();
  const auto settings = current();
  std::vector<render::NewsUrl> urls;
  for (const core::Edition& e : editions) {
    store::ArticleQuery q;
    q.edition_id = e.id;
    q.now = now;
    q.published_from = now - kNewsWindow;
    q.limit = kNewsArticles - static_cast<int>(urls.size());
    q.count_total = false;
    if (q.limit <= 0) {
      break;
    }
    const auto named = settings->edition_names.find(e.id);
    const std::string name = named != settings->edition_names.end() && !named->second.empty()
                                 ? named->second
                                 : settings->site_name;
    for (const core::Article& a : need(store.find_articles(q)).items) {
      urls.push_back({options.base_url + article_href(e, a), name, primary_language(e.language),
                      core::format_rfc3339(*a.published_at, settings->zone), a.title});
    }
  }
  return xml(nullptr, render::news_sitemap(urls), "application/xml; charset=utf-8");
}

http::Response Site::Impl::robots() const {
  std::string text = "User-agent: *\n";
  for (const std::string& path : options.robots_disallow) {
    text += "Disallow: " + path + "\n";
  }
  text += "Allow: /\n\nSitemap: " + options.base_url +
          "/sitemap.xml\nSitemap: " + options.base_url + "/news-sitemap.xml\n";
  http::Response r = http::Response::text(200, std::move(text));
  r.set("Cache-Control", "public, max-age=3600");
  return r;
}

http::Response Site::Impl::icon(std::string_view name) const {
  const render::Asset* asset = theme->asset(name);
  if (asset == nullptr) {
    return not_found(editions.front());
  }
  http::Response r;
  r.body = asset->content;
  r.set("Content-Type", asset->content_type);
  r.set("Cache-Control", "public, max-age=86400");
  return r;
}

std::string Site::Impl::article_guid(core::Id id) const {
  return fmt::format("{}/?p={}", options.base_url, id);
}

}  // namespace tapchi::site
