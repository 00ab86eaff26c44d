// The default theme's files, compiled into the binary (see cmake/embed.cmake).
#pragma once
#include <string_view>
#include <vector>

namespace tapchi::render {

struct EmbeddedFile {
  std::string_view name;  // relative to themes/default, e.g. "article.mustache", "static/style.css"
  std::string_view content;
};

const std::vector<EmbeddedFile>& embedded_theme();

}  // namespace tapchi::render
