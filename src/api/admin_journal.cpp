// The Admin API's media library, comments, sections, tags and authors.
#include <fmt/format.h>

#include "api/admin_body.h"

namespace tapchi::api {

namespace {

using Params = http::Router::Params;

}  // namespace

void Api::Impl::add_journal_routes() {
  using http::Method;

  // --- media ---
  on({Method::kGet}, "/api/v1/admin/media",
     [this](const core::User&, const http::Request& req, const Params&) {
       const auto page = page_of(req);
       if (const auto* refused = std::get_if<http::Response>(&page)) {
         return *refused;
       }
       constexpr int kPerPage = 50;
       auto list = store.recent_media(kPerPage, (std::get<int>(page) - 1) * kPerPage);
       auto count = store.media_count();
       if (!list || !count) {
         return failed(!list ? list.error() : count.error());
       }
       json items = json::array();
       for (const core::Media& m : *list) {
         items.push_back(media_json(m));
       }
       return answer(200, {{"media", items}, {"total", *count}});
     });
  on({Method::kPost}, "/api/v1/admin/media",
     [this](const core::User& actor, const http::Request& req, const Params&) {
       if (!req.header("content-type").starts_with("multipart/form-data")) {
         return problem(415, "Send the photo as multipart/form-data with a part named file.");
       }
       auto parts = http::parse_multipart(req.body, req.header("content-type"));
       if (!parts) {
         return problem(400, parts.error().message);
       }
       newsroom::MediaDraft draft;
       const http::FormPart* file = nullptr;
       for (const http::FormPart& part : *parts) {
         if (part.name == "file" && file == nullptr) {
           file = &part;
         } else if (part.name == "alt") {
           draft.alt = part.data;
         } else if (part.name == "caption") {
           draft.caption = part.data;
         } else if (part.name == "credit") {
           draft.credit = part.data;
         }
       }
       if (file == nullptr) {
         return problem(422, "Send the photo in a part named file.", "file");
       }
       auto m = newsroom.upload_media(actor, file->data, file->file_name, draft);
       if (!m) {
         return failed(m.error());
       }
       http::Response r = answer(201, {{"media", media_json(*m)}});
       r.set("Location", absolute("/api/v1/admin/media/" + std::to_string(m->id)));
       return r;
     });
  on({Method::kGet}, "/api/v1/admin/media/{id}",
     [this](const core::User&, const http::Request&, const Params& p) {
       const core::Id id = path_id(p);
       auto m = id > 0 ? store.media(id) : core::fail(core::not_found("There is no such photo."));
       return m ? answer(200, {{"media", media_json(*m)}}) : failed(m.error());
     });
  on({Method::kPatch}, "/api/v1/admin/media/{id}",
     [this](const core::User& actor, const http::Request& req, const Params& p) {
       auto body = body_of(req);
       if (auto* refused = std::get_if<http::Response>(&body)) {
         return std::move(*refused);
       }
       const core::Id id = path_id(p);
       auto m = id > 0 ? store.media(id) : core::fail(core::not_found("There is no such photo."));
       if (!m) {
         return failed(m.error());
       }
       newsroom::MediaDraft draft{m->alt, m->caption, m->credit};
       const json& j = std::get<json>(body);
       std::string wrong;
       if (!take(j, "alt", draft.alt, wrong) || !take(j, "caption", draft.caption, wrong) ||
           !take(j, "credit", draft.credit, wrong)) {
         return wrong_type(wrong);
       }
       auto saved = newsroom.describe_media(actor, id, draft);
       return saved ? answer(200, {{"media", media_json(*saved)}}) : failed(saved.error());
     });
  on({Method::kDelete}, "/api/v1/admin/media/{id}",
     [this](const core::User& actor, const http::Request&, const Params& p) {
       auto deleted = newsroom.delete_media(actor, path_id(p));
       return deleted ? answer(204, nullptr) : failed(deleted.error());
     });

  // --- comments ---
  on({Method::kGet}, "/api/v1/admin/comments",
     [this](const core::User& actor, const http::Request& req, const Params&) {
       if (!newsroom::may_keep_journal(actor)) {
         return problem(403, "Only editors and admins may moderate.");
       }
       store::CommentQuery q;
       const std::string status = req.query_param("status").value_or("pending");
       auto parsed = core::parse_comment_status(status);
       if (!parsed) {
         return problem(422, "status is pending, approved, spam or rejected.", "status");
       }
       q.status = *parsed;
       const auto page = page_of(req);
       if (const auto* refused = std::get_if<http::Response>(&page)) {
         return *refused;
       }
       q.offset = (std::get<int>(page) - 1) * q.limit;
       auto found = store.find_comments(q);
       if (!found) {
         return failed(found.error());
       }
       json items = json::array();
       for (const core::Comment& c : found->items) {
         items.push_back(comment_json(c, true));
       }
       return answer(200, {{"comments", items}, {"total", found->total}});
     });
  for (const char* verb : {"approve", "reject", "spam", "pending"}) {
    on({Method::kPost}, std::string("/api/v1/admin/comments/{id}/") + verb,
       [this, verb](const core::User& actor, const http::Request&, const Params& p) {
         const core::Id id = path_id(p);
         auto changed = newsroom.moderate(actor, {id}, *newsroom::parse_moderation(verb));
         if (!changed) {
           return failed(changed.error());
         }
         if (*changed == 0) {
           return problem(404, "There is no such comment.");
         }
         auto c = store.comment(id);
         if (!c) {
           return failed(c.error());
         }
         return answer(200, {{"comment", comment_json(*c, true)}});
       });
  }
  on({Method::kDelete}, "/api/v1/admin/comments/{id}",
     [this](const core::User& actor, const http::Request&, const Params& p) {
       auto changed = newsroom.moderate(actor, {path_id(p)}, newsroom::Moderation::kDelete);
       if (!changed) {
         return failed(changed.error());
       }
       return *changed == 0 ? problem(404, "There is no such comment.") : answer(204, nullptr);
     });
  on({Method::kPost}, "/api/v1/admin/comments/{id}/replies",
     [this](const core::User& actor, const http::Request& req, const Params& p) {
       auto body = body_of(req);
       if (auto* refused = std::get_if<http::Response>(&body)) {
         return std::move(*refused);
       }
       std::string text;
       std::string wrong;
       if (!take(std::get<json>(body), "text", text, wrong)) {
         return wrong_type(wrong);
       }
       auto reply = newsroom.reply(actor, path_id(p), text);
       if (!reply) {
         return failed(reply.error().field == "reply"
                           ? core::Error{reply.error().code, reply.error().message, "text"}
                           : reply.error());
       }
       return answer(201, {{"comment", comment_json(*reply, true)}});
     });

  // --- sections ---
  // A new section (id 0) or a change to one, from the request's body.
  const auto save_section = [this](const core::User& actor, core::Id id,
                                   const http::Request& req) -> http::Response {
    auto body = body_of(req);
    if (auto* refused = std::get_if<http::Response>(&body)) {
      return std::move(*refused);
    }
    const json& j = std::get<json>(body);
    Names names;
    if (auto read = read_names({}, names); !read) {
      return failed(read.error());
    }
    newsroom::SectionDraft draft;
    if (id != 0) {
      auto current = newsroom.section(actor, id);
      if (!current) {
        return failed(current.error());
      }
      draft = {current->edition_id, current->name, current->slug,
               std::to_string(current->position)};
    } else {
      auto e = edition_of(j, names);
      if (auto* refused = std::get_if<http::Response>(&e)) {
        return std::move(*refused);
      }
      draft.edition_id = std::get<core::Id>(e);
      draft.position = "0";
    }
    int position = -1;
    std::string wrong;
    if (!take(j, "name", draft.name, wrong) || !take(j, "slug", draft.slug, wrong)) {
      return wrong_type(wrong);
    }
    if (!take(j, "position", position, wrong)) {
      return problem(422, "“position” should be a whole number from 0.", "position");
    }
    if (j.contains("position")) {
      draft.position = position < 0 ? "-" : std::to_string(position);
    }
    auto saved = newsroom.save_section(actor, id, draft);
    if (!saved) {
      return failed(saved.error());
    }
    return answer(id == 0 ? 201 : 200, {{"section", section_json(*saved, names)}});
  };
  on({Method::kPost}, "/api/v1/admin/sections",
     [save_section](const core::User& actor, const http::Request& req, const Params&) {
       return save_section(actor, 0, req);
     });
  on({Method::kPatch}, "/api/v1/admin/sections/{id}",
     [save_section](const core::User& actor, const http::Request& req, const Params& p) {
       const core::Id id = path_id(p);
       return id > 0 ? save_section(actor, id, req) : problem(404, "There is no such section.");
     });

  // --- tags ---
  on({Method::kPatch}, "/api/v1/admin/tags/{id}",
     [this](const core::User& actor, const http::Request& req, const Params& p) {
       auto body = body_of(req);
       if (auto* refused = std::get_if<http::Response>(&body)) {
         return std::move(*refused);
       }
       auto current = newsroom.tag(actor, path_id(p));
       if (!current) {
         return failed(current.error());
       }
       newsroom::TagDraft draft{current->name, current->slug};
       std::string wrong;
       const json& j = std::get<json>(body);
       if (!take(j, "name", draft.name, wrong) || !take(j, "slug", draft.slug, wrong)) {
         return wrong_type(wrong);
       }
       auto saved = newsroom.save_tag(actor, current->id, draft);
       Names names;
       if (!saved || !read_names({}, names)) {
         return failed(saved ? core::unavailable("The database did not answer.") : saved.error());
       }
       return answer(200, {{"tag", tag_json(*saved, names)}});
     });
  on({Method::kDelete}, "/api/v1/admin/tags/{id}",
     [this](const core::User& actor, const http::Request&, const Params& p) {
       auto deleted = newsroom.delete_tag(actor, path_id(p));
       return deleted ? answer(204, nullptr) : failed(deleted.error());
     });

  // --- authors ---
  // A new author (id 0) or a change to one, from the request's body.
  const auto save_author = [this](const core::User& actor, core::Id id,
                                  const http::Request& req) -> http::Response {
    auto body = body_of(req);
    if (auto* refused = std::get_if<http::Response>(&body)) {
      return std::move(*refused);
    }
    const json& j = std::get<json>(body);
    Names names;
    if (auto read = read_names({}, names); !read) {
      return failed(read.error());
    }
    newsroom::AuthorDraft draft;
    if (id != 0) {
      auto current = newsroom.author(actor, id);
      if (!current) {
        return failed(current.error());
      }
      draft = {current->edition_id, current->name, current->slug,
               current->position,   current->bio,  current->photo_id};
    } else {
      auto e = edition_of(j, names);
      if (auto* refused = std::get_if<http::Response>(&e)) {
        return std::move(*refused);
      }
      draft.edition_id = std::get<core::Id>(e);
    }
    std::string wrong;
    if (!take(j, "name", draft.name, wrong) || !take(j, "slug", draft.slug, wrong) ||
        !take(j, "position", draft.position, wrong) || !take(j, "bio", draft.bio, wrong) ||
        !take(j, "photo_id", draft.photo_id, wrong)) {
      return wrong_type(wrong);
    }
    auto saved = newsroom.save_author(actor, id, draft);
    if (!saved) {
      return failed(saved.error());
    }
    if (saved->photo_id != 0) {
      if (auto m = store.media(saved->photo_id)) {
        names.media.emplace(m->id, *m);
      }
    }
    return answer(id == 0 ? 201 : 200, {{"author", author_json(*saved, names)}});
  };
  on({Method::kPost}, "/api/v1/admin/authors",
     [save_author](const core::User& actor, const http::Request& req, const Params&) {
       return save_author(actor, 0, req);
     });
  on({Method::kPatch}, "/api/v1/admin/authors/{id}",
     [save_author](const core::User& actor, const http::Request& req, const Params& p) {
       const core::Id id = path_id(p);
       return id > 0 ? save_author(actor, id, req) : problem(404, "There is no such author.");
     });
}

}  // namespace tapchi::api
