// A WordPress export is read twice. The first pass brings in the attachments (posts name
// their photos by attachment id and by address, and an attachment may come after the post
// that shows it) and notes the authors and terms; the second brings in the posts, each in one
// transaction with its comments. Items are known by (the export's site, their kind, their id
// there), so that a second run updates in place.
#include <algorithm>
#include <functional>
#include <optional>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "accounts/accounts.h"
#include "importers/common.h"
#include "importers/html.h"
#include "importers/importers.h"
#include "importers/wxr.h"

namespace tapchi::importers {

namespace {

constexpr std::string_view kUploads = "wp-content/uploads/";
// Where a gallery's photos point before they are resolved: a relative address no page has.
constexpr std::string_view kAttachmentRef = "/wp-attachment/";

std::optional<core::Instant> parse_gmt(std::string_view text) {
  if (text.size() != 19 || text.starts_with("0000")) {
    return std::nullopt;
  }
  auto at = core::parse_instant(fmt::format("{}T{}Z", text.substr(0, 10), text.substr(11)));
  return at ? std::optional<core::Instant>(*at) : std::nullopt;
}

// WordPress keeps non-ASCII slugs percent-encoded ("h%c3%a0-n%e1%bb%99i").
std::string url_decoded(std::string_view s) {
  const auto out = core::percent_decode(s, false);
  return out && core::is_valid_utf8(*out) ? *out : std::string(s);
}

// The uploads-relative path of an address under wp-content/uploads ("2019/08/a.jpg"), with
// WordPress's size suffix ("-300x200") and "-scaled" taken away, or under /media/ (a journal's
// own export, tapchi's addresses); empty for other addresses.
std::string upload_key(std::string_view url) {
  constexpr std::string_view kMedia = "/media/";
  std::size_t at = url.find(kUploads);
  std::size_t length = kUploads.size();
  if (at == std::string_view::npos) {
    at = url.find(kMedia);
    length = kMedia.size();
  }
  if (at == std::string_view::npos) {
    return {};
  }
  std::string path(url.substr(at + length));
  path = path.substr(0, path.find_first_of("?#"));
  static const std::regex sized(R"((-\d+x\d+|-scaled)(\.[A-Za-z0-9]+)$)");
  return std::regex_replace(path, sized, "$2");
}

// The path of an address on the old site ("https://old.example/2019/08/a/" → "/2019/08/a"),
// percent-decoded and without its trailing '/'; empty for another site's, or for an address
// by query (those are kept by id: "/?p=12").
std::string old_path(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return {};
  }
  const std::size_t slash = url.find('/', scheme + 3);
  std::string path = slash == std::string_view::npos ? "/" : url_decoded(url.substr(slash));
  if (path.find_first_of("?#") != std::string::npos) {
    return {};
  }
  while (path.size() > 1 && path.back() == '/') {
    path.pop_back();
  }
  return path == "/" ? std::string() : path;
}

struct Attachment {
  core::Id media_id = 0;
  std::string caption;
};

struct Category {
  std::string parent;
  std::string name;
};

// Shortcodes and the classic editor's bare paragraphs made into the HTML they stand for.
std::string wordpress_html(std::string content, const std::map<std::string, Attachment>& by_id,
                           std::set<std::string>& kept_shortcodes) {
  // [caption …]<a><img></a> Caption text[/caption] → a figure with its caption.
  static const std::regex caption(R"(\[caption[^\]]*\]([\s\S]*?)\[/caption\])");
  std::string out;
  auto begin = content.cbegin();
  for (std::sregex_iterator it(content.begin(), content.end(), caption), end; it != end; ++it) {
    out.append(begin, (*it)[0].first);
    const std::string inner = (*it)[1];
    std::size_t split = inner.find("</a>");
    split = split != std::string::npos ? split + 4 : inner.find('>', inner.find("<img"));
    split = split == std::string::npos ? inner.size() : split + (inner[split] == '>' ? 1 : 0);
    out += "<figure>" + inner.substr(0, split) + "<figcaption>" + inner.substr(split) +
           "</figcaption></figure>";
    begin = (*it)[0].second;
  }
  out.append(begin, content.cend());
  content = std::move(out);

  // [gallery ids="1,2"] → a figure per photo, captioned as in the library.
  static const std::regex gallery(R"(\[gallery[^\]]*?ids=["']?([0-9, ]+)["']?[^\]]*\])");
  out.clear();
  begin = content.cbegin();
  for (std::sregex_iterator it(content.begin(), content.end(), gallery), end; it != end; ++it) {
    out.append(begin, (*it)[0].first);
    std::string ids = (*it)[1];
    std::replace(ids.begin(), ids.end(), ',', ' ');
    std::istringstream list(ids);
    for (std::string id; list >> id;) {
      auto a = by_id.find(id);
      out += "<figure><img src=\"" + std::string(kAttachmentRef) + id + "\">" +
             (a != by_id.end() && !a->second.caption.empty()
                  ? "<figcaption>" + a->second.caption + "</figcaption>"
                  : "") +
             "</figure>\n\n";
    }
    begin = (*it)[0].second;
  }
  out.append(begin, content.cend());
  content = std::move(out);

  // [embed]URL[/embed], [video src="URL"], [audio mp3="URL"] → links.
  static const std::regex embed(R"(\[embed[^\]]*\]\s*([^\[\s]+)\s*\[/embed\])");
  content = std::regex_replace(content, embed, "<p><a href=\"$1\">$1</a></p>");
  static const std::regex player(
      R"(\[(video|audio)[^\]]*?=["'](https?://[^"']+)["'][^\]]*\](\[/(video|audio)\])?)");
  content = std::regex_replace(content, player, "<p><a href=\"$2\">$2</a></p>");

  static const std::regex other(R"(\[/?([a-z][a-z0-9_-]*)(\s[^\]]*)?\])");
  for (std::sregex_iterator it(content.begin(), content.end(), other), end; it != end; ++it) {
    kept_shortcodes.insert((*it)[1]);
  }

  // The classic editor stores paragraphs as blank lines and line breaks as newlines.
  if (content.find("<!-- wp:") == std::string::npos && content.find("<p") == std::string::npos) {
    static const std::regex blank(R"(\r?\n[ \t]*\r?\n)");
    static const std::regex block_start(
        R"(^\s*<(h[1-6]|ul|ol|blockquote|table|figure|div|pre|hr|p)\b)", std::regex::icase);
    std::string paragraphs;
    std::sregex_token_iterator it(content.begin(), content.end(), blank, -1), end;
    for (; it != end; ++it) {
      std::string chunk = *it;
      if (chunk.find_first_not_of(" \t\r\n") == std::string::npos) {
        continue;
      }
      if (std::regex_search(chunk, block_start)) {
        paragraphs += chunk + "\n";
      } else {
        paragraphs +=
            "<p>" + std::regex_replace(chunk, std::regex(R"(\r?\n)"), "<br>\n") + "</p>\n";
      }
    }
    content = std::move(paragraphs);
  }
  return content;
}

