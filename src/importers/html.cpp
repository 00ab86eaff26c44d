#include "importers/html.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <gumbo.h>

#include "core/core.h"

namespace tapchi::importers {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

// Text with each run of whitespace made one space, as HTML shows it.
std::string collapsed(std::string_view text) {
  std::string out;
  bool in_space = false;
  for (const char c : text) {
    if (is_space(c)) {
      in_space = true;
      continue;
    }
    if (in_space) {
      out += ' ';
      in_space = false;
    }
    out += c;
  }
  if (in_space) {
    out += ' ';
  }
  return out;
}

// Text escaped so that Markdown reads it back as the same text and never as markup.
std::string escaped(std::string_view text) {
  static constexpr std::string_view kSpecial = "\\`*_[]<>~|&#!";
  std::string out;
  for (const char c : text) {
    if (kSpecial.find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// A link or image address written in Markdown: the characters that would end it or read as an
// escape are percent-encoded.
std::string destination(std::string_view url) {
  std::string out;
  for (const char c : url) {
    switch (c) {
      case ' ':
        out += "%20";
        break;
      case '(':
        out += "%28";
        break;
      case ')':
        out += "%29";
        break;
      case '<':
        out += "%3C";
        break;
      case '>':
        out += "%3E";
        break;
      case '\\':
        out += "%5C";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The longest run of backticks in `text`: a code fence must be longer.
std::size_t longest_backtick_run(std::string_view text) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// A code span of `text` with a fence of backticks longer than any run inside it.
std::string code_span(std::string_view text) {
  const std::string fence(longest_backtick_run(text) + 1, '`');
  const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + std::string(text) + (pad ? " " : "") + fence;
}

// gumbo decodes a numeric reference past U+10FFFF (&#xDDDDDDDDDD;) into one byte that is no
// UTF-8: what it hands over is repaired (that byte becomes U+FFFD, as HTML itself says) first.
std::optional<std::string> attribute(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  if (a == nullptr) {
    return std::nullopt;
  }
  return core::repair_utf8(a->value);
}

std::string text_of(const GumboNode* n) { return core::repair_utf8(n->v.text.text); }

std::string tag_name(const GumboNode* n) {
  if (n->v.element.tag != GUMBO_TAG_UNKNOWN) {
    return gumbo_normalized_tagname(n->v.element.tag);
  }
  GumboStringPiece piece = n->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  std::string name(piece.data, piece.length);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

bool is_element(const GumboNode* n, GumboTag tag) {
  return n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == tag;
}

template <typename Fn>
void for_children(const GumboNode* n, Fn fn) {
  const GumboVector& children = n->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    fn(static_cast<const GumboNode*>(children.data[i]));
  }
}

// The element's text as it stands in the source, for code.
std::string raw_text(const GumboNode* n) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
      n->type == GUMBO_NODE_CDATA) {
    return text_of(n);
  }
  if (n->type != GUMBO_NODE_ELEMENT) {
    return {};
  }
  if (is_element(n, GUMBO_TAG_BR)) {
    return "\n";
  }
  std::string text;
  for_children(n, [&](const GumboNode* c) { text += raw_text(c); });
  return text;
}

enum class Kind { kBlock, kInline, kDropped, kMedia };

Kind kind_of(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_BODY:
      return Kind::kBlock;
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_OBJECT:
      return Kind::kMedia;
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_META:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_AREA:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_OUTPUT:
    case GUMBO_TAG_PROGRESS:
    case GUMBO_TAG_METER:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_MENUITEM:
      return Kind::kDropped;
    default:
      return Kind::kInline;
  }
}

Kind kind_of(const GumboNode* n) {
  if (n->type == GUMBO_NODE_TEMPLATE) {
    return Kind::kDropped;
  }
  if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) {
    return Kind::kDropped;  // SVG and MathML, whatever their tags are called
  }
  return n->type == GUMBO_NODE_ELEMENT ? kind_of(n->v.element.tag) : Kind::kInline;
}

// A line of a paragraph that would read as a list item, a heading underline or a break is
// escaped at its start.
std::string guard_line_start(std::string line) {
  if (line.empty()) {
    return line;
  }
  if (line[0] == '-' || line[0] == '+' || line[0] == '=') {
    return "\\" + line;
  }
  std::size_t digits = 0;
  while (digits < line.size() && digits < 10 &&
         std::isdigit(static_cast<unsigned char>(line[digits]))) {
    ++digits;
  }
  if (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')')) {
    line.insert(digits, "\\");
  }
  return line;
}

// Inline Markdown with '\n' for each <br>, made into a paragraph: spaces collapsed, lines
// trimmed, breaks written as hard breaks.
std::string paragraph(std::string_view raw) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= raw.size()) {
    const std::size_t end = std::min(raw.find('\n', start), raw.size());
    std::string line(trimmed(collapsed(raw.substr(start, end - start))));
    if (!line.empty()) {
      lines.push_back(guard_line_start(std::move(line)));
    }
    start = end + 1;
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += (i == 0 ? "" : "\\\n") + lines[i];
  }
  return out;
}

