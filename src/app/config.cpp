#include "app/config.h"

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "render/render.h"
#include "store/store.h"

namespace tapchi::app {

namespace {

core::Unexpected bad(std::string_view key, std::string message) {
  return core::fail(core::invalid(std::move(message), std::string(key)));
}

// A database setting is a PostgreSQL URL (empty: the SQLite file in data_dir).
core::Result<void> check_database(std::string_view value, std::string_view key) {
  if (!value.empty() && !store::is_postgres_url(value)) {
    return bad(key, fmt::format("{} is a PostgreSQL URL (postgresql://user@host:port/name), not "
                                "'{}'; leave it out to keep the journal in data_dir/tapchi.db",
                                key, value));
  }
  return {};
}

std::string where(const toml::node& node, std::string_view source) {
  return fmt::format("{}:{}", source, node.source().begin.line);
}

// Reads the keys of one table, refusing any it does not know.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, std::string_view source)
      : table_(table), prefix_(std::move(prefix)), source_(source) {}

  core::Result<void> check_known(const std::set<std::string>& known) const {
    for (const auto& [key, node] : table_) {
      if (!known.count(std::string(key.str()))) {
        return bad(prefix_ + std::string(key.str()),
                   fmt::format("unknown key (at {})", where(node, source_)));
      }
    }
    return {};
  }

  core::Result<void> string(const char* key, std::string& out) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) {
      return {};
    }
    if (!node->is_string()) {
      return bad(prefix_ + key, fmt::format("expected a string (at {})", where(*node, source_)));
    }
    out = **node->as_string();
    return {};
  }

  core::Result<void> boolean(const char* key, bool& out) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) {
      return {};
    }
    if (!node->is_boolean()) {
      return bad(prefix_ + key,
                 fmt::format("expected true or false (at {})", where(*node, source_)));
    }
    out = **node->as_boolean();
    return {};
  }

  template <typename Int>
  core::Result<void> integer(const char* key, Int& out, long long min, long long max) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) {
      return {};
    }
    if (!node->is_integer() || **node->as_integer() < min || **node->as_integer() > max) {
      return bad(prefix_ + key, fmt::format("expected an integer from {} to {} (at {})", min, max,
                                            where(*node, source_)));
    }
    out = static_cast<Int>(**node->as_integer());
    return {};
  }

  core::Result<void> strings(const char* key, std::vector<std::string>& out) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) {
      return {};
    }
    const toml::array* list = node->as_array();
    if (list == nullptr) {
      return bad(prefix_ + key,
                 fmt::format("expected a list of strings (at {})", where(*node, source_)));
    }
    out.clear();
    for (const toml::node& item : *list) {
      if (!item.is_string()) {
        return bad(prefix_ + key,
                   fmt::format("expected a list of strings (at {})", where(item, source_)));
      }
      out.emplace_back(**item.as_string());
    }
    return {};
  }

  const toml::table& table() const { return table_; }

 private:
  const toml::table& table_;
  std::string prefix_;
  std::string_view source_;
};

