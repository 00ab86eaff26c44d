// The journal's published articles written as the Markdown files `tapchi import markdown`
// reads (docs/IMPORT.md): one file per article under its edition's code, its photos in a folder
// named after it. Photo files are named after the stored file without its random suffix, so
// that exporting what an export imported gives the same files.
#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "importers/importers.h"

namespace tapchi::importers {

namespace {

// "2019/08/anh-6-958562.jpg" → "anh-6.jpg": the stored name without its 6-hex suffix.
std::string export_name(const std::string& stored) {
  static const std::regex suffix(R"(-[0-9a-f]{6}(\.[A-Za-z0-9]+)$)");
  return std::regex_replace(std::filesystem::path(stored).filename().string(), suffix, "$1");
}

toml::date_time as_toml(core::Instant at) {
  const auto days = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day ymd{days};
  const std::chrono::hh_mm_ss hms{at - days};
  return toml::date_time{
      toml::date{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                 static_cast<unsigned>(ymd.day())},
      toml::time{static_cast<unsigned>(hms.hours().count()),
                 static_cast<unsigned>(hms.minutes().count()),
                 static_cast<unsigned>(hms.seconds().count())},
      toml::time_offset{}};
}

class Exporter {
 public:
  Exporter(store::Store& store, const std::filesystem::path& media_dir,
           const std::filesystem::path& dir)
      : store_(store), media_dir_(media_dir), dir_(dir) {}

  core::Result<void> article(const core::Edition& e, core::Id id) {
    auto a = store_.article(id);
    if (!a) {
      return core::fail(a.error());
    }
    const std::filesystem::path folder = dir_ / e.code;
    toml::table meta;
    meta.insert("title", a->title);
    meta.insert("edition", e.code);
    meta.insert("slug", a->slug);
    meta.insert("published", as_toml(*a->published_at));
    if (!a->lead.empty()) {
      meta.insert("lead", a->lead);
    }
    if (!a->translation_key.empty()) {
      meta.insert("translation", a->translation_key);
    }
    if (!a->comments_open) {
      meta.insert("comments", false);
    }
    if (a->section_id != 0) {
      if (auto s = store_.section(a->section_id)) {
        meta.insert("section", s->name);
      }
    }
    if (auto tags = store_.tags(a->tag_ids); tags && !tags->empty()) {
      // Tags have no order of their own: by name, so that the same article gives the same file.
      std::vector<std::string> names;
      for (const core::Tag& t : *tags) {
        names.push_back(t.name);
      }
      std::sort(names.begin(), names.end());
      toml::array list;
      for (const std::string& n : names) {
        list.push_back(n);
      }
      meta.insert("tags", std::move(list));
    }
    if (auto authors = store_.authors(a->author_ids); authors && !authors->empty()) {
      toml::array list;
      for (core::Id aid : a->author_ids) {  // byline order
        for (const core::Author& au : *authors) {
          if (au.id == aid) {
            toml::table t{{"name", au.name}};
            if (!au.position.empty()) {
              t.insert("position", au.position);
            }
            if (!au.bio.empty()) {
              t.insert("bio", au.bio);
            }
            list.push_back(std::move(t));
          }
        }
      }
      meta.insert("authors", std::move(list));
    }
    std::set<std::string> used;  // file names taken in this article's folder
    if (a->featured_media_id != 0) {
      auto file = photo(a->featured_media_id, a->slug, folder, used);
      if (!file) {
        return core::fail(file.error());
      }
      meta.insert("image", std::move(file->second));
    }
    // Photos in the text: media:ID becomes the exported file's name, listed in [[images]].
    std::string body = a->body;
    static const std::regex in_text(R"(\]\(media:(\d+))");
    toml::array images;
    std::map<core::Id, std::string> names;
    std::string rewritten;
    auto begin = body.cbegin();
    for (std::sregex_iterator it(body.begin(), body.end(), in_text), end; it != end; ++it) {
      const core::Id mid = std::stoll((*it)[1]);
      if (!names.contains(mid)) {
        auto file = photo(mid, a->slug, folder, used);
        if (!file) {
          return core::fail(file.error());
        }
        names[mid] = file->first;
        images.push_back(std::move(file->second));
      }
      rewritten.append(begin, (*it)[0].first);
      rewritten += "](" + names[mid];
      begin = (*it)[0].second;
    }
    rewritten.append(begin, body.cend());
    if (!images.empty()) {
      meta.insert("images", std::move(images));
    }
    std::ostringstream text;
    text << "+++\n" << meta << "\n+++\n" << rewritten;
    if (!rewritten.empty() && rewritten.back() != '\n') {
      text << "\n";
    }
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    std::ofstream out(folder / (a->slug + ".md"), std::ios::binary);
    out << text.str();
    if (!out) {
      return core::fail(core::internal("cannot write", (folder / (a->slug + ".md")).string()));
    }
    ++report.articles;
    return {};
  }

  ExportReport report;

 private:
  // Copies the library's photo `id` beside the article; its file name in the text and its
  // image table.
  core::Result<std::pair<std::string, toml::table>> photo(core::Id id, const std::string& slug,
                                                          const std::filesystem::path& folder,
                                                          std::set<std::string>& used) {
    auto m = store_.media(id);
    if (!m) {
      return core::fail(m.error());
    }
    std::string name = export_name(m->path);
    for (int n = 2; used.contains(name); ++n) {
      const std::filesystem::path p(export_name(m->path));
      name = fmt::format("{}-{}{}", p.stem().string(), n, p.extension().string());
    }
    used.insert(name);
    std::error_code ec;
    std::filesystem::create_directories(folder / slug, ec);
    std::filesystem::copy_file(media_dir_ / m->path, folder / slug / name,
                               std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) {
      return core::fail(core::internal("cannot copy the photo: " + ec.message(), m->path));
    }
    ++report.photos;
    toml::table t{{"file", slug + "/" + name}};
    if (!m->alt.empty()) {
      t.insert("alt", m->alt);
    }
    if (!m->caption.empty()) {
      t.insert("caption", m->caption);
    }
    if (!m->credit.empty()) {
      t.insert("credit", m->credit);
    }
    return std::pair<std::string, toml::table>{name, std::move(t)};
  }

  store::Store& store_;
  const std::filesystem::path& media_dir_;
  const std::filesystem::path& dir_;
};

}  // namespace

core::Result<ExportReport> export_markdown(store::Store& store,
                                           const std::filesystem::path& media_dir,
                                           const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_empty(dir, ec)) {
    return core::fail(
        core::conflict("is not empty; an export writes into a new directory", dir.string()));
  }
  auto editions = store.editions();
  if (!editions) {
    return core::fail(editions.error());
  }
  Exporter exporter(store, media_dir, dir);
  // Far enough ahead that scheduled articles' pages are included too.
  const core::Instant horizon = core::parse_instant("9999-01-01T00:00:00Z").value();
  for (const core::Edition& e : *editions) {
    store::ArticleQuery q;
    q.edition_id = e.id;
    q.now = horizon;
    q.limit = 500;
    for (;;) {
      auto page = store.find_articles(q);
      if (!page) {
        return core::fail(page.error());
      }
      for (const core::Article& a : page->items) {
        if (auto written = exporter.article(e, a.id); !written) {
          return core::fail(written.error());
        }
      }
      if (static_cast<int>(page->items.size()) < q.limit) {
        break;
      }
      const core::Article& last = page->items.back();
      q.after = std::pair{*last.published_at, last.id};
    }
  }
  return exporter.report;
}

}  // namespace tapchi::importers
