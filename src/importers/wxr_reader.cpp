#include <array>
#include <cstdio>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <libxml/xmlreader.h>

#include "core/core.h"
#include "importers/wxr.h"

namespace tapchi::importers {

namespace {

constexpr std::string_view kWordPressUri = "http://wordpress.org/export/";
constexpr std::string_view kContentUri = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDublinCoreUri = "http://purl.org/dc/elements/1.1/";
constexpr int kPiece = 512;

// A repair made to the bytes before the parser saw them.
struct Repair {
  int line;
  std::string message;
};

// The file as the parser reads it: UTF-8 made valid (each bad byte becomes U+FFFD) and the
// control characters XML 1.0 forbids removed, each repair noted with its line.
class CleanInput {
 public:
  explicit CleanInput(std::FILE* file, std::int64_t size) : file_(file), size_(size) {}
  ~CleanInput() { std::fclose(file_); }
  CleanInput(const CleanInput&) = delete;
  CleanInput& operator=(const CleanInput&) = delete;

  int read(char* out, int room) {
    // Each byte read may become three (U+FFFD), so read a third of the room. Small pieces:
    // the parser gives up on the whole piece in which it meets a fatal error (a cut file), so
    // what lies before the cut is handed over only if it came in an earlier piece.
    const int piece = std::min(room / 3, kPiece);
    const std::size_t want = std::max(1, piece - static_cast<int>(carry_.size()));
    std::string raw = std::move(carry_);
    carry_.clear();
    const std::size_t old = raw.size();
    raw.resize(old + want);
    const std::size_t got = std::fread(raw.data() + old, 1, want, file_);
    raw.resize(old + got);
    done_ += static_cast<std::int64_t>(got);
    if (got > 0) {  // a sequence cut by the end of this piece waits for the next
      const std::size_t cut = incomplete_tail(raw);
      carry_ = raw.substr(raw.size() - cut);
      raw.resize(raw.size() - cut);
    }
    std::string clean;
    std::string_view rest = raw;
    while (!rest.empty()) {
      const std::size_t bad = std::min(core::first_invalid_utf8(rest), rest.size());
      for (const char c : rest.substr(0, bad)) {
        if (c == '\n') {
          ++line_;
        }
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\n' && c != '\r' && c != '\t') {
          note(fmt::format("control character U+{:04X} removed", u));
        } else {
          clean += c;
        }
      }
      if (bad < rest.size()) {
        note("a byte that is not UTF-8 replaced with U+FFFD");
        clean += "\xEF\xBF\xBD";
        rest.remove_prefix(bad + 1);
      } else {
        rest = {};
      }
    }
    std::memcpy(out, clean.data(), clean.size());
    return static_cast<int>(clean.size());
  }

  std::int64_t done() const { return done_; }
  std::int64_t size() const { return size_; }
  std::deque<Repair>& repairs() { return repairs_; }

 private:
  // How many bytes at the end of `s` start a multi-byte sequence that goes on past it.
  static std::size_t incomplete_tail(const std::string& s) {
    for (std::size_t back = 1; back <= std::min<std::size_t>(3, s.size()); ++back) {
      const auto c = static_cast<unsigned char>(s[s.size() - back]);
      if (c < 0x80) {
        return 0;
      }
      if (c >= 0xC0) {
        const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        return length > back ? back : 0;
      }
    }
    return 0;
  }

  void note(std::string message) {
    if (!repairs_.empty() && repairs_.back().line == line_ && repairs_.back().message == message) {
      return;  // one note per kind and line
    }
    repairs_.push_back({line_, std::move(message)});
  }