core::Result<void> read_limits(const TableReader& r, http::Limits& l) {
  TAPCHI_TRY(r.check_known({"max_header_bytes", "max_body_bytes", "header_timeout_ms",
                            "body_timeout_ms", "idle_timeout_ms", "max_connections",
                            "shutdown_timeout_ms", "max_upload_bytes"}));
  TAPCHI_TRY(r.integer("max_header_bytes", l.max_header_bytes, 1024, 1 << 20));
  TAPCHI_TRY(r.integer("max_body_bytes", l.max_body_bytes, 0, 1LL << 32));
  TAPCHI_TRY(r.integer("header_timeout_ms", l.header_timeout_ms, 100, 600'000));
  TAPCHI_TRY(r.integer("body_timeout_ms", l.body_timeout_ms, 100, 3'600'000));
  TAPCHI_TRY(r.integer("idle_timeout_ms", l.idle_timeout_ms, 100, 3'600'000));
  TAPCHI_TRY(r.integer("max_connections", l.max_connections, 1, 1'000'000));
  TAPCHI_TRY(r.integer("shutdown_timeout_ms", l.shutdown_timeout_ms, 0, 600'000));
  TAPCHI_TRY(r.integer("max_upload_bytes", l.max_upload_bytes, 1024, 1LL << 30));
  return {};
}

core::Result<void> read_comments(const TableReader& r, site::CommentOptions& c) {
  TAPCHI_TRY(r.check_known({"max_links", "rate_burst", "rate_refill_seconds",
                            "duplicate_window_minutes", "spam_words"}));
  TAPCHI_TRY(r.integer("max_links", c.limits.links, 0, 100));
  TAPCHI_TRY(r.integer("rate_burst", c.rate.burst, 1, 1'000'000));
  long long refill = c.rate.refill.count();
  TAPCHI_TRY(r.integer("rate_refill_seconds", refill, 1, 86'400));
  c.rate.refill = std::chrono::seconds{refill};
  long long window = c.duplicate_window.count() / 60;
  TAPCHI_TRY(r.integer("duplicate_window_minutes", window, 0, 525'600));
  c.duplicate_window = std::chrono::minutes{window};
  TAPCHI_TRY(r.strings("spam_words", c.spam_words));
  for (const std::string& word : c.spam_words) {
    if (!core::is_valid_utf8(word) || word.find_first_not_of(' ') == std::string::npos) {
      return bad("comments.spam_words", "each word must be non-empty UTF-8 text");
    }
  }
  return {};
}

core::Result<core::Edition> read_edition(const TableReader& r, int position) {
  TAPCHI_TRY(r.check_known({"code", "language", "name", "prefix", "date_style"}));
  core::Edition e;
  e.position = position;
  std::string style;
  TAPCHI_TRY(r.string("code", e.code));
  TAPCHI_TRY(r.string("language", e.language));
  TAPCHI_TRY(r.string("name", e.name));
  TAPCHI_TRY(r.string("prefix", e.prefix));
  TAPCHI_TRY(r.string("date_style", style));
  const std::string key = fmt::format("editions[{}]", position);
  if (e.code.empty() || core::slugify(e.code) != e.code) {
    return bad(key + ".code", "expected a short lower-case code such as \"vi\" or \"en\"");
  }
  if (auto ok = render::check_language(e.language); !ok) {
    return bad(key + ".language", ok.error().message);
  }
  if (e.prefix.empty() || e.prefix.front() != '/' || e.prefix.back() != '/' ||
      (e.prefix != "/" && core::slugify(e.prefix) != e.prefix.substr(1, e.prefix.size() - 2))) {
    return bad(key + ".prefix", "'" + e.prefix + "' is not \"/\" or \"/<slug>/\"");
  }
  auto parsed = core::parse_date_style(style.empty() ? e.language : style);
  if (!parsed) {
    return bad(key + ".date_style", parsed.error().message);
  }
  e.date_style = *parsed;
  if (e.name.empty()) {
    return bad(key + ".name", "an edition needs a name");
  }
  return e;
}

}  // namespace

core::Result<void> set_listen(Config& config, std::string_view value, std::string_view key) {
  const auto colon = value.rfind(':');
  unsigned port = 0;
  if (colon == std::string_view::npos || colon == 0 ||
      std::from_chars(value.data() + colon + 1, value.data() + value.size(), port).ec !=
          std::errc{} ||
      port > 65535) {
    return bad(key, "'" + std::string(value) + "' is not host:port, e.g. 127.0.0.1:8080");
  }
  config.listen_address = std::string(value.substr(0, colon));
  config.listen_port = static_cast<std::uint16_t>(port);
  return {};
}

core::Result<Config> parse_config(std::string_view text, const std::filesystem::path& base_dir,
                                  std::string_view source) {
  std::string readied(text);
  if (const auto fault = core::ready_toml(readied)) {
    return core::fail(core::invalid(fmt::format("{}:{}: {}", source, fault->line, fault->reason)));
  }
  toml::table root;
  try {
    root = toml::parse(readied, source);
  } catch (const toml::parse_error& e) {
    return core::fail(
        core::invalid(fmt::format("{}:{}: {}", source, e.source().begin.line, e.description())));
  }
  Config c;
  c.data_dir = base_dir / "data";
  TableReader top(root, "", source);
  TAPCHI_TRY(top.check_known({"site", "server", "storage", "limits", "cache", "comments", "api",
                              "readership", "editions"}));
  for (const char* name :
       {"site", "server", "storage", "limits", "cache", "comments", "api", "readership"}) {
    const toml::node* node = root.get(name);
    if (node != nullptr && !node->is_table()) {
      return bad(name, "expected a table [" + std::string(name) + "]");
    }
  }
  if (const toml::table* site = root["site"].as_table()) {
    TableReader r(*site, "site.", source);
    TAPCHI_TRY(r.check_known({"name", "base_url", "time_zone", "theme_dir", "robots_disallow"}));
    TAPCHI_TRY(r.strings("robots_disallow", c.robots_disallow));
    for (const std::string& path : c.robots_disallow) {
      if (path.empty() || path.front() != '/' || path.find_first_of("\r\n") != std::string::npos) {
        return bad("site.robots_disallow", "'" + path + "' must be a path starting with /");
      }
    }
    TAPCHI_TRY(r.string("name", c.site_name));
    TAPCHI_TRY(r.string("base_url", c.base_url));
    TAPCHI_TRY(r.string("time_zone", c.time_zone));
    std::string theme_dir;
    TAPCHI_TRY(r.string("theme_dir", theme_dir));
    if (!theme_dir.empty()) {
      c.theme_dir = base_dir / theme_dir;
    }
  }
  if (const toml::table* server = root["server"].as_table()) {
    TableReader r(*server, "server.", source);
    TAPCHI_TRY(r.check_known({"listen", "threads", "trusted_proxies"}));
    TAPCHI_TRY(r.strings("trusted_proxies", c.trusted_proxies));
    std::string listen;
    TAPCHI_TRY(r.string("listen", listen));
    if (!listen.empty()) {
      TAPCHI_TRY(set_listen(c, listen, "server.listen"));
    }
    TAPCHI_TRY(r.integer("threads", c.threads, 0, 256));
  }
  if (const toml::table* storage = root["storage"].as_table()) {
    TableReader r(*storage, "storage.", source);
    TAPCHI_TRY(r.check_known({"data_dir", "database", "replica"}));
    std::string data_dir;
    TAPCHI_TRY(r.string("data_dir", data_dir));
    if (!data_dir.empty()) {
      c.data_dir = base_dir / data_dir;
    }
    TAPCHI_TRY(r.string("database", c.database));
    TAPCHI_TRY(check_database(c.database, "storage.database"));
    TAPCHI_TRY(r.string("replica", c.replica));
    TAPCHI_TRY(check_database(c.replica, "storage.replica"));
  }
  if (const toml::table* cache = root["cache"].as_table()) {
    TableReader r(*cache, "cache.", source);
    TAPCHI_TRY(r.check_known({"budget_mb"}));
    TAPCHI_TRY(r.integer("budget_mb", c.cache_budget_mb, 0, 1 << 20));
  }
  if (const toml::table* limits = root["limits"].as_table()) {
    TAPCHI_TRY(read_limits(TableReader(*limits, "limits.", source), c.limits));
  }
  if (const toml::table* comments = root["comments"].as_table()) {
    TAPCHI_TRY(read_comments(TableReader(*comments, "comments.", source), c.comments));
  }
  if (const toml::table* api = root["api"].as_table()) {
    TableReader r(*api, "api.", source);
    TAPCHI_TRY(r.check_known(
        {"content_needs_key", "rate_burst", "rate_refill_seconds", "webhook_retry_seconds"}));
    long long retry = c.webhook_retry.count();
    TAPCHI_TRY(r.integer("webhook_retry_seconds", retry, 1, 3600));
    c.webhook_retry = std::chrono::seconds{retry};
    TAPCHI_TRY(r.boolean("content_needs_key", c.api_content_needs_key));
    TAPCHI_TRY(r.integer("rate_burst", c.api_rate.burst, 1, 1'000'000'000));
    long long refill = c.api_rate.refill.count();
    TAPCHI_TRY(r.integer("rate_refill_seconds", refill, 1, 86'400));
    c.api_rate.refill = std::chrono::seconds{refill};
  }
  if (const toml::table* readership = root["readership"].as_table()) {
    TableReader r(*readership, "readership.", source);
    TAPCHI_TRY(r.check_known({"count_views", "write_seconds", "most_read", "most_read_hours",
                              "most_read_refresh_seconds"}));
    TAPCHI_TRY(r.boolean("count_views", c.count_views));
    long long every = c.views_write_every.count();
    TAPCHI_TRY(r.integer("write_seconds", every, 1, 3600));
    c.views_write_every = std::chrono::seconds{every};
    long long shown = c.most_read;
    TAPCHI_TRY(r.integer("most_read", shown, 0, 20));
    c.most_read = static_cast<int>(shown);
    long long hours = c.most_read_window.count();
    TAPCHI_TRY(r.integer("most_read_hours", hours, 1, 24 * 31));
    c.most_read_window = std::chrono::hours{hours};
    long long refresh = c.most_read_refresh.count();
    TAPCHI_TRY(r.integer("most_read_refresh_seconds", refresh, 1, 86'400));
    c.most_read_refresh = std::chrono::seconds{refresh};
  }
  if (const toml::node* editions = root.get("editions")) {
    const toml::array* list = editions->as_array();
    if (list == nullptr) {
      return bad("editions", "expected [[editions]] tables");
    }
    int position = 0;
    for (const toml::node& node : *list) {
      if (!node.is_table()) {
        return bad("editions", "expected [[editions]] tables");
      }
      auto e = read_edition(
          TableReader(*node.as_table(), fmt::format("editions[{}].", position), source), position);
      if (!e) {
        return core::fail(e.error());
      }
      c.editions.push_back(std::move(*e));
      ++position;
    }
  }
  if (c.editions.empty()) {
    return bad("editions", "at least one [[editions]] table is needed");
  }
  std::set<std::string> codes, prefixes;
  for (const core::Edition& e : c.editions) {
    if (!codes.insert(e.code).second) {
      return bad("editions", "two editions have the code '" + e.code + "'");
    }
    if (!prefixes.insert(e.prefix).second) {
      return bad("editions", "two editions have the prefix '" + e.prefix + "'");
    }
  }
  if (auto zone = core::Zone::locate(c.time_zone); !zone) {
    return bad("site.time_zone", zone.error().message);
  }
  if (c.base_url.rfind("http://", 0) != 0 && c.base_url.rfind("https://", 0) != 0) {
    return bad("site.base_url", "'" + c.base_url + "' must start with http:// or https://");
  }
  while (!c.base_url.empty() && c.base_url.back() == '/') {
    c.base_url.pop_back();
  }
  c.data_dir = std::filesystem::absolute(c.data_dir).lexically_normal();
  return c;
}

core::Result<Config> load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return core::fail(core::invalid("cannot read the configuration file " + file.string() +
                                    " (create one with `tapchi init DIR`)"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), std::filesystem::absolute(file).parent_path(), file.string());
}

core::Result<void> apply_environment(Config& config,
                                     const std::function<const char*(const char*)>& getenv) {
  if (const char* v = getenv("TAPCHI_LISTEN")) {
    TAPCHI_TRY(set_listen(config, v, "TAPCHI_LISTEN"));
  }
  if (const char* v = getenv("TAPCHI_DATA_DIR")) {
    config.data_dir = std::filesystem::absolute(v).lexically_normal();
  }
  if (const char* v = getenv("TAPCHI_DATABASE")) {
    TAPCHI_TRY(check_database(v, "TAPCHI_DATABASE"));
    config.database = v;
  }
  if (const char* v = getenv("TAPCHI_REPLICA")) {
    TAPCHI_TRY(check_database(v, "TAPCHI_REPLICA"));
    config.replica = v;
  }
  if (const char* v = getenv("TAPCHI_BASE_URL")) {
    config.base_url = v;
  }
  if (const char* v = getenv("TAPCHI_TIME_ZONE")) {
    if (auto zone = core::Zone::locate(v); !zone) {
      return bad("TAPCHI_TIME_ZONE", zone.error().message);
    }
    config.time_zone = v;
  }
  if (const char* v = getenv("TAPCHI_THREADS")) {
    const std::string_view text(v);
    int threads = -1;
    if (std::from_chars(text.data(), text.data() + text.size(), threads).ec != std::errc{} ||
        threads < 0 || threads > 256) {
      return bad("TAPCHI_THREADS", "'" + std::string(text) + "' is not a number from 0 to 256");
    }
    config.threads = threads;
  }
  return {};
}

std::string default_config_text(std::string_view site_name) {
  return fmt::format(R"toml(# tapchi configuration. Every key is optional except the editions.

[site]
name = "{0}"
base_url = "http://127.0.0.1:8080"
time_zone = "Asia/Ho_Chi_Minh"
# theme_dir = "theme"   # files here replace the built-in theme's files of the same name
robots_disallow = ["/admin/"]  # paths robots.txt asks crawlers to leave alone

[server]
listen = "127.0.0.1:8080"
threads = 0             # event loops; 0 means one per core
trusted_proxies = []    # e.g. ["127.0.0.1"] behind nginx: then X-Forwarded-For names the reader

[storage]
data_dir = "data"       # the database (tapchi.db) and media/ live here
# database = "postgresql://tapchi@127.0.0.1:5432/journal"  # PostgreSQL instead of data/tapchi.db
# replica = "postgresql://tapchi@10.0.0.2:5432/journal"    # a standby for public pages (optional)

[cache]
budget_mb = 128         # rendered pages kept in memory; 0 turns the cache off

[limits]
max_header_bytes = 16384
max_body_bytes = 1048576
header_timeout_ms = 10000
body_timeout_ms = 30000
idle_timeout_ms = 30000
max_connections = 10000
shutdown_timeout_ms = 10000
max_upload_bytes = 20971520   # a photo sent to the media library

[comments]              # the policy (open, moderated, closed) is set in the back office
max_links = 2           # a comment with more links is refused
rate_burst = 5          # comments a client may send at once,
rate_refill_seconds = 30  # then one more per this many seconds
duplicate_window_minutes = 1440  # the same text from the same client is kept once
spam_words = []         # a comment with one of these goes to spam, e.g. ["casino", "viagra"]

[api]                   # the JSON API under /api/v1/ (docs/API.md)
content_needs_key = false  # true: reading the Content API needs a key too
rate_burst = 300        # Admin API requests a key may send at once,
rate_refill_seconds = 1 # then one more per this many seconds
webhook_retry_seconds = 30  # a failed webhook delivery is tried again after this, then 2×, 4×…

[readership]            # readers' views of articles, counted in the server: no cookie, no script
count_views = true      # a GET of an article page by a browser (robots left out), cached or not
write_seconds = 10      # views are kept in memory and written this often (and at shutdown)
most_read = 5           # articles in the "Most read" block of the front and section pages; 0: none
most_read_hours = 48    # by their views over this many hours (whole days in the site's zone)
most_read_refresh_seconds = 300  # how often the block is drawn again

[[editions]]
code = "vi"
language = "vi"
name = "{0}"
prefix = "/"

[[editions]]
code = "en"
language = "en"
name = "{0} (English)"
prefix = "/en/"
)toml",
                     site_name);
}

}  // namespace tapchi::app
