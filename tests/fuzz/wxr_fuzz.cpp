// A WordPress export as the importer reads it: any bytes, written to a file and streamed
// through libxml2's reader with the importer's byte repairs.
// Properties: reading never fails but with "not a WordPress export" or a missing file, and every
// text handed over (channel, authors, terms, items, comments) is valid UTF-8.
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "core/core.h"
#include "fuzz_check.h"
#include "importers/wxr.h"

namespace {

using tapchi::fuzz::expect;

void check(const std::string& text, std::string_view what) {
  expect(tapchi::core::is_valid_utf8(text), std::string(what) + " is not valid UTF-8", text);
}

struct Checker : tapchi::importers::WxrHandler {
  void channel(const tapchi::importers::WxrChannel& c) override {
    for (const std::string* s : {&c.title, &c.link, &c.language, &c.base_site_url, &c.version}) {
      check(*s, "a channel field");
    }
  }
  void author(const tapchi::importers::WxrAuthor& a) override {
    check(a.login, "an author's login");
    check(a.display_name, "an author's name");
  }
  void term(const tapchi::importers::WxrTerm& t) override {
    check(t.slug, "a term's slug");
    check(t.name, "a term's name");
  }
  void item(tapchi::importers::WxrItem& i) override {
    for (const std::string* s : {&i.title, &i.content, &i.excerpt, &i.post_id, &i.post_name,
                                 &i.post_date_gmt, &i.status, &i.post_type, &i.creator}) {
      check(*s, "an item field");
    }
    for (const auto& [key, value] : i.meta) {
      check(key, "a meta key");
      check(value, "a meta value");
    }
    for (const auto& c : i.comments) {
      check(c.author, "a comment's author");
      check(c.content, "a comment's text");
    }
  }
  void problem(int /*line*/, const std::string& message) override {
    check(message, "a problem's message");
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("tapchi-fuzz-wxr-" + std::to_string(::getpid()));
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  Checker checker;
  const auto read = tapchi::importers::read_wxr(file, checker);
  expect(
      read.has_value() || read.error().message.find("not a WordPress export") != std::string::npos,
      "an unexpected refusal: " + (read ? std::string() : read.error().describe()));
  return 0;
}