// `text`'s lines each after `first` (the first line) or `rest`.
std::string prefixed(std::string_view text, std::string_view first, std::string_view rest) {
  std::string out;
  std::size_t start = 0;
  bool is_first = true;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    std::string_view prefix = is_first ? first : rest;
    if (line.empty() && !is_first) {
      prefix = trimmed(prefix);  // no trailing spaces on blank lines
    }
    out += std::string(prefix) + std::string(line);
    if (end < text.size()) {
      out += '\n';
    }
    is_first = false;
    start = end + 1;
  }
  return out;
}

std::string joined(const std::vector<std::string>& blocks, std::string_view between = "\n\n") {
  std::string out;
  for (const std::string& b : blocks) {
    out += (out.empty() ? "" : std::string(between)) + b;
  }
  return out;
}

class Converter {
 public:
  explicit Converter(const ImageTarget& image_target) : image_target_(image_target) {}

  std::vector<std::string> blocks(const GumboNode* parent) {
    std::vector<std::string> out;
    std::string inline_run;
    const auto flush = [&] {
      if (std::string p = paragraph(inline_run); !p.empty()) {
        out.push_back(std::move(p));
      }
      inline_run.clear();
    };
    for_children(parent, [&](const GumboNode* child) {
      switch (kind_of(child)) {
        case Kind::kBlock:
          flush();
          block(child, out);
          break;
        case Kind::kMedia:
          if (std::string link = media_link(child); !link.empty()) {
            flush();
            out.push_back(std::move(link));
          }
          break;
        case Kind::kDropped:
          drop(child);
          break;
        case Kind::kInline:
          inline_run += inline_node(child);
          break;
      }
    });
    flush();
    return out;
  }

  // Counts `n` among the elements dropped with their content.
  void drop(const GumboNode* n) {
    if (n->type == GUMBO_NODE_ELEMENT) {
      ++dropped_[tag_name(n)];
    }
  }

  std::vector<std::string> notes() const {
    std::vector<std::string> out = notes_;
    for (const auto& [tag, n] : dropped_) {
      out.push_back(fmt::format("dropped {} <{}> element{} and {} content", n, tag,
                                n == 1 ? "" : "s", n == 1 ? "its" : "their"));
    }
    return out;
  }

 private:
  void block(const GumboNode* n, std::vector<std::string>& out) {
    switch (n->v.element.tag) {
      case GUMBO_TAG_H1:
      case GUMBO_TAG_H2:
      case GUMBO_TAG_H3:
      case GUMBO_TAG_H4:
      case GUMBO_TAG_H5:
      case GUMBO_TAG_H6: {
        // The page's title is its one h1: a heading of the text starts at h2.
        const int level = std::max(2, n->v.element.tag - GUMBO_TAG_H1 + 1);
        std::string text = inline_children(n);
        std::replace(text.begin(), text.end(), '\n', ' ');
        if (std::string line = paragraph(text); !line.empty()) {
          out.push_back(std::string(static_cast<std::size_t>(level), '#') + " " + line);
        }
        return;
      }
      case GUMBO_TAG_UL:
      case GUMBO_TAG_OL:
        if (std::string l = list(n); !l.empty()) {
          out.push_back(std::move(l));
        }
        return;
      case GUMBO_TAG_BLOCKQUOTE:
        if (std::string inner = joined(blocks(n)); !inner.empty()) {
          out.push_back(prefixed(inner, "> ", "> "));
        }
        return;
      case GUMBO_TAG_PRE: {
        std::string code = raw_text(n);
        if (!code.empty() && code.front() == '\n') {
          code.erase(0, 1);
        }
        while (!code.empty() && code.back() == '\n') {
          code.pop_back();
        }
        const std::string fence(std::max<std::size_t>(2, longest_backtick_run(code)) + 1, '`');
        out.push_back(fence + "\n" + code + "\n" + fence);
        return;
      }
      case GUMBO_TAG_HR:
        out.emplace_back("* * *");
        return;
      case GUMBO_TAG_TABLE:
        if (std::string t = table(n); !t.empty()) {
          out.push_back(std::move(t));
        }
        return;
      case GUMBO_TAG_FIGURE:
        figure(n, out);
        return;
      default: {
        std::vector<std::string> inner = blocks(n);
        out.insert(out.end(), inner.begin(), inner.end());
      }
    }
  }

