// The tapchi commands, each returning the process exit status. Private to app.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/config.h"
#include "store/store.h"

namespace tapchi::app {

// Exit statuses: errors become exit codes here and nowhere else.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // something went wrong while working
inline constexpr int kExitUsage = 2;    // bad flags or configuration

// Prints `e` on standard error and returns `status`.
int report(const core::Error& e, int status = kExitFailure);

struct DemoReport {
  int created = 0;
  int updated = 0;
  std::vector<core::Id> article_ids;  // of the hand-written stories: Vietnamese, English, ...
};

// The demo journal's hand-written stories, in both editions.
inline constexpr int kDemoArticles = 64;

// Who opens the journal: the server reads public pages from [storage] replica when set; commands
// use the database alone.
enum class Opener { kCommand, kServer };
// Opens the journal's database (creating the data directory) and brings its editions in line
// with the configuration.
// `mmap_bytes` as StoreOptions::mmap_bytes: bulk imports pass 0.
core::Result<std::unique_ptr<store::Store>> open_journal(
    const Config& config, std::int64_t mmap_bytes = store::StoreOptions{}.mmap_bytes,
    Opener opener = Opener::kCommand);

// Writes the demo journal: deterministic, and idempotent (a second run updates in place).
core::Result<DemoReport> write_demo(store::Store& store, const Config& config);

// Grows the demo journal to `total` articles (even, at least kDemoArticles) for load tests:
// translated pairs made from the hand-written stories, reaching back a few minutes apart, with
// their sections, tags, authors, photos and some approved comments. Deterministic and
// idempotent, like the demo; written in transactions of a thousand articles.
core::Result<DemoReport> grow_demo(store::Store& store, const DemoReport& demo, int total);

int run_init(const std::filesystem::path& dir, const std::string& site_name);
int run_serve(const Config& config);
int run_demo(const Config& config, int total_articles = kDemoArticles);
int run_import_markdown(const Config& config, const std::filesystem::path& dir);
// Every published article into `dir` as Markdown files `import markdown` reads.
int run_export_markdown(const Config& config, const std::filesystem::path& dir);
// Edition `edition` into `file` as a WordPress export (WXR 1.2).
int run_export_wxr(const Config& config, const std::filesystem::path& file,
                   const std::string& edition);
// A WordPress export into `edition`, or a bilingual one by `edition_map` ("vi=vi,en=en":
// Polylang's language = the edition's code), photos from `uploads` (a copy of
// wp-content/uploads).
int run_import_wxr(const Config& config, const std::filesystem::path& file,
                   const std::string& edition, const std::string& edition_map,
                   const std::filesystem::path& uploads, bool create_accounts);
// Rebuilds the search index, with a progress line on standard error and a summary.
// Copies the whole journal's database into `target` (a PostgreSQL URL or a new SQLite file), checks
// every table's count and rebuilds the search index there; says how to point the journal at it.
int run_migrate(const Config& config, const std::filesystem::path& config_file,
                const std::string& target);
int run_reindex(const Config& config);
// Adds a back-office account; the password comes from a prompt on a terminal (typed twice, not
// echoed) or from the first line of standard input — never from a flag.
int run_user_add(const Config& config, const std::string& email, const std::string& name,
                 const std::string& role, const std::string& language);
int run_user_list(const Config& config);
// Gives the account of `email` a new password, read as run_user_add() reads one.
int run_user_password(const Config& config, const std::string& email);
// `tapchi key add|list|revoke`: API keys. add prints the secret once; an empty role makes a
// content key.
int run_key_add(const Config& config, const std::string& name, const std::string& role);
int run_key_list(const Config& config);
int run_key_revoke(const Config& config, core::Id id);
// `tapchi backup FILE`: the journal's database, media and `config_file` in one archive, while
// the server may run. `tapchi restore FILE --data-dir DIR` puts them back into a new directory.
int run_backup(const Config& config, const std::filesystem::path& config_file,
               const std::filesystem::path& archive);
int run_restore(const std::filesystem::path& archive, const std::filesystem::path& data_dir);

}  // namespace tapchi::app
