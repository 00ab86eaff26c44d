#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "site/site_impl.h"

namespace tapchi::site {

namespace {

bool is_plain_name(std::string_view segment) {
  return !segment.empty() && segment.front() != '.' &&
         segment.find_first_not_of(
             "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
             "0123456789-_.") == std::string_view::npos;
}

}  // namespace

core::Result<std::unique_ptr<Site>> Site::create(SiteOptions options, store::Store& store,
                                                 std::shared_ptr<const render::Theme> theme,
                                                 const core::Clock& clock) {
  auto impl = std::make_unique<Impl>(std::move(options), store, std::move(theme), clock);
  auto editions = store.editions();
  if (!editions) {
    return core::fail(editions.error());
  }
  if (editions->empty()) {
    return core::fail(core::invalid("the journal has no edition; run `tapchi init` first"));
  }
  impl->editions = std::move(*editions);
  // The server's secret: made by the first process to start, read by every later one.
  std::string secret;
  auto kept = store.in_transaction([&](store::Store& s) -> core::Result<void> {
    auto values = s.settings();
    if (!values) {
      return core::fail(values.error());
    }
    const std::string key(store::setting::kServerSecret);
    if (const auto it = values->find(key); it != values->end() && it->second.size() >= 32) {
      secret = it->second;
      return {};
    }
    secret = comments::new_secret();
    return s.save_settings({{key, secret}});
  });
  if (!kept) {
    return core::fail(kept.error());
  }
  impl->signer.emplace(std::move(secret));
  for (const std::string& word : impl->options.comments.spam_words) {
    impl->folded_spam_words.push_back(core::fold(word));
  }
  impl->live.store(std::make_shared<const Impl::Live>(
      Impl::Live{impl->options.zone, impl->options.name, {}, {}, {}, {}}));
  impl->is_live_stale.store(true);
  impl->add_routes();
  impl->start_cache();
  return std::unique_ptr<Site>(new Site(std::move(impl)));
}

Site::Site(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Site::~Site() = default;

void Site::Impl::add_routes() {
  using http::Method;
  const std::vector<Method> read{Method::kGet, Method::kHead};
  router.add(read, "/healthz", [](const http::Request&, const Params&) {
    http::Response r = http::Response::text(200, "ok\n");
    r.set("Cache-Control", "no-store");
    return r;
  });
  router.add({Method::kPost}, "/comments",
             [this](const http::Request& req, const Params&) { return post_comment(req); });
  router.add(read, "/static/{file}",
             [this](const http::Request& req, const Params& p) { return static_asset(req, p); });
  router.add(read, "/media/{year}/{month}/{file}",
             [this](const http::Request& r, const Params& p) { return media_file(r, p); });
  router.add(read, "/robots.txt", [this](const http::Request&, const Params&) { return robots(); });
  for (const char* name : {"favicon.ico", "apple-touch-icon.png"}) {
    router.add(read, std::string("/") + name,
               [this, name](const http::Request&, const Params&) { return icon(name); });
  }
  router.add(read, "/sitemap.xml",
             [this](const http::Request&, const Params&) { return sitemap_index(); });
  router.add(read, "/news-sitemap.xml",
             [this](const http::Request&, const Params&) { return news_sitemap(); });
  router.add(read, "/{sitemap}.xml", [this](const http::Request& r, const Params& p) {
    return p.front().second.starts_with("sitemap-") ? sitemap(r) : not_found(editions.front());
  });
  for (const core::Edition& edition : editions) {
    const core::Edition* e = &edition;
    const std::string& prefix = e->prefix;
    router.add(read, prefix, [this, e](const http::Request&, const Params&) { return home(*e); });
    if (prefix != "/") {
      // "/en" → "/en/"
      router.add(read, prefix.substr(0, prefix.size() - 1),
                 [prefix](const http::Request&, const Params&) {
                   return http::Response::redirect(301, prefix);
                 });
    }
    // An article page shows a reply form (?reply=ID) or the notice after commenting
    // (?comment=held|shown); a list shows one of its pages (?page=N). Other query parameters
    // change nothing, so they do not split the page cache.
    router.add(read, prefix + "{article}.html",
               [this, e](const http::Request& r, const Params& p) { return article(*e, r, p); },
               {"reply", "comment"});
    router.add(read, prefix + "section/{slug}",
               [this, e](const http::Request& r, const Params& p) { return section(*e, r, p); },
               {"page"});
    router.add(read, prefix + "tag/{slug}",
               [this, e](const http::Request& r, const Params& p) { return tag(*e, r, p); },
               {"page"});
    router.add(read, prefix + "author/{slug}",
               [this, e](const http::Request& r, const Params& p) { return author(*e, r, p); },
               {"page"});
    router.add(read, prefix + "page/{slug}",
               [this, e](const http::Request&, const Params& p) { return static_page(*e, p); });
    const auto add_feeds = [&](const std::string& page, FeedScope scope) {
      const std::string base = feed_href(page);
      for (const bool is_atom : {false, true}) {
        router.add(read, is_atom ? base + "/atom" : base,
                   [this, e, scope, is_atom](const http::Request&, const Params& p) {
                     return feed(*e, scope, p, is_atom);
                   });
      }
    };
    add_feeds(prefix, FeedScope::kEdition);
    add_feeds(prefix + "section/{slug}", FeedScope::kSection);
    add_feeds(prefix + "tag/{slug}", FeedScope::kTag);
    add_feeds(prefix + "author/{slug}", FeedScope::kAuthor);
    router.add(read, prefix + "search",
               [this, e](const http::Request& r, const Params&) { return search(*e, r); },
               {"q", "section", "author", "from", "to", "sort", "page"});
    router.add(read, prefix + "archive/",
               [this, e](const http::Request&, const Params&) { return archive_index(*e); });
    router.add(
        read, prefix + "archive/{year}/{month}",
        [this, e](const http::Request& r, const Params& p) { return archive_month(*e, r, p); },
        {"page"});
  }
}

void Site::Impl::start_cache() {
  if (options.cache_budget_bytes == 0) {
    return;
  }
  cache = std::make_unique<http::PageCache>(
      options.cache_budget_bytes, [this](int slot, std::int64_t minute) {
        const core::Edition& e = editions.at(static_cast<std::size_t>(slot));
        return datetime(e, core::Instant{std::chrono::minutes{minute}});
      });
  store.subscribe([this](const store::Change& c) { on_change(c); });
  refresh_next_publication();
  watcher = std::jthread([this](std::stop_token stop) {
    if (store.follows_changes()) {
      follow_changes(stop);
    } else {
      watch_commits(stop);
    }
  });
}

void Site::Impl::forget_everything() {
  cache->clear();
  is_schedule_stale.store(true);
  is_live_stale.store(true);
  redirects_checked_at.store(0);  // another process's import may have added some
  forget_redirects();
}

// Writes of other processes (the CLI, other app servers) come with no event here; SQLite's
// data_version tells that a write happened, not whose, so the whole cache goes. A change seen
// while this process committed nothing is another's: the cache goes at once. One seen while
// this process was committing too (its own writes came with events) may hide another's: the
// cache goes within kAmbiguousClear, so heavy commenting does not empty it every tick.
void Site::Impl::watch_commits(const std::stop_token& stop) {
  constexpr auto kAmbiguousClear = std::chrono::seconds{5};
  const auto initial = store.outside_commits();
  std::int64_t last_version = initial ? *initial : 0;
  std::int64_t last_own = store.own_commits();
  bool is_pending = false;
  auto last_clear = std::chrono::steady_clock::now();
  std::mutex m;
  std::condition_variable_any wake;
  while (!stop.stop_requested()) {
    std::unique_lock lock(m);
    wake.wait_for(lock, stop, std::chrono::milliseconds(options.watch_interval_ms),
                  [] { return false; });
    const std::int64_t own = store.own_commits();  // before the version: errs toward clearing
    const auto version = store.outside_commits();
    if (!version) {
      continue;
    }
    const bool changed = *version != last_version;
    const bool is_own_busy = own != last_own;
    last_version = *version;
    last_own = own;
    is_pending = is_pending || (changed && is_own_busy);
    const auto now = std::chrono::steady_clock::now();
    if ((changed && !is_own_busy) || (is_pending && now - last_clear >= kAmbiguousClear)) {
      forget_everything();
      is_pending = false;
      last_clear = now;
    }
  }
}

// Other nodes' changes one by one (PostgreSQL): each is read from the store's changes table when
// its NOTIFY arrives, or at the latest after a watch interval (which covers a notification lost),
// and drops exactly the pages it touches, as this process's own changes do. With a read replica,
// public pages are read there, so changes are read there too, this node's own included, and
// drop their pages only once the replica has them: a page rendered before that, from the
// replica's older state, goes with them (the page cache keeps nothing rendered across a drop). A
// node cut off from the database keeps its pages (nothing can be written meanwhile) and reads what
// it missed once it is back; one that cannot know what it missed (away for longer than changes are
// kept) forgets every page.
void Site::Impl::follow_changes(const std::stop_token& stop) {
  constexpr int kBatch = 1000;
  constexpr auto kReplicaPoll = std::chrono::milliseconds{2};
  constexpr auto kReplicaStall = std::chrono::seconds{10};
  std::optional<std::chrono::steady_clock::time_point> stalled_since;
  const auto interval = std::chrono::milliseconds(options.watch_interval_ms);
  std::optional<std::int64_t> last;
  std::mutex m;
  std::condition_variable_any wake;
  const auto pause = [&](std::chrono::milliseconds how_long) {
    std::unique_lock lock(m);
    wake.wait_for(lock, stop, how_long, [] { return false; });
  };
  bool is_behind = false;  // the last read returned a full batch
  while (!stop.stop_requested()) {
    if (!last) {
      const auto newest = store.last_change();
      if (!newest) {
        pause(interval);
        continue;
      }
      last = *newest;
    }
    if (!is_behind && !store.wait_for_changes(interval)) {
      pause(interval);  // the connection is lost: try again, then read what was missed
    }
    const auto heard = store.changes_after(*last, kBatch);
    if (!heard) {
      is_behind = false;
      continue;
    }
    if (heard->is_incomplete) {
      forget_everything();
    }
    for (const store::Change& c : heard->changes) {
      on_change(c);
    }
    const bool is_full =
        heard->last != *last && heard->changes.size() == static_cast<std::size_t>(kBatch);
    last = heard->last;
    // A read replica behind the primary brings the rest with no notification: look again soon,
    // or every watch interval once it has made no progress for a while (its replay paused, or
    // far behind).
    is_behind = is_full || heard->is_replica_behind;
    if (!heard->is_replica_behind || !heard->changes.empty()) {
      stalled_since.reset();
    }
    if (heard->is_replica_behind && !is_full) {
      const auto now = std::chrono::steady_clock::now();
      stalled_since = stalled_since.value_or(now);
      pause(now - *stalled_since < kReplicaStall ? kReplicaPoll : interval);
    }
  }
}

// Which cached pages a committed change reaches. Every page of an edition carries
// "edition:<id>" (sections, lists, related articles, bylines may all show the change); an
// article page also carries "comments:<id>" and "article:<id>" of each of its translations.
void Site::Impl::on_change(const store::Change& c) {
  using Kind = store::Change::Kind;
  if (c.kind != Kind::kComment) {
    forget_redirects();  // what an old address leads to may have moved or gone
  }
  switch (c.kind) {
    case Kind::kComment:
      cache->invalidate(Site::comments_tag(c.article_id));
      break;
    case Kind::kArticle:
      cache->invalidate(Site::edition_tag(c.edition_id));
      cache->invalidate(Site::article_tag(c.id));
      if (!c.translation_key.empty()) {
        cache->invalidate("translation:" + c.translation_key);
      }
      // The store is not queried here: this runs inside the writer's call, which may hold
      // the connection. The next request looks the schedule up again.
      is_schedule_stale.store(true);
      break;
    case Kind::kSection:
    case Kind::kTag:
    case Kind::kAuthor:
      cache->invalidate(Site::edition_tag(c.edition_id));
      break;
    case Kind::kFront:
      cache->invalidate(Site::edition_tag(c.edition_id));
      is_schedule_stale.store(true);  // a pin's lapse drops the pages like a publication
      break;
    case Kind::kEdition:
    case Kind::kSettings:
    case Kind::kPage:  // the footer of every page may list it
      is_live_stale.store(true);
      cache->clear();
      break;
    case Kind::kMedia:
      cache->clear();
      break;
    case Kind::kRedirect:  // looked up before the cache: the next old address checks again
      has_redirects.store(false);
      redirects_checked_at.store(0);
      break;
  }
}

// The page cache's keys are made of structured parts. A page: "P", the day, the path's length
// in bytes and the path, then the normalised values of the query parameters its route varies
// by, each named. The length makes the path one opaque part: no decoded path ('?', '&', '=',
// '@' or '#' from %3F, %26, %3D, %40, %23 included) can take another page's key. An edition's
// 404 page: "N", the day and the edition's position. The day is part of both: article pages
// carry the comment form's token of the day.
std::string Site::Impl::cache_key(const http::Request& request,
                                  const std::vector<std::string>& varies, core::Instant now) {
  std::string key =
      fmt::format("P{}|{}:{}", comments::Signer::day_of(now), request.path.size(), request.path);
  if (request.query.empty()) {  // most requests have none: no parsing on the hot path
    return key;
  }
  for (const std::string& name : varies) {
    if (name == "page") {
      // ?page=1 and ?page=01 are the first page; a page that is no number is a 404, not kept.
      const auto number = page_number(request);
      if (!number) {
        key += "|page=?";
      } else if (*number > 1) {
        key += fmt::format("|page={}", *number);
      }
    } else if (name == "reply") {
      if (const core::Id id = core::parse_id(request.query_param("reply").value_or("")); id) {
        key += fmt::format("|reply={}", id);
      }
    } else if (const auto value = request.query_param(name);
               name == "comment" && value && (*value == "held" || *value == "shown")) {
      key += "|comment=" + *value;
    } else if (name == "q") {
      const std::string q = normalized_query(value.value_or(""));
      key += fmt::format("|q={}:{}", q.size(), q);
    } else if (value && !value->empty() && name != "comment") {
      // Any other value, as one opaque part.
      key += fmt::format("|{}={}:{}", name, value->size(), *value);
    }
  }
  return key;
}

std::string Site::Impl::not_found_key(const core::Edition& e, core::Instant now) const {
  return fmt::format("N{}|{}", comments::Signer::day_of(now), edition_index(e));
}

std::string Site::site_name() const { return impl_->current()->site_name; }

core::Zone Site::zone() const { return impl_->current()->zone; }

std::string Site::language() const { return impl_->current()->first_language; }

std::shared_ptr<const Site::Impl::Live> Site::Impl::current() const {
  if (is_live_stale.exchange(false)) {
    Live fresh{options.zone, options.name, {}, {}, {}, {}};
    auto values = store.settings();
    auto stored = store.editions();
    if (!values || !stored) {
      is_live_stale.store(true);  // the next request tries again
      return live.load();
    }
    if (const auto name = values->find(std::string(store::setting::kSiteName));
        name != values->end() && !name->second.empty()) {
      fresh.site_name = name->second;
    }
    if (const auto zone = values->find(std::string(store::setting::kTimeZone));
        zone != values->end()) {
      if (auto located = core::Zone::locate(zone->second)) {
        fresh.zone = *located;
      }
    }
    for (const core::Edition& e : *stored) {
      fresh.edition_names[e.id] = e.name;
    }
    if (!stored->empty()) {
      fresh.first_language =
          std::min_element(stored->begin(), stored->end(), [](const auto& a, const auto& b) {
            return a.position < b.position;
          })->language;
    }
    fresh.comment_policy = comments::site_policy(*values);
    auto pages = store.static_pages(0);
    if (!pages) {
      is_live_stale.store(true);
      return live.load();
    }
    for (const core::StaticPage& p : *pages) {
      const core::Edition* e = edition_by_id(p.edition_id);
      if (e != nullptr && p.is_published && p.footer_position > 0) {
        fresh.footer_pages[p.edition_id].push_back({page_href(*e, p.slug), p.title, false});
      }
    }
    live.store(std::make_shared<const Live>(std::move(fresh)));
  }
  return live.load();
}

void Site::Impl::refresh_next_publication() const {
  auto next = store.next_publication_after(clock.now());
  const std::int64_t at = next && *next ? (*next)->time_since_epoch().count()
                                        : std::numeric_limits<std::int64_t>::max();
  next_publication.store(next ? at : clock.now().time_since_epoch().count() + 60);
}

http::Response Site::Impl::render(const http::Request& request,
                                  const http::Router::Match& match) const {
  if (match.handler != nullptr && request.method == http::Method::kPost) {
    return (*match.handler)(request, match.params);  // writes take their own transactions
  }
  if (match.handler != nullptr) {
    // One read transaction per page: it shows one state of the journal, and its reads are
    // cheaper together than each on its own.
    http::Response response;
    const auto read = store.in_public_snapshot([&](store::Store&) -> core::Result<void> {
      response = (*match.handler)(request, match.params);
      return {};
    });
    if (!read) {
      throw StoreFailure(read.error());
    }
    // An address that was a page once (an author's or tag's old name) leads to it still.
    if (response.status == 404 && request.method != http::Method::kPost) {
      if (auto moved = this->moved(request)) {
        return std::move(*moved);
      }
    }
    return response;
  }
  if (!match.allowed.empty()) {
    http::Response r = http::Response::text(405, "Method Not Allowed\n");
    r.set("Allow", http::allow_header(match.allowed));
    return r;
  }
  return not_found(edition_for_path(request.path));
}

core::Result<std::string> Site::preview(const core::Article& a) const {
  const Impl& impl = *impl_;
  const core::Edition* e = impl.edition_by_id(a.edition_id);
  if (e == nullptr) {
    return core::fail(core::invalid("the article has no edition", "edition"));
  }
  try {
    std::string html;
    const auto read = impl.store.in_snapshot([&](store::Store&) -> core::Result<void> {
      std::vector<core::Article> translations;
      const render::ArticleView v =
          impl.article_view(*e, a, article_href(*e, a), impl.clock.now(), &translations);
      html = impl.theme->article(v);
      return {};
    });
    if (!read) {
      return core::fail(read.error());
    }
    return html;
  } catch (const StoreFailure& failure) {
    return core::fail(core::unavailable(failure.what()));
  }
}

http::Response Site::handle(const http::Request& request) const {
  const Impl& impl = *impl_;
  const auto match = impl.router.match(request.method, request.path);
  const bool is_read =
      request.method == http::Method::kGet || request.method == http::Method::kHead;
  if (is_read && ((match.handler == nullptr && match.allowed.empty()) ||
                  Impl::carries_wordpress_id(request))) {
    if (auto moved = impl.moved(request)) {
      return std::move(*moved);
    }
  }
  if (!impl.cache || !is_read || (match.handler == nullptr && !match.allowed.empty())) {
    return impl.answer(request, [&] { return impl.render(request, match); });
  }
  // A path no route knows shares its edition's one 404 page: junk URLs take no entry each.
  const auto not_found_key = [&] {
    return impl.not_found_key(impl.edition_for_path(request.path), impl.clock.now());
  };
  return impl.through_cache(request,
                            match.handler != nullptr
                                ? Impl::cache_key(request, *match.varies, impl.clock.now())
                                : not_found_key(),
                            not_found_key, [&] { return impl.render(request, match); });
}

http::Response Site::cached(const http::Request& request, const std::vector<std::string>& varies,
                            const std::function<http::Response()>& render) const {
  const Impl& impl = *impl_;
  const auto read = [&] {
    http::Response response;
    const auto snapshot = impl.store.in_public_snapshot([&](store::Store&) -> core::Result<void> {
      response = render();
      return {};
    });
    if (!snapshot) {
      throw StoreFailure(snapshot.error());
    }
    return response;
  };
  const bool is_read =
      request.method == http::Method::kGet || request.method == http::Method::kHead;
  if (!impl.cache || !is_read) {
    return impl.answer(request, read);
  }
  // "A" keys: no page's key starts so. Another door's 404s are not kept.
  return impl.through_cache(request, "A" + Impl::cache_key(request, varies, impl.clock.now()), {},
                            read);
}

std::string Site::edition_tag(core::Id id) { return "edition:" + std::to_string(id); }
std::string Site::article_tag(core::Id id) { return "article:" + std::to_string(id); }
std::string Site::comments_tag(core::Id id) { return "comments:" + std::to_string(id); }

void Site::refresh_most_read() const {
  if (impl_->cache) {
    impl_->cache->invalidate(most_read_tag());
  }
}

http::Response Site::Impl::answer(const http::Request& request,
                                  const std::function<http::Response()>& render) const {
  try {
    return render();
  } catch (const StoreFailure& failure) {
    // The detail goes to the log with the request's id (http::Server), never to the reader.
    const int status = failure.is_unavailable() ? 503 : 500;
    http::Response r = http::Response::text(
        status, fmt::format("The journal is unavailable for a moment. Please try again shortly.\n"
                            "(request {})\n",
                            request.id));
    r.set("Cache-Control", "no-store");
    if (status == 503) {
      r.set("Retry-After", "5");
    }
    r.error_detail = failure.what();
    return r;
  }
}

http::Response Site::Impl::through_cache(const http::Request& request, const std::string& key,
                                         const std::function<std::string()>& not_found_key,
                                         const std::function<http::Response()>& render) const {
  return answer(request, [&] {
    const core::Instant now = clock.now();
    if (is_schedule_stale.exchange(false)) {
      refresh_next_publication();
    }
    if (now.time_since_epoch().count() >= next_publication.load()) {
      cache->clear();  // a scheduled article has just become visible
      refresh_next_publication();
    }
    const std::int64_t minute = now.time_since_epoch().count() / 60;
    if (auto hit = cache->serve(key, request, minute)) {
      return std::move(*hit);
    }
    const std::uint64_t generation = cache->generation();
    http::Response fresh = render();
    if (!fresh.cacheable || (fresh.status != 200 && (fresh.status != 404 || !not_found_key))) {
      return fresh;
    }
    http::PageToCache entry;
    entry.status = fresh.status;
    for (const auto& [name, value] : fresh.headers) {
      if (name == "Cache-Control") {
        entry.cache_control = value;
      } else if (name == "Content-Type") {
        entry.content_type = value;
      }
    }
    entry.html = fresh.body;
    entry.clock_text = fresh.cacheable->clock_text;
    entry.clock_slot = fresh.cacheable->clock_slot;
    entry.tags = std::move(fresh.cacheable->tags);
    entry.view_of = fresh.view_of;
    // A 404 of a known route (an unknown article, a page past the last) is kept only as its
    // edition's 404 page, never under its own key.
    const std::string kept_as = fresh.status == 404 ? not_found_key() : key;
    cache->insert(kept_as, std::move(entry), generation, minute);
    if (auto cached = cache->serve(kept_as, request, minute)) {
      return std::move(*cached);
    }
    return fresh;  // changed while rendered: not kept, but what was rendered is still right
  });
}

bool Site::serves(std::string_view path) const {
  http::Request r;
  r.method = http::Method::kGet;
  r.method_name = "GET";
  r.path = std::string(path.substr(0, path.find('?')));
  if (path.find('?') != std::string_view::npos) {
    return false;  // WordPress's ?p=12 kind: the page it shows is not by that address
  }
  const auto match = impl_->router.match(r.method, r.path);
  if (match.handler == nullptr) {
    return false;
  }
  return impl_->answer(r, [&] { return impl_->render(r, match); }).status == 200;
}

http::PageCache::Stats Site::cache_stats() const {
  return impl_->cache ? impl_->cache->stats() : http::PageCache::Stats{};
}

http::Response Site::Impl::static_asset(const http::Request& req, const Params& params) const {
  const render::Asset* asset = theme->asset(params.front().second);
  if (asset == nullptr) {
    return not_found(edition_for_path("/"));
  }
  http::Response r;
  r.body = asset->content;
  r.set("Content-Type", asset->content_type);
  // A fingerprinted URL names these bytes forever; a bare one may change with the theme.
  const bool is_fingerprinted = req.query_param("v") == asset->fingerprint;
  r.set("Cache-Control",
        is_fingerprinted ? "public, max-age=31536000, immutable" : "public, max-age=300");
  return r;
}

http::Response Site::Impl::media_file(const http::Request& req, const Params& params) const {
  for (const auto& [name, segment] : params) {
    if (!is_plain_name(segment)) {
      return not_found(editions.front());
    }
  }
  const std::string& file = params[2].second;
  std::string type = media_content_type(file);
  auto opened = http::OpenFile::open(
      (options.media_dir / params[0].second / params[1].second / file).string());
  if (type.empty() || !opened) {
    return not_found(editions.front());
  }
  // A media file is written once under a name of its own (a random suffix; variants after
  // their width) and never rewritten, so its URL can be kept for a year.
  return http::file_response(req, std::move(*opened), std::move(type),
                             "public, max-age=31536000, immutable");
}

}  // namespace tapchi::site
