// TOML text as tapchi.toml, and as the front matter of a Markdown file to import.
// Properties: nothing crashes; a refused config or file says why (a message, and for a file the
// "file:line" it blames); an accepted config has its editions and a listen port, an accepted
// file a title, an edition and a body in valid UTF-8.
#include <filesystem>
#include <string>

#include "app/config.h"
#include "core/core.h"
#include "fuzz_check.h"
#include "importers/importers.h"

namespace {

using tapchi::fuzz::expect;

// Nothing is read from here: image paths in front matter resolve to files that do not exist.
const std::filesystem::path kBase = "/nonexistent/tapchi-fuzz";

void check_config(std::string_view text) {
  const auto config = tapchi::app::parse_config(text, kBase, "fuzz.toml");
  if (!config) {
    expect(!config.error().message.empty(), "a refused config has no message", text);
    return;
  }
  expect(!config->editions.empty(), "an accepted config has no edition", text);
  expect(config->data_dir.is_absolute(), "an accepted config's data_dir is not absolute", text);
}

void check_markdown_file(std::string_view text) {
  const auto article = tapchi::importers::parse_markdown_text(text, kBase / "article.md");
  if (!article) {
    expect(!article.error().message.empty(), "a refused file has no message", text);
    expect(article.error().field.starts_with((kBase / "article.md").string() + ":"),
           "a refused file's error does not name file:line", text);
    return;
  }
  expect(!article->title.empty() && !article->edition.empty(),
         "an accepted file has no title or edition", text);
  expect(tapchi::core::is_valid_utf8(article->body), "an accepted file's body is not UTF-8", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = tapchi::fuzz::as_text(data, size);
  check_config(text);
  check_markdown_file(text);
  // TOML seeds as front matter, Markdown-file seeds as they are.
  check_markdown_file("+++\n" + std::string(text) + "\n+++\n\nThe body.\n");
  return 0;
}
