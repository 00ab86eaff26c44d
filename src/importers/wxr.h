// Private to importers: a WordPress export (WXR 1.0 to 1.2) read as a stream with libxml2's
// reader, one top-level element at a time, so that memory follows the largest post and not
// the file. Bytes that are not UTF-8 and control characters XML forbids are replaced (or
// removed) before the parser sees them and reported with their line, so that one bad byte
// costs a warning instead of the rest of the file. External entities and the network are
// never touched.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/core.h"

namespace tapchi::importers {

struct WxrChannel {
  std::string title;
  std::string link;
  std::string language;
  std::string base_site_url;
  std::string base_blog_url;
  std::string version;  // wp:wxr_version
};

struct WxrAuthor {
  std::string login;
  std::string email;
  std::string display_name;
  std::string first_name;
  std::string last_name;
};

// A category, tag or other term declared at the top of the export.
struct WxrTerm {
  std::string taxonomy;  // "category", "post_tag", or a wp:term's own taxonomy
  std::string id;
  std::string slug;
  std::string parent;  // the parent's slug, for categories
  std::string name;
};

// A term an item carries (<category domain="…" nicename="…">name</category>).
struct WxrItemTerm {
  std::string domain;
  std::string slug;
  std::string name;
};

struct WxrComment {
  int line = 0;
  std::string id;
  std::string author;
  std::string email;
  std::string url;
  std::string date_gmt;  // "YYYY-MM-DD HH:MM:SS"
  std::string content;
  std::string approved;  // "1", "0", "spam", "trash"
  std::string type;      // "", "comment", "pingback", "trackback"
  std::string parent;    // "0" when none
};

struct WxrItem {
  int line = 0;  // where the <item> starts
  std::string title;
  std::string link;
  std::string creator;  // the author's login
  std::string guid;
  std::string content;
  std::string excerpt;
  std::string post_id;
  std::string post_date;  // the site's local time, "YYYY-MM-DD HH:MM:SS"
  std::string post_date_gmt;
  std::string modified_gmt;
  std::string comment_status;
  std::string post_name;
  std::string status;
  std::string post_parent;
  std::string post_type;
  std::string is_sticky;
  std::string attachment_url;
  std::vector<WxrItemTerm> terms;
  std::map<std::string, std::string> meta;  // wp:postmeta, the last value of each key
  std::vector<WxrComment> comments;
  // What was wrong in the item's bytes ("line 12: invalid UTF-8 replaced").
  std::vector<std::string> repairs;
};

// What the reader found, in the file's order. Each call happens before the reader goes on.
class WxrHandler {
 public:
  virtual ~WxrHandler() = default;
  virtual void channel(const WxrChannel&) {}
  virtual void author(const WxrAuthor&) {}
  virtual void term(const WxrTerm&) {}
  virtual void item(WxrItem&) {}
  // A problem outside any item, or one that ends the reading (with the line).
  virtual void problem(int /*line*/, const std::string& /*message*/) {}
  // How far the reading has come, in bytes of the file.
  virtual void progress(std::int64_t /*done*/, std::int64_t /*total*/) {}
};

// Reads `file`. Fails before any call but problem() when it is not a WordPress export. A file
// cut short or broken past repair ends the reading with a problem naming the line; what came
// before it has been handed over, and the result is then still a success.
core::Result<void> read_wxr(const std::filesystem::path& file, WxrHandler& handler);

}  // namespace tapchi::importers