  std::FILE* file_;
  std::int64_t size_;
  std::int64_t done_ = 0;
  int line_ = 1;
  std::string carry_;
  std::deque<Repair> repairs_;
};

int read_callback(void* context, char* buffer, int length) {
  return static_cast<CleanInput*>(context)->read(buffer, length);
}

int close_callback(void* /*context*/) { return 0; }

struct ParseErrors {
  std::vector<std::pair<int, std::string>> list;
};

void on_error(void* context, xmlErrorPtr error) {
  if (error == nullptr || error->level < XML_ERR_ERROR) {
    return;
  }
  std::string message = error->message != nullptr ? error->message : "unreadable XML";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  static_cast<ParseErrors*>(context)->list.emplace_back(error->line, std::move(message));
}

std::string_view text_of(const xmlChar* s) {
  return s == nullptr ? std::string_view() : reinterpret_cast<const char*>(s);
}

std::string content(xmlNodePtr n) {
  xmlChar* text = xmlNodeGetContent(n);
  std::string out(text_of(text));
  xmlFree(text);
  return out;
}

std::string attribute(xmlNodePtr n, const char* name) {
  xmlChar* value = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string out(text_of(value));
  xmlFree(value);
  return out;
}

enum class Space { kNone, kWordPress, kExcerpt, kContent, kDublinCore, kOther };

Space space_of(xmlNodePtr n) {
  if (n->ns == nullptr || n->ns->href == nullptr) {
    return Space::kNone;
  }
  const std::string_view href = text_of(n->ns->href);
  if (href.starts_with(kWordPressUri)) {
    return href.find("/excerpt/") != std::string_view::npos ? Space::kExcerpt : Space::kWordPress;
  }
  if (href == kContentUri) {
    return Space::kContent;
  }
  return href == kDublinCoreUri ? Space::kDublinCore : Space::kOther;
}

std::string_view name_of(xmlNodePtr n) { return text_of(n->name); }

template <typename Fn>
void for_elements(xmlNodePtr parent, Fn fn) {
  for (xmlNodePtr c = parent->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) {
      fn(c, space_of(c), name_of(c));
    }
  }
}

// The fields of T that elements of the WordPress namespace fill, by element name.
template <typename T, std::size_t N>
using Fields = std::array<std::pair<std::string_view, std::string T::*>, N>;

constexpr Fields<WxrComment, 9> kCommentFields{{{"comment_id", &WxrComment::id},
                                                {"comment_author", &WxrComment::author},
                                                {"comment_author_email", &WxrComment::email},
                                                {"comment_author_url", &WxrComment::url},
                                                {"comment_date_gmt", &WxrComment::date_gmt},
                                                {"comment_content", &WxrComment::content},
                                                {"comment_approved", &WxrComment::approved},
                                                {"comment_type", &WxrComment::type},
                                                {"comment_parent", &WxrComment::parent}}};
constexpr Fields<WxrItem, 11> kItemFields{{{"post_id", &WxrItem::post_id},
                                           {"post_date", &WxrItem::post_date},
                                           {"post_date_gmt", &WxrItem::post_date_gmt},
                                           {"post_modified_gmt", &WxrItem::modified_gmt},
                                           {"comment_status", &WxrItem::comment_status},
                                           {"post_name", &WxrItem::post_name},
                                           {"status", &WxrItem::status},
                                           {"post_parent", &WxrItem::post_parent},
                                           {"post_type", &WxrItem::post_type},
                                           {"is_sticky", &WxrItem::is_sticky},
                                           {"attachment_url", &WxrItem::attachment_url}}};
constexpr Fields<WxrAuthor, 5> kAuthorFields{{{"author_login", &WxrAuthor::login},
                                              {"author_email", &WxrAuthor::email},
                                              {"author_display_name", &WxrAuthor::display_name},
                                              {"author_first_name", &WxrAuthor::first_name},
                                              {"author_last_name", &WxrAuthor::last_name}}};

// Sets the field of `into` that element `e` (named `name`) holds; false when it holds none.
template <typename T, std::size_t N>
bool set_field(T& into, const Fields<T, N>& fields, std::string_view name, xmlNodePtr e) {
  for (const auto& [field, member] : fields) {
    if (field == name) {
      into.*member = content(e);
      return true;
    }
  }
  return false;
}

