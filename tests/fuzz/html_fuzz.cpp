// Imported HTML (a WordPress post) through the importer's allow-list and then the public
// renderer, as an imported article is shown.
// Properties: the Markdown and the page's HTML are valid UTF-8 when the input is (the importer
// repairs bytes first), and the HTML runs no script: no <script>, <iframe>, <object>, <embed>
// or <style> tag, no on…= attribute, no javascript:, vbscript: or data: address; the text form
// is valid UTF-8.
#include <string>

#include "core/core.h"
#include "fuzz_check.h"
#include "importers/html.h"
#include "render/render.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string html = tapchi::core::repair_utf8(tapchi::fuzz::as_text(data, size));
  const auto converted = tapchi::importers::html_to_markdown(
      html, [](std::string_view src) { return std::string(src); });
  tapchi::fuzz::expect(tapchi::core::is_valid_utf8(converted.markdown),
                       "the Markdown is not valid UTF-8", html);
  tapchi::render::MarkdownOptions options;
  options.language = "vi";
  const std::string page = tapchi::render::markdown_to_html(converted.markdown, options);
  const std::string active = tapchi::fuzz::active_content(page);
  tapchi::fuzz::expect(active.empty(), "the imported article holds " + active,
                       html + "\n----\n" + converted.markdown);
  const std::string text = tapchi::importers::html_to_text(html, size % 2 == 0);
  tapchi::fuzz::expect(tapchi::core::is_valid_utf8(text), "the text is not valid UTF-8", html);
  return 0;
}
