#include <algorithm>
#include <charconv>
#include <map>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "site/site_impl.h"

namespace tapchi::site {

namespace {

constexpr int kLatestOnHome = 8;
constexpr int kPerSectionBlock = 4;
// The newest articles read for the front page: enough to find one with a photo for the lead
// and to fill the top stories around up to kMaxPins pinned ones.
constexpr int kNewestForHome = 30;
constexpr int kRelatedArticles = 4;

std::string param(const http::Router::Params& params, std::string_view name) {
  for (const auto& [key, value] : params) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

// "some-slug-123" → 123; 0 when there is no positive id after the last hyphen.
core::Id id_of(std::string_view slug_and_id) {
  const auto dash = slug_and_id.rfind('-');
  return core::parse_id(dash == std::string_view::npos ? slug_and_id
                                                       : slug_and_id.substr(dash + 1));
}

// Approved comments as shown: top-level ones oldest first, each with its replies. A reply to a
// reply is shown under the top-level comment it belongs to (one level of nesting).
std::vector<render::CommentView> thread(
    const std::vector<core::Comment>& comments,
    const std::function<render::CommentView(const core::Comment&)>& view) {
  std::map<core::Id, core::Id> root_of;
  for (const core::Comment& c : comments) {
    const auto parent = root_of.find(c.parent_id);
    root_of[c.id] = c.parent_id == 0 || parent == root_of.end() ? c.id : parent->second;
  }
  std::vector<render::CommentView> out;
  std::map<core::Id, std::size_t> index;
  for (const core::Comment& c : comments) {
    const core::Id root = root_of[c.id];
    if (root == c.id) {
      index[c.id] = out.size();
      out.push_back(view(c));
    } else {
      out[index[root]].replies.push_back(view(c));
    }
  }
  return out;
}

// The URLs of the pages before and after page `number` of `path`; empty where there is none.
std::pair<std::string, std::string> neighbours(const std::string& path, int number,
                                               int page_count) {
  std::pair<std::string, std::string> out;
  if (number > 1) {
    out.first = number == 2 ? path : fmt::format("{}?page={}", path, number - 1);
  }
  if (number < page_count) {
    out.second = fmt::format("{}?page={}", path, number + 1);
  }
  return out;
}

}  // namespace

http::Response Site::Impl::home(const core::Edition& e) const {
  const SectionMap sections = section_map(e);
  render::HomeView v;
  v.frame = frame(e, sections, "", e.prefix);
  v.frame.description =
      e.date_style == core::DateStyle::kEnglish
          ? fmt::format("{}: news and analysis, the latest articles by section.", v.frame.site_name)
          : fmt::format("{}: tin tức và bình luận, bài viết mới nhất theo chuyên mục.",
                        v.frame.site_name);
  describe_home(v.frame, e);
  store::ArticleQuery q;
  q.edition_id = e.id;
  q.now = clock.now();
  q.limit = kNewestForHome;
  q.count_total = false;
  const auto pins = pinned(e.id, 0, q.now);
  auto newest = need(store.find_articles(q)).items;
  // The lead: the editors' pin, else the newest article with a photo (the lead is a photo
  // slot), else the newest. The top stories: the pinned ones by place, then the newest.
  std::optional<core::Article> lead;
  std::vector<core::Article> latest;
  const auto is_pinned = [&](const core::Article& a) {
    return std::any_of(pins.begin(), pins.end(),
                       [&](const auto& p) { return p.second.id == a.id; });
  };
  std::erase_if(newest, is_pinned);
  if (!pins.empty() && pins.front().first == 0) {
    lead = pins.front().second;
  } else if (!newest.empty()) {
    const auto photo = std::find_if(newest.begin(), newest.end(), [](const core::Article& a) {
      return a.featured_media_id != 0;
    });
    const auto chosen = photo != newest.end() ? photo : newest.begin();
    lead = *chosen;
    newest.erase(chosen);
  }
  for (const auto& [place, a] : pins) {
    if (place != 0) {
      latest.push_back(a);
    }
  }
  for (core::Article& a : newest) {
    if (latest.size() >= static_cast<std::size_t>(kLatestOnHome)) {
      break;
    }
    latest.push_back(std::move(a));
  }
  std::vector<std::pair<const core::Section*, std::vector<core::Article>>> blocks;
  std::vector<core::Id> pictured;  // the lead story and each block's first
  if (lead) {
    pictured.push_back(lead->featured_media_id);
  }
  for (const core::Section* s : ordered(sections)) {
    store::ArticleQuery sq = q;
    sq.section_id = s->id;
    sq.limit = kPerSectionBlock;
    auto items = need(store.find_articles(sq)).items;
    if (!items.empty()) {
      // A block's first teaser shows a photo: the newest of its articles that has one.
      const auto photo = std::find_if(items.begin(), items.end(), [](const core::Article& a) {
        return a.featured_media_id != 0;
      });
      if (photo != items.end()) {
        std::rotate(items.begin(), photo, photo + 1);
      }
      pictured.push_back(items.front().featured_media_id);
      blocks.emplace_back(s, std::move(items));
    }
  }
  const ImageMap pictures = images(pictured);
  if (lead) {
    v.lead_story = teaser(e, *lead, sections, &pictures);
    v.latest = teasers(e, latest, sections, false);
  }
  for (const auto& [s, items] : blocks) {
    render::SectionBlock block{{section_href(e, s->slug), s->name}, {}};
    for (std::size_t i = 0; i < items.size(); ++i) {
      block.teasers.push_back(teaser(e, items[i], sections, i == 0 ? &pictures : nullptr));
    }
    v.blocks.push_back(std::move(block));
  }
  v.most_read = most_read(e, sections);
  return page(e, v.frame, theme->home(v), {Site::most_read_tag()});
}

std::vector<std::pair<int, core::Article>> Site::Impl::pinned(core::Id edition_id,
                                                              core::Id section_id,
                                                              core::Instant now) const {
  std::vector<std::pair<int, core::Article>> out;
  for (const core::Pin& p : need(store.pins(edition_id, section_id))) {
    if (p.until && *p.until <= now) {
      continue;  // lapsed
    }
    auto a = store.article(p.article_id);
    if (a && a->edition_id == edition_id && a->is_visible_at(now) &&
        (section_id == 0 || a->section_id == section_id)) {
      a->body.clear();  // a teaser needs no body
      out.emplace_back(p.place, std::move(*a));
    }
  }
  return out;
}

std::vector<render::Teaser> Site::Impl::most_read(const core::Edition& e,
                                                  const SectionMap& sections) const {
  if (options.most_read <= 0) {
    return {};
  }
  const core::Instant now = clock.now();
  const int first_day = core::day_number(now - options.most_read_window, current()->zone);
  std::vector<core::Article> read;
  for (auto& row : need(store.most_read(e.id, first_day, now, options.most_read))) {
    read.push_back(std::move(row.first));
  }
  return teasers(e, read, sections, false);
}

render::ArticleView Site::Impl::article_view(const core::Edition& e, const core::Article& a,
                                             const std::string& canonical, core::Instant now,
                                             std::vector<core::Article>* translations) const {
  const SectionMap sections = section_map(e);
  render::ArticleView v;
  v.frame = frame(e, sections, a.title, canonical, a.section_id);
  v.frame.description = core::excerpt(a.lead, 200);
  v.title = a.title;
  v.lead = a.lead;
  v.body_html = render::markdown_to_html(a.body, markdown_options(e));
  const core::Instant published = a.published_at.value_or(now);
  v.published_text = datetime(e, published);
  v.published_iso = core::format_iso8601(published);
  if (a.updated_at && *a.updated_at > published) {
    v.updated_text = datetime(e, *a.updated_at);
  }
  // Read once: the photo shown and the sizes the page's metadata names.
  std::optional<core::Media> featured;
  if (a.featured_media_id != 0) {
    if (auto m = store.media(a.featured_media_id)) {
      featured = std::move(*m);
      v.image = render::image_of(*featured, media_href(""));
    }
  }
  if (const auto s = sections.find(a.section_id); s != sections.end()) {
    v.section = render::Link{section_href(e, s->second.slug), s->second.name};
  }
  for (const core::Author& au : need(store.authors(a.author_ids))) {
    v.bylines.push_back({au.name, au.position, author_href(e, au.slug)});
  }
  for (const core::Tag& t : need(store.tags(a.tag_ids))) {
    v.tags.push_back({tag_href(e, t.slug), t.name});
  }
  *translations = need(store.translations(a.translation_key));
  for (const core::Article& other : *translations) {
    const core::Edition* oe = edition_by_id(other.edition_id);
    if (other.id == a.id || oe == nullptr || !other.is_visible_at(now)) {
      continue;
    }
    v.frame.alternates.push_back({oe->language, options.base_url + article_href(*oe, other)});
    if (!v.translation) {
      v.translation =
          render::Link{article_href(*oe, other), render::language_name(e.language, oe->language)};
    }
  }
  if (!v.frame.alternates.empty()) {
    v.frame.alternates.insert(v.frame.alternates.begin(),
                              {e.language, options.base_url + canonical});
  }
  const auto comments =
      a.id == 0 ? std::vector<core::Comment>{} : need(store.approved_comments(a.id));
  v.comment_count = static_cast<int>(comments.size());
  v.comments = thread(comments, [&](const core::Comment& c) {
    return render::CommentView{c.id,
                               c.name,
                               datetime(e, c.created_at),
                               core::format_iso8601(c.created_at),
                               c.body,
                               c.is_staff,
                               {},
                               {}};
  });
  v.comments_open = a.comments_open;
  v.related = teasers(e, need(store.related(a, now, kRelatedArticles, options.related_by_content)),
                      sections, false);
  describe_article(v, e, a, canonical, featured);
  return v;
}

http::Response Site::Impl::article(const core::Edition& e, const http::Request& req,
                                   const Params& params) const {
  const core::Id id = id_of(param(params, "article"));
  if (id == 0) {
    return not_found(e);
  }
  auto found = store.article(id);
  if (!found) {
    if (found.error().code == core::ErrorCode::kNotFound) {
      return not_found(e);
    }
    throw StoreFailure(found.error());
  }
  const core::Article& a = *found;
  const core::Instant now = clock.now();
  if (a.edition_id != e.id || !a.is_visible_at(now)) {
    return not_found(e);
  }
  const std::string canonical = article_href(e, a);
  if (req.path != canonical) {
    return http::Response::redirect(301, canonical);  // an old slug, or a wrong one
  }
  http::Response page = article_page(e, a, req, std::nullopt);
  page.view_of = a.id;  // a reader's view (the server counts it, cached or not)
  return page;
}

http::Response Site::Impl::list_page(const core::Edition& e, const http::Request& req,
                                     store::ArticleQuery query, std::string heading,
                                     std::string kind, std::string path,
                                     core::Id current_section) const {
  const auto number = page_number(req);
  if (!number) {
    return not_found(e);
  }
  const int page_size = options.page_size;
  query.edition_id = e.id;
  query.now = clock.now();
  query.limit = page_size;
  query.offset = (*number - 1) * page_size;
  store::ArticlePage found = need(store.find_articles(query));
  const int page_count = std::max(1, (found.total + page_size - 1) / page_size);
  if (*number > page_count) {
    return not_found(e);
  }
  if (current_section != 0 && *number == 1) {
    // A section page's first page starts with the editors' pins, by place.
    const auto pins = pinned(e.id, current_section, query.now);
    std::vector<core::Article> items;
    for (const auto& [place, a] : pins) {
      items.push_back(a);
    }
    for (core::Article& a : found.items) {
      const bool shown = std::any_of(items.begin(), items.end(),
                                     [&](const core::Article& b) { return b.id == a.id; });
      if (!shown && items.size() < static_cast<std::size_t>(page_size)) {
        items.push_back(std::move(a));
      }
    }
    found.items = std::move(items);
  }
  const SectionMap sections = section_map(e);
  render::ListView v;
  v.frame = frame(e, sections, *number > 1 ? fmt::format("{} ({})", heading, *number) : heading,
                  path + (*number > 1 ? fmt::format("?page={}", *number) : ""), current_section);
  const bool is_english = e.date_style == core::DateStyle::kEnglish;
  const std::string& site_name = v.frame.site_name;
  if (kind == "section") {
    v.frame.description =
        is_english ? fmt::format("{}: the latest articles of {}.", heading, site_name)
                   : fmt::format("{}: các bài viết mới nhất trên {}.", heading, site_name);
  } else if (kind == "tag") {
    v.frame.description = is_english
                              ? fmt::format("Articles about {} on {}.", heading, site_name)
                              : fmt::format("Các bài viết về {} trên {}.", heading, site_name);
  } else {
    v.frame.description = is_english ? fmt::format("Articles of {} on {}.", heading, site_name)
                                     : fmt::format("Các bài viết {} trên {}.", heading, site_name);
  }
  const std::optional<render::Link> parent =
      kind == "archive" ? std::optional<render::Link>(
                              render::Link{archive_href(e), is_english ? "Archive" : "Lưu trữ"})
                        : std::nullopt;
  describe_list(v.frame, e, heading, path, parent, kind != "archive");
  v.heading = std::move(heading);
  v.kind = std::move(kind);
  v.teasers = teasers(e, found.items, sections, true);
  v.page = *number;
  v.page_count = page_count;
  std::tie(v.prev_href, v.next_href) = neighbours(path, *number, page_count);
  if (v.kind != "section") {
    return page(e, v.frame, theme->list(v));
  }
  v.most_read = most_read(e, sections);
  return page(e, v.frame, theme->list(v), {Site::most_read_tag()});
}

http::Response Site::Impl::section(const core::Edition& e, const http::Request& req,
                                   const Params& params) const {
  auto s = store.section_by_slug(e.id, param(params, "slug"));
  if (!s) {
    return not_found(e);
  }
  store::ArticleQuery q;
  q.section_id = s->id;
  return list_page(e, req, q, s->name, "section", section_href(e, s->slug), s->id);
}

http::Response Site::Impl::tag(const core::Edition& e, const http::Request& req,
                               const Params& params) const {
  auto t = store.tag_by_slug(e.id, param(params, "slug"));
  if (!t) {
    return not_found(e);
  }
  store::ArticleQuery q;
  q.tag_id = t->id;
  return list_page(e, req, q, "#" + t->name, "tag", tag_href(e, t->slug));
}

http::Response Site::Impl::author(const core::Edition& e, const http::Request& req,
                                  const Params& params) const {
  auto au = store.author_by_slug(e.id, param(params, "slug"));
  const auto number = page_number(req);
  if (!au || !number) {
    return not_found(e);
  }
  const std::string path = author_href(e, au->slug);
  store::ArticleQuery q;
  q.edition_id = e.id;
  q.author_id = au->id;
  q.now = clock.now();
  q.limit = options.page_size;
  q.offset = (*number - 1) * options.page_size;
  const store::ArticlePage found = need(store.find_articles(q));
  const int page_count = std::max(1, (found.total + options.page_size - 1) / options.page_size);
  if (*number > page_count) {
    return not_found(e);
  }
  const SectionMap sections = section_map(e);
  render::AuthorView v;
  v.frame = frame(e, sections, au->name, path);
  const bool is_english = e.date_style == core::DateStyle::kEnglish;
  v.frame.description = fmt::format(
      fmt::runtime(is_english ? "{}{}: articles on {}." : "{}{}: các bài viết trên {}."), au->name,
      au->position.empty() ? "" : ", " + au->position, v.frame.site_name);
  describe_list(v.frame, e, au->name, path, std::nullopt, true);
  v.name = au->name;
  v.position = au->position;
  v.bio = au->bio;
  v.photo = image(au->photo_id);
  v.teasers = teasers(e, found.items, sections, false);
  std::tie(v.prev_href, v.next_href) = neighbours(path, *number, page_count);
  return page(e, v.frame, theme->author(v));
}

http::Response Site::Impl::archive_index(const core::Edition& e) const {
  const SectionMap sections = section_map(e);
  render::ArchiveIndexView v;
  const auto labels_title = e.date_style == core::DateStyle::kEnglish ? "Archive" : "Lưu trữ";
  v.frame = frame(e, sections, labels_title, archive_href(e));
  v.frame.description = e.date_style == core::DateStyle::kEnglish
                            ? fmt::format("The archive of {}, month by month.", v.frame.site_name)
                            : fmt::format("Lưu trữ của {} theo từng tháng.", v.frame.site_name);
  describe_list(v.frame, e, labels_title, archive_href(e), std::nullopt, false);
  const core::Zone zone = current()->zone;
  for (const core::Instant t : need(store.publication_times(e.id, clock.now()))) {
    const core::Zone::Local l = zone.local(t);
    const std::string href = month_href(e, l.year, l.month);
    if (v.months.empty() || v.months.back().href != href) {
      v.months.push_back({href, core::format_month(l.year, l.month, e.date_style), 0});
    }
    ++v.months.back().count;
  }
  return page(e, v.frame, theme->archive_index(v));
}

http::Response Site::Impl::archive_month(const core::Edition& e, const http::Request& req,
                                         const Params& params) const {
  const std::string year_text = param(params, "year");
  const std::string month_text = param(params, "month");
  int year = 0, month = 0;
  const bool well_formed =
      year_text.size() == 4 && month_text.size() == 2 &&
      std::from_chars(year_text.data(), year_text.data() + 4, year).ec == std::errc{} &&
      std::from_chars(month_text.data(), month_text.data() + 2, month).ec == std::errc{} &&
      year >= 1900 && month >= 1 && month <= 12;
  if (!well_formed) {
    return not_found(e);
  }
  store::ArticleQuery q;
  const core::Zone zone = current()->zone;
  q.published_from = zone.from_local(year, month, 1);
  q.published_until =
      month == 12 ? zone.from_local(year + 1, 1, 1) : zone.from_local(year, month + 1, 1);
  return list_page(e, req, q, core::format_month(year, month, e.date_style), "archive",
                   month_href(e, year, month));
}

http::Response Site::Impl::static_page(const core::Edition& e, const Params& params) const {
  auto p = store.static_page_by_slug(e.id, param(params, "slug"));
  if (!p && p.error().code != core::ErrorCode::kNotFound) {
    throw StoreFailure(p.error());
  }
  if (!p || !p->is_published) {
    return not_found(e);
  }
  const std::string path = page_href(e, p->slug);
  render::PageView v;
  v.frame = frame(e, section_map(e), p->title, path);
  v.title = p->title;
  v.body_html = render::markdown_to_html(p->body, markdown_options(e));
  v.frame.description = core::excerpt(search::plain_text(p->body), kDescriptionChars);
  v.updated_text = datetime(e, p->updated_at);
  v.updated_iso = core::format_iso8601(p->updated_at);
  v.frame.meta.json_ld.push_back(render::breadcrumb_json_ld(
      {{options.base_url + e.prefix, v.frame.site_name}, {options.base_url + path, p->title}}));
  return page(e, v.frame, theme->static_page(v));
}

}  // namespace tapchi::site
