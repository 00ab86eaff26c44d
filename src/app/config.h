// tapchi.toml: the journal's configuration, read once at start. Private to app.
//
//   [site]     name, base_url, time_zone (IANA, default Asia/Ho_Chi_Minh), theme_dir
//   [server]   listen ("127.0.0.1:8080"), threads (0 = one per core)
//   [storage]  data_dir (relative to the config file; holds tapchi.db and media/), database
//              (a postgresql:// URL: PostgreSQL instead of data_dir's tapchi.db), replica (a
//              streaming standby of that database, for the public's reads)
//   [cache]    budget_mb (memory for rendered pages, default 128; 0 turns the cache off)
//   [limits]   max_header_bytes, max_body_bytes, max_upload_bytes, header_timeout_ms,
//   body_timeout_ms,
//              idle_timeout_ms, max_connections, shutdown_timeout_ms
//   [[editions]] code, language (en|vi), name, prefix ("/" or "/en/"), date_style (en|vi)
//
// Environment variables override the file (TAPCHI_LISTEN, TAPCHI_DATA_DIR, TAPCHI_DATABASE,
// TAPCHI_REPLICA, TAPCHI_BASE_URL, TAPCHI_TIME_ZONE, TAPCHI_THREADS) and command-line flags
// override both. An
// unknown key or a bad value is an error naming the key.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/core.h"
#include "http/http.h"
#include "site/site.h"

namespace tapchi::app {

struct Config {
  std::string site_name = "Tạp chí";
  std::string base_url = "http://127.0.0.1:8080";
  std::string time_zone = "Asia/Ho_Chi_Minh";
  std::optional<std::filesystem::path> theme_dir;
  std::vector<std::string> robots_disallow{"/admin/"};  // [site] robots_disallow
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  int threads = 0;
  std::vector<std::string> trusted_proxies;  // [server] trusted_proxies
  std::filesystem::path data_dir;            // absolute
  std::string database;  // [storage] database: a PostgreSQL URL; empty: data_dir's tapchi.db
  std::string replica;   // [storage] replica: a read replica's URL for public pages (serve only)
  http::Limits limits;
  std::size_t cache_budget_mb = 128;
  std::vector<core::Edition> editions;  // position follows the file's order
  site::CommentOptions comments;
  bool api_content_needs_key = false;                               // [api] content_needs_key
  core::TokenBuckets::Rate api_rate{300, std::chrono::seconds{1}};  // [api] rate_*
  std::chrono::seconds webhook_retry{30};                           // [api] webhook_retry_seconds
  bool count_views = true;                                          // [readership] count_views
  std::chrono::seconds views_write_every{10};                       // [readership] write_seconds
  int most_read = 5;                                                // [readership] most_read
  std::chrono::hours most_read_window{48};                          // [readership] most_read_hours
  std::chrono::seconds most_read_refresh{300};  // [readership] most_read_refresh_seconds

  std::filesystem::path database_path() const { return data_dir / "tapchi.db"; }
  bool is_postgres() const { return !database.empty(); }
  // What the store opens: the PostgreSQL URL, else the SQLite file.
  std::string database_target() const {
    return is_postgres() ? database : database_path().string();
  }
  std::filesystem::path media_dir() const { return data_dir / "media"; }
};

// Reads and validates `file`.
core::Result<Config> load_config(const std::filesystem::path& file);
// Parses TOML text; relative paths are resolved against `base_dir`. `source` names it in errors.
core::Result<Config> parse_config(std::string_view text, const std::filesystem::path& base_dir,
                                  std::string_view source);
// Applies TAPCHI_* overrides read through `getenv`.
core::Result<void> apply_environment(Config& config,
                                     const std::function<const char*(const char*)>& getenv);
// Sets listen_address and listen_port from "host:port"; fails naming `key`.
core::Result<void> set_listen(Config& config, std::string_view value, std::string_view key);
// The file `tapchi init` writes: a Vietnamese edition at / and an English one at /en/.
std::string default_config_text(std::string_view site_name);

}  // namespace tapchi::app
