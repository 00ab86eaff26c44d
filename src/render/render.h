// render: turns what readers see into bytes. Markdown becomes safe HTML here, page views become
// documents through the Mustache theme, and untrusted text is escaped here, once. Never queries
// the store or knows about HTTP. A Theme is immutable after load and safe to share across threads.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"

namespace tapchi::render {

// A photo as pages show it.
struct Image {
  std::string src;
  int width = 0;
  int height = 0;
  std::string alt;
  std::string caption;
  std::string credit;
  std::string srcset;       // "…-320.jpg 320w, …, ….jpg 1600w"; empty without variants
  std::string webp_srcset;  // the variants in WebP; empty without them
};

// The image of library entry `m`, its file and variants served under `url_prefix` ("/media/").
Image image_of(const core::Media& m, std::string_view url_prefix);

struct Link {
  std::string href;
  std::string label;
  bool is_current = false;
};

// An alternate-language version of the page (<link rel="alternate" hreflang>).
struct Alternate {
  std::string language;
  std::string href;
};

// A feed a page points to (<link rel="alternate">).
struct FeedLink {
  std::string type;  // "application/rss+xml" or "application/atom+xml"
  std::string title;
  std::string href;
};

// What a page tells search engines and social sites in its head: OpenGraph, the Twitter card and
// JSON-LD scripts (made by the *_json_ld functions below, safe inside <script>).
struct PageMeta {
  std::string og_type = "website";  // "article" on articles
  std::string image_url;            // absolute; empty when the page has no photo
  int image_width = 0;
  int image_height = 0;
  std::string image_alt;
  std::string published_rfc3339;  // articles only
  std::string modified_rfc3339;
  std::string section;
  std::vector<std::string> tags;
  std::vector<std::string> author_urls;  // article:author
  std::vector<std::string> json_ld;
};

// What every page shows around its content.
struct Frame {
  std::string language;  // <html lang>, also selects the theme's labels ("vi", "en")
  std::string site_name;
  std::string home_href;    // the edition's front page
  std::string title;        // <title> of this page
  std::string description;  // meta description
  std::string canonical;    // absolute URL
  std::string now_text;     // the site's current date and time, in the edition's style
  std::vector<Link> sections;
  std::vector<Link> editions;  // one per edition, the current one marked
  std::vector<Alternate> alternates;
  std::string archive_href;
  std::string search_href;   // the edition's search page, where the masthead's box sends
  std::string search_query;  // what the box shows (on a results page, what was searched)
  std::vector<FeedLink> feeds;
  PageMeta meta;
  std::string icon_href;           // the favicon
  std::string touch_icon_href;     // apple-touch-icon
  std::vector<Link> footer_pages;  // the static pages the footer lists, in their order
};

// A piece of a search snippet: the words searched for are marked (<mark>).
struct TextPiece {
  std::string text;
  bool is_match = false;
};

struct Teaser {
  std::string href;
  std::string title;
  std::string excerpt;
  std::string time_text;
  std::string time_iso;
  std::optional<Image> image;
  std::optional<Link> section;
  std::vector<TextPiece> snippet;       // search results: where the words were found
  std::vector<TextPiece> marked_title;  // search results: the title, its words found marked
};

struct Byline {
  std::string name;
  std::string position;
  std::string href;
};

struct CommentView {
  core::Id id = 0;
  std::string name;
  std::string time_text;
  std::string time_iso;
  std::string body;  // plain text; rendered as escaped paragraphs
  bool is_staff = false;
  std::vector<CommentView> replies;
  std::string reply_href;  // the article with this comment's reply form; empty for replies
};

// The comment form under an article, with what a reader typed when it comes back with errors.
struct CommentForm {
  std::string action;  // where it posts
  core::Id article_id = 0;
  std::string token;  // the signed form token
  bool is_moderated = true;
  bool email_required = false;
  core::Id reply_to = 0;  // a top-level comment, or 0
  std::string reply_to_name;
  std::string cancel_reply_href;
  std::string name, email, body;
  // Message keys (see comment_message) by field: "name", "email", "body", or "form" for the
  // whole form; and the notice after a comment was sent ("held", "shown").
  std::map<std::string, std::string> errors;
  std::string notice;
};

struct ArticleView {
  Frame frame;
  std::string title;
  std::string lead;
  std::string body_html;  // from markdown_to_html
  std::string published_text;
  std::string published_iso;
  std::string updated_text;  // empty unless edited after publication
  std::optional<Image> image;
  std::optional<Link> section;
  std::vector<Byline> bylines;
  std::vector<Link> tags;
  std::optional<Link> translation;  // the same article in another edition
  int comment_count = 0;            // approved comments
  std::vector<CommentView> comments;
  bool comments_open = true;
  std::optional<CommentForm> comment_form;  // none when comments are closed
  std::vector<Teaser> related;
};

// A paginated list: section, tag, archive month.
struct ListView {
  Frame frame;
  std::string heading;
  std::string kind;  // "section", "tag", "archive": a CSS hook
  std::vector<Teaser> teasers;
  std::string prev_href;  // empty on the first page
  std::string next_href;  // empty on the last page
  int page = 1;
  int page_count = 1;
  std::vector<Teaser> most_read;  // on section pages: the edition's most read of late
};

// The search page: the form with its filters, and the results or why there are none.
struct SearchView {
  Frame frame;
  std::string query;   // as the reader typed it (spaces collapsed)
  std::string action;  // where the form sends
  // Why nothing was searched for, or a note on what was: "query_empty",
  // "query_only_exclusions", "query_too_long", "query_not_text", "query_shortened", "bad_date".
  std::vector<std::string> messages;
  bool has_searched = false;  // there were words to look for
  int total = 0;
  bool is_more = false;  // more articles match than `total` counts
  std::vector<Teaser> hits;
  std::vector<Link> section_options;  // href: the value sent (a slug); is_current: selected
  std::vector<Link> author_options;
  std::string from, to;  // the date filters as typed ("2024-05-07")
  bool is_newest_first = false;
  bool has_filters = false;
  std::string without_filters_href;  // the same words without filters
  std::string prev_href;
  std::string next_href;
  int page = 1;
  int page_count = 1;
};

struct SectionBlock {
  Link section;
  std::vector<Teaser> teasers;
};

struct HomeView {
  Frame frame;
  std::optional<Teaser> lead_story;
  std::vector<Teaser> latest;
  std::vector<SectionBlock> blocks;
  std::vector<Teaser> most_read;  // the edition's most read of late, most first; may be empty
};

struct AuthorView {
  Frame frame;
  std::string name;
  std::string position;
  std::string bio;
  std::optional<Image> photo;
  std::vector<Teaser> teasers;
  std::string prev_href;
  std::string next_href;
};

// A static page ("About us"): its title and text, and when it last changed.
struct PageView {
  Frame frame;
  std::string title;
  std::string body_html;  // from markdown_to_html
  std::string updated_text;
  std::string updated_iso;
};

struct ArchiveMonth {
  std::string href;
  std::string label;
  int count = 0;
};

struct ArchiveIndexView {
  Frame frame;
  std::vector<ArchiveMonth> months;
};

// An article in a feed. URLs are absolute; times are RFC 3339 (Atom) and RFC 822 (RSS) with the
// site zone's offset.
struct FeedEntry {
  std::string id;  // stable across edits and slug changes (the guid)
  std::string url;
  std::string title;
  std::string summary;       // the lead, plain text
  std::string content_html;  // the whole body, from markdown_to_html with absolute media URLs
  std::string published_rfc3339, published_rfc822;
  std::string updated_rfc3339;
  std::vector<std::string> authors;
  std::vector<std::string> categories;  // the section, then the tags
  struct Enclosure {
    std::string url;
    std::string type;
    std::int64_t bytes = 0;
    int width = 0;
    int height = 0;
  };
  std::optional<Enclosure> image;  // the featured photo
};

struct Feed {
  std::string title;
  std::string subtitle;
  std::string language;  // BCP 47
  std::string site_url;  // the page the feed follows (absolute)
  std::string rss_url;   // absolute URLs of the feed itself, in each format
  std::string atom_url;
  std::string icon_url;
  std::string updated_rfc3339, updated_rfc822;  // of the newest entry, or of now when empty
  std::vector<FeedEntry> entries;
};

// RSS 2.0 with content:encoded (the whole body), dc:creator and Media RSS for the photo.
std::string rss(const Feed& f);
// Atom 1.0 with the whole body as <content type="html">.
std::string atom(const Feed& f);

// One URL of a sitemap, with its images and its translations (hreflang alternates).
struct SitemapUrl {
  std::string loc;
  std::string lastmod;  // RFC 3339; empty when unknown
  std::vector<std::string> images;
  std::vector<Alternate> alternates;
};

// A <urlset> of at most 50,000 URLs (the sitemap protocol's limit; callers split).
std::string sitemap(const std::vector<SitemapUrl>& urls);
// A <sitemapindex> naming these sitemaps with their lastmod.
std::string sitemap_index(const std::vector<std::pair<std::string, std::string>>& sitemaps);

// An article of a Google News sitemap.
struct NewsUrl {
  std::string loc;
  std::string publication_name;
  std::string language;  // ISO 639 ("vi", "en")
  std::string published_rfc3339;
  std::string title;
};
std::string news_sitemap(const std::vector<NewsUrl>& urls);

// A photo in JSON-LD.
struct JsonImage {
  std::string url;
  int width = 0;
  int height = 0;
};

// A person or organisation in JSON-LD.
struct JsonParty {
  std::string name;
  std::string url;
  std::string job_title;          // a person's byline position
  std::optional<JsonImage> logo;  // an organisation's
};

// schema.org NewsArticle. Times RFC 3339 with the zone's offset; URLs absolute.
struct NewsArticleData {
  std::string url;
  std::string headline;
  std::string description;
  std::vector<JsonImage> images;  // the featured photo in several sizes
  std::string published_rfc3339;
  std::string modified_rfc3339;
  std::vector<JsonParty> authors;
  JsonParty publisher;
  std::string section;
  std::vector<std::string> keywords;
  std::string language;
  JsonParty is_part_of;  // the edition (a WebSite)
  int comment_count = 0;
};

// JSON-LD texts, escaped for a <script> element: '<', '>' and '&' are written as \u escapes, so
// that no string (a title holding "</script>") can end the element.
std::string news_article_json_ld(const NewsArticleData& a);
// BreadcrumbList of (name, absolute URL) in order.
std::string breadcrumb_json_ld(const std::vector<Link>& trail);
// WebSite with a SearchAction whose target holds "{search_term_string}".
std::string website_json_ld(const std::string& name, const std::string& url,
                            const std::string& language, const std::string& search_target);
// CollectionPage (a section, tag, author or archive list).
std::string collection_json_ld(const std::string& name, const std::string& url,
                               const std::string& description, const std::string& language,
                               const JsonParty& is_part_of);

// Escapes & < > " ' for XML text and attribute values, and drops characters XML 1.0 forbids
// (control characters other than tab, newline and return).
std::string escape_xml(std::string_view text);

// A static file of the theme, served from memory.
struct Asset {
  std::string content;
  std::string content_type;
  std::string fingerprint;  // first 12 hex digits of the content's hash, for cache busting
};

// The Mustache templates and static files of a theme.
class Theme {
 public:
  // The built-in default theme, with any file present in `dir` taking the place of its own.
  // Fails with kInvalid naming the template that does not parse.
  static core::Result<std::shared_ptr<const Theme>> load(
      const std::optional<std::filesystem::path>& dir);
  ~Theme();

