// site: the public edition of the journal. Routes readers' requests to pages (home, article,
// section, tag, author, archive, 404), asks the store for what they show and the theme to render
// it. Each edition lives under its own path prefix. Safe to call from every server loop at once.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "comments/comments.h"
#include "core/core.h"
#include "http/http.h"
#include "render/render.h"
#include "store/store.h"

namespace tapchi::site {

// How readers' comments are taken in; the policy itself is a site setting.
struct CommentOptions {
  comments::Limits limits;
  std::vector<std::string> spam_words;  // a comment with one of them goes to spam
  core::TokenBuckets::Rate rate{5, std::chrono::seconds{30}};  // per client address
  std::chrono::seconds duplicate_window = std::chrono::hours{24};
};

struct SiteOptions {
  std::string name;                 // the journal's name, in the masthead
  std::string base_url;             // "https://tapchi.example", for canonical links; no slash
  core::Zone zone;                  // the site's time zone
  std::filesystem::path media_dir;  // where uploaded and imported media files live
  int page_size = 20;               // articles per list page
  std::size_t cache_budget_bytes = std::size_t{128} << 20;  // the page cache; 0 turns it off
  int watch_interval_ms = 250;  // how often to look for writes of other processes
  CommentOptions comments = {};
  std::vector<std::string> robots_disallow{"/admin/"};  // paths robots.txt asks crawlers to skip
  // Related articles ranked by content (false: by tags alone, the benchmarks' baseline).
  bool related_by_content = true;
  // The "Most read" block of the front page and section pages: how many articles (0: none), by
  // their readers' views over the last `most_read_window` (whole days in the site's zone).
  int most_read = 5;
  std::chrono::hours most_read_window{48};
};

// The URL scheme, one function per kind of page. `prefix` is the edition's ("/" or "/en/").
std::string article_href(const core::Edition& e, const core::Article& a);
std::string article_href(const core::Edition& e, std::string_view slug, core::Id id);
std::string section_href(const core::Edition& e, std::string_view slug);
std::string tag_href(const core::Edition& e, std::string_view slug);
std::string author_href(const core::Edition& e, std::string_view slug);
std::string page_href(const core::Edition& e, std::string_view slug);
std::string archive_href(const core::Edition& e);
std::string month_href(const core::Edition& e, int year, int month);
std::string media_href(std::string_view media_path);
std::string search_href(const core::Edition& e);
// The RSS feed of the page at `page_path` (an edition's front page, a section, tag or author);
// its Atom variant is the same with "/atom" after it.
std::string feed_href(std::string_view page_path);

class Site {
 public:
  // Reads the editions from the store; fails with kInvalid when there is none.
  static core::Result<std::unique_ptr<Site>> create(SiteOptions options, store::Store& store,
                                                    std::shared_ptr<const render::Theme> theme,
                                                    const core::Clock& clock);
  ~Site();
  Site(const Site&) = delete;
  Site& operator=(const Site&) = delete;

  // Answers any request: pages, static assets, media, /healthz, readers' comments (POST
  // /comments); 404 and 405 included.
  // Published pages come from the page cache, which store changes keep exact.
  http::Response handle(const http::Request& request) const;

  // Answers a read of another door (the Content API) as pages are answered: from the page
  // cache when kept, else by `render` in one read snapshot, kept under the request's path and
  // the values of the query parameters `varies` when cacheable and a 200. A store failure
  // inside `render` (thrown by the site's readers) answers 503 or 500.
  http::Response cached(const http::Request& request, const std::vector<std::string>& varies,
                        const std::function<http::Response()>& render) const;
  // The tags of what a cached answer shows (http::Cacheability::tags): any change to the
  // edition's articles, sections, tags or authors; to the article; to its approved comments.
  static std::string edition_tag(core::Id edition_id);
  static std::string article_tag(core::Id article_id);
  static std::string comments_tag(core::Id article_id);
  // Carried by the pages showing the most read articles; refresh_most_read() drops them.
  static std::string most_read_tag() { return "most-read"; }
  void refresh_most_read() const;

  // The article page `a` would have if it were published now, rendered by the same code as the
  // public page, for the editor's preview: unsaved and unpublished articles too. Never cached.
  core::Result<std::string> preview(const core::Article& a) const;

  // How search engines and social sites show article `a`, as its page's head says it: the
  // page's absolute address (empty before it has an id), title, description, the featured
  // photo on this server (empty without one) and the words of its text.
  struct Card {
    std::string url;
    std::string title;
    std::string description;
    // "/media/…", at its widest variant: the social card's photo at the size the back office
    // shows it (the page's og:image names the original).
    std::string image_path;
    std::size_t words = 0;
  };
  Card card(const core::Article& a) const;

  // The journal's name and time zone as they are now: the back office's settings over the
  // config file's.
  std::string site_name() const;
  core::Zone zone() const;
  // The language of the journal's first edition ("vi", "en"): the back office's default.
  std::string language() const;

  // Whether a GET of `path` shows one of the journal's own pages now (an answer of 200): an
  // old address there would never be looked up.
  bool serves(std::string_view path) const;

  // The page cache's counters (all zero when it is off).
  http::PageCache::Stats cache_stats() const;

  struct Impl;

 private:
  explicit Site(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tapchi::site
