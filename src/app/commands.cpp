#include "app/commands.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "admin/admin.h"
#include "api/api.h"
#include "app/access_log.h"
#include "hooks/hooks.h"
#include "http/http.h"
#include "importers/importers.h"
#include "readership/readership.h"
#include "render/render.h"
#include "site/site.h"

namespace tapchi::app {

int report(const core::Error& e, int status) {
  std::cerr << "tapchi: " << e.describe() << "\n";
  return status;
}

namespace {

// One line from standard input without its line ending; on a terminal, with echo off after
// `prompt` on standard error.
std::optional<std::string> read_secret_line(const char* prompt) {
  const bool is_terminal = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (is_terminal) {
    std::cerr << prompt << std::flush;
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (is_terminal) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << "\n";
  }
  if (!got) {
    return std::nullopt;
  }
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return line;
}

}  // namespace

core::Result<std::unique_ptr<store::Store>> open_journal(const Config& config,
                                                         std::int64_t mmap_bytes, Opener opener) {
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    return core::fail(core::invalid(
        "cannot create the data directory " + config.data_dir.string() + ": " + ec.message(),
        "storage.data_dir"));
  }
  // Every event loop, blocking thread, the cache's watcher, the webhook worker and the views'
  // writer may hold a connection at once: with one each, no loop ever waits for the pool while
  // writers wait for the disk or for another process's lock.
  store::StoreOptions options;
  options.mmap_bytes = mmap_bytes;
  const int loops = config.threads > 0
                        ? config.threads
                        : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.pool_size = loops + http::ServerOptions{}.blocking_threads + 3;
  if (opener == Opener::kServer && !config.replica.empty()) {
    if (!config.is_postgres()) {
      return core::fail(core::invalid(
          "a read replica serves a PostgreSQL journal: set [storage] database too, or leave "
          "replica out",
          "storage.replica"));
    }
    options.replica = config.replica;
  }
  auto store = store::open(config.database_target(), options);
  if (!store) {
    return core::fail(store.error());
  }
  for (const core::Edition& e : config.editions) {
    if (auto saved = (*store)->save_edition(e); !saved) {
      return core::fail(saved.error());
    }
  }
  return store;
}

int run_init(const std::filesystem::path& dir, const std::string& site_name) {
  const auto file = dir / "tapchi.toml";
  if (std::filesystem::exists(file)) {
    return report(core::conflict(file.string() + " already exists; nothing was changed"));
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return report(core::invalid("cannot create " + dir.string() + ": " + ec.message()));
  }
  {
    std::ofstream out(file, std::ios::binary);
    out << default_config_text(site_name);
    if (!out) {
      return report(core::invalid("cannot write " + file.string()));
    }
  }
  auto config = load_config(file);
  if (!config) {
    return report(config.error());
  }
  auto store = open_journal(*config);
  if (!store) {
    return report(store.error());
  }
  std::cout << "Created " << file.string() << " and " << config->database_path().string()
            << "\nNext: tapchi demo --config " << file.string() << "   (optional demo content)"
            << "\n      tapchi serve --config " << file.string() << "\n";
  return kExitOk;
}

