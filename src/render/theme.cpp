#include <atomic>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "render/embedded.h"
#include "render/labels.h"
#include "render/render.h"
#include "render/view_data.h"

namespace tapchi::render {

namespace mustache = kainjow::mustache;

namespace {

constexpr std::string_view kTemplateSuffix = ".mustache";
constexpr std::string_view kStaticPrefix = "static/";

std::string content_type_of(std::string_view name) {
  const auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  if (ends_with(".css")) {
    return "text/css; charset=utf-8";
  }
  if (ends_with(".js")) {
    return "text/javascript; charset=utf-8";
  }
  if (ends_with(".svg")) {
    return "image/svg+xml";
  }
  if (ends_with(".png")) {
    return "image/png";
  }
  if (ends_with(".ico")) {
    return "image/x-icon";
  }
  if (ends_with(".woff2")) {
    return "font/woff2";
  }
  return "application/octet-stream";
}

std::string fingerprint(std::string_view content) {
  return fmt::format("{:016x}", core::fnv1a(content)).substr(0, 12);
}

std::atomic<std::uint64_t> next_theme_id{1};

}  // namespace

struct Theme::Impl {
  std::uint64_t id = 0;  // tells the per-thread template caches of different themes apart
  std::map<std::string, std::string, std::less<>> templates;  // name without suffix → source
  std::map<std::string, Asset, std::less<>> assets;           // name under static/ → asset

  // Parsed templates are kept per thread: kainjow's render is not const.
  mustache::mustache& compiled(const std::string& name) const {
    thread_local std::unordered_map<std::uint64_t,
                                    std::unordered_map<std::string, mustache::mustache>>
        cache;
    auto& mine = cache[id];
    auto found = mine.find(name);
    if (found == mine.end()) {
      found = mine.emplace(name, mustache::mustache(templates.at(name))).first;
    }
    return found->second;
  }

  std::string render_page(const std::string& name, const Frame& frame, mustache::data page) const {
    const Labels* labels = labels_for(frame.language);
    mustache::data t = labels_data(labels);
    page.set("t", t);
    page.set("frame", frame_data(frame));
    // The layout sees the page's data too, plus the rendered page as `content`.
    page.set("content", compiled(name).render(page));
    page.set("style_href", "/static/style.css?v=" + assets.at("style.css").fingerprint);
    return compiled("layout").render(page);
  }
};

core::Result<std::shared_ptr<const Theme>> Theme::load(
    const std::optional<std::filesystem::path>& dir) {
  auto impl = std::make_unique<Impl>();
  impl->id = next_theme_id++;
  for (const EmbeddedFile& file : embedded_theme()) {
    std::string content(file.content);
    if (dir) {
      const auto override_path = *dir / std::string(file.name);
      if (std::filesystem::is_regular_file(override_path)) {
        std::ifstream in(override_path, std::ios::binary);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        if (!in) {
          return core::fail(core::invalid("cannot read " + override_path.string(), "theme_dir"));
        }
        content = buffer.str();
      }
    }
    const std::string name(file.name);
    if (name.size() > kTemplateSuffix.size() &&
        name.substr(name.size() - kTemplateSuffix.size()) == kTemplateSuffix) {
      mustache::mustache parsed(content);
      if (!parsed.is_valid()) {
        return core::fail(core::invalid(
            "template " + name + " does not parse: " + parsed.error_message(), "theme_dir"));
      }
      impl->templates[name.substr(0, name.size() - kTemplateSuffix.size())] = std::move(content);
    } else if (name.rfind(kStaticPrefix, 0) == 0) {
      Asset asset{content, content_type_of(name), fingerprint(content)};
      impl->assets[name.substr(kStaticPrefix.size())] = std::move(asset);
    }
  }
  return std::shared_ptr<const Theme>(new Theme(std::move(impl)));
}

Theme::Theme(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Theme::~Theme() = default;

std::string Theme::home(const HomeView& v) const {
  return impl_->render_page("home", v.frame, home_data(v));
}
std::string Theme::article(const ArticleView& v) const {
  return impl_->render_page("article", v.frame, article_data(v));
}
std::string Theme::search(const SearchView& v) const {
  return impl_->render_page("search", v.frame, search_data(v));
}
std::string Theme::list(const ListView& v) const {
  return impl_->render_page("list", v.frame, list_data(v));
}
std::string Theme::author(const AuthorView& v) const {
  return impl_->render_page("author", v.frame, author_data(v));
}
std::string Theme::static_page(const PageView& v) const {
  return impl_->render_page("page", v.frame, page_data(v));
}
std::string Theme::archive_index(const ArchiveIndexView& v) const {
  return impl_->render_page("archive", v.frame, archive_data(v));
}
std::string Theme::not_found(const Frame& f) const {
  return impl_->render_page("not_found", f, mustache::data(mustache::data::type::object));
}

const Asset* Theme::asset(std::string_view name) const {
  const auto found = impl_->assets.find(name);
  return found == impl_->assets.end() ? nullptr : &found->second;
}

std::string Theme::asset_href(std::string_view name) const {
  const Asset* a = asset(name);
  return "/static/" + std::string(name) + (a ? "?v=" + a->fingerprint : "");
}

}  // namespace tapchi::render
