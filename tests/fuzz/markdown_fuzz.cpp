// The Markdown renderer with its sanitizer, images from a media library whose alt texts,
// captions, credits and file names come from the input too.
// Properties: the HTML is valid UTF-8 and runs no script: no <script>, <iframe>, <object>,
// <embed> or <style> tag, no on…= attribute, no javascript:, vbscript: or data: link or image.
#include <optional>
#include <string>
#include <vector>

#include "core/core.h"
#include "fuzz_check.h"
#include "render/render.h"

namespace {

using tapchi::fuzz::expect;

// Odd ids are in the library, even ones are not; the entries' texts are lines of the input.
std::optional<tapchi::core::Media> media_of(tapchi::core::Id id,
                                            const std::vector<std::string_view>& lines) {
  if (id % 2 == 0) {
    return std::nullopt;
  }
  // The library holds valid UTF-8 (uploads and imports check it).
  const auto line = [&](std::size_t i) {
    return lines.empty() ? std::string()
                         : tapchi::core::repair_utf8(lines[(id + i) % lines.size()]);
  };
  tapchi::core::Media m;
  m.id = id;
  m.path = "2026/11/" + line(0) + ".jpg";
  m.mime = "image/jpeg";
  m.width = 1600;
  m.height = 900;
  m.alt = line(1);
  m.caption = line(2);
  m.credit = line(3);
  if (id % 3 == 0) {
    m.variant_widths = {320, 640};
  }
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view markdown = tapchi::fuzz::as_text(data, size);
  const auto lines = tapchi::fuzz::lines_of(markdown);
  tapchi::render::MarkdownOptions options;
  options.language = size % 2 == 0 ? "vi" : "en";
  options.lookup_media = [&lines](tapchi::core::Id id) { return media_of(id, lines); };
  const std::string html = tapchi::render::markdown_to_html(markdown, options);
  expect(tapchi::core::is_valid_utf8(html), "the HTML is not valid UTF-8", markdown);
  const std::string active = tapchi::fuzz::active_content(html);
  expect(active.empty(), "the HTML holds " + active, html);
  return 0;
}
