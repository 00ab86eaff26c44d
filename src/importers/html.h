// Private to importers: HTML from elsewhere (a WordPress post) turned into the Markdown our
// articles are stored in. The conversion is the allow-list: headings, paragraphs, emphasis,
// links, lists, quotes, code, tables, figures and images become their Markdown; scripts,
// styles, forms, frames, SVG, MathML and the document's head are dropped with their content;
// any other element gives only its text. No attribute survives but a link's or an image's
// address (when safe: http, https, mailto, tel or relative) and an image's description, so no
// event handler, inline style or `javascript:` address can reach a page.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tapchi::importers {

// What a converted image points at: its new address ("media:12") or, kept as it was, the
// original address; an empty address drops the image.
using ImageTarget = std::function<std::string(std::string_view src)>;

struct Converted {
  std::string markdown;
  // What the conversion could not carry across, one line each ("an <iframe> became a link").
  std::vector<std::string> notes;
};

// Converts an HTML fragment. Images found in it are passed through `image_target`.
Converted html_to_markdown(std::string_view html, const ImageTarget& image_target);

// The text of an HTML fragment (a title, an excerpt, a comment): entities decoded, tags and
// what scripts and styles hold dropped, whitespace collapsed; paragraphs and line breaks kept
// as blank lines and newlines when `keep_lines`, else all on one line.
std::string html_to_text(std::string_view html, bool keep_lines);

// Whether `url` (as written in an attribute, entities decoded) is safe to link to, with tabs
// and line breaks removed as browsers remove them; the cleaned address, or empty when unsafe.
std::string safe_url(std::string_view url);

}  // namespace tapchi::importers
