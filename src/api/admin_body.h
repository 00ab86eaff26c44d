// Reading the Admin API's request bodies. Private to the api module.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "api/impl.h"

namespace tapchi::api {

// The id an address's first parameter names ("/api/v1/admin/articles/{id}"), 0 when malformed.
core::Id path_id(const http::Router::Params& p);

// ?page=: 1 when absent, a whole number from 1 to 100,000, or the 422 answer.
std::variant<int, http::Response> page_of(const http::Request& req);

// The edition a new row belongs to: the body's "edition" code, the journal's only edition when
// it has one and the body names none; the 422 answer otherwise.
std::variant<core::Id, http::Response> edition_of(const json& j, const Names& names);

// A request's JSON body as an object, or the answer refusing it: 415 for another media type,
// 400 for JSON that does not parse or is no object.
std::variant<json, http::Response> body_of(const http::Request& req);

// Whether `v` is a whole number that T holds: no fraction dropped, nothing out of range (a
// JSON number such as 1.5 or 1e30 is not an id, and converting it would be undefined).
template <typename T>
bool is_whole(const json& v) {
  if (v.is_number_unsigned()) {
    return std::in_range<T>(v.get<std::uint64_t>());
  }
  return v.is_number_integer() && std::in_range<T>(v.get<std::int64_t>());
}

template <typename T>
inline constexpr bool kIsWhole = std::is_integral_v<T> && !std::is_same_v<T, bool>;
template <typename T>
inline constexpr bool kIsList = false;
template <typename T>
inline constexpr bool kIsList<std::vector<T>> = true;

// Reads the field `name` of `j` into `into` when it is there and not null; false, with `wrong`
// naming the field, when it has another type (whole numbers must be whole and fit).
template <typename T>
bool take(const json& j, const char* name, T& into, std::string& wrong) {
  const auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    return true;
  }
  bool fits = true;
  if constexpr (kIsWhole<T>) {
    fits = is_whole<T>(*it);
  } else if constexpr (kIsList<T>) {
    if constexpr (kIsWhole<typename T::value_type>) {  // a list of ids
      fits =
          it->is_array() && std::all_of(it->begin(), it->end(), is_whole<typename T::value_type>);
    }
  }
  try {
    if (fits) {
      into = it->template get<T>();
      return true;
    }
  } catch (const json::exception&) {
  }
  wrong = name;
  return false;
}

// The 422 answer for a field of the wrong type, saying what it should be.
http::Response wrong_type(const std::string& field);

// Reads "publish_at" (RFC 3339; a time without offset is in `zone`) into `draft` when `j` has
// it. The 422 answer when it is no such time.
std::optional<http::Response> read_publish_at(const json& j, newsroom::ArticleDraft& draft,
                                              const core::Zone& zone);

// Reads an article's fields that `j` has into `draft`: version, title, lead, body, slug,
// section_id, tags, author_ids, featured_media_id, translation_of, comments_open, comment_mode,
// publish_at (as read_publish_at reads it). The 422 answer for a wrong one.
std::optional<http::Response> read_draft(const json& j, newsroom::ArticleDraft& draft,
                                         const core::Zone& zone);

// The draft that leaves article `a` as it is (its tags by name; no version, no time).
core::Result<newsroom::ArticleDraft> draft_of(store::Store& store, const core::Article& a);

// The "action" field ("save", "submit", "publish", "unpublish"), `fallback` when absent.
std::variant<newsroom::ArticleAction, http::Response> action_of(const json& j,
                                                                std::string_view fallback);

}  // namespace tapchi::api
