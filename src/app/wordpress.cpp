// tapchi import wxr: a WordPress export brought in, with a progress bar on a terminal and a
// summary at the end; tapchi export wxr: an edition as a WordPress export; tapchi export
// markdown: the journal in the Markdown import's format.
#include <algorithm>
#include <iostream>

#include <fmt/format.h>
#include <unistd.h>

#include "app/commands.h"
#include "importers/importers.h"

namespace tapchi::app {

int run_import_wxr(const Config& config, const std::filesystem::path& file,
                   const std::string& edition, const std::string& edition_map,
                   const std::filesystem::path& uploads, bool create_accounts) {
  importers::WxrOptions options{edition, uploads, {}, create_accounts};
  // "vi=vi,en=en": each pair a language and an edition's code.
  for (std::size_t from = 0; from < edition_map.size();) {
    const std::size_t comma = std::min(edition_map.find(',', from), edition_map.size());
    const std::string pair = edition_map.substr(from, comma - from);
    const std::size_t equals = pair.find('=');
    if (equals == 0 || equals == std::string::npos || equals + 1 == pair.size() ||
        options.edition_map.contains(pair.substr(0, equals))) {
      std::cerr << "Nothing was imported.\n";
      return report(
          core::invalid("each language once, as language=edition (vi=vi,en=en): \"" + pair + "\"",
                        "--edition-map"),
          kExitUsage);
    }
    options.edition_map.emplace(pair.substr(0, equals), pair.substr(equals + 1));
    from = comma + 1;
  }
  auto store = open_journal(config, 0);
  if (!store) {
    return report(store.error());
  }
  const bool is_terminal = ::isatty(STDERR_FILENO) != 0;
  int shown = -1;
  const importers::WxrProgress progress = [&](int pass, std::int64_t done, std::int64_t total) {
    const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    if (!is_terminal || percent == shown) {
      return;
    }
    shown = percent;
    const int filled = percent / 5;
    std::cerr << fmt::format("\r{} [{}{}] {:3}%", pass == 1 ? "photos" : "posts ",
                             std::string(static_cast<std::size_t>(filled), '#'),
                             std::string(static_cast<std::size_t>(20 - filled), ' '), percent)
              << std::flush;
    if (percent == 100) {
      std::cerr << "\n";
      shown = -1;
    }
  };
  auto result = importers::import_wxr(**store, config.media_dir(), file, options, progress);
  if (!result) {
    std::cerr << "Nothing was imported.\n";
    return report(result.error(),
                  result.error().code == core::ErrorCode::kInternal ? kExitFailure : kExitUsage);
  }
  std::cout << fmt::format("Imported {} (WXR {}) into the {} {}:\n", result->site, result->version,
                           edition_map.empty() ? "edition" : "editions by language",
                           edition_map.empty() ? edition : edition_map);
  for (const auto& [kind, n] : result->counts) {
    std::cout << fmt::format("  {:<12} {:>6} imported {:>6} updated {:>6} skipped\n", kind,
                             n.imported, n.updated, n.skipped);
  }
  if (!result->problems.empty()) {
    std::cout << fmt::format("{} problems:\n", result->problems.size());
    for (const std::string& p : result->problems) {
      std::cout << "  " << p << "\n";
    }
  }
  return result->problems.empty() ? kExitOk : kExitFailure;
}

int run_export_markdown(const Config& config, const std::filesystem::path& dir) {
  auto store = open_journal(config);
  if (!store) {
    return report(store.error());
  }
  auto result = importers::export_markdown(**store, config.media_dir(), dir);
  if (!result) {
    return report(result.error());
  }
  std::cout << fmt::format("Exported {} articles and {} photos into {} (docs/IMPORT.md).\n",
                           result->articles, result->photos, dir.string());
  return kExitOk;
}

int run_export_wxr(const Config& config, const std::filesystem::path& file,
                   const std::string& edition) {
  auto store = open_journal(config);
  if (!store) {
    return report(store.error());
  }
  importers::WxrExportOptions options{edition, config.base_url, config.site_name, config.time_zone,
                                      core::SystemClock().now()};
  // The back office's settings over the config file's, as the site shows them.
  if (auto saved = (*store)->settings()) {
    if (auto name = saved->find(std::string(store::setting::kSiteName));
        name != saved->end() && !name->second.empty()) {
      options.site_name = name->second;
    }
    if (auto zone = saved->find(std::string(store::setting::kTimeZone)); zone != saved->end()) {
      options.time_zone = zone->second;
    }
  }
  auto result = importers::export_wxr(**store, file, options);
  if (!result) {
    return report(result.error(),
                  result.error().code == core::ErrorCode::kInternal ? kExitFailure : kExitUsage);
  }
  std::cout << fmt::format(
      "Exported the edition {} into {} (WXR 1.2): {} articles, {} pages, {} comments, {} photos, "
      "{} categories, {} tags, {} authors.\n",
      edition, file.string(), result->articles, result->pages, result->comments, result->photos,
      result->categories, result->tags, result->authors);
  return kExitOk;
}

}  // namespace tapchi::app