int run_serve(const Config& config) {
  auto zone = core::Zone::locate(config.time_zone);
  if (!zone) {
    return report(zone.error(), kExitUsage);
  }
  auto store = open_journal(config, store::StoreOptions{}.mmap_bytes, Opener::kServer);
  if (!store) {
    return report(store.error());
  }
  auto theme = render::Theme::load(config.theme_dir);
  if (!theme) {
    return report(theme.error(), kExitUsage);
  }
  const core::SystemClock clock;
  site::SiteOptions options{config.site_name,
                            config.base_url,
                            *zone,
                            config.media_dir(),
                            20,
                            config.cache_budget_mb << 20};
  options.comments = config.comments;
  options.robots_disallow = config.robots_disallow;
  options.most_read = config.most_read;
  options.most_read_window = config.most_read_window;
  auto site = site::Site::create(options, **store, *theme, clock);
  if (!site) {
    return report(site.error());
  }
  AccessLog access(STDOUT_FILENO);
  http::ServerOptions server_options;
  server_options.address = config.listen_address;
  server_options.port = config.listen_port;
  server_options.threads = config.threads;
  server_options.limits = config.limits;
  server_options.upload_paths = {"/admin/media", "/admin/editor/photo", "/api/v1/admin/media"};
  server_options.trusted_proxies = config.trusted_proxies;
  server_options.access_log = [&access](std::string_view line) { access.write(line); };
  admin::AdminOptions admin_options;
  admin_options.secure_cookies = config.base_url.starts_with("https://");
  admin_options.media_dir = options.media_dir;
  admin_options.max_upload_bytes = config.limits.max_upload_bytes;
  const site::Site& public_site = **site;
  const admin::Admin back_office(admin_options, **store, clock, public_site);
  api::ApiOptions api_options;
  api_options.base_url = config.base_url;
  api_options.content_needs_key = config.api_content_needs_key;
  api_options.media_dir = options.media_dir;
  api_options.max_upload_bytes = config.limits.max_upload_bytes;
  api_options.rate = config.api_rate;
  const api::Api json_api(api_options, **store, clock, public_site);
  server_options.may_upload = [&back_office, &json_api](const http::Request& head) {
    return api::Api::owns(head.path) ? json_api.may_upload(head) : back_office.may_upload(head);
  };
  // Readers' views of articles, written every few seconds (and as the server stops); the pages
  // showing the most read are drawn again every most_read_refresh.
  auto refreshed_at = std::chrono::steady_clock::now();
  readership::Counter views(**store, clock, [&public_site] { return public_site.zone(); },
                            {config.views_write_every, [&] {  // on the counter's thread only
                               const auto now = std::chrono::steady_clock::now();
                               if (now - refreshed_at >= config.most_read_refresh) {
                                 refreshed_at = now;
                                 public_site.refresh_most_read();
                               }
                             }});
  http::Server server(server_options, [&](const http::Request& r) {
    if (admin::Admin::owns(r.path)) {
      return back_office.handle(r);
    }
    if (api::Api::owns(r.path)) {
      return json_api.handle(r);
    }
    http::Response page = public_site.handle(r);
    if (config.count_views) {
      views.count(r, page);
    }
    return page;
  });
  if (auto bound = server.bind(); !bound) {
    return report(bound.error());
  }
  // Webhooks' deliveries, from the outbox, for as long as the server runs.
  hooks::DelivererOptions delivery;
  delivery.first_retry = config.webhook_retry;
  const hooks::Deliverer deliverer(**store, clock, delivery);
  // Tests and scripts read this line to learn the port when listening on port 0.
  std::cout << fmt::format("tapchi: serving http://{}:{}/ (data in {})", config.listen_address,
                           server.port(), config.data_dir.string())
            << std::endl;
  server.run();
  spdlog::info("stopped");
  return kExitOk;
}

int run_demo(const Config& config, int total_articles) {
  if (total_articles < kDemoArticles || total_articles % 2 != 0) {
    return report(core::invalid(fmt::format("must be an even number of at least {}", kDemoArticles),
                                "--articles"),
                  kExitUsage);
  }
  auto store = open_journal(config);
  if (!store) {
    return report(store.error());
  }
  auto written = write_demo(**store, config);
  if (!written) {
    return report(written.error());
  }
  if (total_articles > kDemoArticles) {
    auto grown = grow_demo(**store, *written, total_articles);
    if (!grown) {
      return report(grown.error());
    }
    written->created += grown->created;
    written->updated += grown->updated;
  }
  std::cout << fmt::format("Demo journal written: {} articles created, {} updated.\n",
                           written->created, written->updated);
  return kExitOk;
}

int run_import_markdown(const Config& config, const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    return report(core::invalid(dir.string() + " is not a directory"), kExitUsage);
  }
  auto store = open_journal(config);
  if (!store) {
    return report(store.error());
  }
  const importers::ImportReport result =
      importers::import_markdown_dir(**store, config.media_dir(), dir);
  for (const core::Error& e : result.skipped) {
    std::cerr << "skipped " << e.field << ": " << e.message << "\n";
  }
  std::cout << fmt::format("Imported {} new and {} updated articles; skipped {} files.\n",
                           result.created, result.updated, result.skipped.size());
  return result.skipped.empty() ? kExitOk : kExitFailure;
}

