// The back office's templates and stylesheet (themes/admin), compiled into the binary by
// cmake/embed.cmake. Private to admin.
#pragma once
#include <string_view>
#include <vector>

namespace tapchi::admin {

struct EmbeddedFile {
  std::string_view name;  // relative to themes/admin, e.g. "login.mustache", "static/admin.css"
  std::string_view content;
};

const std::vector<EmbeddedFile>& embedded_admin_theme();

}  // namespace tapchi::admin