  std::string list(const GumboNode* n) {
    const bool ordered = is_element(n, GUMBO_TAG_OL);
    int number = 1;
    if (const auto start = ordered ? attribute(n, "start") : std::nullopt) {
      number = std::clamp(std::atoi(start->c_str()), 0, 999'999'999);
    }
    std::vector<std::string> items;
    for_children(n, [&](const GumboNode* child) {
      if (child->type != GUMBO_NODE_ELEMENT) {
        return;
      }
      if (kind_of(child) == Kind::kDropped) {
        drop(child);
        return;
      }
      // An item's blocks: a nested list follows its text directly, other blocks after a gap.
      std::vector<std::string> parts =
          is_element(child, GUMBO_TAG_LI) ? blocks(child) : std::vector<std::string>{};
      if (!is_element(child, GUMBO_TAG_LI)) {
        block(child, parts);
      }
      std::string body;
      for (const std::string& p : parts) {
        // Paragraphs' own "-" and "1." are escaped, so an unescaped one starts a list.
        const std::size_t digits = p.find_first_not_of("0123456789");
        const bool is_list = p.starts_with("- ") || (digits > 0 && digits != std::string::npos &&
                                                     p.compare(digits, 2, ". ") == 0);
        body += body.empty() ? p : (is_list ? "\n" : "\n\n") + p;
      }
      const std::string marker = ordered ? fmt::format("{}. ", number++) : "- ";
      items.push_back(prefixed(body, marker, std::string(marker.size(), ' ')));
    });
    return joined(items, "\n");
  }

  std::string table(const GumboNode* n) {
    std::vector<std::vector<std::string>> rows;
    const std::function<void(const GumboNode*)> collect = [&](const GumboNode* node) {
      for_children(node, [&](const GumboNode* child) {
        if (is_element(child, GUMBO_TAG_TR)) {
          std::vector<std::string> cells;
          for_children(child, [&](const GumboNode* cell) {
            if (is_element(cell, GUMBO_TAG_TD) || is_element(cell, GUMBO_TAG_TH)) {
              std::string text = inline_children(cell);
              std::replace(text.begin(), text.end(), '\n', ' ');
              cells.push_back(paragraph(text));
            }
          });
          rows.push_back(std::move(cells));
        } else if (is_element(child, GUMBO_TAG_THEAD) || is_element(child, GUMBO_TAG_TBODY) ||
                   is_element(child, GUMBO_TAG_TFOOT)) {
          collect(child);
        }
      });
    };
    collect(n);
    std::size_t columns = 0;
    for (const auto& r : rows) {
      columns = std::max(columns, r.size());
    }
    if (columns == 0) {
      return {};
    }
    std::string out;
    const auto row_line = [&](const std::vector<std::string>& cells) {
      std::string line = "|";
      for (std::size_t i = 0; i < columns; ++i) {
        line += " " + (i < cells.size() ? cells[i] : std::string()) + " |";
      }
      return line;
    };
    out += row_line(rows[0]) + "\n|";
    for (std::size_t i = 0; i < columns; ++i) {
      out += " --- |";
    }
    for (std::size_t r = 1; r < rows.size(); ++r) {
      out += "\n" + row_line(rows[r]);
    }
    return out;
  }

