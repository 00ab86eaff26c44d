// api: the journal's JSON doors under /api/v1/. The Content API reads what readers see
// (published articles, sections, tags, authors, editions, approved comments, search) through the
// site's page cache; the Admin API (under /api/v1/admin/) does what the back office does, through
// the same newsroom operations, for API keys acting as accounts. Errors are
// application/problem+json (RFC 9457). Safe to call from every server loop at once.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/core.h"
#include "http/http.h"
#include "site/site.h"
#include "store/store.h"

namespace tapchi::api {

struct ApiOptions {
  std::string base_url;  // "https://tapchi.example": URLs in answers are absolute; no slash
  // When true, Content API reads need a key too (any active key); else they are public.
  bool content_needs_key = false;
  std::filesystem::path media_dir;                  // the media library's files
  std::size_t max_upload_bytes = 20 * 1024 * 1024;  // as the server's [limits] say
  // Admin API requests per key: a burst of `burst`, then one per `refill`.
  core::TokenBuckets::Rate rate{300, std::chrono::seconds{1}};
};

class Api {
 public:
  Api(ApiOptions options, store::Store& store, const core::Clock& clock, const site::Site& site);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Whether `path` belongs to the API ("/api/" and below).
  static bool owns(std::string_view path);
  http::Response handle(const http::Request& request) const;
  // Whether the request, known by its head alone, carries a key that may upload media: only
  // those get the server's upload size limit.
  bool may_upload(const http::Request& head) const;

  // The OpenAPI 3.1 document of every route (served at /api/v1/openapi.json).
  static std::string_view document();
  // Every route the API answers: {"GET", "/api/v1/articles/{id}"}, … (HEAD left out).
  std::vector<std::pair<std::string, std::string>> routes() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tapchi::api
