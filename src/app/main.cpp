#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "app/commands.h"
#include "app/config.h"

namespace {

using tapchi::app::Config;

// The configuration file: --config, else $TAPCHI_CONFIG, else ./tapchi.toml.
std::string configuration_file(const std::string& flag) {
  if (!flag.empty()) {
    return flag;
  }
  const char* env = std::getenv("TAPCHI_CONFIG");
  return env != nullptr ? env : "tapchi.toml";
}

// The configuration file's settings, then environment overrides.
tapchi::core::Result<Config> configuration(const std::string& file) {
  auto config = tapchi::app::load_config(file);
  if (!config) {
    return config;
  }
  if (auto ok = tapchi::app::apply_environment(*config,
                                               [](const char* name) { return std::getenv(name); });
      !ok) {
    return tapchi::core::fail(ok.error());
  }
  return config;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"tapchi: a publishing platform for news journals"};
  cli.require_subcommand(1);
  std::string config_file;
  cli.add_option("-c,--config", config_file,
                 "configuration file (default: $TAPCHI_CONFIG or ./tapchi.toml)");

  std::string init_dir;
  std::string site_name = "Tạp chí";
  CLI::App* init = cli.add_subcommand("init", "create a journal: DIR/tapchi.toml and its database");
  init->add_option("DIR", init_dir, "directory to create the journal in")->required();
  init->add_option("--name", site_name, "the journal's name");

  std::string listen;
  std::string data_dir;
  CLI::App* serve = cli.add_subcommand("serve", "serve the journal over HTTP");
  serve->add_option("--listen", listen, "host:port to listen on (overrides server.listen)");
  serve->add_option("--data-dir", data_dir, "data directory (overrides storage.data_dir)");

  CLI::App* demo = cli.add_subcommand(
      "demo", "write the bilingual demo journal into the configured data directory");
  int demo_articles = tapchi::app::kDemoArticles;
  demo->add_option("--articles", demo_articles,
                   "grow it to this many articles, for load tests (even; default 64)");

  CLI::App* import = cli.add_subcommand("import", "import articles");
  import->require_subcommand(1);
  std::string markdown_dir;
  CLI::App* markdown = import->add_subcommand(
      "markdown", "import Markdown files with TOML front matter (see docs/IMPORT.md)");
  markdown->add_option("DIR", markdown_dir, "directory of .md files")->required();

  std::string backup_file;
  CLI::App* backup = cli.add_subcommand(
      "backup",
      "write a consistent backup of the journal (database, media, configuration) "
      "into one file, while the server runs");
  backup->add_option("FILE", backup_file, "the archive to write (.tar.gz; must not exist)")
      ->required();

  std::string restore_file;
  std::string restore_dir;
  CLI::App* restore =
      cli.add_subcommand("restore", "check a backup and restore it into a new data directory");
  restore->add_option("FILE", restore_file, "the archive tapchi backup wrote")->required();
  restore->add_option("--data-dir", restore_dir, "the directory to restore into (new or empty)")
      ->required();

  std::string wxr_file;
  std::string wxr_edition;
  std::string wxr_uploads;
  CLI::App* wxr = import->add_subcommand(
      "wxr", "import a WordPress export: posts, photos, comments (see docs/MIGRATING.md)");
  wxr->add_option("FILE", wxr_file, "the export (Tools → Export in WordPress)")->required();
  std::string wxr_edition_map;
  wxr->add_option("--edition", wxr_edition,
                  "the edition to import into (its code); with --edition-map, of items without "
                  "a language");
  wxr->add_option("--edition-map", wxr_edition_map,
                  "a bilingual site's (Polylang) languages into editions: vi=vi,en=en");
  wxr->add_option("--uploads", wxr_uploads, "a copy of the site's wp-content/uploads");
  bool wxr_create_accounts = false;
  wxr->add_flag("--create-accounts", wxr_create_accounts,
                "a disabled account (role author) for each author with an email, to claim with "
                "user password");

  CLI::App* exporter = cli.add_subcommand("export", "export the journal");
  exporter->require_subcommand(1);
  std::string export_dir;
  CLI::App* export_markdown = exporter->add_subcommand(
      "markdown", "every published article as Markdown files that import markdown reads");
  export_markdown->add_option("DIR", export_dir, "a new (or empty) directory")->required();
  std::string export_file;
  std::string export_edition;
  CLI::App* export_wxr = exporter->add_subcommand(
      "wxr", "an edition as a WordPress export (WXR 1.2): articles, pages, comments, photos");
  export_wxr->add_option("FILE", export_file, "the export to write (must not exist)")->required();
  export_wxr->add_option("--edition", export_edition, "the edition to export (its code)")
      ->required();

  CLI::App* reindex = cli.add_subcommand(
      "reindex", "rebuild the full-text search index of every article, in one transaction");