int run_migrate(const Config& config, const std::filesystem::path& config_file,
                const std::string& target) {
  if (target == config.database_target()) {
    return report(core::invalid("the journal is already in " + target + "; nothing was copied"));
  }
  const auto started = std::chrono::steady_clock::now();
  std::int64_t total = 0;
  auto copied = store::copy_database(
      config.database_target(), target, [&](std::string_view table, std::int64_t rows) {
        std::cout << fmt::format("  {:<24}{:>10} rows\n", table, rows);
        total += rows;
      });
  if (!copied) {
    std::cerr << "Nothing was copied.\n";
    return report(copied.error());
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  const bool to_postgres = store::is_postgres_url(target);
  std::cout << fmt::format(
      "Copied {} rows of {} tables into {}, each table counted on both sides, and built the "
      "search index there ({:.1f} s). The media files stay in {}.\n",
      total, copied->size(), to_postgres ? "the PostgreSQL database" : target, took.count(),
      config.media_dir().string());
  if (to_postgres) {
    std::cout << fmt::format(
        "To serve the journal from it, set in {}:\n  [storage]\n  database = \"{}\"\n",
        config_file.string(), target);
  } else {
    std::cout << fmt::format(
        "To serve the journal from it, remove database from [storage] in {} and move the file "
        "to {}.\n",
        config_file.string(), config.database_path().string());
  }
  return 0;
}

int run_reindex(const Config& config) {
  auto store = open_journal(config);
  if (!store) {
    return report(store.error());
  }
  const bool is_terminal = ::isatty(STDERR_FILENO) != 0;
  const auto started = std::chrono::steady_clock::now();
  int last_percent = -1;
  std::string last_step;
  const auto indexed = (*store)->reindex([&](std::string_view step, int done, int total) {
    const int percent = total > 0 ? done * 100 / total : 100;
    if (step != last_step) {
      if (is_terminal && !last_step.empty()) {
        std::cerr << "\n";
      }
      last_step = step;
      last_percent = -1;
    }
    if (percent == last_percent) {
      return;
    }
    last_percent = percent;
    // On a terminal one line rewritten in place; in a log one line per tenth.
    if (is_terminal) {
      std::cerr << fmt::format("\r{} articles: {} of {} ({}%)", step, done, total, percent)
                << std::flush;
    } else if (percent % 10 == 0) {
      std::cerr << fmt::format("{} articles: {} of {} ({}%)\n", step, done, total, percent);
    }
  });
  if (is_terminal && !last_step.empty()) {
    std::cerr << "\n";
  }
  if (!indexed) {
    return report(indexed.error());
  }
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << fmt::format("Indexed {} articles in {:.1f} s.\n", *indexed, seconds);
  return kExitOk;
}

}  // namespace tapchi::app

