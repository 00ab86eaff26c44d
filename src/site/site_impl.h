// The public site's internals: shared by the handlers and the view builders. Private to site.
#pragma once
#include <atomic>
#include <limits>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "site/site.h"

namespace tapchi::site {

// A store failure inside a handler; Site::handle answers it with a 500 page.
class StoreFailure : public std::runtime_error {
 public:
  explicit StoreFailure(const core::Error& e)
      : std::runtime_error(e.describe()),
        is_unavailable_(e.code == core::ErrorCode::kUnavailable) {}
  // The database was busy or away (503, try again), rather than failing (500).
  bool is_unavailable() const { return is_unavailable_; }

 private:
  bool is_unavailable_;
};

// The value of `r`, or a StoreFailure.
template <typename T>
T need(core::Result<T> r) {
  if (!r) {
    throw StoreFailure(r.error());
  }
  return std::move(r).value();
}

// The longest meta description of a page, in characters.
constexpr std::size_t kDescriptionChars = 200;

using SectionMap = std::map<core::Id, core::Section>;
using ImageMap = std::map<core::Id, render::Image>;  // by media id

// The sections in navigation order.
std::vector<const core::Section*> ordered(const SectionMap& sections);

struct Site::Impl {
  SiteOptions options;
  store::Store& store;
  std::shared_ptr<const render::Theme> theme;
  const core::Clock& clock;
  std::vector<core::Edition> editions;  // by position; the first is the default edition
  http::Router router;
  std::unique_ptr<http::PageCache> cache;  // null when off
  // When the next scheduled article becomes visible (unix seconds): the cache is dropped then.
  mutable std::atomic<std::int64_t> next_publication{std::numeric_limits<std::int64_t>::max()};
  mutable std::atomic<bool> is_schedule_stale{false};  // an article changed since the lookup
  // What the back office's settings change while the site runs; reloaded on the first request
  // after a change of settings or editions.
  struct Live {
    core::Zone zone;
    std::string site_name;
    std::map<core::Id, std::string> edition_names;
    comments::Policy comment_policy;
    std::string first_language;  // of the edition at the first position
    // Each edition's published static pages the footer lists, in their order.
    std::map<core::Id, std::vector<render::Link>> footer_pages;
  };
  mutable std::atomic<std::shared_ptr<const Live>> live;
  mutable std::atomic<bool> is_live_stale{false};
  std::optional<comments::Signer> signer;       // keyed with the store's server secret
  std::vector<std::string> folded_spam_words;   // options.comments.spam_words, folded
  std::unique_ptr<core::Buckets> comment_rate;  // per client address, shared by every node
  // Drops the cache when a write arrives that no event told of (another process committed).
  std::jthread watcher;

  Impl(SiteOptions o, store::Store& s, std::shared_ptr<const render::Theme> t, const core::Clock& c)
      : options(std::move(o)),
        store(s),
        theme(std::move(t)),
        clock(c),
        comment_rate(store::buckets(s, "comments", options.comments.rate)) {}

  void add_routes();
  void start_cache();
  void on_change(const store::Change& c);
  // Drops every cached page and every remembered answer (an unknown change by another process).
  void forget_everything();
  // The watcher's loop: SQLite's commit counts, or PostgreSQL's changes one by one.
  void watch_commits(const std::stop_token& stop);
  void follow_changes(const std::stop_token& stop);
  void refresh_next_publication() const;
  // The settings as they are now.
  std::shared_ptr<const Live> current() const;
  // The page cache's key of a request to a route that varies by the query parameters `varies`:
  // its path and their normalised values, as structured parts (see site.cpp).
  static std::string cache_key(const http::Request& request, const std::vector<std::string>& varies,
                               core::Instant now);
  // The key of edition `e`'s 404 page, which every unknown path of the edition shares.
  std::string not_found_key(const core::Edition& e, core::Instant now) const;
  // What `render` answers, or the page saying the journal is unavailable when the store fails.
  http::Response answer(const http::Request& request,
                        const std::function<http::Response()>& render) const;
  // The page cache's answer under `key`, else what `render` answers, kept when cacheable: a 200
  // under `key`, a 404 under not_found_key() (not kept when that is empty).
  http::Response through_cache(const http::Request& request, const std::string& key,
                               const std::function<std::string()>& not_found_key,
                               const std::function<http::Response()>& render) const;
  // Renders the request as the router matched it, without the cache.
  http::Response render(const http::Request& request, const http::Router::Match& match) const;
  std::size_t edition_index(const core::Edition& e) const;
  const core::Edition& edition_for_path(std::string_view path) const;
  const core::Edition* edition_by_id(core::Id id) const;
  SectionMap section_map(const core::Edition& e) const;

