#include <string>

#include <fmt/format.h>

#include "render/render.h"

namespace tapchi::render {

namespace {

// `text` without the characters XML 1.0 forbids.
std::string escape_xml_cdata(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
      out += c;
    }
  }
  return out;
}

// "<name>text</name>" with the text escaped; nothing when it is empty.
std::string element(std::string_view name, std::string_view text) {
  if (text.empty()) {
    return {};
  }
  return fmt::format("<{0}>{1}</{0}>", name, escape_xml(text));
}

// CDATA cannot hold "]]>": such a run is split over two sections.
std::string cdata(std::string_view text) {
  std::string out = "<![CDATA[";
  for (std::size_t at = 0;;) {
    const auto end = text.find("]]>", at);
    if (end == std::string_view::npos) {
      out += escape_xml_cdata(text.substr(at));
      break;
    }
    out += escape_xml_cdata(text.substr(at, end - at + 2));
    out += "]]><![CDATA[";
    at = end + 2;
  }
  return out + "]]>";
}

}  // namespace

std::string escape_xml(std::string_view text) {
  return escape_html(escape_xml_cdata(text));  // &#39; for ' is XML too
}

std::string rss(const Feed& f) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:media=\"http://search.yahoo.com/mrss/\">\n<channel>\n";
  out += element("title", f.title) + "\n";
  out += element("link", f.site_url) + "\n";
  out += element("description", f.subtitle.empty() ? f.title : f.subtitle) + "\n";
  out += element("language", f.language) + "\n";
  out += element("lastBuildDate", f.updated_rfc822) + "\n";
  out += "<generator>tapchi</generator>\n";
  out += fmt::format("<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
                     escape_xml(f.rss_url));
  if (!f.icon_url.empty()) {
    out += "<image>" + element("url", f.icon_url) + element("title", f.title) +
           element("link", f.site_url) + "</image>\n";
  }
  for (const FeedEntry& e : f.entries) {
    out += "<item>\n";
    out += element("title", e.title) + "\n";
    out += element("link", e.url) + "\n";
    out += fmt::format("<guid isPermaLink=\"false\">{}</guid>\n", escape_xml(e.id));
    out += element("pubDate", e.published_rfc822) + "\n";
    for (const std::string& a : e.authors) {
      out += element("dc:creator", a) + "\n";
    }
    for (const std::string& c : e.categories) {
      out += element("category", c) + "\n";
    }
    out += element("description", e.summary) + "\n";
    out += "<content:encoded>" + cdata(e.content_html) + "</content:encoded>\n";
    if (e.image) {
      out += fmt::format("<enclosure url=\"{}\" length=\"{}\" type=\"{}\"/>\n",
                         escape_xml(e.image->url), e.image->bytes, escape_xml(e.image->type));
      out += fmt::format(
          "<media:content url=\"{}\" medium=\"image\" type=\"{}\" width=\"{}\" height=\"{}\"/>\n",
          escape_xml(e.image->url), escape_xml(e.image->type), e.image->width, e.image->height);
    }
    out += "</item>\n";
  }
  return out + "</channel>\n</rss>\n";
}

std::string atom(const Feed& f) {
  std::string out = fmt::format(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
      escape_xml(f.language));
  out += element("id", f.atom_url) + "\n";
  out += element("title", f.title) + "\n";
  out += element("subtitle", f.subtitle) + "\n";
  out += element("updated", f.updated_rfc3339) + "\n";
  out += fmt::format("<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
                     escape_xml(f.atom_url));
  out += fmt::format("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                     escape_xml(f.site_url));
  out += "<generator>tapchi</generator>\n";
  out += element("icon", f.icon_url) + "\n";
  for (const FeedEntry& e : f.entries) {
    out += "<entry>\n";
    out += element("id", e.id) + "\n";
    out += element("title", e.title) + "\n";
    out += fmt::format("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                       escape_xml(e.url));
    out += element("published", e.published_rfc3339) + "\n";
    out += element("updated", e.updated_rfc3339.empty() ? e.published_rfc3339 : e.updated_rfc3339) +
           "\n";
    for (const std::string& a : e.authors) {
      out += "<author>" + element("name", a) + "</author>\n";
    }
    if (e.authors.empty()) {
      out += "<author>" + element("name", f.title) + "</author>\n";
    }
    for (const std::string& c : e.categories) {
      out += fmt::format("<category term=\"{}\"/>\n", escape_xml(c));
    }
    out += element("summary", e.summary) + "\n";
    out += "<content type=\"html\">" + escape_xml(e.content_html) + "</content>\n";
    if (e.image) {
      out += fmt::format("<link rel=\"enclosure\" type=\"{}\" length=\"{}\" href=\"{}\"/>\n",
                         escape_xml(e.image->type), e.image->bytes, escape_xml(e.image->url));
    }
    out += "</entry>\n";
  }
  return out + "</feed>\n";
}

std::string sitemap(const std::vector<SitemapUrl>& urls) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\" "
      "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
  for (const SitemapUrl& u : urls) {
    out += "<url>" + element("loc", u.loc) + element("lastmod", u.lastmod);
    for (const Alternate& a : u.alternates) {
      out += fmt::format("<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                         escape_xml(a.language), escape_xml(a.href));
    }
    for (const std::string& image : u.images) {
      out += "<image:image>" + element("image:loc", image) + "</image:image>";
    }
    out += "</url>\n";
  }
  return out + "</urlset>\n";
}

std::string sitemap_index(const std::vector<std::pair<std::string, std::string>>& sitemaps) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& [loc, lastmod] : sitemaps) {
    out += "<sitemap>" + element("loc", loc) + element("lastmod", lastmod) + "</sitemap>\n";
  }
  return out + "</sitemapindex>\n";
}

std::string news_sitemap(const std::vector<NewsUrl>& urls) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n";
  for (const NewsUrl& u : urls) {
    out += "<url>" + element("loc", u.loc) + "<news:news><news:publication>" +
           element("news:name", u.publication_name) + element("news:language", u.language) +
           "</news:publication>" + element("news:publication_date", u.published_rfc3339) +
           element("news:title", u.title) + "</news:news></url>\n";
  }
  return out + "</urlset>\n";
}

}  // namespace tapchi::render
