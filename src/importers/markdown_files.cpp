#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "importers/importers.h"

namespace tapchi::importers {

namespace {

constexpr std::string_view kFence = "+++";

// An error at `line` of `file`, as "file:line" in the field.
core::Unexpected at_line(const std::filesystem::path& file, std::size_t line, std::string message) {
  return core::fail(core::invalid(std::move(message), fmt::format("{}:{}", file.string(), line)));
}

std::size_t line_of(const toml::node& node) {
  return static_cast<std::size_t>(node.source().begin.line) + 1;  // the fence is line 1
}

struct Reader {
  const std::filesystem::path& file;
  const toml::table& table;
  std::string where;  // "" or "authors[0]." for messages

  core::Result<void> known(const std::set<std::string>& keys) const {
    for (const auto& [key, node] : table) {
      if (!keys.count(std::string(key.str()))) {
        return at_line(file, line_of(node), "unknown key '" + where + std::string(key.str()) + "'");
      }
    }
    return {};
  }

  core::Result<void> text(const char* key, std::string& out, bool required = false) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      if (required) {
        return at_line(file, 1, "missing '" + where + key + "'");
      }
      return {};
    }
    if (!node->is_string()) {
      return at_line(file, line_of(*node), "'" + where + key + "' must be a string");
    }
    out = **node->as_string();
    if (required && out.empty()) {
      return at_line(file, line_of(*node), "'" + where + key + "' is empty");
    }
    return {};
  }

  core::Result<void> flag(const char* key, bool& out) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      return {};
    }
    if (!node->is_boolean()) {
      return at_line(file, line_of(*node), "'" + where + key + "' must be true or false");
    }
    out = **node->as_boolean();
    return {};
  }

  core::Result<void> instant(const char* key, core::Instant& out, bool required) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      return required ? core::Result<void>(at_line(file, 1, "missing '" + where + key + "'"))
                      : core::Result<void>();
    }
    std::string text;
    if (const auto* dt = node->as_date_time()) {
      const toml::date_time& v = **dt;
      if (!v.offset) {
        return at_line(file, line_of(*node),
                       "'" + std::string(key) + "' needs its UTC offset, e.g. +07:00");
      }
      text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", v.date.year,
                         v.date.month, v.date.day, v.time.hour, v.time.minute, v.time.second,
                         v.offset->minutes < 0 ? '-' : '+', std::abs(v.offset->minutes) / 60,
                         std::abs(v.offset->minutes) % 60);
    } else if (const auto* s = node->as_string()) {
      text = **s;
    } else {
      return at_line(file, line_of(*node), "'" + std::string(key) + "' must be a date and time");
    }
    auto parsed = core::parse_instant(text);
    if (!parsed) {
      return at_line(file, line_of(*node), parsed.error().message);
    }
    out = *parsed;
    return {};
  }
};

core::Result<ImageInput> read_image(const std::filesystem::path& file, const toml::node& node,
                                    const std::string& where) {
  if (!node.is_table()) {
    return at_line(file, line_of(node), "'" + where + "' must be a table");
  }
  Reader r{file, *node.as_table(), where + "."};
  TAPCHI_TRY(r.known({"file", "alt", "caption", "credit"}));
  ImageInput image;
  std::string name;
  TAPCHI_TRY(r.text("file", name, true));
  TAPCHI_TRY(r.text("alt", image.alt));
  TAPCHI_TRY(r.text("caption", image.caption));
  TAPCHI_TRY(r.text("credit", image.credit));
  const std::filesystem::path relative(name);
  if (relative.is_absolute() || name.find("..") != std::string::npos) {
    return at_line(file, line_of(node), "image file '" + name + "' must be beside the article");
  }
  image.file = file.parent_path() / relative;
  if (!std::filesystem::is_regular_file(image.file)) {
    return at_line(file, line_of(node), "image file '" + name + "' does not exist");
  }
  return image;
}

}  // namespace

core::Result<ArticleInput> parse_markdown_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return at_line(file, 0, "cannot read the file");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_markdown_text(buffer.str(), file);
}

