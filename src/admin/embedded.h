// The back office's templates, stylesheet and scripts (themes/admin, editor/), compiled into the
// binary by cmake/embed.cmake. Private to admin.
#pragma once
#include <string_view>
#include <vector>

namespace tapchi::admin {

struct EmbeddedFile {
  std::string_view name;  // relative to themes/admin, e.g. "login.mustache", "static/admin.css"
  std::string_view content;
};

const std::vector<EmbeddedFile>& embedded_admin_theme();
// The writing view's script bundled from editor/ at build time: "editor.js" and "editor.js.gz".
const std::vector<EmbeddedFile>& embedded_editor();

}  // namespace tapchi::admin
