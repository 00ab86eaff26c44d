// One edition written as a WordPress export (WXR 1.2) that WordPress's importer reads, and
// `tapchi import wxr` too: articles as posts, static pages as pages, sections as categories,
// tags, authors, approved and pending comments with their threads, the media library as
// attachments with their addresses. Written as a stream with libxml2's writer into a file
// beside the target, renamed when complete.
#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <vector>

#include <fmt/format.h>
#include <libxml/xmlwriter.h>

#include "importers/common.h"
#include "importers/importers.h"
#include "render/render.h"

namespace tapchi::importers {

namespace {

// WordPress numbers posts, pages and attachments from one sequence: each kind takes every third
// number, so that each item keeps its number from one export to the next.
core::Id post_number(core::Id article_id) { return 3 * article_id; }
core::Id page_number(core::Id page_id) { return 3 * page_id + 1; }
core::Id attachment_number(core::Id media_id) { return 3 * media_id + 2; }
core::Id category_number(core::Id section_id) { return 2 * section_id; }
core::Id tag_number(core::Id tag_id) { return 2 * tag_id + 1; }

// "2019-08-26 07:06:00" in `zone` (UTC when null); WordPress's "no date" for none.
std::string wp_date(const std::optional<core::Instant>& t, const core::Zone* zone) {
  if (!t) {
    return "0000-00-00 00:00:00";
  }
  if (zone == nullptr) {
    return core::format_iso8601(*t).substr(0, 19).replace(10, 1, " ");
  }
  const core::Zone::Local l = zone->local(*t);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", l.year, l.month, l.day, l.hour,
                     l.minute, l.second);
}

// Text as WordPress keeps titles, excerpts, names and comments: HTML, so that what it shows (and
// what an import reads back) is the text itself; a comment's paragraphs and lines kept.
std::string html_text(std::string_view text) { return render::escape_html(text); }

std::string comment_html(std::string_view text) {
  std::string out;
  std::size_t from = 0;
  while (from <= text.size()) {
    auto end = text.find("\n\n", from);
    const std::string_view paragraph =
        text.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from);
    std::string escaped = render::escape_html(paragraph);
    for (auto at = escaped.find('\n'); at != std::string::npos; at = escaped.find('\n', at + 5)) {
      escaped.replace(at, 1, "<br>\n");
    }
    if (!escaped.empty()) {
      out += "<p>" + escaped + "</p>\n";
    }
    if (end == std::string_view::npos) {
      break;
    }
    from = end + 2;
  }
  return out;
}

// "2019/08/cau-long-bien-6fbf4e.jpg" → "cau-long-bien": the name without the stored file's
// random suffixes, as WordPress names an attachment after its file.
std::string file_stem(std::string_view path) {
  static const std::regex suffixes(R"((-[0-9a-f]{6})+$)");
  return std::regex_replace(std::filesystem::path(path).stem().string(), suffixes, "");
}

