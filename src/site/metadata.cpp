#include <string>

#include <fmt/format.h>

#include "site/site_impl.h"

namespace tapchi::site {

namespace {

constexpr int kLogoPixels = 512;  // themes/default/static/icon-512.png

}  // namespace

render::JsonParty Site::Impl::publisher(const core::Edition& e) const {
  render::JsonParty p;
  p.name = current()->site_name;
  p.url = options.base_url + e.prefix;
  p.logo = render::JsonImage{options.base_url + theme->asset_href("icon-512.png"), kLogoPixels,
                             kLogoPixels};
  return p;
}

render::JsonParty Site::Impl::edition_site(const render::Frame& f, const core::Edition& e) const {
  return {f.site_name, options.base_url + e.prefix, {}, std::nullopt};
}

void Site::Impl::describe_home(render::Frame& f, const core::Edition& e) const {
  f.meta.json_ld.push_back(
      render::website_json_ld(f.site_name, options.base_url + e.prefix, e.language,
                              options.base_url + search_href(e) + "?q={search_term_string}"));
}

void Site::Impl::describe_list(render::Frame& f, const core::Edition& e, const std::string& name,
                               const std::string& path, const std::optional<render::Link>& parent,
                               bool has_feed) const {
  if (has_feed) {
    const std::string feed = feed_href(path);
    f.feeds.insert(f.feeds.begin(), {{"application/rss+xml", name + " (RSS)", feed},
                                     {"application/atom+xml", name + " (Atom)", feed + "/atom"}});
  }
  f.meta.json_ld.push_back(
      render::collection_json_ld(name, f.canonical, f.description, e.language, edition_site(f, e)));
  std::vector<render::Link> trail{{options.base_url + e.prefix, f.site_name}};
  if (parent) {
    trail.push_back({options.base_url + parent->href, parent->label});
  }
  trail.push_back({options.base_url + path, name});
  f.meta.json_ld.push_back(render::breadcrumb_json_ld(trail));
}

Site::Card Site::card(const core::Article& a) const {
  Card c;
  const std::string text = search::plain_text(a.body);
  c.title = a.title;
  c.description = core::excerpt(a.lead.empty() ? text : a.lead, kDescriptionChars);
  c.words = core::word_count(a.title) + core::word_count(a.lead) + core::word_count(text);
  if (const core::Edition* e = impl_->edition_by_id(a.edition_id); e != nullptr && a.id != 0) {
    c.url = impl_->options.base_url + article_href(*e, a);
  }
  if (a.featured_media_id != 0) {
    if (auto m = impl_->store.media(a.featured_media_id)) {
      c.image_path = media_href(m->variant_widths.empty()
                                    ? m->path
                                    : core::variant_path(m->path, m->variant_widths.back()));
    }
  }
  return c;
}

void Site::Impl::describe_article(render::ArticleView& v, const core::Edition& e,
                                  const core::Article& a, const std::string& canonical,
                                  const std::optional<core::Media>& featured) const {
  render::Frame& f = v.frame;
  render::PageMeta& m = f.meta;
  const core::Zone zone = current()->zone;
  if (f.description.empty()) {
    f.description = core::excerpt(search::plain_text(a.body), kDescriptionChars);
  }
  m.og_type = "article";
  const core::Instant published = a.published_at.value_or(clock.now());
  m.published_rfc3339 = core::format_rfc3339(published, zone);
  if (a.updated_at && *a.updated_at > published) {
    m.modified_rfc3339 = core::format_rfc3339(*a.updated_at, zone);
  }
  if (v.section) {
    m.section = v.section->label;
  }
  for (const render::Link& t : v.tags) {
    m.tags.push_back(t.label);
  }
  render::NewsArticleData d;
  d.url = options.base_url + canonical;
  d.headline = a.title;
  d.description = f.description;
  d.published_rfc3339 = m.published_rfc3339;
  d.modified_rfc3339 = m.modified_rfc3339;
  d.section = m.section;
  d.keywords = m.tags;
  d.language = e.language;
  d.publisher = publisher(e);
  d.is_part_of = edition_site(f, e);
  d.comment_count = v.comment_count;
  for (const render::Byline& b : v.bylines) {
    m.author_urls.push_back(options.base_url + b.href);
    d.authors.push_back({b.name, options.base_url + b.href, b.position, std::nullopt});
  }
  if (const auto& media = featured) {
    const std::string original = options.base_url + media_href(media->path);
    m.image_url = original;
    m.image_width = media->width;
    m.image_height = media->height;
    m.image_alt = media->alt.empty() ? media->caption : media->alt;
    // Several sizes from the variants, widest first, then the original.
    for (auto w = media->variant_widths.rbegin(); w != media->variant_widths.rend(); ++w) {
      if (*w < media->width && media->width > 0) {
        d.images.push_back({options.base_url + media_href(core::variant_path(media->path, *w)), *w,
                            media->height * *w / media->width});
      }
    }
    d.images.insert(d.images.begin(), {original, media->width, media->height});
  }
  m.json_ld.push_back(render::news_article_json_ld(d));
  std::vector<render::Link> trail{{options.base_url + e.prefix, f.site_name}};
  if (v.section) {
    trail.push_back({options.base_url + v.section->href, v.section->label});
  }
  trail.push_back({d.url, a.title});
  m.json_ld.push_back(render::breadcrumb_json_ld(trail));
}

}  // namespace tapchi::site
