// importers: bring articles in from outside. An ArticleInput (from a Markdown file, or from the
// demo journal) is written with its section, tags, authors, images and comments as one
// transaction; writing the same article again (same edition and slug) updates it. Never touches
// HTTP or HTML. One importer runs at a time per store.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "store/store.h"

namespace tapchi::importers {

struct AuthorInput {
  std::string name;
  std::string position;
  std::string bio;
};

struct ImageInput {
  std::filesystem::path file;  // stored in the media directory under a name of its own
  std::string alt;
  std::string caption;
  std::string credit;
};

struct CommentInput {
  std::string name;
  std::string body;
  core::Instant created_at{};
  bool is_staff = false;
  int reply_to = -1;  // index of an earlier comment of the same article, or -1
};

struct ArticleInput {
  std::string edition;  // edition code
  std::string translation_key;
  std::string slug;  // from the title when empty
  std::string title;
  std::string lead;
  std::string body;     // Markdown; ![alt](name) names an image of `images` by file name
  std::string section;  // the section's name; created when new
  std::vector<std::string> tags;
  std::vector<AuthorInput> authors;
  core::Instant published_at{};
  bool comments_open = true;
  std::optional<ImageInput> featured;
  std::vector<ImageInput> images;
  std::vector<CommentInput> comments;  // approved comments, replaced on update
};

struct Outcome {
  core::Id article_id = 0;
  bool is_new = false;
};

// Writes `input` in one transaction, storing its images under `media_dir` as uploads are
// (YYYY/MM/<name>-<6 hex>.<ext>, metadata stripped, fsynced before the commit). Fails with
// kInvalid naming the field at fault; nothing is written then, and image files already stored
// for it are removed.
core::Result<Outcome> save(store::Store& store, const std::filesystem::path& media_dir,
                           const ArticleInput& input);

// Parses one Markdown file with TOML front matter between "+++" lines (docs/IMPORT.md).
// Image paths are resolved against the file's directory. Errors name the line.
core::Result<ArticleInput> parse_markdown_file(const std::filesystem::path& file);
// The same for the file's text, read already; `file` names it in errors and anchors image paths.
core::Result<ArticleInput> parse_markdown_text(std::string_view text,
                                               const std::filesystem::path& file);

struct ImportReport {
  int created = 0;
  int updated = 0;
  std::vector<core::Error> skipped;  // one per bad file: field is "file:line", message the reason
};

// Imports every *.md file under `dir` (sorted by path), each file in its own transaction.
ImportReport import_markdown_dir(store::Store& store, const std::filesystem::path& media_dir,
                                 const std::filesystem::path& dir);

struct ExportReport {
  int articles = 0;
  int photos = 0;
};

// Writes every published article of every edition into `dir` (new or empty) in the format
// parse_markdown_file reads: <dir>/<edition>/<slug>.md, its photos in <dir>/<edition>/<slug>/.
// Importing the result into a journal with the same editions and exporting again gives the
// same files.
core::Result<ExportReport> export_markdown(store::Store& store,
                                           const std::filesystem::path& media_dir,
                                           const std::filesystem::path& dir);

// What `tapchi export wxr` writes, and where the journal is.
struct WxrExportOptions {
  std::string edition;    // its code
  std::string base_url;   // the journal's address ("https://tapchi.example"), for links and photos
  std::string site_name;  // the channel's title
  std::string time_zone = "UTC";  // IANA name, for WordPress's local dates
  core::Instant now{};            // scheduled articles are those published after it
};

struct WxrExportReport {
  int articles = 0;
  int pages = 0;
  int comments = 0;
  int photos = 0;
  int categories = 0;
  int tags = 0;
  int authors = 0;
};

// Writes edition `options.edition` into `file` (which must not exist) as a WXR 1.2 export that
// WordPress's importer and import_wxr() read: every article of any status as a post (its
// section as category, its tags, its first author, its featured photo, its approved and pending
// comments with their threads), static pages as pages, the media library as attachments with
// their addresses under base_url. Read in one snapshot; the file appears only when complete.
core::Result<WxrExportReport> export_wxr(store::Store& store, const std::filesystem::path& file,
                                         const WxrExportOptions& options);

// A WordPress export (WXR) into one edition.
struct WxrOptions {
  std::string edition;            // the edition's code: of every item without a mapped language
  std::filesystem::path uploads;  // a copy of wp-content/uploads; empty: no files
  // A bilingual site's (Polylang): its language slug → the code of the edition it fills.
  std::map<std::string, std::string> edition_map;
  // Whether each of the export's authors with an email gets a disabled account (role author,
  // no password) for its owner to claim.
  bool create_accounts = false;
};

// What an import did, by kind ("articles", "photos", "comments", "sections", "pages", …), and
// each problem, naming the item ("post 12 «Title» (line 340): …").
struct WxrReport {
  struct Counts {
    int imported = 0;
    int updated = 0;
    int skipped = 0;
  };
  std::string site;  // the export's site address
  std::string version;
  std::map<std::string, Counts> counts;
  std::vector<std::string> problems;
};

// Called as the reading goes: `pass` 1 (photos) or 2 (posts), bytes done of `total`.
using WxrProgress = std::function<void(int pass, std::int64_t done, std::int64_t total)>;

// Imports `file`: attachments first (their files from `options.uploads`, checked and given
// variants as uploads are), then posts with their sections, tags, authors and comments, each
// post in one transaction. Running it again updates in place: items are known by the export's
// site and their ids. Fails before writing anything when the file is not a WordPress export or
// the edition is unknown; every other problem is reported and the rest imports.
core::Result<WxrReport> import_wxr(store::Store& store, const std::filesystem::path& media_dir,
                                   const std::filesystem::path& file, const WxrOptions& options,
                                   const WxrProgress& progress);

}  // namespace tapchi::importers