  // A figure of images with a caption; a figure of anything else (an embed, a quote) is its
  // contents.
  void figure(const GumboNode* n, std::vector<std::string>& out) {
    std::vector<const GumboNode*> images;
    const GumboNode* caption = nullptr;
    bool nested = false;
    const std::function<void(const GumboNode*)> look = [&](const GumboNode* node) {
      for_children(node, [&](const GumboNode* child) {
        if (child->type != GUMBO_NODE_ELEMENT) {
          return;
        }
        if (is_element(child, GUMBO_TAG_FIGURE)) {
          nested = true;
        } else if (is_element(child, GUMBO_TAG_FIGCAPTION)) {
          caption = caption != nullptr ? caption : child;
        } else if (is_element(child, GUMBO_TAG_IMG)) {
          images.push_back(child);
        } else if (kind_of(child) != Kind::kDropped) {
          look(child);
        }
      });
    };
    look(n);
    if (nested || images.empty()) {
      std::vector<std::string> inner = blocks(n);
      out.insert(out.end(), inner.begin(), inner.end());
      return;
    }
    // The caption is a plain text in our figures (the image's title).
    const std::string text =
        caption != nullptr ? std::string(trimmed(collapsed(raw_text(caption)))) : std::string();
    for (const GumboNode* img : images) {
      if (std::string i = image(img, text); !i.empty()) {
        out.push_back(std::move(i));
      }
    }
  }

  // An embedded player or frame: a link to what it shows, when that is a web address.
  std::string media_link(const GumboNode* n) {
    auto src = attribute(n, "src");
    if (!src) {
      src = attribute(n, "data");
    }
    if (!src) {
      for_children(n, [&](const GumboNode* c) {
        if (!src && is_element(c, GUMBO_TAG_SOURCE)) {
          src = attribute(c, "src");
        }
      });
    }
    const std::string url = src ? safe_url(*src) : std::string();
    if (!url.starts_with("http://") && !url.starts_with("https://")) {
      drop(n);
      return {};
    }
    notes_.push_back(fmt::format("an <{}> became a link to {}", tag_name(n), url));
    return "[" + escaped(url) + "](" + destination(url) + ")";
  }

  std::string image(const GumboNode* n, std::string_view caption) {
    const auto src = attribute(n, "src");
    if (!src) {
      return {};
    }
    const std::string url = safe_url(*src);
    const std::string target = url.empty() ? std::string() : image_target_(url);
    if (target.empty()) {
      if (url.empty()) {
        notes_.push_back("dropped an image whose address is not safe");
      }
      return {};
    }
    std::string alt = collapsed(attribute(n, "alt").value_or(""));
    std::string title;
    for (const char c : std::string(trimmed(caption))) {
      if (c == '"' || c == '\\') {
        title += '\\';
      }
      title += c;
    }
    return "![" + escaped(trimmed(alt)) + "](" + destination(target) +
           (title.empty() ? "" : " \"" + title + "\"") + ")";
  }

  std::string inline_children(const GumboNode* n) {
    std::string out;
    for_children(n, [&](const GumboNode* c) {
      switch (kind_of(c)) {
        case Kind::kDropped:
          drop(c);
          break;
        case Kind::kMedia:
          out += " " + media_link(c) + " ";
          break;
        case Kind::kBlock:
          out += " " + inline_children(c) + " ";
          break;
        case Kind::kInline:
          out += inline_node(c);
      }
    });
    return out;
  }

  // `inner` between `mark`s, its outer spaces moved outside them.
  static std::string wrap(std::string_view inner, std::string_view mark) {
    const std::string_view core = trimmed(inner);
    if (core.empty()) {
      return std::string(inner);
    }
    const auto before = static_cast<std::size_t>(core.data() - inner.data());
    const bool after = before + core.size() < inner.size();
    return std::string(before == 0 ? "" : " ") + std::string(mark) + std::string(core) +
           std::string(mark) + (after ? " " : "");
  }

  std::string inline_node(const GumboNode* n) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
      return escaped(collapsed(text_of(n)));
    }
    if (n->type != GUMBO_NODE_ELEMENT) {
      return {};  // comments
    }
    switch (n->v.element.tag) {
      case GUMBO_TAG_BR:
        return "\n";
      case GUMBO_TAG_IMG:
        return image(n, "");
      case GUMBO_TAG_A: {
        const std::string text = inline_children(n);
        const std::string_view core = trimmed(text);
        const auto href = attribute(n, "href");
        const std::string url = href ? safe_url(*href) : std::string();
        // A photo in a link to itself (WordPress links images to their files) is the photo.
        if (url.empty() || core.empty() || core.starts_with("![")) {
          return text;
        }
        return (text.front() == ' ' ? " [" : "[") + std::string(core) + "](" + destination(url) +
               ")" + (text.back() == ' ' ? " " : "");
      }
      case GUMBO_TAG_STRONG:
      case GUMBO_TAG_B:
        return wrap(inline_children(n), "**");
      case GUMBO_TAG_EM:
      case GUMBO_TAG_I:
      case GUMBO_TAG_CITE:
      case GUMBO_TAG_DFN:
      case GUMBO_TAG_VAR:
        return wrap(inline_children(n), "*");
      case GUMBO_TAG_DEL:
      case GUMBO_TAG_S:
      case GUMBO_TAG_STRIKE:
        return wrap(inline_children(n), "~~");
      case GUMBO_TAG_CODE:
      case GUMBO_TAG_KBD:
      case GUMBO_TAG_SAMP:
      case GUMBO_TAG_TT: {
        const std::string text = collapsed(raw_text(n));
        return trimmed(text).empty() ? text : code_span(text);
      }
      default:
        return inline_children(n);
    }
  }

  const ImageTarget& image_target_;
  std::vector<std::string> notes_;
  std::map<std::string, int> dropped_;
};

