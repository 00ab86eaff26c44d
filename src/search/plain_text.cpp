#include <memory>
#include <string>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "search/search.h"

namespace tapchi::search {

namespace {

bool is_block(cmark_node_type type) {
  return (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}

}  // namespace

std::string plain_text(std::string_view markdown) {
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
  cmark_gfm_core_extensions_ensure_registered();
  for (const char* name : {"table", "strikethrough"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser, ext);
    }
  }
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> doc(cmark_parser_finish(parser),
                                                              &cmark_node_free);
  cmark_parser_free(parser);
  std::string out;
  out.reserve(markdown.size());
  const auto separate = [&](char c) {
    if (!out.empty() && out.back() != '\n' && out.back() != ' ') {
      out += c;
    }
  };
  cmark_iter* iter = cmark_iter_new(doc.get());
  for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter)) {
    cmark_node* n = cmark_iter_get_node(iter);
    const cmark_node_type type = cmark_node_get_type(n);
    if (ev == CMARK_EVENT_EXIT) {
      if (is_block(type)) {
        separate('\n');
      }
      continue;
    }
    switch (type) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE: {
        const char* literal = cmark_node_get_literal(n);
        out += literal != nullptr ? literal : "";
        break;
      }
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        separate(' ');
        break;
      case CMARK_NODE_CODE_BLOCK:
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_HTML_INLINE:
        break;  // code and raw HTML are not the article's prose
      default:
        break;
    }
  }
  cmark_iter_free(iter);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
    out.pop_back();
  }
  return out;
}

}  // namespace tapchi::search