  // What every page of edition `e` shows around its content.
  render::Frame frame(const core::Edition& e, const SectionMap& sections, std::string title,
                      std::string_view path, core::Id current_section = 0) const;
  // A teaser, with its image when `with_images` (from images()) holds it.
  render::Teaser teaser(const core::Edition& e, const core::Article& a, const SectionMap& sections,
                        const ImageMap* with_images) const;
  // The "Most read" block's teasers: the edition's articles most read over the window.
  std::vector<render::Teaser> most_read(const core::Edition& e, const SectionMap& sections) const;
  // Teasers of `articles`, their images (when wanted) read at once.
  std::vector<render::Teaser> teasers(const core::Edition& e,
                                      const std::vector<core::Article>& articles,
                                      const SectionMap& sections, bool with_image) const;
  std::optional<render::Image> image(core::Id media_id) const;
  // The images of these media, in one read; ids of 0 or unknown are left out.
  ImageMap images(const std::vector<core::Id>& media_ids) const;
  std::string datetime(const core::Edition& e, core::Instant t) const;
  // How edition `e`'s Markdown becomes HTML: its language, photos from the library.
  render::MarkdownOptions markdown_options(const core::Edition& e) const;

  // A rendered page of edition `e`, cacheable with the clock of `f` and `tags` besides the
  // edition's own.
  http::Response page(const core::Edition& e, const render::Frame& f, std::string html,
                      std::vector<std::string> tags = {}, int status = 200) const;
  http::Response not_found(const core::Edition& e) const;
  // A permanent redirect for an old address (kept in the store: a WordPress site's, or one an
  // editor set), or for a path with a trailing '/' that names a page without it; nullopt when
  // the request is no such address.
  std::optional<http::Response> moved(const http::Request& request) const;
  // Whether the request carries one of WordPress's ids (?p=12, ?page_id=3, …): its path alone
  // does not say what it asks for.
  static bool carries_wordpress_id(const http::Request& request);
  // Whether any redirect is kept, rechecked at most once a minute while none is (another
  // process's import may add them).
  bool may_have_redirects() const;
  mutable std::atomic<bool> has_redirects{false};
  mutable std::atomic<std::int64_t> redirects_checked_at{0};
  // Where old addresses led, by lookup key, so that a redirect answered once is answered again
  // without the store (at most kRememberedRedirects; emptied by every change, since a slug or
  // a publication may move what they lead to).
  static constexpr std::size_t kRememberedRedirects = 50'000;
  mutable std::mutex redirects_mutex;
  mutable std::unordered_map<std::string, std::string> remembered_redirects;
  void forget_redirects() const {
    std::lock_guard lock(redirects_mutex);
    remembered_redirects.clear();
  }

