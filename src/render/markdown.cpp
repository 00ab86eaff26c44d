#include <cctype>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include "render/labels.h"
#include "render/render.h"

namespace tapchi::render {

namespace {

using NodePtr = std::unique_ptr<cmark_node, decltype(&cmark_node_free)>;

// Text of all text descendants of `node`, for an image's alt text.
std::string plain_text(cmark_node* node) {
  std::string out;
  cmark_iter* iter = cmark_iter_new(node);
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    cmark_node* n = cmark_iter_get_node(iter);
    if (ev == CMARK_EVENT_ENTER &&
        (cmark_node_get_type(n) == CMARK_NODE_TEXT || cmark_node_get_type(n) == CMARK_NODE_CODE)) {
      const char* literal = cmark_node_get_literal(n);
      out += literal ? literal : "";
    }
  }
  cmark_iter_free(iter);
  return out;
}

cmark_node* text_node(std::string_view text) {
  cmark_node* n = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(n, std::string(text).c_str());
  return n;
}

// Puts `replacement` where `node` was and frees `node`.
void replace(cmark_node* node, cmark_node* replacement) {
  cmark_node_insert_before(node, replacement);
  cmark_node_unlink(node);
  cmark_node_free(node);
}

// Moves the children of `node` before it and frees it: a link without its target.
void unwrap(cmark_node* node) {
  while (cmark_node* child = cmark_node_first_child(node)) {
    cmark_node_unlink(child);
    cmark_node_insert_before(node, child);
  }
  cmark_node_unlink(node);
  cmark_node_free(node);
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = s.find_last_not_of(" \t\n");
  return std::string(s.substr(first, last - first + 1));
}

std::string attribute(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + escape_html(value) + "\"";
}

// How wide a figure of the article's text is shown: the whole screen on phones, the text column
// (at most 760 CSS pixels) elsewhere.
constexpr std::string_view kFigureSizes = "(max-width: 800px) 100vw, 760px";

// The figure for an image alone in its paragraph, or empty when its target is unusable.
std::string figure_html(cmark_node* image, const MarkdownOptions& options) {
  const std::string url = cmark_node_get_url(image) ? cmark_node_get_url(image) : "";
  const std::string title = cmark_node_get_title(image) ? cmark_node_get_title(image) : "";
  Image img;
  img.alt = plain_text(image);
  if (url.rfind("media:", 0) == 0) {
    char* end = nullptr;
    const long long id = std::strtoll(url.c_str() + 6, &end, 10);
    const bool well_formed = end && *end == '\0' && id > 0;
    std::optional<core::Media> media;
    if (well_formed && options.lookup_media) {
      media = options.lookup_media(id);
    }
    if (!media) {
      return {};
    }
    const std::string alt = img.alt;
    img = image_of(*media, options.media_url_prefix);
    if (!alt.empty()) {
      img.alt = alt;
    }
  } else {
    img.src = url;
  }
  if (options.is_for_export) {
    std::string html =
        "<figure><img" + attribute("src", img.src) + attribute("alt", plain_text(image));
    if (img.width > 0 && img.height > 0) {
      html += attribute("width", std::to_string(img.width)) +
              attribute("height", std::to_string(img.height));
    }
    html += ">";
    if (!title.empty()) {
      html += "<figcaption>" + escape_html(title) + "</figcaption>";
    }
    return html + "</figure>\n";
  }
  if (!title.empty()) {
    const auto bar = title.find('|');
    img.caption = trim(title.substr(0, bar));
    if (bar != std::string::npos) {
      img.credit = trim(title.substr(bar + 1));
    }
  }
  std::string html = "<figure class=\"photo\">";
  if (!img.webp_srcset.empty()) {
    html += "<picture><source type=\"image/webp\"" + attribute("srcset", img.webp_srcset) +
            attribute("sizes", kFigureSizes) + ">";
  }
  html += "<img";
  html += attribute("src", img.src);
  if (!img.srcset.empty()) {
    html += attribute("srcset", img.srcset) + attribute("sizes", kFigureSizes);
  }
  if (img.width > 0 && img.height > 0) {
    html += attribute("width", std::to_string(img.width));
    html += attribute("height", std::to_string(img.height));
  }
  html += attribute("alt", img.alt);
  html += " loading=\"lazy\" decoding=\"async\">";
  if (!img.webp_srcset.empty()) {
    html += "</picture>";
  }
  if (!img.caption.empty() || !img.credit.empty()) {
    html += "<figcaption>" + escape_html(img.caption);
    if (!img.credit.empty()) {
      html += " <span class=\"credit\">" + escape_html(credit_text(options.language, img.credit)) +
              "</span>";
    }
    html += "</figcaption>";
  }
  html += "</figure>\n";
  return html;
}

void attach_extensions(cmark_parser* parser) {
  cmark_gfm_core_extensions_ensure_registered();
  for (const char* name : {"table", "strikethrough", "autolink"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser, ext);
    }
  }
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

bool is_safe_url(std::string_view url) {
  for (const char c : url) {
    // Browsers drop tabs and newlines inside URLs ("java\tscript:"), so refuse any control.
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return false;
    }
  }
  const auto colon = url.find(':');
  const auto delimiter = url.find_first_of("/?#");
  if (colon == std::string_view::npos ||
      (delimiter != std::string_view::npos && delimiter < colon)) {
    return true;  // relative: no scheme
  }
  std::string scheme;
  for (const char c : url.substr(0, colon)) {
    scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
}

std::string markdown_to_html(std::string_view markdown, const MarkdownOptions& options) {
  // Malformed UTF-8 becomes U+FFFD before parsing; cmark would otherwise copy it through.
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
  attach_extensions(parser);
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  NodePtr doc(cmark_parser_finish(parser), &cmark_node_free);
  cmark_llist* extensions = cmark_parser_get_syntax_extensions(parser);

  // Collect first, change after: the iterator must not see the tree change under it.
  std::vector<cmark_node*> raw_blocks, raw_inlines, unsafe_links, unsafe_images, figures;
  cmark_iter* iter = cmark_iter_new(doc.get());
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    if (ev != CMARK_EVENT_ENTER) {
      continue;
    }
    cmark_node* n = cmark_iter_get_node(iter);
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_HTML_BLOCK:
        raw_blocks.push_back(n);
        break;
      case CMARK_NODE_HTML_INLINE:
        raw_inlines.push_back(n);
        break;
      case CMARK_NODE_LINK:
        if (!is_safe_url(cmark_node_get_url(n) ? cmark_node_get_url(n) : "")) {
          unsafe_links.push_back(n);
        }
        break;
      case CMARK_NODE_IMAGE: {
        const std::string url = cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
        cmark_node* parent = cmark_node_parent(n);
        const bool alone = cmark_node_get_type(parent) == CMARK_NODE_PARAGRAPH &&
                           cmark_node_first_child(parent) == n && cmark_node_next(n) == nullptr;
        const bool safe =
            url.rfind("media:", 0) == 0 || (is_safe_url(url) && url.rfind("data:", 0) != 0);
        if (!safe) {
          unsafe_images.push_back(n);
        } else if (alone) {
          figures.push_back(n);
        }
        break;
      }
      default:
        break;
    }
  }
  cmark_iter_free(iter);

  for (cmark_node* n : raw_blocks) {
    cmark_node* paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH);
    cmark_node_append_child(paragraph, text_node(trim(cmark_node_get_literal(n))));
    replace(n, paragraph);
  }
  for (cmark_node* n : raw_inlines) {
    replace(n, text_node(cmark_node_get_literal(n)));
  }
  for (cmark_node* n : unsafe_links) {
    unwrap(n);
  }
  // Innermost first: an image in another's alt text ("![![a](javascript:)](javascript:)") is
  // freed with its parent, so it must be replaced before the parent is.
  for (auto n = unsafe_images.rbegin(); n != unsafe_images.rend(); ++n) {
    replace(*n, text_node(plain_text(*n)));
  }
  for (cmark_node* image : figures) {
    cmark_node* paragraph = cmark_node_parent(image);
    const std::string html = figure_html(image, options);
    if (html.empty()) {
      replace(paragraph, cmark_node_new(CMARK_NODE_PARAGRAPH));
      continue;
    }
    // Our own, escaped HTML: the only raw HTML that reaches the output. cmark takes it as a C
    // string, so a NUL from the library's texts would cut it inside an attribute: U+FFFD instead.
    std::string literal;
    for (const char c : html) {
      literal += c == '\0' ? std::string_view("\xEF\xBF\xBD") : std::string_view(&c, 1);
    }
    cmark_node* block = cmark_node_new(CMARK_NODE_HTML_BLOCK);
    cmark_node_set_literal(block, literal.c_str());
    replace(paragraph, block);
  }

  char* html = cmark_render_html(doc.get(), CMARK_OPT_UNSAFE, extensions);
  std::string out(html);
  std::free(html);
  cmark_parser_free(parser);
  return out;
}

Image image_of(const core::Media& m, std::string_view url_prefix) {
  Image img;
  const std::string prefix(url_prefix);
  img.src = prefix + m.path;
  img.width = m.width;
  img.height = m.height;
  img.alt = m.alt;
  img.caption = m.caption;
  img.credit = m.credit;
  bool has_own_width = false;
  for (const int w : m.variant_widths) {
    const std::string size = " " + std::to_string(w) + "w";
    img.webp_srcset += (img.webp_srcset.empty() ? "" : ", ") + prefix +
                       core::variant_path(m.path, w, "webp") + size;
    img.srcset += (img.srcset.empty() ? "" : ", ") + prefix + core::variant_path(m.path, w) + size;
    has_own_width = has_own_width || w == m.width;
  }
  if (!img.srcset.empty() && !has_own_width && m.width > 0) {
    img.srcset += ", " + img.src + " " + std::to_string(m.width) + "w";
  }
  return img;
}

}  // namespace tapchi::render
