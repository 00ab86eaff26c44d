// Old addresses: a journal that moved in from WordPress keeps its readers' links and its place
// in search engines. Looked up only for requests no page answers (and WordPress's ?p=ID kind),
// so the pages' own path never pays for it.

#include "newsroom/newsroom.h"
#include "site/site_impl.h"

namespace tapchi::site {

bool Site::Impl::carries_wordpress_id(const http::Request& request) {
  return !request.query.empty() && newsroom::redirect_key(request).starts_with("/?");
}

bool Site::Impl::may_have_redirects() const {
  if (has_redirects.load()) {
    return true;
  }
  const std::int64_t now = clock.now().time_since_epoch().count();
  if (now - redirects_checked_at.load() < 60) {
    return false;
  }
  redirects_checked_at.store(now);
  auto n = store.redirect_count();
  has_redirects.store(n && *n > 0);
  return has_redirects.load();
}

std::optional<http::Response> Site::Impl::moved(const http::Request& request) const {
  const auto permanent = [&](const std::string& href) {
    http::Response r = http::Response::redirect(
        301, href.starts_with("http://") || href.starts_with("https://") ? href
                                                                         : options.base_url + href);
    r.set("Cache-Control", "public, max-age=86400");
    return r;
  };
  std::string path = request.path;
  while (path.size() > 1 && path.back() == '/') {
    path.pop_back();
  }
  // "/feed/" is the page "/feed", unless an old address says otherwise.
  const auto without_slash = [&]() -> std::optional<http::Response> {
    if (path != request.path && router.match(http::Method::kGet, path).handler != nullptr) {
      return permanent(path + (request.query.empty() ? "" : "?" + request.query));
    }
    return std::nullopt;
  };
  if (!may_have_redirects()) {
    return without_slash();
  }
  const std::string key = newsroom::redirect_key(request);
  {
    std::lock_guard lock(redirects_mutex);
    if (auto hit = remembered_redirects.find(key); hit != remembered_redirects.end()) {
      return permanent(hit->second);
    }
  }
  auto found = store.redirect(key);
  if (!found || !*found) {
    return without_slash();
  }
  const store::Redirect& r = **found;
  std::string href;
  switch (r.to) {
    case store::Redirect::To::kArticle:
      if (auto a = store.article(r.id); a && a->is_visible_at(clock.now())) {
        if (const core::Edition* e = edition_by_id(a->edition_id)) {
          href = article_href(*e, *a);
        }
      }
      break;
    case store::Redirect::To::kSection:
      if (auto s = store.section(r.id)) {
        if (const core::Edition* e = edition_by_id(s->edition_id)) {
          href = section_href(*e, s->slug);
        }
      }
      break;
    case store::Redirect::To::kTag:
      if (auto t = store.tag(r.id)) {
        if (const core::Edition* e = edition_by_id(t->edition_id)) {
          href = tag_href(*e, t->slug);
        }
      }
      break;
    case store::Redirect::To::kAuthor:
      if (auto a = store.author(r.id)) {
        if (const core::Edition* e = edition_by_id(a->edition_id)) {
          href = author_href(*e, a->slug);
        }
      }
      break;
    case store::Redirect::To::kMedia:
      if (auto m = store.media(r.id)) {
        href = media_href(m->path);
      }
      break;
    case store::Redirect::To::kPage:
      if (auto p = store.static_page(r.id); p && p->is_published) {
        if (const core::Edition* e = edition_by_id(p->edition_id)) {
          href = page_href(*e, p->slug);
        }
      }
      break;
    case store::Redirect::To::kAddress:
      href = r.address;
      break;
  }
  if (href.empty()) {
    return without_slash();  // what it led to is gone or not public
  }
  {
    std::lock_guard lock(redirects_mutex);
    if (remembered_redirects.size() >= kRememberedRedirects) {
      remembered_redirects.clear();
    }
    remembered_redirects.emplace(key, href);
  }
  return permanent(href);
}

}  // namespace tapchi::site