class Importer : public WxrHandler {
 public:
  // Items go into `by_language`'s edition for their Polylang language, else into `fallback`.
  Importer(store::Store& store, const std::filesystem::path& media_dir, const WxrOptions& options,
           std::optional<core::Edition> fallback, std::map<std::string, core::Edition> by_language,
           const WxrProgress& progress)
      : store_(store),
        media_dir_(media_dir),
        options_(options),
        fallback_(std::move(fallback)),
        by_language_(std::move(by_language)),
        progress_(progress) {}

  void start_pass(int pass) { pass_ = pass; }
  WxrReport& report() { return report_; }

  // WordPress's sticky posts, newest first, as the editors' choice of each edition's front page
  // (the lead story and the top stories): only on a front page without a choice yet, so that
  // importing again never undoes the editors' work.
  void pin_sticky() {
    for (auto& [edition_id, posts] : sticky_) {
      std::sort(posts.begin(), posts.end(), std::greater<>());
      auto pins = store_.pins(edition_id, 0);
      if (!pins) {
        report_.problems.push_back("sticky posts: " + pins.error().describe());
        continue;
      }
      if (!pins->empty()) {
        report_.problems.push_back(fmt::format(
            "{} sticky posts are not pinned: the front page already has the editors' choice",
            posts.size()));
        continue;
      }
      std::vector<core::Pin> chosen;
      for (const auto& [published, id] : posts) {
        if (chosen.size() < kMaxStickyPins) {
          chosen.push_back({id, static_cast<int>(chosen.size()), std::nullopt});
        }
      }
      if (auto saved = store_.save_pins(edition_id, 0, chosen); !saved) {
        report_.problems.push_back("sticky posts: " + saved.error().describe());
        continue;
      }
      report_.counts["sticky posts"].imported += static_cast<int>(chosen.size());
      report_.counts["sticky posts"].skipped += static_cast<int>(posts.size() - chosen.size());
    }
  }