WxrComment comment_of(xmlNodePtr node) {
  WxrComment c;
  c.line = static_cast<int>(xmlGetLineNo(node));
  for_elements(node, [&](xmlNodePtr e, Space space, std::string_view name) {
    if (space != Space::kWordPress) {
      return;
    }
    set_field(c, kCommentFields, name, e);
  });
  return c;
}

WxrItem item_of(xmlNodePtr node, int line) {
  WxrItem item;
  item.line = line;
  for_elements(node, [&](xmlNodePtr e, Space space, std::string_view name) {
    if (space == Space::kNone) {
      if (name == "title") {
        item.title = content(e);
      } else if (name == "link") {
        item.link = content(e);
      } else if (name == "guid") {
        item.guid = content(e);
      } else if (name == "category") {
        item.terms.push_back({attribute(e, "domain"), attribute(e, "nicename"), content(e)});
      }
    } else if (space == Space::kContent && name == "encoded") {
      item.content = content(e);
    } else if (space == Space::kExcerpt && name == "encoded") {
      item.excerpt = content(e);
    } else if (space == Space::kDublinCore && name == "creator") {
      item.creator = content(e);
    } else if (space == Space::kWordPress) {
      if (set_field(item, kItemFields, name, e)) {
        return;
      }
      if (name == "postmeta") {
        std::string key, value;
        for_elements(e, [&](xmlNodePtr m, Space s, std::string_view n) {
          if (s == Space::kWordPress && n == "meta_key") {
            key = content(m);
          } else if (s == Space::kWordPress && n == "meta_value") {
            value = content(m);
          }
        });
        item.meta[key] = value;
      } else if (name == "comment") {
        item.comments.push_back(comment_of(e));
      }
    }
  });
  return item;
}

WxrAuthor author_of(xmlNodePtr node) {
  WxrAuthor a;
  for_elements(node, [&](xmlNodePtr e, Space space, std::string_view name) {
    if (space != Space::kWordPress) {
      return;
    }
    set_field(a, kAuthorFields, name, e);
  });
  return a;
}

WxrTerm term_of(xmlNodePtr node, std::string_view kind) {
  WxrTerm t;
  t.taxonomy = kind == "category" ? "category" : kind == "tag" ? "post_tag" : "";
  for_elements(node, [&](xmlNodePtr e, Space space, std::string_view name) {
    if (space != Space::kWordPress) {
      return;
    }
    if (name == "term_id") {
      t.id = content(e);
    } else if (name == "category_nicename" || name == "tag_slug" || name == "term_slug") {
      t.slug = content(e);
    } else if (name == "category_parent" || name == "term_parent") {
      t.parent = content(e);
    } else if (name == "cat_name" || name == "tag_name" || name == "term_name") {
      t.name = content(e);
    } else if (name == "term_taxonomy") {
      t.taxonomy = content(e);
    }
  });
  return t;
}

struct ReaderFree {
  void operator()(xmlTextReaderPtr r) const { xmlFreeTextReader(r); }
};

}  // namespace

