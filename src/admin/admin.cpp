#include "admin/admin.h"

#include "admin/impl.h"

namespace tapchi::admin {

void Admin::Impl::add_routes() {
  using http::Method;
  const std::vector<Method> read{Method::kGet, Method::kHead};
  const std::vector<Method> write{Method::kPost};
  router.add(read, "/admin", [](const http::Request&, const http::Router::Params&) {
    return guarded(http::Response::redirect(301, "/admin/"));
  });
  router.add(read, "/admin/",
             [this](const http::Request& r, const http::Router::Params&) { return dashboard(r); });
  router.add(read, "/admin/login", [this](const http::Request& r, const http::Router::Params&) {
    if (signed_in(r)) {
      return guarded(see_other("/admin/"));
    }
    return login_form(r, 200, {}, {});
  });
  router.add(write, "/admin/login",
             [this](const http::Request& r, const http::Router::Params&) { return sign_in(r); });
  router.add(write, "/admin/logout",
             [this](const http::Request& r, const http::Router::Params&) { return sign_out(r); });
  router.add(read, "/admin/password", [this](const http::Request& r, const http::Router::Params&) {
    const auto who = signed_in(r);
    return who ? password_form(*who, 200, {}) : guarded(see_other("/admin/login"));
  });
  router.add(write, "/admin/password", [this](const http::Request& r, const http::Router::Params&) {
    return change_password(r);
  });
  router.add(write, "/admin/language", [this](const http::Request& r, const http::Router::Params&) {
    return change_language(r);
  });
  router.add(read, "/admin/audit",
             [this](const http::Request& r, const http::Router::Params&) { return audit(r); });
  router.add(read, "/admin/static/admin.css",
             [this](const http::Request&, const http::Router::Params&) {
               http::Response r = guarded(http::Response::text(200, css));
               r.set("Content-Type", "text/css; charset=utf-8");
               return r;
             });
  router.add(read, "/admin/static/admin.js",
             [this](const http::Request&, const http::Router::Params&) {
               http::Response r = guarded(http::Response::text(200, js));
               r.set("Content-Type", "text/javascript; charset=utf-8");
               return r;
             });
  router.add(
      read, "/admin/static/editor.js",
      [this](const http::Request& r, const http::Router::Params&) { return editor_script(r); });
  router.add(
      read, "/admin/editor/photos",
      [this](const http::Request& r, const http::Router::Params&) { return editor_photos(r); });
  router.add(
      write, "/admin/editor/photo",
      [this](const http::Request& r, const http::Router::Params&) { return editor_photo(r); });
  router.add(
      write, "/admin/editor/author",
      [this](const http::Request& r, const http::Router::Params&) { return editor_author(r); });
  router.add(write, "/admin/articles/{id}/autosave",
             [this](const http::Request& r, const http::Router::Params& p) {
               return autosave_article(r, p.front().second);
             });
  router.add(read, "/admin/comments",
             [this](const http::Request& r, const http::Router::Params&) { return comments(r); });
  router.add(read, "/admin/sections", [this](const http::Request& r, const http::Router::Params&) {
    return sections_page(r);
  });
  router.add({Method::kGet, Method::kHead, Method::kPost}, "/admin/sections/{id}",
             [this](const http::Request& r, const http::Router::Params& p) {
               return section_edit(r, p.front().second);
             });
  router.add(read, "/admin/redirects",
             [this](const http::Request& r, const http::Router::Params&) { return redirects(r); });
  router.add(
      write, "/admin/redirects",
      [this](const http::Request& r, const http::Router::Params&) { return add_redirect(r); });
  router.add(
      write, "/admin/redirects/delete",
      [this](const http::Request& r, const http::Router::Params&) { return delete_redirect(r); });
  router.add(read, "/admin/pages", [this](const http::Request& r, const http::Router::Params&) {
    return static_pages_page(r);
  });
  router.add({Method::kGet, Method::kHead, Method::kPost}, "/admin/pages/{id}",
             [this](const http::Request& r, const http::Router::Params& p) {
               return static_page_edit(r, p.front().second);
             });
  router.add(write, "/admin/pages/{id}/delete",
             [this](const http::Request& r, const http::Router::Params& p) {
               return delete_static_page(r, p.front().second);
             });
  router.add(read, "/admin/pages/{id}/revisions",
             [this](const http::Request& r, const http::Router::Params& p) {
               return page_revisions(r, p.front().second);
             });
  router.add(read, "/admin/page-revisions/{id}",
             [this](const http::Request& r, const http::Router::Params& p) {
               return show_page_revision(r, p.front().second);
             });
  router.add(write, "/admin/page-revisions/{id}/restore",
             [this](const http::Request& r, const http::Router::Params& p) {
               return restore_page_revision(r, p.front().second);
             });
  router.add(read, "/admin/settings", [this](const http::Request& r, const http::Router::Params&) {
    return settings_page(r);
  });
  router.add(write, "/admin/settings", [this](const http::Request& r, const http::Router::Params&) {
    return save_settings(r);
  });
  router.add({Method::kGet, Method::kHead, Method::kPost}, "/admin/front",
             [this](const http::Request& r, const http::Router::Params&) { return front_page(r); });
  router.add(read, "/admin/tags",
             [this](const http::Request& r, const http::Router::Params&) { return tags_page(r); });
  router.add({Method::kGet, Method::kHead, Method::kPost}, "/admin/tags/{id}",
             [this](const http::Request& r, const http::Router::Params& p) {
               return tag_edit(r, p.front().second);
             });
  router.add(write, "/admin/tags/{id}/delete",
             [this](const http::Request& r, const http::Router::Params& p) {
               return delete_tag(r, p.front().second);
             });
  router.add(read, "/admin/authors", [this](const http::Request& r, const http::Router::Params&) {
    return authors_page(r);
  });
  router.add({Method::kGet, Method::kHead, Method::kPost}, "/admin/authors/{id}",
             [this](const http::Request& r, const http::Router::Params& p) {
               return author_edit(r, p.front().second);
             });
  router.add(
      read, "/admin/integrations",
      [this](const http::Request& r, const http::Router::Params&) { return integrations(r); });
  router.add(write, "/admin/integrations/keys",
             [this](const http::Request& r, const http::Router::Params&) { return add_key(r); });
  router.add(write, "/admin/integrations/keys/{id}/revoke",
             [this](const http::Request& r, const http::Router::Params& p) {
               return revoke_key(r, p.front().second);
             });
  router.add(
      write, "/admin/integrations/webhooks",
      [this](const http::Request& r, const http::Router::Params&) { return add_webhook(r); });
  router.add(write, "/admin/integrations/webhooks/{id}/delete",
             [this](const http::Request& r, const http::Router::Params& p) {
               return delete_webhook(r, p.front().second);
             });
  router.add(read, "/admin/users",
             [this](const http::Request& r, const http::Router::Params&) { return users_page(r); });
  router.add(write, "/admin/users/{id}",
             [this](const http::Request& r, const http::Router::Params& p) {
               return change_user(r, p.front().second);
             });
  router.add(read, "/admin/media", [this](const http::Request& r, const http::Router::Params&) {
    return media_library(r);
  });
  router.add(write, "/admin/media", [this](const http::Request& r, const http::Router::Params&) {
    return upload_media(r);
  });
  router.add({Method::kGet, Method::kHead, Method::kPost}, "/admin/media/{id}",
             [this](const http::Request& r, const http::Router::Params& p) {
               return medium(r, p.front().second);
             });
  router.add(write, "/admin/media/{id}/delete",
             [this](const http::Request& r, const http::Router::Params& p) {
               return delete_medium(r, p.front().second);
             });
  router.add(read, "/admin/articles",
             [this](const http::Request& r, const http::Router::Params&) { return articles(r); });
  router.add(
      read, "/admin/articles/new",
      [this](const http::Request& r, const http::Router::Params&) { return new_article(r); });
  router.add(
      write, "/admin/articles/preview",
      [this](const http::Request& r, const http::Router::Params&) { return preview_article(r); });
  router.add(read, "/admin/articles/{id}",
             [this](const http::Request& r, const http::Router::Params& p) {
               return edit_article(r, p.front().second);
             });
  router.add(write, "/admin/articles/{id}",
             [this](const http::Request& r, const http::Router::Params& p) {
               return save_article(r, p.front().second);
             });
  router.add(write, "/admin/articles/{id}/delete",
             [this](const http::Request& r, const http::Router::Params& p) {
               return delete_article(r, p.front().second);
             });
  router.add(read, "/admin/articles/{id}/revisions",
             [this](const http::Request& r, const http::Router::Params& p) {
               return article_revisions(r, p.front().second);
             });
  router.add(read, "/admin/revisions/{id}",
             [this](const http::Request& r, const http::Router::Params& p) {
               return show_revision(r, p.front().second);
             });
  router.add(write, "/admin/revisions/{id}/restore",
             [this](const http::Request& r, const http::Router::Params& p) {
               return restore_revision(r, p.front().second);
             });
  router.add(write, "/admin/comments",
             [this](const http::Request& r, const http::Router::Params&) { return moderate(r); });
  router.add(read, "/admin/comments/{id}/reply",
             [this](const http::Request& r, const http::Router::Params& p) {
               return reply_form(r, p.front().second);
             });
  router.add(write, "/admin/comments/{id}/reply",
             [this](const http::Request& r, const http::Router::Params& p) {
               return reply(r, p.front().second);
             });
}

Admin::Admin(AdminOptions options, store::Store& store, const core::Clock& clock,
             const site::Site& site)
    : impl_(std::make_unique<Impl>(std::move(options), store, clock, site)) {}

Admin::~Admin() = default;

bool Admin::owns(std::string_view path) { return path == "/admin" || path.starts_with("/admin/"); }

bool Admin::may_upload(const http::Request& head) const {
  return impl_->signed_in(head).has_value();
}

http::Response Admin::handle(const http::Request& request) const {
  const auto match = impl_->router.match(request.method, request.path);
  if (match.handler != nullptr) {
    return (*match.handler)(request, match.params);
  }
  if (!match.allowed.empty()) {
    http::Response r = http::Response::text(405, "Method Not Allowed\n");
    r.set("Allow", http::allow_header(match.allowed));
    return Impl::guarded(std::move(r));
  }
  const auto who = impl_->signed_in(request);
  return impl_->problem(404, who ? &*who : nullptr, "no_such_page");
}

}  // namespace tapchi::admin
