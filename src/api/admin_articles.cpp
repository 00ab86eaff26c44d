// The Admin API's articles: list, create, read, change (with the version the change is based
// on), submit, publish now or at a time, unpublish, delete, revisions and restore.
#include <fmt/format.h>

#include "api/admin_body.h"
#include "api/params.h"

namespace tapchi::api {

namespace {

using Params = http::Router::Params;

}  // namespace

void Api::Impl::add_article_routes() {
  using http::Method;
  const auto full = [this](const core::Article& a, int status) -> http::Response {
    Names names;
    if (auto read = read_names({a}, names); !read) {
      return failed(read.error());
    }
    Shape shape;
    shape.format = "markdown";
    shape.include = {"authors", "tags", "section", "media"};
    http::Response r = answer(status, {{"article", article_json(a, names, shape, true)}});
    if (status == 201) {
      r.set("Location", absolute("/api/v1/admin/articles/" + std::to_string(a.id)));
    }
    return r;
  };
  // A save's answer: the article, or the problem; a stale version's problem carries the
  // article as it is now.
  const auto saved = [this, full](const core::User& actor, core::Id id,
                                  const newsroom::ArticleDraft& draft,
                                  newsroom::ArticleAction action, int status) -> http::Response {
    newsroom::Stale stale;
    auto result = newsroom.save_article(actor, id, draft, action, &stale);
    if (result) {
      return full(*result, status);
    }
    http::Response r = failed(result.error());
    if (result.error().code == core::ErrorCode::kConflict && result.error().field == "version") {
      auto current = store.article(id);
      Names names;
      if (current && read_names({*current}, names)) {
        Shape shape;
        shape.format = "markdown";
        json j = json::parse(r.body);
        j["current"] = article_json(*current, names, shape, true);
        j["kept_revision"] = stale.kept_revision;
        r.body = j.dump() + "\n";
      }
    }
    return r;
  };

  on({Method::kGet}, "/api/v1/admin/articles",
     [this](const core::User& actor, const http::Request& req, const Params&) {
       store::ArticleFilter f;
       f.now = clock.now();
       f.text = req.query_param("q").value_or("");
       if (const auto status = req.query_param("status"); status && !status->empty()) {
         auto parsed = core::parse_status(*status);
         if (!parsed) {
           return problem(422, "status is draft, review, scheduled, published or unpublished.",
                          "status");
         }
         f.status = *parsed;
       }
       if (actor.role < core::Role::kEditor) {
         f.visible_to = actor.id;  // others' drafts stay theirs
       }
       const auto limit = limit_of(req);
       const auto page = page_of(req);
       if (const auto* refused = std::get_if<http::Response>(&limit)) {
         return *refused;
       }
       if (const auto* refused = std::get_if<http::Response>(&page)) {
         return *refused;
       }
       f.limit = std::get<int>(limit);
       f.offset = (std::get<int>(page) - 1) * f.limit;
       auto found = store.filter_articles(f);
       if (!found) {
         return failed(found.error());
       }
       Names names;
       if (auto read = read_names(found->items, names); !read) {
         return failed(read.error());
       }
       Shape shape;
       shape.fields = {"edition",          "slug",       "url",        "title",   "lead",
                       "published_at",     "updated_at", "section_id", "tag_ids", "author_ids",
                       "featured_media_id"};
       json list = json::array();
       for (const core::Article& a : found->items) {
         list.push_back(article_json(a, names, shape, true));
       }
       return answer(200, {{"articles", list}, {"total", found->total}});
     });

  on({Method::kPost}, "/api/v1/admin/articles",
     [this, saved](const core::User& actor, const http::Request& req, const Params&) {
       auto body = body_of(req);
       if (auto* refused = std::get_if<http::Response>(&body)) {
         return std::move(*refused);
       }
       const json& j = std::get<json>(body);
       newsroom::ArticleDraft draft;
       draft.comments_open = true;
       Names names;
       if (auto read = read_names({}, names); !read) {
         return failed(read.error());
       }
       auto edition = edition_of(j, names);
       if (auto* refused = std::get_if<http::Response>(&edition)) {
         return std::move(*refused);
       }
       draft.edition_id = std::get<core::Id>(edition);
       if (auto refused = read_draft(j, draft, site.zone())) {
         return std::move(*refused);
       }
       auto action = action_of(j, "save");
       if (auto* refused = std::get_if<http::Response>(&action)) {
         return std::move(*refused);
       }
       return saved(actor, 0, draft, std::get<newsroom::ArticleAction>(action), 201);
     });

  on({Method::kGet}, "/api/v1/admin/articles/{id}",
     [this, full](const core::User& actor, const http::Request&, const Params& p) {
       auto a = newsroom.editable_article(actor, path_id(p));
       return a ? full(*a, 200) : failed(a.error());
     });

  // A change to the article the path names, which `actor` must be allowed to edit: `apply(j,
  // draft)` reads into the article's draft as it stands what the body `j` changes (an empty body
  // is {} when `may_be_empty`) and returns the action, or the answer refusing the body.
  const auto change = [this, saved](const core::User& actor, const http::Request& req,
                                    const Params& p, bool may_be_empty, auto&& apply) {
    auto body = may_be_empty && req.body.empty()
                    ? std::variant<json, http::Response>(json::object())
                    : body_of(req);
    if (auto* refused = std::get_if<http::Response>(&body)) {
      return std::move(*refused);
    }
    auto a = newsroom.editable_article(actor, path_id(p));
    if (!a) {
      return failed(a.error());
    }
    auto draft = draft_of(store, *a);
    if (!draft) {
      return failed(draft.error());
    }
    auto action = apply(std::get<json>(body), *draft);
    if (auto* refused = std::get_if<http::Response>(&action)) {
      return std::move(*refused);
    }
    return saved(actor, a->id, *draft, std::get<newsroom::ArticleAction>(action), 200);
  };
  using Action = std::variant<newsroom::ArticleAction, http::Response>;

  on({Method::kPatch, Method::kPut}, "/api/v1/admin/articles/{id}",
     [this, change](const core::User& actor, const http::Request& req, const Params& p) {
       return change(actor, req, p, false, [this](const json& j, newsroom::ArticleDraft& draft) {
         if (auto refused = read_draft(j, draft, site.zone())) {
           return Action(std::move(*refused));
         }
         return action_of(j, "save");
       });
     });

  for (const char* verb : {"submit", "publish", "unpublish"}) {
    on({Method::kPost}, std::string("/api/v1/admin/articles/{id}/") + verb,
       [this, change, verb](const core::User& actor, const http::Request& req, const Params& p) {
         // The body may name the version the action is based on, and a time to publish at.
         return change(actor, req, p, true,
                       [this, verb](const json& j, newsroom::ArticleDraft& draft) {
                         std::string wrong;
                         if (!take(j, "version", draft.version, wrong)) {
                           return Action(wrong_type(wrong));
                         }
                         if (auto refused = read_publish_at(j, draft, site.zone())) {
                           return Action(std::move(*refused));
                         }
                         return Action(*newsroom::parse_article_action(verb));
                       });
       });
  }

  on({Method::kDelete}, "/api/v1/admin/articles/{id}",
     [this](const core::User& actor, const http::Request&, const Params& p) {
       auto deleted = newsroom.delete_article(actor, path_id(p));
       return deleted ? answer(204, nullptr) : failed(deleted.error());
     });

  on({Method::kGet}, "/api/v1/admin/articles/{id}/revisions",
     [this](const core::User& actor, const http::Request&, const Params& p) {
       auto a = newsroom.editable_article(actor, path_id(p));
       if (!a) {
         return failed(a.error());
       }
       auto list = store.revisions(a->id);
       if (!list) {
         return failed(list.error());
       }
       json items = json::array();
       for (const core::Revision& r : *list) {
         json item{{"id", r.id},
                   {"version", r.version == 0 ? json(nullptr) : json(r.version)},
                   {"user_id", r.user_id == 0 ? json(nullptr) : json(r.user_id)},
                   {"note", r.note},
                   {"title", r.title},
                   {"lead", r.lead},
                   {"body", r.body}};
         put_time(item, "saved_at", r.saved_at);
         items.push_back(std::move(item));
       }
       return answer(200, {{"revisions", items}});
     });

  on({Method::kPost}, "/api/v1/admin/revisions/{id}/restore",
     [this, full](const core::User& actor, const http::Request&, const Params& p) {
       auto restored = newsroom.restore_revision(actor, path_id(p));
       return restored ? full(*restored, 200) : failed(restored.error());
     });
}

}  // namespace tapchi::api