// The text under `n` with '\n' for line breaks and "\n\n" between blocks.
void text_into(const GumboNode* n, std::string& out) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
      n->type == GUMBO_NODE_CDATA) {
    out += collapsed(text_of(n));
    return;
  }
  if (n->type != GUMBO_NODE_ELEMENT) {
    return;
  }
  const Kind kind = kind_of(n);
  if (kind == Kind::kDropped || kind == Kind::kMedia) {
    return;
  }
  if (is_element(n, GUMBO_TAG_BR)) {
    out += '\n';
    return;
  }
  if (kind == Kind::kBlock) {
    out += "\n\n";
  }
  for_children(n, [&](const GumboNode* c) { text_into(c, out); });
  if (kind == Kind::kBlock) {
    out += "\n\n";
  }
}

}  // namespace

std::string html_to_text(std::string_view html, bool keep_lines) {
  GumboOutput* doc = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string raw;
  for_children(doc->root, [&](const GumboNode* n) {
    if (is_element(n, GUMBO_TAG_BODY)) {
      text_into(n, raw);
    }
  });
  gumbo_destroy_output(&kGumboDefaultOptions, doc);
  // Lines trimmed; runs of blank lines made one.
  std::string out;
  int newlines = 0;
  std::size_t start = 0;
  while (start <= raw.size()) {
    const std::size_t end = std::min(raw.find('\n', start), raw.size());
    const std::string line(trimmed(collapsed(raw.substr(start, end - start))));
    if (line.empty()) {
      ++newlines;
    } else {
      if (!out.empty()) {
        out += !keep_lines ? " " : newlines > 1 ? "\n\n" : "\n";
      }
      out += line;
      newlines = 1;
    }
    start = end + 1;
  }
  return out;
}

std::string safe_url(std::string_view url) {
  std::string u;
  for (const char c : url) {
    if (c != '\t' && c != '\n' && c != '\r') {
      u += c;
    }
  }
  const auto is_edge = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!u.empty() && is_edge(u.back())) {
    u.pop_back();
  }
  const auto first = std::find_if_not(u.begin(), u.end(), is_edge);
  u.erase(u.begin(), first);
  if (u.empty() || std::any_of(u.begin(), u.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      })) {
    return {};
  }
  const std::size_t colon = u.find(':');
  const std::size_t path = u.find_first_of("/?#");
  if (colon != std::string::npos && (path == std::string::npos || colon < path)) {
    std::string scheme = u.substr(0, colon);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (scheme != "http" && scheme != "https" && scheme != "mailto" && scheme != "tel") {
      return {};
    }
  }
  return u;
}

Converted html_to_markdown(std::string_view html, const ImageTarget& image_target) {
  GumboOutput* doc = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  Converted result;
  const GumboNode* body = nullptr;
  for_children(doc->root, [&](const GumboNode* n) {
    if (is_element(n, GUMBO_TAG_BODY)) {
      body = n;
    }
  });
  Converter converter(image_target);
  if (body != nullptr) {
    result.markdown = joined(converter.blocks(body));
  }
  // Whatever the fragment put in a head (a stray <style> or <base> at its start) is dropped.
  for_children(doc->root, [&](const GumboNode* n) {
    if (is_element(n, GUMBO_TAG_HEAD)) {
      for_children(n, [&](const GumboNode* c) { converter.drop(c); });
    }
  });
  result.notes = converter.notes();
  gumbo_destroy_output(&kGumboDefaultOptions, doc);
  return result;
}

}  // namespace tapchi::importers
