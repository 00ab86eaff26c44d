// The API's document (src/api/doc/openapi.json), compiled into the binary by cmake/embed.cmake.
// Private to api.
#pragma once
#include <string_view>
#include <vector>

namespace tapchi::api {

struct EmbeddedFile {
  std::string_view name;  // relative to src/api/doc, e.g. "openapi.json"
  std::string_view content;
};

const std::vector<EmbeddedFile>& embedded_api_doc();

}  // namespace tapchi::api
