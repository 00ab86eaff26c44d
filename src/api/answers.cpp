// Answers: JSON, problems (RFC 9457) and the key a request carries.
#include <fmt/format.h>

#include "api/impl.h"

namespace tapchi::api {

http::Response Api::Impl::answer(int status, const json& body, std::string cache_control) {
  http::Response r;
  r.status = status;
  if (status != 204) {
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    r.set("Content-Type", "application/json; charset=utf-8");
  }
  r.set("Cache-Control", std::move(cache_control));
  r.set("X-Content-Type-Options", "nosniff");
  return r;
}

http::Response Api::Impl::problem(int status, std::string detail, std::string field) {
  json j{{"type", "about:blank"},
         {"title", std::string(http::reason_phrase(status))},
         {"status", status},
         {"detail", std::move(detail)}};
  if (!field.empty()) {
    j["field"] = std::move(field);
  }
  http::Response r = answer(status, j);
  r.set("Content-Type", "application/problem+json; charset=utf-8");
  return r;
}

http::Response Api::Impl::failed(const core::Error& e) {
  switch (e.code) {
    case core::ErrorCode::kForbidden:
      return problem(403, e.message, e.field);
    case core::ErrorCode::kNotFound:
      return problem(404, e.message.empty() ? "There is no such thing." : e.message, e.field);
    case core::ErrorCode::kInvalid:
      return problem(422, e.message, e.field);
    case core::ErrorCode::kConflict:
      return problem(409, e.message, e.field);
    case core::ErrorCode::kTooLarge:
      return problem(413, e.message, e.field);
    case core::ErrorCode::kUnavailable:
    case core::ErrorCode::kInternal:
      break;
  }
  http::Response r = problem(503, "The journal is unavailable for a moment; try again shortly.");
  r.set("Retry-After", "5");
  r.error_detail = e.describe();
  return r;
}

std::variant<accounts::KeyHolder, http::Response> Api::Impl::key_of(
    const http::Request& req) const {
  const std::string_view header = req.header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  const auto refused = [](std::string detail) {
    http::Response r = problem(401, std::move(detail));
    r.set("WWW-Authenticate", "Bearer realm=\"tapchi\"");
    return r;
  };
  if (header.empty()) {
    return refused("Send the key as “Authorization: Bearer tapchi_…”.");
  }
  if (header.size() <= kBearer.size() ||
      !std::equal(kBearer.begin(), kBearer.end(), header.begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    return refused("The Authorization header is not “Bearer <key>”.");
  }
  auto holder = accounts::resume_api_key(store, header.substr(kBearer.size()));
  if (!holder) {
    if (holder.error().code != core::ErrorCode::kNotFound) {
      return failed(holder.error());
    }
    return refused("This key is unknown or revoked.");
  }
  return std::move(*holder);
}

std::optional<core::Id> id_param(const http::Request& req, std::string_view name) {
  const auto v = req.query_param(name);
  if (!v || v->empty()) {
    return core::Id{0};
  }
  const core::Id id = core::parse_id(*v);
  if (id <= 0) {
    return std::nullopt;
  }
  return id;
}

}  // namespace tapchi::api