  void channel(const WxrChannel& c) override {
    source_ = !c.base_site_url.empty() ? c.base_site_url : c.link;
    report_.site = source_;
    report_.version = c.version;
  }

  void author(const WxrAuthor& a) override {
    if (pass_ == 1) {
      const std::string name = html_to_text(a.display_name, false);
      authors_[a.login] = name.empty() ? a.login : name;
      if (options_.create_accounts) {
        account(a, authors_[a.login]);
      }
    }
  }

  void term(const WxrTerm& t) override {
    if (pass_ == 1 && t.taxonomy == "category") {
      categories_[url_decoded(t.slug)] = {url_decoded(t.parent), html_to_text(t.name, false)};
    }
  }

  void item(WxrItem& i) override {
    if (pass_ == 1) {
      if (i.post_type == "attachment") {
        attachment(i);
      }
      return;
    }
    if (i.post_type == "attachment") {
      return;
    }
    if (i.post_type == "page") {
      static_page(i);
    } else if (i.post_type == "post") {
      post(i);
    } else {
      ++report_.counts["other items"].skipped;
    }
  }

  void problem(int line, const std::string& message) override {
    if (pass_ == 1) {  // the same file gives the same problems twice
      report_.problems.push_back(fmt::format("line {}: {}", line, message));
    }
  }

  void progress(std::int64_t done, std::int64_t total) override {
    if (progress_) {
      progress_(pass_, done, total);
    }
  }

 private:
  // A disabled account for the author to claim; an address already taken keeps its account.
  void account(const WxrAuthor& a, const std::string& name) {
    auto& counts = report_.counts["accounts"];
    if (a.email.empty()) {
      report_.problems.push_back(fmt::format("author {}: no email, so no account", a.login));
      ++counts.skipped;
      return;
    }
    auto made = accounts::add_unclaimed_user(store_, a.email, name, core::Role::kAuthor,
                                             core::SystemClock(), "imported from " + source_);
    if (made) {
      ++counts.imported;
    } else if (made.error().code == core::ErrorCode::kConflict) {
      ++counts.skipped;  // the address has an account already
    } else {
      report_.problems.push_back(
          fmt::format("author {}: no account: {}", a.login, made.error().message));
      ++counts.skipped;
    }
  }

  // The edition of item `i`: its Polylang language's, or the fallback; nullopt (reported) when
  // there is none.
  std::optional<core::Edition> edition_of(const WxrItem& i, std::string_view kind) {
    std::string language;
    for (const WxrItemTerm& t : i.terms) {
      if (t.domain == "language") {
        language = url_decoded(t.slug);
      }
    }
    if (!language.empty() && !by_language_.empty()) {
      if (auto e = by_language_.find(language); e != by_language_.end()) {
        return e->second;
      }
      note(i, kind, fmt::format("its language {} is not in --edition-map; skipped", language));
      return std::nullopt;
    }
    if (!fallback_) {
      note(i, kind, "has no language and no --edition was given; skipped");
    }
    return fallback_;
  }

  // Polylang's group of translations the item belongs to, or empty.
  static std::string translation_group(const WxrItem& i) {
    for (const WxrItemTerm& t : i.terms) {
      if (t.domain == "post_translations" && !t.slug.empty()) {
        return url_decoded(t.slug);
      }
    }
    return {};
  }

  void note(const WxrItem& i, std::string_view kind, const std::string& message) {
    report_.problems.push_back(fmt::format("{} {} «{}» (line {}): {}", kind, i.post_id,
                                           html_to_text(i.title, false), i.line, message));
  }

