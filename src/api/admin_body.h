// Reading the Admin API's request bodies. Private to the api module.
#pragma once
#include <optional>
#include <string>
#include <variant>

#include "api/impl.h"

namespace tapchi::api {

// A request's JSON body as an object, or the answer refusing it: 415 for another media type,
// 400 for JSON that does not parse or is no object.
std::variant<json, http::Response> body_of(const http::Request& req);

// Reads the field `name` of `j` into `into` when it is there and not null; false, with `wrong`
// naming the field, when it has another type.
template <typename T>
bool take(const json& j, const char* name, T& into, std::string& wrong) {
  const auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    return true;
  }
  try {
    into = it->get<T>();
    return true;
  } catch (const json::exception&) {
    wrong = name;
    return false;
  }
}

// The 422 answer for a field of the wrong type, saying what it should be.
http::Response wrong_type(const std::string& field);

// Reads an article's fields that `j` has into `draft`: version, title, lead, body, slug,
// section_id, tags, author_ids, featured_media_id, translation_of, comments_open, comment_mode,
// publish_at (RFC 3339; a time without offset is in `zone`). The 422 answer for a wrong one.
std::optional<http::Response> read_draft(const json& j, newsroom::ArticleDraft& draft,
                                         const core::Zone& zone);

// The draft that leaves article `a` as it is (its tags by name; no version, no time).
core::Result<newsroom::ArticleDraft> draft_of(store::Store& store, const core::Article& a);

// The "action" field ("save", "submit", "publish", "unpublish"), `fallback` when absent.
std::variant<newsroom::ArticleAction, http::Response> action_of(const json& j,
                                                                std::string_view fallback);

}  // namespace tapchi::api
