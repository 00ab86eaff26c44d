// The API's inner workings, shared by its source files. Private to the api module.
#pragma once
#include <atomic>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "accounts/accounts.h"
#include "api/api.h"
#include "newsroom/newsroom.h"

namespace tapchi::api {

using json = nlohmann::ordered_json;

// How long a POST's answer is kept for its Idempotency-Key: a client retries within minutes.
inline constexpr std::chrono::hours kKeepIdempotentAnswers{24};

// How a request wants articles shown: which fields (all when empty; "id" always), what to
// embed (authors, tags, section, media), and the body's format (html, markdown, plaintext).
struct Shape {
  std::set<std::string, std::less<>> fields;
  std::set<std::string, std::less<>> include;
  std::string format = "html";
  bool wants(std::string_view field) const { return fields.empty() || fields.contains(field); }
};

// The journal's names, read once per answer: editions, sections, tags, authors and photos that
// the answer's articles name.
struct Names {
  std::vector<core::Edition> editions;
  std::map<core::Id, core::Section> sections;
  std::map<core::Id, core::Tag> tags;
  std::map<core::Id, core::Author> authors;
  std::map<core::Id, core::Media> media;
  const core::Edition* edition(core::Id id) const;
  const core::Edition* edition(std::string_view code) const;
};

struct Api::Impl {
  ApiOptions options;
  store::Store& store;
  const core::Clock& clock;
  const site::Site& site;
  newsroom::Newsroom newsroom;
  http::Router content;  // the Content API's routes (GET)
  // The Admin API's routes, under /api/v1/admin/: matched by `admin`, answered by the handler
  // at the matched index of `admin_handlers`, which takes the key's account.
  http::Router admin;
  using AdminHandler = std::function<http::Response(
      const core::User& actor, const http::Request& req, const http::Router::Params& params)>;
  std::vector<AdminHandler> admin_handlers;
  void on(std::vector<http::Method> methods, std::string pattern, AdminHandler handler);
  std::unique_ptr<core::Buckets> rate;  // per API key, shared by every node
  // When answers kept for Idempotency-Keys were last forgotten (seconds since the epoch).
  mutable std::atomic<std::int64_t> answers_forgotten_at{0};

  Impl(ApiOptions o, store::Store& s, const core::Clock& c, const site::Site& public_site)
      : options(std::move(o)),
        store(s),
        clock(c),
        site(public_site),
        newsroom(s, c,
                 newsroom::Library{options.media_dir, options.max_upload_bytes,
                                   [&public_site] { return public_site.zone(); }}),
        rate(store::buckets(s, "api-key", options.rate)) {
    add_content_routes();
    add_admin_routes();
  }

  void add_content_routes();
  void add_admin_routes();

  // --- answers (answers.cpp) ---
  // A JSON answer, never stored by browsers or proxies unless `cache_control` says otherwise.
  static http::Response answer(int status, const json& body,
                               std::string cache_control = "no-store");
  // An application/problem+json answer (RFC 9457): `status`, its reason as the title, `detail`,
  // and the request field to blame when there is one.
  static http::Response problem(int status, std::string detail, std::string field = {});
  // The problem an operation's error code stands for: 403, 404, 422, 409, 413, 503 (a 5xx
  // detail is logged, never sent).
  static http::Response failed(const core::Error& e);
  // The key a request's "Authorization: Bearer" header names, or the 401 answer.
  std::variant<accounts::KeyHolder, http::Response> key_of(const http::Request& req) const;

  // --- JSON (json.cpp) ---
  // Reads into `names` what `articles` name that it does not hold yet.
  core::Result<void> read_names(const std::vector<core::Article>& articles, Names& names) const;
  json edition_json(const core::Edition& e) const;
  json section_json(const core::Section& s, const Names& names) const;
  json tag_json(const core::Tag& t, const Names& names) const;
  json author_json(const core::Author& a, const Names& names) const;
  json media_json(const core::Media& m) const;
  // A published article for readers' apps; `with_state` adds what the newsroom sees (status,
  // version, created_by).
  json article_json(const core::Article& a, const Names& names, const Shape& shape,
                    bool with_state = false) const;
  // An approved comment for readers; `with_state` adds what moderators see (status, email).
  json comment_json(const core::Comment& c, bool with_state = false) const;
  // An instant in the site's zone with its offset, and in UTC: {"x": …, "x_utc": …}.
  void put_time(json& j, std::string_view name, const std::optional<core::Instant>& t) const;
  std::string absolute(std::string_view path) const { return options.base_url + std::string(path); }

  // --- the Content API (content.cpp) ---
  using Params = http::Router::Params;
  http::Response read(const http::Request& req) const;
  http::Response editions(const http::Request& req) const;
  http::Response sections(const http::Request& req) const;
  http::Response tags(const http::Request& req) const;
  http::Response authors(const http::Request& req) const;
  http::Response articles(const http::Request& req) const;
  http::Response article(const http::Request& req, const Params& p) const;
  http::Response article_by_slug(const http::Request& req, const Params& p) const;
  http::Response comments(const http::Request& req, const Params& p) const;
  http::Response search(const http::Request& req) const;
  // One published article as the Content API answers it.
  http::Response one_article(const http::Request& req, core::Result<core::Article> found) const;

  // --- the Admin API (admin.cpp, admin_articles.cpp, admin_journal.cpp) ---
  http::Response write(const http::Request& req) const;
  // Forgets the answers kept for Idempotency-Keys longer than kKeepIdempotentAnswers, at most
  // once an hour: the first request after the hour does it.
  void forget_old_answers(core::Instant now) const;
  void add_article_routes();
  void add_journal_routes();
  void add_hook_routes();
};

// The value of an id-or-number parameter: a positive id, 0 when absent, nullopt when malformed.
std::optional<core::Id> id_param(const http::Request& req, std::string_view name);

}  // namespace tapchi::api