  std::string migrate_from;
  std::string migrate_to;
  CLI::App* migrate = cli.add_subcommand(
      "migrate",
      "copy the whole journal into another database: PostgreSQL from SQLite, or back "
      "(docs/DEPLOYING.md)");
  migrate->add_option("--from", migrate_from, "the journal's tapchi.toml (default: --config)");
  migrate
      ->add_option("--to", migrate_to,
                   "an empty database: postgresql://user@host:port/name, or a new SQLite file")
      ->required();

  CLI::App* user = cli.add_subcommand("user", "manage back-office accounts");
  user->require_subcommand(1);
  std::string user_email;
  std::string user_name;
  std::string user_role = "contributor";
  CLI::App* user_add = user->add_subcommand(
      "add", "add an account; the password is read from a prompt or standard input");
  user_add->add_option("EMAIL", user_email, "the login email")->required();
  user_add->add_option("--role", user_role, "contributor, author, editor or admin")
      ->capture_default_str();
  user_add->add_option("--name", user_name, "the name shown in the back office");
  std::string user_language;
  user_add->add_option("--language", user_language,
                       "vi or en: the back office's language for the account (default: the "
                       "journal's first edition's)");
  CLI::App* user_list = user->add_subcommand("list", "list the accounts");
  CLI::App* user_password = user->add_subcommand(
      "password",
      "give an account a new password (read from a prompt or standard input), ending its "
      "sessions: a forgotten password, or an imported author's account to claim");
  user_password->add_option("EMAIL", user_email, "the login email")->required();

  CLI::App* key = cli.add_subcommand("key", "manage keys of the JSON API (docs/API.md)");
  key->require_subcommand(1);
  std::string key_name;
  std::string key_role;
  tapchi::core::Id key_id = 0;
  CLI::App* key_add = key->add_subcommand(
      "add",
      "make a key and print its secret, once: an admin key acting with --role, or a "
      "content key (reads only) without");
  key_add->add_option("--name", key_name, "what the key is for, e.g. \"Wire desk script\"")
      ->required();
  key_add->add_option("--role", key_role,
                      "contributor, author, editor or admin: the Admin API acts with this role");
  CLI::App* key_list = key->add_subcommand("list", "list the keys (never their secrets)");
  CLI::App* key_revoke = key->add_subcommand("revoke", "revoke a key at once");
  key_revoke->add_option("ID", key_id, "the key's number, as key list shows it")->required();

  // --config may be given before or after the subcommand.
  for (CLI::App* sub :
       {serve, demo, import, markdown, wxr, exporter, export_markdown, export_wxr, reindex, migrate,
        backup, user, user_add, user_list, user_password, key, key_add, key_list, key_revoke}) {
    sub->fallthrough();
  }
  CLI11_PARSE(cli, argc, argv);

  if (init->parsed()) {
    return tapchi::app::run_init(init_dir, site_name);
  }
  if (restore->parsed()) {
    return tapchi::app::run_restore(restore_file, restore_dir);
  }
  const std::string file = configuration_file(migrate_from.empty() ? config_file : migrate_from);
  auto config = configuration(file);
  if (!config) {
    std::cerr << "tapchi: " << config.error().describe() << "\n";
    return tapchi::app::kExitUsage;
  }
  if (!listen.empty()) {
    if (auto ok = tapchi::app::set_listen(*config, listen, "--listen"); !ok) {
      std::cerr << "tapchi: " << ok.error().describe() << "\n";
      return tapchi::app::kExitUsage;
    }
  }
  if (!data_dir.empty()) {
    config->data_dir = std::filesystem::absolute(data_dir).lexically_normal();
  }
  if (serve->parsed()) {
    return tapchi::app::run_serve(*config);
  }
  if (demo->parsed()) {
    return tapchi::app::run_demo(*config, demo_articles);
  }
  if (backup->parsed()) {
    return tapchi::app::run_backup(*config, file, backup_file);
  }
  if (reindex->parsed()) {
    return tapchi::app::run_reindex(*config);
  }
  if (migrate->parsed()) {
    return tapchi::app::run_migrate(*config, file, migrate_to);
  }
  if (user_add->parsed()) {
    return tapchi::app::run_user_add(*config, user_email, user_name, user_role, user_language);
  }
  if (user_list->parsed()) {
    return tapchi::app::run_user_list(*config);
  }
  if (user_password->parsed()) {
    return tapchi::app::run_user_password(*config, user_email);
  }
  if (key_add->parsed()) {
    return tapchi::app::run_key_add(*config, key_name, key_role);
  }
  if (key_list->parsed()) {
    return tapchi::app::run_key_list(*config);
  }
  if (key_revoke->parsed()) {
    return tapchi::app::run_key_revoke(*config, key_id);
  }
  if (export_markdown->parsed()) {
    return tapchi::app::run_export_markdown(*config, export_dir);
  }
  if (export_wxr->parsed()) {
    return tapchi::app::run_export_wxr(*config, export_file, export_edition);
  }
  if (wxr->parsed()) {
    return tapchi::app::run_import_wxr(*config, wxr_file, wxr_edition, wxr_edition_map, wxr_uploads,
                                       wxr_create_accounts);
  }
  return tapchi::app::run_import_markdown(*config, markdown_dir);
}
