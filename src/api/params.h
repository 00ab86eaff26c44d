// Reading the Content API's query parameters. Private to the api module.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "api/impl.h"

namespace tapchi::api {

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 100;

// The shape a request asks for with fields=, include= and format=, or the 422 answer naming the
// parameter. Without fields=, a list shows every field but the body, and one article every field.
std::variant<Shape, http::Response> shape_of(const http::Request& req, bool is_list);

// ?limit=: kDefaultLimit when absent, a whole number from 1 to kMaxLimit, or the 422 answer.
std::variant<int, http::Response> limit_of(const http::Request& req);

// A time parameter (RFC 3339), nullopt when absent; the 422 answer when malformed.
std::variant<std::optional<core::Instant>, http::Response> time_param(const http::Request& req,
                                                                      std::string_view name);

// Where a page of the newest articles stops: the last one's publication time and id.
using Cursor = std::pair<core::Instant, core::Id>;

// The cursor after `a`, opaque to clients: "c", its publication time's seconds and its id in
// hexadecimal ("c5d63a4c8.2a").
std::string cursor_after(const core::Article& a);
// The position a cursor_after text stands for; nullopt for any other text.
std::optional<Cursor> parse_cursor(std::string_view text);

}  // namespace tapchi::api
