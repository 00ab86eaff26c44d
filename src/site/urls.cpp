#include <fmt/format.h>

#include "site/site.h"

namespace tapchi::site {

// URL scheme (every path under the edition's prefix):
//   {prefix}                          front page
//   {prefix}{slug}-{id}.html          article; the id is what counts, the slug follows the title
//   {prefix}section/{slug}            section, ?page=N
//   {prefix}tag/{slug}                tag, ?page=N
//   {prefix}author/{slug}             author, ?page=N
//   {prefix}page/{slug}               static page ("About us")
//   {prefix}archive/                  months with articles
//   {prefix}archive/{yyyy}/{mm}       one month, ?page=N
//   {prefix}search                    search, ?q=…&section=&author=&from=&to=&sort=newest&page=N
//   {page}/feed, {page}/feed/atom     RSS and Atom of a front page, section, tag or author
//   /sitemap.xml                      index of /sitemap-{code}-pages.xml, /sitemap-{code}-{n}.xml
//   /news-sitemap.xml, /robots.txt, /favicon.ico, /apple-touch-icon.png
//   /static/{file}?v={fingerprint}    theme assets;  /media/{yyyy}/{mm}/{file}  media files

std::string article_href(const core::Edition& e, const core::Article& a) {
  return article_href(e, a.slug, a.id);
}
std::string article_href(const core::Edition& e, std::string_view slug, core::Id id) {
  return fmt::format("{}{}-{}.html", e.prefix, slug, id);
}
std::string section_href(const core::Edition& e, std::string_view slug) {
  return fmt::format("{}section/{}", e.prefix, slug);
}
std::string tag_href(const core::Edition& e, std::string_view slug) {
  return fmt::format("{}tag/{}", e.prefix, slug);
}
std::string author_href(const core::Edition& e, std::string_view slug) {
  return fmt::format("{}author/{}", e.prefix, slug);
}
std::string page_href(const core::Edition& e, std::string_view slug) {
  return fmt::format("{}page/{}", e.prefix, slug);
}
std::string archive_href(const core::Edition& e) { return e.prefix + "archive/"; }
std::string month_href(const core::Edition& e, int year, int month) {
  return fmt::format("{}archive/{:04}/{:02}", e.prefix, year, month);
}
std::string media_href(std::string_view media_path) { return fmt::format("/media/{}", media_path); }
std::string search_href(const core::Edition& e) { return e.prefix + "search"; }
std::string feed_href(std::string_view page_path) {
  return std::string(page_path) + (page_path.ends_with('/') ? "feed" : "/feed");
}

}  // namespace tapchi::site
