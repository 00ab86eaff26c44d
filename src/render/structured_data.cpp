#include <string>

#include <nlohmann/json.hpp>

#include "render/render.h"

namespace tapchi::render {

namespace {

using nlohmann::json;

// The JSON text with '<', '>' and '&' as \u escapes: they can only stand inside strings, where
// the escape means the same character, and none can then close the <script> element.
std::string script_safe(const json& j) {
  const std::string text = j.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

json image_json(const JsonImage& i) {
  json j = {{"@type", "ImageObject"}, {"url", i.url}};
  if (i.width > 0 && i.height > 0) {
    j["width"] = i.width;
    j["height"] = i.height;
  }
  return j;
}

json party_json(const JsonParty& p, std::string_view type) {
  json j = {{"@type", type}, {"name", p.name}};
  if (!p.url.empty()) {
    j["url"] = p.url;
  }
  if (!p.job_title.empty()) {
    j["jobTitle"] = p.job_title;
  }
  if (p.logo) {
    j["logo"] = image_json(*p.logo);
  }
  return j;
}

}  // namespace

std::string news_article_json_ld(const NewsArticleData& a) {
  json j = {{"@context", "https://schema.org"},
            {"@type", "NewsArticle"},
            {"mainEntityOfPage", {{"@type", "WebPage"}, {"@id", a.url}}},
            {"url", a.url},
            {"headline", a.headline},
            {"datePublished", a.published_rfc3339},
            {"dateModified", a.modified_rfc3339.empty() ? a.published_rfc3339 : a.modified_rfc3339},
            {"inLanguage", a.language},
            {"publisher", party_json(a.publisher, "Organization")},
            {"isPartOf", party_json(a.is_part_of, "WebSite")},
            {"commentCount", a.comment_count}};
  if (!a.description.empty()) {
    j["description"] = a.description;
  }
  if (!a.images.empty()) {
    json images = json::array();
    for (const JsonImage& i : a.images) {
      images.push_back(image_json(i));
    }
    j["image"] = images;
  }
  json authors = json::array();
  for (const JsonParty& p : a.authors) {
    authors.push_back(party_json(p, "Person"));
  }
  j["author"] = authors.empty() ? json::array({party_json(a.publisher, "Organization")}) : authors;
  if (!a.section.empty()) {
    j["articleSection"] = a.section;
  }
  if (!a.keywords.empty()) {
    j["keywords"] = a.keywords;
  }
  return script_safe(j);
}

std::string breadcrumb_json_ld(const std::vector<Link>& trail) {
  json items = json::array();
  int position = 1;
  for (const Link& l : trail) {
    items.push_back(
        {{"@type", "ListItem"}, {"position", position++}, {"name", l.label}, {"item", l.href}});
  }
  return script_safe({{"@context", "https://schema.org"},
                      {"@type", "BreadcrumbList"},
                      {"itemListElement", items}});
}

std::string website_json_ld(const std::string& name, const std::string& url,
                            const std::string& language, const std::string& search_target) {
  return script_safe({{"@context", "https://schema.org"},
                      {"@type", "WebSite"},
                      {"name", name},
                      {"url", url},
                      {"inLanguage", language},
                      {"potentialAction",
                       {{"@type", "SearchAction"},
                        {"target", {{"@type", "EntryPoint"}, {"urlTemplate", search_target}}},
                        {"query-input", "required name=search_term_string"}}}});
}

std::string collection_json_ld(const std::string& name, const std::string& url,
                               const std::string& description, const std::string& language,
                               const JsonParty& is_part_of) {
  json j = {{"@context", "https://schema.org"},
            {"@type", "CollectionPage"},
            {"name", name},
            {"url", url},
            {"inLanguage", language},
            {"isPartOf", party_json(is_part_of, "WebSite")}};
  if (!description.empty()) {
    j["description"] = description;
  }
  return script_safe(j);
}

}  // namespace tapchi::render