core::Result<void> read_wxr(const std::filesystem::path& file, WxrHandler& handler) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (f == nullptr) {
    return core::fail(core::not_found("cannot read the file", file.string()));
  }
  std::error_code ec;
  const auto size = static_cast<std::int64_t>(std::filesystem::file_size(file, ec));
  CleanInput input(f, ec ? 0 : size);
  ParseErrors errors;
  // No entity substitution, no DTD, no network: the file is data, never instructions.
  std::unique_ptr<xmlTextReader, ReaderFree> reader(xmlReaderForIO(
      read_callback, close_callback, &input, nullptr, "UTF-8",
      XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES));
  if (!reader) {
    return core::fail(core::internal("cannot start reading", file.string()));
  }
  xmlTextReaderSetStructuredErrorHandler(reader.get(), on_error, &errors);

  WxrChannel channel;
  bool is_rss = false;
  bool is_announced = false;       // channel() called: the file is an export
  std::optional<WxrItem> pending;  // the last item, held until the next one shows its line
  const auto hand_over = [&](int next_line) {
    if (!pending) {
      return;
    }
    while (!input.repairs().empty() && input.repairs().front().line < next_line) {
      const Repair& r = input.repairs().front();
      pending->repairs.push_back(fmt::format("line {}: {}", r.line, r.message));
      input.repairs().pop_front();
    }
    handler.item(*pending);
    pending.reset();
  };
  const auto announce = [&]() -> core::Result<void> {
    if (is_announced) {
      return {};
    }
    if (!is_rss || channel.version.empty()) {
      return core::fail(core::invalid(
          "not a WordPress export (WXR): no <rss> with a wp:wxr_version in its channel",
          file.string()));
    }
    is_announced = true;
    handler.channel(channel);
    return {};
  };

  int rc = xmlTextReaderRead(reader.get());
  while (rc == 1) {
    if (xmlTextReaderNodeType(reader.get()) != XML_READER_TYPE_ELEMENT) {
      rc = xmlTextReaderRead(reader.get());
      continue;
    }
    const int depth = xmlTextReaderDepth(reader.get());
    const std::string_view local = text_of(xmlTextReaderConstLocalName(reader.get()));
    if (depth == 0) {
      is_rss = local == "rss";
      if (!is_rss) {
        break;
      }
    }
    if (depth != 2) {
      rc = xmlTextReaderRead(reader.get());
      continue;
    }
    xmlNodePtr node = xmlTextReaderExpand(reader.get());
    if (node == nullptr) {
      rc = -1;  // the parser's error says why
      break;
    }
    const int line = static_cast<int>(xmlGetLineNo(node));
    const Space space = space_of(node);
    if (space == Space::kNone && local == "item") {
      if (auto ok = announce(); !ok) {
        return core::fail(ok.error());
      }
      hand_over(line);
      pending = item_of(node, line);
    } else if (space == Space::kWordPress && local == "wxr_version") {
      channel.version = content(node);
    } else if (space == Space::kWordPress && local == "base_site_url") {
      channel.base_site_url = content(node);
    } else if (space == Space::kWordPress && local == "base_blog_url") {
      channel.base_blog_url = content(node);
    } else if (space == Space::kNone &&
               (local == "title" || local == "link" || local == "language")) {
      (local == "title"  ? channel.title
       : local == "link" ? channel.link
                         : channel.language) = content(node);
    } else if (space == Space::kWordPress && local == "author") {
      if (auto ok = announce(); !ok) {
        return core::fail(ok.error());
      }
      handler.author(author_of(node));
    } else if (space == Space::kWordPress &&
               (local == "category" || local == "tag" || local == "term")) {
      if (auto ok = announce(); !ok) {
        return core::fail(ok.error());
      }
      handler.term(term_of(node, local));
    }
    handler.progress(input.done(), input.size());
    rc = xmlTextReaderNext(reader.get());
  }
  if (!is_announced) {
    if (auto ok = announce(); !ok) {
      // A file that is not XML at all says so in the parser's words.
      if (!errors.list.empty() && !is_rss) {
        return core::fail(
            core::invalid(fmt::format("not a WordPress export (WXR): line {}: {}",
                                      errors.list.front().first, errors.list.front().second),
                          file.string()));
      }
      return core::fail(ok.error());
    }
  }
  hand_over(std::numeric_limits<int>::max());
  for (const Repair& r : input.repairs()) {
    handler.problem(r.line, r.message);
  }
  if (rc < 0) {
    const auto& [line, message] =
        errors.list.empty() ? std::pair<int, std::string>{0, "unreadable XML"} : errors.list.back();
    handler.problem(
        line, "the reading stopped here: " + message + " (everything before this line was read)");
  } else {
    for (const auto& [line, message] : errors.list) {
      handler.problem(line, message);
    }
  }
  handler.progress(input.size(), input.size());
  return {};
}

}  // namespace tapchi::importers
