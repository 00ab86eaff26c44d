#include <algorithm>
#include <string>

#include "site/site_impl.h"

namespace tapchi::site {

const core::Edition& Site::Impl::edition_for_path(std::string_view path) const {
  const core::Edition* best = &editions.front();
  std::size_t best_length = 0;
  for (const core::Edition& e : editions) {
    // "/en/" also owns "/en" so that the bare prefix reaches its edition.
    const std::string_view bare = std::string_view(e.prefix).substr(0, e.prefix.size() - 1);
    const bool owns = path.rfind(e.prefix, 0) == 0 || (!bare.empty() && path == bare);
    if (owns && e.prefix.size() > best_length) {
      best = &e;
      best_length = e.prefix.size();
    }
  }
  return *best;
}

const core::Edition* Site::Impl::edition_by_id(core::Id id) const {
  for (const core::Edition& e : editions) {
    if (e.id == id) {
      return &e;
    }
  }
  return nullptr;
}

std::vector<const core::Section*> ordered(const SectionMap& sections) {
  std::vector<const core::Section*> out;
  for (const auto& [id, s] : sections) {
    out.push_back(&s);
  }
  std::sort(out.begin(), out.end(), [](const core::Section* a, const core::Section* b) {
    return a->position != b->position ? a->position < b->position : a->id < b->id;
  });
  return out;
}

SectionMap Site::Impl::section_map(const core::Edition& e) const {
  SectionMap map;
  for (auto& s : need(store.sections(e.id))) {
    map.emplace(s.id, std::move(s));
  }
  return map;
}

render::MarkdownOptions Site::Impl::markdown_options(const core::Edition& e) const {
  render::MarkdownOptions md;
  md.language = e.language;
  md.lookup_media = [this](core::Id media_id) -> std::optional<core::Media> {
    auto m = store.media(media_id);
    return m ? std::optional<core::Media>(*m) : std::nullopt;
  };
  return md;
}

std::string Site::Impl::datetime(const core::Edition& e, core::Instant t) const {
  return core::format_datetime(t, current()->zone, e.date_style);
}

render::Frame Site::Impl::frame(const core::Edition& e, const SectionMap& sections,
                                std::string title, std::string_view path,
                                core::Id current_section) const {
  render::Frame f;
  const auto settings = current();
  const auto named = settings->edition_names.find(e.id);
  const std::string& edition_name = named != settings->edition_names.end() ? named->second : e.name;
  f.language = e.language;
  f.site_name = edition_name.empty() ? settings->site_name : edition_name;
  f.home_href = e.prefix;
  f.title = title.empty() ? f.site_name : title + " - " + f.site_name;
  f.canonical = options.base_url + std::string(path);
  f.now_text = datetime(e, clock.now());
  f.archive_href = archive_href(e);
  f.search_href = search_href(e);
  f.icon_href = "/favicon.ico";
  f.touch_icon_href = "/apple-touch-icon.png";
  const std::string feed = feed_href(e.prefix);
  f.feeds = {{"application/rss+xml", f.site_name + " (RSS)", feed},
             {"application/atom+xml", f.site_name + " (Atom)", feed + "/atom"}};
  for (const core::Section* s : ordered(sections)) {
    f.sections.push_back({section_href(e, s->slug), s->name, s->id == current_section});
  }
  if (const auto found = settings->footer_pages.find(e.id); found != settings->footer_pages.end()) {
    f.footer_pages = found->second;
    for (render::Link& l : f.footer_pages) {
      l.is_current = l.href == path;
    }
  }
  for (const core::Edition& other : editions) {
    f.editions.push_back(
        {other.prefix, render::language_autonym(other.language), other.id == e.id});
  }
  return f;
}

std::optional<render::Image> Site::Impl::image(core::Id media_id) const {
  if (media_id == 0) {
    return std::nullopt;
  }
  auto m = store.media(media_id);
  if (!m) {
    return std::nullopt;
  }
  return render::image_of(*m, media_href(""));
}

ImageMap Site::Impl::images(const std::vector<core::Id>& media_ids) const {
  ImageMap out;
  std::vector<core::Id> wanted;
  for (const core::Id id : media_ids) {
    if (id != 0) {
      wanted.push_back(id);
    }
  }
  for (const core::Media& m : need(store.media(wanted))) {
    out.emplace(m.id, render::image_of(m, media_href("")));
  }
  return out;
}

render::Teaser Site::Impl::teaser(const core::Edition& e, const core::Article& a,
                                  const SectionMap& sections, const ImageMap* with_images) const {
  render::Teaser t;
  t.href = article_href(e, a);
  t.title = a.title;
  t.excerpt = core::excerpt(a.lead, 180);
  if (a.published_at) {
    t.time_text = datetime(e, *a.published_at);
    t.time_iso = core::format_iso8601(*a.published_at);
  }
  if (with_images != nullptr) {
    if (const auto found = with_images->find(a.featured_media_id); found != with_images->end()) {
      t.image = found->second;
    }
  }
  const auto s = sections.find(a.section_id);
  if (s != sections.end()) {
    t.section = render::Link{section_href(e, s->second.slug), s->second.name};
  }
  return t;
}

std::vector<render::Teaser> Site::Impl::teasers(const core::Edition& e,
                                                const std::vector<core::Article>& articles,
                                                const SectionMap& sections, bool with_image) const {
  ImageMap found;
  if (with_image) {
    std::vector<core::Id> ids;
    for (const core::Article& a : articles) {
      ids.push_back(a.featured_media_id);
    }
    found = images(ids);
  }
  std::vector<render::Teaser> out;
  out.reserve(articles.size());
  for (const core::Article& a : articles) {
    out.push_back(teaser(e, a, sections, with_image ? &found : nullptr));
  }
  return out;
}

std::size_t Site::Impl::edition_index(const core::Edition& e) const {
  return static_cast<std::size_t>(&e - editions.data());
}

http::Response Site::Impl::page(const core::Edition& e, const render::Frame& f, std::string html,
                                std::vector<std::string> tags, int status) const {
  http::Response r = http::Response::html(status, std::move(html));
  r.set("Cache-Control", "public, max-age=30, stale-while-revalidate=60");
  // Every page of an edition shows its sections and front-page material.
  tags.push_back(Site::edition_tag(e.id));
  r.cacheable = http::Cacheability{std::move(tags), f.now_text, static_cast<int>(edition_index(e))};
  return r;
}

http::Response Site::Impl::not_found(const core::Edition& e) const {
  render::Frame f = frame(e, section_map(e), "", e.prefix);
  f.title = "404 - " + f.site_name;
  f.description = e.date_style == core::DateStyle::kEnglish
                      ? "The page you asked for does not exist or has been moved."
                      : "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.";
  return page(e, f, theme->not_found(f), {}, 404);
}

std::string media_content_type(std::string_view name) {
  const auto dot = name.rfind('.');
  std::string ext(dot == std::string_view::npos ? "" : name.substr(dot + 1));
  for (char& c : ext) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (ext == "jpg" || ext == "jpeg") {
    return "image/jpeg";
  }
  if (ext == "png") {
    return "image/png";
  }
  if (ext == "webp") {
    return "image/webp";
  }
  if (ext == "gif") {
    return "image/gif";
  }
  return {};
}

std::optional<int> page_number(const http::Request& req) {
  const auto param = req.query_param("page");
  if (!param) {
    return 1;
  }
  if (param->empty() || param->size() > 6 ||
      param->find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const int n = std::stoi(*param);
  return n >= 1 ? std::optional<int>(n) : std::nullopt;
}

}  // namespace tapchi::site