namespace tapchi::app {

namespace {

// A new password from a prompt on a terminal (typed twice, not echoed) or from the first line
// of standard input; an error to report when there is none or the two differ.
core::Result<std::string> new_password() {
  auto password = read_secret_line("Password: ");
  if (!password) {
    return core::fail(core::invalid("no password on standard input", "password"));
  }
  if (::isatty(STDIN_FILENO) != 0) {
    if (auto ok = accounts::check_password(*password); !ok) {
      return core::fail(ok.error());
    }
    const auto again = read_secret_line("Again: ");
    if (!again || *again != *password) {
      return core::fail(core::invalid("the two passwords differ", "password"));
    }
  }
  return *password;
}

}  // namespace

int run_user_add(const Config& config, const std::string& email, const std::string& name,
                 const std::string& role_text, const std::string& language) {
  auto role = core::parse_role(role_text);
  if (!role) {
    return report(core::invalid(role.error().message, "--role"), kExitUsage);
  }
  auto password = new_password();
  if (!password) {
    return report(password.error(), kExitUsage);
  }
  auto store = open_journal(config);
  if (!store) {
    return report(store.error());
  }
  const core::SystemClock clock;
  auto user = accounts::add_user(**store, email, name, *role, *password, clock, language);
  if (!user) {
    return report(user.error(),
                  user.error().code == core::ErrorCode::kInvalid ? kExitUsage : kExitFailure);
  }
  std::cout << fmt::format("Added {} ({}).\n", user->email, core::role_name(user->role));
  return kExitOk;
}

int run_user_password(const Config& config, const std::string& email) {
  auto password = new_password();
  if (!password) {
    return report(password.error(), kExitUsage);
  }
  auto store = open_journal(config);
  if (!store) {
    return report(store.error());
  }
  auto user = accounts::set_password(**store, email, *password, core::SystemClock());
  if (!user) {
    return report(user.error(),
                  user.error().code == core::ErrorCode::kInternal ? kExitFailure : kExitUsage);
  }
  std::cout << fmt::format("The password of {} ({}) is set.{}\n", user->email,
                           core::role_name(user->role),
                           user->is_active ? ""
                                           : " The account is disabled: an admin enables it "
                                             "under Users in the back office.");
  return kExitOk;
}

int run_user_list(const Config& config) {
  auto store = open_journal(config);
  if (!store) {
    return report(store.error());
  }
  auto users = (*store)->users();
  if (!users) {
    return report(users.error());
  }
  for (const core::User& u : *users) {
    std::cout << fmt::format("{}\t{}\t{}{}\n", u.email, core::role_name(u.role), u.name,
                             u.is_active ? "" : "\t(disabled)");
  }
  return kExitOk;
}

int run_key_add(const Config& config, const std::string& name, const std::string& role_text) {
  std::optional<core::Role> role;
  if (!role_text.empty()) {
    auto parsed = core::parse_role(role_text);
    if (!parsed) {
      return report(core::invalid(parsed.error().message, "--role"), kExitUsage);
    }
    role = *parsed;
  }
  auto store = open_journal(config);
  if (!store) {
    return report(store.error());
  }
  const core::SystemClock clock;
  auto made = accounts::add_api_key(**store, name, role, 0, clock.now());
  if (!made) {
    return report(made.error(),
                  made.error().code == core::ErrorCode::kInvalid ? kExitUsage : kExitFailure);
  }
  std::cerr << fmt::format("Key {} \"{}\" ({}{}{}). Its secret, shown this once:\n", made->key.id,
                           made->key.name, made->key.kind, role ? ", " : "",
                           role ? core::role_name(*role) : "");
  std::cout << made->secret << "\n";
  return kExitOk;
}

int run_key_list(const Config& config) {
  auto store = open_journal(config);
  if (!store) {
    return report(store.error());
  }
  auto keys = (*store)->api_keys();
  if (!keys) {
    return report(keys.error());
  }
  for (const core::ApiKey& k : *keys) {
    std::string role;
    if (k.user_id != 0) {
      auto u = (*store)->user(k.user_id);
      role = u ? std::string(core::role_name(u->role)) : "?";
    }
    std::cout << fmt::format(
        "{}\t{}…\t{}{}\t{}\t{}{}\n", k.id, k.prefix, k.kind, role.empty() ? "" : " " + role, k.name,
        core::format_iso8601(k.created_at),
        k.revoked_at ? "\t(revoked " + core::format_iso8601(*k.revoked_at) + ")" : "");
  }
  return kExitOk;
}

int run_key_revoke(const Config& config, core::Id id) {
  auto store = open_journal(config);
  if (!store) {
    return report(store.error());
  }
  const core::SystemClock clock;
  auto revoked = accounts::revoke_api_key(**store, id, 0, clock.now());
  if (!revoked) {
    return report(revoked.error(),
                  revoked.error().code == core::ErrorCode::kNotFound ? kExitUsage : kExitFailure);
  }
  std::cout << fmt::format("Key {} \"{}\" revoked.\n", revoked->id, revoked->name);
  return kExitOk;
}

}  // namespace tapchi::app