  void attachment(const WxrItem& i) {
    auto& counts = report_.counts["photos"];
    std::string relative = i.meta.contains("_wp_attached_file") ? i.meta.at("_wp_attached_file")
                                                                : upload_key(i.attachment_url);
    Attachment a;
    a.caption = html_to_text(i.excerpt, false);
    auto known = store_.imported(source_, "attachment", i.post_id);
    if (known && *known) {
      a.media_id = **known;
      ++counts.updated;
    } else if (options_.uploads.empty()) {
      ++counts.skipped;
      if (missing_files_++ == 0) {
        note(i, "attachment", "no --uploads directory was given: photos are not imported");
      }
    } else {
      a.media_id = store_photo(i, relative, a.caption);
      ++(a.media_id != 0 ? counts.imported : counts.skipped);
    }
    attachments_[i.post_id] = a;
    if (a.media_id != 0) {
      for (const std::string& from : {old_path(i.link), "/?attachment_id=" + i.post_id}) {
        if (from.empty()) {
          continue;
        }
        if (auto kept = store_.save_redirect(
                {from, store::Redirect::To::kMedia, a.media_id, "", core::SystemClock().now()});
            !kept) {
          note(i, "attachment", "its old address is not kept: " + kept.error().describe());
        }
      }
    }
    if (std::string key = upload_key(i.attachment_url); !key.empty()) {
      by_upload_[key] = a.media_id;
    }
    if (!relative.empty()) {
      by_upload_[upload_key(std::string(kUploads) + relative)] = a.media_id;
    }
  }

