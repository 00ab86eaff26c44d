// Reading the Content API's query parameters.
#include "api/params.h"

#include <charconv>

#include <fmt/format.h>

namespace tapchi::api {

namespace {

// What a list shows of each article unless `fields` says otherwise: everything but the body.
const std::set<std::string, std::less<>> kListFields{
    "edition",           "slug",         "url",        "title",   "lead",
    "published_at",      "updated_at",   "section_id", "tag_ids", "author_ids",
    "featured_media_id", "comments_open"};
const std::set<std::string, std::less<>> kIncludes{"authors", "tags", "section", "media"};

bool is_article_field(std::string_view f) {
  return f == "id" || f == "body" || kListFields.contains(f);
}

// The items of a comma list, without blanks.
std::vector<std::string> items(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string item = core::trimmed(text.substr(0, comma));
    if (!item.empty()) {
      out.push_back(std::move(item));
    }
    text.remove_prefix(comma == std::string_view::npos ? text.size() : comma + 1);
  }
  return out;
}

// A whole hexadecimal number filling `text` (a '-' first when `is_signed`); nullopt when it is
// not one or does not fit.
std::optional<std::int64_t> hex_number(std::string_view text, bool is_signed) {
  if (text.empty() || text.find_first_not_of("0123456789abcdef-") != std::string_view::npos ||
      (!is_signed && text.front() == '-')) {
    return std::nullopt;
  }
  std::int64_t n = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n, 16);
  if (error != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return n;
}

}  // namespace

std::variant<Shape, http::Response> shape_of(const http::Request& req, bool is_list) {
  Shape shape;
  for (std::string& f : items(req.query_param("fields").value_or(""))) {
    if (!is_article_field(f)) {
      return Api::Impl::problem(422, "“" + f + "” is not a field of articles.", "fields");
    }
    shape.fields.insert(std::move(f));
  }
  if (shape.fields.empty() && is_list) {
    shape.fields = kListFields;
  }
  for (std::string& i : items(req.query_param("include").value_or(""))) {
    if (!kIncludes.contains(i)) {
      return Api::Impl::problem(422, "include takes authors, tags, section and media.", "include");
    }
    shape.include.insert(std::move(i));
  }
  shape.format = req.query_param("format").value_or("html");
  if (shape.format != "html" && shape.format != "markdown" && shape.format != "plaintext") {
    return Api::Impl::problem(422, "format is html, markdown or plaintext.", "format");
  }
  return shape;
}

std::variant<int, http::Response> limit_of(const http::Request& req) {
  const auto limit = id_param(req, "limit");
  if (!limit || *limit > kMaxLimit) {
    return Api::Impl::problem(422, fmt::format("limit is a whole number from 1 to {}.", kMaxLimit),
                              "limit");
  }
  return *limit == 0 ? kDefaultLimit : static_cast<int>(*limit);
}

std::variant<std::optional<core::Instant>, http::Response> time_param(const http::Request& req,
                                                                      std::string_view name) {
  const auto v = req.query_param(name);
  if (!v || v->empty()) {
    return std::optional<core::Instant>{};
  }
  auto t = core::parse_instant(*v);
  if (!t) {
    return Api::Impl::problem(422, "A time such as 2026-11-29T07:30:00+07:00.", std::string(name));
  }
  return std::optional<core::Instant>{*t};
}

std::string cursor_after(const core::Article& a) {
  const std::int64_t seconds = a.published_at.value_or(core::Instant{}).time_since_epoch().count();
  const auto magnitude = static_cast<std::uint64_t>(seconds);
  return fmt::format("c{}{:x}.{:x}", seconds < 0 ? "-" : "",
                     seconds < 0 ? 0 - magnitude : magnitude, a.id);
}

std::optional<Cursor> parse_cursor(std::string_view text) {
  if (text.size() > 40 || !text.starts_with('c')) {
    return std::nullopt;
  }
  text.remove_prefix(1);
  const auto dot = text.find('.');
  if (dot == std::string_view::npos) {
    return std::nullopt;
  }
  const auto seconds = hex_number(text.substr(0, dot), true);
  const auto id = hex_number(text.substr(dot + 1), false);
  if (!seconds || !id || *id <= 0) {
    return std::nullopt;
  }
  return Cursor{core::Instant{std::chrono::seconds{*seconds}}, *id};
}

}  // namespace tapchi::api
