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

// Appends `text` escaped for XML, without the characters XML 1.0 forbids.
void append_xml(std::string& out, std::string_view text) {
  std::size_t plain = 0;  // where the run of characters copied as they are begins
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    std::string_view entity;
    switch (c) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      case '\'':
        entity = "&#39;";  // HTML's escape, and XML's too
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
          continue;
        }
    }
    out.append(text.substr(plain, i - plain));
    out.append(entity);
    plain = i + 1;
  }
  out.append(text.substr(plain));
}

// Appends "<name>text</name>" with the text escaped; nothing when it is empty.
void append_element(std::string& out, std::string_view name, std::string_view text) {
  if (text.empty()) {
    return;
  }
  out += '<';
  out += name;
  out += '>';
  append_xml(out, text);
  out += "</";
  out += name;
  out += '>';
}

std::string element(std::string_view name, std::string_view text) {
  std::string out;
  append_element(out, name, text);
  return out;
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
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  append_xml(out, text);
  return out;
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
  out += "</channel>\n</rss>\n";
  return out;
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
  out += "</feed>\n";
  return out;
}

std::string sitemap(const std::vector<SitemapUrl>& urls) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\" "
      "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
  std::size_t size = out.size() + 16;
  for (const SitemapUrl& u : urls) {  // the markup around each value, and the values
    size += 50 + u.loc.size() + u.lastmod.size();
    for (const Alternate& a : u.alternates) {
      size += 50 + a.language.size() + a.href.size();
    }
    for (const std::string& image : u.images) {
      size += 50 + image.size();
    }
  }
  out.reserve(size + size / 16);  // room for a few escapes
  for (const SitemapUrl& u : urls) {
    out += "<url>";
    append_element(out, "loc", u.loc);
    append_element(out, "lastmod", u.lastmod);
    for (const Alternate& a : u.alternates) {
      out += "<xhtml:link rel=\"alternate\" hreflang=\"";
      append_xml(out, a.language);
      out += "\" href=\"";
      append_xml(out, a.href);
      out += "\"/>";
    }
    for (const std::string& image : u.images) {
      out += "<image:image>";
      append_element(out, "image:loc", image);
      out += "</image:image>";
    }
    out += "</url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string sitemap_index(const std::vector<std::pair<std::string, std::string>>& sitemaps) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& [loc, lastmod] : sitemaps) {
    out += "<sitemap>";
    append_element(out, "loc", loc);
    append_element(out, "lastmod", lastmod);
    out += "</sitemap>\n";
  }
  out += "</sitemapindex>\n";
  return out;
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
  out += "</urlset>\n";
  return out;
}

}  // namespace tapchi::render