  core::Id store_photo(const WxrItem& i, const std::string& relative, const std::string& caption) {
    const std::filesystem::path file = options_.uploads / relative;
    if (relative.empty() || !is_inside(relative) || !std::filesystem::is_regular_file(file)) {
      note(i, "attachment",
           fmt::format("the file {} is not in {}", relative, options_.uploads.string()));
      return 0;
    }
    const core::Instant when = parse_gmt(i.post_date_gmt).value_or(core::SystemClock().now());
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(when)};
    auto stored = media::store_file(file, media_dir_, static_cast<int>(ymd.year()),
                                    static_cast<int>(static_cast<unsigned>(ymd.month())));
    if (!stored) {
      note(i, "attachment", fmt::format("{}: {}", relative, stored.error().message));
      return 0;
    }
    ImageInput image{file,
                     html_to_text(i.meta.contains("_wp_attachment_image_alt")
                                      ? i.meta.at("_wp_attachment_image_alt")
                                      : std::string(),
                                  false),
                     caption, i.meta.contains("_tapchi_credit") ? i.meta.at("_tapchi_credit") : ""};
    core::Id id = 0;
    auto written = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
      auto m = s.save_media(library_entry(*stored, image));
      if (!m) {
        return core::fail(m.error());
      }
      id = m->id;
      return s.remember_import(source_, "attachment", i.post_id, id);
    });
    if (!written) {
      media::remove_stored(media_dir_, *stored);
      note(i, "attachment", written.error().describe());
      return 0;
    }
    return id;
  }

  static bool is_inside(const std::string& relative) {
    const std::filesystem::path p(relative);
    return p.is_relative() &&
           std::none_of(p.begin(), p.end(), [](const auto& part) { return part == ".."; });
  }

  // The address an image in a body is given: the imported photo's, or its own.
  std::string image_target(std::string_view src) const {
    if (src.starts_with(kAttachmentRef)) {
      auto a = attachments_.find(std::string(src.substr(kAttachmentRef.size())));
      return a != attachments_.end() && a->second.media_id != 0
                 ? fmt::format("media:{}", a->second.media_id)
                 : std::string();
    }
    if (auto it = by_upload_.find(upload_key(src)); it != by_upload_.end() && it->second != 0) {
      return fmt::format("media:{}", it->second);
    }
    return std::string(src);
  }

  // Where a post stands: its section (its first category's top ancestor), its tags (its tags
  // and its other categories, by name), and the old addresses of those categories and tags:
  // "/category/top" leads to the section (an empty name), "/category/top/child",
  // "/category/child" and "/tag/slug" to the tag of that name. One walk of its terms.
  struct Placement {
    std::string section;
    std::vector<std::string> tags;
    std::vector<std::pair<std::string, std::string>> old_paths;
  };
  Placement placement(const WxrItem& i) const {
    Placement out;
    bool has_section = false;
    for (const WxrItemTerm& t : i.terms) {
      const std::string slug = url_decoded(t.slug);
      if (t.domain == "post_tag") {
        const std::string name = html_to_text(t.name, false);
        out.tags.push_back(name);
        out.old_paths.emplace_back("/tag/" + slug, name);
        continue;
      }
      if (t.domain != "category") {
        continue;
      }
      std::vector<std::string> chain{slug};  // the category and its ancestors, top last
      for (int depth = 0; depth < 16; ++depth) {
        auto c = categories_.find(chain.back());
        if (c == categories_.end() || c->second.parent.empty()) {
          break;
        }
        chain.push_back(c->second.parent);
      }
      const auto named = [&](const std::string& s) {
        auto c = categories_.find(s);
        return c != categories_.end() ? c->second.name : html_to_text(t.name, false);
      };
      std::string path = "/category";
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        path += "/" + *it;
      }
      if (!has_section) {
        has_section = true;
        out.section = named(chain.back());
        out.old_paths.emplace_back("/category/" + chain.back(), "");
        if (chain.size() > 1) {
          out.tags.push_back(named(slug));
          out.old_paths.emplace_back(path, named(slug));
          out.old_paths.emplace_back("/category/" + slug, named(slug));
        }
      } else {
        out.tags.push_back(named(slug));
        out.old_paths.emplace_back(path, named(slug));
      }
    }
    return out;
  }

  // An item's content as Markdown, what the conversion had to leave noted against it.
  std::string body_of(const WxrItem& i, std::string_view kind) {
    std::set<std::string> shortcodes;
    Converted body = html_to_markdown(wordpress_html(i.content, attachments_, shortcodes),
                                      [&](std::string_view src) { return image_target(src); });
    for (const std::string& n : body.notes) {
      note(i, kind, n);
    }
    for (const std::string& s : shortcodes) {
      note(i, kind, fmt::format("the shortcode [{}] is kept as text", s));
    }
    return std::move(body.markdown);
  }

  // A WordPress page becomes a static page of the edition: published or a draft, never in the
  // footer until an editor places it there. Its old addresses lead to it.
  void static_page(const WxrItem& i) {
    auto& counts = report_.counts["pages"];
    if (i.status != "publish" && i.status != "draft" && i.status != "pending" &&
        i.status != "private" && i.status != "future") {  // trash, auto-draft, inherit
      ++counts.skipped;
      return;
    }
    for (const std::string& r : i.repairs) {
      note(i, "page", r);
    }
    auto edition = edition_of(i, "page");
    if (!edition) {
      ++counts.skipped;
      return;
    }
    edition_ = std::move(*edition);
    auto known = store_.imported(source_, "page", i.post_id);
    if (!known) {
      note(i, "page", known.error().describe());
      ++counts.skipped;
      return;
    }
    core::StaticPage p;
    if (*known) {
      if (auto existing = store_.static_page(**known)) {
        p = *existing;
      }
    }
    const bool is_new = p.id == 0;
    p.edition_id = edition_.id;
    p.version = 0;  // an import overwrites whatever was saved since
    p.title = html_to_text(i.title, false);
    if (p.title.empty()) {
      p.title = fmt::format("(untitled {})", i.post_id);
      note(i, "page", "has no title; imported as " + p.title);
    }
    p.body = body_of(i, "page");
    p.is_published = i.status == "publish";
    if (auto footer = i.meta.find("_tapchi_footer"); footer != i.meta.end()) {
      // A journal's own export: the page's place in the footer.
      const std::int64_t place = core::parse_id(footer->second);
      p.footer_position = place > 0 && place <= 99 ? static_cast<int>(place) : 0;
    }
    const core::Instant now = core::SystemClock().now();
    p.updated_at = parse_gmt(i.modified_gmt).value_or(parse_gmt(i.post_date_gmt).value_or(now));
    if (is_new) {
      std::string slug = core::slugify(url_decoded(i.post_name.empty() ? i.title : i.post_name));
      if (slug.empty()) {
        slug = "page-" + i.post_id;
      }
      if (auto taken = store_.static_page_by_slug(edition_.id, slug); taken) {
        note(i, "page",
             fmt::format("the address {} is taken; it becomes {}-{}", slug, slug, i.post_id));
        slug += "-" + i.post_id;
      }
      p.slug = slug;
    }
    auto written = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
      auto saved = s.save_static_page(p, {0, 0, 0, 0, now, "imported", "", ""});
      if (!saved) {
        return core::fail(saved.error());
      }
      p.id = saved->id;
      if (auto kept = s.remember_import(source_, "page", i.post_id, p.id); !kept) {
        return kept;
      }
      for (const std::string& from : {"/?page_id=" + i.post_id, old_path(i.link)}) {
        if (from.empty()) {
          continue;
        }
        if (auto kept = s.save_redirect({from, store::Redirect::To::kPage, p.id, "", now}); !kept) {
          return kept;
        }
      }
      return {};
    });
    if (!written) {
      note(i, "page", written.error().describe());
      ++counts.skipped;
      return;
    }
    ++(is_new ? counts.imported : counts.updated);
  }

  void post(const WxrItem& i) {
    auto& counts = report_.counts["articles"];
    static const std::map<std::string, core::ArticleStatus> kStatuses{
        {"publish", core::ArticleStatus::kPublished},
        {"future", core::ArticleStatus::kScheduled},
        {"draft", core::ArticleStatus::kDraft},
        {"pending", core::ArticleStatus::kReview},
        {"private", core::ArticleStatus::kDraft}};
    auto status = kStatuses.find(i.status);
    if (status == kStatuses.end()) {  // trash, auto-draft, inherit
      ++counts.skipped;
      return;
    }
    for (const std::string& r : i.repairs) {
      note(i, "post", r);
    }
    auto edition = edition_of(i, "post");
    if (!edition) {
      ++counts.skipped;
      return;
    }
    edition_ = std::move(*edition);
    core::Article a;
    auto known = store_.imported(source_, "post", i.post_id);
    if (!known) {
      note(i, "post", known.error().describe());
      ++counts.skipped;
      return;
    }
    if (*known) {
      if (auto existing = store_.article(**known)) {
        a = *existing;
      }
    }
    const bool is_new = a.id == 0;
    a.edition_id = edition_.id;
    a.status = status->second;
    a.title = html_to_text(i.title, false);
    if (a.title.empty()) {
      a.title = fmt::format("(untitled {})", i.post_id);
      note(i, "post", "has no title; imported as " + a.title);
    }
    a.lead = html_to_text(i.excerpt, false);
    a.body = body_of(i, "post");
    a.published_at = parse_gmt(i.post_date_gmt);
    if (!a.published_at && (a.status == core::ArticleStatus::kPublished ||
                            a.status == core::ArticleStatus::kScheduled)) {
      note(i, "post",
           fmt::format("the date \"{}\" is not a time; imported as a draft", i.post_date_gmt));
      a.status = core::ArticleStatus::kDraft;
    }
    if (auto modified = parse_gmt(i.modified_gmt);
        modified && a.published_at && *modified > *a.published_at) {
      a.updated_at = modified;
    }
    a.comments_open = i.comment_status == "open";
    if (auto key = i.meta.find("_tapchi_translation"); key != i.meta.end()) {
      a.translation_key = key->second;  // a journal's own export: its editions stay linked
    } else if (std::string group = translation_group(i); !group.empty()) {
      a.translation_key = group;  // Polylang's: the same story in each language
    }
    a.featured_media_id = 0;
    if (auto thumb = i.meta.find("_thumbnail_id"); thumb != i.meta.end()) {
      auto at = attachments_.find(thumb->second);
      if (at != attachments_.end() && at->second.media_id != 0) {
        a.featured_media_id = at->second.media_id;
      } else {
        note(i, "post",
             fmt::format("its featured photo (attachment {}) was not imported", thumb->second));
      }
    }
    if (is_new) {
      std::string slug = core::slugify(url_decoded(i.post_name.empty() ? i.title : i.post_name));
      if (slug.empty()) {
        slug = "post-" + i.post_id;
      }
      if (auto taken = store_.article_by_slug(edition_.id, slug); taken) {
        note(i, "post",
             fmt::format("the address {} is taken; it becomes {}-{}", slug, slug, i.post_id));
        slug += "-" + i.post_id;
      }
      a.slug = slug;
    }
    // Not a structured binding: clang 14 cannot capture those in the transaction's lambda.
    const Placement placed = placement(i);
    const std::string& section = placed.section;
    const std::vector<std::string>& tags = placed.tags;
    const std::string author =
        authors_.contains(i.creator) ? authors_.at(i.creator) : html_to_text(i.creator, false);
    if (!i.creator.empty() && !authors_.contains(i.creator)) {
      note(i, "post", fmt::format("its author {} is not among the export's authors", i.creator));
    }
    int comments_new = 0, comments_kept = 0, comments_skipped = 0;
    auto written = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
      a.section_id = 0;
      if (!section.empty()) {
        const std::string slug = core::slugify(section);
        auto found = s.section_by_slug(edition_.id, slug);
        if (!found) {
          auto all = s.sections(edition_.id);
          if (!all) {
            return core::fail(all.error());
          }
          found = s.save_section({0, edition_.id, slug, section, static_cast<int>(all->size())});
          if (!found) {
            return core::fail(found.error());
          }
          ++report_.counts["sections"].imported;
        }
        a.section_id = found->id;
      }
      a.tag_ids.clear();
      for (const std::string& name : tags) {
        auto tag = s.save_tag({0, edition_.id, core::slugify(name), name});
        if (!tag) {
          return core::fail(tag.error());
        }
        if (std::find(a.tag_ids.begin(), a.tag_ids.end(), tag->id) == a.tag_ids.end()) {
          a.tag_ids.push_back(tag->id);
        }
      }
      a.author_ids.clear();
      if (!author.empty()) {
        auto saved = s.save_author({0, edition_.id, core::slugify(author), author, "", "", 0});
        if (!saved) {
          return core::fail(saved.error());
        }
        a.author_ids.push_back(saved->id);
      }
      auto saved = s.save_article(a);
      if (!saved) {
        return core::fail(saved.error());
      }
      a.id = saved->id;
      if (auto kept = s.remember_import(source_, "post", i.post_id, a.id); !kept) {
        return kept;
      }
      // The post's old addresses, and its section's, tags' and author's, lead here now.
      std::vector<store::Redirect> old{
          {"/?p=" + i.post_id, store::Redirect::To::kArticle, a.id, "", {}},
          {old_path(i.link), store::Redirect::To::kArticle, a.id, "", {}}};
      for (const auto& [from, tag_name] : placed.old_paths) {
        if (tag_name.empty()) {
          old.push_back({from, store::Redirect::To::kSection, a.section_id, "", {}});
        } else if (auto t = s.tag_by_slug(edition_.id, core::slugify(tag_name))) {
          old.push_back({from, store::Redirect::To::kTag, t->id, "", {}});
        }
      }
      if (!i.creator.empty() && !a.author_ids.empty()) {
        old.push_back(
            {"/author/" + i.creator, store::Redirect::To::kAuthor, a.author_ids[0], "", {}});
      }
      for (store::Redirect& r : old) {
        if (r.from.empty() || r.id == 0) {
          continue;
        }
        // Two posts of one broken export with one permalink: the first keeps it.
        if (r.to == store::Redirect::To::kArticle) {
          auto kept = s.redirect(r.from);
          if (kept && *kept && (*kept)->to == r.to && (*kept)->id != r.id) {
            continue;
          }
        }
        r.created_at = core::SystemClock().now();
        if (auto kept = s.save_redirect(r); !kept) {
          return kept;
        }
      }
      return comments(s, i, a.id, comments_new, comments_kept, comments_skipped);
    });
    if (!written) {
      note(i, "post", written.error().describe());
      ++counts.skipped;
      return;
    }
    ++(is_new ? counts.imported : counts.updated);
    if (i.is_sticky == "1" && a.status == core::ArticleStatus::kPublished && a.published_at) {
      sticky_[edition_.id].emplace_back(*a.published_at, a.id);
    }
    auto& c = report_.counts["comments"];
    c.imported += comments_new;
    c.updated += comments_kept;
    c.skipped += comments_skipped;
  }

  // The post's comments, once each: a comment imported before is left as moderation made it.
  core::Result<void> comments(store::Store& s, const WxrItem& i, core::Id article_id, int& added,
                              int& kept, int& skipped) {
    static const std::map<std::string, core::CommentStatus> kStatuses{
        {"1", core::CommentStatus::kApproved},
        {"0", core::CommentStatus::kPending},
        {"spam", core::CommentStatus::kSpam}};
    std::map<std::string, core::Id> root_of;  // a WordPress comment id → its thread's root here
    for (const WxrComment& c : i.comments) {
      if (c.type == "pingback" || c.type == "trackback") {
        ++report_.counts["pingbacks"].skipped;
        continue;
      }
      auto status = kStatuses.find(c.approved);
      if (status == kStatuses.end()) {  // trash
        ++skipped;
        continue;
      }
      auto known = s.imported(source_, "comment", c.id);
      if (!known) {
        return core::fail(known.error());
      }
      core::Id parent_root = 0;
      if (!c.parent.empty() && c.parent != "0") {
        if (auto p = root_of.find(c.parent); p != root_of.end()) {
          parent_root = p->second;
        }
      }
      if (*known) {
        root_of[c.id] = parent_root != 0 ? parent_root : **known;
        ++kept;
        continue;
      }
      core::Comment comment;
      comment.article_id = article_id;
      comment.parent_id = parent_root;
      comment.name = html_to_text(c.author, false);
      comment.email = c.email;
      comment.body = html_to_text(c.content, true);
      comment.status = status->second;
      comment.created_at = parse_gmt(c.date_gmt).value_or(core::Instant{});
      if (comment.name.empty()) {
        comment.name = "—";
      }
      if (comment.body.empty() || comment.created_at == core::Instant{}) {
        note(i, "post",
             fmt::format("comment {} (line {}) has {}; skipped", c.id, c.line,
                         comment.body.empty() ? "no text" : "no valid date"));
        ++skipped;
        continue;
      }
      auto saved = s.save_comment(comment);
      if (!saved) {
        return core::fail(saved.error());
      }
      if (auto remembered = s.remember_import(source_, "comment", c.id, saved->id); !remembered) {
        return remembered;
      }
      root_of[c.id] = parent_root != 0 ? parent_root : saved->id;
      ++added;
    }
    return {};
  }

  store::Store& store_;
  const std::filesystem::path& media_dir_;
  const WxrOptions& options_;
  static constexpr std::size_t kMaxStickyPins = 7;  // the lead story and six top stories
  std::optional<core::Edition> fallback_;
  std::map<std::string, core::Edition> by_language_;  // Polylang's language slug → edition
  core::Edition edition_;                             // the current item's
  std::map<core::Id, std::vector<std::pair<core::Instant, core::Id>>> sticky_;  // by edition
  const WxrProgress& progress_;
  int pass_ = 1;
  int missing_files_ = 0;
  std::string source_;
  WxrReport report_;
  std::map<std::string, std::string> authors_;     // login → display name
  std::map<std::string, Category> categories_;     // slug → parent slug and name
  std::map<std::string, Attachment> attachments_;  // attachment id → photo
  std::map<std::string, core::Id> by_upload_;      // uploads-relative path → media id
};

}  // namespace