  std::string home(const HomeView& v) const;
  std::string article(const ArticleView& v) const;
  std::string list(const ListView& v) const;
  std::string author(const AuthorView& v) const;
  std::string static_page(const PageView& v) const;
  std::string archive_index(const ArchiveIndexView& v) const;
  std::string search(const SearchView& v) const;
  std::string not_found(const Frame& f) const;

  // The asset at `name` ("style.css"), or nullptr.
  const Asset* asset(std::string_view name) const;
  // "/static/style.css?v=<fingerprint>".
  std::string asset_href(std::string_view name) const;

  struct Impl;

 private:
  explicit Theme(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Labels of the theme in one language: "Your Comment", "Related articles", "(photo: X)".
// Fails with kInvalid for a language the theme does not speak.
core::Result<void> check_language(std::string_view language);

struct MarkdownOptions {
  std::string language = "vi";  // for the credit label of figures
  std::string media_url_prefix = "/media/";
  // Resolves the image target "media:<id>" to a library entry.
  std::function<std::optional<core::Media>(core::Id)> lookup_media;
  // For a WordPress export: an image as a bare <figure><img src alt></figure> with the caption
  // its text gave it ("caption | credit", as written) and none of the library's own words or
  // variants, so that importing the HTML gives back the same Markdown.
  bool is_for_export = false;
};

// CommonMark + GFM tables, strikethrough and autolinks, made safe: raw HTML in the source is
// shown as text, links and images with unsafe targets (javascript:, data:, …) lose their target,
// and an image alone in its paragraph becomes a <figure> with caption and credit. The image
// title "Caption | Credit" supplies both; a media: target takes them from the library.
std::string markdown_to_html(std::string_view markdown, const MarkdownOptions& options);

// The name of `language` written in `in_language`: ("en", "vi") → "Vietnamese", ("vi", "en") →
// "tiếng Anh". The code itself for a pair the theme does not know.
std::string language_name(std::string_view in_language, std::string_view language);
// The language's name in itself, for edition switchers: "Tiếng Việt", "English".
std::string language_autonym(std::string_view language);

// A reader's comment as HTML: escaped text in paragraphs (blank lines separate them, single
// newlines become <br>), with http(s) and www. addresses as links marked
// rel="nofollow ugc noopener". Never HTML from the text itself.
std::string comment_to_html(std::string_view text);

// One bar of a chart: its short label under the axis ("29/11"), the title a pointer or a
// screen reader gets ("Sunday 29/11/2026"), and its value (not negative).
struct ChartBar {
  std::string label;
  std::string title;
  std::int64_t value = 0;
};

// A bar chart, one bar per point in order, labelled under every `label_every`-th bar counted
// from the last.
struct BarChart {
  std::string title;  // the chart's accessible name
  std::vector<ChartBar> bars;
  int label_every = 7;
};

// The chart as an inline SVG (class "chart", role img, each bar with its title), scaled to its
// box; the axis reads 0, half and a round top. Texts are escaped.
std::string bar_chart_svg(const BarChart& chart);

// 1234567 → "1,234,567".
std::string grouped_number(std::int64_t n);

// Escapes & < > " ' for HTML text and attribute values.
std::string escape_html(std::string_view text);
// True for relative URLs and http, https, mailto and tel.
bool is_safe_url(std::string_view url);

}  // namespace tapchi::render