  using Params = http::Router::Params;
  http::Response home(const core::Edition& e) const;
  // The articles the editors pinned on a front page (section 0) or section page that hold at
  // `now` (not lapsed, visible, of the page), by place, without their bodies.
  std::vector<std::pair<int, core::Article>> pinned(core::Id edition_id, core::Id section_id,
                                                    core::Instant now) const;
  http::Response article(const core::Edition& e, const http::Request& req,
                         const Params& params) const;
  // The page of visible article `a` with its comment form: `typed` (what a reader sent, with
  // errors) or an empty one, a reply form with ?reply=ID, a notice with ?comment=held|shown.
  // Not cacheable when it shows what a reader typed.
  http::Response article_page(const core::Edition& e, const core::Article& a,
                              const http::Request& req, std::optional<render::CommentForm> typed,
                              int status = 200) const;
  // POST /comments (comment_form.cpp).
  http::Response post_comment(const http::Request& req) const;
  // What the article page of `a` shows; the translations it looked up go to `translations`.
  render::ArticleView article_view(const core::Edition& e, const core::Article& a,
                                   const std::string& canonical, core::Instant now,
                                   std::vector<core::Article>* translations) const;
  http::Response section(const core::Edition& e, const http::Request& req,
                         const Params& params) const;
  http::Response tag(const core::Edition& e, const http::Request& req, const Params& params) const;
  http::Response author(const core::Edition& e, const http::Request& req,
                        const Params& params) const;
  // The static page of the route's slug, when published.
  http::Response static_page(const core::Edition& e, const Params& params) const;
  http::Response archive_index(const core::Edition& e) const;
  http::Response archive_month(const core::Edition& e, const http::Request& req,
                               const Params& params) const;
  // The edition's search page: ?q= with section, author, from, to, sort and page.
  http::Response search(const core::Edition& e, const http::Request& req) const;
  // What heads tell search engines and social sites (metadata.cpp): the journal as publisher,
  // the edition as a website, and the OpenGraph and JSON-LD of each kind of page.
  render::JsonParty publisher(const core::Edition& e) const;
  render::JsonParty edition_site(const render::Frame& f, const core::Edition& e) const;
  void describe_home(render::Frame& f, const core::Edition& e) const;
  // A list page called `name` at `path`, under `parent` (a section) when given; `has_feed` adds
  // its own feeds before the edition's.
  void describe_list(render::Frame& f, const core::Edition& e, const std::string& name,
                     const std::string& path, const std::optional<render::Link>& parent,
                     bool has_feed) const;
  // `featured`: the article's featured photo, as the page read it.
  void describe_article(render::ArticleView& v, const core::Edition& e, const core::Article& a,
                        const std::string& canonical,
                        const std::optional<core::Media>& featured) const;
  // Feeds (feeds.cpp): RSS or Atom of the edition's newest articles, or of one section, tag or
  // author (its slug the route's first parameter).
  enum class FeedScope { kEdition, kSection, kTag, kAuthor };
  http::Response feed(const core::Edition& e, FeedScope scope, const Params& params,
                      bool is_atom) const;
  http::Response sitemap_index() const;
  http::Response sitemap(const http::Request& req) const;
  http::Response news_sitemap() const;
  http::Response robots() const;
  http::Response icon(std::string_view name) const;
  // An XML document kept in the page cache with the pages of `e` (of every edition when null).
  http::Response xml(const core::Edition* e, std::string body, std::string content_type) const;
  // A feed entry's id: never changes with the title, slug or edition of the article.
  std::string article_guid(core::Id id) const;
  http::Response static_asset(const http::Request& req, const Params& params) const;
  http::Response media_file(const http::Request& req, const Params& params) const;

  // A paginated list page: section, tag or archive month.
  http::Response list_page(const core::Edition& e, const http::Request& req,
                           store::ArticleQuery query, std::string heading, std::string kind,
                           std::string path, core::Id current_section = 0) const;
};

// The MIME type of a media file by its name's extension ("image/jpeg"), or empty when it is no
// image tapchi serves.
std::string media_content_type(std::string_view name);

// A search as it keys the page cache and fills the box: spaces trimmed and collapsed, NFC.
std::string normalized_query(std::string_view text);

// The 1-based page number in ?page=, or nullopt when it is not a positive integer.
std::optional<int> page_number(const http::Request& req);

}  // namespace tapchi::site