core::Result<WxrReport> import_wxr(store::Store& store, const std::filesystem::path& media_dir,
                                   const std::filesystem::path& file, const WxrOptions& options,
                                   const WxrProgress& progress) {
  std::optional<core::Edition> fallback;
  if (!options.edition.empty()) {
    auto edition = find_edition(store, options.edition);
    if (!edition) {
      return core::fail(edition.error());
    }
    fallback = std::move(*edition);
  }
  std::map<std::string, core::Edition> by_language;
  for (const auto& [language, code] : options.edition_map) {
    auto edition = find_edition(store, code);
    if (!edition) {
      return core::fail(edition.error());
    }
    by_language.emplace(language, std::move(*edition));
  }
  if (!fallback && by_language.empty()) {
    return core::fail(
        core::invalid("name an edition (--edition) or a map of languages to "
                      "editions (--edition-map)",
                      "edition"));
  }
  if (!options.uploads.empty() && !std::filesystem::is_directory(options.uploads)) {
    return core::fail(core::invalid("is not a directory", options.uploads.string()));
  }
  Importer importer(store, media_dir, options, std::move(fallback), std::move(by_language),
                    progress);
  for (int pass = 1; pass <= 2; ++pass) {
    importer.start_pass(pass);
    if (auto read = read_wxr(file, importer); !read) {
      return core::fail(read.error());
    }
  }
  importer.pin_sticky();
  return std::move(importer.report());
}

}  // namespace tapchi::importers