class Writer {
 public:
  explicit Writer(const std::filesystem::path& file)
      : w_(xmlNewTextWriterFilename(file.c_str(), 0)) {}
  ~Writer() {
    if (w_ != nullptr) {
      xmlFreeTextWriter(w_);
    }
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  bool is_open() const { return w_ != nullptr; }
  bool is_ok() const { return is_ok_; }

  void start(const char* name) { check(xmlTextWriterStartElement(w_, as_xml(name))); }
  void end() { check(xmlTextWriterEndElement(w_)); }
  void attribute(const char* name, std::string_view value) {
    check(xmlTextWriterWriteAttribute(w_, as_xml(name), as_xml(std::string(value).c_str())));
  }
  // <name>text</name>, escaped.
  void text(const char* name, std::string_view value) {
    check(xmlTextWriterWriteElement(w_, as_xml(name), as_xml(std::string(value).c_str())));
  }
  // <name><![CDATA[text]]></name>.
  void cdata(const char* name, std::string_view value) {
    start(name);
    cdata_content(value);
    end();
  }
  // <![CDATA[text]]>, a "]]>" inside split across two sections, as WordPress does.
  void cdata_content(std::string_view value) {
    std::size_t from = 0;
    for (auto at = value.find("]]>"); at != std::string_view::npos; at = value.find("]]>", from)) {
      check(xmlTextWriterWriteCDATA(
          w_, as_xml(std::string(value.substr(from, at + 2 - from)).c_str())));
      from = at + 2;
    }
    check(xmlTextWriterWriteCDATA(w_, as_xml(std::string(value.substr(from)).c_str())));
  }
  // Text inside the open element, escaped.
  void string(std::string_view text) {
    check(xmlTextWriterWriteString(w_, as_xml(std::string(text).c_str())));
  }
  void begin_document() {
    check(xmlTextWriterSetIndent(w_, 1));
    check(xmlTextWriterSetIndentString(w_, as_xml("\t")));
    check(xmlTextWriterStartDocument(w_, "1.0", "UTF-8", nullptr));
  }
  void finish_document() {
    check(xmlTextWriterEndDocument(w_));
    check(xmlTextWriterFlush(w_));
  }

 private:
  static const xmlChar* as_xml(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
  void check(int status) { is_ok_ = is_ok_ && status >= 0; }
  xmlTextWriterPtr w_;
  bool is_ok_ = true;
};

class Exporter {
 public:
  Exporter(store::Store& store, Writer& w, const WxrExportOptions& options, core::Edition edition,
           core::Zone zone)
      : store_(store),
        w_(w),
        options_(options),
        edition_(std::move(edition)),
        zone_(std::move(zone)) {}

  core::Result<WxrExportReport> run() {
    auto sections = store_.sections(edition_.id);
    auto tags = store_.tags_of(edition_.id);
    auto authors = store_.authors_of(edition_.id);
    auto pages = store_.static_pages(edition_.id);
    if (!sections || !tags || !authors || !pages) {
      return core::fail(
          core::internal("the edition's sections, tags, authors or pages could "
                         "not be read"));
    }
    for (const core::Section& s : *sections) {
      section_slugs_[s.id] = s;
    }
    for (const core::Tag& t : *tags) {
      tag_slugs_[t.id] = t;
    }
    for (const core::Author& a : *authors) {
      author_logins_[a.id] = a;
    }
    if (auto held = pending_comments(); !held) {
      return core::fail(held.error());
    }
    // The front page's pinned articles are WordPress's sticky posts.
    auto pins = store_.pins(edition_.id, 0);
    if (!pins) {
      return core::fail(pins.error());
    }
    for (const core::Pin& pin : *pins) {
      sticky_.insert(pin.article_id);
    }
    w_.begin_document();
    w_.start("rss");
    w_.attribute("version", "2.0");
    w_.attribute("xmlns:excerpt", "http://wordpress.org/export/1.2/excerpt/");
    w_.attribute("xmlns:content", "http://purl.org/rss/1.0/modules/content/");
    w_.attribute("xmlns:wfw", "http://wellformedweb.org/CommentAPI/");
    w_.attribute("xmlns:dc", "http://purl.org/dc/elements/1.1/");
    w_.attribute("xmlns:wp", "http://wordpress.org/export/1.2/");
    w_.start("channel");
    w_.text("title", options_.site_name);
    w_.text("link", options_.base_url + edition_.prefix);
    w_.text("description", "");
    w_.text("pubDate", core::format_rfc822(options_.now, zone_));
    w_.text("language", edition_.language);
    w_.text("wp:wxr_version", "1.2");
    w_.text("wp:base_site_url", options_.base_url);
    w_.text("wp:base_blog_url", options_.base_url + edition_.prefix);
    for (const core::Author& a : *authors) {
      w_.start("wp:author");
      w_.text("wp:author_id", std::to_string(a.id));
      w_.cdata("wp:author_login", a.slug);
      w_.cdata("wp:author_email", "");
      w_.cdata("wp:author_display_name", html_text(a.name));
      w_.cdata("wp:author_first_name", "");
      w_.cdata("wp:author_last_name", "");
      w_.end();
      ++report_.authors;
    }
    for (const core::Section& s : *sections) {
      w_.start("wp:category");
      w_.text("wp:term_id", std::to_string(category_number(s.id)));
      w_.cdata("wp:category_nicename", s.slug);
      w_.cdata("wp:category_parent", "");
      w_.cdata("wp:cat_name", html_text(s.name));
      w_.end();
      ++report_.categories;
    }
    for (const core::Tag& t : *tags) {
      w_.start("wp:tag");
      w_.text("wp:term_id", std::to_string(tag_number(t.id)));
      w_.cdata("wp:tag_slug", t.slug);
      w_.cdata("wp:tag_name", html_text(t.name));
      w_.end();
      ++report_.tags;
    }
    if (auto done = attachments(); !done) {
      return core::fail(done.error());
    }
    for (const core::StaticPage& listed : *pages) {
      auto p = store_.static_page(listed.id);
      if (!p) {
        return core::fail(p.error());
      }
      page(*p);
    }
    if (auto done = articles(); !done) {
      return core::fail(done.error());
    }
    w_.end();  // channel
    w_.end();  // rss
    w_.finish_document();
    if (!w_.is_ok()) {
      return core::fail(core::internal("the export could not be written"));
    }
    return report_;
  }

 private:
  // Every pending comment of the journal, by article: approved ones are read per article.
  core::Result<void> pending_comments() {
    for (int offset = 0;; offset += 500) {
      auto found = store_.find_comments({core::CommentStatus::kPending, 500, offset});
      if (!found) {
        return core::fail(found.error());
      }
      for (core::Comment& c : found->items) {
        pending_[c.article_id].push_back(std::move(c));
      }
      if (found->items.size() < 500) {
        return {};
      }
    }
  }

  core::Result<void> attachments() {
    for (int offset = 0;; offset += 500) {
      auto batch = store_.recent_media(500, offset);
      if (!batch) {
        return core::fail(batch.error());
      }
      for (const core::Media& m : *batch) {
        const std::string url = options_.base_url + "/media/" + m.path;
        item_head(html_text(m.caption.empty() ? m.alt : m.caption), url, m.created_at);
        w_.cdata("dc:creator", "");
        w_.start("guid");
        w_.attribute("isPermaLink", "false");
        w_.string(url);
        w_.end();
        w_.text("description", "");
        w_.cdata("content:encoded", "");
        w_.cdata("excerpt:encoded", html_text(m.caption));
        item_fields(attachment_number(m.id), m.created_at, m.created_at, "closed",
                    file_stem(m.path), "inherit", "attachment", 0);
        w_.cdata("wp:attachment_url", url);
        meta("_wp_attached_file", m.path);
        if (!m.alt.empty()) {
          meta("_wp_attachment_image_alt", html_text(m.alt));
        }
        if (!m.credit.empty()) {
          meta("_tapchi_credit", m.credit);
        }
        w_.end();
        ++report_.photos;
      }
      if (batch->size() < 500) {
        return {};
      }
    }
  }

  void page(const core::StaticPage& p) {
    const std::string url = options_.base_url + edition_.prefix + "page/" + p.slug;
    item_head(html_text(p.title), url, p.updated_at);
    w_.cdata("dc:creator", "");
    guid(page_number(p.id));
    w_.text("description", "");
    w_.cdata("content:encoded", html_of(p.body));
    w_.cdata("excerpt:encoded", "");
    // The footer's place as the menu order: WordPress themes order page lists by it.
    item_fields(page_number(p.id), p.updated_at, p.updated_at, "closed", p.slug,
                p.is_published ? "publish" : "draft", "page", p.footer_position);
    if (p.footer_position > 0) {
      meta("_tapchi_footer", std::to_string(p.footer_position));
    }
    w_.end();
    ++report_.pages;
  }

  // Oldest first, as WordPress writes them: an import of this export numbers them in the same
  // order, and exports the same file again.
  core::Result<void> articles() {
    store::ArticleFilter f;
    f.edition_id = edition_.id;
    f.now = options_.now;
    f.limit = 1000;
    std::vector<core::Id> ids;
    for (f.offset = 0;; f.offset += f.limit) {
      auto batch = store_.filter_articles(f);
      if (!batch) {
        return core::fail(batch.error());
      }
      for (const core::Article& listed : batch->items) {
        ids.push_back(listed.id);
      }
      if (static_cast<int>(batch->items.size()) < f.limit) {
        break;
      }
    }
    std::sort(ids.begin(), ids.end());
    for (const core::Id id : ids) {
      auto a = store_.article(id);
      if (!a) {
        return core::fail(a.error());
      }
      if (auto done = post(*a); !done) {
        return done;
      }
    }
    return {};
  }

  core::Result<void> post(const core::Article& a) {
    const std::string url =
        options_.base_url + edition_.prefix + a.slug + "-" + std::to_string(a.id) + ".html";
    const std::optional<core::Instant> published = a.published_at;
    item_head(html_text(a.title), url, published.value_or(options_.now));
    w_.cdata("dc:creator", a.author_ids.empty() || !author_logins_.contains(a.author_ids[0])
                               ? std::string()
                               : author_logins_.at(a.author_ids[0]).slug);
    guid(post_number(a.id));
    w_.text("description", "");
    w_.cdata("content:encoded", html_of(a.body));
    w_.cdata("excerpt:encoded", html_text(a.lead));
    const bool is_future =
        a.status == core::ArticleStatus::kScheduled ||
        (a.status == core::ArticleStatus::kPublished && published && *published > options_.now);
    const char* status = is_future                                       ? "future"
                         : a.status == core::ArticleStatus::kPublished   ? "publish"
                         : a.status == core::ArticleStatus::kReview      ? "pending"
                         : a.status == core::ArticleStatus::kUnpublished ? "private"
                                                                         : "draft";
    item_fields(
        post_number(a.id), published, a.updated_at.value_or(published.value_or(options_.now)),
        a.comments_open ? "open" : "closed", a.slug, status, "post", 0, sticky_.contains(a.id));
    if (auto s = section_slugs_.find(a.section_id); s != section_slugs_.end()) {
      term("category", s->second.slug, html_text(s->second.name));
    }
    for (const core::Id id : a.tag_ids) {
      if (auto t = tag_slugs_.find(id); t != tag_slugs_.end()) {
        term("post_tag", t->second.slug, html_text(t->second.name));
      }
    }
    if (a.featured_media_id != 0) {
      meta("_thumbnail_id", std::to_string(attachment_number(a.featured_media_id)));
    }
    if (!a.translation_key.empty()) {
      meta("_tapchi_translation", a.translation_key);
    }
    auto approved = store_.approved_comments(a.id);
    if (!approved) {
      return core::fail(approved.error());
    }
    std::vector<core::Comment> all = std::move(*approved);
    if (auto held = pending_.find(a.id); held != pending_.end()) {
      all.insert(all.end(), held->second.begin(), held->second.end());
    }
    std::sort(all.begin(), all.end(), [](const core::Comment& x, const core::Comment& y) {
      return x.created_at != y.created_at ? x.created_at < y.created_at : x.id < y.id;
    });
    for (const core::Comment& c : all) {
      comment(c);
    }
    w_.end();
    ++report_.articles;
    return {};
  }

  void comment(const core::Comment& c) {
    w_.start("wp:comment");
    w_.text("wp:comment_id", std::to_string(c.id));
    w_.cdata("wp:comment_author", html_text(c.name));
    w_.cdata("wp:comment_author_email", c.email);
    w_.cdata("wp:comment_author_url", "");
    w_.cdata("wp:comment_author_IP", "");
    w_.cdata("wp:comment_date", wp_date(c.created_at, &zone_));
    w_.cdata("wp:comment_date_gmt", wp_date(c.created_at, nullptr));
    w_.cdata("wp:comment_content", comment_html(c.body));
    w_.cdata("wp:comment_approved", c.status == core::CommentStatus::kApproved ? "1" : "0");
    w_.cdata("wp:comment_type", "comment");
    w_.cdata("wp:comment_parent", std::to_string(c.parent_id));
    w_.cdata("wp:comment_user_id", "0");
    w_.end();
    ++report_.comments;
  }

  void item_head(std::string_view title, const std::string& link, core::Instant when) {
    w_.start("item");
    w_.cdata("title", title);
    w_.text("link", link);
    w_.text("pubDate", core::format_rfc822(when, zone_));
  }

  void guid(core::Id number) {
    w_.start("guid");
    w_.attribute("isPermaLink", "false");
    w_.string(fmt::format("{}/?p={}", options_.base_url, number));
    w_.end();
  }

  void item_fields(core::Id number, const std::optional<core::Instant>& date,
                   core::Instant modified, std::string_view comment_status, std::string_view slug,
                   std::string_view status, std::string_view type, int menu_order,
                   bool is_sticky = false) {
    w_.text("wp:post_id", std::to_string(number));
    w_.cdata("wp:post_date", wp_date(date, &zone_));
    w_.cdata("wp:post_date_gmt", wp_date(date, nullptr));
    w_.cdata("wp:post_modified", wp_date(modified, &zone_));
    w_.cdata("wp:post_modified_gmt", wp_date(modified, nullptr));
    w_.cdata("wp:comment_status", comment_status);
    w_.cdata("wp:ping_status", "closed");
    w_.cdata("wp:post_name", slug);
    w_.cdata("wp:status", status);
    w_.text("wp:post_parent", "0");
    w_.text("wp:menu_order", std::to_string(menu_order));
    w_.cdata("wp:post_type", type);
    w_.cdata("wp:post_password", "");
    w_.text("wp:is_sticky", is_sticky ? "1" : "0");
  }

  void term(const char* domain, std::string_view slug, std::string_view name) {
    w_.start("category");
    w_.attribute("domain", domain);
    w_.attribute("nicename", slug);
    w_.cdata_content(name);
    w_.end();
  }

  void meta(std::string_view key, std::string_view value) {
    w_.start("wp:postmeta");
    w_.cdata("wp:meta_key", key);
    w_.cdata("wp:meta_value", value);
    w_.end();
  }

  // A body as the HTML WordPress keeps: photos as bare figures with the journal's addresses.
  std::string html_of(std::string_view markdown) {
    render::MarkdownOptions md;
    md.language = edition_.language;
    md.media_url_prefix = options_.base_url + "/media/";
    md.is_for_export = true;
    md.lookup_media = [this](core::Id id) -> std::optional<core::Media> {
      auto m = store_.media(id);
      return m ? std::optional<core::Media>(*m) : std::nullopt;
    };
    return render::markdown_to_html(markdown, md);
  }

  store::Store& store_;
  Writer& w_;
  const WxrExportOptions& options_;
  core::Edition edition_;
  core::Zone zone_;
  WxrExportReport report_;
  std::map<core::Id, core::Section> section_slugs_;
  std::map<core::Id, core::Tag> tag_slugs_;
  std::map<core::Id, core::Author> author_logins_;
  std::map<core::Id, std::vector<core::Comment>> pending_;
  std::set<core::Id> sticky_;
};

}  // namespace

core::Result<WxrExportReport> export_wxr(store::Store& store, const std::filesystem::path& file,
                                         const WxrExportOptions& options) {
  auto edition = find_edition(store, options.edition);
  if (!edition) {
    return core::fail(edition.error());
  }
  auto zone = core::Zone::locate(options.time_zone);
  if (!zone) {
    return core::fail(zone.error());
  }
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    return core::fail(core::conflict("already exists; nothing is overwritten", file.string()));
  }
  const std::filesystem::path part = file.string() + ".part";
  std::filesystem::remove(part, ec);
  core::Result<WxrExportReport> written = core::fail(core::internal(""));
  {
    Writer w(part);
    if (!w.is_open()) {
      return core::fail(core::invalid("cannot be written", file.string()));
    }
    Exporter exporter(store, w, options, *edition, *zone);
    // One read snapshot: the export shows the journal as of one instant.
    auto snapshot = store.in_snapshot([&](store::Store&) -> core::Result<void> {
      written = exporter.run();
      return written ? core::Result<void>{} : core::fail(written.error());
    });
    if (!snapshot) {
      written = core::fail(snapshot.error());
    }
  }
  if (!written) {
    std::filesystem::remove(part, ec);
    return written;
  }
  std::filesystem::rename(part, file, ec);
  if (ec) {
    std::filesystem::remove(part, ec);
    return core::fail(core::internal("cannot be renamed into place: " + ec.message()));
  }
  return written;
}

}  // namespace tapchi::importers