core::Result<ArticleInput> parse_markdown_text(std::string_view file_text,
                                               const std::filesystem::path& file) {
  std::string text(file_text);
  if (const auto bad = core::first_invalid_utf8(text); bad != std::string::npos) {
    const auto line = static_cast<std::size_t>(std::count(text.begin(), text.begin() + bad, '\n'));
    return at_line(file, line + 1, "the file is not valid UTF-8");
  }
  text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
  if (text.rfind(std::string(kFence) + "\n", 0) != 0) {
    return at_line(file, 1, "the file must start with a +++ line opening its front matter");
  }
  const auto close = text.find("\n" + std::string(kFence), kFence.size());
  if (close == std::string::npos) {
    return at_line(file, 1, "the front matter is not closed by a +++ line");
  }
  std::string front = text.substr(kFence.size() + 1, close - kFence.size());
  if (const auto fault = core::ready_toml(front)) {
    return at_line(file, fault->line + 1, fault->reason);
  }
  auto body_start = close + 1 + kFence.size();
  while (body_start < text.size() && text[body_start] == '\n') {
    ++body_start;
  }
  toml::table meta;
  try {
    meta = toml::parse(front, file.string());
  } catch (const toml::parse_error& e) {
    return at_line(file, static_cast<std::size_t>(e.source().begin.line) + 1,
                   std::string(e.description()));
  }
  Reader r{file, meta, ""};
  TAPCHI_TRY(r.known({"title", "lead", "edition", "translation", "slug", "section", "tags",
                      "published", "comments", "authors", "image", "images"}));
  ArticleInput a;
  TAPCHI_TRY(r.text("title", a.title, true));
  TAPCHI_TRY(r.text("edition", a.edition, true));
  TAPCHI_TRY(r.text("lead", a.lead));
  TAPCHI_TRY(r.text("translation", a.translation_key));
  TAPCHI_TRY(r.text("slug", a.slug));
  TAPCHI_TRY(r.text("section", a.section));
  TAPCHI_TRY(r.flag("comments", a.comments_open));
  TAPCHI_TRY(r.instant("published", a.published_at, true));
  if (const toml::node* tags = meta.get("tags")) {
    const toml::array* list = tags->as_array();
    if (list == nullptr) {
      return at_line(file, line_of(*tags), "'tags' must be a list of strings");
    }
    for (const toml::node& t : *list) {
      if (!t.is_string() || t.as_string()->get().empty()) {
        return at_line(file, line_of(t), "'tags' must be a list of non-empty strings");
      }
      a.tags.push_back(**t.as_string());
    }
  }
  if (const toml::node* authors = meta.get("authors")) {
    const toml::array* list = authors->as_array();
    if (list == nullptr) {
      return at_line(file, line_of(*authors), "'authors' must be [[authors]] tables");
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      const toml::node& node = *list->get(i);
      if (!node.is_table()) {
        return at_line(file, line_of(node), "'authors' must be [[authors]] tables");
      }
      Reader ar{file, *node.as_table(), fmt::format("authors[{}].", i)};
      TAPCHI_TRY(ar.known({"name", "position", "bio"}));
      AuthorInput author;
      TAPCHI_TRY(ar.text("name", author.name, true));
      TAPCHI_TRY(ar.text("position", author.position));
      TAPCHI_TRY(ar.text("bio", author.bio));
      if (core::slugify(author.name).empty()) {
        return at_line(file, line_of(node), "an author needs a name");
      }
      a.authors.push_back(std::move(author));
    }
  }
  if (const toml::node* image = meta.get("image")) {
    auto featured = read_image(file, *image, "image");
    if (!featured) {
      return core::fail(featured.error());
    }
    a.featured = std::move(*featured);
  }
  if (const toml::node* images = meta.get("images")) {
    const toml::array* list = images->as_array();
    if (list == nullptr) {
      return at_line(file, line_of(*images), "'images' must be [[images]] tables");
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto image = read_image(file, *list->get(i), fmt::format("images[{}]", i));
      if (!image) {
        return core::fail(image.error());
      }
      a.images.push_back(std::move(*image));
    }
  }
  a.body = text.substr(std::min(body_start, text.size()));
  return a;
}

ImportReport import_markdown_dir(store::Store& store, const std::filesystem::path& media_dir,
                                 const std::filesystem::path& dir) {
  ImportReport report;
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".md") {
      files.push_back(it->path());
    }
  }
  if (ec) {
    report.skipped.push_back(
        core::invalid("cannot read the directory: " + ec.message(), dir.string()));
    return report;
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto input = parse_markdown_file(file);
    if (!input) {
      report.skipped.push_back(input.error());
      continue;
    }
    auto saved = save(store, media_dir, *input);
    if (!saved) {
      core::Error e = saved.error();
      e.message = (e.field.empty() ? "" : e.field + ": ") + e.message;
      e.field = file.string() + ":1";
      report.skipped.push_back(std::move(e));
      continue;
    }
    ++(saved->is_new ? report.created : report.updated);
  }
  return report;
}

}  // namespace tapchi::importers
